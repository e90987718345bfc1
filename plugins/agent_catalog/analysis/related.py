"""The few agents most similar to each agent: by text, areas and tools.

"If not this one, which?" Every agent page lists a handful of neighbours. Comparing every pair
is quadratic (25 million pairs at 5,000 agents), so text similarity goes through an inverted
index: each agent keeps only its most distinctive terms (TF-IDF), each term keeps only its
strongest agents, and an agent's candidates are the agents met along its terms' postings.
Only candidates are then scored on the full blend of text, areas and tools.
"""

from __future__ import annotations

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
    """What `find_related` keeps from one call to the next (`mkdocs serve`), so that after an
    edit, an addition, a deletion or a rename only the rows it can change are computed again.

    Everything is keyed by the agent's slug (unique, and not moved by other agents), so an
    agent added or removed shifts nobody. Every row is a function of the agent's vector, the
    postings of its terms and, of each of its candidates, the vector, areas, tools, variant
    base, slug and name. The weights depend on how many agents hold each term (`df`) and on
    the number of agents rounded up to a quarter octave (`_idf`): a change moves the weight of
    the terms whose holders it changes, which moves the vectors of the agents holding those
    terms, which moves those terms' postings, which moves the rows of the agents listing those
    terms or meeting a changed agent among their candidates. Those rows, and only those, are
    recomputed, by the same code from the same floats, so the result is the one a clean build
    computes. When the rounded number of agents itself moves (about one addition in every
    sixth of the catalog's size), every weight moves and every row is recomputed.
    """

    keys: tuple = ()
    """The agents' keys (slugs), in the order of the last call; () when nothing is kept."""
    scale: float = -1.0
    count: int = -1
    tfs: dict = field(default_factory=dict)
    df: Counter = field(default_factory=Counter)
    idf: dict[str, float] = field(default_factory=dict)
    holders: dict[str, set] = field(default_factory=dict)
    """Term -> the agents whose text has it (any weight): whose vectors its weight moves."""
    vectors: dict = field(default_factory=dict)
    vector_postings: dict[str, dict] = field(default_factory=dict)
    """Term -> agent -> weight, every agent whose vector holds the term (untruncated)."""
    postings: dict[str, list[tuple[float, Any]]] = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    cands: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
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
            state.keys = ()
        return [[] for _ in agents]
    if tfs is None:
        vocabulary = Vocabulary()
        tfs = [text_vector(c, vocabulary) for c in counts or []]
    keys: tuple = tuple(a.slug for a in agents)
    if len(set(keys)) < n:  # slugs are unique in a finalised catalog; anything else: by place
        keys = tuple(range(n))
    if state is not None and (n <= EXACT_BELOW or isinstance(keys[0], int)):
        state.keys = ()  # every pair is scored (every row reads every agent), or no keys
        state = None
    data = {k: _agent_data(a, groups) for k, a in zip(keys, agents, strict=True)}
    tf_of = dict(zip(keys, tfs, strict=True))
    scale = _scale(n)
    if state is not None and state.keys and state.scale == scale and state.count == count:
        rows = _update(state, keys, tf_of, data)
        return [rows[k] for k in keys]
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    # a term of one agent only gets idf 0: weighted 0, it never enters a vector (w > 0 below)
    idf = {t: _idf(scale, d) for t, d in df.items()}
    vectors = {k: _vector(tf_of[k], idf) for k in keys}
    vector_postings: dict[str, dict] = {}
    for k, vec in vectors.items():
        for t, w in vec.items():
            vector_postings.setdefault(t, {})[k] = w
    postings = {t: _posting(holding) for t, holding in vector_postings.items()}
    cands = {k: _candidates(k, vectors, postings) for k in keys}
    rows = {k: _row(k, cands[k], vectors, data, count) for k in keys}
    if state is not None:
        holders: dict[str, set] = {}
        for k, tf in tf_of.items():
            for t in tf:
                holders.setdefault(t, set()).add(k)
        state.__dict__.update(
            keys=keys, scale=scale, count=count, tfs=tf_of, df=df, idf=idf, holders=holders,
            vectors=vectors, vector_postings=vector_postings, postings=postings, data=data,
            cands=cands, rows=rows, recomputed=n,
        )  # fmt: skip
    return [rows[k] for k in keys]


