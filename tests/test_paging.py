"""Comparison listings are split into pages of bounded size, and every agent stays reachable."""

from __future__ import annotations

from agent_catalog.paging import paginate
from conftest import make_project, mkdocs_build, soup

TOOLS = ["Read", "Write", "Bash", "Grep", "mcp__github__create_issue", "WebFetch", "Edit"]


def test_paginate_keeps_every_row_once_in_bounded_pages():
    chunks = paginate(list(range(250)), "compare/tools.md", 100)
    assert [c.uri for c in chunks] == [
        "compare/tools.md",
        "compare/tools/2.md",
        "compare/tools/3.md",
    ]
    assert [len(c.items) for c in chunks] == [100, 100, 50]
    assert sum((c.items for c in chunks), []) == list(range(250))
    assert (chunks[2].first, chunks[2].last, chunks[2].total) == (201, 250, 250)
    (only,) = paginate([], "compare/models.md", 100)
    assert only.uri == "compare/models.md" and not only.split


def _agents(n: int) -> dict[str, str]:
    files = {}
    for i in range(n):
        tools = "" if i == 0 else f"tools: {', '.join(TOOLS[: 1 + i % len(TOOLS)])}\n"
        model = ["sonnet", "opus", "haiku"][i % 3]
        files[f"team/agent-{i:02d}.md"] = (
            f"---\nname: agent-{i:02d}\ndescription: Agent number {i} reviews code.\n"
            f"{tools}model: {model}\n---\n\nYou review code.\n"
        )
    return files


def test_large_listings_are_split_and_later_pages_stay_out_of_the_nav(tmp_path):
    project = make_project(tmp_path / "p", _agents(7), "sources: [agents]\npage_size: 3")
    mkdocs_build(project)
    site = project / "site"

    tools = [site / "compare" / "tools" / "index.html"] + [
        site / "compare" / "tools" / str(n) / "index.html" for n in (2, 3)
    ]
    assert not (site / "compare" / "tools" / "4").exists()
    rows = []
    for path in tools:
        page = soup(path)
        matrix = page.select_one("article table")
        rows += [tr.select_one("td a").get_text(strip=True) for tr in matrix.select("tbody tr")]
        assert len(matrix.select("tbody tr")) <= 3
        pager = {a["href"] for a in page.select("article p a") if a.get_text().isdigit()}
        assert len(pager) == 2, "each page links the two others (above and below the table)"
        for href in pager:
            assert (path.parent / href / "index.html").resolve().is_file(), href
    assert sorted(rows) == [f"agent-{i:02d}" for i in range(7)], "every agent once"

    first = soup(tools[0])
    usage = first.select("article table")[-1]
    counted = {
        tr.select("td")[0].get_text(strip=True): int(tr.select("td")[1].get_text())
        for tr in usage.select("tbody tr")
    }
    assert counted["Read"] == 6 and counted["mcp__github__create_issue"] == 3

    nav = {a.get("href", "") for a in first.select("nav.md-nav--primary a")}
    assert not any("tools/2" in h or "tools/3" in h for h in nav), nav

    models = soup(site / "compare" / "models" / "index.html").select_one("article")
    summary = {
        tr.select("td")[0].get_text(strip=True): int(tr.select("td")[1].get_text())
        for tr in models.select("table")[0].select("tbody tr")
    }
    assert summary == {"sonnet": 3, "opus": 2, "haiku": 2}
    listed = []
    for n in (None, 2, 3):
        folder = site / "compare" / "models" / (str(n) if n else "")
        listed += [a.get_text() for a in soup(folder / "index.html").select("article li a")]
    assert sorted(listed) == [f"agent-{i:02d}" for i in range(7)]

    resp = [site / "compare" / "responsibilities" / "index.html"] + [
        site / "compare" / "responsibilities" / str(n) / "index.html" for n in (2, 3)
    ]
    assert sum(len(soup(p).select("article table tbody tr")) for p in resp) == 7


def test_a_catalog_naming_many_tools_gets_a_readable_matrix(tmp_path):
    many = [f"Tool{i:02d}" for i in range(20)]
    agents = {
        "a.md": f"---\nname: wide\ndescription: Uses many tools.\ntools: {', '.join(many)}\n---\nx\n",
        "b.md": "---\nname: narrow\ndescription: Uses two.\ntools: Tool00, Tool19\n---\nx\n",
        "c.md": "---\nname: heir\ndescription: Inherits all.\n---\nx\n",
    }
    project = make_project(tmp_path / "p", agents)
    mkdocs_build(project)
    page = soup(project / "site" / "compare" / "tools" / "index.html")
    matrix = page.select_one("article table")
    headers = [th.get_text(strip=True) for th in matrix.select("thead th")]
    assert len(headers) == 1 + 16 + 1 and headers[-1] == "Other tools"
    assert headers[1:3] == ["Tool00", "Tool19"], "the most used tools come first"
    rows = {tr.select_one("td a").get_text(): tr.select("td") for tr in matrix.select("tbody tr")}
    other = rows["wide"][-1].get_text(" ", strip=True)
    assert set(other.replace(",", " ").split()) == set(many) - set(headers), "no tool is lost"
    assert rows["heir"][-1].get_text(strip=True) == "all"
    usage = page.select("article table")[-1]
    assert len(usage.select("tbody tr")) == 20, "the usage table lists every tool"
