"""Related agents computed with what the previous call kept (`related.RelatedState`, what
`mkdocs serve` keeps: each agent's terms as arrays, and the term ids) equal related agents
computed afresh, after each of many random edits, additions, deletions and renames.

A small catalog is made to take the large catalog's path (the inverted index, truncated
postings, a few candidates), so that every kind of move happens among a few dozen agents.
"""

from __future__ import annotations

import math
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
    made, kept = len(agents), 0
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
            change = (
                {"areas": _areas(rnd)}
                if rnd.random() < 0.5
                else {"capabilities": rnd.sample(["read", "edit", "execute"], 2)}
            )
            agents[k].analysis = {**agents[k].analysis, **change}
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
        assert state.arrays.keys() == {id(t) for t in tfs}, "only this call's agents are kept"
        assert state.parts.keys() == {a.slug for a in agents}, "and only their parts"
        assert any(updated), "related agents found"
        kept += state.made < len(agents)
    assert kept > 10, "agents whose terms' weights did not move keep their vectors"


def test_term_weights_hold_the_number_of_agents_rounded_up_to_a_quarter_octave():
    """One agent more or less moves no weight but those of its own terms, except when the
    rounded count moves."""
    assert related._scale(38) == related._scale(32.5) == 2**5.25
    assert related._scale(39) == related._scale(45) == 2**5.5 and related._scale(32) == 32
    assert related._scale(46) == 2**5.75
    assert [related._scale(n) for n in (1000, 1024)] == [1024.0, 1024.0]


def _reference(agents, tfs, groups, count):
    """The definition, written plainly (dicts and loops, as the catalog once computed it):
    the arrays must give the same rows."""
    n = len(agents)
    df: dict[str, int] = {}
    for tf in tfs:
        for t in tf:
            df[t] = df.get(t, 0) + 1
    scale = related._scale(n)
    idf = {t: math.log((1 + scale) / (1 + d)) if d > 1 else 0.0 for t, d in df.items()}
    vectors = []
    for tf in tfs:
        top = sorted(((w * idf[t], t) for t, w in tf.items()), reverse=True)
        top = top[: related.TERMS_PER_AGENT]
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        vectors.append({t: w / norm for w, t in top if w > 0})
    slug = [a.slug for a in agents]
    postings: dict[str, list] = {}
    for j, vec in enumerate(vectors):
        for t, w in vec.items():
            postings.setdefault(t, []).append((-w, slug[j], j))
    postings = {t: sorted(p)[: related.POSTINGS_PER_TERM] for t, p in postings.items()}
    data = [related._agent_data(a, groups, {}, {}) for a in agents]
    rows = []
    for i, vec in enumerate(vectors):
        if n <= related.EXACT_BELOW:
            cands = [(j, sum(w * vectors[j].get(t, 0.0) for t, w in vec.items())) for j in
                     range(n) if j != i]  # fmt: skip
        else:
            acc: dict[int, float] = {}
            for t, w in vec.items():
                for w2, _, j in postings.get(t, ()):
                    acc[j] = acc.get(j, 0.0) - w * w2
            acc.pop(i, None)
            cands = sorted(acc.items(), key=lambda c: (-c[1], slug[c[0]]))[: related.CANDIDATES]
        scored = []
        for j, text in cands:
            if data[i][0] is not None and data[i][0] == data[j][0]:
                continue
            areas = sum(v * data[j][1].get(k, 0.0) for k, v in data[i][1].items())
            a, b = data[i][2], data[j][2]
            tools = len(a & b) / len(a | b) if a or b else 1.0
            total = 0.6 * text + 0.25 * areas + 0.15 * tools
            if total >= related.MIN_SCORE:
                scored.append((-total, slug[j], j))
        rows.append([(s, round(-t, 9)) for t, s, _ in sorted(scored)[:count]])
    return rows


@pytest.mark.parametrize("size", [20, 45])
def test_the_arrays_compute_the_definition(size, monkeypatch):
    """At both sizes: every pair scored (20 agents, below `EXACT_BELOW`), and through the
    index (45): the same related agents, in the same order, with the same scores."""
    if size < 30:
        monkeypatch.setattr(related, "EXACT_BELOW", 30)
    rnd = random.Random(size)
    agents = [_agent(i, rnd) for i in range(size)]
    tfs = [{**_tf(rnd), f"own{i}": 1.0} for i in range(size)]
    tfs[3] = dict(tfs[4])  # two agents of the same text: ties, broken by slug
    groups = {"agent-1": "agent", "agent-2": "agent"}
    found = related.find_related(agents, None, groups, 4, tfs=tfs)
    rows = [[(r.slug, round(r.score, 9)) for r in row] for row in found]
    assert rows == _reference(agents, tfs, groups, 4)
    assert all(rows) and any(len(r) == 4 for r in rows)
