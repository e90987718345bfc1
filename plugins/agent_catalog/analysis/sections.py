"""A body's outline: its headings, the text under each, and plain-text helpers.

Several analyses read a prompt by its structure (responsibilities come from sections named for
them, variants compare which sections each has), so the body is cut into sections once, here.
Works on the prepared body (`Agent.body`): fences closed, flattened files restored, HTML escaped
(`plain()` undoes the escapes; pages escape again when they show the text).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass
class Section:
    level: int
    title: str
    """Plain text (Markdown and numbering removed)."""
    index: int
    """Line index of the heading in the body (0-based)."""
    lines: list[str] = field(default_factory=list)
    """The section's own lines up to the next heading of any level; fenced code blanked."""
    children: list[Section] = field(default_factory=list)

    def key(self) -> str:
        return norm_key(self.title)


@dataclass
class Outline:
    sections: list[Section]
    """Every heading in order."""
    preamble: list[str]
    """Lines before the first heading."""

    @property
    def top_level(self) -> list[Section]:
        """The highest-level sections; a lone title heading wrapping everything is looked
        through (a body that opens with `# Backend Architect` and puts its parts below it)."""
        if not self.sections:
            return []
        top = min(s.level for s in self.sections)
        tops = [s for s in self.sections if s.level == top]
        if len(tops) == 1 and tops[0].children:
            return tops[0].children
        return tops


def outline(body: str) -> Outline:
    """Cut a Markdown body into sections; headings inside code blocks do not count."""
    preamble: list[str] = []
    sections: list[Section] = []
    stack: list[Section] = []
    fence: str | None = None
    for i, line in enumerate(body.split("\n")):
        head = line[:4].lstrip()
        m = _FENCE.match(line) if head[:1] in ("`", "~") else None
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            _append(sections, preamble, "")
            continue
        if m:
            fence = m.group(1)
            _append(sections, preamble, "")
            continue
        h = _HEADING.match(line) if head[:1] == "#" else None
        if h and h.group(2):
            sec = Section(len(h.group(1)), heading_text(h.group(2)), i)
            while stack and stack[-1].level >= sec.level:
                stack.pop()
            if stack:
                stack[-1].children.append(sec)
            stack.append(sec)
            sections.append(sec)
            continue
        _append(sections, preamble, line)
    return Outline(sections, preamble)


def _append(sections: list[Section], preamble: list[str], line: str) -> None:
    (sections[-1].lines if sections else preamble).append(line)


def section_text(sec: Section) -> str:
    """The section's lines and all its subsections' lines."""
    parts = list(sec.lines)
    for c in sec.children:
        parts.append(c.title)
        parts.append(section_text(c))
    return "\n".join(parts)


_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Markdown inline text -> plain text (emphasis, code ticks, links and escapes removed)."""
    text = html.unescape(text)
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPH.sub(r"\2", text)
    text = text.replace("**", "").replace("`", "")
    return " ".join(text.split())


def heading_text(raw: str) -> str:
    """A heading's plain text without numbering ("1. ", "Step 2 -", "A.") or emoji."""
    text = plain(raw)
    text = re.sub(r"^(?:step|phase|part)\s+\d+\s*[:.)\-–—]?\s*", "", text, flags=re.I)
    text = re.sub(r"^(?:\d+(?:\.\d+)*|[A-Z])[.)]\s+", "", text)
    text = re.sub(r"^[^\w(\"'`]+", "", text)
    return text.strip(" :-–—")


def norm_key(text: str) -> str:
    """A comparison key: lowercase letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def section_key(title: str) -> str:
    """A key under which "Your Core Responsibilities" and "Core Responsibilities" meet."""
    return re.sub(r"^(?:your|the|our|my)\s+", "", norm_key(title))


_WORD = re.compile(r"[a-z0-9]+(?:[+#]+|(?:[.'][a-z0-9]+)+)?")


def words(text: str) -> list[str]:
    """Lowercase word tokens; keeps `c++`, `c#`, `next.js`, `don't` whole."""
    return _WORD.findall(text.lower())
