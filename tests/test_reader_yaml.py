"""The frontmatter block: found however it was mangled, parsed strictly then key by key, with a
severity that says whether Claude Code itself could read it."""

from __future__ import annotations

import pytest
from agent_catalog.model import Skipped
from agent_catalog.reading.decoding import decode
from agent_catalog.reading.frontmatter_split import split_frontmatter
from agent_catalog.reading.tool_names import ALL, parse_tools, split_tool_string
from agent_catalog.reading.yaml_fields import lenient_load, parse_fields
from reader_support import agent_of, read_text, rules_of

# --------------------------------------------------------------------------- splitting


@pytest.mark.parametrize(
    "text, kind, yaml_line, body",
    [
        ("---\nname: a\n---\nBody\n", "normal", 2, "Body\n"),
        ("\n\n---\nname: a\n---\nBody", "late", 4, "Body"),
        ("  ---\n  name: a\n  ---\n  Body", "indented", 2, "Body"),
        ("---\nname: a\ndescription: b\n\n# Body", "unclosed", 2, "\n# Body"),
        ("# Title\n\nno frontmatter", "none", 2, "# Title\n\nno frontmatter"),
    ],
)
def test_split_kinds(text, kind, yaml_line, body):
    split = split_frontmatter(text)
    assert split.kind == kind
    assert split.body == body
    if kind != "none":
        assert split.yaml_line == yaml_line
        assert split.yaml_text.strip().startswith("name: a")


def test_unclosed_block_continues_over_a_blank_line_when_yaml_follows():
    split = split_frontmatter("---\nname: a\n\ntools: Read\nYou are an agent.\n")
    assert split.kind == "unclosed"
    assert split.yaml_text == "name: a\n\ntools: Read"
    assert split.body == "You are an agent.\n"
    assert split.body_line == 5


def test_flattened_line_is_cut_into_entries():
    split = split_frontmatter("--- name: x description: Does y: well. model: opus --- # Body")
    assert split.kind == "flattened"
    assert split.flat_entries == [
        ("name", "x"),
        ("description", "Does y: well."),
        ("model", "opus"),
    ]
    assert split.body.strip() == "# Body"


# --------------------------------------------------------------------------- decoding


def test_decoding_never_raises_and_reports():
    assert decode(b"\xef\xbb\xbfabc").text == "abc"
    assert decode("\ufeffabc".encode("utf-16-be")).text == "abc"
    bad = decode(b"caf\xe9")
    assert bad.text == "caf\ufffd"
    assert [f[1] for f in bad.findings] == ["encoding-invalid"]
    # a real U+FFFD in the file is not a replaced byte
    assert decode("caf\ufffd".encode()).findings == []


def test_nul_bytes_make_a_binary_file_skipped():
    result = read_text(b"\x00" * 64 + b"---\nname: a\n---\n")
    assert isinstance(result, Skipped)
    assert rules_of(result) == {"binary-content": "error"}


# --------------------------------------------------------------------------- YAML


def test_strict_yaml_is_read_as_is_with_lines():
    fields = parse_fields("name: a\ntools:\n  - Read\nmodel: opus", first_line=2)
    assert fields.values == {"name": "a", "tools": ["Read"], "model": "opus"}
    assert fields.lines == {"name": 2, "tools": 3, "model": 5}
    assert fields.findings == [] and fields.strict_ok


def test_one_bad_value_never_loses_the_other_fields():
    fields = parse_fields("name: a\ndescription: Use it: now\ntools: *\nmodel: opus", 2)
    assert fields.values == {
        "name": "a",
        "description": "Use it: now",
        "tools": "*",
        "model": "opus",
    }
    assert {f[1]: f[0] for f in fields.findings} == {
        "yaml-unquoted-colon": "warning",
        "yaml-alias-value": "warning",
    }


def test_lenient_load_is_claude_codes_retry():
    assert lenient_load("name: a\ndescription: Use it: now") == {
        "name": "a",
        "description": "Use it: now",
    }
    # a line that is no `key: value` at all is beyond the retry
    assert lenient_load("name: a\ndescription: Use: it\n<commentary>\nx</commentary>") is None
    # duplicate keys are an error in YAML 1.2 parsers
    assert lenient_load("name: a\nname: b") is None


