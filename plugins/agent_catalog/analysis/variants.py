"""Agents that share a name, compared: which fields, sections, sizes and tools differ.

Collections copy and adapt each other's agents, so one catalog may hold four `backend-architect`
files. They share a base slug (see `slugs.py`); the plain slug's page compares them side by side
so a reader can pick one. This module computes that comparison; it renders nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Agent
from ..text import truncate, value_text
from .sections import norm_key, section_key

TEXT_LIMIT = 160
LEAD = 1.3
"""An area sets a variant apart when it scores this many times the best of the others."""


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


GroupCache = dict[str, tuple[tuple[str, ...], VariantGroup]]
"""Base slug -> (its members' sources, the group compared last time)."""


def find_groups(
    name_groups: Mapping[str, Sequence[Agent]],
    cache: GroupCache | None = None,
    unchanged: Collection[str] = (),
) -> list[VariantGroup]:
    """Each group of agents sharing a base slug (`Catalog.name_groups`), compared.
    `cache`, with the sources of the agents whose analysis is the one of last time
    (`unchanged`): a group of the same members, all unchanged, keeps its comparison (it
    reads nothing but its members)."""
    out = []
    kept: GroupCache = {}
    for base, members in sorted(name_groups.items()):
        members = list(members)
        sources = tuple(a.source for a in members)
        hit = cache.get(base) if cache is not None else None
        if hit is not None and hit[0] == sources and all(s in unchanged for s in sources):
            group = dataclasses.replace(hit[1], name=members[0].name, agents=members)
        else:
            group = VariantGroup(base, members[0].name, members)
            _compare(group)
        kept[base] = (sources, group)
        for a in members:
            a.analysis["variants"] = {
                "base": base,
                "others": [o.slug for o in members if o is not a],
            }
        out.append(group)
    if cache is not None:
        cache.clear()
        cache.update(kept)
    return out


def _show(value: Any) -> str | None:
    if value is None:
        return None
    return truncate(" ".join(value_text(value).split()), TEXT_LIMIT, strip="")


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
