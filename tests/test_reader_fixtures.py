"""One fixture per quirk kind seen in real agent files: each still becomes the agent its author
meant, and says exactly what is wrong with it (rule and severity), nothing more."""

from __future__ import annotations

import pytest
from agent_catalog.model import Agent, Skipped
from reader_support import FIXTURES, read_fixture, rules_of

ALL = "all"  # `tools` absent or `*`: the agent inherits every tool

# fixture: (name, description, tools, model, {rule: severity})
CASES = {
    "bom.md": (
        "bom",
        "Reviews code in a file saved with a byte-order mark.",
        ["Read", "Grep"],
        "sonnet",
        {"encoding-bom": "warning"},
    ),
    "utf16.md": (
        "utf16",
        "Reviews code; the file is UTF-16 with a BOM.",
        ["Read", "Grep"],
        "sonnet",
        {"encoding-utf16": "error"},
    ),
    "invalid-bytes.md": (
        "invalid-bytes",
        "Reviews caf\ufffd code.",
        ["Read", "Grep"],
        "sonnet",
        {"encoding-invalid": "warning"},
    ),
    "crlf.md": (
        "crlf",
        "Reviews code; saved with Windows line endings.",
        ["Read", "Grep"],
        "sonnet",
        {"crlf": "info"},
    ),
    "tabs.md": (
        "tabs",
        "Reviews code; the author used tabs.",
        ["Read", "Grep"],
        "sonnet",
        {"frontmatter-tab-indent": "error"},
    ),
    "unclosed.md": (
        "unclosed",
        "Reviews code; the closing line is missing.",
        ["Read", "Grep"],
        "sonnet",
        {"frontmatter-unclosed": "error"},
    ),
    "leading-blank-lines.md": (
        "leading-blank-lines",
        "Reviews code after two blank lines.",
        ["Read", "Grep"],
        "sonnet",
        {"frontmatter-not-first": "error"},
    ),
    "indented.md": (
        "indented",
        "Reviews code in an indented block.",
        ALL,
        "claude-sonnet-4-20250514",
        {"frontmatter-indented": "error"},
    ),
    "flattened.md": (
        "flattened",
        "Reviews code; the file lost its line breaks.",
        ["Read", "Grep"],
        "opus",
        {"flattened-frontmatter": "error"},
    ),
    "colon-in-description.md": (
        "colon-in-description",
        "Reviews code. Triggers on: 'review this', 'check my diff'",
        ["Read"],
        "haiku",
        {"yaml-unquoted-colon": "warning"},
    ),
    "example-dialogue.md": (
        "example-dialogue",
        None,  # checked below: the whole dialogue is kept
        ["Bash", "Read"],
        None,
        {"yaml-unquoted-colon": "error", "description-literal-escapes": "info"},
    ),
    "tools-star.md": ("tools-star", "Uses every tool.", ALL, None, {"yaml-alias-value": "warning"}),
    # a Cursor rule: named after its file; Cursor writes `globs: **/*` unquoted itself
    "cursor-globs.mdc": (
        "cursor-globs",
        "Python style rules",
        ALL,
        None,
        {"cursor-globs-unquoted": "info"},
    ),
    "tools-empty.md": (
        "tools-empty",
        "Answers from its own knowledge, with no tools.",
        [],
        None,
        {},
    ),
    # an OpenCode agent (known by its tools mapping): the mapping switches tools off from
    # "all on", so it keeps every tool but write and edit (see test_tools_mapping_...)
    "tools-mapping.md": (
        "tools-mapping",
        "Reviews code without editing it.",
        ALL,
        None,
        {"opencode-v1-key": "info"},  # OpenCode's `tools` mapping: V1, deprecated in V2
    ),
    "tools-list.md": ("tools-list", "Edits files.", ["Read", "Edit", "Write"], None, {}),
    "tools-specifiers.md": (
        "tools-specifiers",
        "Runs git and delegates.",
        ["Bash(git *)", "Read", "Agent(reviewer, tester)", "mcp__github__create_issue", "Grep"],
        "inherit",
        {},
    ),
    "unbalanced-fence.md": (
        "unbalanced-fence",
        "Shows an example that never ends.",
        ALL,
        None,
        {"body-unclosed-fence": "warning"},
    ),
    "leading-h1.md": ("leading-h1", "Starts its body with its own title.", ALL, None, {}),
    "relative-link.md": (
        "relative-link",
        "Links to a file next to it.",
        ALL,
        None,
        {"body-relative-link": "info"},
    ),
    "literal-escapes.md": (
        "literal-escapes",
        "First line.\nSecond line.\n\nThird paragraph.",
        ALL,
        None,
        {"description-literal-escapes": "info"},
    ),
    # a real collection closes its frontmatter with 56 dashes: Claude Code (and gray-matter,
    # and python-frontmatter) end the frontmatter at that line, so `tools` ends at WebFetch
    "dashed-close.md": (
        "dashed-close",
        "Researches a topic on the web and reports the sources it read.",
        ["Read", "Grep", "WebFetch"],
        None,
        {"frontmatter-close-line": "info"},
    ),
    "no-name.md": (
        "no-name",
        "Reviews code; the author forgot the name.",
        ["Read"],
        None,
        {"name-missing": "error"},
    ),
}


