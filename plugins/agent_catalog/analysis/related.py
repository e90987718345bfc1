"""The few agents most similar to each agent: by text, areas and tools.

"If not this one, which?" Every agent page lists a handful of neighbours. Comparing every pair
is quadratic (25 million pairs at 5,000 agents), so text similarity goes through an inverted
index: each agent keeps only its most distinctive terms (TF-IDF), each term keeps only its
strongest agents, and an agent's candidates are the agents met along its terms' postings.
Only candidates are then scored on the full blend of text, areas and tools.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from collections.abc import KeysView
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

from ..model import Agent

TERMS_PER_AGENT = 20
POSTINGS_PER_TERM = 100
CANDIDATES = 30
EXACT_BELOW = 300
"""Below this many agents every pair is scored (cheap, and no neighbour is missed)."""
WEIGHTS = {"text": 0.6, "areas": 0.25, "tools": 0.15}
LOCATION_WEIGHTS = {
    "name": 3.0,
    "description": 2.0,
    "responsibilities": 2.0,
    "headings": 1.5,
    "body": 0.5,
}
MIN_SCORE = 0.05
STOPWORDS = frozenset(
    """a an and are as at be by can do for from has have how i if in into is it its
    may more must not of on or our should so such than that the their then there these this
    those to use used using via was we what when where which while who will with you your
    agent agents user users task tasks help specialist expert use proactively example examples
    assistant context commentary code also any all each every other new need needs""".split()
)


@dataclass
class Related:
    slug: str
    name: str
    score: float
    shared_terms: list[str]
    shared_areas: list[str]
    same_tools: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "score": round(self.score, 3),
            "shared_terms": self.shared_terms,
            "shared_areas": self.shared_areas,
            "same_tools": self.same_tools,
        }


_LOG1 = [0.0] + [1 + math.log(c) for c in range(1, 1024)]
"""`1 + log(c)` for the small counts of nearly every word: looked up, not computed."""


class Vocabulary:
    """Which words may be terms (not stopwords, longer than two letters, not numbers).

    Agents share most of their words, so each word is judged once per run, and an agent's
    terms are then found with set operations (in C) rather than a test per word.
    """

    def __init__(self) -> None:
        self.terms: set[str] = set()
        self.seen: set[str] = set(STOPWORDS)
        """Every word judged (terms and others, stopwords included)."""

    def of(self, words: KeysView[str]) -> set[str]:
        # set(...) first: `keys() - big_set` would walk all of `big_set` (difference_update)
        for t in set(words) - self.seen:
            self.seen.add(t)
            if len(t) > 2 and not t.isdigit():
                self.terms.add(t)
        return words & self.terms


def text_vector(
    counts: dict[str, Counter], vocabulary: Vocabulary | None = None
) -> dict[str, float]:
    """Weighted, sublinear term frequencies across an agent's texts (word counts by location).

    A term's weight is the sum, in location order, of `weight * (1 + log(count))` over the
    locations holding it. Most terms occur in the body only (the last location): their weight
    is that one product, computed in one comprehension; the few others are summed in order.
    The dict's order does not matter: every use ranks terms by (weight, term).
    """
    vocabulary = vocabulary or Vocabulary()
    located = [(w, cnt) for where, cnt in counts.items() if (w := LOCATION_WEIGHTS.get(where))]
    if not located:
        return {}
    earlier: set[str] = set()
    for _, cnt in located[:-1]:
        earlier |= vocabulary.of(cnt.keys())
    weight, last = located[-1]
    log1, big = _LOG1, len(_LOG1)
    tf = {
        t: weight * (log1[c] if (c := last[t]) < big else 1 + math.log(c))
        for t in vocabulary.of(last.keys()) - earlier
    }
    for t in earlier:
        total = 0.0
        for weight, cnt in located:
            if c := cnt.get(t):
                total += weight * (log1[c] if c < big else 1 + math.log(c))
        tf[t] = total
    return tf


@dataclass
class RelatedState:
    """What `find_related` keeps from one call to the next over the same agents (`mkdocs
    serve`), so that after an edit only the rows the edit can change are computed again.

    Every row is a function of the agent's vector, the postings of its terms and, of each of
    its candidates, the vector, areas, tools, variant base, slug and name. The weights depend
    on how many agents hold each term (`idf`), so a row's inputs move with other agents: an
    edit changes the weight of the terms it adds or removes, which changes the vectors of the
    agents holding those terms, which changes those terms' postings, which changes the rows of
    the agents listing those terms or meeting a changed agent among their candidates. Those
    rows, and only those, are recomputed, by the same code from the same floats, so the result
    is the one a clean build computes. An addition, a deletion or a rename changes the number
    of agents (or their order, hence the postings' ties): every term's weight moves, and every
    row is recomputed, as in a clean build.
    """

    sources: tuple[str, ...] = ()
    count: int = -1
    tfs: list[dict[str, float]] = field(default_factory=list)
    df: Counter = field(default_factory=Counter)
    idf: dict[str, float] = field(default_factory=dict)
    holders: dict[str, set[int]] = field(default_factory=dict)
    """Term -> the agents whose text has it (any weight): whose vectors its weight moves."""
    vectors: list[dict[str, float]] = field(default_factory=list)
    vector_postings: dict[str, dict[int, float]] = field(default_factory=dict)
    """Term -> agent -> weight, every agent whose vector holds the term (untruncated)."""
    postings: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    data: list[tuple] = field(default_factory=list)
    cands: list[list[tuple[int, float]]] = field(default_factory=list)
    rows: list[list[Related]] = field(default_factory=list)
    recomputed: int = 0
    """Rows computed by the last call (all of them when nothing could be reused)."""


def find_related(
    agents: list[Agent],
    counts: list[dict[str, Counter]] | None,
    groups: dict[str, str],
    count: int = 5,
    *,
    tfs: list[dict[str, float]] | None = None,
    state: RelatedState | None = None,
) -> list[list[Related]]:
    """For each agent (same order as `agents`), its `count` most similar other agents.

    `counts[i]` holds agent i's word counts by location; `groups[slug]` its variant base, so
    agents sharing a name (compared on their own page) are not repeated here. `tfs`: the
    agents' `text_vector`s when known already (they depend on the agent alone, so a cache
    keeps them; `counts` is then not needed; an agent whose vector is the very object given
    last time is taken as unchanged). `state`: kept from the previous call, it is used and
    updated (`RelatedState`); the result is the same with or without it.
    """
    n = len(agents)
    if n < 2 or count <= 0:
        if state is not None:
            state.sources = ()
        return [[] for _ in agents]
    if tfs is None:
        vocabulary = Vocabulary()
        tfs = [text_vector(c, vocabulary) for c in counts or []]
    sources = tuple(a.source for a in agents)
    data = [_agent_data(a, groups) for a in agents]
    if state is not None and n > EXACT_BELOW and state.sources == sources and state.count == count:
        return _update(state, agents, tfs, data)
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    # a term of one agent only gets idf 0: weighted 0, it never enters a vector (w > 0 below)
    idf = {t: _idf(n, d) for t, d in df.items()}
    vectors = [_vector(tf, idf) for tf in tfs]
    postings: dict[str, list[tuple[float, int]]] = {}
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings.setdefault(t, []).append((w, i))
    vector_postings = (
        {t: {i: w for w, i in plist} for t, plist in postings.items()} if state else {}
    )
    for t, plist in postings.items():
        if len(plist) > POSTINGS_PER_TERM:
            postings[t] = heapq.nlargest(POSTINGS_PER_TERM, plist)
    cands = [_candidates(i, vectors, postings) for i in range(n)]
    rows = [_row(i, c, vectors, data, count) for i, c in enumerate(cands)]
    if state is not None:
        holders: dict[str, set[int]] = {}
        if n > EXACT_BELOW:
            for i, tf in enumerate(tfs):
                for t in tf:
                    holders.setdefault(t, set()).add(i)
        state.__dict__.update(
            sources=sources, count=count, tfs=list(tfs), df=df, idf=idf, holders=holders,
            vectors=vectors, vector_postings=vector_postings, postings=postings, data=data,
            cands=cands, rows=rows, recomputed=n,
        )  # fmt: skip
    return rows


def _update(
    st: RelatedState, agents: list[Agent], tfs: list[dict[str, float]], data: list[tuple]
) -> list[list[Related]]:
    """`find_related` over the same agents as last time, some of them changed: the rows
    whose inputs moved are recomputed (`RelatedState`)."""
    n = len(agents)
    edited = [i for i in range(n) if tfs[i] is not st.tfs[i]]
    moved: set[str] = set()  # terms whose count of holders changed
    for i in edited:
        old, new = st.tfs[i].keys(), tfs[i].keys()
        for t in old - new:
            st.df[t] -= 1
            st.holders[t].discard(i)
            moved.add(t)
        for t in new - old:
            st.df[t] += 1
            st.holders.setdefault(t, set()).add(i)
            moved.add(t)
        st.tfs[i] = tfs[i]
    for t in moved:
        if st.df[t] > 0:
            st.idf[t] = _idf(n, st.df[t])
        else:
            del st.df[t], st.idf[t], st.holders[t]
    revector = set(edited)
    for t in moved:
        revector |= st.holders.get(t, ())
    changed: set[int] = set()  # agents whose vector changed
    touched: set[str] = set()  # terms in the vectors they had or have
    for i in sorted(revector):
        vec = _vector(tfs[i], st.idf)
        old = st.vectors[i]
        if list(vec.items()) == list(old.items()):
            continue
        changed.add(i)
        for t in old:
            st.vector_postings[t].pop(i, None)
        for t, w in vec.items():
            st.vector_postings.setdefault(t, {})[i] = w
        touched |= old.keys() | vec.keys()
        st.vectors[i] = vec
    redo = set(changed)
    for t in touched:
        holding = st.vector_postings.get(t)
        plist = [(w, i) for i, w in sorted(holding.items())] if holding else []
        if len(plist) > POSTINGS_PER_TERM:
            plist = heapq.nlargest(POSTINGS_PER_TERM, plist)
        if plist != st.postings.get(t, []):
            if plist:
                st.postings[t] = plist
            else:
                st.postings.pop(t, None)
            redo |= holding.keys() if holding else set()
        if not holding:
            st.vector_postings.pop(t, None)
    changed |= {i for i in range(n) if data[i] != st.data[i]}
    st.data = data
    redo |= changed
    redo |= {i for i, c in enumerate(st.cands) if any(j in changed for j, _ in c)}
    for i in redo:
        st.cands[i] = _candidates(i, st.vectors, st.postings)
    for i in redo:
        st.rows[i] = _row(i, st.cands[i], st.vectors, data, st.count)
    st.recomputed = len(redo)
    return list(st.rows)


def _idf(n: int, d: int) -> float:
    return math.log((1 + n) / (1 + d)) if d > 1 else 0.0


def _vector(tf: dict[str, float], idf: dict[str, float]) -> dict[str, float]:
    """An agent's `TERMS_PER_AGENT` strongest terms, weighted and normalised."""
    top = _top_terms(tf, idf, TERMS_PER_AGENT)
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return {t: w / norm for w, t in top if w > 0}


