"""What an agent is for, as a short list: its responsibilities, each with where it was found.

Real prompts state this in different ways, read here in order, the author's own statement
first (it is what every page that lists responsibilities shows first):

1. sections whose headings name responsibilities ("Core Responsibilities", "Duties", "Mission"),
   and plain labels such as "Your primary responsibilities:" followed by a list;
2. sections and labels naming expertise, capabilities, focus areas or specialties (about a third
   of real files have one of 1 or 2);
3. the description's trigger phrases ("Use this agent when ...", "including: a, b, c",
   "Expert in ...", a bulleted list of situations);
4. when that gives fewer than three, the body's top-level sections (their headings), then
   its first list, then the trigger phrases and first sentences of its opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import Agent
from ..reading.lines import marked_lines
from ..reading.tool_names import split_tool_string
from ..text import truncate
from .sections import Outline, Section, heading_text, norm_key, outline, plain

MAX_ITEMS = 12
MAX_PER_SOURCE = 8
MAX_CHARS = 110
OPENING_CHARS = 1500

_KEYWORDS = (
    r"responsibilit\w*|expertise|capabilit\w*|focus\s+areas?|areas?\s+of\s+(?:focus|expertise)"
    r"|mission|specialt\w*|speciali[sz]ations?|competenc\w*|duties|what\s+(?:you|i)\s+do"
)
HEADING_RE = re.compile(rf"\b(?:{_KEYWORDS})\b", re.I)
DUTIES_RE = re.compile(r"\b(?:responsibilit\w*|duties|mission|what\s+(?:you|i)\s+do)\b", re.I)
"""Headings and labels that state what the agent must do, not what it knows: listed first."""
_LABEL_RE = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<label>[^:\n]{{0,60}}?\b(?:{_KEYWORDS})\b[^:\n]{{0,40}}?)"
    r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*$",
    re.I,
)
_LABEL_END = re.compile(r":[ *_]*(?:\n|\Z)")
"""The end of a line that may be a label (`_LABEL_RE`): a colon, maybe in bold."""
_ITEM_RE = re.compile(r"^(\s*)(?:[-*+•]|\d{1,2}[.)])\s+(.*\S)")
GENERIC_TITLES = {
    "example", "examples", "example usage", "examples of excellence", "output", "output format",
    "response format", "notes", "note", "remember", "important", "memory", "context",
    "summary", "references", "reference", "resources", "appendix", "first step", "overview",
    "introduction", "identity", "quality standard", "quality standards", "communication style",
    "your communication style", "continuation mode", "escalation", "red flags", "usage",
}  # fmt: skip


@dataclass(frozen=True)
class Responsibility:
    text: str
    source: str
    """`description`, `section`, `label`, `outline` or `body`."""
    where: str = ""
    """The section heading or label it came from."""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "where": self.where}


def extract(agent: Agent, body_outline: Outline | None = None) -> list[Responsibility]:
    """The agent's responsibilities, most explicit first, without duplicates."""
    out: list[Responsibility] = []
    seen: set[str] = set()

    def add(items: list[str], source: str, where: str = "") -> None:
        n = 0
        for text in items:
            key = norm_key(text)
            if not key or key in seen or len(key) < 3 or n >= MAX_PER_SOURCE:
                continue
            seen.add(key)
            out.append(Responsibility(text, source, where))
            n += 1

    ol = body_outline if body_outline is not None else outline(agent.body)
    stated = [
        (section_items(sec), "section", sec.title)
        for sec in ol.sections
        if HEADING_RE.search(sec.title)
    ]
    stated += [(items, "label", label) for label, items in labelled_lists(ol)]
    # "Core Responsibilities" before "Technical Expertise"; otherwise in the file's order
    stated.sort(key=lambda s: not DUTIES_RE.search(s[2]))
    for items, source, where in stated:
        add(items, source, where)
    add(from_description(agent.intro or agent.description), "description")
    if len(out) < 3:
        top = [
            s
            for s in ol.top_level
            if norm_key(s.title) not in GENERIC_TITLES and not HEADING_RE.search(s.title)
        ]
        add([s.title for s in top], "outline", "top-level sections")
    if len(out) < 3:
        second = [s for t in ol.top_level for s in t.children]
        add([s.title for s in second if norm_key(s.title) not in GENERIC_TITLES], "outline")
    if len(out) < 3:
        lines = ol.preamble + [x for sec in ol.sections for x in [sec.title, *sec.lines]]
        # no headings to go by (Cursor rules, short prompts): the body's first list
        add(list_items(lines)[:MAX_PER_SOURCE], "outline", "first list")
    if len(out) < 3:
        # plain prose ("You are an expert ... focus on performance, readability, ..."):
        # the opening's trigger phrases, then its first sentences
        prose = ol.preamble + [x for sec in ol.sections for x in sec.lines]
        opening = "\n".join(prose).strip()[:OPENING_CHARS]
        if sum(opening.count(ch) for ch in '{}"[]=;') > len(opening) / 20:
            return out[:MAX_ITEMS]  # the opening is code or data (JSON rules), not prose
        add(from_description(opening), "body", "opening")
        sentences = _SENTENCE_END.split(plain(opening))
        add([clean_item(x) for x in sentences[:3]], "body", "opening")
    return out[:MAX_ITEMS]


