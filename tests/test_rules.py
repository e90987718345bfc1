"""Rules judge what was read, with the severity Claude Code's own behaviour gives them: error
where it would skip the file, warning where it loads something wrong, info for style."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_catalog.catalog.load import finalise, scan_root
from agent_catalog.checks.rules import (
    RULES,
    all_checks,
    apply_rules,
    is_claude_model,
    suggest_key,
    suggest_model,
)
from agent_catalog.model import Catalog
from reader_support import FIXTURES, agent_of, read_fixture, rules_of


def fm(*lines: str, body: str = "Body.\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


OK = ("name: reviewer", "description: Reviews code after changes.")


def findings(text: str, name: str = "reviewer.md") -> dict[str, str]:
    return rules_of(agent_of(text, name))


def test_a_well_formed_agent_has_no_finding():
    text = fm(*OK, "tools: Read, Grep, Bash(git *), mcp__github__get_issue", "model: sonnet")
    assert findings(text) == {}


@pytest.mark.parametrize(
    "lines, rule, severity",
    [
        (("description: d",), "name-missing", "error"),
        (("name: ''", "description: d"), "name-missing", "error"),
        (("name: 'team:reviewer'", "description: d"), "name-invalid", "error"),
        (("name: -reviewer", "description: d"), "name-invalid", "error"),
        (("name: Code Reviewer", "description: d"), "name-style", "warning"),
        (("name: reviewer",), "description-missing", "error"),
        (("name: reviewer", "description: ''"), "description-missing", "error"),
        ((*OK, "model: gpt-4.1"), "model-unknown", "warning"),
        ((*OK, "model: [sonnet, opus]"), "model-unknown", "warning"),
        ((*OK, "tools: Read, Serch"), "tool-unknown", "warning"),
        ((*OK, "disallowedTools: Wirte"), "tool-unknown", "warning"),
        ((*OK, "tools: Read, Bash", "disallowedTools: Bash"), "tools-conflict", "info"),
        ((*OK, "Tools: Read"), "key-typo", "warning"),
        ((*OK, "modle: opus"), "key-typo", "warning"),
        ((*OK, "allowed-tools: Read"), "key-typo", "warning"),
        ((*OK, "color: magenta"), "field-value", "warning"),
        ((*OK, "permissionMode: yolo"), "field-value", "warning"),
        ((*OK, "maxTurns: -3"), "field-value", "warning"),
        ((*OK, "background: sometimes"), "field-value", "warning"),
        ((*OK, "# a comment --- with dashes"), "frontmatter-early-end", "warning"),
        (("name: reviewer", "description: Before --- after"), "frontmatter-early-end", "warning"),
    ],
)
def test_each_rule_fires_with_its_severity(lines, rule, severity):
    got = findings(fm(*lines))
    assert got.get(rule) == severity, got


def test_name_file_mismatch_is_info():
    assert findings(fm(*OK), "code-reviewer.md") == {"name-file-mismatch": "info"}
    # the extension, however long, is not part of the name
    assert findings(fm(*OK), "agents/reviewer.agent.md") == {}


def test_missing_name_falls_back_to_the_file_name_and_says_so():
    agent = agent_of(fm("description: d"), ".claude/agents/code-reviewer.md")
    assert agent.name == "code-reviewer" and agent.name_from == "filename"
    (d,) = agent.diagnostics
    assert d.fix == "add `name: code-reviewer` to the frontmatter"
    assert d.line == 1


@pytest.mark.parametrize(
    "model",
    [
        "sonnet",
        "opus",
        "haiku",
        "inherit",
        "fable",
        "opusplan",
        "default",
        "sonnet[1m]",
        "claude-sonnet-4-20250514",
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-1",
        "claude-3-5-sonnet-20241022",
        "claude-3-7-sonnet-latest",
        "claude-haiku-4-5@20251001",
        "us.anthropic.claude-sonnet-4-20250514-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/x",
    ],
)
def test_documented_models_are_known(model):
    assert is_claude_model(model)
    assert "model-unknown" not in findings(fm(*OK, f"model: '{model}'"))


@pytest.mark.parametrize(
    "model, meant",
    [
        ("Claude Sonnet 4.5", "claude-sonnet-4-5"),
        ("claude-sonnet-4.6", "claude-sonnet-4-6"),
        ("claude-4-sonnet", "claude-sonnet-4"),
        ("Claude Sonnet 4.5 (copilot)", "claude-sonnet-4-5"),
        ("anthropic/claude-sonnet-4-20250514", "claude-sonnet-4-20250514"),
        ("Sonnet", "sonnet"),
        ("GPT-4.1", None),
        ("claude-3.5-sonnet", "claude-3-5-sonnet"),
    ],
)
def test_near_miss_models_get_a_suggestion(model, meant):
    assert not is_claude_model(model)
    assert suggest_model(model) == meant


def test_unknown_model_fix_names_the_suggestion():
    agent = agent_of(fm(*OK, "model: Claude Sonnet 4.5"), "reviewer.md")
    (d,) = agent.diagnostics
    assert d.fix == "use `model: claude-sonnet-4-5`"
    assert d.line == 4


def test_tool_case_mistakes_get_the_right_name():
    agent = agent_of(fm(*OK, "tools: read, bash, WebSearch, codebase"), "reviewer.md")
    (d,) = agent.diagnostics
    assert "`read`, `bash`, `codebase`" in d.message
    assert d.fix == "tool names are case-sensitive: `read` -> `Read`, `bash` -> `Bash`"


def test_old_tool_names_and_mcp_are_valid():
    text = fm(*OK, "tools: Task, MultiEdit, LS, NotebookRead, mcp__srv, mcp__srv__*, Agent(x, y)")
    assert findings(text) == {}


@pytest.mark.parametrize(
    "key, meant",
    [
        ("Name", "name"),
        ("descripton", "description"),
        ("tool", "tools"),
        ("max_turns", "maxTurns"),
        ("disallowed-tools", "disallowedTools"),
        ("permission_mode", "permissionMode"),
        ("mode", None),  # OpenCode's key, not a typo of `model`
        ("globs", None),
        ("category", None),
        ("name", None),
    ],
)
def test_key_typos(key, meant):
    assert suggest_key(key) == meant


def test_rules_for_one_format_skip_other_formats():
    agent = agent_of(fm("description: d", "tools: read_file", "model: gemini-2.5-pro"), "x.md")
    assert agent.format == "gemini"  # known by its Gemini CLI tool names
    apply_rules(agent)
    # Gemini CLI's own rules speak (no name, a comma string for tools); Claude Code's do not
    assert rules_of(agent) == {"gemini-name-missing": "error", "gemini-tools-not-list": "error"}
    claude_only = {r.id for r in RULES if r.formats == frozenset({"claude"})}
    assert {"name-missing", "model-unknown", "tool-unknown"} <= claude_only


def test_apply_rules_twice_gives_the_same_findings():
    agent = agent_of(fm("description: d", "model: gpt-5"), "x.md")
    before = [(d.rule, d.line) for d in agent.diagnostics]
    apply_rules(agent)
    assert [(d.rule, d.line) for d in agent.diagnostics] == before


def test_every_rule_is_documented_with_a_known_severity():
    assert len({r.id for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.severity in ("error", "warning", "info") and r.summary


def test_finalise_runs_rules_and_flags_duplicates_within_one_agents_tree():
    a = agent_of(fm(*OK), ".claude/agents/review/reviewer.md")
    b = agent_of(fm(*OK), ".claude/agents/ops/reviewer.md")
    c = agent_of(fm(*OK), "other/agents/reviewer.md")
    for agent in (a, b, c):
        agent.diagnostics.clear()
    catalog = finalise(Catalog(agents=[a, b, c]))
    a, b, c = catalog.agents
    assert rules_of(a) == {"duplicate-name": "warning"}
    assert rules_of(b) == {"duplicate-name": "warning"}
    assert rules_of(c) == {}
    assert a.diagnostics[0].line == 2


@pytest.mark.parametrize(
    "source, root",
    [
        (".claude/agents/x.md", ".claude/agents"),
        (".claude/agents/team/x.md", ".claude/agents"),
        ("plugins/p/agents/x.md", "plugins/p/agents"),
        (".cursor/rules/x.mdc", ".cursor/rules"),
        ("categories/01-core/x.md", "categories/01-core"),
        ("x.md", "."),
    ],
)
def test_scan_root(source, root):
    assert scan_root(source) == root


def test_every_check_is_documented_with_its_severity():
    docs = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    for check_id, severity, summary in all_checks():
        assert f"| `{check_id}` | {severity} | {summary} |" in docs, check_id


def test_every_finding_the_fixtures_produce_is_a_documented_check():
    documented = {c[0] for c in all_checks()}
    seen = set()
    for path in sorted(FIXTURES.iterdir()):
        if path.is_file():
            seen |= {d.rule for d in read_fixture(path.name).diagnostics}
    assert seen and seen <= documented


def test_tools_without_commas_get_that_fix():
    agent = agent_of(fm(*OK, "tools: Read Grep Glob"), "reviewer.md")
    (d,) = agent.diagnostics
    assert d.fix == "separate tool names with commas: `Read, Grep, Glob`"
