"""Shared helpers for the reader, rules and check tests (imported by those test modules)."""

from __future__ import annotations

import os
from pathlib import Path

from agent_catalog.checks.rules import apply_rules
from agent_catalog.model import Agent, Skipped
from agent_catalog.reading.reader import read_agent, read_agent_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AGENT_CATALOG_CORPUS") or REPO.parent / "shared" / "corpus")
"""The public corpus beside the clone (as in CI); AGENT_CATALOG_CORPUS points elsewhere."""


def judged(result: Agent | Skipped) -> Agent | Skipped:
    """Run the per-agent rules, as `catalog.finalise` does."""
    if isinstance(result, Agent):
        apply_rules(result)
    return result


def read_fixture(name: str) -> Agent | Skipped:
    return judged(read_agent(FIXTURES / name, name))


def read_text(text: str | bytes, name: str = "agent.md") -> Agent | Skipped:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return judged(read_agent_bytes(data, Path(name), name))


def agent_of(text: str | bytes, name: str = "agent.md") -> Agent:
    result = read_text(text, name)
    assert isinstance(result, Agent), getattr(result, "reason", result)
    return result


def rules_of(result: Agent | Skipped) -> dict[str, str]:
    """rule id -> severity of every finding."""
    return {d.rule: d.severity for d in result.diagnostics}
