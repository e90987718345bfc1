"""What an agent may do unattended, in words: its reach, and every reason for it.

Readers of a catalog ask "could this agent act without anyone noticing?". The answer comes from
four things the file says, each a reason shown with the level it leads to (never a bare score):
a permission mode that skips asking (Claude Code's `bypassPermissions`, `acceptEdits`, `auto`,
`dontAsk`; ignored in plugin agents, so not counted there), tools it inherits rather than lists
(every tool, MCP included), a shell it may run without a pattern (`Bash`, not `Bash(git *)`),
and web access together with write access (what it reads online can reach your files). Codex
agents have no tool list: their sandbox mode stands in. OpenCode V2's `permissions` rules move
the reach both ways: denials of a whole action already narrow the tool list (the format module
applies them), `*` asked on every resource turns "inherits every tool" into a moderate reason,
and a shell counts as unrestricted only where a rule allows it on every resource. A Cursor
subagent has no tool list (it works with the chat's tools): `readonly: true` makes that narrow,
and `is_background: true` is a moderate reason.

Levels: `wide` (it may use every tool, or uses what it has without asking, or several reasons
add up: an unrestricted shell with web and write access), `moderate` (at least one reason),
`narrow` (none).
"""

from __future__ import annotations

from typing import Any

from ..formats.opencode import EVERYWHERE
from ..model import Agent
from .capabilities import CapabilityProfile

LEVELS = ("wide", "moderate", "narrow")
"""From the widest reach to the narrowest. A level's `rank` counts the other way (wide = 2), so
that the catalog table's numeric sort, largest first, puts the widest first."""

_MODES = {
    "bypassPermissions": (3, "`permissionMode: bypassPermissions`: uses every tool it has "
                          "without asking anyone"),
    "acceptEdits": (1, "`permissionMode: acceptEdits`: edits files without asking"),
    "auto": (1, "`permissionMode: auto`: a classifier, not a person, approves each tool use"),
    "dontAsk": (0, "`permissionMode: dontAsk`: never asks; whatever is not allowed beforehand "
                "is denied"),
}  # fmt: skip
_SANDBOXES = {
    "danger-full-access": (3, "`sandbox_mode: danger-full-access`: no sandbox at all"),
    "workspace-write": (1, "`sandbox_mode: workspace-write`: writes in the workspace"),
}
SHELLS = frozenset(
    {
        "Bash", "PowerShell", "run_shell_command", "runCommands", "runInTerminal",
        "execute/runInTerminal", "terminalCommand", "execute", "shell", "bash",
    }
)  # fmt: skip
"""Tools that run any command they are given (each format's name); `Bash(git *)` is bounded,
and tools that only run tests or read a terminal's output are not shells."""
NARROW = (
    "has no permission mode that skips asking, inherits no tools, runs no shell without a "
    "pattern, and does not combine web access with write access"
)


def assess(agent: Agent, prof: CapabilityProfile) -> dict[str, Any]:
    """{level, rank, reasons}: `rank` 2 for wide, 1 moderate, 0 narrow."""
    weight = 0
    reasons: list[str] = []
    narrowed = False  # a reason that says itself why the reach is narrow

    def add(points: int, reason: str) -> None:
        nonlocal weight
        weight += points
        reasons.append(reason)

    mode = agent.settings.get("permission_mode")
    if agent.format == "claude" and mode in _MODES:
        if "plugin" in agent.settings:
            reasons.append(f"sets `permissionMode: {mode}`, which Claude Code ignores in a plugin")
        else:
            add(*_MODES[mode])
    sandbox = agent.settings.get("sandbox_mode")
    if agent.format == "codex" and sandbox in _SANDBOXES:
        add(*_SANDBOXES[sandbox])
    if agent.format == "gemini" and agent.settings.get("kind") == "remote":
        add(1, "is a remote (A2A) agent: what it may do is decided where it runs, not here")
    elif prof.mode == "all" and agent.format == "cursor-agent" and agent.settings.get("readonly"):
        narrowed = True
        reasons.append("`readonly: true`: it works with the tools of the chat that starts it, "
                       "but only to read: it edits nothing and runs nothing that changes state")  # fmt: skip
    elif prof.mode == "all" and _asks_everything(agent):
        add(1, "inherits every tool, but its `permissions` ask before each use (`*` on every "
               "resource: `ask`)")  # fmt: skip
    elif prof.mode == "all":
        what = "MCP tools included" if agent.format == "claude" else "whatever its tool offers"
        add(3, f"inherits every tool ({what}): it sets no list of its own")
    else:
        shells = [u.tool for u in prof.tools if u.base in SHELLS and "(" not in u.tool]
        if _v2_rules(agent):  # V2 bounds each action by its rules' resources
            shell = sorted(_allowed_everywhere(agent) & SHELLS)
            if shell:
                add(2, f"runs any shell command: its `permissions` allow `{shell[0]}` on every "
                       "resource, without asking")  # fmt: skip
        elif shells:
            add(2, f"runs any shell command: `{shells[0]}` without a pattern")
        classes = set(prof.classes)
        if "web" in classes and "edit" in classes:
            add(1, "reads the web and writes files: what it reads online can reach your files")
        servers = [u.tool for u in prof.tools if u.cls == "mcp" and _whole_server(u.tool)]
        if servers:
            add(1, f"every tool of an MCP server: `{servers[0]}`")
    if agent.format == "cursor-agent" and agent.settings.get("is_background"):
        add(1, "`is_background: true`: runs in the background; nobody watches it as it works")
    level = "wide" if weight >= 3 else "moderate" if reasons and weight else "narrow"
    if level == "narrow" and not weight and not narrowed:
        reasons.append(NARROW)
    return {"level": level, "rank": len(LEVELS) - 1 - LEVELS.index(level), "reasons": reasons}


def _v2_rules(agent: Agent) -> list[dict[str, str]]:
    """OpenCode V2's `permissions` rules, as `formats/opencode.py` read them."""
    return agent.settings.get("permissions") or [] if agent.format == "opencode" else []


def _asks_everything(agent: Agent) -> bool:
    """`{action: "*", resource: "*", effect: ask}` and nothing allowed outright: every tool use
    waits for a person."""
    rules = _v2_rules(agent)
    return any(
        r["action"] == "*" and r["resource"] in EVERYWHERE and r["effect"] == "ask" for r in rules
    ) and not any(r["effect"] == "allow" for r in rules)


def _allowed_everywhere(agent: Agent) -> set[str]:
    return {
        r["action"]
        for r in _v2_rules(agent)
        if r["effect"] == "allow" and r["resource"] in EVERYWHERE
    }


def _whole_server(tool: str) -> bool:
    """`mcp__github` or `mcp__github__*`: every tool of the server, whatever it adds later."""
    return tool.startswith("mcp__") and (tool.count("__") < 2 or tool.endswith("__*"))


def widest(agents: list[Agent], limit: int) -> list[Agent]:
    """The agents with the widest reach first (most reasons, then by name), none narrow."""
    ranked = [a for a in agents if a.analysis["risk"]["level"] != "narrow"]
    ranked.sort(
        key=lambda a: (-a.analysis["risk"]["rank"], -len(a.analysis["risk"]["reasons"]),
                       a.name.lower(), a.source)
    )  # fmt: skip
    return ranked[:limit]
