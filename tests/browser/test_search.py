"""Search as a reader uses it: Material's header box on a generated catalog, answered from the
Pagefind index the plugin writes (`publish/search_index.py`), in Chromium, under a project-pages
subpath. Every JavaScript error or failed load fails the test (the `tab` fixture)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from conftest import make_project, mkdocs_build

from .site_servers import serve_site

pytestmark = pytest.mark.browser

PREFIX = "/catalog/"
N_AGENTS = 60
RARE = "quetzalcoatlus"
"""In the prompt of one agent only (not its name, description or tools)."""
HANDWRITTEN = "zanzibarite"
"""On a hand-written page of the site only."""
WORDS = (
    "review code tests deploy service database schema migration queue cache latency error "
    "report metrics logging security audit plan design refactor document release pipeline"
).split()
TOOLS = ["Read", "Grep", "Glob", "Bash", "Edit", "Write", "WebFetch"]
MODELS = ["sonnet", "opus", "haiku", None]
HOSTILE = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> hostilebait'


def agent_file(i: int, rng: random.Random) -> str:
    tools = rng.sample(TOOLS, 3) + (["NotebookEdit"] if i == 31 else [])
    model = "fablemodel" if i == 44 else MODELS[i % len(MODELS)]
    prompt = []
    for _ in range(6):
        prompt.append(" ".join(rng.choice(WORDS) for _ in range(40)) + ".")
    if i == 17:
        prompt.insert(3, f"When the {RARE} appears, say so.")
    if i == 23:
        prompt.insert(1, HOSTILE)
    description = f"Helps the team{i:02d}x crew with {rng.choice(WORDS)} work"
    lines = ["---", f"name: helper-{i:02d}", f"description: {description}"]
    lines += [f"tools: {', '.join(tools)}"] + ([f"model: {model}"] if model else [])
    lines += ["---", "", "\n\n".join(prompt), ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    """A generated catalog of N_AGENTS agents plus hand-written pages, built with the plugin."""
    root = tmp_path_factory.mktemp("search-catalog")
    rng = random.Random(19)
    agents = {f"helper-{i:02d}.md": agent_file(i, rng) for i in range(N_AGENTS)}
    make_project(root, agents)
    (root / "docs" / "guide.md").write_text(
        f"# Team guide\n\nHow we pick agents. The {HANDWRITTEN} rule: read the prompt first.\n",
        encoding="utf-8",
    )
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", "  font: false\n  features: [search.highlight]\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs_build(root)
    return root / "site"


@pytest.fixture(scope="module")
def site(catalog):
    with serve_site(catalog, PREFIX) as served:
        yield served


def search(tab, query: str) -> list[str]:
    """Press `/`, type as a reader does, wait for the answer; the result pages' URLs."""
    tab.page.keyboard.press("/")
    box = tab.page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "`/` focuses the search box"
    box.fill("")
    box.type(query, delay=30)
    meta = tab.page.locator(".md-search-result__meta")
    meta.filter(has_text="matching").wait_for(timeout=30_000)
    links = tab.page.locator(".md-search-result__item > a.md-search-result__link")
    # typed key by key, the box first shows the answers to the query's first letters: read
    # the list once it has settled on the whole query's answer (the same twice, 0.6 s apart)
    hrefs, before = None, []
    for _ in range(50):
        hrefs = [a.get_attribute("href") for a in links.all()]
        if hrefs and hrefs == before:
            break
        before = hrefs
        tab.page.wait_for_timeout(600)
    return [urlunsplit(urlsplit(h)._replace(query="", fragment="")) for h in hrefs]


def test_a_word_of_one_prompt_finds_that_agent_and_opens_it(tab, site):
    tab.goto(site.url)
    found = search(tab, RARE)
    target = site.url + "agents/helper-17/"
    assert found == [target], found
    first = tab.page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "helper-17"  # the agent's name ...
    assert first.locator("mark").first.inner_text().lower() == RARE  # ... and a snippet
    tab.screenshot("search-rare-word")
    first.locator("a.md-search-result__link").first.click()
    tab.page.wait_for_load_state("load")
    assert urlsplit(tab.page.url).path == urlsplit(target).path  # still under the subpath
    assert tab.page.locator("article h1").inner_text().startswith("helper-17")
    # Material's search.highlight marks the word on the opened page
    assert tab.page.locator("article mark").first.inner_text().lower() == RARE


def test_hand_written_pages_are_found_beside_the_agents(tab, site):
    tab.goto(site.url + "agents/")
    assert search(tab, HANDWRITTEN) == [site.url + "guide/"]


def test_names_descriptions_tools_and_models_are_found(tab, site):
    tab.goto(site.url)
    assert search(tab, "helper-42")[0] == site.url + "agents/helper-42/"  # name: best result
    assert site.url + "agents/helper-05/" in search(tab, "team05x")  # a description's word
    assert site.url + "agents/helper-31/" in search(tab, "NotebookEdit")  # a tool
    assert site.url + "agents/helper-44/" in search(tab, "fablemodel")  # a model


def test_agent_text_in_results_stays_text(tab, site):
    tab.goto(site.url)
    found = search(tab, "hostilebait")
    assert site.url + "agents/helper-23/" in found
    assert tab.page.evaluate("window.__pwned") is None
    results = tab.page.locator(".md-search-result__list")
    assert results.locator("img, script").count() == 0
    tab.screenshot("search-hostile")


def test_material_index_holds_no_documents_and_pagefind_is_chunked(catalog):
    index = json.loads((catalog / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]
    assert (catalog / "pagefind" / "pagefind.js").is_file()
    assert len(list((catalog / "pagefind" / "fragment").iterdir())) > N_AGENTS
