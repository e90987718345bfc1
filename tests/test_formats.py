"""Agents for six tools in one catalog: each file is read by its own tool's rules.

A team keeps Claude Code, GitHub Copilot, OpenCode, Gemini CLI, Cursor and Codex agents side by
side; the catalog must tell them apart by where they live and how they are named, and give each
the name, description, tools and model its own tool would see, with that tool's mistakes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from agent_catalog.catalog.load import load_catalog
from agent_catalog.formats import FORMATS, INFO, detect_format
from agent_catalog.formats.codex import parse_agent_toml
from agent_catalog.model import Agent, Skipped
from agent_catalog.reading.reader import read_agent, read_agent_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
MIXED = REPO / "tests" / "fixtures" / "formats" / "mixed"
MIXED_SOURCES = [
    ".claude/agents",
    ".github/agents",
    ".opencode",
    ".gemini/agents",
    ".cursor/rules",
    ".codex",
    "agents",
]
CORPUS = Path(os.environ.get("AGENT_CATALOG_CORPUS", REPO.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"public corpus not found at {CORPUS} (set AGENT_CATALOG_CORPUS)"
)


@pytest.fixture(scope="module")
def mixed():
    catalog = load_catalog(MIXED_SOURCES, MIXED)
    return catalog, {a.source: a for a in catalog.agents}


def rules(agent: Agent) -> dict[str, str]:
    return {d.rule: d.severity for d in agent.diagnostics}


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (".claude/agents/x.md", ("claude", "location")),
        ("agents/x.md", ("claude", "default")),
        ("agents/x.agent.md", ("copilot", "extension")),
        (".github/agents/x.md", ("copilot", "location")),
        (".github/chatmodes/x.chatmode.md", ("copilot", "extension")),
        ("repo/.opencode/agent/sub/x.md", ("opencode", "location")),
        (".opencode/agents/x.md", ("opencode", "location")),
        (".gemini/agents/x.md", ("gemini", "location")),
        (".cursor/rules/x.mdc", ("cursor", "extension")),
        (".cursor/rules/x.md", ("cursor", "location")),
        ("rules/x.mdc", ("cursor", "extension")),
        (".codex/agents/x.toml", ("codex", "extension")),
        ("x.toml", ("codex", "extension")),
        # the nearest tool folder wins
        (".github/agents/.claude/agents/x.md", ("claude", "location")),
        # a tool folder without its agents sub-folder says nothing
        (".github/workflows/x.md", ("claude", "default")),
    ],
)
def test_format_is_detected_from_location_and_extension(source, expected):
    assert detect_format(source) == expected


def test_a_configured_format_overrides_detection():
    assert detect_format(".claude/agents/x.md", override="opencode") == ("opencode", "config")
    data = b"---\ndescription: d\ntools:\n  bash: false\n---\nBody\n"
    agent = read_agent_bytes(data, Path("x.md"), ".claude/agents/x.md", format="opencode")
    assert agent.format == "opencode"
    assert agent.format_detected_by == "config"
    assert agent.disallowed_tools == ["bash"]


def test_every_format_has_display_information():
    assert set(INFO) == set(FORMATS)
    for key, info in INFO.items():
        assert info.key == key and info.label and info.install_dir.startswith(".")


# --- one catalog, six formats ----------------------------------------------------------------


def test_a_folder_mixing_six_formats_builds_one_catalog(mixed):
    catalog, _ = mixed
    # Cursor subagents, the seventh, have their own fixture (tests/test_cursor_agents.py)
    assert {a.format for a in catalog.agents} == set(FORMATS) - {"cursor-agent"}
    assert len(catalog.agents) == 17
    assert [s.source for s in catalog.skipped] == [".codex/config.toml"]
    assert "not a Codex custom agent" in catalog.skipped[0].reason
    slugs = [a.slug for a in catalog.agents]
    assert len(set(slugs)) == len(slugs)


def test_claude_agent_is_unchanged(mixed):
    a = mixed[1][".claude/agents/code-reviewer.md"]
    assert (a.format, a.name, a.model) == ("claude", "code-reviewer", "sonnet")
    assert a.tools == ["Read", "Grep", "Glob", "Bash(git diff *)"]
    assert a.settings == {"permission_mode": "plan"}
    assert a.diagnostics == []


def test_copilot_agent_with_every_property(mixed):
    a = mixed[1][".github/agents/SecurityAuditor.agent.md"]
    assert a.format == "copilot"
    assert a.name == "Security Auditor"
    assert a.description == "Finds vulnerabilities in a pull request and proposes fixes."
    assert a.tools == ["read", "search", "execute/runInTerminal", "github/*", "web/fetch"]
    assert a.model == "Claude Sonnet 4.5 (copilot), GPT-5 (copilot)"
    s = a.settings
    assert s["id"] == "SecurityAuditor"
    assert s["models"] == ["Claude Sonnet 4.5 (copilot)", "GPT-5 (copilot)"]
    assert s["target"] == "vscode"
    assert s["mcp_servers"] == ["scanner"]
    assert s["argument_hint"] == "The PR or folder to audit"
    assert s["handoffs"] == [
        {
            "label": "Fix the findings",
            "agent": "agent",
            "prompt": "Fix the vulnerabilities listed above.",
            "send": False,
        }
    ]
    # the second handoff has no agent: said, on the `handoffs` line
    assert rules(a) == {"copilot-handoffs-shape": "warning"}
    assert a.diagnostics[0].line == 13


def test_copilot_without_name_or_description(mixed):
    a = mixed[1][".github/agents/planner.agent.md"]
    assert a.name == "planner"  # the file name minus `.agent.md`
    assert a.tools == []  # `[]` = no tools, never "all"
    assert a.model == "GPT-4.1 | 'gpt-5'"  # odd model strings are kept as written
    assert rules(a) == {"copilot-description-missing": "error", "copilot-target": "warning"}
    plain = mixed[1][".github/agents/docs-writer.md"]
    assert (plain.format, plain.name, plain.tools) == ("copilot", "docs-writer", None)


def test_opencode_tools_mapping_switches_tools_off_from_all(mixed):
    a = mixed[1][".opencode/agents/review.md"]
    assert (a.format, a.name) == ("opencode", "review")
    assert a.description == "Reviews code for quality and best practices"
    assert a.model == "anthropic/claude-sonnet-4-20250514"
    # every tool but the ones switched off; `permission: deny` removes webfetch too
    assert a.tools is None
    assert a.disallowed_tools == ["write", "edit", "bash", "webfetch"]
    assert a.settings["mode"] == "subagent"
    assert a.settings["provider"] == "anthropic"
    assert a.settings["temperature"] == 0.1
    assert a.settings["permission"] == {"webfetch": "deny", "bash": "*: ask, git diff: allow"}
    # V1 keys still load; OpenCode V2 deprecates them (an info each, nothing more)
    assert [(d.rule, d.severity, d.message.split("`")[1]) for d in a.diagnostics] == [
        ("opencode-v1-key", "info", k) for k in ("tools", "permission", "temperature")
    ]


def test_opencode_star_false_leaves_only_the_enabled_tools(mixed):
    a = mixed[1][".opencode/agents/docs-only.md"]
    assert a.name == "docs-only"  # the file name is the name
    assert a.settings["display_name"] == "DocsOnly"
    assert a.tools == ["read", "edit"]
    assert a.settings["mode"] == "primary"


def test_opencode_mistakes(mixed):
    a = mixed[1][".opencode/agent/legacy-builder.md"]
    assert a.format == "opencode"  # the older `agent/` folder
    assert rules(a) == {
        "opencode-mode": "warning",
        "opencode-model-provider": "warning",
        "opencode-temperature": "warning",
        "opencode-permissions-key": "warning",
        "opencode-v1-key": "info",
    }
    fix = next(d.fix for d in a.diagnostics if d.rule == "opencode-model-provider")
    assert "anthropic/claude-4-sonnet" in fix


def test_gemini_agent(mixed):
    a = mixed[1][".gemini/agents/test-runner.md"]
    assert (a.format, a.name, a.model) == ("gemini", "test-runner", "gemini-2.5-pro")
    assert a.tools == ["read_file", "run_shell_command", "mcp_ci_*"]
    assert a.settings == {"kind": "local", "temperature": 0.2, "max_turns": 12, "timeout_mins": 5}
    assert a.diagnostics == []


def test_gemini_rejections_are_errors_on_their_lines(mixed):
    a = mixed[1][".gemini/agents/Comma_Tools.md"]
    assert a.tools == ["Read", "Bash", "grep_search"]  # still read, for the page
    assert rules(a) == {
        "gemini-name-invalid": "error",
        "gemini-tools-not-list": "error",
        "gemini-claude-tool-names": "error",
        "gemini-max-turns": "error",
        "gemini-unknown-key": "error",
    }
    lines = {d.rule: d.line for d in a.diagnostics}
    assert lines["gemini-tools-not-list"] == 4 and lines["gemini-unknown-key"] == 5
    swap = next(d.fix for d in a.diagnostics if d.rule == "gemini-claude-tool-names")
    assert "`Bash` -> `run_shell_command`" in swap


def test_gemini_file_outside_its_folder_is_known_by_its_tool_names(mixed):
    a = mixed[1]["agents/data-scientist.md"]
    assert a.format == "gemini"
    assert a.format_detected_by == "content"
    assert a.tools == ["read_file", "run_shell_command", "google_web_search"]
    draft = mixed[1]["agents/_draft.md"]
    assert rules(draft) == {"gemini-underscore-file": "warning"}


def test_cursor_rules(mixed):
    ts = mixed[1][".cursor/rules/typescript.mdc"]
    assert (ts.format, ts.name) == ("cursor", "typescript")
    assert ts.description == "TypeScript conventions for this repository"
    assert ts.settings["globs"] == ["**/*.ts", "**/*.tsx"]
    assert ts.settings["rule_type"] == "auto-attached"
    # Cursor writes `globs: **/*` unquoted: a note for a rule, not an error
    assert rules(ts) == {"cursor-globs-unquoted": "info"}
    always = mixed[1][".cursor/rules/always-on.mdc"]
    assert always.settings["rule_type"] == "always" and always.settings["always_apply"] is True
    assert always.diagnostics == []
    manual = mixed[1][".cursor/rules/manual.mdc"]
    assert manual.settings["rule_type"] == "manual"
    assert rules(manual) == {"cursor-always-apply-text": "warning", "cursor-manual-only": "info"}


def test_codex_toml_agent(mixed):
    a = mixed[1][".codex/agents/explorer.toml"]
    assert (a.format, a.name, a.model) == ("codex", "explorer", "gpt-5.3-codex")
    assert a.description == "Traces call paths and data flow without editing anything."
    assert a.tools is None  # no tool list in Codex: the sandbox bounds it
    assert a.body.startswith("Trace the real call path")
    assert "## Rules" in a.body
    assert a.body_line == 9
    assert "developer_instructions" not in a.metadata  # it is the body, not shown twice
    assert a.settings == {
        "model_reasoning_effort": "medium",
        "sandbox_mode": "read-only",
        "nickname_candidates": ["Atlas", "Hudson"],
        "mcp_servers": ["docs"],
    }
    assert a.diagnostics == []


def test_broken_codex_toml_keeps_what_can_be_read(mixed):
    a = mixed[1][".codex/agents/broken.toml"]
    assert a.name == "broken"
    assert a.description == "Has a TOML error further down."
    assert a.body.strip() == "Do the work."
    assert rules(a) == {
        "toml-invalid": "error",
        "codex-model-reasoning-effort": "warning",
        "codex-sandbox-mode": "warning",
    }
    assert next(d.line for d in a.diagnostics if d.rule == "toml-invalid") == 8
    missing = mixed[1][".codex/agents/no-prompt.toml"]
    assert rules(missing) == {"codex-developer-instructions-missing": "error"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_toml_text_is_read_without_raising(text):
    parsed = parse_agent_toml(text)
    assert isinstance(parsed.meta, dict)
    result = read_agent_bytes(text.encode("utf-8", "surrogatepass"), Path("a.toml"), "a.toml")
    assert isinstance(result, (Agent, Skipped))


# --- the public corpus, in place ---------------------------------------------------------------


def _read_all(folder: str, pattern: str) -> list[Agent]:
    out = []
    for path in sorted((CORPUS / folder).glob(pattern)):
        result = read_agent(path, path.relative_to(CORPUS).as_posix())
        assert isinstance(result, Agent), (path, getattr(result, "reason", ""))
        out.append(result)
    assert out, f"no files matched {folder}/{pattern}"
    return out


@pytest.mark.corpus
@needs_corpus
def test_corpus_copilot_agents():
    agents = _read_all("github__awesome-copilot", "**/*.md")
    assert {a.format for a in agents} == {"copilot"}
    by = {Path(a.source).name: a for a in agents}
    cs = by["CSharpExpert.agent.md"]
    assert cs.name == "C# Expert" and cs.settings["id"] == "CSharpExpert"
    assert cs.description.startswith("An agent designed to assist with software development")
    c7 = by["context7.agent.md"]
    assert c7.tools == ["read", "search", "web", "context7/*", "agent/runSubagent"]
    assert c7.settings["mcp_servers"] == ["context7"]
    assert c7.settings["handoffs"][0]["label"] == "Implement with Context7"
    foundry = by["custom-agent-foundry.agent.md"]
    assert foundry.model == "Claude Sonnet 4.5"
    assert "github/*" in foundry.tools
    # the one file without a description is the one Copilot would refuse
    refused = [a.source for a in agents if "copilot-description-missing" in rules(a)]
    assert refused == ["github__awesome-copilot/agents/declarative-agents-architect.agent.md"]
    assert all(a.description for a in agents if a.source not in refused)


@pytest.mark.corpus
@needs_corpus
def test_corpus_opencode_agents():
    agents = []
    for folder in (
        "darrenhinde__opencode-agents",
        "darrenhinde__OpenAgentsControl",
        "uplift-labs__opencode-agents-and-skills",
    ):
        agents += _read_all(folder, "**/*.md")
    assert {a.format for a in agents} == {"opencode"}
    for a in agents:
        assert a.name == Path(a.source).stem, a.source
        assert a.description, a.source
    by = {a.source.split("/", 1)[0] + ":" + Path(a.source).name: a for a in agents}
    coder = by["darrenhinde__opencode-agents:coder-agent.md"]
    assert coder.tools is None and coder.disallowed_tools == ["bash"]
    assert coder.settings["tools_enabled"] == ["read", "edit", "write", "grep", "glob", "patch"]
    assert coder.model == "claude-4-sonnet"
    assert "opencode-model-provider" in rules(coder)
    assert "opencode-permissions-key" in rules(coder)
    qwen = by["uplift-labs__opencode-agents-and-skills:qwen-local-worker.md"]
    assert qwen.model == "qwen-local/Qwen3.6-35B-A3B-UD-IQ4_XS.gguf"
    assert qwen.settings["provider"] == "qwen-local"
    assert {"bash", "edit", "webfetch"} <= set(qwen.disallowed_tools)
    assert "read" not in qwen.disallowed_tools


@pytest.mark.corpus
@needs_corpus
def test_corpus_gemini_agents():
    agents = _read_all("sergarb1__awesome-gemini-cli-subagents", "agents/*.md")
    assert {a.format for a in agents} == {"gemini"}
    by = {a.name: a for a in agents}
    ds = by["data-scientist"]
    assert ds.tools == [
        "read_file",
        "write_file",
        "replace",
        "run_shell_command",
        "glob",
        "search_file_content",
    ]
    assert ds.description.startswith("Expert data scientist")
    assert all(a.tools for a in agents)
    # every file writes tools as a comma string, which Gemini CLI's loader rejects
    assert all("gemini-tools-not-list" in rules(a) for a in agents)
    invalid = sorted(a.name for a in agents if "gemini-name-invalid" in rules(a))
    assert invalid == ["dotnet-framework-4.8-expert", "powershell-5.1-expert"]


@pytest.mark.corpus
@needs_corpus
def test_corpus_cursor_rules():
    agents = _read_all("PatrickJS__awesome-cursorrules", "rules/*.mdc")
    assert {a.format for a in agents} == {"cursor"}
    for a in agents:
        assert a.name == Path(a.source).name[: -len(".mdc")]
        assert a.tools is None and a.model is None
        assert a.worst_severity != "error", (a.source, [d.rule for d in a.diagnostics])
    star = [a for a in agents if a.metadata.get("globs") == "**/*"]
    assert len(star) >= 200
    assert all(a.settings["globs"] == ["**/*"] for a in star)
    first = next(a for a in agents if a.source.endswith("/ai-agent-specialist.mdc"))
    assert first.description


def test_a_source_can_be_given_a_format(tmp_path):
    """A Gemini collection kept in a plain `agents/` folder: the configured format applies."""
    folder = tmp_path / "vendor" / "gemini-agents"
    folder.mkdir(parents=True)
    (folder / "helper.md").write_text(
        "---\nname: helper\ndescription: Helps.\ntools: [Read]\n---\nHelp.\n", encoding="utf-8"
    )
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "helper.md").write_bytes((folder / "helper.md").read_bytes())
    catalog = load_catalog(
        ["vendor/gemini-agents", "mine"], tmp_path, formats={"./vendor/gemini-agents/": "gemini"}
    )
    by = {a.source: a for a in catalog.agents}
    assert by["vendor/gemini-agents/helper.md"].format == "gemini"
    assert "gemini-claude-tool-names" in rules(by["vendor/gemini-agents/helper.md"])
    assert by["mine/helper.md"].format == "claude"


def test_duplicate_names_are_reported_for_the_right_tool(tmp_path):
    folder = tmp_path / ".gemini" / "agents"
    folder.mkdir(parents=True)
    text = "---\nname: same\ndescription: d\n---\nBody.\n"
    (folder / "a.md").write_text(text, encoding="utf-8")
    (folder / "b.md").write_text(text, encoding="utf-8")
    copilot = tmp_path / ".github" / "agents"
    copilot.mkdir(parents=True)
    (copilot / "a.agent.md").write_text(text, encoding="utf-8")
    (copilot / "b.agent.md").write_text(text, encoding="utf-8")
    catalog = load_catalog([".gemini/agents", ".github/agents"], tmp_path)
    dupes = {
        a.source: d.message
        for a in catalog.agents
        for d in a.diagnostics
        if d.rule == "duplicate-name"
    }
    assert set(dupes) == {".gemini/agents/a.md", ".gemini/agents/b.md"}
    assert all("Gemini CLI loads only one" in m for m in dupes.values())


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-3, 3), st.text(max_size=12)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "name", "description", "tools", "model", "mode", "permission", "permissions", "target",
        "handoffs", "mcp-servers", "globs", "alwaysApply", "temperature", "max_turns", "kind",
        "mcp_servers", "disable", "steps", "argument-hint", "agents", "infer", "display_name",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=8), st.sampled_from(FORMATS[:-1]))
def test_any_frontmatter_values_are_read_under_every_format(meta, fmt):
    """Each format's rules meet values of every shape (lists where text is expected, mappings
    where a list is) and still give an agent, never an exception."""
    import yaml

    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nBody.\n"
    agent = read_agent_bytes(
        text.encode("utf-8", "surrogatepass"), Path("a.md"), "a.md", format=fmt
    )
    assert isinstance(agent, Agent) and agent.format == fmt
    assert agent.name
    json.dumps(agent.settings, default=str)


def test_markdown_in_a_codex_folder_is_not_a_codex_agent():
    assert detect_format(".codex/agents/notes.md") == ("claude", "default")
    assert detect_format(".codex/agents/x.toml") == ("codex", "extension")


def test_install_paths_rename_to_what_the_tool_reads():
    from agent_catalog.publish.raw_files import install_path

    def agent(source, fmt):
        return Agent(name="x", source=source, path=Path(source), format=fmt, slug="x")

    assert install_path(agent("chat/x.chatmode.md", "copilot")) == ".github/agents/x.agent.md"
    assert install_path(agent(".github/agents/x.md", "copilot")) == ".github/agents/x.agent.md"
    assert install_path(agent(".cursor/rules/x.md", "cursor")) == ".cursor/rules/x.mdc"
    assert install_path(agent("seeds/x y.txt", "claude")) == ".claude/agents/x-y.md"
    assert install_path(agent("agents/x.md", "gemini")) == ".gemini/agents/x.md"
    assert install_path(agent("a/x.toml", "codex")) == ".codex/agents/x.toml"
    # a file name never leaves its folder, nor hides
    assert install_path(agent("../../.bashrc", "claude")) == ".claude/agents/bashrc.md"
    assert install_path(agent("x/ev il;rm -rf.md", "claude")) == ".claude/agents/ev-il-rm--rf.md"


def test_raw_file_names_are_safe():
    from agent_catalog.publish.raw_files import raw_url

    def url(source):
        return raw_url(Agent(name="n", source=source, path=Path(source), slug="s"))

    # a Markdown copy is never a page for a host that renders the build-pages output
    assert url("a/x.agent.md") == "raw/s/x.agent.md.txt"
    assert url("a/x.mdc") == "raw/s/x.mdc"
    assert url("../../.bashrc") == "raw/s/bashrc.txt"
    assert url("x/evil.html") == "raw/s/evil.html.txt"  # never a live page on the site
    assert url("x/<script>.md") == "raw/s/script-.md.txt"
