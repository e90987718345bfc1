"""Rendered pages kept from the previous build, for pages whose inputs have not changed.

Under `mkdocs serve` most of a rebuild's pages are the pages of agents nobody edited. An agent
page is made from a handful of agents: its own, the agents it links to by name (related agents,
variants sharing its name, subagents it may start, Copilot handoffs either way). Each analysed
agent gets a token, kept from one build to the next while the agent is equal, field by field
and analysis by analysis, to the one of the same source last time; a page's key is its
template, its place and the tokens of the agents it is made from (plus, for each of them,
whether its name is shared, which changes how a link to it reads), and what it shows of the
plugin it ships in and of the skills it preloads (a skill added or removed turns a link on or
off). An equal key gives the
Markdown rendered last time back; any other key renders the page again.

Only an agent's own page lists related agents, its own: every other agent a page is made
from (on an agent page its related agents, variants, subagents; on a variant page its
members) enters its key by a second token, one that ignores that agent's related agents (an
addition changes many agents' related agents, and the pages that merely link to them would
all be rendered again). A tools-class page and an area page list a bounded slice of the
catalog: their key is the agents of their rows by that second token, and what else they show
(the class's columns, the counts), passed as `extra`. Pages made from every agent
(the catalog table, tools, models, responsibilities, health) are rendered on every build:
their keys would change with nearly any edit. The catalog table's rows are kept, though, one
per agent, keyed as a tools-class page's rows are, with what the row shows besides the agent
(its facets, model family and areas).

Everything else a page depends on (the render options, the layout's prefix and URL style,
the analysis options' tool table and taxonomy) is one build-wide key: when it changes,
nothing is reused. A folder of custom templates turns the cache off (its files may change
between builds). Knows nothing of MkDocs.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from ..model import Agent


@dataclass
class PageCache:
    """Markdown by page, with the key it was rendered under; agent tokens by source."""

    build_key: Hashable = None
    pages: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    agents: dict[str, tuple[tuple, Any, int, int]] = field(default_factory=dict)
    """Source -> the agent as pages saw it last build (`shown`: all but its related agents,
    and those), and its two tokens: one for all but its related agents (kept while that is
    equal), one for all of it."""
    hits: int = 0
    misses: int = 0
    _counter: itertools.count = field(default_factory=itertools.count)
    _tokens: dict[int, tuple[int, int]] = field(default_factory=dict)
    _used: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    rows: dict[Hashable, str] = field(default_factory=dict)
    """The catalog table's rows (`_catalog_row.md.j2`), by `row_key`."""
    _rows_used: dict[Hashable, str] = field(default_factory=dict)

    def start(self, build_key: Hashable, agents: Iterable[Agent]) -> None:
        """Begin a build: tokens for this build's agents (kept where an agent is unchanged)."""
        if build_key != self.build_key:
            self.build_key, self.pages, self.agents, self.rows = build_key, {}, {}, {}
        tokens: dict[int, tuple[int, int]] = {}
        kept: dict[str, tuple[tuple, Any, int, int]] = {}
        for a in agents:
            value, related = shown(a)
            prev = self.agents.get(a.source)
            if prev is not None and prev[0] == value:
                core = prev[2]
                full = prev[3] if prev[1] == related else next(self._counter)
            else:
                core, full = next(self._counter), next(self._counter)
            tokens[id(a)] = (core, full)
            kept[a.source] = (value, related, core, full)
        self.agents, self._tokens, self._used = kept, tokens, {}

    def key(
        self,
        template: str,
        uri: str,
        deps: Iterable[Agent],
        shared: Collection[str],
        extra: Hashable = None,
        *,
        related_of: Agent | None = None,
    ):
        """`extra`: what else the page shows of other kinds (its plugin's name and page, the
        skill pages its `skills:` entries link to), or of the catalog as a whole, as a
        hashable value. `related_of`: the one agent whose related agents the page lists (an
        agent's own page); of every other agent, a change to its related agents alone keeps
        the page (an addition changes many agents' related agents, and a page links to its
        related agents and variants by name and summary, never listing theirs)."""
        tokens = self._tokens
        return (
            template,
            uri,
            tuple((tokens[id(a)][a is related_of], a.name in shared) for a in deps),
            extra,
        )

    def row_key(self, uri: str, agent: Agent, shows: Hashable) -> Hashable:
        """A catalog table row's key: its page, the agent (but its related agents, which
        the table never shows) and what else the row shows of it (`shows`)."""
        return (uri, self._tokens[id(agent)][0], shows)

    def row(self, key: Hashable) -> str | None:
        hit = self.rows.get(key)
        if hit is not None:
            self._rows_used[key] = hit
        return hit

    def put_row(self, key: Hashable, html: str) -> None:
        self._rows_used[key] = html

    def get(self, uri: str, key: Hashable) -> str | None:
        hit = self.pages.get(uri)
        if hit is not None and hit[0] == key:
            self.hits += 1
            self._used[uri] = hit
            return hit[1]
        self.misses += 1
        return None

    def put(self, uri: str, key: Hashable, markdown: str) -> None:
        self._used[uri] = (key, markdown)

    def finish(self) -> None:
        """End a build: only this build's pages are kept (a page gone is forgotten)."""
        self.pages, self._used = self._used, {}
        self.rows, self._rows_used = self._rows_used, {}


_FIELDS = tuple(f.name for f in fields(Agent) if f.name != "analysis")


def shown(agent: Agent) -> tuple[tuple, Any]:
    """An analysed agent as its pages can show it: every field and analysis but its related
    agents, and apart (second) its related agents without their scores (pages list the
    related agents in score order and never show the score, which moves for every agent
    whenever one is added or removed, as every term's weight does). If a page ever shows it,
    `tests/test_rebuild.py` fails on the addition."""
    analysis = agent.analysis
    related = analysis.get("related")
    if "related" in analysis:
        analysis = {k: v for k, v in analysis.items() if k != "related"}
    rel = [{**r, "score": None} for r in related] if related else related
    return (*(getattr(agent, f) for f in _FIELDS), analysis), rel
