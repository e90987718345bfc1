"""Configuration as a user meets it: overrides take effect, mistakes are clear errors."""

from __future__ import annotations

from urllib.parse import urljoin

from conftest import load_json, make_project, mkdocs_build, soup

AGENT = """
---
name: api-designer
description: Designs HTTP APIs.
tools: Read, Grep
---
# Api designer

You design APIs.
"""


def test_user_template_override_takes_effect(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"api-designer.md": AGENT},
        plugin_config="sources: [agents]\ncustom_templates: overrides",
    )
    (project / "overrides").mkdir()
    (project / "overrides" / "agent.md.j2").write_text(
        "# {{ agent.name|text }}\n\nCUSTOM TEMPLATE for {{ agent.summary|text }}\n",
        encoding="utf-8",
    )
    mkdocs_build(project)
    page = soup(project / "site" / "agents" / "api-designer" / "index.html")
    assert "CUSTOM TEMPLATE for Designs HTTP APIs." in page.select_one("article").get_text()
    # the other pages still come from the packaged templates
    home = soup(project / "site" / "agents" / "index.html")
    assert home.select("article table tbody tr")


def test_wrong_type_in_config_is_a_clear_error(tmp_path):
    project = make_project(tmp_path / "p", {"a.md": AGENT}, plugin_config="sources: 3")
    proc = mkdocs_build(project, check=False)
    assert proc.returncode != 0
    assert "sources" in proc.stderr and "agent-catalog" in proc.stderr


def test_missing_template_folder_is_a_clear_error(tmp_path):
    project = make_project(
        tmp_path / "p", {"a.md": AGENT}, plugin_config="sources: [agents]\ncustom_templates: nope"
    )
    proc = mkdocs_build(project, check=False)
    assert proc.returncode != 0
    assert "custom_templates" in proc.stderr and "nope" in proc.stderr


def test_unknown_option_is_reported(tmp_path):
    project = make_project(
        tmp_path / "p", {"a.md": AGENT}, plugin_config="sources: [agents]\nsoruces: [x]"
    )
    proc = mkdocs_build(project, check=False)
    assert "soruces" in proc.stderr


def test_prefix_moves_every_catalog_page(tmp_path):
    project = make_project(
        tmp_path / "p", {"a.md": AGENT}, plugin_config="sources: [agents]\nprefix: catalog"
    )
    mkdocs_build(project)
    site = project / "site"
    assert (site / "catalog" / "agents" / "api-designer" / "index.html").is_file()
    assert (site / "catalog" / "compare" / "tools" / "index.html").is_file()
    rec = load_json(site / "agents.json")["agents"][0]
    assert rec["url"] == "catalog/agents/api-designer/"


def test_source_is_linked_when_repo_url_is_set(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"a.md": AGENT},
        extra="repo_url: https://github.com/acme/agents\n",
    )
    mkdocs_build(project)
    page = soup(project / "site" / "agents" / "api-designer" / "index.html")
    links = [a["href"] for a in page.select("article a[href]")]
    assert "https://github.com/acme/agents/blob/main/agents/a.md" in links


def test_slugs_do_not_move_when_files_are_added(tmp_path):
    first = {"one.md": AGENT, "two.md": AGENT.replace("api-designer", "db-expert")}
    project = make_project(tmp_path / "p", first)
    mkdocs_build(project)
    before = {r["source"]: r["url"] for r in load_json(project / "site/agents.json")["agents"]}
    (project / "agents" / "zero.md").write_text(AGENT.replace("api-designer", "aaa").lstrip())
    (project / "agents" / "three.md").write_text(
        AGENT.replace("api-designer", "db-expert").lstrip()
    )
    mkdocs_build(project)
    after = {r["source"]: r["url"] for r in load_json(project / "site/agents.json")["agents"]}
    assert after["agents/one.md"] == before["agents/one.md"]
    assert len(set(after.values())) == 4


def test_without_a_nav_the_catalog_is_listed_but_agent_pages_are_not(tmp_path):
    agents = {f"agent{n}.md": AGENT.replace("api-designer", f"agent-{n}") for n in range(3)}
    project = make_project(tmp_path / "p", agents)
    proc = mkdocs_build(project)
    assert "not included in the" not in proc.stderr  # no "omitted from nav" noise per agent
    page = soup(project / "site" / "agents" / "agent-1" / "index.html")
    here = "http://x/agents/agent-1/"
    nav = [urljoin(here, a.get("href", "")) for a in page.select("nav.md-nav--primary a")]
    assert not any("agent-0" in h or "agent-2" in h for h in nav)
    assert "http://x/agents/" in nav
    assert any("compare/tools" in h for h in nav) and any("health" in h for h in nav)
