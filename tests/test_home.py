"""The site's home page (`home.py`): without one in the docs the catalog is the home, under the
plugin and `build-pages` alike, and `agents/` keeps working; with one, the home links the
catalog. Real builds, read with a parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_catalog.site import home
from conftest import REPO, make_project, mkdocs_build, soup
from test_build_pages import _build_pages
from test_search_index import fragments

AGENT = """\
---
name: code-reviewer
description: Reviews a change for bugs and missing tests before it is merged.
tools: Read, Grep
---
Read the diff, then the tests.
"""


def _project(root: Path, index: str | None) -> Path:
    project = make_project(root, agents={"code-reviewer.md": AGENT})
    if index is None:
        (project / "docs" / "index.md").unlink()
    else:
        (project / "docs" / "index.md").write_text(index, encoding="utf-8")
    return project


def _nav(page) -> list[str]:
    return [a.get("href", "") for a in page.select("nav.md-nav--primary a.md-nav__link[href]")]


def _resolve(site: Path, page_dir: str, href: str) -> Path:
    target = (site / page_dir / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_without_a_home_page_the_catalog_is_the_home(tmp_path):
    project = _project(tmp_path / "p", index=None)
    mkdocs_build(project, "--strict")
    site = project / "site"
    root = soup(site / "index.html")
    article = root.select_one("article")
    assert article.h1.get_text(strip=True).rstrip("¶") == "Test catalog"  # the site's name
    (link,) = article.select("table a[href]")
    assert _resolve(site, "", link["href"]) == site / "agents" / "code-reviewer" / "index.html"
    for a in article.select("a[href]"):  # every link of the home copy resolves from the root
        if "://" not in a["href"] and not a["href"].startswith("#"):
            assert _resolve(site, "", a["href"]).is_file(), a["href"]
    # agents/ is still the catalog (a public URL): same table, links from its own folder
    catalog = soup(site / "agents" / "index.html").select_one("article")
    (link,) = catalog.select("table a[href]")
    assert (
        _resolve(site, "agents", link["href"]) == site / "agents" / "code-reviewer" / "index.html"
    )
    # the nav starts at the home and lists the catalog once; search indexes agents/ only
    nav = _nav(root)
    assert nav[0] in (".", "./")
    assert not any(h.rstrip("/").endswith("agents") for h in nav), nav
    locations = {f["url"] for f in fragments(site)}
    assert "/agents/" in locations and "/" not in locations


def test_a_docs_home_page_is_kept_and_links_the_catalog(tmp_path):
    written = "# Our team\n\nWhat we build.\n"
    project = _project(tmp_path / "p", index=written)
    mkdocs_build(project, "--strict")
    article = soup(project / "site" / "index.html").select_one("article")
    assert article.h1.get_text(strip=True).rstrip("¶") == "Our team"
    (link,) = [a for a in article.select("a[href]") if "catalog" in a.get_text()]
    assert _resolve(project / "site", "", link["href"]) == project / "site/agents/index.html"
    assert "(1 agent)" in article.get_text()
    assert (project / "docs" / "index.md").read_text(encoding="utf-8") == written, "untouched"


def test_a_home_page_that_already_links_the_catalog_gets_no_second_link(tmp_path):
    project = _project(tmp_path / "p", index="# Ours\n\nSee [our agents](agents/).\n")
    mkdocs_build(project)
    text = soup(project / "site" / "index.html").select_one("article").get_text()
    assert "Browse the agent catalog" not in text


def test_a_readme_is_the_home_too(tmp_path):
    project = _project(tmp_path / "p", index=None)
    (project / "docs" / "README.md").write_text("# Readme home\n", encoding="utf-8")
    mkdocs_build(project)
    article = soup(project / "site" / "index.html").select_one("article")
    assert article.h1.get_text(strip=True).rstrip("¶") == "Readme home"
    assert "Browse the agent catalog" in article.get_text()


@pytest.mark.parametrize(
    "markdown, linked",
    [
        ("[x](agents/index.md)", True),
        ("[x](agents/)", True),
        ("[x](./agents/#tool=Read)", True),
        ("[x][c]\n\n[c]: agents/index.md", True),
        ('<a href="agents/">x</a>', True),
        ("[x](agents/code-reviewer.md)", False),
        ("[x](https://example.com/agents/)", False),
        ("agents/index.md in prose", False),
    ],
)
def test_what_counts_as_a_link_to_the_catalog(markdown, linked):
    assert home.links_catalog(markdown, "index.md", "") is linked


def test_with_a_prefix_the_link_goes_under_it():
    assert home.links_catalog("[x](team/agents/)", "index.md", "team")
    assert not home.links_catalog("[x](agents/)", "index.md", "team")
    assert (
        home.catalog_line("team", 2)
        == "[Browse the agent catalog](team/agents/index.md) (2 agents)."
    )


def test_build_pages_makes_the_same_home_and_knows_its_own(tmp_path):
    docs = tmp_path / "docs"
    proc = _build_pages(docs, "--source", "seeds/*.txt")
    assert proc.returncode == 0, proc.stderr
    first = (docs / "index.md").read_text(encoding="utf-8")
    assert home.written_by_us(docs / "index.md") and first.count('<a href="agents/') == 5
    assert _build_pages(docs, "--source", "seeds/*.txt").returncode == 0
    assert (docs / "index.md").read_text(encoding="utf-8") == first, "rewritten, not kept"
    # the team adds its own home: the catalog's copy goes, and the command asks for a link
    (docs / "README.md").write_text("# Our agents\n", encoding="utf-8")
    proc = _build_pages(docs, "--source", "seeds/*.txt")
    assert not (docs / "index.md").exists()
    assert "README.md has no link to the catalog" in proc.stderr
    assert "[Browse the agent catalog](agents/index.md)" in proc.stderr
    assert "!/agents/index.md" in proc.stdout  # the catalog is not the home: keep it in the nav
    # without the README the catalog is the home again; a plain MkDocs host (no plugin) serves it
    (docs / "README.md").unlink()
    proc = _build_pages(docs, "--config", str(REPO / "mkdocs.yml"))
    assert proc.returncode == 0
    snippet = proc.stdout.split("add to mkdocs.yml:", 1)[1]
    assert "!/agents/index.md" not in snippet  # the home lists the catalog, agents/ need not
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Plain host\ntheme:\n  name: material\n  font: false\n" + snippet,
        encoding="utf-8",
    )
    mkdocs_build(tmp_path, "--strict")
    page = soup(tmp_path / "site" / "index.html")
    root = page.select_one("article")
    assert root.h1.get_text(strip=True).rstrip("¶") == "Agent catalog (seed agents)"
    assert len(root.select("table a[href]")) == 5
    assert (tmp_path / "site" / "agents" / "index.html").is_file()
    nav = [a["href"] for a in page.select("nav.md-nav--primary a.md-nav__link[href]")]
    assert nav[0] in (".", "./") and not any(h.rstrip("/").endswith("agents") for h in nav), nav


def test_with_a_nav_that_lists_only_the_home_the_catalog_section_follows_it(tmp_path):
    # what `agent-catalog init` writes (`nav: [Home: index.md]`), once the team deletes the page
    project = _project(tmp_path / "p", index=None)
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as fh:
        fh.write("nav:\n  - Home: index.md\n")
    mkdocs_build(project, "--strict")
    root = soup(project / "site" / "index.html")
    nav = [
        " ".join(a.get_text().split())
        for a in root.select("nav.md-nav--primary a.md-nav__link[href]")
    ]
    assert nav[:5] == ["Home", "Tools", "Models", "Responsibilities", "Catalog health"]
    assert root.select_one("article table a[href]") is not None, "the home is the catalog"


def test_an_excluded_readme_is_no_home_page(tmp_path):
    project = _project(tmp_path / "p", index=None)
    (project / "docs" / "README.md").write_text("# Notes for maintainers\n", encoding="utf-8")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as fh:
        fh.write("exclude_docs: README.md\n")
    mkdocs_build(project, "--strict")
    root = soup(project / "site" / "index.html").select_one("article")
    assert root.h1.get_text(strip=True).rstrip("¶") == "Test catalog", "the catalog is the home"
