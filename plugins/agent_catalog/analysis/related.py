"""The few agents most similar to each agent: by text, areas and tools.

"If not this one, which?" Every agent page lists a handful of neighbours. Comparing every pair
is quadratic (25 million pairs at 5,000 agents), so text similarity goes through an inverted
index: each agent keeps only its most distinctive terms (TF-IDF), each term keeps only its
strongest agents, and an agent's candidates are the agents met along its terms' postings.
Only candidates are then scored on the full blend of text, areas and tools.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import KeysView
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

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
    """What `find_related` keeps from one call to the next (`mkdocs serve`): each agent's
    terms as arrays, converted once per term-frequency dict (by identity: the analysis cache
    hands back the very dict of an unchanged agent), and the term ids they use; each agent's
    vector, reused only where the new term weights provably make the same (`_stale`), and
    the terms two kept vectors share. No row is kept: every call computes every row, so a
    preview shows what a clean build shows."""

    term_ids: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    arrays: dict[int, tuple[dict[str, float], Any, Any]] = field(default_factory=dict)
    """id(tf) -> (tf, term ids, frequencies): the dict is kept, so its id is not reused."""
    idf: Any = None
    """The last call's term weights, by term id."""
    vectors: dict[int, tuple] = field(default_factory=dict)
    """id(tf) -> the vector the last call made of it (`_vectors`), and its cut."""
    made: int = 0
    """How many vectors the last call made (the others it kept)."""
    shared: dict[tuple[int, int], tuple] = field(default_factory=dict)
    """(id of a vector, id of another) -> (the two, the terms they share, strongest first):
    kept vectors are the same objects, so a pair of them shares what it shared (the vectors
    are kept with it, so their ids are not reused)."""
    parts: dict[str, tuple] = field(default_factory=dict)
    """Slug -> (the agent's `areas`, `capabilities` and capability profile, what `_agent_parts`
    made of them): the analysis cache hands back the very objects of an unchanged agent."""

    def of(self, tf: dict[str, float]) -> tuple[Any, Any]:
        hit = self.arrays.get(id(tf))
        if hit is not None and hit[0] is tf:
            return hit[1], hit[2]
        ids, terms = self.term_ids, self.terms
        for t in tf:  # not `tf.keys() - ids.keys()`: that walks all of `ids`
            if t not in ids:
                ids[t] = len(terms)
                terms.append(t)
        arr = np.fromiter(map(ids.__getitem__, tf), np.int64, len(tf))
        vals = np.fromiter(tf.values(), np.float64, len(tf))
        self.arrays[id(tf)] = (tf, arr, vals)
        return arr, vals


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
    keeps them; `counts` is then not needed). `state`: conversions kept from the previous
    call (`RelatedState`); the result is the same with or without it.

    The arithmetic runs on arrays: term weights, each agent's strongest terms, the postings
    and the candidates' text similarity (one sparse matrix product: the sum, over an agent's
    terms, of its weight times each posting's), and the blend with areas and tools. Only the
    choices with ties (an agent's strongest terms, a row's strongest candidates) and the
    rows' few related agents are Python, per agent.
    """
    n = len(agents)
    if n < 2 or count <= 0:
        return [[] for _ in agents]
    if tfs is None:
        vocabulary = Vocabulary()
        tfs = [text_vector(c, vocabulary) for c in counts or []]
    st = state if state is not None else RelatedState()
    live = {id(tf) for tf in tfs}
    for gone in st.arrays.keys() - live:
        del st.arrays[gone]
    for gone in st.vectors.keys() - live:
        del st.vectors[gone]
    slugs = [a.slug for a in agents]
    rank = np.empty(n, np.int64)  # ties go to the smaller slug (then the earlier agent)
    rank[sorted(range(n), key=lambda i: (slugs[i], i))] = np.arange(n)

    converted = [st.of(tf) for tf in tfs]
    lens = np.fromiter((len(ids) for ids, _ in converted), np.int64, n)
    ids_all = np.concatenate([ids for ids, _ in converted]) if lens.sum() else np.zeros(0, int)
    tf_all = np.concatenate([v for _, v in converted]) if lens.sum() else np.zeros(0)
    df = np.bincount(ids_all, minlength=len(st.terms))
    # a term of one agent only gets idf 0: weighted 0, it never enters a vector (w > 0 below)
    idf = np.where(df > 1, np.log((1 + _scale(n)) / (1 + np.maximum(df, 1))), 0.0)
    weights = tf_all * idf[ids_all]
    kept = [st.vectors.get(id(tf)) for tf in tfs]
    stale = _stale(kept, st.idf, idf, lens, ids_all, tf_all, weights)
    made = _vectors(lens, ids_all, weights, st.terms, kept, stale)
    st.idf, st.made = idf, int(stale.sum())
    st.vectors = {id(tf): m for tf, m in zip(tfs, made, strict=True)}
    vectors = [m[0] for m in made]
    v_ptr = np.concatenate(([0], np.cumsum([len(m[1]) for m in made])))
    v_cols = np.concatenate([m[1] for m in made])
    v_data = np.concatenate([m[2] for m in made])
    V = sparse.csr_matrix((v_data, v_cols, v_ptr), shape=(n, len(st.terms)))

    if n <= EXACT_BELOW:  # every pair, text similarity 0 included
        sims = (V @ V.T).toarray()
        pair_i = np.repeat(np.arange(n), n - 1)
        pair_j = np.array([j for i in range(n) for j in range(n) if j != i], np.int64)
        pair_t = sims[pair_i, pair_j]
    else:
        P = _postings(V, rank)
        pair_i, pair_j, pair_t = _candidates((V @ P.T).tocsr(), rank)

    known_parts, st.parts = st.parts, {}
    data = [_agent_data(a, groups, known_parts, st.parts) for a in agents]
    total, keep = _blend(pair_i, pair_j, pair_t, data)
    pair_i, pair_j, total = pair_i[keep], pair_j[keep], total[keep]
    order = np.lexsort((rank[pair_j], -total, pair_i))
    pair_i, pair_j, total = pair_i[order], pair_j[order], total[order]
    first = np.searchsorted(pair_i, np.arange(n))
    pos = np.arange(len(pair_i)) - first[pair_i]
    top = pos < count
    rows: list[list[Related]] = [[] for _ in agents]
    known, st.shared = st.shared, {}
    for i, j, score in zip(
        pair_i[top].tolist(), pair_j[top].tolist(), total[top].tolist(), strict=True
    ):
        vec, other = vectors[i], vectors[j]
        pair = (id(vec), id(other))
        hit = known.get(pair)
        if hit is not None and hit[0] is vec and hit[1] is other:
            shared = hit[2]
        else:
            products = sorted([(-vec[t] * other[t], t) for t in vec.keys() & other])
            shared = [t for _, t in products[:5]]
        st.shared[pair] = (vec, other, shared)
        shared = list(shared)
        _, areas_j, tools_j, slug_j, name_j, _ = data[j]
        areas = [label for area, label in data[i][5] if areas_j.get(area, 0) > 0][:3]
        rows[i].append(Related(slug_j, name_j, score, shared, areas, data[i][2] == tools_j))
    return rows


def _scale(n: float) -> float:
    """The number of agents in a term's weight: `n` rounded up to a quarter octave (a power
    of 2**(1/4)). Weighing terms by the exact number would move every weight, hence many
    agents' related agents, whenever one agent is added or removed; rounded, it moves once
    in a while, by a step that does not change which terms are distinctive."""
    step = math.ceil(4 * math.log2(n) - 1e-9)
    return 2.0 ** (step / 4)


def _stale(kept: list, old_idf: Any, idf: Any, lens: Any, ids: Any, tfs: Any, weights: Any) -> Any:
    """Which agents' vectors must be made again (a boolean per agent): those without one
    kept, and those with a term whose weight moved and was or is at least the agent's cut
    (its `TERMS_PER_AGENT`-th best weight when the vector was made). A weight that moves
    below the cut on both sides leaves the strongest terms, their weights and so their
    norm as they were: the kept vector is the one the new weights make."""
    n = len(kept)
    stale = np.fromiter((k is None for k in kept), bool, n)
    if old_idf is None:
        return np.ones(n, bool)
    cuts = np.fromiter((np.inf if k is None else k[3] for k in kept), np.float64, n)
    before = np.full(len(idf), np.nan)
    before[: len(old_idf)] = old_idf
    moved = idf[ids] != before[ids]
    if moved.any():
        agent_of = np.repeat(np.arange(n), lens)
        was = tfs[moved] * before[ids[moved]]
        reach = np.fmax(was, weights[moved]) >= cuts[agent_of[moved]]
        stale[agent_of[moved][reach]] = True
    return stale


def _vectors(
    lens: Any, ids: Any, weights: Any, terms: list[str], kept: list, stale: Any
) -> list[tuple]:
    """Each agent's `TERMS_PER_AGENT` strongest terms (ties to the larger term), weighted
    and normalised: (term -> weight, term ids, weights, cut), where the cut is the least
    weight a term needs to count (the k-th best; -inf when the agent has k terms or fewer).
    Agents not `stale` keep theirs."""
    k = TERMS_PER_AGENT
    starts = np.concatenate(([0], np.cumsum(lens))).tolist()
    out = []
    for i, is_stale in enumerate(stale.tolist()):
        if not is_stale:
            out.append(kept[i])
            continue
        s, e = starts[i], starts[i + 1]
        seg = weights[s:e]
        if e - s > k:  # the weights are cut at the k-th best; only those left are sorted
            cut = float(np.partition(seg, e - s - k)[e - s - k])
            sel = np.flatnonzero(seg >= cut) + s
        else:
            cut = -math.inf
            sel = np.arange(s, e)
        seg_ids = ids[sel].tolist()
        pairs = zip(weights[sel].tolist(), map(terms.__getitem__, seg_ids), seg_ids, strict=True)
        top = sorted(pairs, reverse=True)[:k]
        norm = math.sqrt(sum(w * w for w, _, _ in top)) or 1.0
        vec = {t: w / norm for w, t, _ in top if w > 0}
        cols = np.array([tid for w, _, tid in top if w > 0], np.int64)
        out.append((vec, cols, np.fromiter(vec.values(), np.float64, len(vec)), cut))
    return out


def _postings(V: Any, rank: Any) -> Any:
    """The postings as a matrix like `V`: of each term, its `POSTINGS_PER_TERM` strongest
    agents (ties to the smaller slug)."""
    C = V.tocsc()
    keep = np.ones(C.nnz, bool)
    counts = np.diff(C.indptr)
    for t in np.flatnonzero(counts > POSTINGS_PER_TERM).tolist():
        s, e = C.indptr[t], C.indptr[t + 1]
        order = np.lexsort((rank[C.indices[s:e]], -C.data[s:e]))
        keep[s + order[POSTINGS_PER_TERM:]] = False
    col = np.repeat(np.arange(C.shape[1]), counts)
    return sparse.csr_matrix((C.data[keep], (C.indices[keep], col[keep])), shape=V.shape)


def _candidates(S: Any, rank: Any) -> tuple[Any, Any, Any]:
    """Each agent's `CANDIDATES` strongest others by text similarity (ties to the smaller
    slug), as parallel arrays (agent, candidate, similarity)."""
    k = CANDIDATES
    out_i, out_j, out_t = [], [], []
    indptr, indices, values = S.indptr, S.indices, S.data
    for i in range(S.shape[0]):
        s, e = indptr[i], indptr[i + 1]
        cols, vals = indices[s:e], values[s:e]
        mine = cols != i
        cols, vals = cols[mine], vals[mine]
        if len(cols) > k:
            sel = np.flatnonzero(vals >= np.partition(vals, len(vals) - k)[len(vals) - k])
            cols, vals = cols[sel], vals[sel]
            if len(cols) > k:
                cut = np.lexsort((rank[cols], -vals))[:k]
                cols, vals = cols[cut], vals[cut]
        out_i.append(np.full(len(cols), i, np.int64))
        out_j.append(cols.astype(np.int64))
        out_t.append(vals)
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_t)


def _blend(i: Any, j: Any, text: Any, data: list[tuple]) -> tuple[Any, Any]:
    """Each pair's score on the full blend of text, areas and tools, and whether it may be
    listed (score at least `MIN_SCORE`, not two variants of one name)."""
    n = len(data)
    area_keys = sorted({k for d in data for k in d[1]})
    at = {k: c for c, k in enumerate(area_keys)}
    A = np.zeros((n, max(len(area_keys), 1)))
    for r, d in enumerate(data):
        for k, v in d[1].items():
            A[r, at[k]] = v
    areas = np.einsum("ij,ij->i", A[i], A[j]) if len(i) else np.zeros(0)
    tool_keys = sorted({t for d in data for t in d[2]})
    tt = {t: c for c, t in enumerate(tool_keys)}
    B = np.zeros((n, max(len(tool_keys), 1)), bool)
    for r, d in enumerate(data):
        B[r, [tt[t] for t in d[2]]] = True
    packed = np.packbits(B, axis=1)
    sizes = B.sum(axis=1)
    shared = np.bitwise_count(packed[i] & packed[j]).sum(axis=1) if len(i) else np.zeros(0)
    union = sizes[i] + sizes[j] - shared
    tools = np.where(union > 0, shared / np.maximum(union, 1), 1.0)
    total = WEIGHTS["text"] * text + WEIGHTS["areas"] * areas + WEIGHTS["tools"] * tools
    base_of: dict[str, int] = {}
    base = np.array([-1 if d[0] is None else base_of.setdefault(d[0], len(base_of)) for d in data])
    same = (base[i] == base[j]) & (base[i] >= 0)
    return total, (total >= MIN_SCORE) & ~same


def _agent_data(agent: Agent, groups: dict[str, str], known: dict, keep: dict) -> tuple:
    """What another agent's row reads of this agent besides its vector, and what its own row
    reads of it: variant base, areas, tools, slug, name, primary areas. `known`: the parts
    made by the last call (`RelatedState.parts`), reused while made of the same objects;
    `keep` receives this call's."""
    an = agent.analysis
    made_of = (an.get("areas"), an.get("capabilities"), an.get("_capability_profile"))
    hit = known.get(agent.slug)
    if hit is not None and all(a is b for a, b in zip(hit[:3], made_of, strict=True)):
        parts = hit[3]
    else:
        parts = _agent_parts(agent)
    keep[agent.slug] = (*made_of, parts)
    areas, tools, primary = parts
    return (groups.get(agent.slug), areas, tools, agent.slug, agent.name, primary)


def _agent_parts(agent: Agent) -> tuple:
    """Of the agent's own analysis: its area vector, tool set and primary areas."""
    primary = tuple(
        (s["area"], s["label"]) for s in agent.analysis.get("areas", []) if s["level"] == "primary"
    )
    return _area_vector(agent), _tool_set(agent), primary


def _area_vector(agent: Agent) -> dict[str, float]:
    vec = {s["area"]: float(s["score"]) for s in agent.analysis.get("areas", [])}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _tool_set(agent: Agent) -> frozenset[str]:
    caps = agent.analysis.get("capabilities", [])
    prof = agent.analysis.get("_capability_profile")
    names = {u.base.lower() for u in prof.tools} if prof else set()
    return frozenset(set(caps) | {f"tool:{t}" for t in names})
