"""Where fenced code blocks open and close: one rule for every reader of a body.

`body.py` prepares each prompt so that every fence opens at column 0 and is closed by the very
same string; the analyses (`analysis/sections.py`) and the page renderer (heading levels in
`render.body_under`) then read the prepared body. All three must agree on where code starts
and ends, or a heading inside code would be shifted or taken for a section: they share
:func:`closes` (CommonMark's rule) and, downstream, :class:`FenceTracker`.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def closes(opener: str, run: str, rest: str) -> bool:
    """Whether a fence line (`run` of backticks or tildes, then `rest`) closes the block that
    `opener` opened: the same character, at least as many, nothing after."""
    return run[0] == opener[0] and len(run) >= len(opener) and not rest.strip()


class FenceTracker:
    """Feed it a body's candidate lines in order; it says which are code (fences included)."""

    __slots__ = ("opener",)

    def __init__(self) -> None:
        self.opener: str | None = None

    @property
    def inside(self) -> bool:
        return self.opener is not None

    def step(self, line: str) -> bool:
        """True when `line` opens, closes or lies inside a fenced code block."""
        m = _FENCE.match(line) if line[:4].lstrip()[:1] in ("`", "~") else None
        if self.opener is not None:
            if m and closes(self.opener, m.group(1), m.group(2)):
                self.opener = None
            return True
        if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            self.opener = m.group(1)
            return True
        return False
