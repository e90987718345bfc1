"""Other tools' 2026 fields, built into a real site from fixtures of our own
(`tests/fixtures/formats-2026/`): Gemini CLI's remote (A2A) subagents."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_fixture_site, load_json, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "formats-2026"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.gemini/agents]")


def test_a_remote_gemini_agent_says_it_runs_elsewhere(site):
    art = soup(site / "agents" / "remote-researcher" / "index.html").find("article")
    table = next(t for t in art.find_all("table") if t.find("th", string="Field"))
    rows = {
        tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1]
        for tr in table.find("tbody").find_all("tr")
    }
    kind = rows["Kind"]
    assert " ".join(kind.get_text().split()).startswith(
        "remote: an A2A agent that runs elsewhere; Gemini CLI sends it the task"
    )
    card = "https://agents.example.org/researcher/.well-known/agent.json"
    assert kind.find_all("code")[-1].get_text() == card and kind.find("a") is None
    assert "kind" not in rows
    risk = next(r for r in load_json(site / "agents.json")["agents"])["risk"]
    assert risk["level"] == "moderate"
    assert risk["reasons"] == [
        "is a remote (A2A) agent: what it may do is decided where it runs, not here"
    ]
