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

Pages made from the whole catalog (the catalog table, comparisons, health) are rendered on
every build: their keys would change with nearly any edit. Everything else a page depends on
(the render options, the layout's prefix and URL style, the analysis options' tool table and
taxonomy) is one build-wide key: when it changes, nothing is reused. A folder of custom
templates turns the cache off (its files may change between builds). Knows nothing of MkDocs.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field, fields

from ..model import Agent


@dataclass
class PageCache:
    """Markdown by page, with the key it was rendered under; agent tokens by source."""

    build_key: Hashable = None
    pages: dict[str, tuple[Hashable, str]] = field(default_factory=dict)
    agents: dict[str, tuple[tuple, int]] = field(default_factory=dict)
    """Source -> (the agent as pages see it, `shown`, last build; its token)."""
    hits: int = 0
    misses: int = 0
    _counter: itertools.count = field(default_factory=itertools.count)
    _tokens: dict[int, int] = field(default_factory=dict)
    _used: dict[str, tuple[Hashable, str]] = field(default_factory=dict)

    def start(self, build_key: Hashable, agents: Iterable[Agent]) -> None:
        """Begin a build: tokens for this build's agents (kept where an agent is unchanged)."""
        if build_key != self.build_key:
            self.build_key, self.pages, self.agents = build_key, {}, {}
        tokens: dict[int, int] = {}
        kept: dict[str, tuple[tuple, int]] = {}
        for a in agents:
            value = shown(a)
            prev = self.agents.get(a.source)
            token = prev[1] if prev is not None and prev[0] == value else next(self._counter)
            tokens[id(a)] = token
            kept[a.source] = (value, token)
        self.agents, self._tokens, self._used = kept, tokens, {}

    def key(
        self,
        template: str,
        uri: str,
        deps: Iterable[Agent],
        shared: Collection[str],
        extra: Hashable = None,
    ):
        """`extra`: what else the page shows of other kinds (its plugin's name and page, the
        skill pages its `skills:` entries link to), as a hashable value."""
        return (
            template,
            uri,
            tuple((self._tokens[id(a)], a.name in shared) for a in deps),
            extra,
        )

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


_FIELDS = tuple(f.name for f in fields(Agent) if f.name != "analysis")


def shown(agent: Agent) -> tuple:
    """An analysed agent as its pages can show it: every field and analysis, but not the
    related agents' scores (pages list the related agents in score order and never show the
    score, which moves for every agent whenever one is added or removed, as every term's
    weight does). If a page ever shows it, `tests/test_rebuild.py` fails on the addition."""
    analysis = agent.analysis
    related = analysis.get("related")
    if related:
        analysis = {**analysis, "related": [{**r, "score": None} for r in related]}
    return (*(getattr(agent, f) for f in _FIELDS), analysis)
