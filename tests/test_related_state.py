"""Related agents updated from the previous call (`related.RelatedState`, what `mkdocs serve`
keeps) equal related agents computed afresh, after each of many random edits, additions,
deletions and renames: the weights of the terms a change adds or removes move other agents'
vectors, those move postings, and those move the candidates of agents the change never
touched; an agent added or removed enters or leaves other agents' candidates.

A small catalog is made to take the large catalog's path (the inverted index, truncated
postings, a few candidates), so that every kind of move happens among a few dozen agents.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from agent_catalog.analysis import related
from agent_catalog.model import Agent

WORDS = [f"term{k}" for k in range(70)]
AREAS = ["backend", "frontend", "data", "security"]


@pytest.fixture(autouse=True)
def large_catalog_path(monkeypatch):
    monkeypatch.setattr(related, "EXACT_BELOW", 5)
    monkeypatch.setattr(related, "POSTINGS_PER_TERM", 6)
    monkeypatch.setattr(related, "CANDIDATES", 4)


def _tf(rnd: random.Random) -> dict[str, float]:
    return {t: rnd.choice([0.5, 1.0, 1.5, 2.0, 3.0]) for t in rnd.sample(WORDS, rnd.randint(4, 30))}


def _areas(rnd: random.Random) -> list[dict]:
    return [
        {"area": a, "label": a.title(), "score": rnd.randint(1, 5), "level": rnd.choice(
            ["primary", "secondary"])}
        for a in rnd.sample(AREAS, rnd.randint(0, 3))
    ]  # fmt: skip


def _agent(i: int, rnd: random.Random) -> Agent:
    agent = Agent(name=f"agent-{i}", source=f"agents/a{i:03}.md", path=Path(f"a{i:03}.md"))
    agent.slug = agent.name
    agent.analysis = {"areas": _areas(rnd), "capabilities": rnd.sample(["read", "edit"], 1)}
    return agent


def _rows(found: list[list[related.Related]]) -> list[list[tuple]]:
    return [[(*r.as_dict().values(), r.score) for r in row] for row in found]


@pytest.mark.parametrize("seed", range(4))
def test_updated_rows_equal_rows_computed_afresh(seed):
    rnd = random.Random(seed)
    agents = [_agent(i, rnd) for i in range(40)]
    tfs = [_tf(rnd) for _ in agents]
    groups = {"agent-1": "agent", "agent-2": "agent"}  # two variants: never each other's
    state = related.RelatedState()
    first = related.find_related(agents, None, groups, 3, tfs=tfs, state=state)
    assert _rows(first) == _rows(related.find_related(agents, None, groups, 3, tfs=list(tfs)))
    partial = 0
    made = len(agents)
    for _ in range(60):
        k = rnd.randrange(len(agents))
        what = rnd.random()
        if what < 0.4:  # new text: new terms, some gone, other weights
            tf = dict(tfs[k])
            for t in rnd.sample(sorted(tf), min(len(tf), rnd.randint(0, 4))):
                del tf[t]
            tf.update(_tf(rnd) if rnd.random() < 0.3 else {rnd.choice(WORDS): 2.5})
            tfs[k] = tf
        elif what < 0.55:  # other areas or tools, the same text
            agents[k].analysis = {**agents[k].analysis, "areas": _areas(rnd)}
        elif what < 0.7:  # a new name
            agents[k].name = agents[k].slug = f"{agents[k].name}-x"
        elif what < 0.85:  # a new agent, somewhere in the order
            agents.insert(k, _agent(made, rnd))
            tfs.insert(k, _tf(rnd) if rnd.random() < 0.7 else dict(tfs[k]))  # or a copy
            made += 1
        elif len(agents) > 30:  # an agent deleted
            del agents[k], tfs[k]
        updated = related.find_related(agents, None, groups, 3, tfs=tfs, state=state)
        fresh = related.find_related(agents, None, groups, 3, tfs=[dict(t) for t in tfs])
        assert _rows(updated) == _rows(fresh)
        partial += state.recomputed < len(agents)
    assert partial, "some updates recomputed only some rows"


def test_a_new_agent_recomputes_every_row_only_when_the_rounded_count_moves():
    """Term weights hold the number of agents rounded up to a quarter octave (`_scale`): an
    addition within the same step keeps the rows it cannot reach, one across a step keeps
    none."""
    assert related._scale(38) == related._scale(32.5) == 2**5.25
    assert related._scale(39) == related._scale(45) == 2**5.5 and related._scale(32) == 32
    assert related._scale(46) == 2**5.75
    rnd = random.Random(7)
    agents = [_agent(i, rnd) for i in range(39)]
    tfs = [_tf(rnd) for _ in agents]
    state = related.RelatedState()
    tfs[0] = {**tfs[0], "rare": 0.5}
    related.find_related(agents, None, {}, 3, tfs=tfs, state=state)
    for i, whole in [(39, False), (40, False), (45, True)]:
        while len(agents) < i:
            agents.append(_agent(len(agents) + 100, rnd))
            tfs.append({"fresh": 1.0})
            related.find_related(agents, None, {}, 3, tfs=tfs, state=state)
        agents.append(_agent(i, rnd))
        tfs.append({"rare": 1.0})  # a word only agent 0 has
        updated = related.find_related(agents, None, {}, 3, tfs=tfs, state=state)
        assert (state.recomputed == len(agents)) == whole, (i, state.recomputed)
        assert _rows(updated) == _rows(related.find_related(agents, None, {}, 3, tfs=list(tfs)))
