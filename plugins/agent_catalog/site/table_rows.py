"""Under `mkdocs serve`, the catalog table sanitised row by row, each row's clean form kept.

The catalog page holds one table row per agent (megabytes at thousands of agents), and an edit
changes one row of it; the sanitiser (`sanitize.py`) passing the whole page again was a third
of a second per copy of the table at 5,000 agents. Here the page is sanitised with its rows
taken out (one placeholder row in their place), and each row on its own inside a table body,
its clean form kept by its text; the rows then take the placeholder's place. The sanitiser
works element by element, and a clean row is a whole `<tr>` element that leaves the parser
in the table body where it found it, so the page comes out as sanitising it whole makes it
(`tests/test_serve_reuse.py` compares the served site with a clean build). A row whose clean
form is not one `<tr>` element with no table structure of its own (a defect in the escaping
before it), or a page whose table is not where the template puts it, is sanitised whole.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

TABLE = " data-ac-catalog>\n<table>\n"
"""Where the catalog table starts (`catalog.md.j2`)."""
_BODY_OPEN, _BODY_CLOSE = "<tbody>\n", "\n</tbody>"
_ROWS = re.compile(r"(?<=</tr>)\n(?=<tr[\s>])")
_WRAP_OPEN, _WRAP_CLOSE = "<table><tbody>", "</tbody></table>"
_STRUCTURE = ("<table", "</table", "<tbody", "</tbody", "<thead", "</thead", "<tfoot")
_MARK = f"acrows{secrets.token_hex(12)}"
_PLACEHOLDER = f"<tr><td>{_MARK}</td></tr>"


class RowSanitizer:
    """Clean rows by page and text, kept from one build to the next: those of the last build
    that sanitised the page (under `--dirty` an unchanged page is not built)."""

    def __init__(self, sanitize: Callable[[str], str]) -> None:
        self.sanitize = sanitize
        self.kept: dict[str, dict[str, str]] = {}
        self.sanitized = 0
        """Rows sanitised by the last call (not taken from the kept ones)."""

    def page(self, uri: str, html: str) -> str:
        """The page sanitised, as `sanitize(html)` makes it; its rows kept for next time."""
        self.sanitized = 0
        used: dict[str, str] = {}
        out = self._by_rows(html, self.kept.get(uri, {}), used)
        if out is None:
            self.kept.pop(uri, None)
            return self.sanitize(html)
        self.kept[uri] = used
        return out

    def forget(self, keep: set[str]) -> None:
        """Pages no longer built are dropped."""
        for uri in set(self.kept) - keep:
            del self.kept[uri]

    def _by_rows(self, html: str, kept: dict[str, str], used: dict[str, str]) -> str | None:
        table = html.find(TABLE)
        start = html.find(_BODY_OPEN, table) if table >= 0 else -1
        if start < 0 or _MARK in html:
            return None
        start += len(_BODY_OPEN)
        end = html.find(_BODY_CLOSE, start)
        if end < 0:
            return None
        clean = []
        for row in _ROWS.split(html[start:end]):
            done = used.get(row) or kept.get(row) or self._row(row)
            if done is None:
                return None
            used[row] = done
            clean.append(done)
        page = self.sanitize(html[:start] + _PLACEHOLDER + html[end:])
        if page.count(_PLACEHOLDER) != 1 or page.count(_MARK) != 1:
            return None
        return page.replace(_PLACEHOLDER, "\n".join(clean))

    def _row(self, row: str) -> str | None:
        self.sanitized += 1
        out = self.sanitize(_WRAP_OPEN + row + _WRAP_CLOSE)
        if not (out.startswith(_WRAP_OPEN) and out.endswith(_WRAP_CLOSE)):
            return None
        inner = out[len(_WRAP_OPEN) : -len(_WRAP_CLOSE)]
        if not (inner.startswith("<tr") and inner.endswith("</tr>")):
            return None
        if any(s in inner for s in _STRUCTURE) or inner.count("<tr") != 1:
            return None
        return inner
