"""Finding the few lines of a text that need a closer look, at the speed of the regex engine.

Line-by-line parsers (a body made safe, a body cut into sections) spend most of their time on
lines that hold nothing for them. `marked_lines` finds the others with one regex search per
found line, running in C, so the parser visits those and copies the runs in between whole.
"""

from __future__ import annotations

import re


def marked_lines(text: str, rx: re.Pattern[str]) -> list[int]:
    """Indices (in `text.split("\\n")`) of the lines `rx` finds, in order, each once.

    `rx` is searched in `"\\n" + text`: a match starting with that newline marks the line after
    it (so `\\n#` finds lines starting with `#`, the first line included); any other match marks
    the line holding it. Regexes whose every branch starts with a literal let the engine skip
    ahead without trying each position (`^` with `re.M` would try them all).
    """
    found: list[int] = []
    text = "\n" + text
    search, find, count = rx.search, text.find, text.count
    pos = line = 0  # `pos` is always at the newline before line `line`
    while m := search(text, pos):
        start = m.start()
        line += count("\n", pos, start + 1) - 1  # the line after a newline, or the one holding it
        found.append(line)
        pos = find("\n", start + 1)
        if pos < 0:
            break
        line += 1
    return found
