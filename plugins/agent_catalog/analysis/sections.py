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

from ..reading.fences import FenceTracker
from ..reading.lines import marked_lines

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MARKED = re.compile(r"\n(?:#|[^\S\n]{0,3}(?:`{3}|~{3}))")
"""Lines that may be a heading (`_HEADING`) or a fence (see `fences.py`); the rest are text."""


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
    """Cut a Markdown body into sections; headings inside code blocks do not count.

    Only heading and fence lines are visited one by one (see `_MARKED`); the lines between
    them are added to the current section in one step.
    """
    preamble: list[str] = []
    sections: list[Section] = []
    stack: list[Section] = []
    fences = FenceTracker()
    lines = body.split("\n")
    target = preamble
    """Where lines go: the last section's lines, or the preamble before any heading."""
    start = 0
    for i in [*marked_lines(body, _MARKED), len(lines)]:
        if start < i:
            target += [""] * (i - start) if fences.inside else lines[start:i]
        if i == len(lines):
            break
        start = i + 1
        line = lines[i]
        if fences.step(line):
            target.append("")
            continue
        head = line[:1]
        h = _HEADING.match(line) if head[:1] == "#" else None
        if h and h.group(2):
            sec = Section(len(h.group(1)), heading_text(h.group(2)), i)
            while stack and stack[-1].level >= sec.level:
                stack.pop()
            if stack:
                stack[-1].children.append(sec)
            stack.append(sec)
            sections.append(sec)
            target = sec.lines
            continue
        target.append(line)
    return Outline(sections, preamble)


_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain(text: str) -> str:
    """Markdown inline text -> plain text (emphasis, code ticks, links and escapes removed)."""
    text = html.unescape(text)
    if "\\" in text:  # Markdown's backslash escapes (`\\{`, which `body.py` writes for `{`)
        text = _BACKSLASH.sub(r"\1", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:  # what `_EMPH` needs
        for _ in range(2):
            text = _EMPH.sub(r"\2", text)
    text = text.replace("**", "").replace("`", "")
    return " ".join(text.split())


_STEP = re.compile(r"^(?:step|phase|part)\s+\d+\s*[:.)\-–—]?\s*", re.I)
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[A-Z])[.)]\s+")
_LEAD_SYMBOLS = re.compile(r"^[^\w(\"'`]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"^(?:your|the|our|my)\s+")


def heading_text(raw: str) -> str:
    """A heading's plain text without numbering ("1. ", "Step 2 -", "A.") or emoji."""
    text = plain(raw)
    text = _STEP.sub("", text)
    text = _NUMBERING.sub("", text)
    text = _LEAD_SYMBOLS.sub("", text)
    return text.strip(" :-–—")


def norm_key(text: str) -> str:
    """A comparison key: lowercase letters and digits only."""
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def section_key(title: str) -> str:
    """A key under which "Your Core Responsibilities" and "Core Responsibilities" meet."""
    return _POSSESSIVE.sub("", norm_key(title))


_WORD = re.compile(r"[a-z0-9]+(?:[+#]+|(?:[.'][a-z0-9]+)+)?")


def words(text: str) -> list[str]:
    """Lowercase word tokens; keeps `c++`, `c#`, `next.js`, `don't` whole."""
    return _WORD.findall(text.lower())
