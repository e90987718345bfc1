"""What each agent may do unattended (`analysis/risk.py`), built into a real site from fixtures
of our own (`tests/fixtures/risk/`): one agent per reason, each page's section in words with
its reasons, the catalog table's Reach column and facet data, the health page's widest-reach
section and the `risk` record of `agents.json`."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from conftest import build_fixture_site, load_json, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "risk"

EXPECT = {
    # agent: (level, the words its reasons must hold, in order)
    "unattended": ("wide", ["`permissionMode: bypassPermissions`: uses every tool it has"]),
    "inheritor": ("wide", ["inherits every tool (MCP tools included)"]),
    "shell-runner": ("moderate", ["runs any shell command: `Bash` without a pattern"]),
    "git-only": ("narrow", ["has no permission mode that skips asking"]),
    "web-writer": ("moderate", ["reads the web and writes files"]),
    "reader": ("narrow", ["has no permission mode that skips asking"]),
    "server-wide": ("moderate", ["every tool of an MCP server: `mcp__github`"]),
    "careful-editor": ("moderate", ["`permissionMode: acceptEdits`: edits files without asking"]),
    "never-asks": (
        "narrow",
        ["`permissionMode: dontAsk`: never asks", "has no permission mode that skips asking"],
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.claude/agents]")


def test_agents_json_has_each_agents_level_and_reasons(site):
    schema = load_json(site / "agents.schema.json")
    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(schema).validate(doc)
    got = {r["name"]: r["risk"] for r in doc["agents"]}
    assert set(got) == set(EXPECT)
    for name, (level, words) in EXPECT.items():
        risk = got[name]
        assert risk["level"] == level, name
        assert risk["rank"] == ["narrow", "moderate", "wide"].index(level)
        assert len(risk["reasons"]) == len(words), (name, risk["reasons"])
        for reason, want in zip(risk["reasons"], words, strict=True):
            assert reason.startswith(want), (name, reason)


def test_each_agent_page_says_what_it_may_do_unattended(site):
    for name, (level, words) in EXPECT.items():
        art = soup(site / "agents" / name / "index.html").find("article")
        heading = art.find("h2", string="What it may do unattended")
        lead = heading.find_next("p").get_text(" ", strip=True)
        assert lead.startswith(f"{level.title()} reach"), (name, lead)
        assert lead.endswith("Why:")
        items = [" ".join(li.get_text().split()) for li in heading.find_next("ul").find_all("li")]
        assert len(items) == len(words)
        for item, want in zip(items, words, strict=True):
            assert item.startswith(want.replace("`", "")), (name, item)


def test_the_catalog_table_has_a_reach_column_and_facet(site):
    page = soup(site / "agents" / "index.html")
    table = page.select_one("[data-ac-catalog] table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[-1] == "Reach" and headers[4] == "Tokens"  # new columns go last
    rows = {tr.find("a").get_text(): tr for tr in table.select("tbody tr")}
    for name, (level, _) in EXPECT.items():
        row = rows[name]
        assert row["data-reach"] == level
        cell = row.find_all("td")[-1]
        assert cell.get_text() == level
        assert cell["data-value"] == str(["narrow", "moderate", "wide"].index(level))
        assert cell["title"].startswith(EXPECT[name][1][0][:20])


def test_the_health_page_lists_the_widest_reach_first(site):
    page = soup(site / "health" / "index.html").find("article")
    table = page.find("h2", id="widest-reach").find_next("table")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    ]
    names = [r[0] for r in rows]
    assert names[:2] == ["inheritor", "unattended"]  # wide, by name
    assert {r[1] for r in rows[2:]} == {"moderate"}
    assert set(names) == {n for n, (lvl, _) in EXPECT.items() if lvl != "narrow"}
    links = table.select("tbody a")
    assert links[0]["href"] == "../agents/inheritor/"
    assert "bypassPermissions" in rows[1][2]
    assert page.find("a", href="../agents/#reach=wide")