def test_every_fixture_has_a_case():
    on_disk = {p.name for p in FIXTURES.iterdir() if p.is_file() and p.suffix in (".md", ".mdc")}
    assert on_disk - {"README.md"} == set(CASES)


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_fixture_reads_as_meant(fixture):
    name, description, tools, model, findings = CASES[fixture]
    agent = read_fixture(fixture)
    assert isinstance(agent, Agent)
    assert agent.name == name
    if description is not None:
        assert agent.description == description
    if tools == ALL:
        assert agent.tools is None and agent.inherits_all_tools
    else:
        assert agent.tools == tools
    assert agent.model == model
    assert rules_of(agent) == findings
    for d in agent.diagnostics:
        assert d.source == fixture and d.message and d.fix, d
        assert d.line is None or d.line >= 1


def test_readme_is_skipped_with_a_reason_and_no_finding():
    result = read_fixture("README.md")
    assert isinstance(result, Skipped)
    assert "documentation" in result.reason
    assert result.diagnostics == []


def test_example_dialogue_keeps_every_turn():
    agent = read_fixture("example-dialogue.md")
    assert agent.intro == "Use this agent to test APIs."
    (ex,) = agent.examples
    assert ex.context == "Load testing"
    assert ex.dialogue == [
        ("user", "Can our API take 10k users?"),
        ("assistant", "I'll use the example-dialogue agent to find out."),
    ]
    assert ex.commentary == "Load tests prevent outages."
    # the column-0 `user:` line is not taken for a key of its own
    assert set(agent.metadata) == {"name", "description", "color", "tools"}
    assert agent.color == "orange"


def test_indented_file_gets_its_body_back_unindented():
    agent = read_fixture("indented.md")
    assert agent.body.startswith("## Focus Areas\n- Queues")


def test_flattened_file_gets_its_structure_back():
    agent = read_fixture("flattened.md")
    assert agent.body.startswith("## Identity\n\nYou are a careful reviewer.")
    assert "- Be precise" in agent.body


def test_tabs_are_read_as_spaces():
    agent = read_fixture("tabs.md")
    assert agent.metadata["tools"] == ["Read", "Grep"]
    assert agent.key_lines == {"name": 2, "description": 3, "tools": 4, "model": 7}


def test_cursor_globs_value_is_kept_as_written():
    agent = read_fixture("cursor-globs.mdc")
    assert agent.metadata == {
        "description": "Python style rules",
        "globs": "**/*.py",
        "alwaysApply": False,
    }


def test_tools_mapping_switches_tools_off():
    agent = read_fixture("tools-mapping.md")
    assert agent.metadata["tools"] == {"read": True, "grep": True, "write": False, "edit": False}
    assert agent.metadata["mode"] == "subagent"
    assert agent.format == "opencode"
    assert agent.disallowed_tools == ["write", "edit"]
    assert agent.settings["tools_enabled"] == ["read", "grep"]


def test_tools_star_means_every_tool_and_is_marked():
    agent = read_fixture("tools-star.md")
    assert agent.tools is None
    assert agent.tools_wildcard is True


def test_finding_lines_point_at_the_field():
    lines = {d.rule: d.line for d in read_fixture("tools-star.md").diagnostics}
    assert lines == {"yaml-alias-value": 4}
    lines = {d.rule: d.line for d in read_fixture("leading-blank-lines.md").diagnostics}
    assert lines == {"frontmatter-not-first": 3}
    lines = {d.rule: d.line for d in read_fixture("invalid-bytes.md").diagnostics}
    assert lines == {"encoding-invalid": 3}


def test_a_line_of_dashes_closes_the_frontmatter_as_claude_code_reads_it():
    agent = read_fixture("dashed-close.md")
    assert set(agent.metadata) == {"name", "description", "tools"}
    assert agent.body.startswith("## Researcher")  # its H1 demoted under the page title
    assert agent.body_line == 6
    (d,) = agent.diagnostics
    assert d.line == 5 and "-" * 56 in d.message


def test_text_after_the_closing_dashes_is_the_prompt_s_first_line():
    from agent_catalog.reading.frontmatter_split import split_frontmatter

    split = split_frontmatter("---\nname: a\ndescription: b\n--- You review code.\nMore.\n")
    assert split.yaml_text == "name: a\ndescription: b"
    assert split.body == "You review code.\nMore.\n"
    assert (split.body_line, split.close_at, split.close_line) == (4, 4, "--- You review code.")
    # a bare `---` line, the usual close, is unchanged
    plain = split_frontmatter("---\nname: a\n---\nBody\n")
    assert (plain.body, plain.body_line, plain.close_line) == ("Body\n", 4, "---")
