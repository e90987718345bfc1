"""What the comparison pages show, computed from the analyses (templates only lay it out).

Every comparison page must stay bounded as the catalog grows (issue 6: at 1,000 agents one page
per tool, per class and per area, 1,411 pages in all, made the build 3.7 times as slow as a
minimal hand-written catalog). So:

- the tools matrix is split per capability class, at most `MAX_COLUMNS` tool columns (MCP: one
  column per server) with the rarer tools named in a last column, and split into pages of
  about `PAGE_ROWS` agents by name (`split_rows`); agents that inherit every tool are one
  "inherits all" row on its first page, never hundreds;
- the per-tool view ("which agents use Read?") is the catalog table filtered by tool
  (`agents/#tool=Read`): one page serves every tool, sortable, with no page per tool;
- long lists of agents (per model family, per area, inheriting all tools) show their first
  `LIST_LIMIT` and link the catalog filtered to the rest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..analysis import CatalogAnalysis
from ..analysis.capabilities import UNKNOWN, ToolEntry
from ..catalog.slugs import slugify
from ..model import Agent

MAX_COLUMNS = 12
"""Tool columns per class page; rarer tools of the class are named in one last column."""
PAGE_ROWS = 100
"""Agents a matrix page holds on average; a class with no more has one page."""
MIN_ROWS = 50
MAX_ROWS = 150
"""The fewest and the most agents a matrix page holds (but the last page, which may hold
fewer)."""
LIST_LIMIT = 25
"""Agents named in a list before the rest are left to the filtered catalog."""


@dataclass
class ClassPage:
    """One page of one capability class's matrix (agents x that class's tools)."""

    key: str
    label: str
    description: str
    uri: str
    tools: list[ToolEntry]
    columns: list[dict[str, Any]] = field(default_factory=list)
    """[{"name", "keys": tool keys, "server": bool}] (MCP: one column per server)."""
    rest: list[ToolEntry] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    """[{"agent", "cells": [count per column], "rest": [names]}], this page's slice."""
    agent_count: int = 0
    """Agents listing a tool of the class, over all of the class's pages."""
    number: int = 1
    page_uris: list[str] = field(default_factory=list)
    """Every page of this class, in order (`page_uris[number - 1] == uri`)."""


def class_page_uri(key: str, number: int) -> str:
    """`compare/tools/<class>.md`, then `compare/tools/<class>/<n>.md` (the URL stays readable)."""
    return f"compare/tools/{key}.md" if number == 1 else f"compare/tools/{key}/{number}.md"


def tool_pages(an: CatalogAnalysis, agents: list[Agent], uri_of: Any) -> list[ClassPage]:
    """Every page of every class's matrix, first pages first within each class."""
    usage = an.tool_usage
    by_slug = {a.slug: a for a in agents}
    order = [*an.tool_table.capability_order, "other", UNKNOWN]
    pages: list[ClassPage] = []
    for key in order:
        entries = usage.by_class.get(key, [])
        if not entries:
            continue
        columns, rest = _columns(key, entries)
        col_of = {k: i for i, c in enumerate(columns) for k in c["keys"]}
        rest_keys = {e.key for e in rest}
        slugs = _agents_of(entries)
        rows = []
        for slug in sorted(slugs, key=lambda s: (by_slug[s].name.lower(), by_slug[s].source)):
            agent = by_slug[slug]
            cells = [0] * len(columns)
            named: list[str] = []
            for use in agent.analysis["_capability_profile"].tools:
                k = use.base.lower()
                if k in col_of:
                    cells[col_of[k]] += 1
                elif k in rest_keys:
                    named.append(use.base)
            rows.append({"agent": agent, "cells": cells, "rest": named})
        chunks = split_rows(rows, [r["agent"].slug for r in rows])
        uris = [uri_of(class_page_uri(key, n)) for n in range(1, len(chunks) + 1)]
        klass = an.tool_table.classes.get(key)
        for n, chunk in enumerate(chunks, 1):
            pages.append(
                ClassPage(
                    key,
                    an.tool_table.label(key),
                    klass.description if klass else "tools the catalog's table does not know",
                    uris[n - 1],
                    entries,
                    columns,
                    rest,
                    chunk,
                    len(rows),
                    n,
                    uris,
                )
            )
    return pages