def _agent_data(agent: Agent, groups: dict[str, str]) -> tuple:
    """What another agent's row reads of this agent besides its vector, and what its own row
    reads of it: variant base, areas, tools, slug, name, primary areas."""
    primary = tuple(
        (s["area"], s["label"]) for s in agent.analysis.get("areas", []) if s["level"] == "primary"
    )
    return (
        groups.get(agent.slug),
        _area_vector(agent),
        _tool_set(agent),
        agent.slug,
        agent.name,
        primary,
    )


def _candidates(
    i: int, vectors: list[dict[str, float]], postings: dict[str, list[tuple[float, int]]]
) -> list[tuple[int, float]]:
    """Agent i's candidates and their text similarity: every other agent below
    `EXACT_BELOW` agents, else the strongest met along its terms' postings."""
    vec = vectors[i]
    n = len(vectors)
    if n <= EXACT_BELOW:
        return [(j, _cosine(vec, vectors[j])) for j in range(n) if j != i]
    acc: dict[int, float] = {}
    get = acc.get
    for t, w in vec.items():
        for w2, j in postings.get(t, ()):
            acc[j] = get(j, 0.0) + w * w2
    acc.pop(i, None)
    return _strongest(acc, CANDIDATES)


def _row(
    i: int,
    cands: list[tuple[int, float]],
    vectors: list[dict[str, float]],
    data: list[tuple],
    count: int,
) -> list[Related]:
    """Agent i's related agents from its candidates, on the full blend of text, areas, tools."""
    w_text, w_areas, w_tools = WEIGHTS["text"], WEIGHTS["areas"], WEIGHTS["tools"]
    base, areas_i, tools_i, _, _, primary = data[i]
    scored = []
    for j, text_sim in cands:
        base_j, areas_j, tools_j = data[j][:3]
        if base is not None and base == base_j:
            continue
        total = (
            w_text * text_sim
            + w_areas * _cosine(areas_i, areas_j)
            + w_tools * _jaccard(tools_i, tools_j)
        )
        if total >= MIN_SCORE:
            scored.append((total, j))
    scored.sort(key=lambda s: (-s[0], data[s[1]][3]))
    vec = vectors[i]
    row = []
    for total, j in scored[:count]:
        other = vectors[j]
        shared = sorted(vec.keys() & other.keys(), key=lambda t: (-vec[t] * other[t], t))[:5]
        _, areas_j, tools_j, slug_j, name_j, _ = data[j]
        areas = [label for area, label in primary if areas_j.get(area, 0) > 0][:3]
        row.append(Related(slug_j, name_j, total, shared, areas, tools_i == tools_j))
    return row


