"""An agent page's cache key holds its own related agents only: the agents it links to
(related agents, variants) enter it without theirs, so a change to another agent's related
agents alone keeps the page (`page_cache.PageCache.key`, `related_of`)."""

from __future__ import annotations

import copy
from pathlib import Path

from agent_catalog.model import Agent
from agent_catalog.site.page_cache import PageCache


def _agent(name: str, related: list[str]) -> Agent:
    a = Agent(name=name, source=f"agents/{name}.md", path=Path(f"{name}.md"))
    a.slug = name
    a.analysis = {"related": [{"slug": r, "name": r, "score": 0.5} for r in related]}
    return a


def _key(cache: PageCache, agents: list[Agent]) -> tuple:
    own, other = agents
    cache.start("build", agents)
    return cache.key("agent.md.j2", "agents/a.md", [own, other], set(), related_of=own)


def test_another_agents_related_agents_leave_the_key_its_own_change_it():
    cache = PageCache()
    a, b = _agent("a", ["b"]), _agent("b", ["a"])
    first = _key(cache, [a, b])
    b2 = copy.deepcopy(b)
    b2.analysis["related"] = [{"slug": "c", "name": "c", "score": 0.4}]
    assert _key(cache, [a, b2]) == first, "b's related agents are not on a's page"
    a2 = copy.deepcopy(a)
    a2.analysis["related"] = [{"slug": "c", "name": "c", "score": 0.4}]
    assert _key(cache, [a2, b2]) != first, "a's own related agents are"
    b3 = copy.deepcopy(b2)
    b3.description = "another summary"
    assert _key(cache, [a2, b3]) != _key(cache, [a2, b2]), "b's summary is on a's page"
