"""Claude Code subagents (`.claude/agents/*.md`): the reader's common pass already follows its
rules (name and description required, `tools` absent = every tool, `disallowedTools`). This
module gathers the settings pages show beside the tools and model, each in one shape whatever
way the file wrote it: the hooks as (event, matcher, what runs), the MCP servers by name with
their inline configurations kept as data, and the subagents an `Agent(a, b)` / `Task(a)` entry
of `tools` lets the agent start. Whether a value is one Claude Code documents is a rule's
business (`checks/rules.py`), not this module's."""

from __future__ import annotations

import json
from typing import Any

from ..model import Agent
from ..reading.tool_names import split_tool_string, tool_base
from ._common import as_text

_SETTINGS = (
    ("permissionMode", "permission_mode"),
    ("maxTurns", "max_turns"),
    ("effort", "effort"),
    ("memory", "memory"),
    ("isolation", "isolation"),
    ("background", "background"),
    ("skills", "skills"),
    ("initialPrompt", "initial_prompt"),
)

SUBAGENT_TOOLS = ("Agent", "Task")
"""The tool that starts subagents (`Task` is its old name); a specifier lists which ones."""

BUILTIN_SUBAGENTS = frozenset({"general-purpose", "Explore", "Plan", "statusline-setup"})
"""Subagent types Claude Code ships: an `Agent(Explore)` entry needs no agent in the catalog."""


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    for key, setting in _SETTINGS:
        if key in meta and meta[key] not in (None, ""):
            value = meta[key]
            agent.settings[setting] = value if isinstance(value, (bool, int)) else as_text(value)
    servers = meta.get("mcpServers")
    if isinstance(servers, dict) and servers:
        agent.settings["mcp_servers"] = [str(k) for k in servers]
        configs = {str(k): v for k, v in servers.items() if isinstance(v, dict)}
    elif isinstance(servers, list) and servers:
        agent.settings["mcp_servers"] = [
            str(next(iter(s))) if isinstance(s, dict) and s else as_text(s) for s in servers
        ]
        configs = {str(k): v for s in servers if isinstance(s, dict) for k, v in s.items()}
    else:
        configs = {}
    if configs:
        agent.settings["mcp_server_configs"] = {k: config_text(v) for k, v in configs.items()}
    hooks = hook_list(meta.get("hooks"))
    if hooks:
        agent.settings["hooks"] = hooks
    subagents = starts_subagents(agent.tools)
    if subagents is not None:
        agent.settings["subagents"] = subagents


def config_text(value: Any) -> str:
    """An inline configuration as one line of JSON: data to show, never a link to follow."""
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    except (TypeError, ValueError):
        return as_text(value)


def hook_list(value: Any) -> list[dict[str, str]]:
    """`hooks:` as [{event, matcher, type, run}], in file order.

    Claude Code's shape is `event -> [{matcher, hooks: [{type, command}]}]`; a bare command
    string or a flat list of hook entries is kept too, so nothing the author wrote is lost.
    """
    out: list[dict[str, str]] = []
    if not isinstance(value, dict):
        return out
    for event, groups in value.items():
        for group in groups if isinstance(groups, list) else [groups]:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                matcher = as_text(group.get("matcher", ""))
                entries = group["hooks"]
            else:
                matcher, entries = "", [group]
            for entry in entries:
                if isinstance(entry, dict):
                    kind = as_text(entry.get("type", "command")) or "command"
                    run = entry.get("command", entry.get("prompt", entry.get("url")))
                    run = as_text(run) if run is not None else config_text(entry)
                else:
                    kind, run = "command", as_text(entry)
                out.append({"event": str(event), "matcher": matcher, "type": kind, "run": run})
    return out


def starts_subagents(tools: list[str] | None) -> list[str] | None:
    """The subagents `Agent(a, b)` / `Task(a)` entries name (None: no such entry with a
    specifier). A bare `Agent` lets the agent start any subagent; it is listed with the other
    delegating tools, with no names to link."""
    names: list[str] = []
    found = False
    for t in tools or []:
        if tool_base(t) in SUBAGENT_TOOLS and "(" in t and t.rstrip().endswith(")"):
            found = True
            inner = t.split("(", 1)[1].rstrip()[:-1]
            for n in split_tool_string(inner):
                if n not in names:
                    names.append(n)
    return names if found else None


def preloaded_skills(agent: Agent) -> list[str]:
    """The skill names an agent's `skills:` preloads, in file order (a YAML list, or one
    comma-separated string): what its page links and `skill-missing` checks. Claude Code
    agents only (the other formats' `skills` keys mean other things, or nothing)."""
    if agent.format != "claude":
        return []
    value = agent.metadata.get("skills")
    items = value if isinstance(value, list) else split_tool_string(as_text(value)) if value else []
    out: list[str] = []
    for v in items:
        name = as_text(v)
        if name and name not in out:
            out.append(name)
    return out
