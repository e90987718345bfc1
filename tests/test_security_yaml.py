"""YAML bombs are refused with a finding, in bounded time and memory (issue 7, threat 4).

Each bomb here takes PyYAML seconds to hours or gigabytes without the bounds in `yaml_fields`;
the `timeout` marks are ceilings some hundred times above the bounded cost, not speed targets
(speed is measured in `bench/`).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
import yaml
from agent_catalog.model import Agent
from agent_catalog.reading.reader import read_agent_bytes
from agent_catalog.reading.yaml_fields import MAX_DEPTH, MAX_YAML_LINES, Fields, parse_fields
from hostile import (
    billion_laughs,
    deep_block,
    deep_flow,
    huge_number,
    long_frontmatter,
    recursive_alias,
)
from hypothesis import given, settings
from hypothesis import strategies as st


def read(text: str) -> Agent:
    agent = read_agent_bytes(text.encode(), Path("bomb.md"), "agents/bomb.md")
    assert isinstance(agent, Agent), "a bomb in one field must not lose the agent"
    return agent


def rules(agent: Agent) -> set[str]:
    return {d.rule for d in agent.diagnostics}


@pytest.mark.timeout(20)
def test_billion_laughs_is_refused_and_the_data_stays_small():
    agent = read(billion_laughs())
    assert "yaml-too-complex" in rules(agent)
    assert agent.name == "laughs"
    assert agent.description == "a YAML alias bomb"
    assert "The body survives." in agent.body
    # anything that walks the metadata (agents.json, the page's other keys) stays small
    assert len(json.dumps(agent.metadata)) < 50_000


def test_a_small_alias_bomb_never_expands_in_exports():
    # 10**5 strings once expanded: no hang, but a 700 kB export from 200 bytes of YAML
    agent = read(billion_laughs(levels=5, width=10))
    assert "yaml-too-complex" in rules(agent)
    assert len(json.dumps(agent.metadata)) < 50_000


def test_a_few_honest_aliases_still_work():
    text = "---\nname: a\ndescription: d\nbase: &b [Read, Grep]\ntools: *b\n---\nbody\n"
    agent = read(text)
    assert agent.tools == ["Read", "Grep"]
    assert "yaml-too-complex" not in rules(agent)


@pytest.mark.timeout(20)
def test_an_alias_to_its_own_parent_is_refused():
    agent = read(recursive_alias())
    assert "yaml-too-complex" in rules(agent)
    json.dumps(agent.metadata)  # no circular structure left to trip over


@pytest.mark.timeout(20)
def test_a_100000_line_frontmatter_is_cut_in_bounded_memory():
    text = long_frontmatter(100_000)
    tracemalloc.start()
    try:
        agent = read(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "frontmatter-too-large" in rules(agent)
    assert agent.name == "long-frontmatter"
    assert "The body survives." in agent.body
    assert len(agent.metadata) <= MAX_YAML_LINES
    assert peak < 10 * len(text), f"peak {peak:,} bytes for {len(text):,} characters of input"


def test_deep_flow_nesting_is_refused_before_the_scanner_reads_it_all(monkeypatch):
    # PyYAML's scanner reads a whole `[[[[...` run ahead, looking for a `:` after it, before the
    # composer sees the depth: count the levels it opens instead of timing it
    opened = 0
    original = yaml.scanner.Scanner.fetch_flow_collection_start

    def counting(self, token_class):
        nonlocal opened
        opened += 1
        return original(self, token_class)

    monkeypatch.setattr(yaml.scanner.Scanner, "fetch_flow_collection_start", counting)
    agent = read(deep_flow(15_000))
    assert "yaml-too-complex" in rules(agent)
    assert agent.name == "deep-flow"
    assert opened < 20 * MAX_DEPTH, f"the scanner opened {opened:,} levels"


@pytest.mark.timeout(10)
def test_deep_block_nesting_is_refused():
    agent = read(deep_block(500))
    assert "yaml-too-complex" in rules(agent)
    assert agent.description == "deeply nested mapping"


def test_compact_nesting_is_refused_on_the_fast_path_too():
    # `- - - x` nests lists without brackets or indentation: libyaml reads it unbounded
    agent = read("---\nname: compact\ndescription: d\nx:\n  " + "- " * 300 + "a\n---\nb\n")
    assert "yaml-too-complex" in rules(agent)
    assert agent.description == "d"
    json.dumps(agent.metadata)


def test_hostile_scalars_are_findings_not_crashes():
    agent = read(huge_number())
    assert agent.name == "huge-number"
    assert agent.metadata["maxTurns"] == "9" * 5000  # kept, as text
    assert {"yaml-invalid", "yaml-unquoted-colon"} & rules(agent)
    for value in ("!!int abc", "!!float abc", "!!timestamp 2020-13-45", "0x" + "f" * 5000):
        fields = parse_fields(f"name: x\nvalue: {value}", 2)
        assert fields.values["name"] == "x"
        assert fields.findings, value


YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@`?,\n 0123456789\t\\.")), max_size=300
)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_frontmatter_text_gives_fields_never_an_exception(text):
    fields = parse_fields(text, 2)
    assert isinstance(fields, Fields)
    json.dumps(fields.values, default=str)
