"""What the comparison pages show, computed from the analyses (templates only lay it out).

The tools matrix must stay usable at 1,000 agents x 300 tools, so it is split: an overview
(one row per capability class, one per tool), one matrix page per class whose columns are that
class's most used tools (MCP tools grouped by server) with the rest named in a last column, and
one page per tool listing the agents that use it. Agents that inherit every tool appear as one
"inherits all" row on each class page, never as hundreds of identical rows. Page sizes are bounded
by the number of agents times `MAX_COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .analysis import CatalogAnalysis
from .analysis.capabilities import UNKNOWN, ToolEntry
from .model import Agent
from .slugs import slugify

MAX_COLUMNS = 30
"""Tool columns per class page; rarer tools of the class are named in one last column."""


@dataclass
class ClassPage:
    key: str
    label: str
    description: str
    uri: str
    tools: list[ToolEntry]
    columns: list[dict[str, Any]] = field(default_factory=list)
    """[{"name", "uri" (a tool page) or None, "keys": tool keys}] (MCP: one column per server)."""
    rest: list[ToolEntry] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    """[{"agent", "cells": [count per column], "rest": [names]}]"""
    agent_count: int = 0


def tool_pages(
    an: CatalogAnalysis, agents: list[Agent], uri_of: Any
) -> tuple[list[ClassPage], dict[str, str]]:
    """Class pages (with their matrices) and the page URI of every tool (key -> uri)."""
    usage = an.tool_usage
    tool_uri: dict[str, str] = {}
    used: set[str] = set()
    for e in usage.tools:
        slug = slugify(e.key) or "tool"
        n, cand = 2, slug
        while cand in used:
            cand, n = f"{slug}-{n}", n + 1
        used.add(cand)
        tool_uri[e.key] = uri_of(f"compare/tools/tool/{cand}.md")
    by_slug = {a.slug: a for a in agents}
    order = [*an.tool_table.capability_order, "other", UNKNOWN]
    pages = []
    for key in order:
        entries = usage.by_class.get(key, [])
        if not entries:
            continue
        klass = an.tool_table.classes.get(key)
        page = ClassPage(
            key,
            an.tool_table.label(key),
            klass.description if klass else "tools the catalog's table does not know",
            uri_of(f"compare/tools/{key}.md"),
            entries,
        )
        if key == "mcp":
            servers: dict[str, list[ToolEntry]] = {}
            for e in entries:
                servers.setdefault(e.server or "?", []).append(e)
            ranked = sorted(servers.items(), key=lambda kv: -len(_agents_of(kv[1])))
            cols = [
                {"name": s, "uri": None, "keys": {e.key for e in es}, "server": True}
                for s, es in ranked[:MAX_COLUMNS]
            ]
            page.rest = [e for _, es in ranked[MAX_COLUMNS:] for e in es]
        else:
            ranked_e = sorted(entries, key=lambda e: (-len(e.agents), e.key))
            cols = [
                {"name": e.name, "uri": tool_uri[e.key], "keys": {e.key}, "server": False}
                for e in ranked_e[:MAX_COLUMNS]
            ]
            page.rest = ranked_e[MAX_COLUMNS:]
        page.columns = cols
        col_of = {k: i for i, c in enumerate(cols) for k in c["keys"]}
        rest_keys = {e.key for e in page.rest}
        slugs = _agents_of(entries)
        page.agent_count = len(slugs)
        for slug in sorted(slugs, key=lambda s: (by_slug[s].name.lower(), by_slug[s].source)):
            agent = by_slug[slug]
            cells = [0] * len(cols)
            rest: list[str] = []
            prof = agent.analysis["_capability_profile"]
            for use in prof.tools:
                k = use.base.lower()
                if k in col_of:
                    cells[col_of[k]] += 1
                elif k in rest_keys:
                    rest.append(use.base)
            page.rows.append({"agent": agent, "cells": cells, "rest": rest})
        pages.append(page)
    return pages, tool_uri


def _agents_of(entries: list[ToolEntry]) -> set[str]:
    return {s for e in entries for s in e.agents}


def model_chart(an: CatalogAnalysis) -> list[dict[str, Any]]:
    """Bars for the models chart: label, count, width in percent of the largest family."""
    top = max((f.count for f in an.models), default=0) or 1
    return [
        {"family": f, "width": max(1, round(100 * f.count / top)), "anchor": slugify(f.key)}
        for f in an.models
    ]


def mcp_servers(an: CatalogAnalysis) -> list[dict[str, Any]]:
    """MCP servers named in tool lists: their tools and how many agents name any of them."""
    return [
        {"server": server, "tools": entries, "agents": len(_agents_of(entries))}
        for server, entries in sorted(an.tool_usage.by_server.items())
    ]
