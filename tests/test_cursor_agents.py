"""Cursor subagents (`.cursor/agents/*.md`) as a format of their own, beside Cursor rules,
built into a real site from fixtures of our own (`tests/fixtures/cursor-agents/`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import agents_by_name, build_fixture_site, field_rows, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cursor-agents"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.cursor/agents, .cursor/rules]")


@pytest.fixture(scope="module")
def agents(site) -> dict[str, dict]:
    return agents_by_name(site)  # `cursor-agent` is a format the schema knows


def _article(site: Path, name: str):
    return soup(site / "agents" / name / "index.html").find("article")


def test_told_apart_from_rules_by_folder(agents):
    assert agents["python"]["format"] == "cursor"
    for name in ("explorer", "fixer", "auditor"):
        assert agents[name]["format"] == "cursor-agent", name
        assert agents[name]["format_detected_by"] == "location"
        assert agents[name]["install_path"] == f".cursor/agents/{name}.md"
    assert agents["auditor"]["name_from"] == "filename"  # no `name`: the file name


def test_the_page_says_what_each_field_does(site):
    art = _article(site, "explorer")
    rows = field_rows(art)
    assert rows["Format"] == "Cursor subagents"
    assert rows["Model"] == "fast"
    assert rows["Model choice"] == "fast : Cursor's fast model"
    assert rows["Read-only"].startswith("true : reads only; it edits no files")
    assert rows["Tools"] == "the tools of the chat that starts it, to read only"
    assert "readonly" not in rows
    fixer = field_rows(_article(site, "fixer"))
    assert fixer["Model choice"] == "inherit : uses the model of the chat that starts it"
    assert fixer["Background"].startswith("true : runs in the background")
    install = " ".join(_article(site, "fixer").get_text().split())
    assert "mkdir -p .cursor/agents" in install
    assert "in your project; Cursor reads agents from that folder." in install


def test_a_flag_that_is_not_a_boolean_is_named_and_kept_as_written(site, agents):
    a = agents["auditor"]
    (d,) = [d for d in a["diagnostics"] if d["rule"] == "cursor-agent-flag"]
    assert d["severity"] == "warning" and d["line"] == 4
    assert d["message"] == "`readonly: yes please` is not true or false"
    rows = field_rows(_article(site, "auditor"))
    assert rows["readonly"] == "yes please" and "Read-only" not in rows
    assert "Model choice" not in rows  # a model id means itself
    assert rows["Background"].startswith("false : runs in the foreground")


def test_readonly_narrows_the_reach_and_background_widens_it(agents):
    assert agents["explorer"]["risk"]["level"] == "narrow"
    (reason,) = agents["explorer"]["risk"]["reasons"]
    assert reason.startswith("`readonly: true`: it works with the tools of the chat")
    assert agents["fixer"]["risk"]["level"] == "wide"
    assert agents["fixer"]["risk"]["reasons"][-1].startswith("`is_background: true`")
    assert agents["auditor"]["risk"]["level"] == "wide"  # the flag is unreadable: not narrowed


def test_init_finds_the_folder(tmp_path):
    root = tmp_path / "acme"
    (root / ".cursor" / "agents").mkdir(parents=True)
    (root / ".cursor/agents/explorer.md").write_bytes(
        (FIXTURE / ".cursor/agents/explorer.md").read_bytes()
    )
    proc = subprocess.run(
        [sys.executable, "-m", "agent_catalog", "init"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Agents: .cursor/agents (Cursor subagents, 1 file)" in proc.stdout
