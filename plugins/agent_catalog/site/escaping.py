"""Putting untrusted agent text into generated Markdown so it reads as text, never as markup.

Templates produce Markdown that MkDocs then renders, so agent text must be neutral at two levels:
HTML (`<script>` must stay text) and Markdown (`|` must not split a table cell, `[x](javascript:…)`
must not become a link, `*` must not start emphasis in a name). Every filter returns `Markup`, so
the Jinja environment's autoescape (on by default) does not escape the result a second time, and
any value a template forgets to filter is still HTML-escaped.

Some of the catalog's own repeated parts (lists of related agents, responsibilities) are written
as finished HTML blocks rather than Markdown, which Python-Markdown passes through far faster
than it parses Markdown: agent text in them goes through `html_str`/`html_code` (HTML-escaped,
one line), never through the Markdown filters.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup

from ..text import truncate

_MD_SPECIAL = "\\`*_{}[]()#+!|~>=-"
"""Characters that could start Markdown syntax inside text."""
_NOT_ESCAPABLE = {"=": "&#61;", "~": "&#126;"}
"""Python-Markdown has no backslash escape for these (`\\=` shows its backslash): an entity reads
the same and still cannot underline a setext heading or open a `~~~` fence."""


class _Replacer:
    """Replace each of a few characters by a string, as `str.translate` would, but with one
    `str.replace` per character present (each a C scan of the text).

    `translate` with multi-character replacements takes CPython's slow path, a dictionary
    lookup per character of the text: 14-17 µs for a 170-character description, against 4 µs
    here (229 µs against 14 µs at 1,700 characters), and the filters run on every value of every
    page. Replacements are applied in an order that never rewrites what an earlier one wrote:
    a character comes before every character whose replacement contains it (`\\` before `#`,
    whose replacement `\\#` holds a backslash).
    """

    def __init__(self, mapping: dict[str, str]):
        order: list[str] = []
        pending = dict(mapping)
        while pending:
            ready = [c for c in pending if not any(c in r for d, r in pending.items() if d != c)]
            if not ready:
                raise ValueError("replacements that contain each other cannot be chained")
            for c in sorted(ready):
                order.append(c)
                del pending[c]
        # `c` must be replaced before `d` when `d`'s replacement contains `c`: the loop above
        # takes first the characters no pending replacement contains, so reverse it
        self.steps = [(c, mapping[c]) for c in reversed(order)]

    def __call__(self, text: str) -> str:
        for c, r in self.steps:
            if c in text:
                text = text.replace(c, r)
        return text


_MD_MAP = {c: _NOT_ESCAPABLE.get(c, "\\" + c) for c in _MD_SPECIAL}
_md_escape = _Replacer(_MD_MAP)
"""Each special character backslash-escaped (or an entity)."""

_HTML_CHARS = "&<>\"'"
_html = _Replacer({c: html.escape(c, quote=True) for c in _HTML_CHARS})
"""`html.escape(text, quote=True)`."""
_html_md = _Replacer(
    {c: _md_escape(html.escape(c, quote=True)) for c in set(_MD_SPECIAL) | set(_HTML_CHARS)}
)
"""HTML-escaping then Markdown-escaping, composed: both map each character on its own, so one
mapping does both (`&#x27;` for `'` comes out as `&\\#x27;`, exactly as before)."""


def md_text(value: object, breaks: bool = True) -> Markup:
    """Inline text: HTML-escaped and Markdown-escaped; line breaks kept as `<br>`."""
    return Markup(text_str(value, breaks))


def text_str(value: object, breaks: bool = True) -> str:
    """`md_text` as a plain string, for code that assembles a larger piece before marking it
    safe once (`page_parts.py`)."""
    text = "" if value is None else str(value)
    text = _html_md(text)
    if breaks:
        text = text.strip()
        if "\n" in text:
            text = re.sub(r"\n{2,}", "<br><br>", text).replace("\n", "<br>")
    else:
        text = " ".join(text.split())
    return text


def md_paragraphs(value: object) -> Markup:
    """Multi-paragraph prose (descriptions): escaped, paragraphs and simple lists kept."""
    text = "" if value is None else str(value).strip()
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        prose: list[str] = []
        items: list[str] = []
        for ln in (x.strip() for x in para.split("\n")):
            if not ln:
                continue
            bullet = re.match(r"^([-*•]|\d{1,2}[.)])\s+(.*)$", ln)
            if bullet:
                if prose:
                    blocks.append("<br>\n".join(prose))
                    prose = []
                num = bullet.group(1)[:-1] + "." if bullet.group(1)[0].isdigit() else "-"
                items.append(f"{num} {md_text(bullet.group(2), breaks=False)}")
            else:
                if items:
                    blocks.append("\n".join(items))
                    items = []
                prose.append(str(md_text(ln, breaks=False)))
        if prose:
            blocks.append("<br>\n".join(prose))
        if items:
            blocks.append("\n".join(items))
    return Markup("\n\n".join(blocks))


def md_cell(value: object, limit: int | None = None) -> Markup:
    """A table cell: no newline, no `|`, bounded length."""
    text = "" if value is None else " ".join(str(value).split())
    if limit:
        text = truncate(text, limit)
    return Markup(_html_md(text))


def md_code(value: object) -> Markup:
    """An inline code span that holds any text, backticks included (not for table cells)."""
    return Markup(code_str(value))


def code_str(value: object) -> str:
    """`md_code` as a plain string (see `text_str`)."""
    text = " ".join(("" if value is None else str(value)).split())
    if text and "`" not in text:
        return f"`{text}`"
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_str(value: object) -> str:
    """Inline text for a raw HTML block the catalog writes itself (`page_parts.py`): escaped
    for HTML, and on one line, so no blank line can end the block on any host. Python-Markdown
    passes such a block through untouched, so no Markdown escape is needed, or shown."""
    return _html(" ".join(("" if value is None else str(value)).split()))


def html_lines(value: object) -> Markup:
    """`md_text` for a finished HTML block: HTML-escaped, line breaks kept as `<br>`."""
    text = _html(("" if value is None else str(value)).strip())
    if "\n" in text:
        text = re.sub(r"\n{2,}", "<br><br>", text).replace("\n", "<br>")
    return Markup(text)


def html_cell(value: object, limit: int | None = None) -> str:
    """`md_cell` for a finished HTML table: one line, bounded length, HTML-escaped."""
    text = "" if value is None else " ".join(str(value).split())
    if limit:
        text = truncate(text, limit)
    return _html(text)


def html_cell_text(value: object, limit: int | None = None) -> Markup:
    """`html_cell` as the templates' `html_cell` filter."""
    return Markup(html_cell(value, limit))