def test_dialogue_that_claude_code_reads_as_keys_is_reported():
    text = (
        "name: a\ndescription: Use it. Examples: <example>Context: x\n"
        'user: "hi"\nassistant: "ok" </example>\nmodel: opus'
    )
    fields = parse_fields(text, 2)
    assert fields.values["description"].endswith('user: "hi" assistant: "ok" </example>')
    assert fields.values["model"] == "opus"
    kinds = {f[1]: (f[0], f[4]) for f in fields.findings}
    assert kinds["yaml-key-split"] == ("warning", 4)
    assert kinds["yaml-unquoted-colon"] == ("warning", 3)


def test_duplicate_key_is_an_error_that_keeps_the_last_value():
    agent = agent_of("---\nname: a\ndescription: first\ndescription: second\n---\n")
    assert agent.description == "second"
    (d,) = [d for d in agent.diagnostics if d.rule == "yaml-duplicate-key"]
    assert d.severity == "error" and d.line == 4


def test_tab_after_a_key_is_a_warning_not_an_error():
    agent = agent_of("---\nname:\tmy-agent\ndescription: Does\tthings.\n---\n", "my-agent.md")
    assert agent.name == "my-agent"
    assert agent.description == "Does things."
    assert rules_of(agent) == {"frontmatter-tabs": "warning"}


def test_block_scalars_survive_a_broken_neighbour():
    agent = agent_of("---\nname: a\ndescription: |\n  Line one.\n  Line two: yes.\ntools: *\n---\n")
    assert agent.description == "Line one.\nLine two: yes."


def test_not_a_mapping_is_an_error():
    result = read_text("---\n- a\n- b\n---\nBody\n", "list.md")
    assert rules_of(result)["frontmatter-not-mapping"] == "error"
    assert result.name == "list"


def test_alias_bomb_is_refused_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    agent = agent_of("---\nname: bomb\ndescription: d\n" + bomb + "---\n")
    assert agent.name == "bomb" and agent.description == "d"


# --------------------------------------------------------------------------- tools


@pytest.mark.parametrize(
    "value, tools",
    [
        ("Read, Grep,Glob", ["Read", "Grep", "Glob"]),
        ("Bash(git add *, git commit *), Read", ["Bash(git add *, git commit *)", "Read"]),
        (["Read", "Edit"], ["Read", "Edit"]),
        (["Read, Edit"], ["Read", "Edit"]),
        ({"read": True, "bash": False, "edit": "allow"}, ["read", "edit"]),
        ("Read", ["Read"]),
        ([], []),
        ("", []),
        (None, None),
        ("*", ALL),
        (["*"], ALL),
    ],
)
def test_every_tools_shape(value, tools):
    assert parse_tools(value)[0] == tools


def test_repeated_tools_are_kept_once_and_noted():
    tools, notes = parse_tools("Read, Read, Grep")
    assert tools == ["Read", "Grep"] and notes == ["`Read` is listed twice"]


def test_split_ignores_commas_inside_specifiers():
    assert split_tool_string("Agent(a, b), Bash(npm run *)") == ["Agent(a, b)", "Bash(npm run *)"]


def test_old_mac_line_endings_are_read_and_said():
    agent = agent_of("---\rname: a\rdescription: d\r---\rBody\r", "a.md")
    assert (agent.name, agent.description, agent.body) == ("a", "d", "Body\n")
    assert rules_of(agent) == {"crlf": "info"}
    assert "old Mac (CR)" in agent.diagnostics[0].message


def test_utf16_without_a_bom_is_recognised():
    text = "---\nname: a\ndescription: d\n---\nBody\n"
    for enc in ("utf-16-le", "utf-16-be"):
        agent = agent_of(text.encode(enc), "a.md")
        assert (agent.name, agent.description) == ("a", "d")
        assert rules_of(agent) == {"encoding-utf16": "error"}
    # NUL-laden junk is still binary
    assert isinstance(read_text(b"\x00\x01\x02\x00" * 40), Skipped)
