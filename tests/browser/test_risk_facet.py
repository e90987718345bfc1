"""The catalog table's Reach facet, in real Chromium: choosing a level shows only the agents
with that reach, the address keeps the view, and the column sorts widest first."""

from __future__ import annotations

import pytest

from .fixture_sites import row_names as names
from .fixture_sites import served_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_fixture(tmp_path_factory, "risk", "sources: [.claude/agents]") as served:
        yield served


def test_the_reach_facet_filters_the_table(tab, site):
    tab.goto(site.url + "agents/")
    table = tab.page.locator("article table").first
    visible = table.locator("tbody tr:visible")
    assert visible.count() == 9
    facet = tab.page.locator('select[data-facet="reach"]')
    options = facet.locator("option").all_inner_texts()
    assert options == ["Reach: all", "moderate (4)", "narrow (3)", "wide (2)"]
    facet.select_option("wide")
    assert sorted(names(visible)) == ["inheritor", "unattended"]
    assert "reach=wide" in tab.page.url
    tab.screenshot("catalog-reach-wide")
    facet.select_option("narrow")
    assert sorted(names(visible)) == ["git-only", "never-asks", "reader"]
    # a shared address shows the same view
    tab.goto(site.url)
    tab.goto(site.url + "agents/#reach=moderate")
    assert sorted(names(visible)) == ["careful-editor", "server-wide", "shell-runner", "web-writer"]


def test_the_reach_column_sorts_widest_first(tab, site):
    tab.goto(site.url + "agents/")
    table = tab.page.locator("article table").first
    table.locator("thead th", has_text="Reach").click()
    levels = table.locator("tbody tr:visible td:last-child").all_inner_texts()
    assert levels == sorted(levels, key=["wide", "moderate", "narrow"].index)
    assert levels[0] == "wide" and levels[-1] == "narrow"
