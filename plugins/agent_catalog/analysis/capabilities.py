"""What each agent may touch: its tools sorted into capability classes.

The question a reader asks first is "can this agent change my files or run commands?". Tool names
differ per format (Claude `Bash`, Gemini `run_shell_command`, Copilot `execute/runInTerminal`,
OpenCode `bash`), so one table (`data/tool_classes.yaml`, extended from the configuration) maps
them all onto a few classes: read, edit, execute, web, delegate, mcp. An agent without a tool list
inherits every tool: it is `all`, shown distinctly from "has these tools". A tool the table does
not know is listed as unknown, never dropped.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Agent
from ..reading.tool_names import mcp_parts, tool_base
from .data_files import load_yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "tool_classes.yaml"
CAPABILITY_ORDER = ("read", "edit", "execute", "web", "delegate", "mcp")
UNKNOWN = "unknown"
ALL = "all"
NO_TOOL_FIELD_FORMATS = frozenset({"cursor", "codex"})
"""Formats without a tool list: Cursor rules (instructions, not agents) and Codex agents (the
sandbox mode bounds them)."""


@dataclass(frozen=True)
class ToolClass:
    key: str
    label: str
    description: str = ""
    capability: bool = True
    """False for `other` and `all`: not a capability an agent "has"."""


@dataclass(frozen=True)
class ToolUse:
    """One entry of an agent's tool list, classified."""

    tool: str
    """As written in the file."""
    base: str
    """Without specifier: `Bash(git *)` -> `Bash`."""
    cls: str
    specifier: str = ""
    server: str | None = None
    """The MCP server for MCP tools (`*` for "every server")."""

    @property
    def known(self) -> bool:
        return self.cls != UNKNOWN

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": self.tool,
            "class": self.cls,
            "specifier": self.specifier,
            "server": self.server,
        }


@dataclass
class ToolTable:
    """The tool -> class mapping: exact names, Copilot groups and glob patterns."""

    classes: dict[str, ToolClass]
    exact: dict[str, str]
    groups: dict[str, str]
    patterns: list[tuple[str, str]]

    @classmethod
    def load(cls, extra: dict[str, Any] | None = None, path: Path = DATA_FILE) -> ToolTable:
        """The shipped table plus the user's `{tool or glob: class}` entries, which win.

        Raises ValueError naming the bad entry, for the configuration layer to report.
        """
        data = _shipped(str(path))
        classes = {
            k: ToolClass(
                k,
                str(v.get("label", k)),
                str(v.get("description", "")),
                bool(v.get("capability", True)),
            )
            for k, v in data["classes"].items()
        }
        exact = {str(k).lower(): str(v) for k, v in data["tools"].items()}
        groups = {str(k).lower(): str(v) for k, v in data["groups"].items()}
        patterns = [(str(k).lower(), str(v)) for k, v in data["patterns"].items()]
        user_patterns = []
        for name, klass in (extra or {}).items():
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"tool_classes: `{name!r}` is not a tool name")
            if not isinstance(klass, str) or not re.fullmatch(r"[a-z][a-z0-9_-]*", klass):
                raise ValueError(
                    f"tool_classes: the class of `{name}` must be a lowercase word "
                    f"such as {', '.join(CAPABILITY_ORDER)}; got {klass!r}"
                )
            if klass in (ALL, UNKNOWN):
                raise ValueError(f"tool_classes: `{klass}` is reserved; pick another class name")
            if klass not in classes:
                classes[klass] = ToolClass(klass, klass.replace("-", " ").capitalize())
            if any(ch in name for ch in "*?["):
                user_patterns.append((name.lower(), klass))
            else:
                exact[name.strip().lower()] = klass
        for a, b in user_patterns + patterns:
            if b not in classes:
                raise ValueError(f"tool_classes: unknown class `{b}` for `{a}`")
        return cls(classes, exact, groups, user_patterns + patterns)

    @property
    def capability_order(self) -> list[str]:
        extra = [k for k, c in self.classes.items() if c.capability and k not in CAPABILITY_ORDER]
        return [k for k in CAPABILITY_ORDER if k in self.classes] + extra

    def label(self, key: str) -> str:
        if key == UNKNOWN:
            return "Unknown"
        c = self.classes.get(key)
        return c.label if c else key

    def classify(self, tool: str) -> ToolUse:
        base = tool_base(tool)
        spec = tool[len(base) :].strip()
        if spec.startswith("(") and spec.endswith(")"):
            spec = spec[1:-1].strip()
        low = base.lower()
        server = _mcp_server(base)
        if low in self.exact:
            return ToolUse(tool, base, self.exact[low], spec, server)
        for pattern, klass in self.patterns:
            if fnmatch.fnmatchcase(low, pattern):
                return ToolUse(tool, base, klass, spec, server)
        if "/" in base:
            group = low.split("/", 1)[0]
            if group in self.groups:
                return ToolUse(tool, base, self.groups[group], spec)
            if "." in group and "mcp" not in group:
                return ToolUse(tool, base, "other", spec)  # a VS Code extension's tool
            return ToolUse(tool, base, "mcp", spec, base.split("/", 1)[0])
        return ToolUse(tool, base, UNKNOWN, spec)


@lru_cache(maxsize=4)
def _shipped(path: str) -> dict[str, Any]:
    data = load_yaml(path) or {}
    for key in ("classes", "tools", "groups", "patterns"):
        data.setdefault(key, {})
    return data


