"""Which areas of work an agent covers (API design, databases, testing, ...), with the evidence.

A configurable taxonomy (`data/areas.yaml`, extended or replaced from the configuration) lists
terms per area. Each agent is scored by where the terms occur: its name and description say
what it is for and weigh most, then its responsibilities and headings, then the body (counted
sublinearly and capped, so a long prompt does not win by length). The evidence (which term,
where, how often) is kept so a page can show why an agent is placed in an area.

Matching runs on word tokens with an index by first word, so a catalog of thousands of agents
is scored in one pass over each text.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from .data_files import load_yaml
from .sections import words

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "areas.yaml"
WEIGHTS = {"name": 5.0, "description": 3.0, "responsibilities": 3.0, "headings": 2.0, "body": 1.0}
"""How much one occurrence counts, by where it is."""
BODY_CAP = 8.0
"""At most this much of an area's score comes from the body."""
PRIMARY = 10.0
"""A primary area scores this much and is named where the agent says what it is for."""
SECONDARY = 5.0
STATED = ("name", "description", "responsibilities")


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class _Term:
    """Unique per taxonomy, so hashed by identity (a dict key in the hot loop)."""

    area: str
    text: str
    parts: tuple[tuple[str, bool], ...]
    """(word, is_prefix) per word."""


class Taxonomy:
    """The areas and a matcher over word tokens."""

    def __init__(self, areas: list[Area]):
        self.areas = areas
        self._by_first: dict[str, list[_Term]] = {}
        self._prefix_first: dict[str, list[_Term]] = {}
        self._prefix_lens: set[int] = set()
        self._seen: set[str] = set()
        """Words already looked up: each then is in `_singles`, `_phrases`, both or neither."""
        self._singles: dict[str, tuple[_Term, ...]] = {}
        """Word -> the one-word terms it matches."""
        self._phrases: dict[str, tuple[dict[str, list[_Term]], list[_Term]]] = {}
        """Word -> the terms of several words that may start with it, by their second word:
        ({second word: terms}, terms whose second word is a prefix). Most occurrences of a
        word that starts a phrase are not followed by the phrase: one lookup tells."""
        self._labels: dict[str, str] = {}
        for area in areas:
            self._labels.setdefault(area.key, area.label)
        for area in areas:
            for text in area.terms:
                parts = tuple(
                    (w.rstrip("*"), w.endswith("*")) for w in words_of_term(text) if w.rstrip("*")
                )
                if not parts:
                    continue
                term = _Term(area.key, text, parts)
                first, is_prefix = parts[0]
                if is_prefix:
                    self._prefix_first.setdefault(first, []).append(term)
                    self._prefix_lens.add(len(first))
                else:
                    self._by_first.setdefault(first, []).append(term)

    @classmethod
    def load(
        cls, user: dict[str, Any] | None = None, replace: bool = False, path: Path = DATA_FILE
    ) -> Taxonomy:
        """The shipped areas (unless `replace`) with the user's areas added or overriding.

        Raises ValueError naming the bad entry, for the configuration layer to report.
        """
        data = {} if replace else dict(_shipped(str(path)))
        for key, spec in (user or {}).items():
            if not isinstance(spec, dict) or not isinstance(spec.get("terms"), list):
                raise ValueError(
                    f"areas: `{key}` needs `terms:` (a list of words or phrases) and "
                    "optionally `label:`"
                )
            if not all(isinstance(t, str) and t.strip() for t in spec["terms"]):
                raise ValueError(f"areas: every term of `{key}` must be a non-empty string")
            data[str(key)] = spec
        areas = [
            Area(str(k), str(v.get("label", k)), tuple(str(t) for t in v.get("terms", [])))
            for k, v in data.items()
        ]
        return cls(areas)

    def label(self, key: str) -> str:
        return self._labels.get(key, key)

    def _starting(self, token: str) -> tuple[_Term, ...]:
        found = list(self._by_first.get(token, ()))
        for n in self._prefix_lens:
            if len(token) >= n:
                found.extend(self._prefix_first.get(token[:n], ()))
        return tuple(found)

    def _learn(self, words: set[str]) -> None:
        """Look up new words once: most words of a catalog recur in agent after agent."""
        for word in words:
            terms = self._starting(word)
            singles = tuple(t for t in terms if len(t.parts) == 1)
            if singles:
                self._singles[word] = singles
            if len(singles) < len(terms):
                by_second: dict[str, list[_Term]] = {}
                prefixed: list[_Term] = []
                for t in terms:
                    if len(t.parts) > 1:
                        second, is_prefix = t.parts[1]
                        if is_prefix:
                            prefixed.append(t)
                        else:
                            by_second.setdefault(second, []).append(t)
                self._phrases[word] = (by_second, prefixed)
        self._seen |= words

    def count(self, tokens: list[str], counts: Counter | None = None) -> dict[_Term, int]:
        """Occurrences of each term in a token list.

        Single-word terms are counted from the token counts: the words that match one are
        found with a set intersection (in C), one step per matching word. Only the positions
        of words that start a phrase are visited.
        """
        out: dict[_Term, int] = {}
        counts = counts if counts is not None else Counter(tokens)
        words = counts.keys()
        # most calls bring no new word: `issuperset` tells in one pass, building no set
        # (and `keys() - big_set` would walk all of `big_set`: set(...) first)
        if not self._seen.issuperset(words):
            self._learn(set(words) - self._seen)
        singles = self._singles
        for tok in words & singles.keys():
            c = counts[tok]
            for term in singles[tok]:
                out[term] = out.get(term, 0) + c
        starts = words & self._phrases.keys()
        if not starts:
            return out
        n = len(tokens)
        phrases = self._phrases
        for i in compress(range(n - 1), map(starts.__contains__, tokens)):  # positions, in C
            by_second, prefixed = phrases[tokens[i]]
            second = tokens[i + 1]
            found = by_second.get(second, [])
            if prefixed:
                found = found + [t for t in prefixed if second.startswith(t.parts[1][0])]
            for term in found:
                parts = term.parts
                if i + len(parts) > n:
                    continue
                for j in range(2, len(parts)):
                    word, prefix = parts[j]
                    t = tokens[i + j]
                    if not (t.startswith(word) if prefix else t == word):
                        break
                else:
                    out[term] = out.get(term, 0) + 1
        return out