def _update(st: RelatedState, keys: tuple, tfs: dict, data: dict) -> dict:
    """`find_related` from the previous call's state, some agents changed, added or removed:
    the rows whose inputs moved are recomputed (`RelatedState`)."""
    empty: dict[str, float] = {}
    gone = [k for k in st.keys if k not in tfs]
    edited = [k for k in keys if tfs[k] is not st.tfs.get(k)] + gone
    moved: set[str] = set()  # terms whose count of holders changed
    for k in edited:
        old, new = st.tfs.get(k, empty).keys(), tfs.get(k, empty).keys()
        for t in old - new:
            st.df[t] -= 1
            st.holders[t].discard(k)
            moved.add(t)
        for t in new - old:
            st.df[t] += 1
            st.holders.setdefault(t, set()).add(k)
            moved.add(t)
    st.tfs = dict(tfs)
    for t in moved:
        if st.df[t] > 0:
            st.idf[t] = _idf(st.scale, st.df[t])
        else:
            del st.df[t], st.idf[t], st.holders[t]
    revector = set(edited)
    for t in moved:
        revector |= st.holders.get(t, ())
    changed: set = set()  # agents whose vector changed
    touched: set[str] = set()  # terms in the vectors they had or have
    for k in revector:
        vec = _vector(tfs[k], st.idf) if k in tfs else empty
        old = st.vectors.get(k, empty)
        if list(vec.items()) == list(old.items()):
            if k in tfs:
                st.vectors.setdefault(k, vec)  # an agent added without a term of weight
            else:
                st.vectors.pop(k, None)
            continue
        changed.add(k)
        for t in old:
            st.vector_postings[t].pop(k, None)
        for t, w in vec.items():
            st.vector_postings.setdefault(t, {})[k] = w
        touched |= old.keys() | vec.keys()
        if k in tfs:
            st.vectors[k] = vec
        else:
            st.vectors.pop(k, None)
    redo = set(changed)
    for t in touched:
        holding = st.vector_postings.get(t)
        plist = _posting(holding) if holding else []
        if plist != st.postings.get(t, []):
            if plist:
                st.postings[t] = plist
            else:
                st.postings.pop(t, None)
            redo |= holding.keys() if holding else set()
        if not holding:
            st.vector_postings.pop(t, None)
    changed |= {k for k in keys if data[k] != st.data.get(k)}
    changed.update(gone)
    st.data = data
    redo |= changed
    redo |= {k for k, c in st.cands.items() if any(j in changed for j, _ in c)}
    redo &= tfs.keys()
    for k in gone:
        st.cands.pop(k, None)
        st.rows.pop(k, None)
    for k in redo:
        st.cands[k] = _candidates(k, st.vectors, st.postings)
    for k in redo:
        st.rows[k] = _row(k, st.cands[k], st.vectors, data, st.count)
    st.keys = keys
    st.recomputed = len(redo)
    return st.rows


def _scale(n: int) -> float:
    """The number of agents in a term's weight: `n` rounded up to a quarter octave (a power
    of 2**(1/4)). Weighing terms by the exact number would move every weight, hence nearly
    every agent's related agents, whenever one agent is added or removed; rounded, it moves
    once in a while, by a step that does not change which terms are distinctive."""
    step = math.ceil(4 * math.log2(n) - 1e-9)
    return 2.0 ** (step / 4)


def _idf(scale: float, d: int) -> float:
    return math.log((1 + scale) / (1 + d)) if d > 1 else 0.0


def _posting(holding: dict) -> list[tuple[float, Any]]:
    """A term's posting: its `POSTINGS_PER_TERM` strongest agents, strongest first, ties to
    the smaller key (as candidates and rows break theirs), from every agent whose vector
    holds it."""
    plist = sorted((-w, k) for k, w in holding.items())[:POSTINGS_PER_TERM]
    return [(-w, k) for w, k in plist]


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
    i: Any, vectors: dict[Any, dict[str, float]], postings: dict[str, list[tuple[float, Any]]]
) -> list[tuple[Any, float]]:
    """Agent i's candidates and their text similarity: every other agent below
    `EXACT_BELOW` agents, else the strongest met along its terms' postings."""
    vec = vectors[i]
    if len(vectors) <= EXACT_BELOW:
        return [(j, _cosine(vec, v)) for j, v in vectors.items() if j != i]
    acc: dict[Any, float] = {}
    get = acc.get
    for t, w in vec.items():
        for w2, j in postings.get(t, ()):
            acc[j] = get(j, 0.0) + w * w2
    acc.pop(i, None)
    return _strongest(acc, CANDIDATES)


def _row(
    i: Any,
    cands: list[tuple[Any, float]],
    vectors: dict[Any, dict[str, float]],
    data: dict[Any, tuple],
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


def _strongest(acc: dict[Any, float], k: int) -> list[tuple[Any, float]]:
    """The `k` items of highest score, ties to the smaller key: `heapq.nlargest` with the key
    (score, -key), but the scores are first cut at the k-th best with a sort of floats in C."""
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
