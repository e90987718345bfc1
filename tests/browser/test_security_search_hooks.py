"""Found by the red team: agent HTML (under `allow_html: true`) steering the Pagefind index behind Material's
search box. The sanitiser drops Material's hooks but keeps other `data-*` attributes, and
Pagefind reads its own (`data-pagefind-body`, `data-pagefind-meta`, `data-pagefind-ignore`, ...)
from the built pages. Each test fails while the hole is open."""

from __future__ import annotations

import time

import pytest
from conftest import make_project, mkdocs_build

from .site_servers import serve_site

pytestmark = pytest.mark.browser


def agent(name: str, body: str) -> str:
    return f"---\nname: {name}\ndescription: An agent named {name}.\n---\n{body}\n"


# Class: Pagefind indexing hooks from agent HTML (data-pagefind-*), search takeover.
# `data-pagefind-body` on one page makes Pagefind index only the pages that carry it: every
# other agent and hand-written page drops out of search. `data-pagefind-meta="title:victim"`
# makes the attacker's page the result titled with another agent's name.
HIJACK = (
    "<div data-pagefind-body>takeoverword</div>\n\n"
    '<span data-pagefind-meta="title:victim">x</span>\n'
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("redteam-pagefind")
    make_project(
        root,
        {
            "victim.md": agent("victim", "The quetzalword appears in this prompt only."),
            "hijack.md": agent("hijack", HIJACK),
        },
        plugin_config="sources: [agents]\nallow_html: true",
    )
    mkdocs_build(root)
    with serve_site(root / "site", "/") as served:
        yield served


def search(page, query: str) -> list[tuple[str, str]]:
    """(href, title) of each result Material shows for `query` typed into its box."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.type(query, delay=20)
    page.locator(".md-search-result__meta").wait_for(timeout=30_000)
    time.sleep(2)  # the worker answers in stages
    items = page.locator(".md-search-result__item > a.md-search-result__link").all()
    return [(a.get_attribute("href"), a.locator("h1, h2").first.inner_text()) for a in items]


def test_one_agent_cannot_take_over_the_search_index(chromium, site):
    page = chromium.new_page()
    try:
        page.goto(site.url, wait_until="load")
        found = search(page, "quetzalword")
        hrefs = [h for h, _ in found]
        assert site.url + "agents/victim/" in hrefs, f"victim's own word finds {found}"
        for href, title in found:
            if title == "victim":
                assert href.startswith(site.url + "agents/victim/"), (
                    f"a result titled 'victim' leads to {href}"
                )
    finally:
        page.close()


def test_no_generated_page_hands_pagefind_a_hook(site):
    import urllib.request

    from bs4 import BeautifulSoup

    html = urllib.request.urlopen(site.url + "agents/hijack/").read().decode()
    hooks = [
        (el.name, attr)
        for el in BeautifulSoup(html, "lxml").find_all(True)
        for attr in el.attrs
        if attr.startswith("data-pagefind-")
    ]
    assert hooks == []
