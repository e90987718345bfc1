"""Page roles are decided once, never guessed from a file name.

The story: a catalog holds agents named `models`, `tools`, `responsibilities` and `health`, two
of them twice (so their names also get a page comparing the two, `agents/models/`). The
catalog's own navigation still lists Catalog, Compare tools, Compare models, Compare
responsibilities and Health, and each agent keeps its page, out of the navigation.
"""

from __future__ import annotations

from urllib.parse import urljoin

from conftest import load_json, make_project, mkdocs_build, soup


def _agent(name: str, text: str) -> str:
    return f"---\nname: {name}\ndescription: {text}\n---\nYou are {name}.\n"


def test_agents_named_like_the_catalog_pages_leave_its_navigation_intact(tmp_path):
    agents = {
        "a/models.md": _agent("models", "Picks models."),
        "b/models.md": _agent("models", "Picks models, again."),
        "a/tools.md": _agent("tools", "Knows tools."),
        "b/tools.md": _agent("tools", "Knows tools, again."),
        "responsibilities.md": _agent("responsibilities", "Owns things."),
        "health.md": _agent("health", "Checks health."),
    }
    project = make_project(tmp_path / "p", agents)
    mkdocs_build(project)
    site = project / "site"
    home = soup(site / "agents" / "index.html")
    nav = {
        urljoin("https://x.test/agents/", a["href"]).removeprefix("https://x.test/")
        for a in home.select("nav.md-nav--primary a[href]")
    }
    catalog_pages = {"agents/", "compare/tools/", "compare/models/"}
    catalog_pages |= {"compare/responsibilities/", "health/"}
    assert catalog_pages <= nav, sorted(catalog_pages - nav)
    records = load_json(site / "agents.json")["agents"]
    assert len(records) == 6
    for r in records:
        page = soup(site / r["url"] / "index.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == r["name"]
        assert r["url"] not in nav, f"{r['url']} is reached from the catalog, not the nav"
    for shared in ("models", "tools"):  # the page comparing the two agents of one name
        compare = soup(site / "agents" / shared / "index.html")
        assert len(compare.select("article table tbody tr")) >= 2, shared
    assert soup(site / "compare" / "models" / "index.html").select_one("article h1")
