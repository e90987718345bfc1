"""Agents that share a name, compared: which fields, sections, sizes and tools differ.

Collections copy and adapt each other's agents, so one catalog may hold four `backend-architect`
files. They share a base slug (see `slugs.py`); the plain slug's page compares them side by side
so a reader can pick one. This module computes that comparison; it renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import slugs
from ..model import Agent
from .sections import norm_key, section_key

TEXT_LIMIT = 160
LEAD = 1.3
"""An area sets a variant apart when it scores this many times the best of the others."""


def base_slug(agent: Agent) -> str:
    """The slug the agent would have alone (`slugs.base_slug`, the rule `assign_slugs` uses)."""
    return slugs.base_slug(agent.name)


@dataclass
class VariantGroup:
    base: str
    """The shared base slug: the comparison page is `agents/<base>/`."""
    name: str
    agents: list[Agent]
    fields: list[dict[str, Any]] = field(default_factory=list)
    """[{"key", "values": [str | None per agent], "same": bool}]"""
    sections: list[dict[str, Any]] = field(default_factory=list)
    """[{"title", "present": [bool per agent]}] for top-level sections, in first-seen order."""
    sizes: list[dict[str, Any]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    """[{"tool", "class", "state": ["has" | "all" | "" per agent]}]"""
    distinct: list[dict[str, Any]] = field(default_factory=list)
    """Per agent: what only it has (areas, sections, tools, responsibilities)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "name": self.name,
            "agents": [a.slug for a in self.agents],
            "fields": self.fields,
            "sections": self.sections,
            "sizes": self.sizes,
            "tools": self.tools,
            "distinct": self.distinct,
        }


def find_groups(agents: list[Agent]) -> list[VariantGroup]:
    """Groups of two or more agents with the same base slug, each compared."""
    groups: dict[str, list[Agent]] = {}
    for a in agents:
        groups.setdefault(base_slug(a), []).append(a)
    out = []
    for base, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda a: a.source)
        group = VariantGroup(base, members[0].name, members)
        _compare(group)
        for a in members:
            a.analysis["variants"] = {
                "base": base,
                "others": [o.slug for o in members if o is not a],
            }
        out.append(group)
    return out


def _show(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k}: {v}" for k, v in value.items())
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _compare(group: VariantGroup) -> None:
    members = group.agents
    keys: list[str] = []
    for a in members:
        keys.extend(k for k in a.metadata if k not in keys)
    for key in keys:
        full = [a.metadata.get(key) for a in members]
        group.fields.append(
            {
                "key": key,
                "values": [_show(v) for v in full],
                "same": all(repr(v) == repr(full[0]) for v in full),
            }
        )
    titles: dict[str, str] = {}
    present: dict[str, list[bool]] = {}
    for i, a in enumerate(members):
        for title in a.analysis.get("sections", []):
            k = section_key(title)
            if k not in present:
                titles[k] = title
                present[k] = [False] * len(members)
            present[k][i] = True
    group.sections = [{"title": titles[k], "present": v} for k, v in present.items()]
    for a in members:
        size = a.analysis.get("size", {})
        group.sizes.append(
            {
                "slug": a.slug,
                "tokens": size.get("tokens", 0),
                "characters": size.get("characters", 0),
                "lines": size.get("lines", 0),
                "sections": len(a.analysis.get("sections", [])),
            }
        )
    tool_state: dict[str, dict[str, Any]] = {}
    for i, a in enumerate(members):
        prof = a.analysis.get("_capability_profile")
        for use in prof.tools if prof else []:
            row = tool_state.setdefault(
                use.base.lower(),
                {"tool": use.base, "class": use.cls, "state": [""] * len(members)},
            )
            row["state"][i] = "has"
    for i, a in enumerate(members):
        prof = a.analysis.get("_capability_profile")
        if prof and prof.mode == "all":
            for row in tool_state.values():
                row["state"][i] = "all"
    group.tools = list(tool_state.values())
    group.distinct = [_distinct(group, i) for i in range(len(members))]


def _distinct(group: VariantGroup, i: int) -> dict[str, Any]:
    """What sets member `i` apart from every other member of its group."""
    me = group.agents[i]
    others = [a for j, a in enumerate(group.agents) if j != i]

    def strong(a: Agent) -> set[str]:
        return {s["area"] for s in a.analysis.get("areas", []) if s["level"] == "primary"}

    def any_level(a: Agent) -> set[str]:
        return {s["area"] for s in a.analysis.get("areas", []) if s["level"] != "mention"}

    others_areas = set().union(*(any_level(o) for o in others)) if others else set()
    mine = {s["area"]: s for s in me.analysis.get("areas", [])}
    best_other: dict[str, float] = {}
    for o in others:
        for s in o.analysis.get("areas", []):
            best_other[s["area"]] = max(best_other.get(s["area"], 0.0), s["score"])
    # an area only this agent covers, or one it covers clearly more than any other (by 30 %)
    areas = [
        s["label"]
        for k, s in mine.items()
        if k in strong(me) and (k not in others_areas or s["score"] >= LEAD * best_other.get(k, 0))
    ]
    sections = [s["title"] for s in group.sections if s["present"][i] and sum(s["present"]) == 1]
    tools = [
        t["tool"]
        for t in group.tools
        if t["state"][i] == "has" and sum(s == "has" for s in t["state"]) == 1
    ]
    other_resp = {
        norm_key(r["text"]) for o in others for r in o.analysis.get("responsibilities", [])
    }
    resp = [
        r["text"]
        for r in me.analysis.get("responsibilities", [])
        if norm_key(r["text"]) not in other_resp
    ]
    return {
        "slug": me.slug,
        "areas": areas,
        "sections": sections,
        "tools": tools,
        "responsibilities": resp,
    }
