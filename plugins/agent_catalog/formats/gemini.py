"""Gemini CLI subagents (`.gemini/agents/*.md`, `~/.config/gemini-cli/agents/`).

From gemini-cli's docs/core/subagents.md and its loader (`agentLoader.ts`): `name` (lowercase
letters, digits, `-`, `_`) and `description` are required; `tools` is a YAML list of tool names
with wildcards (`*`, `mcp_*`, `mcp_<server>_*`), omitted = every tool of the parent session;
`model` (default `inherit`), `temperature` (0-2), `max_turns`, `timeout_mins`, `kind` (`local`
or `remote`), `display_name`, `mcp_servers`. The loader's schema is strict: an unknown key, or
`tools` written as a comma string, fails validation and the agent is not loaded. Files whose
name starts with `_` are ignored.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from ..model import Agent
from ..reading.tool_names import split_tool_string
from ._common import as_text, check_temperature, require

CHECKS = {
    "gemini-name-missing": ("error", "a Gemini CLI agent without `name`"),
    "gemini-name-invalid": ("error", "a Gemini CLI name beyond lowercase, digits, `-`, `_`"),
    "gemini-description-missing": ("error", "a Gemini CLI agent without `description`"),
    "gemini-kind": ("error", "`kind` is neither `local` nor `remote`"),
    "gemini-tools-not-list": ("error", "Gemini CLI `tools` written as a comma string"),
    "gemini-claude-tool-names": ("error", "Claude Code tool names in a Gemini CLI agent"),
    "gemini-temperature": ("warning", "`temperature` is not a number from 0 to 2"),
    "gemini-max-turns": ("error", "`max_turns` is not a positive whole number"),
    "gemini-timeout-mins": ("error", "`timeout_mins` is not a positive whole number"),
    "gemini-unknown-key": ("error", "a key Gemini CLI's strict schema rejects"),
    "gemini-underscore-file": ("warning", "a file name starting with `_` (Gemini CLI skips it)"),
}
"""Every finding this format can report: id -> (severity, summary)."""

NAME = re.compile(r"^[a-z0-9_-]+$")
KNOWN_LOCAL = {
    "kind",
    "name",
    "description",
    "display_name",
    "tools",
    "model",
    "temperature",
    "max_turns",
    "timeout_mins",
    "policy",
    "mcp_servers",
    "mcpServers",
}
KNOWN_REMOTE = {"kind", "name", "description", "display_name", "agent_card_url", "agent_card_json"}
KNOWN_REMOTE |= {"auth"}
BUILTIN_TOOLS = {
    "read_file",
    "write_file",
    "replace",
    "run_shell_command",
    "glob",
    "search_file_content",
    "grep_search",
    "list_directory",
    "read_many_files",
    "google_web_search",
    "web_fetch",
    "save_memory",
    "write_todos",
}
_TELLING = BUILTIN_TOOLS - {"replace", "glob"}
"""Names only Gemini CLI uses (Claude Code's are `Read`, `Bash`, ...; OpenCode's `read`)."""


def looks_like(meta: dict[str, Any]) -> bool:
    tools = meta.get("tools")
    if isinstance(tools, str):
        names = split_tool_string(tools)
    elif isinstance(tools, list):
        names = [str(t).strip() for t in tools]
    else:
        return False
    return any(n in _TELLING for n in names)


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    kind = as_text(meta.get("kind")) or "local"
    agent.settings["kind"] = kind
    fix_name = "add `name:` in lowercase letters, digits, `-` and `_`, e.g. `name: code-reviewer`"
    if require(agent, meta, lines, "name", "Gemini CLI", fix_name) and not NAME.match(
        str(meta["name"]).strip()
    ):
        agent.diag(
            "error",
            "gemini-name-invalid",
            f"`name: {meta['name']}` is not a valid Gemini CLI name (lowercase letters, digits, "
            "`-` and `_` only); the agent is not loaded",
            f"use `name: {re.sub(r'[^a-z0-9_-]+', '-', str(meta['name']).lower()).strip('-')}`",
            lines.get("name"),
        )
    if kind != "remote":
        require(
            agent,
            meta,
            lines,
            "description",
            "Gemini CLI",
            "add `description:` saying when the main agent should delegate to this one",
        )
    if kind not in ("local", "remote"):
        agent.diag(
            "error",
            "gemini-kind",
            f"`kind: {kind}` is neither `local` nor `remote`",
            "remove `kind` (local is the default) or write `kind: remote`",
            lines.get("kind"),
        )
    if isinstance(meta.get("tools"), str):
        agent.diag(
            "error",
            "gemini-tools-not-list",
            "`tools` is a comma-separated string; Gemini CLI's loader requires a YAML list and "
            'rejects the file ("tools: Expected array, received string")',
            "write the tools as a list: `tools: [read_file, run_shell_command]`",
            lines.get("tools"),
        )
    _foreign_tools(agent, lines)
    check_temperature(agent, meta, lines, 2.0, "Gemini CLI")
    for key in ("max_turns", "timeout_mins"):
        if key not in meta:
            continue
        value = meta[key]
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            agent.settings[key] = value
        else:
            agent.diag(
                "error",
                f"gemini-{key.replace('_', '-')}",
                f"`{key}: {value}` is not a positive whole number; the agent is not loaded",
                f"write a whole number, e.g. `{key}: 10`",
                lines.get(key),
            )
    servers = meta.get("mcp_servers", meta.get("mcpServers"))
    if isinstance(servers, dict) and servers:
        agent.settings["mcp_servers"] = [str(k) for k in servers]
    if meta.get("display_name"):
        agent.settings["display_name"] = as_text(meta["display_name"])
    known = KNOWN_REMOTE if kind == "remote" else KNOWN_LOCAL
    for key in meta:
        if key not in known:
            agent.diag(
                "error",
                "gemini-unknown-key",
                f"`{key}` is not a Gemini CLI subagent key; its loader rejects files with "
                "unknown keys",
                f"remove `{key}` (keep notes in the body)",
                lines.get(key),
            )
    if PurePosixPath(agent.source).name.startswith("_"):
        agent.diag(
            "warning",
            "gemini-underscore-file",
            "the file name starts with `_`; Gemini CLI skips such files",
            "rename the file without the leading `_`",
            None,
        )


CLAUDE_TO_GEMINI = {
    "Read": "read_file",
    "Write": "write_file",
    "Edit": "replace",
    "MultiEdit": "replace",
    "Bash": "run_shell_command",
    "Glob": "glob",
    "Grep": "grep_search",
    "LS": "list_directory",
    "WebFetch": "web_fetch",
    "WebSearch": "google_web_search",
    "TodoWrite": "write_todos",
}


def _foreign_tools(agent: Agent, lines: dict[str, int]) -> None:
    """Claude Code tool names in a Gemini file: its loader answers "Invalid tool name"."""
    foreign = [t for t in agent.tools or [] if t in CLAUDE_TO_GEMINI]
    if not foreign:
        return
    swaps = ", ".join(f"`{t}` -> `{CLAUDE_TO_GEMINI[t]}`" for t in foreign)
    agent.diag(
        "error",
        "gemini-claude-tool-names",
        f"{', '.join(f'`{t}`' for t in foreign)} are Claude Code tool names; Gemini CLI rejects "
        "them as invalid tool names",
        f"use Gemini CLI's names: {swaps}",
        lines.get("tools"),
    )
