"""The projects the golden tests build, and the digest of everything a build publishes.

A digest maps each output (the generated Markdown of every page, and every file of the built
site: HTML, `agents.json`, `agents.schema.json`, `llms.txt`, `raw/`, assets, search index) to the
SHA-256 of its bytes. Only digests are stored in the repository (`tests/golden/*.json`): the
corpus's text stays in `../shared/corpus`, read in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from conftest import CORPUS, SEED_FILES, mkdocs_build

HOOK = Path(__file__).with_name("golden_hook.py")
GOLDEN = Path(__file__).with_name("golden")
UNSTABLE = {"sitemap.xml", "sitemap.xml.gz"}
"""Carry the build date."""

CORPUS_EVERY = 45
"""The corpus sample: every 45th agent file in path order (about 40 files, every collection)."""


def corpus_sample() -> list[str]:
    files = sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file()
        and p.suffix in (".md", ".mdc", ".toml")
        and p.name not in ("README.md", "FINDINGS.md")
        and p.parent != CORPUS
    )
    return files[::CORPUS_EVERY]


def seed_project(root: Path) -> Path:
    """The seed catalog with the default options."""
    (root / "agents").mkdir(parents=True)
    for f in SEED_FILES:
        shutil.copy(f, root / "agents" / f.name)
    return _project(root, "sources: [agents]\ninclude: ['*.txt']", "")


def corpus_project(root: Path) -> Path:
    """A corpus sample under a prefix, with a site URL and `.html` URLs: the other URL rules."""
    root.mkdir(parents=True)
    # the sample, copied into the build's temporary folder for this build only (a link to the
    # corpus would be a source leaving the project through a link, which is refused)
    for rel in corpus_sample():
        (root / "corpus" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CORPUS / rel, root / "corpus" / rel)
    sources = "".join(f"\n  - corpus/{s}" for s in corpus_sample())
    return _project(
        root,
        f"prefix: catalog\nsources:{sources}",
        "site_url: https://agents.example.org/docs/\nuse_directory_urls: false\n",
    )


def _project(root: Path, plugin_config: str, extra: str) -> Path:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nA golden catalog.\n", encoding="utf-8")
    plugin = "".join(f"      {line}\n" for line in plugin_config.splitlines())
    (root / "mkdocs.yml").write_text(
        "site_name: Golden catalog\nsite_description: Agents for the golden tests.\n"
        + extra
        + "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - agent-catalog:\n" + plugin + f"hooks:\n  - {HOOK}\n",
        encoding="utf-8",
    )
    return root


def digest(project: Path) -> dict[str, str]:
    """Build `project` with the plugin; the SHA-256 of every generated page and built file."""
    markdown = project / "generated-markdown"
    os.environ["GOLDEN_MARKDOWN_DIR"] = str(markdown)
    try:
        mkdocs_build(project)
    finally:
        del os.environ["GOLDEN_MARKDOWN_DIR"]
    out: dict[str, str] = {}
    for prefix, folder in (("markdown", markdown), ("site", project / "site")):
        for p in sorted(folder.rglob("*")):
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and rel not in UNSTABLE:
                out[f"{prefix}/{rel}"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
