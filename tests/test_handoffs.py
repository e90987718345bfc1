"""Copilot handoffs, both ways, in a real site built from fixtures of our own
(`tests/fixtures/handoffs/`): the agent that hands off links its targets, each target links
back, and a handoff to an agent the catalog does not hold is a finding and no link."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_catalog.catalog.load import load_catalog
from conftest import build_fixture_site, field_rows, load_json, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "handoffs"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.github/agents]")


def section(site: Path, slug: str):
    art = soup(site / "agents" / slug / "index.html").find("article")
    return art.find("h2", string="Handoffs")


def items_after(heading, lead: str):
    p = next(p for p in heading.find_all_next("p") if p.get_text().startswith(lead))
    return p.find_next("ul").find_all("li")


def test_the_agent_that_hands_off_links_its_targets(site):
    heading = section(site, "planner")
    items = items_after(heading, "In VS Code, this agent offers to hand off to")
    assert [" ".join(li.get_text().split()) for li in items] == [
        "Start implementing → Implementer, with the prompt Implement the plan above (sent at once)",
        "Get a second opinion → ghost-reviewer (not in this catalog)",
        "Back to the default agent → agent (built into VS Code)",
    ]
    assert [a["href"] for a in items[0].find_all("a")] == ["../implementer/"]
    assert items[1].find("a") is None and items[2].find("a") is None


def test_each_target_links_back(site):
    items = items_after(section(site, "implementer"), "Agents that hand off to this one")
    assert [(li.a.get_text(), li.a["href"]) for li in items] == [("Planner", "../planner/")]
    assert "Start implementing" in items[0].get_text()
    # and the implementer's own handoff (by display name) links the planner, which links back
    back = items_after(section(site, "planner"), "Agents that hand off to this one")
    assert [li.a.get_text() for li in back] == ["Implementer"]


def test_a_handoff_to_a_missing_agent_is_a_finding(site):
    cat = load_catalog([".github/agents"], FIXTURE)
    by = {a.settings["id"]: a for a in cat.agents}
    (d,) = [d for d in by["planner"].diagnostics if d.rule == "copilot-handoff-missing"]
    assert d.severity == "warning" and d.line == 5
    assert "`Get a second opinion` goes to `ghost-reviewer`" in d.message
    assert not [d for d in by["implementer"].diagnostics if d.rule == "copilot-handoff-missing"]
    rec = next(r for r in load_json(site / "agents.json")["agents"] if r["name"] == "Planner")
    assert [h["agent"] for h in rec["settings"]["handoffs"]] == [
        "implementer",
        "ghost-reviewer",
        "agent",  # VS Code's own agent: no finding
    ]


def fields(site: Path, slug: str) -> dict[str, str]:
    return field_rows(soup(site / "agents" / slug / "index.html").find("article"))


def test_target_and_invocation_flags_say_what_they_do(site):
    f = fields(site, "helper")
    assert f["Target"] == "vscode : only VS Code uses this agent"
    assert (
        f["User-invocable"] == "false : hidden from the agents list; only other agents can start it"
    )
    assert f["Model invocation"] == "false : other agents may start it as a subagent"
    for raw in ("target", "user-invocable", "disable-model-invocation"):
        assert raw not in f
    odd = fields(site, "manual")
    assert odd["Target"] == "somewhere: not a documented value, so GitHub Copilot ignores it"
    assert odd["User-invocable"] == "true : people can pick it in the agents list"
    assert odd["Model invocation"] == "yes: not true or false"
    cloud = fields(site, "planner")
    assert "Target" not in cloud  # unset: both VS Code and the cloud agent use it
