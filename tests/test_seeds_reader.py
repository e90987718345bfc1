"""The five seed files, read by the core reader: each quirk recovered and diagnosed."""

from __future__ import annotations

import frontmatter
import pytest
from agent_catalog.model import Agent
from agent_catalog.reading.reader import read_agent
from conftest import SEEDS


def read(stem: str) -> Agent:
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    agent = read_agent(path, f"seeds/{path.name}")
    assert isinstance(agent, Agent)
    return agent


def rules(agent: Agent) -> dict[str, str]:
    return {d.rule: d.severity for d in agent.diagnostics}


def test_flattened_file_still_gets_its_fields_and_says_why():
    path = next(SEEDS.glob("000_*.txt"))
    # the trap: python-frontmatter silently finds nothing in this file
    assert frontmatter.loads(path.read_text(encoding="utf-8")).metadata == {}
    a = read("000")
    assert a.name == "backend-architect"
    assert a.model == "opus"
    assert a.tools == [
        "Read", "Grep", "Glob", "Bash", "WebSearch", "WebFetch",
        "mcp__context7__resolve-library-id", "mcp__context7__query-docs",
    ]  # fmt: skip
    assert a.description.startswith("Senior Python/FastAPI Engineer")
    assert a.description.endswith("algorithm selection for backend.")
    assert rules(a)["flattened-frontmatter"] == "error"
    d = next(d for d in a.diagnostics if d.rule == "flattened-frontmatter")
    assert d.line == 1 and "Claude Code" in d.message and d.fix


def test_flattened_body_gets_its_structure_back():
    body = read("000").body
    lines = body.split("\n")
    assert "# First Step" in lines or "## First Step" in lines
    assert any(ln.startswith("1. Read the shared team protocol") for ln in lines)
    assert "---" in lines  # rules restored
    assert any(ln.startswith("- Correctness over cleverness") for ln in lines)
    assert "| Library | ID | When to query |" in lines  # a table restored row by row
    assert any(ln.startswith("| FastAPI | ") for ln in lines)
    assert sum(ln.startswith("```") for ln in lines) % 2 == 0


def test_unquoted_colon_in_description_is_recovered_and_diagnosed_with_the_fix():
    a = read("002")
    assert a.name == "backend-architect"
    assert a.model == "sonnet" and a.color == "orange"
    assert a.tools is None  # no tools key: inherits every tool
    assert a.description.startswith("Use this agent when the user is working on backend-related")
    assert "including but not limited to: API endpoint creation" in a.description
    d = next(d for d in a.diagnostics if d.rule == "yaml-unquoted-colon")
    assert d.severity == "warning" and d.line == 3
    assert "quote" in d.fix and ">-" in d.fix


def test_literal_newline_escapes_become_line_breaks():
    a = read("004")
    assert "\\n" not in a.description
    assert "Specifically invoke this agent when:\n\n- Designing new REST API" in a.description
    assert rules(a)["description-literal-escapes"] == "info"


@pytest.mark.parametrize("stem,count", [("002", 4), ("004", 3)])
def test_example_blocks_become_structured_examples(stem, count):
    a = read(stem)
    assert len(a.examples) == count
    assert "<example>" not in a.intro and "<commentary>" not in a.intro
    for ex in a.examples:
        assert ex.context
        speakers = [s for s, _ in ex.dialogue]
        assert speakers[:2] == ["user", "assistant"]
        assert ex.commentary
    assert (
        a.examples[0]
        .dialogue[0][1]
        .startswith(
            "I need to create an endpoint" if stem == "004" else "I need to create an endpoint that"
        )
    )


def test_extra_keys_are_kept():
    a = read("003")
    assert a.name == "tech-backend"
    assert a.metadata["alwaysApply"] is False
    assert a.tools == ["Read", "Write", "Edit", "Bash"]
    assert a.color == "green"
    assert not [d for d in a.diagnostics if d.severity == "error"]


def test_clean_seed_has_no_errors():
    a = read("001")
    assert a.model == "sonnet"
    assert len(a.tools) == 13
    assert not [d for d in a.diagnostics if d.severity in ("error", "warning")]
