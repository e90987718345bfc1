"""The public corpus (`../shared/corpus`, 1,737 real agent files from 12 collections), read in
place: no file raises, every agent gets the fields its author wrote, and the counts of findings
by rule are pinned in a golden file so a change in behaviour shows up in review.

Regenerate the golden file after an intended change with:

    UPDATE_GOLDEN=1 PYTHONPATH=plugins python -m pytest tests/test_corpus.py

and check the diff of `tests/golden/corpus_findings.json` before committing it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from agent_catalog.catalog.load import load_catalog
from agent_catalog.checks.rules import all_checks
from agent_catalog.model import Agent, Catalog
from agent_catalog.reading.body import prepare_body
from reader_support import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (CI places it there)"
    ),
]

GOLDEN = Path(__file__).parent / "golden" / "corpus_findings.json"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    # each collection is its own source, as each would be its own catalog
    sources = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    return load_catalog(sources, CORPUS)


@pytest.fixture(scope="module")
def agents(catalog) -> dict[str, Agent]:
    return {a.source: a for a in catalog.agents}


def _corpus_files() -> list[str]:
    return sorted(
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.parent != CORPUS
    )


def test_every_file_is_an_agent_or_skipped_with_a_reason(catalog):
    seen = [a.source for a in catalog.agents] + [s.source for s in catalog.skipped]
    assert sorted(seen) == _corpus_files()
    assert all(s.reason for s in catalog.skipped)
    assert catalog.diagnostics == []


def test_every_finding_names_file_line_and_fix(catalog):
    documented = {c[0] for c in all_checks()}
    for d in catalog.all_diagnostics():
        assert d.source and d.message and d.fix, d
        assert d.rule in documented, d.rule
        assert d.line is None or d.line >= 1, d


# --------------------------------------------------------------------------- fields, everywhere

_SIMPLE = re.compile(r"^(name|model|tools|description):[ \t]+(\S.*?)[ \t]*$")


def _written(raw: str) -> dict[str, str]:
    """The one-line `key: value` fields of a file whose frontmatter starts on line 1, read
    naively: the independent oracle for what the author meant."""
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}
    out = {}
    for n, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            break
        m = _SIMPLE.match(line)
        following = lines[n + 1] if n + 1 < len(lines) else "---"
        if not m or m.group(1) in out or not re.match(r"---|[A-Za-z_][\w-]*:", following):
            continue  # not a one-line value
        value = m.group(2)
        if value[0] in "\"'":
            if value[-1] != value[0] or len(value) < 2:
                continue
            value = value[1:-1].replace("''", "'") if value[0] == "'" else value[1:-1]
        elif " #" in value:
            value = value.split(" #")[0].rstrip()
        if value[:1] in "[{|>&!" or "\\" in value:
            continue
        out[m.group(1)] = value
    return out


def test_one_line_fields_read_as_written_in_every_file(agents):
    checked = Counter()
    for agent in agents.values():
        written = _written(agent.raw_text)
        if "name" in written:
            # OpenCode names an agent after its file; the written name is its display name
            shown = agent.settings.get("display_name", agent.name)
            assert shown == written["name"].strip(), agent.source
            checked["name"] += 1
        if "model" in written:
            assert agent.model == written["model"], agent.source
            checked["model"] += 1
        if "tools" in written:
            expected = [t.strip() for t in re.split(r",(?![^(]*\))", written["tools"])]
            expected = [t for t in expected if t]
            if written["tools"].strip() == "*":
                assert agent.tools is None and agent.tools_wildcard, agent.source
            else:
                assert agent.tools == list(dict.fromkeys(expected)), agent.source
            checked["tools"] += 1
        desc = written.get("description", "")
        if desc and ": " not in desc and "<" not in desc:
            # plain one-line descriptions: exactly as written (`\n` escapes excluded above)
            assert agent.description == desc.strip(), agent.source
            checked["description"] += 1
    # the oracle must have covered most of the corpus, or it proves nothing
    assert checked["name"] > 1300 and checked["description"] > 1000
    assert checked["tools"] > 700 and checked["model"] > 550


# --------------------------------------------------------------------------- by hand

CS = "contains-studio__agents"
DV = "davila7__claude-code-templates/cli-tool/components/agents"


def test_contains_studio_dialogues_at_column_0_keep_the_whole_description(agents):
    agent = agents[f"{CS}/testing/api-tester.md"]
    assert agent.name == "api-tester"
    assert agent.description.startswith("Use this agent for comprehensive API testing")
    assert agent.description.endswith(
        "prevents costly breaches and maintains user trust. </commentary> </example>"
    )
    assert len(agent.examples) == 4
    assert agent.examples[3].context == "Security testing"
    assert agent.examples[3].dialogue[0] == (
        "user",
        "Test our API for common security vulnerabilities",
    )
    assert agent.tools == ["Bash", "Read", "Write", "Grep", "WebFetch", "MultiEdit"]
    assert agent.model is None and agent.color == "orange"
    # Claude Code's own loader cannot read this frontmatter: an error, on the description line
    errors = [(d.rule, d.line) for d in agent.diagnostics if d.severity == "error"]
    assert errors == [("yaml-unquoted-colon", 3)]


def test_contains_studio_dialogue_claude_code_cuts_short_is_reported(agents):
    agent = agents[f"{CS}/product/feedback-synthesizer.md"]
    assert len(agent.examples) == 4
    assert agent.description.endswith("feedback analysis can reveal.\n</commentary>\n</example>")
    split = [d for d in agent.diagnostics if d.rule == "yaml-key-split"]
    assert [(d.severity, d.line) for d in split] == [("warning", 4)]


def test_contains_studio_escaped_newlines_become_examples(agents):
    agent = agents[f"{CS}/engineering/ai-engineer.md"]
    assert agent.intro.startswith("Use this agent when implementing AI/ML features")
    assert [e.context for e in agent.examples] == [
        "Adding AI features to an app",
        "Integrating language models",
        "Implementing computer vision features",
    ]
    assert agent.tools == ["Write", "Read", "MultiEdit", "Bash", "WebFetch"]
    assert {d.rule: d.severity for d in agent.diagnostics} == {
        "description-literal-escapes": "info",
        "yaml-unquoted-colon": "warning",
    }


def test_contains_studio_files_without_frontmatter_are_skipped_and_said(catalog):
    skipped = {s.source: s for s in catalog.skipped}
    for name in ("content-creator", "growth-hacker", "twitter-engager"):
        s = skipped[f"{CS}/marketing/{name}.md"]
        assert [(d.rule, d.severity) for d in s.diagnostics] == [("no-frontmatter", "warning")]


def test_0xfurai_sqs_expert_indented_block_is_recovered(agents):
    agent = agents["0xfurai__claude-code-subagents/agents/sqs-expert.md"]
    assert agent.name == "sqs-expert"
    assert agent.description == "Expertise in Amazon SQS for reliable, scalable message queuing."
    assert agent.model == "claude-sonnet-4-20250514"
    assert agent.tools is None
    assert agent.body.startswith("## Focus Areas\n- Understanding SQS standard and FIFO queue")
    assert [(d.rule, d.severity, d.line) for d in agent.diagnostics] == [
        ("frontmatter-indented", "error", 2)
    ]


def test_cursor_globs_star_star_is_recovered(agents):
    agent = agents[
        "PatrickJS__awesome-cursorrules/rules/cypress-defect-tracking-cursorrules-prompt-file.mdc"
    ]
    assert agent.metadata["globs"] == "**/*"
    assert agent.metadata["alwaysApply"] is False
    assert agent.description == "Cursor rules for Cypress development with defect tracking."
    assert agent.name == "cypress-defect-tracking-cursorrules-prompt-file"
    assert agent.name_from == "filename"


def test_davila7_duplicate_names_are_flagged(agents):
    dupes = {
        a.source: a.name
        for a in agents.values()
        if any(d.rule == "duplicate-name" for d in a.diagnostics) and a.source.startswith(DV)
    }
    names = Counter(dupes.values())
    assert len(names) == 14 and set(names.values()) == {2}
    assert names["prompt-engineer"] == 2 and names["devops-engineer"] == 2
    assert f"{DV}/data-ai/prompt-engineer.md" in dupes
    # the same name in another collection is not a duplicate
    assert not any(
        d.rule == "duplicate-name"
        for d in agents[
            "VoltAgent__awesome-claude-code-subagents/categories/05-data-ai/prompt-engineer.md"
        ].diagnostics
    )


def test_tools_star_and_empty_list(agents):
    star = agents[f"{DV}/development-tools/launchdarkly-flag-cleanup.md"]
    assert star.tools is None and star.tools_wildcard
    assert [(d.rule, d.severity) for d in star.diagnostics] == [("yaml-alias-value", "warning")]
    empty = agents[
        "wshobson__agents/plugins/arm-cortex-microcontrollers/agents/arm-cortex-expert.md"
    ]
    assert empty.tools == [] and not empty.inherits_all_tools
    assert empty.model == "inherit"


def test_crlf_file(agents):
    agent = agents[f"{DV}/development-tools/unused-code-cleaner.md"]
    assert agent.tools == ["Read", "Write", "Edit", "Bash", "Grep", "Glob"]
    assert "\r" not in agent.body and "\r" not in agent.description
    assert [(d.rule, d.severity, d.line) for d in agent.diagnostics] == [("crlf", "info", 1)]


def test_wshobson_plugin_prefixed_names_and_newer_model_alias(agents):
    agent = agents["wshobson__agents/plugins/framework-migration/agents/legacy-modernizer.md"]
    assert agent.name == "framework-migration-legacy-modernizer"
    assert agent.model == "fable"
    assert [(d.rule, d.severity) for d in agent.diagnostics] == [("name-file-mismatch", "info")]


def test_voltagent_quoted_description_and_tool_list(agents):
    agent = agents[
        "VoltAgent__awesome-claude-code-subagents/categories/01-core-development/api-designer.md"
    ]
    assert agent.description.startswith("Use this agent when designing new APIs")
    assert agent.tools == ["Read", "Write", "Edit", "Bash", "Glob", "Grep"]
    assert agent.model == "sonnet"
    assert agent.diagnostics == []


def test_other_formats_keep_their_fields(agents):
    copilot = agents["github__awesome-copilot/agents/CSharpExpert.agent.md"]
    assert copilot.name == "C# Expert"
    assert "# version" not in copilot.metadata
    opencode = agents["darrenhinde__opencode-agents/.opencode/agent/subagents/build-agent.md"]
    # OpenCode's mapping switches tools on or off from "all on": these stay on, none is off
    assert opencode.settings["tools_enabled"] == ["bash", "read", "grep"]
    assert opencode.tools is None and opencode.disallowed_tools is None
    assert opencode.metadata["mode"] == "subagent"
    gemini = agents["sergarb1__awesome-gemini-cli-subagents/agents/data-scientist.md"]
    assert gemini.tools[0] == "read_file" and "run_shell_command" in gemini.tools


def test_body_repairs_across_the_corpus(catalog):
    """A prepared body needs no second repair: its fences are closed, its links point
    somewhere, and its title is not repeated."""
    for agent in catalog.agents:
        again = prepare_body(agent.body, agent.name)
        assert [f[1] for f in again.findings] == [], agent.source
        first = next((ln for ln in agent.body.split("\n") if ln.strip()), "")
        assert not re.match(r"#\s", first), agent.source
    rules = Counter(d.rule for d in catalog.all_diagnostics())
    assert rules["body-relative-link"] == 11  # 3 code lines Markdown reads as links (`x[a](b)`)


# --------------------------------------------------------------------------- golden counts


def _counts(catalog: Catalog) -> dict:
    by_rule: dict[str, dict[str, int]] = {}
    for d in catalog.all_diagnostics():
        by_rule.setdefault(d.severity, {}).setdefault(d.rule, 0)
        by_rule[d.severity][d.rule] += 1
    return {
        "files": len(catalog.agents) + len(catalog.skipped),
        "agents": len(catalog.agents),
        "skipped": len(catalog.skipped),
        "findings": {sev: dict(sorted(rules.items())) for sev, rules in sorted(by_rule.items())},
    }


def test_counts_of_findings_by_rule_match_the_golden_file(catalog):
    counts = _counts(catalog)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert counts == golden, (
        "the corpus findings changed; if intended, regenerate with UPDATE_GOLDEN=1 "
        "(see this module's docstring) and review the diff"
    )


def test_no_corpus_file_closes_its_frontmatter_with_more_than_three_dashes(agents):
    """Why the golden counts did not move when the reader began to end the frontmatter at the
    first line starting with `---` (as Claude Code does; `frontmatter_split.CLOSING_LINE`): in
    this corpus every such line is a bare `---`. The collection that closes with 56 dashes is
    not in it; `tests/fixtures/reader/dashed-close.md` stands in for it."""
    closes = [a.source for a in agents.values() if "frontmatter-close-line" in rule_ids(a)]
    assert closes == []


def rule_ids(agent: Agent) -> set[str]:
    return {d.rule for d in agent.diagnostics}
