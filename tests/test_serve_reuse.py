"""Under `mkdocs serve --dirty`, a generated page whose Markdown is unchanged but for its HTML
blocks is not converted again (`converted.py`): the rebuilt site is still, page for page, the
site a clean `mkdocs build` of the same files writes, after an addition, an edit and a deletion
that move other agents' related agents and counts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, make_project, mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

COLLECTION = CORPUS / "0xfurai__claude-code-subagents"

pytestmark = pytest.mark.skipif(
    not COLLECTION.is_dir(), reason=f"the shared corpus is not at {CORPUS} (CI places it there)"
)


def _save(path: Path, text: str) -> None:
    """Written as an editor saves it, its modification time moved past the last build's."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _rebuild(project: Path, site: Path):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    build(config, dirty=True)
    return config.plugins["agent-catalog"]


def _pages(site: Path) -> dict[str, bytes]:
    """Every file of the site (pages, `agents.json`, `llms.txt`, raw copies, search index)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _same_as_clean(project: Path, site: Path, tmp: Path) -> None:
    clean = tmp / "clean"
    if clean.exists():
        shutil.rmtree(clean)
    mkdocs_build(project, "-d", str(clean))
    served, built = _pages(site), _pages(clean)
    assert sorted(served) == sorted(built)
    differ = [name for name in built if served[name] != built[name]]
    assert differ == []


def test_pages_changed_only_in_their_blocks_are_reused_and_equal_a_clean_build(
    tmp_path, monkeypatch
):
    files = sorted(f for f in COLLECTION.rglob("*.md") if f.name.lower() != "readme.md")[:24]
    agents = {f.name: f.read_text(encoding="utf-8") for f in files}
    project = make_project(
        tmp_path / "p", agents, plugin_config="sources: [agents]\nsearch: material"
    )
    site = tmp_path / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        plugin = _rebuild(project, site)
        assert plugin.converted.reused == 0  # the first build converts every page
        # the catalog table's rows were sanitised one by one (`table_rows.py`), and kept
        assert set(plugin.table_rows.kept) == plugin.catalog_pages
        assert all(len(rows) == 24 for rows in plugin.table_rows.kept.values())

        # an addition: other agents' related agents and the catalog's counts move
        first = files[0].read_text(encoding="utf-8")
        _save(
            project / "agents" / "zz-added.md",
            first.replace("name: ", "name: zz-added\nx-was: ", 1),
        )
        converted = []
        render = Page.render
        monkeypatch.setattr(
            Page, "render", lambda page, *a: converted.append(page.file.src_uri) or render(page, *a)
        )
        plugin = _rebuild(project, site)
        monkeypatch.undo()
        assert plugin.converted.reused > 1
        assert "agents/zz-added.md" not in plugin.converted.reusing
        # a reused page is not handed to MkDocs' conversion (`converted._skip_render`):
        # the changed pages are, but those reused, and the docs' home page with its count
        assert set(converted) <= plugin.changes.pages | {"index.md"}
        assert len(set(converted)) == len(plugin.changes.pages) - plugin.converted.reused + 1
        _same_as_clean(project, site, tmp_path)

        # an edit of one prompt: its own page converted again, the pages around it reused
        edited = project / "agents" / files[3].name
        _save(edited, edited.read_text(encoding="utf-8") + "\n## Added heading\n\nMore.\n")
        plugin = _rebuild(project, site)
        _same_as_clean(project, site, tmp_path)
        assert plugin.table_rows.sanitized == 1  # the edited agent's row, the others kept
        page = (site / "agents").glob("*/index.html")
        assert any("Added heading" in p.read_text(encoding="utf-8") for p in page)

        # a deletion
        (project / "agents" / files[5].name).unlink()
        plugin = _rebuild(project, site)
        _same_as_clean(project, site, tmp_path)
    finally:
        config.plugins.on_shutdown()
