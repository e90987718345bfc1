"""The seed catalog as a reader meets it: in Chromium, served under a project-pages subpath
(`https://<user>.github.io/<repo>/`), with every JavaScript error and failed load failing the
test (see the `tab` fixture)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import PAGES_URL
from .seed_catalog import agent_by_source, agents
from .site_servers import serve_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(pages_site):
    """The site as the Pages workflow builds it, served under its project-pages subpath."""
    with serve_site(pages_site, urlsplit(PAGES_URL).path) as served:
        yield served


def article_text(tab) -> str:
    return tab.page.locator("article").inner_text()


def test_the_catalog_home_lists_and_links_every_agent(tab, site, pages_site):
    tab.goto(site.url + "agents/")
    tab.screenshot("catalog-home")
    links = tab.page.locator("article a[href]")
    hrefs = {re.sub(r"index\.html$", "", a.get_attribute("href")) for a in links.element_handles()}
    for agent in agents(pages_site):
        # Follow the link the reader would click, relative to the home page.
        link = tab.page.locator(f"article a[href$='{agent['slug']}/']").first
        assert link.is_visible(), f"{agent['source']} is not listed on the catalog home"
        assert link.inner_text().strip() == agent["name"]
        assert any(h.rstrip("/").endswith(agent["slug"]) for h in hrefs)
    # Clicking one of them lands on its page, still under the subpath.
    tech = next(a for a in agents(pages_site) if a["name"] == "tech-backend")
    tab.page.locator(f"article a[href$='{tech['slug']}/']").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == site.url + tech["url"]
    assert tab.page.locator("article h1").inner_text().startswith("tech-backend")


def test_an_agent_page_shows_its_metadata(tab, site, pages_site):
    for agent in agents(pages_site):
        tab.goto(site.url + agent["url"])
        text = article_text(tab)
        assert tab.page.locator("article h1").inner_text().startswith(agent["name"])
        assert agent["source"] in text
        assert (agent["model"] or "inherit") in text
        if agent["tools"] is None:
            assert re.search(r"inherits? all", text, re.I), f"{agent['url']}: say it inherits all"
        for tool in agent["tools"] or []:
            assert tool in text, f"{agent['url']}: tool {tool} not shown"
    tech = agent_by_source(pages_site, "003")
    tab.goto(site.url + tech["url"])
    text = article_text(tab)
    assert "green" in text and "alwaysApply" in text  # colour and the extra key are shown
    tab.screenshot("agent-page-tech-backend")


def search(tab, query: str) -> list[str]:
    """Type into Material's search box as a reader does; return the result links' URLs."""
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=20)
    results = tab.page.locator(".md-search-result__item > a.md-search-result__link")
    meta = tab.page.locator(".md-search-result__meta")
    # The index loads in a web worker; a slow CI machine may need a while the first time.
    meta.filter(has_text=re.compile(r"matching|No matching", re.I)).wait_for(timeout=30_000)
    # Result links carry `?h=<query>` (highlighting) and anchors: keep the page address only.
    hrefs = [tab.page.evaluate("a => a.href", a) for a in results.element_handles()]
    return [urlunsplit(urlsplit(h)._replace(query="", fragment="")) for h in hrefs]


def test_search_finds_an_agent_by_name(tab, site, pages_site):
    tab.goto(site.url)
    found = search(tab, "tech-backend")
    tech = agent_by_source(pages_site, "003")
    assert site.url + tech["url"] in found, found
    tab.screenshot("search-by-name")


def test_search_finds_an_agent_by_a_tool_it_uses(tab, site, pages_site):
    # mcp__codex__codex_fixer is listed by seed 001 only; tech-backend lists 4 built-in tools.
    user = agent_by_source(pages_site, "001")
    tool = next(t for t in user["tools"] if "codex_fixer" in t)
    tab.goto(site.url)
    found = search(tab, tool)
    assert site.url + user["url"] in found, found
    assert site.url + agent_by_source(pages_site, "003")["url"] not in found


def column(tab, table, index: int) -> list[str]:
    return [
        cell.inner_text().strip()
        for cell in table.locator(f"tbody tr > :nth-child({index + 1})").all()
    ]


def test_the_catalog_table_sorts_when_its_header_is_clicked(tab, site):
    tab.goto(site.url + "agents/")
    table = tab.page.locator("article table").first
    headers = [h.inner_text().strip() for h in table.locator("thead th").all()]
    index = headers.index("Source")
    before = column(tab, table, index)
    assert before != sorted(before), "pick a column whose initial order is not sorted"
    rows_before = rows(table)
    # Click the header's label, as a reader does (it may be a button inside the cell).
    label = table.locator("thead th").nth(index).get_by_text("Source", exact=True)
    label.click()
    first = column(tab, table, index)
    assert first in (sorted(before), sorted(before, reverse=True)), first
    label.click()
    assert column(tab, table, index) == list(reversed(first)), "a second click reverses"
    # Whole rows move: each agent keeps its own summary, model and tools.
    assert sorted(rows(table)) == sorted(rows_before)


def rows(table) -> list[tuple[str, ...]]:
    return [
        tuple(cell.inner_text().strip() for cell in row.locator("td").all())
        for row in table.locator("tbody tr").all()
    ]


@pytest.mark.parametrize("page", ["compare/tools/", "compare/models/", "compare/responsibilities/"])
def test_comparison_pages_render(tab, site, page):
    tab.goto(site.url + page)
    assert tab.page.locator("article h1").is_visible()
    assert tab.page.locator("article a[href*='agents/']").count() > 0
    tab.screenshot("compare-" + page.split("/")[1])


def test_no_page_logs_an_error_and_every_page_is_styled(tab, site, pages_site):
    pages = sorted(p.parent.relative_to(pages_site) for p in pages_site.rglob("index.html"))
    assert len(pages) >= len(agents(pages_site)) + 5
    for rel in pages:
        tab.goto(site.url + ("" if rel == Path(".") else rel.as_posix() + "/"))
        assert_styled(tab)
    assert site.missing() == []


def assert_styled(tab) -> None:
    """Material's stylesheet is applied: the header is a fixed bar, not unstyled HTML."""
    position = tab.page.locator("header.md-header").evaluate("h => getComputedStyle(h).position")
    assert position in ("sticky", "fixed"), f"{tab.page.url}: Material's CSS did not load"


