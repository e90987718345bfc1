"""Every host publishes the same catalog: the plugin and `build-pages` write the same files.

The story: a team moves from Material for MkDocs (the plugin) to a host that runs no MkDocs
plugins, and runs `build-pages` instead. Every page's Markdown, `agents.json`, its schema,
`llms.txt`, every raw file and the catalog's stylesheet and script must be byte for byte the
ones the plugin published, for the seed catalog and for a sample of the real corpus (under a
prefix, with a site URL and `.html` URLs). The plugin's pages carry their finished HTML blocks
between markers (`site/html_blocks.py`, which the hook records with the nonce as `NONCE`);
`build-pages` writes the same blocks inlined as raw HTML, so the plugin's pages are compared
with their blocks inlined.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from agent_catalog.site import html_blocks
from conftest import CORPUS, build_pages
from golden_sites import corpus_project, seed_project

CASES = {"seeds": seed_project, "corpus-sample": corpus_project}


def _inlined(markdown: bytes) -> bytes:
    """A page the hook recorded, with its HTML blocks inlined as `build-pages` writes them."""
    nonce = html_blocks.NONCE.encode()
    text = markdown.replace(b"ac-html-NONCE-->", b"ac-html-" + nonce + b"-->").decode("utf-8")
    return html_blocks.inline(text).encode("utf-8")


def _files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("name", CASES)
def test_build_pages_writes_what_the_plugin_publishes(tmp_path, name, monkeypatch):
    if name == "corpus-sample" and not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus here")
    project = CASES[name](tmp_path / name)
    markdown = project / "generated-markdown"
    monkeypatch.setenv("GOLDEN_MARKDOWN_DIR", str(markdown))
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = tmp_path / "written"
    shutil.copytree(project / "docs", out)  # the same docs: the same home-page decision
    own = set(_files(out))
    written = build_pages(out, "--config", str(project / "mkdocs.yml"))
    assert written.returncode == 0, written.stderr[-3000:]
    by_host = {k: v for k, v in _files(out).items() if k not in own}
    site = project / "site"
    plugin = {k: _inlined(v) for k, v in _files(markdown).items()}
    for rel in ("agents.json", "agents.schema.json", "llms.txt"):
        plugin[rel] = (site / rel).read_bytes()
    plugin |= {f"raw/{k}": v for k, v in _files(site / "raw").items()}
    plugin |= {
        f"assets/agent-catalog/{k}": v for k, v in _files(site / "assets" / "agent-catalog").items()
    }
    # the plugin also keeps each Markdown copy at its earlier address (raw_files.legacy): the
    # same bytes as the `.txt` copy; build-pages never writes those (a host would render them)
    legacy = [k for k in plugin if k.startswith("raw/") and k + ".txt" in plugin]
    assert all(plugin[k] == plugin[k + ".txt"] for k in legacy)
    assert legacy or name == "seeds", "the corpus sample has Markdown sources"
    assert not any(k.startswith("raw/") and k.endswith(".md") for k in by_host)
    for k in legacy:
        del plugin[k]
    assert len(plugin) > 20 and any(k.startswith("raw/") for k in plugin)
    assert sorted(by_host) == sorted(plugin), "the same files"
    differ = [k for k in plugin if plugin[k] != by_host[k]]
    assert differ == [], "byte for byte"