def _mcp_server(base: str) -> str | None:
    parts = mcp_parts(base)
    if parts:
        return parts[0]
    m = re.match(r"^mcp_(?!_)([^_*]*)", base)
    if m:
        return m.group(1) or "*"
    return None


@dataclass
class CapabilityProfile:
    """An agent's capabilities: `mode` says how to read `classes`.

    - `all`: no tool list (or `*`): inherits every tool; `classes == ["all"]`; `excluded` holds
      tools taken away (`disallowedTools`, OpenCode `tool: false`).
    - `listed`: the classes of the listed tools.
    - `none`: an explicit empty list: the agent has no tools.
    - `n/a`: the format has no tool list (Cursor rules).
    """

    mode: str
    classes: list[str]
    tools: list[ToolUse] = field(default_factory=list)
    excluded: list[ToolUse] = field(default_factory=list)

    @property
    def unknown(self) -> list[str]:
        return [t.tool for t in self.tools if not t.known]

    @property
    def servers(self) -> list[str]:
        return sorted({t.server for t in self.tools if t.server})

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "classes": list(self.classes),
            "tools": [t.as_dict() for t in self.tools],
            "excluded": [t.as_dict() for t in self.excluded],
            "unknown": self.unknown,
            "mcp_servers": self.servers,
        }


def profile(agent: Agent, table: ToolTable) -> CapabilityProfile:
    """Classify an agent's tools. Never drops a tool; never reads "absent" as "none"."""
    if agent.format in NO_TOOL_FIELD_FORMATS and "tools" not in agent.metadata:
        return CapabilityProfile("n/a", [])
    raw = agent.metadata.get("tools")
    disallowed = [table.classify(t) for t in agent.disallowed_tools or []]
    if (
        isinstance(raw, dict)
        and agent.format != "opencode"
        and any(_is_false(v) for v in raw.values())
    ):
        # A tools mapping read as another format (a configured override): OpenCode's meaning,
        # every tool on unless switched off. OpenCode files come normalised from their format
        # module (`tools` None and the switched-off ones in `disallowed_tools`, or the enabled
        # list after `"*": false`), so their fields are used as they are.
        off = [table.classify(str(k)) for k, v in raw.items() if _is_false(v)]
        return CapabilityProfile(ALL, [ALL], [], off + disallowed)
    if agent.tools is None or any(t.strip() == "*" for t in agent.tools):
        return CapabilityProfile(ALL, [ALL], [], disallowed)
    removed = {t.base.lower() for t in disallowed}
    uses = [table.classify(t) for t in agent.tools]
    kept = [u for u in uses if u.base.lower() not in removed]
    if not kept:
        return CapabilityProfile("none", [], [], disallowed)
    present = {u.cls for u in kept}
    classes = [k for k in table.capability_order if k in present]
    return CapabilityProfile("listed", classes, kept, disallowed)


def _is_false(v: Any) -> bool:
    return v is False or str(v).strip().lower() in ("false", "deny", "off", "no")


@dataclass
class ToolEntry:
    """One tool across the catalog, for the tools matrix and the per-tool pages."""

    key: str
    """Case-folded base name: `Bash` and `bash` are one tool."""
    name: str
    """The most common spelling."""
    cls: str
    server: str | None
    agents: list[str] = field(default_factory=list)
    """Slugs of the agents that list it, in catalog order."""
    spellings: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool": self.name,
            "class": self.cls,
            "server": self.server,
            "agents": list(self.agents),
            "spellings": sorted(self.spellings),
        }


@dataclass
class ToolUsage:
    """Which agents use which tool: the data behind the scalable tools matrix."""

    tools: list[ToolEntry]
    inherits_all: list[str]
    """Slugs of agents that have every tool (no list)."""
    no_tools: list[str]
    by_class: dict[str, list[ToolEntry]]
    by_server: dict[str, list[ToolEntry]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "tools": [t.as_dict() for t in self.tools],
            "inherits_all": list(self.inherits_all),
            "no_tools": list(self.no_tools),
        }


def tool_usage(agents: list[Agent], table: ToolTable) -> ToolUsage:
    """Group every listed tool by class (and MCP server), with the agents that use it."""
    entries: dict[str, ToolEntry] = {}
    listed: dict[str, set[str]] = {}  # key -> the slugs in its entry's agents, to test quickly
    inherits: list[str] = []
    none: list[str] = []
    for a in agents:
        prof: CapabilityProfile = a.analysis["_capability_profile"]
        if prof.mode == ALL:
            inherits.append(a.slug)
        elif prof.mode == "none":
            none.append(a.slug)
        for use in prof.tools:
            key = use.base.lower()
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = ToolEntry(key, use.base, use.cls, use.server)
                listed[key] = set()
            entry.spellings[use.base] += 1
            if a.slug not in listed[key]:
                listed[key].add(a.slug)
                entry.agents.append(a.slug)
    for e in entries.values():
        e.name = e.spellings.most_common(1)[0][0]
    order = {k: i for i, k in enumerate([*table.capability_order, "other", UNKNOWN])}
    tools = sorted(
        entries.values(),
        key=lambda e: (order.get(e.cls, 99), e.server or "", -len(e.agents), e.key),
    )
    by_class: dict[str, list[ToolEntry]] = {}
    by_server: dict[str, list[ToolEntry]] = {}
    for e in tools:
        by_class.setdefault(e.cls, []).append(e)
        if e.server:
            by_server.setdefault(e.server, []).append(e)
    return ToolUsage(tools, inherits, none, by_class, by_server)
