"""Claude Code's 2026 subagent fields, built into a real site from fixtures of our own
(`tests/fixtures/claude-settings/`): each field's page says what it does, a value outside the
documented set says so and gets a finding naming the value and the allowed set, hooks and MCP
configurations are shown as data (never markup, never live links), and `Agent(a, b)` entries
link the subagents' pages."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from agent_catalog.catalog.load import load_catalog
from conftest import build_fixture_site, field_rows, load_json, soup
from reader_support import CORPUS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "claude-settings"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.claude/agents, plugins]")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([".claude/agents", "plugins"], FIXTURE)


def page(site: Path, slug: str):
    return soup(site / "agents" / slug / "index.html").find("article")


fields = field_rows


def findings(catalog, source: str) -> list:
    return next(a for a in catalog.agents if a.source == source).diagnostics


def test_each_setting_is_shown_with_what_it_does(site):
    f = fields(page(site, "orchestrator"))
    assert f["Permission mode"].startswith("acceptEdits : accepts file edits without asking")
    assert f["Effort"].startswith("high : how much the model reasons")
    assert "low, medium, high, xhigh, max" in f["Effort"]
    assert f["Max turns"] == "stops after 12 agentic turns"
    assert ".claude/agent-memory/orchestrator/ in the project" in f["Memory"]
    assert f["Background"].startswith("true : always runs in the background")
    assert f["Isolation"].startswith("worktree : works in a temporary git worktree")
    assert f["Skills"] == "preloaded into its context: changelog (not in this catalog)"
    assert "first user turn" in f["Initial prompt"]
    assert f["Initial prompt"].endswith("Review the open pull request and list its risks")
    # shown with their meaning, so not again among the raw other keys
    for raw in ("permissionMode", "effort", "hooks", "mcpServers", "initialPrompt", "memory"):
        assert raw not in f


def test_disallowed_tools_are_applied_before_tools(site):
    text = page(site, "orchestrator").get_text(" ", strip=True)
    assert "Disallowed: Write" in text
    assert "disallowedTools is applied first; tools is then resolved against the tools" in text


def test_agent_entries_link_the_subagents_pages(site):
    art = page(site, "orchestrator")
    line = next(p for p in art.find_all("p") if p.get_text().startswith("May start these"))
    links = {a.get_text(): a["href"] for a in line.find_all("a")}
    assert links == {"reviewer": "../reviewer/"}
    assert (site / "agents" / "reviewer" / "index.html").is_file()
    text = line.get_text(" ", strip=True)
    assert "ghost-writer (not in this catalog)" in text
    assert "Explore (built into Claude Code)" in text


def test_a_subagent_missing_from_the_catalog_is_a_finding(catalog, site):
    (hit,) = [
        d
        for d in findings(catalog, ".claude/agents/orchestrator.md")
        if d.rule == "subagent-missing"
    ]
    assert hit.severity == "info" and hit.line == 4
    assert "`ghost-writer`" in hit.message and "Explore" not in hit.message
    assert "subagent-missing" not in {
        d.rule for d in findings(catalog, ".claude/agents/reviewer.md")
    }
    health = soup(site / "health" / "index.html").get_text(" ", strip=True)
    assert "subagent-missing" in health


def test_hooks_are_listed_as_data(site):
    art = page(site, "orchestrator")
    heading = art.find("h2", string="Hooks")
    items = heading.find_next("ul").find_all("li")
    assert [li.get_text(" ", strip=True).split(":")[0].strip() for li in items] == [
        "PreToolUse on Bash",
        "Stop",
    ]
    hostile = items[0]
    assert hostile.find("code", string=lambda s: s and s.startswith("./scripts/guard.sh"))
    code = hostile.find_all("code")[-1].get_text()
    assert code == "./scripts/guard.sh <b>loud</b> [x](javascript:alert(1)) | tee log"
    assert hostile.find("b") is None and hostile.find("a") is None
    assert art.find("script") is None


def test_mcp_servers_by_name_with_inline_configs_as_data(site):
    art = page(site, "orchestrator")
    intro = next(p for p in art.find_all("p") if p.get_text().startswith("MCP servers"))
    items = intro.find_next("ul").find_all("li")
    assert [li.find("code").get_text() for li in items] == ["github", "docs"]
    assert items[0].get_text(strip=True) == "github"
    config = items[1].find_all("code")[1].get_text()
    assert config.startswith('{"command": "npx", "args": ["docs-mcp"')
    assert "https://docs.example.org/<script>alert(1)</script>" in config
    assert items[1].find("a") is None and items[1].find("script") is None


def test_undocumented_values_say_so_on_the_page(site):
    f = fields(page(site, "odd-values"))
    for label, value in (
        ("Permission mode", "yolo"),
        ("Effort", "extreme"),
        ("Max turns", "many"),
        ("Memory", "cloud"),
        ("Background", "sometimes"),
        ("Isolation", "container"),
    ):
        assert f[label] == f"{value}: not a documented value, so Claude Code ignores it", label
    # what could not be read stays on the page as written, never lost
    assert f["hooks"] == "echo hi"
    assert f["mcpServers"] == "42"


def test_each_undocumented_value_is_a_finding_naming_value_and_allowed_set(catalog):
    got = {
        d.line: d.message
        for d in findings(catalog, ".claude/agents/odd-values.md")
        if d.rule == "field-value"
    }
    expect = {
        5: ("`permissionMode: yolo`", "`acceptEdits`, `auto`, `bypassPermissions`, `default`"),
        6: ("`effort: extreme`", "`high`, `low`, `max`, `medium`, `xhigh`"),
        7: ("`maxTurns: many`", "positive whole number"),
        8: ("`memory: cloud`", "`local`, `project`, `user`"),
        9: ("`background: sometimes`", "`true` or `false`"),
        10: ("`isolation: container`", "`worktree`"),
        11: ("`initialPrompt: ['one', 'two']`", "must be a string"),
        12: ("`hooks: echo hi`", "mapping of hook events"),
        13: ("`mcpServers: 42`", "list of server names"),
    }
    assert set(got) == set(expect)
    for line, parts in expect.items():
        for part in parts:
            assert part in got[line], (line, got[line])
    assert not [
        d for d in findings(catalog, ".claude/agents/orchestrator.md") if d.rule == "field-value"
    ]


def test_agents_json_carries_the_settings(site):
    schema = load_json(site / "agents.schema.json")
    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(schema).validate(doc)
    rec = next(r for r in doc["agents"] if r["name"] == "orchestrator")
    s = rec["settings"]
    assert s["permission_mode"] == "acceptEdits" and s["effort"] == "high"
    assert s["max_turns"] == 12 and s["memory"] == "project" and s["background"] is True
    assert s["isolation"] == "worktree" and s["initial_prompt"].startswith("Review")
    assert s["subagents"] == ["reviewer", "ghost-writer", "Explore"]
    assert s["mcp_servers"] == ["github", "docs"]
    assert list(s["mcp_server_configs"]) == ["docs"]
    assert s["hooks"][1] == {
        "event": "Stop",
        "matcher": "",
        "type": "command",
        "run": "./scripts/summary.sh",
    }


AUDITOR = "davila7__claude-code-templates/cli-tool/components/agents/security/read-only-auditor.md"


@pytest.mark.skipif(not (CORPUS / AUDITOR).is_file(), reason="the shared corpus is not here")
def test_a_real_agents_hooks_read_as_claude_code_runs_them():
    """The corpus's one agent with `hooks` (read in place): both PreToolUse hooks, with their
    matchers and commands, and no finding (its shape is Claude Code's)."""
    (agent,) = [a for a in load_catalog([AUDITOR], CORPUS).agents]
    assert [(h["event"], h["matcher"]) for h in agent.settings["hooks"]] == [
        ("PreToolUse", "Write|Edit|MultiEdit"),
        ("PreToolUse", "Bash"),
    ]
    assert all(h["run"].endswith("&& exit 1") for h in agent.settings["hooks"])
    assert not [d for d in agent.diagnostics if d.rule == "field-value"]


# --------------------------------------------------------------------------- ignored here


def test_a_plugin_agents_ignored_fields_are_warnings(catalog):
    plugged = findings(catalog, "plugins/demo/agents/plugged.md")
    hits = {d.line: d for d in plugged if d.rule == "plugin-ignored-field"}
    assert sorted(hits) == [5, 6, 8]  # permissionMode, mcpServers, hooks
    for d in hits.values():
        assert d.severity == "warning"
        assert "ships inside the plugin `plugins/demo/`" in d.message
        assert d.message.endswith("Claude Code ignores this here, silently")
    assert "hooks/hooks.json" in hits[8].fix and ".mcp.json" in hits[6].fix
    # `effort` is one of the keys plugin agents do read
    assert not [d for d in plugged if "`effort`" in d.message]


def test_a_marketplace_root_does_not_make_project_agents_plugin_agents(catalog):
    """The fixture's root has `.claude-plugin/marketplace.json`; its `.claude/agents/` are
    ordinary project agents, whose hooks and permission mode apply."""
    orchestrator = next(a for a in catalog.agents if a.name == "orchestrator")
    assert "plugin" not in orchestrator.settings
    assert "plugin-ignored-field" not in {d.rule for d in orchestrator.diagnostics}


def test_the_plugin_agents_page_says_what_is_ignored(site):
    art = page(site, "plugged")
    f = fields(art)
    assert f["Permission mode"].startswith(
        "bypassPermissions: Claude Code ignores this here, silently"
    )
    hooks = art.find("h2", string="Hooks").find_next("p").get_text(" ", strip=True)
    assert hooks.startswith("Claude Code ignores this here, silently")
    mcp = art.find("strong", string="MCP servers").find_parent("p").get_text(" ", strip=True)
    assert mcp.endswith(
        "Claude Code ignores this here, silently : the agent ships inside a "
        "plugin, and plugin agents do not read hooks , mcpServers or "
        "permissionMode ."
    )
    doc = load_json(site / "agents.json")
    rec = next(r for r in doc["agents"] if r["name"] == "plugged")
    assert rec["settings"]["plugin"] == "plugins/demo"


def test_another_tools_key_in_a_claude_agent_is_ignored_silently(catalog):
    (d,) = [
        d for d in findings(catalog, "plugins/demo/agents/plugged.md") if d.rule == "key-ignored"
    ]
    assert d.severity == "warning" and d.line == 15
    assert d.message == (
        "`handoffs` is a GitHub Copilot setting, not a Claude Code one: Claude Code ignores "
        "this here, silently"
    )


def test_copilots_cloud_agent_ignores_handoffs_and_argument_hint():
    cat = load_catalog([".github/agents"], FIXTURE)
    hits = [d for d in cat.agents[0].diagnostics if d.rule == "copilot-cloud-ignores"]
    assert [(d.line, d.severity) for d in hits] == [(6, "warning"), (5, "warning")]
    assert all("GitHub Copilot ignores this here, silently" in d.message for d in hits)
    assert "`handoffs`" in hits[0].message and "`argument-hint`" in hits[1].message


KINDS = CORPUS.parent / "corpus-kinds"


@pytest.mark.skipif(not KINDS.is_dir(), reason="the shared corpus-kinds is not here")
def test_real_plugin_agents_are_known_as_such():
    """The two real marketplaces (read in place): every agent in a plugin's `agents/` is a
    plugin agent of that plugin (`plugin-dev` has no `.claude-plugin/` of its own: the
    marketplace lists it); none of them sets a field plugins ignore."""
    cat = load_catalog(["anthropics__claude-code/plugins"], KINDS)
    agents = [a for a in cat.agents if "/agents/" in a.source]
    assert len(agents) >= 10
    for a in agents:
        expect = a.source.split("/agents/")[0]
        assert a.settings["plugin"] == expect, a.source
        assert "plugin-ignored-field" not in {d.rule for d in a.diagnostics}
