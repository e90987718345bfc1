"""A repository with agents and no docs page of its own, published on GitHub Pages: its address
answers with the catalog (not a 404), the table sorts and filters there as on `agents/`, and the
old addresses (`agents/`, `agents/#tool=...`) still work. Chromium, under a project-pages
subpath, every console error or failed request failing the test (the `tab` fixture)."""

from __future__ import annotations

import re

import pytest
from conftest import make_project, mkdocs_build

from .site_servers import serve_site

pytestmark = pytest.mark.browser

AGENTS = {
    "code-reviewer.md": (
        "---\nname: code-reviewer\ndescription: Reviews a change for bugs.\n"
        "tools: Read, Grep\n---\nRead the diff.\n"
    ),
    "shell-runner.md": (
        "---\nname: shell-runner\ndescription: Runs the build and reads its output.\n"
        "tools: Bash, Read\n---\nRun it.\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("catalog-home") / "p", agents=AGENTS)
    (project / "docs" / "index.md").unlink()
    mkdocs_build(project, "--strict")
    with serve_site(project / "site", "/our-repo/") as served:
        yield served


def test_the_pages_address_is_the_catalog_and_filters_there(tab, site):
    tab.goto(site.url)
    assert tab.page.locator("article h1").inner_text().strip() == "Test catalog"
    rows = tab.page.locator("article table tbody tr:visible")
    assert rows.count() == 2
    tab.page.get_by_placeholder(re.compile("filter", re.I)).fill("shell")
    assert rows.count() == 1
    assert "q=shell" in tab.page.url and tab.page.url.startswith(site.url + "#")
    tab.screenshot("catalog-as-home-filtered")
    rows.first.locator("a").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == site.url + "agents/shell-runner/"
    assert site.missing() == []


def test_the_old_catalog_address_and_its_views_still_work(tab, site):
    tab.goto(site.url + "agents/#tool=Bash")
    rows = tab.page.locator("article table tbody tr:visible")
    assert rows.count() == 1
    assert rows.first.locator("a").first.inner_text() == "shell-runner"
    assert site.missing() == []
