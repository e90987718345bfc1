"""Claude Code subagents (`.claude/agents/*.md`): the reader's common pass already follows its
rules (name and description required, `tools` absent = every tool, `disallowedTools`). This
module only gathers the settings pages show beside the tools and model."""

from __future__ import annotations

from typing import Any

from ..model import Agent
from ._common import as_text

_SETTINGS = (
    ("permissionMode", "permission_mode"),
    ("maxTurns", "max_turns"),
    ("effort", "effort"),
    ("memory", "memory"),
    ("isolation", "isolation"),
    ("background", "background"),
    ("skills", "skills"),
)


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    for key, setting in _SETTINGS:
        if key in meta and meta[key] not in (None, ""):
            value = meta[key]
            agent.settings[setting] = value if isinstance(value, (bool, int)) else as_text(value)
    servers = meta.get("mcpServers")
    if isinstance(servers, dict) and servers:
        agent.settings["mcp_servers"] = [str(k) for k in servers]
    elif isinstance(servers, list) and servers:
        agent.settings["mcp_servers"] = [
            str(next(iter(s))) if isinstance(s, dict) and s else as_text(s) for s in servers
        ]