def html_code(value: object) -> str:
    """`html_str` as inline code."""
    return f"<code>{html_str(value)}</code>"


def attr(value: object) -> Markup:
    """A value for an HTML attribute the template writes itself."""
    return Markup(_html("" if value is None else str(value)))


def md_message(value: object) -> Markup:
    """Our own diagnostic sentences: `code spans` kept as code, everything else escaped text.

    Messages quote agent text (names, values) inside backticks, so each part is escaped by the
    filter for its kind; nothing in a message is ever passed through raw.
    """
    return _message(value, code_str, lambda part: text_str(part, breaks=False))


def _message(value: object, code: Any, text: Any) -> Markup:
    """A message's code spans through `code`, the words between through `text` (which trims:
    the spaces that separate the words from the code spans are kept here)."""
    parts = re.split(r"(`[^`]+`)", " ".join(("" if value is None else str(value)).split()))
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(code(part[1:-1]))
        else:
            lead = " " if part[:1] == " " else ""
            trail = " " if part[-1:] == " " and part.strip() else ""
            out.append(lead + text(part) + trail)
    return Markup("".join(out))


def html_text(value: object) -> Markup:
    """`html_str` as the templates' `html` filter (marked safe: autoescape leaves it)."""
    return Markup(html_str(value))


def html_code_text(value: object) -> Markup:
    """`html_code` as the templates' `html_code` filter."""
    return Markup(html_code(value))


def html_message(value: object) -> Markup:
    """`md_message` for a finished HTML block (`html_blocks.py`): the same parts, the code
    spans as `html_code`, the rest as `html_str`."""
    return _message(value, html_code, html_str)


# --------------------------------------------------------------------------- plain-text sinks

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 and C1 control characters (ESC, CSI, OSC...), DEL and the Unicode line separators."""


def terminal_text(text: object) -> str:
    """Text for a terminal, a CI log or a one-line record: every control character shown as
    its escape (`\\x1b`, `\\n`), so agent text can neither drive the terminal (clear the
    screen, move the cursor to forge a line, plant an OSC 8 link) nor split one line in two.
    Every front end that prints agent text (the plugin's log, `check`, `export`,
    `build-pages`) passes it through here."""
    text = "" if text is None else str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)


_TITLE_MAP = {"<": "\u2039", ">": "\u203a", '"': "\u201d", "'": "\u2019", "`": "\u2018"}
"""Look-alikes for the characters that mean something to HTML: `‹ › ” ’ ‘`."""
_TITLE_AMP = re.compile(r"&(?=\S)")
_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def page_title(text: object) -> str:
    """A page title as the catalog hands it to the host (MkDocs and its theme).

    Themes write titles without escaping, or after `striptags`, which turns `&lt;` back into
    `<`: Material writes `page.title` raw into the header, the navigation and the footer,
    `page.title | striptags` into `<title>`, `page.meta.title` raw into `<title>`, and the
    search index treats titles as HTML. So the title is plain text that reads the same under
    all of these: no `<`, `>`, quotes or backtick (each replaced by a look-alike), no `&` that
    could start an entity (`＆`), no control character (shown as its escape), one line.
    """
    text = terminal_text(" ".join(("" if text is None else str(text)).split()))
    for c, r in _TITLE_MAP.items():
        if c in text:
            text = text.replace(c, r)
    if "&" in text:
        text = _TITLE_AMP.sub("\uff06", text)
    return text


def heading_text(markdown_line: str) -> str:
    """The plain text of a heading the templates wrote with `text_str` (Markdown escapes and
    HTML entities undone), for `page_title`."""
    return html.unescape(_MD_UNESCAPE.sub(r"\1", markdown_line))


_H1 = re.compile(r"^# (.+)$", re.M)
_TITLE_KEY = re.compile(r"^title:", re.M)


def title_front_matter(markdown: str) -> str:
    """The `title:` line for a generated page's front matter, from its first H1 (empty when the
    template sets a title itself or writes no H1). A JSON string is a YAML string: quoting is
    exact whatever the title holds."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---", 3)
        if end > 0 and _TITLE_KEY.search(markdown, 4, end):
            return ""
    m = _H1.search(markdown)
    if not m:
        return ""
    return "title: " + json.dumps(page_title(heading_text(m.group(1).strip()))) + "\n"
