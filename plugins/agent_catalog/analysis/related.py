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
from collections import Counter
from dataclasses import dataclass
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


def text_vector(counts: dict[str, Counter]) -> dict[str, float]:
    """Weighted, sublinear term frequencies across an agent's texts (word counts by location)."""
    tf: dict[str, float] = {}
    for where, cnt in counts.items():
        weight = LOCATION_WEIGHTS.get(where, 0.0)
        if not weight:
            continue
        get = tf.get
        for t in cnt.keys() - STOPWORDS:
            if len(t) > 2 and not t.isdigit():
                tf[t] = get(t, 0.0) + weight * (1 + math.log(cnt[t]))
    return tf


def find_related(
    agents: list[Agent],
    counts: list[dict[str, Counter]],
    groups: dict[str, str],
    count: int = 5,
) -> list[list[Related]]:
    """For each agent (same order as `agents`), its `count` most similar other agents.

    `counts[i]` holds agent i's word counts by location; `groups[slug]` its variant base, so
    agents sharing a name (compared on their own page) are not repeated here.
    """
    n = len(agents)
    if n < 2 or count <= 0:
        return [[] for _ in agents]
    tfs = [text_vector(c) for c in counts]
    df: Counter = Counter()
    for tf in tfs:
        df.update(tf.keys())
    idf = {t: math.log((1 + n) / (1 + d)) for t, d in df.items() if d > 1}
    vectors: list[dict[str, float]] = []
    for tf in tfs:
        weighted = {t: w * idf[t] for t, w in tf.items() if t in idf}
        top = heapq.nlargest(TERMS_PER_AGENT, weighted.items(), key=lambda kv: kv[1])
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors.append({t: w / norm for t, w in top if w > 0})
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
            cands = heapq.nlargest(CANDIDATES, acc.items(), key=lambda kv: kv[1])
        scored = []
        for j, text_sim in cands:
            if bases[i] is not None and bases[i] == bases[j]:
                continue
            area_sim = _cosine(area_vecs[i], area_vecs[j])
            tool_sim = _jaccard(tool_sets[i], tool_sets[j])
            total = (
                WEIGHTS["text"] * text_sim
                + WEIGHTS["areas"] * area_sim
                + WEIGHTS["tools"] * tool_sim
            )
            if total >= MIN_SCORE:
                scored.append((total, j))
        scored.sort(key=lambda s: (-s[0], agents[s[1]].slug))
        row = []
        for total, j in scored[:count]:
            shared = sorted(set(vec) & set(vectors[j]), key=lambda t: -vec[t] * vectors[j][t])[:5]
            areas = [
                s["label"]
                for s in agents[i].analysis.get("areas", [])
                if s["level"] == "primary" and area_vecs[j].get(s["area"], 0) > 0
            ][:3]
            row.append(
                Related(
                    agents[j].slug,
                    agents[j].name,
                    total,
                    shared,
                    areas,
                    tool_sets[i] == tool_sets[j],
                )
            )
        out.append(row)
    return out


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
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
