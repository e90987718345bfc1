"""Shared test helpers: real `mkdocs build` runs in temporary projects, HTML read with a parser.

The package under test is imported from this checkout's `plugins/` (also for the `mkdocs`
subprocesses), so a worktree tests its own code even when another checkout is pip-installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
PLUGINS = REPO / "plugins"
SEEDS = REPO / "seeds"
CORPUS = REPO.parent / "shared" / "corpus"

sys.path.insert(0, str(PLUGINS))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(PLUGINS)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
)
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# One Chromium (and one Playwright) for the whole run, for every test that drives a browser:
# a second sync Playwright started while one is alive fails. Defined in tests/browser/chromium.py.
from browser.chromium import chromium, tab  # noqa: E402, F401

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def mkdocs_build(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build` on a project folder; return the finished process."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), *args],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=600,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc


def make_project(
    root: Path,
    agents: dict[str, str | bytes] | None = None,
    plugin_config: str = "sources: [agents]",
    extra: str = "",
    copy_seeds: bool = False,
) -> Path:
    """A minimal MkDocs + Material project with an agents folder; returns its folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nA test catalog.\n", encoding="utf-8")
    folder = root / "agents"
    folder.mkdir(exist_ok=True)
    if copy_seeds:
        for f in SEED_FILES:
            shutil.copy(f, folder / f.name)
    for name, content in (agents or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    plugin_lines = textwrap.indent(textwrap.dedent(plugin_config).strip(), " " * 6)
    (root / "mkdocs.yml").write_text(
        "site_name: Test catalog\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - agent-catalog:\n" + plugin_lines + "\n" + extra,
        encoding="utf-8",
    )
    return root


def build_pages(out: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the real `agent-catalog build-pages OUT ...` from the repository's folder."""
    return subprocess.run(
        [sys.executable, "-m", "agent_catalog", "build-pages", str(out), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )


def plain_host_project(
    root: Path, agents: dict[str, str], head: str = "site_name: Host\ntheme:\n  name: material\n"
) -> subprocess.CompletedProcess:
    """A project for a host that runs no plugins: `agents/` and a docs home page, the real
    `build-pages docs --source agents` run in it, and a `mkdocs.yml` of `head` plus the lines
    the command printed. Returns the command's process (the host build is the caller's)."""
    (root / "agents").mkdir(parents=True)
    for name, text in agents.items():
        (root / "agents" / name).write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "agent_catalog", "build-pages", "docs", "--source", "agents"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    config = proc.stdout.split("add to mkdocs.yml:", 1)[1]
    (root / "mkdocs.yml").write_text(head + config, encoding="utf-8")
    return proc


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def agents_by_name(site: Path) -> dict[str, dict]:
    """A built site's `agents.json`, checked against its published schema, by agent name."""
    import jsonschema

    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(load_json(site / "agents.schema.json")).validate(doc)
    return {a["name"]: a for a in doc["agents"]}


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The repository's own seed catalog, built once with its own mkdocs.yml."""
    out = tmp_path_factory.mktemp("seed-site") / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


def build_fixture_site(tmp_path_factory, fixture: Path, sources: str) -> Path:
    """A copy of one of our own fixture folders (`tests/fixtures/...`), built as a project
    whose plugin reads `sources` (YAML, e.g. `[.claude/agents]`); returns its `site/`."""
    root = tmp_path_factory.mktemp(fixture.name)
    shutil.copytree(fixture, root, dirs_exist_ok=True)
    make_project(root, plugin_config=f"sources: {sources}")
    mkdocs_build(root)
    return root / "site"


def field_rows(article) -> dict[str, str]:
    """An agent page's Field | Value table as label -> text."""
    table = next(t for t in article.find_all("table") if t.find("th", string="Field"))
    cells = [tr.find_all("td") for tr in table.find("tbody").find_all("tr")]
    return {c[0].get_text(" ", strip=True): c[1].get_text(" ", strip=True) for c in cells}