def split_rows(rows: list[Any], slugs: list[str]) -> list[list[Any]]:
    """A class's rows (in name order) cut into pages, each cut decided by the agents around it
    rather than by counting from the first row: a page ends after an agent whose slug's digest
    falls on one value in `PAGE_ROWS - MIN_ROWS` (`_ends_page`), once it holds `MIN_ROWS`, and
    at `MAX_ROWS` at the latest. So an agent added or removed changes the page it is on (and
    the next, when it moves a cut), not every later page, as slicing every `PAGE_ROWS` rows
    did: under `mkdocs serve` one new agent no longer renders half of each class's pages
    again. A class of at most `PAGE_ROWS` agents is one page."""
    if len(rows) <= PAGE_ROWS:
        return [rows]
    pages: list[list[Any]] = [[]]
    for row, slug in zip(rows, slugs, strict=True):
        page = pages[-1]
        page.append(row)
        if len(page) >= MAX_ROWS or (len(page) >= MIN_ROWS and _ends_page(slug)):
            pages.append([])
    if not pages[-1]:
        pages.pop()
    return pages


def _ends_page(slug: str) -> bool:
    digest = hashlib.blake2b(slug.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (PAGE_ROWS - MIN_ROWS) == 0


def _columns(key: str, entries: list[ToolEntry]) -> tuple[list[dict[str, Any]], list[ToolEntry]]:
    """The class's most used tools (MCP: servers) as columns, and the tools left to name."""
    if key == "mcp":
        servers: dict[str, list[ToolEntry]] = {}
        for e in entries:
            servers.setdefault(e.server or "?", []).append(e)
        ranked = sorted(servers.items(), key=lambda kv: (-len(_agents_of(kv[1])), kv[0]))
        cols = [
            {"name": s, "keys": {e.key for e in es}, "server": True}
            for s, es in ranked[:MAX_COLUMNS]
        ]
        return cols, [e for _, es in ranked[MAX_COLUMNS:] for e in es]
    ranked_e = sorted(entries, key=lambda e: (-len(e.agents), e.key))
    cols = [{"name": e.name, "keys": {e.key}, "server": False} for e in ranked_e[:MAX_COLUMNS]]
    return cols, ranked_e[MAX_COLUMNS:]


def _agents_of(entries: list[ToolEntry]) -> set[str]:
    return {s for e in entries for s in e.agents}


def filter_hash(**facets: str) -> str:
    """The catalog table's view for these facets (`assets/catalog.js` reads it from the hash)."""
    return "#" + "&".join(f"{k}={quote(v, safe='')}" for k, v in facets.items())


def catalog_rows(an: CatalogAnalysis, agents: list[Agent]) -> dict[str, dict[str, Any]]:
    """Slug -> what the catalog table's row shows and filters on: the facet values joined by
    `|` (`assets/catalog.js` splits them; a `|` inside a value becomes `/`), the model family
    and the main areas. `plugin`: the label of the plugin the agent ships in (empty if none)."""
    tools: dict[str, list[str]] = {}
    for e in an.tool_usage.tools:
        for slug in e.agents:
            tools.setdefault(slug, []).append(e.name)
    family = {f.key: f.label for f in an.models}
    label = an.tool_table.label
    plugin_label = {p.root: p.label for p in an.catalog.plugins if p.root is not None}
    rows = {}
    for a in agents:
        prof = a.analysis["_capability_profile"]
        areas = [s["label"] for s in a.analysis["areas"] if s["level"] == "primary"]
        capability = [label(c) for c in prof.classes] + (
            ["no tools"] if prof.mode == "none" else []
        )
        rows[a.slug] = {
            "family": family[a.analysis["model_family"]],
            "areas": areas,
            "facets": {
                "model": _facet([family[a.analysis["model_family"]]]),
                "capability": _facet(capability),
                "area": _facet(areas),
                "tool": _facet(tools.get(a.slug, [])),
                "reach": a.analysis["risk"]["level"],
            },
        }
        if a.settings.get("plugin") in plugin_label:  # no attribute on agents of no plugin
            rows[a.slug]["facets"]["plugin"] = _facet([plugin_label[a.settings["plugin"]]])
    return rows


def _facet(values: list[str]) -> str:
    return "|".join(v.replace("|", "/") for v in values)


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