def words_of_term(text: str) -> list[str]:
    """A term's words, tokenised like the texts (a trailing `*` kept on a word)."""
    out = []
    for raw in text.lower().split():
        star = raw.endswith("*")
        ws = words(raw.rstrip("*"))
        if star and ws:
            ws[-1] += "*"
        out.extend(ws)
    return out


@lru_cache(maxsize=4)
def _shipped(path: str) -> dict[str, Any]:
    return load_yaml(path) or {}


@dataclass
class AreaScore:
    key: str
    label: str
    score: float
    level: str
    """`primary`, `secondary` or `mention`."""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """[{"term", "where": {location: count}}], strongest first."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.key,
            "label": self.label,
            "score": round(self.score, 1),
            "level": self.level,
            "evidence": self.evidence,
        }


def score(
    tokens: dict[str, list[str]],
    taxonomy: Taxonomy,
    counts: dict[str, Counter] | None = None,
) -> list[AreaScore]:
    """Score an agent given its word tokens by location (`name`, `description`, ... `body`).

    `counts` (the same tokens counted, by location) saves counting twice when known.
    """
    per_area: dict[str, dict[str, dict[str, int]]] = {}
    for where, toks in tokens.items():
        if not toks:
            continue
        for term, count in taxonomy.count(toks, (counts or {}).get(where)).items():
            per_area.setdefault(term.area, {}).setdefault(term.text, {})[where] = count
    out: list[AreaScore] = []
    for key, terms in per_area.items():
        total = 0.0
        body = 0.0
        ranked = []
        stated = False
        for text, where in terms.items():
            contrib = 0.0
            for loc, c in where.items():
                stated = stated or loc in STATED
                part = WEIGHTS.get(loc, 1.0) * (1 + math.log2(c))
                if loc == "body":
                    body += part
                else:
                    contrib += part
            ranked.append((contrib + WEIGHTS["body"] * where.get("body", 0), text, where))
            total += contrib
        total += min(body, BODY_CAP)
        if total >= PRIMARY and stated:
            level = "primary"
        elif total >= SECONDARY:
            level = "secondary"
        else:
            level = "mention"
        ranked.sort(key=lambda r: (-r[0], r[1]))
        evidence = [{"term": t, "where": dict(w)} for _, t, w in ranked]
        out.append(AreaScore(key, taxonomy.label(key), total, level, evidence))
    out.sort(key=lambda s: (-s.score, s.key))
    return out