def _top_terms(tf: dict[str, float], idf: dict[str, float], k: int) -> list[tuple[float, str]]:
    """The `k` largest (tf * idf, term) pairs, largest first (as `heapq.nlargest` gives them).

    An agent has hundreds of terms: the weights are cut at the k-th best with a sort of plain
    floats, and only the few pairs left are compared as tuples. All of it runs in C.
    """
    weights = list(map(operator.mul, tf.values(), map(idf.__getitem__, tf)))
    pairs = zip(weights, tf, strict=True)
    if len(weights) > k:
        cut = sorted(weights, reverse=True)[k - 1]
        pairs = compress(pairs, map(cut.__le__, weights))
    return sorted(pairs, reverse=True)[:k]


def _strongest(acc: dict[int, float], k: int) -> list[tuple[int, float]]:
    """The `k` items of highest score, ties to the lower index: `heapq.nlargest` with the key
    (score, -index), but the scores are first cut at the k-th best with a sort of floats in C."""
    items: Any = acc.items()
    if len(acc) > k:
        cut = sorted(acc.values(), reverse=True)[k - 1]
        items = compress(items, map(cut.__le__, acc.values()))
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:k]


def _area_vector(agent: Agent) -> dict[str, float]:
    vec = {s["area"]: float(s["score"]) for s in agent.analysis.get("areas", [])}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _tool_set(agent: Agent) -> frozenset[str]:
    caps = agent.analysis.get("capabilities", [])
    prof = agent.analysis.get("_capability_profile")
    names = {u.base.lower() for u in prof.tools} if prof else set()
    return frozenset(set(caps) | {f"tool:{t}" for t in names})


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(map(operator.mul, a.values(), map(b.get, a, repeat(0.0))))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the union's size, without building it
