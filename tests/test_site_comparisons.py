"""The comparison pages on a real built site: "which agent should I use?", answered in HTML.

Built with the real `mkdocs build` (the seed site from conftest, and small projects), read with
BeautifulSoup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from agent_catalog.model import Agent, Catalog
from agent_catalog.options import Options
from agent_catalog.pipeline import assemble
from agent_catalog.site.comparisons import MAX_COLUMNS, MAX_ROWS, MIN_ROWS
from conftest import REPO, load_json, make_project, mkdocs_build, soup


def records(site: Path) -> dict[str, dict]:
    data = load_json(site / "agents.json")
    return {r["source"].split("/")[-1][:3]: r for r in data["agents"]}


def article(path: Path):
    return soup(path).select_one("article")


def test_agents_json_carries_the_analyses(seed_site):
    recs = records(seed_site)
    assert recs["000"]["capabilities"] == ["read", "execute", "web", "mcp"]
    assert recs["003"]["capabilities"] == ["read", "edit", "execute"]
    assert recs["002"]["capabilities"] == ["all"] and recs["004"]["capabilities"] == ["all"]
    for r in recs.values():
        assert isinstance(r["tokens"], int) and r["tokens"] > 0
        assert r["characters"] > r["tokens"]
        assert "estimate" in r["size"]["method"]
        assert len(r["responsibilities"]) >= 3
        assert all(set(x) == {"text", "source", "where"} for x in r["responsibilities"])
        assert r["areas"] and {"area", "label", "score", "level", "evidence"} <= set(r["areas"][0])
        assert not any(k.startswith("_") for k in r)
    assert recs["000"]["capability_detail"]["mcp_servers"] == ["context7"]
    assert len(recs["000"]["variants"]["others"]) == 3


def test_agent_page_shows_badges_size_responsibilities_and_related(seed_site):
    recs = records(seed_site)
    page = article(seed_site / recs["000"]["url"] / "index.html")
    badges = [b.get_text(strip=True) for b in page.select("table .ac-badge")]
    assert badges == ["Read", "Execute", "Web", "MCP"]
    assert "ac-cap-execute" in page.select("table .ac-badge")[1]["class"]
    text = page.get_text(" ", strip=True)
    assert re.search(r"≈ 4,\d{3} tokens \(estimated\)", text)
    heading = next(h for h in page.select("h2") if h.get_text().startswith("What it is for"))
    items = heading.find_next("ul").select("li")
    # the author's "Core Expertise" section first, then the description's phrases
    assert len(items) >= 3 and items[0].get_text() == "FastAPI (Core Expertise)"
    assert any("API Design" in li.get_text() for li in items)
    related = next(h for h in page.select("h2") if h.get_text().startswith("Related agents"))
    links = [a["href"] for a in related.find_next("ul").select("a[href]")]
    assert any(recs["003"]["slug"] in h for h in links)
    page_all = article(seed_site / recs["002"]["url"] / "index.html")
    assert [b.get_text(strip=True) for b in page_all.select("table .ac-badge")] == ["All tools"]


def test_each_backend_architect_links_the_other_three_and_the_comparison(seed_site):
    recs = records(seed_site)
    shared = [k for k, r in recs.items() if r["name"] == "backend-architect"]
    assert len(shared) == 4
    for k in shared:
        page = article(seed_site / recs[k]["url"] / "index.html")
        note = page.select_one(".admonition.note")
        hrefs = [a["href"] for a in note.select("a[href]")]
        for other in shared:
            if other != k:
                assert any(recs[other]["slug"] in h for h in hrefs)
        assert any(h.rstrip("/").endswith("backend-architect") for h in hrefs)


def test_variants_page_compares_fields_sections_sizes_and_tools(seed_site):
    page = article(seed_site / "agents" / "backend-architect" / "index.html")
    h2 = {h.get_text(" ", strip=True).rstrip("¶").strip(): h for h in page.select("h2")}
    assert {"What sets each apart", "Fields", "Sections", "Tools"} <= set(h2)
    fields = h2["Fields"].find_next("table")
    model_row = next(tr for tr in fields.select("tbody tr") if "model" in tr.td.get_text())
    assert [td.get_text(strip=True) for td in model_row.select("td")[1:]] == [
        "opus",
        "sonnet",
        "sonnet",
        "sonnet",
    ]
    tools = h2["Tools"].find_next("table")
    write = next(tr for tr in tools.select("tbody tr") if tr.td.get_text().startswith("Write"))
    cells = write.select("td")[1:]
    assert cells[0].get_text(strip=True) == ""
    assert cells[1].select_one(".ac-has") is not None
    assert cells[2].select_one(".ac-inherits").get_text() == "all"  # inherits, not "has"
    sections = h2["Sections"].find_next("table")
    core = next(tr for tr in sections.select("tbody tr") if "Core Expertise" in tr.td.get_text())
    assert [td.get_text(strip=True) for td in core.select("td")[1:]] == ["✓", "", "", ""]
    sizes = h2["What sets each apart"].find_next("table")
    size_row = next(tr for tr in sizes.select("tbody tr") if "Prompt size" in tr.td.get_text())
    assert all("estimated" in td.get_text() for td in size_row.select("td")[1:])


def test_variants_without_sections_or_tools_say_so_instead_of_an_empty_table(tmp_path):
    agents = {
        f"{team}/helper.md": f"---\nname: helper\ndescription: Helps the {team} team.\n"
        f"tools: []\n---\nJust a paragraph for {team}, no headings.\n"
        for team in ("web", "data")
    }
    project = make_project(tmp_path / "p", agents)
    mkdocs_build(project)
    page = article(project / "site" / "agents" / "helper" / "index.html")
    h2 = {h.get_text(" ", strip=True).rstrip("¶").strip(): h for h in page.select("h2")}
    for title, said in (("Sections", "No prompt has top-level sections."),
                        ("Tools", "No variant names a tool")):  # fmt: skip
        following = h2[title].find_next(["p", "table", "h2"])
        assert following.name == "p" and following.get_text().startswith(said)
    for tr in page.select("tr"):  # every row of every table says something
        assert tr.get_text(strip=True), tr
    variants = page.select_one("table")
    links = [a["href"] for a in variants.select("tbody a")]
    assert len(links) == 2 and all(h.startswith("../helper-") for h in links)


def test_responsibilities_page_shows_what_distinguishes_each_backend_agent(seed_site):
    page = article(seed_site / "compare" / "responsibilities" / "index.html")
    table = page.select_one("h3").find_next("table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    assert len(headers) == 4 and all(h.startswith("seeds/") for h in headers)
    only = next(tr for tr in table.select("tbody tr") if "Only it covers" in tr.td.get_text())
    cells = [td.get_text(" ", strip=True) for td in only.select("td")[1:]]
    assert all(cells), cells
    assert len(set(cells)) == 4
    assert "Dramatiq" in cells[0]  # its "Core Expertise" section, listed first
    assert "<br>" not in page.get_text()
    stands = next(tr for tr in table.select("tbody tr") if "Stands out for" in tr.td.get_text())
    assert "Background jobs" in stands.select("td")[1].get_text()


def test_tools_pages_are_split_by_class_and_the_per_tool_view_is_the_filtered_catalog(seed_site):
    tools = article(seed_site / "compare" / "tools" / "index.html")
    every = next(h for h in tools.select("h2") if h.get_text().startswith("Every tool"))
    bash = next(a for a in every.find_next("table").select("a") if a.get_text() == "Bash")
    assert bash["href"] == "../../agents/#tool=Bash"  # relative: works under any subpath
    catalog = article(seed_site / "agents" / "index.html")
    listing = [tr for tr in catalog.select("tbody tr") if "Bash" in tr["data-tool"].split("|")]
    assert len(listing) == 3  # 000, 001, 003 list Bash
    mcp = article(seed_site / "compare" / "tools" / "mcp" / "index.html")
    headers = [th.get_text(strip=True) for th in mcp.select("thead th")]
    assert headers[1:] == ["context7", "codex"]  # MCP grouped by server
    has = mcp.select("tbody .ac-has")
    assert any(h.get_text(strip=True) == "● 3" for h in has)  # 001 lists three codex tools
    # the page opens with what the class's tools do, as a sentence (`tool_classes.yaml`)
    assert mcp.select_one("p").get_text().startswith("Calls tools of MCP servers. ")
    inherits = mcp.select_one("tbody tr")
    assert "All tools (inherited)" in inherits.get_text()
    assert inherits.select_one(".ac-inherits").get_text() == "all"  # not the "has" mark
    home = soup(seed_site / "index.html")
    nav = [a.get("href", "") for a in home.select("nav.md-nav--primary a")]
    assert not any(h.endswith("tools/read/") or h.endswith("tools/mcp/") for h in nav)


def test_models_page_has_a_static_chart_and_explains_inherit(seed_site):
    page = article(seed_site / "compare" / "models" / "index.html")
    bars = page.select(".ac-chart .ac-bar")
    widths = [b["style"] for b in bars]
    assert widths == ["width: 100%", "width: 25%"] or widths == ["width:100%", "width:25%"]
    text = page.get_text(" ", strip=True)
    assert "inherit means" in text and "Not set means" in text
    # each family lists its agents as list items, after a link to the filtered catalog
    sonnet = page.select_one("h2#claude-sonnet").find_next("ul")
    assert len(sonnet.select("li > a")) == 4, sonnet  # one a line each, not run together
    catalog = page.select_one("h2#claude-sonnet").find_next("a", string=re.compile("catalog"))
    assert catalog["href"] == "../../agents/#model=Claude%20Sonnet"


def test_no_page_loads_anything_from_another_host(seed_site):
    for html in seed_site.rglob("*.html"):
        doc = soup(html)
        for tag in doc.select("script[src], link[href], img[src]"):
            url = tag.get("src") or tag.get("href")
            assert not re.match(r"^(https?:)?//", url), (html, url)


def test_agent_text_in_the_html_catalog_table_stays_text(tmp_path):
    evil = """
    ---
    name: evil"><script>alert(1)</script>
    description: <img src=x onerror=alert(1)> handles caching | and "quotes"
    model: opus" onmouseover="alert(1)
    tools: Read, Bash(rm -rf *)
    ---
    ## Responsibilities

    - <b onclick="x()">click</b> me
    """
    project = make_project(tmp_path / "p", {"evil.md": evil})
    mkdocs_build(project)
    page = soup(project / "site" / "agents" / "index.html").select_one("article")
    assert not page.select("script, img, b[onclick]")
    row = page.select_one("tbody tr")
    assert row["data-model"] == "Claude Opus"
    assert 'evil"><script>' in row.select_one("td a").get_text()
    for tag in page.find_all(True):
        assert not any(a.startswith("on") for a in tag.attrs), tag


def test_user_tool_classes_and_areas_from_the_configuration(tmp_path):
    agent = """
    ---
    name: deployer
    description: Ships releases with stripe billing checks.
    tools: Read, ShipIt
    ---
    Ship it.
    """
    config = """
    sources: [agents]
    tool_classes: {ShipIt: execute}
    areas: {billing: {label: Billing, terms: [stripe, invoice*]}}
    """
    project = make_project(tmp_path / "p", {"deployer.md": agent}, plugin_config=config)
    mkdocs_build(project)
    rec = load_json(project / "site" / "agents.json")["agents"][0]
    assert rec["capabilities"] == ["read", "execute"]
    assert "billing" in {a["area"] for a in rec["areas"]}


def test_a_bad_tool_class_is_a_clear_configuration_error(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"a.md": "---\nname: a\ndescription: d\n---\nx\n"},
        plugin_config="sources: [agents]\ntool_classes: {X: all}",
    )
    proc = mkdocs_build(project, check=False)
    assert proc.returncode != 0
    assert "tool_classes" in proc.stderr and "reserved" in proc.stderr


def _in_page_order(uris: list[str]) -> list[str]:
    """`compare/tools/read.md`, then `compare/tools/read/2.md`, `.../3.md`, ... by number."""
    return sorted(uris, key=lambda k: int(re.findall(r"/(\d+)\.md$", k)[0]) if "/read/" in k else 1)


def test_one_agent_more_or_less_changes_few_matrix_pages():
    """A matrix page's rows are cut by the agents around each cut, not by counting from the
    first row (`comparisons.split_rows`), and the class's counts are on its first page only:
    an agent added or removed changes the first page and the pages around it, not every
    later page (what `mkdocs serve` renders again after an addition)."""
    every = list(range(1500))
    before = assemble(_synthetic_catalog(1500, every), Options(base=Path.cwd())).pages
    for changed in (every + [1500, 1501], [i for i in every if i not in (700, 701)]):
        after = assemble(_synthetic_catalog(1500, changed), Options(base=Path.cwd())).pages
        for klass in ("read", "execute"):
            old = _in_page_order([k for k in before if k.startswith(f"compare/tools/{klass}")])
            new = _in_page_order([k for k in after if k.startswith(f"compare/tools/{klass}")])
            assert len(old) > 8 and len(new) == len(old), (old, new)  # no page more or less
            moved = [k for k in new[1:] if after[k] != before[k]]
            assert 1 <= len(moved) <= 2, (klass, moved)  # slicing every 100 rows: about 9


def _synthetic_catalog(n: int, indices: list[int] | None = None) -> Catalog:
    """N agents over 362 tools (the catalog's tools do not grow with it): a tenth inherit all,
    the rest list 11 of them. `indices`: which agents (by number) rather than the first N."""
    agents = []
    for i in range(n) if indices is None else indices:
        picks = [(i * 7 + k) % 300 for k in range(6)]
        tools = ["Read", "Bash"] + [f"mcp__srv{t % 40}__t{t}" for t in picks]
        tools += [f"Custom{(i + k) % 60}" for k in range(3)]
        agents.append(
            Agent(
                name=f"agent-{i}",
                source=f"agents/agent-{i}.md",
                path=Path(f"agent-{i}.md"),
                description=f"Works on topic {i % 50}. Handles caching for service {i}.",
                tools=None if i % 10 == 0 else tools,
                model=["opus", "sonnet", None][i % 3],
                body=f"## Focus Areas\n\n- topic {i % 50}\n- caching\n- testing\n",
            )
        )
    return Catalog(agents=agents)


def _comparison_pages(pages) -> dict[str, str]:
    return {k: v for k, v in pages.pages.items() if k.startswith("compare/")}


def test_comparison_pages_stay_bounded_as_the_catalog_grows():
    """Render (no MkDocs) 300 and 1,500 agents over 300+ tools: no comparison page grows with N
    beyond its bound, matrices are paginated, and every agent is still in each class matrix."""
    small = assemble(_synthetic_catalog(300), Options(base=Path.cwd()))
    big = assemble(_synthetic_catalog(1500), Options(base=Path.cwd()))
    assert len(big.analysis.tool_usage.tools) > 300
    largest = {
        name: max(len(t) for t in _comparison_pages(p).values())
        for name, p in (("small", small), ("big", big))
    }
    assert largest["big"] < 1.3 * largest["small"], largest  # 5x the agents, same bound
    assert largest["big"] < 120_000, largest
    read_pages = sorted(
        k for k in big.pages if k == "compare/tools/read.md" or k.startswith("compare/tools/read/")
    )
    per_page = [big.pages[k].count('<tr><td><a href="') for k in _in_page_order(read_pages)]
    assert sum(per_page) == 1350  # 1,350 agents list Read, each on one page
    assert 9 <= len(read_pages) <= 27, per_page  # about 100 a page
    assert all(MIN_ROWS <= n <= MAX_ROWS for n in per_page[:-1]), per_page
    assert 0 < per_page[-1] <= MAX_ROWS, per_page
    for k in read_pages:
        header = next(ln for ln in big.pages[k].split("\n") if ln.startswith("<thead>"))
        assert header.count("<th>") <= MAX_COLUMNS + 2, k
        first = k == "compare/tools/read.md"
        assert ("All tools (inherited)" in big.pages[k]) == first, k  # the class's counts
        assert ("**1350** agents list" in big.pages[k]) == first
    unknown = big.pages["compare/tools/unknown.md"]
    assert "<th>Other</th>" in unknown  # tools beyond the column limit are named, not dropped
    assert "Custom" in unknown.split("<th>Other</th>", 1)[1]


@pytest.mark.browser
def test_catalog_table_sorts_and_filters_in_a_real_browser(seed_site, chromium):
    # `chromium` is the run's one shared browser (tests/browser/chromium.py): it fails, never
    # skips, when Chromium is missing, and a second Playwright here would break the run.
    url = (seed_site / "agents" / "index.html").as_uri()
    recs = records(seed_site)
    browser = chromium.new_context()
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector(".ac-controls")

    def visible_tokens():
        return [
            int(c.replace(",", ""))
            for c in page.eval_on_selector_all(
                "[data-ac-catalog] tbody tr:not([hidden]) td.ac-num",
                "els => els.map(e => e.textContent)",
            )
        ]

    page.click("th:nth-child(5) button")  # Tokens: biggest first
    tokens = visible_tokens()
    assert tokens == sorted(tokens, reverse=True) and len(tokens) == 5
    assert page.get_attribute("th:nth-child(5)", "aria-sort") == "descending"
    page.click("th:nth-child(5) button")
    assert visible_tokens() == sorted(tokens)
    page.fill(".ac-filter", "fastapi")
    assert len(visible_tokens()) == 3
    page.fill(".ac-filter", "")
    page.select_option("select[data-facet=capability]", "Edit")
    assert len(visible_tokens()) == 2
    assert "capability=Edit" in page.url
    shared = page.url
    page.select_option("select[data-facet=model]", "Claude Opus")
    assert len(visible_tokens()) == 0
    assert page.text_content(".ac-count") == "0 of 5 agents"
    # a shared link restores the view
    other = browser.new_page()
    other.goto(shared)
    other.wait_for_selector(".ac-controls")
    shown = other.eval_on_selector_all(
        "[data-ac-catalog] tbody tr:not([hidden]) td:first-child a",
        "els => els.map(e => e.getAttribute('href'))",
    )
    edit = {r["slug"] for r in recs.values() if "edit" in r["capabilities"]}
    assert {h.strip("/").split("/")[-1] for h in shown} == edit
    assert other.input_value("select[data-facet=capability]") == "Edit"
    # the per-tool view: the tools page links the catalog filtered by one tool
    by_tool = browser.new_page()
    by_tool.goto(url + "#tool=Bash")
    by_tool.wait_for_selector(".ac-controls")
    assert by_tool.input_value("select[data-facet=tool]") == "Bash"
    assert by_tool.text_content(".ac-count") == "3 of 5 agents"
    assert [e for e in errors if "search_index" not in e] == []  # Material search: no file://
    browser.close()  # the context; the browser is shared


def test_the_repository_docs_mention_the_new_options():
    text = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for option in ("tool_classes", "areas", "replace_areas", "related_count"):
        assert option in text, option


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_on_the_comparison_pages_resolves(tmp_path, directory_urls):
    """Raw-HTML links (the catalog table) are written final; they must match MkDocs' URLs, with
    directory URLs (GitHub Pages) and without (a folder opened from disk)."""
    extra = "" if directory_urls else "use_directory_urls: false\n"
    project = make_project(tmp_path / "p", copy_seeds=True, extra=extra)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml")
        .read_text()
        .replace("sources: [agents]", "sources: [agents]\n      include: ['*.txt']"),
        encoding="utf-8",
    )
    mkdocs_build(project)
    site = project / "site"
    pages = [p for p in site.rglob("*.html") if "agents" in p.parts or "compare" in p.parts]
    assert len(pages) > 20
    checked = 0
    for html in pages:
        for a in soup(html).select("article a[href]"):
            href = a["href"].split("#")[0]
            if not href or re.match(r"^[a-z]+:", href):
                continue
            target = (html.parent / href).resolve()
            if href.endswith("/"):
                target = target / "index.html"
            assert target.is_file(), (html.relative_to(site), a["href"])
            checked += 1
    assert checked > 100


def test_each_area_has_a_page_comparing_its_agents(seed_site):
    page = article(seed_site / "compare" / "responsibilities" / "index.html")
    by_area = next(h for h in page.select("h2") if h.get_text().startswith("By area"))
    rows = {tr.td.get_text(strip=True): tr for tr in by_area.find_next("table").select("tbody tr")}
    jobs = rows["Background jobs and queues"]
    link = jobs.select_one("a[href]")["href"]
    area = article((seed_site / "compare" / "responsibilities" / link / "index.html").resolve())
    table = area.select_one("table")
    names = [tr.td.get_text(" ", strip=True) for tr in table.select("tbody tr")]
    assert names and all(n.startswith("backend-architect") for n in names)
    first = table.select_one("tbody tr").get_text(" ", strip=True)
    assert "main" in first and "dramatiq" in first


def test_many_shared_names_are_listed_compactly():
    """Past FULL_GROUPS shared names, one row per name keeps the responsibilities page small."""
    from agent_catalog.site.render import FULL_GROUPS

    agents = [
        Agent(
            name=f"name-{i // 2}",
            source=f"c{i % 2}/name-{i // 2}.md",
            path=Path("x.md"),
            description=f"Does thing {i}.",
            body=f"## Focus Areas\n\n- caching\n- {'testing' if i % 2 else 'deployment'}\n",
        )
        for i in range(2 * (FULL_GROUPS + 5))
    ]
    pages = assemble(Catalog(agents=agents), Options(base=Path.cwd())).pages
    text = pages["compare/responsibilities.md"]
    assert f"{FULL_GROUPS + 5} names are shared" in text
    assert "### " not in text
    rows = '</a></td><td style="text-align:right">2</td>'
    assert text.count(rows) == FULL_GROUPS + 5  # one row per shared name


def test_an_opencode_mapping_that_switches_tools_off_reads_as_all_except(tmp_path):
    agent = """
    ---
    description: Plans without editing
    tools:
      write: false
      bash: false
    ---
    Plan.
    """
    project = make_project(tmp_path / "p", {"planner.md": agent})
    mkdocs_build(project)
    page = article(project / "site" / "agents" / "planner" / "index.html")
    text = page.get_text(" ", strip=True)
    assert "inherits all tools, MCP tools included, except 2" in text
    assert "no tools" not in text
    codes = {c.get_text() for c in page.select("code")}
    assert {"write", "bash"} <= codes
    rec = load_json(project / "site" / "agents.json")["agents"][0]
    assert rec["capabilities"] == ["all"]
    assert [t["tool"] for t in rec["capability_detail"]["excluded"]] == ["write", "bash"]