# --------------------------------------------------------------------------- description

_CLAUSE = r"((?:[^.!?]|[.!?](?=[\w/]))+)"
"""Up to the end of the sentence: a `.` inside `Next.js` or `2.x` does not end it."""
_INCLUDING = re.compile(
    r"\b(?:including(?:,?\s+but\s+not\s+limited\s+to)?|such\s+as|e\.g\.)\s*:?\s*" + _CLAUSE,
    re.I,
)
_TRIGGER = re.compile(
    r"\b(?:use|invoke|call|engage|deploy)\b[^.!?:]{0,40}?\b(?:when|for|to)\b\s*:?\s+" + _CLAUSE,
    re.I,
)
_EXPERT = re.compile(
    r"\b(?:expert(?:ise)?\s+in|speciali[sz](?:ing|es|ed|e)\s+in|focus(?:es|ed|ing)?\s+on|"
    r"masters?|proficient\s+in|responsible\s+for|experienced\s+in|skilled\s+in|handles)"
    r"\s+" + _CLAUSE,
    re.I,
)
_DASH_LIST = re.compile(r"[—–:]\s+" + _CLAUSE)
_LEAD = re.compile(
    r"^(?:and|or|when|for|to|with|including|the\s+user\s+(?:is|asks\s+to|needs\s+to|wants\s+to)|"
    r"you\s+need\s+to|needing|tasks?\s+like)\s+",
    re.I,
)


def from_description(text: str) -> list[str]:
    """Trigger phrases and listed situations from a description (examples already removed)."""
    items: list[str] = []
    bullets = [m.group(2) for m in map(_ITEM_RE.match, text.split("\n")) if m]
    flat = plain(" ".join(line for line in text.split("\n") if not _ITEM_RE.match(line)))
    taken: list[tuple[int, int]] = []
    for rx, min_items in ((_INCLUDING, 1), (_EXPERT, 1), (_TRIGGER, 1), (_DASH_LIST, 3)):
        for m in rx.finditer(flat):
            if any(a <= m.start(1) < b for a, b in taken):
                continue
            parts = split_list(m.group(1))
            if len(parts) < min_items:
                continue
            taken.append((m.start(1), m.end(1)))
            items.extend(parts)
    items.extend(clean_item(b) for b in bullets)
    return [i for i in items if i]


def split_list(text: str) -> list[str]:
    """`a, b, and c` -> [a, b, c]; commas inside parentheses do not split."""
    text = _EXAMPLES_CUE.split(text, maxsplit=1)[0]
    parts = split_tool_string(text.replace(";", ",").replace("\n", " ")) or [""]
    if _shared_object(parts):
        return [c for c in [clean_item(text)] if c]
    last = parts[-1].strip()
    if len(parts) > 1 and not _AND_OR.match(last):
        # "a, b and c" (no serial comma): the last part holds two items
        m = _LAST_PAIR.match(last)
        if m and len(m.group(1).split()) <= 6 and len(last.split()) <= 12:
            parts[-1:] = [m.group(1), m.group(2)]
    return [c for c in (clean_item(p) for p in parts) if c]


