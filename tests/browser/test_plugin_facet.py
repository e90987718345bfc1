"""The plugin facet in real Chromium: the skills table filtered by plugin (issue 16's "done
when"), the agents table and the commands table by the same facet, the plugin page's link to
its view, and its copy buttons copying exactly the install command they show (the hostile
project of test_security_plugins included: no dialog, no command but the checked names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_fixture_site, mkdocs_build
from test_security_plugins import COMMAND, hostile_project

from .link_check import broken_links
from .site_servers import serve_site

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "plugins"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with serve_site(build_fixture_site(tmp_path_factory, FIXTURE, "[.]")) as served:
        yield served


def names(rows) -> list[str]:
    return sorted(rows.nth(i).locator("a").first.inner_text() for i in range(rows.count()))


def test_the_skills_table_filters_by_plugin(tab, site):
    tab.goto(site.url + "skills/")
    visible = tab.page.locator("article table").first.locator("tbody tr:visible")
    assert names(visible) == ["checklist", "present"]
    facet = tab.page.locator('select[data-facet="plugin"]')
    assert facet.locator("option").all_inner_texts() == [
        "Plugin: all", "paths (1)", "review (1)",
    ]  # fmt: skip
    facet.select_option("review")
    assert names(visible) == ["checklist"]
    assert "plugin=review" in tab.page.url
    tab.screenshot("skills-plugin-review")
    facet.select_option("paths")
    assert names(visible) == ["present"]
    # a shared address shows the same view
    tab.goto(site.url)
    tab.goto(site.url + "skills/#plugin=review")
    assert names(visible) == ["checklist"]
    assert tab.page.locator(".ac-count").inner_text() == "1 of 2 skills"


def test_the_agents_and_commands_tables_filter_by_the_same_facet(tab, site):
    tab.goto(site.url + "plugins/review/")
    tab.page.locator("article a", has_text="Its agents in the catalog table").click()
    tab.page.wait_for_url("**/agents/#plugin=review")
    visible = tab.page.locator("article table").first.locator("tbody tr:visible")
    assert names(visible) == ["reviewer"]
    assert tab.page.locator('select[data-facet="plugin"]').input_value() == "review"
    tab.goto(site.url)  # a new document: the hash is read on load
    tab.goto(site.url + "agents/#plugin=nomanifest")
    assert names(visible) == ["helper"]
    tab.goto(site.url + "commands/#plugin=review")
    rows = tab.page.locator("article table").first.locator("tbody tr:visible")
    assert rows.count() == 1 and "/review" in rows.first.inner_text()


def _copied(chromium, url: str, shot: str | None = None) -> list[tuple[str, str]]:
    """(shown, copied) for every catalog copy button on the page at `url`."""
    origin = "/".join(url.split("/")[:3])
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    out = []
    try:
        page.goto(url, wait_until="load")
        blocks = page.locator("article .ac-install")
        for i in range(blocks.count()):
            block = blocks.nth(i)
            shown = block.locator("pre.ac-command").inner_text()
            page.evaluate("navigator.clipboard.writeText('')")
            block.locator("button.ac-copy").click()
            page.wait_for_function("document.activeElement && true")
            page.wait_for_timeout(150)
            out.append((shown, page.evaluate("navigator.clipboard.readText()")))
        if shot:
            page.screenshot(path=shot, full_page=True)
    finally:
        context.close()
    assert dialogs == []
    return out


def test_the_copy_buttons_copy_exactly_the_command_shown(chromium, site):
    pairs = _copied(chromium, site.url + "plugins/review/")
    assert pairs == [
        ("/plugin marketplace add example/fixture-market",) * 2,
        ("/plugin install review@fixture-market",) * 2,
    ]


def test_hostile_manifests_in_chromium(chromium, tab, tmp_path):
    root = hostile_project(tmp_path / "hostile")
    mkdocs_build(root)
    with serve_site(root / "site") as served:
        for page in sorted((root / "site" / "plugins").rglob("index.html")):
            rel = page.parent.relative_to(root / "site").as_posix()
            for shown, copied in _copied(chromium, served.url + rel + "/"):
                assert shown == copied and COMMAND.fullmatch(copied), (rel, shown, copied)
        tab.goto(served.url + "plugins/xss/")
        assert tab.page.evaluate("typeof window.alert") == "function"
        assert "<script>alert(1)</script>" in tab.page.locator("article").inner_text()
        tab.goto(served.url)
        tab.goto(served.url + "agents/#plugin=xss%3Cimg%20src%3Dx%20onerror%3Dalert(8)%3E")
        # a value no row has is no filter (the select keeps "all"); nothing runs
        assert tab.page.locator("article table tbody tr:visible").count() == 1
        assert tab.page.locator('select[data-facet="plugin"]').input_value() == ""
        # leave before the server stops, or the page's pending search request fails as an error
        tab.page.goto("about:blank")


def test_no_broken_link_or_empty_view_on_the_plugins_site(site):
    broken, checked = broken_links(site.root, site.url)
    assert broken == [], "\n".join(map(str, broken))
    assert checked > 100
