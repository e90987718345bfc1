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
from dataclasses import dataclass
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


def find_related(
    agents: list[Agent],
    counts: list[dict[str, Counter]] | None,
    groups: dict[str, str],
    count: int = 5,
    *,
    tfs: list[dict[str, float]] | None = None,
) -> list[list[Related]]:
    """For each agent (same order as `agents`), its `count` most similar other agents.

    `counts[i]` holds agent i's word counts by location; `groups[slug]` its variant base, so
    agents sharing a name (compared on their own page) are not repeated here. `tfs`: the
    agents' `text_vector`s when known already (they depend on the agent alone, so a cache
    keeps them; `counts` is then not needed).
    """
    n = len(agents)
    if n < 2 or count <= 0:
        return [[] for _ in agents]
    if tfs is None:
        vocabulary = Vocabulary()
        tfs = [text_vector(c, vocabulary) for c in counts or []]
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    # a term of one agent only gets idf 0: weighted 0, it never enters a vector (w > 0 below)
    idf = {t: math.log((1 + n) / (1 + d)) if d > 1 else 0.0 for t, d in df.items()}
    vectors: list[dict[str, float]] = []
    for tf in tfs:
        top = _top_terms(tf, idf, TERMS_PER_AGENT)
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        vectors.append({t: w / norm for w, t in top if w > 0})
    postings: dict[str, list[tuple[float, int]]] = {}
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings.setdefault(t, []).append((w, i))
    for t, plist in postings.items():
        if len(plist) > POSTINGS_PER_TERM:
            postings[t] = heapq.nlargest(POSTINGS_PER_TERM, plist)
    area_vecs = [_area_vector(a) for a in agents]
    tool_sets = [_tool_set(a) for a in agents]
    bases = [groups.get(a.slug) for a in agents]
    slugs = [a.slug for a in agents]
    w_text, w_areas, w_tools = WEIGHTS["text"], WEIGHTS["areas"], WEIGHTS["tools"]
    out: list[list[Related]] = []
    for i, vec in enumerate(vectors):
        if n <= EXACT_BELOW:
            cands = [(j, _cosine(vec, vectors[j])) for j in range(n) if j != i]
        else:
            acc: dict[int, float] = {}
            get = acc.get
            for t, w in vec.items():
                for w2, j in postings.get(t, ()):
                    acc[j] = get(j, 0.0) + w * w2
            acc.pop(i, None)
            cands = _strongest(acc, CANDIDATES)
        scored = []
        base, areas_i, tools_i = bases[i], area_vecs[i], tool_sets[i]
        for j, text_sim in cands:
            if base is not None and base == bases[j]:
                continue
            total = (
                w_text * text_sim
                + w_areas * _cosine(areas_i, area_vecs[j])
                + w_tools * _jaccard(tools_i, tool_sets[j])
            )
            if total >= MIN_SCORE:
                scored.append((total, j))
        scored.sort(key=lambda s: (-s[0], slugs[s[1]]))
        primary = [
            (s["area"], s["label"])
            for s in agents[i].analysis.get("areas", [])
            if s["level"] == "primary"
        ]
        row = []
        for total, j in scored[:count]:
            other = vectors[j]
            shared = sorted(vec.keys() & other.keys(), key=lambda t: (-vec[t] * other[t], t))[:5]
            areas = [label for area, label in primary if area_vecs[j].get(area, 0) > 0][:3]
            row.append(
                Related(
                    slugs[j],
                    agents[j].name,
                    total,
                    shared,
                    areas,
                    tools_i == tool_sets[j],
                )
            )
        out.append(row)
    return out


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