def _shared_object(parts: list[str]) -> bool:
    """`reliable, efficient, and type-safe services`: lowercase single words sharing the last
    part's noun are one item, not four (while `Redis, Qdrant, and OAuth2` are three)."""
    if len(parts) < 2:
        return False
    heads = [_LEAD_AND_OR.sub("", p.strip()) for p in parts[:-1]]
    last = _LEAD_AND_OR.sub("", parts[-1].strip()).split()
    return len(last) >= 3 and all(
        len(h.split()) == 1 and h[:1].islower() and h.isalpha() for h in heads if h
    )


# --------------------------------------------------------------------------- body


def section_items(sec: Section) -> list[str]:
    """A responsibility section's items: its subsections, else its list, else its sentences."""
    if sec.children:
        return [c.title for c in sec.children if c.title]
    lead: list[str] = []
    for line in sec.lines:
        if _ITEM_RE.match(line) or line.strip().startswith("|"):
            break
        if line.strip() and not plain(line).endswith(":"):
            lead.append(line.strip())
    sentences = [s for s in _SENTENCE_END.split(" ".join(lead)) if s.strip()]
    items = list_items(sec.lines)
    first = [clean_item(s) for s in sentences[: 1 if items else 3]]
    return [i for i in first if i] + items


def list_items(lines: list[str]) -> list[str]:
    """The top-level items of the lists in `lines`, cleaned."""
    found = [(len(m.group(1).expandtabs(4)), m.group(2)) for m in map(_ITEM_RE.match, lines) if m]
    if not found:
        return []
    top = min(indent for indent, _ in found)
    return [c for c in (clean_item(t) for i, t in found if i == top) if c]


def labelled_lists(ol: Outline) -> list[tuple[str, list[str]]]:
    """`Your primary responsibilities:` (a label line in the text) and the list right after."""
    out: list[tuple[str, list[str]]] = []
    blocks = [ol.preamble] + [s.lines for s in ol.sections if not HEADING_RE.search(s.title)]
    for lines in blocks:
        for i in marked_lines("\n".join(lines), _LABEL_END):  # lines ending with `:`
            line = lines[i]
            m = _LABEL_RE.match(line)
            if not m:
                continue
            following: list[str] = []
            for nxt in lines[i + 1 :]:
                if not nxt.strip():
                    if following:
                        break
                    continue
                if not _ITEM_RE.match(nxt) and not (following and nxt.startswith((" ", "\t"))):
                    break
                following.append(nxt)
            items = list_items(following)
            if items:
                label = _SENTENCE_END.split(plain(m.group("label")))[-1]
                out.append((label, items))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_EXAMPLES_CUE = re.compile(r"\b(?:including|such as|e\.g\.)\b", re.I)
_AND_OR = re.compile(r"(?:and|or)\s", re.I)
_LAST_PAIR = re.compile(r"^(.*?)\s+(?:and|or)\s+(.*)$")
_LEAD_AND_OR = re.compile(r"^\s*(?:and|or)\s+")
_NUMBERED = re.compile(r"^(?:\d|[A-Z][.)]\s)")
_LETTER = re.compile(r"[A-Za-z]")
_EMPTY_ITEMS = {"you need to", "you need", "the user", "needed", "etc", "and more", "more", "the"}
"""What is left of a trigger phrase that named no task ("Use when: you need to: ...")."""
_BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*(?::|\s[-–—]\s|[-–—]\s)")


def clean_item(text: str) -> str:
    """One list entry or phrase -> a short plain label."""
    m = _BOLD_LEAD.match(text)
    if m and len(plain(m.group(2))) >= 3:
        text = m.group(2)
    text = plain(text)
    text = text.strip()
    while _LEAD.match(text):
        text = _LEAD.sub("", text, count=1)
    head, sep, _ = text.partition(": ")
    if sep and 2 <= len(head.split()) <= 8:
        text = head
    text = heading_text(text) if _NUMBERED.match(text) else text
    text = text.strip(" .,;:-–—\"'")
    text = truncate(text, MAX_CHARS, at_word=True, strip=" ,;:")
    if len(text) < 3 or not _LETTER.search(text) or norm_key(text) in _EMPTY_ITEMS:
        return ""
    return text[0].upper() + text[1:] if text[0].islower() else text
