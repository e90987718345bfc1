"""The `tools` field in every shape real files use, and what each shape means.

Claude Code: a comma-separated string or a YAML list; absent means every tool (MCP included);
entries may carry a specifier in parentheses (`Bash(git *)`, `Agent(a, b)`) whose commas do not
split. `[]` means no tools. `*` means all. OpenCode writes a mapping of tool -> bool.
"""

from __future__ import annotations

import re
from typing import Any

ALL = object()
"""Returned when the value means "every tool" (`*`, `["*"]`)."""


def split_tool_string(value: str) -> list[str]:
    """Split on commas (and newlines) outside parentheses."""
    out: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in value:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch in ",\n" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [t.strip().strip("\"'").strip() for t in out if t.strip().strip("\"'").strip()]


def parse_tools(value: Any) -> tuple[Any, list[str]]:
    """Return (tools, notes): a list, `ALL`, or None for "absent"; notes explain repairs."""
    notes: list[str] = []
    if value is None:
        return None, notes
    if isinstance(value, bool):
        notes.append(f"`tools: {value}` is not a tool list")
        return None, notes
    if isinstance(value, str):
        if value.strip() in ("*", '"*"', "'*'"):
            return ALL, notes
        items = split_tool_string(value)
    elif isinstance(value, dict):
        items = [
            str(k) for k, v in value.items() if v is True or str(v).lower() in ("true", "allow")
        ]
    elif isinstance(value, (list, tuple)):
        items = []
        for v in value:
            if isinstance(v, str):
                items.extend(split_tool_string(v) if "," in v and "(" not in v else [v.strip()])
            elif isinstance(v, dict):
                items.extend(str(k) for k in v)
            elif v is not None:
                items.append(str(v))
        if [i for i in items if i] == ["*"]:
            return ALL, notes
    else:
        items = [str(value)]
    seen: set[str] = set()
    out: list[str] = []
    for t in items:
        if not t:
            continue
        if t in seen:
            notes.append(f"`{t}` is listed twice")
            continue
        seen.add(t)
        out.append(t)
    return out, notes


_MCP = re.compile(r"^mcp__([^_]+(?:_[^_]+)*?)__(.+)$")


def mcp_parts(tool: str) -> tuple[str, str] | None:
    """`mcp__server__tool` -> (server, tool); `mcp__server` -> (server, '*')."""
    if not tool.startswith("mcp__"):
        return None
    m = _MCP.match(tool)
    if m:
        return m.group(1), m.group(2)
    return tool[5:] or "?", "*"


def tool_base(tool: str) -> str:
    """`Bash(git *)` -> `Bash`."""
    return tool.split("(", 1)[0].strip()


# Claude Code's built-in tool names (tools-reference page, 2026-08). Tool names are the exact,
# case-sensitive strings used in `tools`, permission rules and hook matchers.
CLAUDE_TOOLS = frozenset(
    {
        "Agent", "Artifact", "AskUserQuestion", "Bash", "CronCreate", "CronDelete", "CronList",
        "Edit", "EnterPlanMode", "EnterWorktree", "ExitPlanMode", "ExitWorktree", "Glob", "Grep",
        "ListMcpResourcesTool", "LSP", "Monitor", "NotebookEdit", "PowerShell", "Read",
        "ReadMcpResourceTool", "SendMessage", "Skill", "TaskCreate", "TaskGet", "TaskList",
        "TaskOutput", "TaskStop", "TaskUpdate", "TeamCreate", "TeamDelete", "TodoWrite",
        "ToolSearch", "WebFetch", "WebSearch", "Write",
    }
)  # fmt: skip
CLAUDE_OLD_TOOLS = frozenset(
    {
        "Task", "MultiEdit", "NotebookRead", "LS", "SlashCommand", "BashOutput", "KillShell",
        "KillBash", "TodoRead",
    }
)  # fmt: skip
"""Names from earlier Claude Code versions, still common in shared catalogs (`Task` is the old
name of `Agent`); accepted without a finding."""


def is_claude_tool(tool: str) -> bool:
    """A name Claude Code knows: a built-in (with or without a specifier) or an MCP tool."""
    if tool.startswith("mcp__"):
        return True
    base = tool_base(tool)
    return base in CLAUDE_TOOLS or base in CLAUDE_OLD_TOOLS
