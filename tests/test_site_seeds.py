"""The repository's own seed catalog, built with the real `mkdocs build` and read as a user would."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, SEED_FILES, load_json, soup

EXPECTED = {
    "000": ("backend-architect", "opus", 8),
    "001": ("backend-architect", "sonnet", 13),
    "002": ("backend-architect", "sonnet", None),
    "003": ("tech-backend", "sonnet", 4),
    "004": ("backend-architect", "sonnet", None),
}


def records(site):
    data = load_json(site / "agents.json")
    return {r["source"].split("/")[-1][:3]: r for r in data["agents"]}


def test_agents_json_has_every_seed_with_its_public_fields(seed_site):
    recs = records(seed_site)
    assert set(recs) == set(EXPECTED)
    for stem, (name, model, ntools) in EXPECTED.items():
        r = recs[stem]
        for key in (
            "name",
            "slug",
            "url",
            "source",
            "description",
            "model",
            "tools",
            "metadata",
            "diagnostics",
        ):
            assert key in r, key
        assert r["name"] == name
        assert r["model"] == model
        assert r["source"].startswith("seeds/") and r["source"].endswith(".txt")
        if ntools is None:
            assert r["tools"] is None
        else:
            assert len(r["tools"]) == ntools
        assert r["url"] == f"agents/{r['slug']}/"
        assert (seed_site / r["url"] / "index.html").is_file()
        for d in r["diagnostics"]:
            assert set(d) >= {"severity", "message", "line"}
    assert "\\n" not in recs["004"]["description"]
    assert recs["003"]["metadata"]["alwaysApply"] is False
    assert any(d["severity"] == "error" for d in recs["000"]["diagnostics"])


def test_agent_page_shows_name_model_tools_description(seed_site):
    recs = records(seed_site)
    for stem, (name, model, ntools) in EXPECTED.items():
        page = soup(seed_site / recs[stem]["url"] / "index.html")
        article = page.select_one("article")
        assert article.h1.get_text(strip=True).startswith(name)
        text = article.get_text(" ", strip=True)
        assert model in text
        if ntools is None:
            assert "inherits all tools" in text
            assert "no tools" not in text.replace("no tools list", "")
        else:
            codes = {c.get_text() for c in article.select("code")}
            for tool in recs[stem]["tools"]:
                short = tool.split("__")[-1]
                assert short in codes, (stem, tool)
        assert recs[stem]["description"].split("\n")[0][:60] in text


def test_flattened_seed_page_is_readable_and_flags_the_error(seed_site):
    recs = records(seed_site)
    page = soup(seed_site / recs["000"]["url"] / "index.html")
    article = page.select_one("article")
    assert article.select_one(".admonition.failure") is not None
    headings = [
        h.get_text(" ", strip=True).rstrip("¶").strip() for h in article.select("h2, h3, h4")
    ]
    assert "First Step" in headings and "Identity" in headings
    assert article.select("table")  # restored tables
    assert any("Read the shared team protocol" in li.get_text() for li in article.select("ol li"))
    mcp = article.get_text(" ", strip=True)
    assert "MCP server context7" in mcp


def test_examples_render_as_structured_when_to_use(seed_site):
    recs = records(seed_site)
    for stem, count in (("002", 4), ("004", 3)):
        page = soup(seed_site / recs[stem]["url"] / "index.html")
        examples = page.select("article details.example")
        assert len(examples) == count
        first = examples[0].get_text(" ", strip=True)
        assert "Context:" in first and "user:" in first and "assistant:" in first
        assert "<example>" not in page.select_one("article").get_text()


def test_shared_name_pages_link_each_other_and_urls_are_distinct(seed_site):
    recs = records(seed_site)
    shared = [r for r in recs.values() if r["name"] == "backend-architect"]
    assert len({r["url"] for r in shared}) == 4
    for r in shared:
        page = soup(seed_site / r["url"] / "index.html")
        hrefs = {a["href"] for a in page.select("article a[href]")}
        others = [o for o in shared if o is not r]
        for o in others:
            assert any(o["slug"] in h for h in hrefs), (r["slug"], o["slug"])
    # the plain name is the comparison of the variants
    variants = soup(seed_site / "agents" / "backend-architect" / "index.html")
    assert len(variants.select_one("article table").select("tbody tr")) == 4


def test_catalog_home_lists_and_links_every_agent(seed_site):
    page = soup(seed_site / "agents" / "index.html")
    rows = page.select("article table tbody tr")
    assert len(rows) == 5
    links = {a["href"] for a in page.select("article table tbody a[href]")}
    for r in records(seed_site).values():
        assert any(r["slug"] in h for h in links)
    text = page.select_one("article").get_text(" ", strip=True)
    assert "opus" in text and "All tools" in text


def test_agent_pages_are_not_in_the_navigation(seed_site):
    page = soup(seed_site / "index.html")
    nav_links = [a.get("href", "") for a in page.select("nav.md-nav--primary a")]
    assert any("agents/" in h and h.rstrip("/").endswith("agents") for h in nav_links)
    for r in records(seed_site).values():
        assert not any(r["slug"] + "/" in h for h in nav_links), r["slug"]


def test_comparison_pages_are_filled(seed_site):
    tools = soup(seed_site / "compare" / "tools" / "index.html")
    table = tools.select_one("article table")
    classes = [tr.select_one("td").get_text(strip=True) for tr in table.select("tbody tr")]
    assert classes == ["Read", "Edit", "Execute", "Web", "MCP"]
    read = soup(seed_site / "compare" / "tools" / "read" / "index.html").select_one("article table")
    headers = [th.get_text(strip=True) for th in read.select("thead th")]
    assert headers[:2] == ["Agent", "Read"]
    rows = read.select("tbody tr")
    assert len(rows) == 4  # one "inherits all" row for the two agents without a list, 3 agents
    assert "inherited" in rows[0].get_text()
    models = soup(seed_site / "compare" / "models" / "index.html").select_one("article")
    assert [h.get_text(" ", strip=True).rstrip("¶").strip() for h in models.select("h2")][:2] == [
        "Claude Sonnet (4)",
        "Claude Opus (1)",
    ]
    resp = soup(seed_site / "compare" / "responsibilities" / "index.html").select_one("article")
    assert len(resp.select("table")[-1].select("tbody tr")) == 5
    assert "tech-backend" in resp.get_text()


def test_health_page_lists_every_finding(seed_site):
    page = soup(seed_site / "health" / "index.html").select_one("article")
    text = page.get_text(" ", strip=True)
    assert "flattened-frontmatter" in text and "yaml-unquoted-colon" in text
    assert "duplicate-name" in text
    data = load_json(seed_site / "agents.json")
    total = sum(len(r["diagnostics"]) for r in data["agents"])
    finding_tables = [t for t in page.select("table") if t.find("th", string="Fix")]
    assert len([tr for t in finding_tables for tr in t.select("tbody tr")]) == total
    # the widest-reach table lists agents, not findings
    widest = page.find("h2", id="widest-reach").find_next("table")
    assert widest not in finding_tables and widest.select("tbody tr")


def test_material_features_are_on(seed_site):
    page = soup(seed_site / "agents" / "tech-backend" / "index.html")
    assert page.select("form[name=search]") or page.select(".md-search")
    assert page.select("[data-md-component=palette]") or page.select(
        "form[data-md-component=palette]"
    )
    assert page.select("a.headerlink")
    assert (seed_site / "search" / "search_index.json").is_file()


def test_nothing_is_written_into_docs(tmp_path):
    before = sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*"))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "s")],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    after = sorted(p.relative_to(REPO) for p in (REPO / "docs").rglob("*"))
    assert before == after
    assert len(SEED_FILES) == 5