def test_a_missing_address_shows_the_styled_404_page(tab, site):
    url = site.url + "agents/no-such-agent/"
    response = tab.page.goto(url)
    assert response.status == 404
    assert "404" in tab.page.locator("article").inner_text()
    assert_styled(tab)
    tab.screenshot("not-found")
    tab.page.locator("a.md-header__button.md-logo, a[href$='agent-catalog/']").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == site.url
    # The 404 answer itself is the one expected error; any other still fails the test.
    tab.errors = [e for e in tab.errors if "no-such-agent" not in e and "404 (Not Found)" not in e]


def test_on_a_phone_wide_tables_scroll_inside_the_page(tab, site):
    tab.page.set_viewport_size({"width": 390, "height": 844})
    for page in (
        "agents/",
        "compare/tools/",
        "compare/responsibilities/",
        "health/",
        "agents/backend-architect/",
    ):
        tab.goto(site.url + page)
        width = tab.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{page} is {width}px wide on a 390px screen: it scrolls sideways"
    tab.goto(site.url + "agents/")
    tab.screenshot("catalog-home-phone")


def test_the_palette_toggle_switches_to_dark_and_remembers_it(tab, site, pages_site):
    tech = agent_by_source(pages_site, "003")
    tab.goto(site.url + tech["url"])
    body = tab.page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    tab.page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    tab.goto(site.url + "compare/tools/")  # the choice follows the reader to the next page
    assert body.get_attribute("data-md-color-scheme") == "slate"
    tab.screenshot("compare-tools-dark")


def test_the_catalog_filter_narrows_the_table_and_the_address_keeps_it(tab, site, pages_site):
    tab.goto(site.url + "agents/")
    table = tab.page.locator("article table").first
    visible = table.locator("tbody tr:visible")
    assert visible.count() == len(agents(pages_site))
    tab.page.get_by_placeholder(re.compile("filter", re.I)).fill("tech-backend")
    assert visible.count() == 1
    assert visible.first.locator("a").first.inner_text() == "tech-backend"
    assert "q=tech-backend" in tab.page.url
    tab.screenshot("catalog-home-filtered")
    # A shared or reloaded address shows the same view.
    tab.page.reload()
    assert table.locator("tbody tr:visible").count() == 1


def test_on_a_phone_variant_tables_keep_readable_cells(tab, site):
    """A variant page has a column per variant: on a phone its cells keep a readable width and
    the table scrolls sideways inside the page, rather than wrapping the summary to a word a
    line (rows many screens tall)."""
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.goto(site.url + "agents/backend-architect/")
    widths = tab.page.evaluate(
        """() => [...document.querySelectorAll('article .ac-variants td')]
            .map(td => td.getBoundingClientRect().width)"""
    )
    assert len(widths) > 10
    assert min(widths) >= 100, f"a cell {min(widths):.0f}px wide"
    summary = tab.page.locator("article .ac-variants--list td:nth-child(4)").first
    assert summary.evaluate("td => td.getBoundingClientRect().width") >= 250
    tallest = tab.page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('article .ac-variants tr')]
            .map(tr => tr.getBoundingClientRect().height))"""
    )
    assert tallest < 400, f"a row {tallest:.0f}px tall"
    tab.screenshot("variants-phone")
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(site.url + "agents/backend-architect/")
    wrapper = tab.page.locator("article .ac-variants--list .md-typeset__scrollwrap").first
    fits = wrapper.evaluate("w => w.scrollWidth <= w.clientWidth")
    assert fits, "on a desktop screen the variant list fits without scrolling"
