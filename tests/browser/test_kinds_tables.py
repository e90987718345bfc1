"""The skills and commands tables in real Chromium: the same script as the agents table sorts
and filters them, counts what they hold ("3 of 6 skills"), and keeps the view in the address."""

from __future__ import annotations

import pytest

from .fixture_sites import row_names as names
from .fixture_sites import served_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_fixture(
        tmp_path_factory, "kinds", "sources: [.claude, plugins]\nsearch: material"
    ) as served:
        yield served


def test_the_skills_table_filters_by_text_and_allowed_tool(tab, site):
    tab.goto(site.url + "skills/")
    visible = tab.page.locator("article table tbody tr:visible")
    count = tab.page.locator(".ac-count")
    assert visible.count() == 6 and count.inner_text() == "6 of 6 skills"
    assert tab.page.locator("input.ac-filter").get_attribute("placeholder") == "Filter skills…"
    tool = tab.page.locator('select[data-facet="tool"]')
    assert tool.locator("option").all_inner_texts() == ["Tool: all", "Grep (1)", "Read (1)"]
    tool.select_option("Grep")
    assert names(visible) == ["api-conventions"] and "tool=Grep" in tab.page.url
    tab.page.locator("button.ac-reset").click()
    tab.page.fill("input.ac-filter", "release")
    assert names(visible) == ["Release Notes Writer"]
    assert count.inner_text() == "1 of 6 skills"
    tab.screenshot("skills-table-filtered")


def test_the_skills_table_sorts_by_size_and_a_shared_view_opens_as_it_was(tab, site):
    tab.goto(site.url + "skills/")
    table = tab.page.locator("article table").first
    table.locator("thead th", has_text="Lines").click()
    assert names(table.locator("tbody tr:visible"))[0] == "long-skill"
    tab.goto(site.url)  # a fresh load: a hash change alone is no navigation
    tab.goto(site.url + "skills/#plugin=lint-kit")
    assert names(table.locator("tbody tr:visible")) == ["lint-rules"]


def test_the_commands_table_counts_commands(tab, site):
    tab.goto(site.url + "commands/")
    assert tab.page.locator(".ac-count").inner_text() == "4 of 4 commands"
    tab.page.fill("input.ac-filter", "deploy")
    rows = tab.page.locator("article table tbody tr:visible")
    assert names(rows) == ["/deploy"]
    rows.first.locator("a").first.click()
    tab.page.wait_for_url("**/commands/deploy/")
    assert tab.page.locator("article h1").inner_text() == "/deploy"
