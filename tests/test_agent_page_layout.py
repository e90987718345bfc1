"""How an agent page reads, in the built HTML of the seed site: what the agent is for first,
its errors and warnings open right below, info-level notes folded away; and the health page's
file paths lead to the agents' pages."""

from __future__ import annotations

from conftest import soup
from test_site_seeds import records


def _order(article, *elements) -> list[int]:
    """Each element's position among all the article's descendants (document order)."""
    everything = list(article.descendants)
    return [everything.index(e) for e in elements]


def _h2(article, title: str):
    (h,) = [
        h for h in article.select("h2") if h.get_text(" ", strip=True).rstrip("¶").strip() == title
    ]
    return h


def test_an_agent_page_opens_with_what_the_agent_is_for(seed_site):
    recs = records(seed_site)
    page = soup(seed_site / recs["004"]["url"] / "index.html")
    article = page.select_one("article")
    intro = next(p for p in article.select("p") if "backend architecture" in p.get_text())
    assert "Use this agent when designing or implementing backend architecture" in intro.get_text()
    problems = article.select_one(".admonition.warning")  # the shared name: a warning
    assert problems is not None and "problem" in problems.get_text()
    notes = article.select_one("details.info")
    assert notes is not None and not notes.has_attr("open"), "info notes fold away"
    assert "differs from the file name" in notes.get_text()
    assert "differs from the file name" not in problems.get_text()
    facts = article.select_one("table")
    positions = _order(
        article,
        article.h1,
        intro,
        problems,
        notes,
        facts,
        _h2(article, "What it is for"),
        _h2(article, "When to use"),
        _h2(article, "Tools"),
        _h2(article, "Install"),
        _h2(article, "Prompt"),
    )
    assert positions == sorted(positions), positions
    # the first responsibility listed is the author's own "Core Responsibilities"
    first = _h2(article, "What it is for").find_next("li")
    assert first.get_text(" ", strip=True).startswith("Architectural Planning and Coordination")


def test_errors_stay_open_above_the_facts(seed_site):
    recs = records(seed_site)
    article = soup(seed_site / recs["000"]["url"] / "index.html").select_one("article")
    failure = article.select_one(".admonition.failure")
    assert failure.name == "div", "errors are never folded"
    text = failure.get_text(" ", strip=True)
    assert "the whole file is on one line" in text
    # words and code spans keep their spaces ("the name `x` is", not "the name`x`is")
    assert "the name backend-architect is also used by" in " ".join(text.split())
    assert _order(article, failure, article.select_one("table")) == sorted(
        _order(article, failure, article.select_one("table"))
    )


def test_a_page_with_only_notes_shows_no_problem_box(seed_site):
    recs = records(seed_site)
    for stem, r in recs.items():
        article = soup(seed_site / r["url"] / "index.html").select_one("article")
        severities = {d["severity"] for d in r["diagnostics"]}
        assert bool(article.select(".admonition.failure, .admonition.warning")) == bool(
            severities & {"error", "warning"}
        ), stem
        assert bool(article.select("details.info")) == ("info" in severities), stem


def test_health_page_links_each_file_to_its_agent_page(seed_site):
    recs = records(seed_site)
    page = soup(seed_site / "health" / "index.html")
    article = page.select_one("article")
    by_source = {r["source"]: r for r in recs.values()}
    linked = 0
    for row in article.select("table tr"):
        cells = row.select("td")
        if not cells:
            continue
        source = cells[0].get_text(strip=True)
        if source in by_source:
            a = cells[0].select_one("a[href]")
            assert a is not None, source
            target = (seed_site / "health" / a["href"]).resolve()
            assert target == (seed_site / by_source[source]["url"]).resolve(), source
            linked += 1
    assert linked >= len(recs)
