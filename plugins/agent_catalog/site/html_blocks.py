"""Finished HTML blocks that the templates write, kept away from Python-Markdown by the plugin.

The catalog's own chrome (its tables, panels, lists, install block) is written by the templates
as finished, escaped HTML (`escaping.html_str`/`html_code`). Handed to Python-Markdown, raw HTML
is parsed twice more for nothing (by `md_in_html`'s HTML parser, then by MkDocs' scan of the
stashed HTML for anchors) and then passed through as it was. So a template wraps each such
block with `{% filter html_block %}...{% endfilter %}`; the page's Markdown carries it between
two markers, and each front end decides here what becomes of it:

- the MkDocs plugin (`extract`, `restore`): Python-Markdown gets the page with each block
  replaced by a one-word placeholder paragraph, and the block is put back in the converted HTML
  in `on_page_content`, before the sanitiser, which still sees the whole page (a block that
  does not come back is reported, never published as a placeholder);
- hosts without the plugin (`build-pages`, the benchmark's pre-built pages) (`inline`): the
  markers are removed and the block stays in the Markdown as the raw HTML block it already is.

Agent text reaches the same Markdown (prompts, and raw HTML from bodies under `allow_html`), so
it must be unable to write a marker or a placeholder: both hold `NONCE`, a secret drawn anew
by every process and never written into any output (`restore` removes any placeholder left).
Markers are written only by the render stage: `render.py` checks that a rendered page holds
exactly the markers its templates wrote (`check_emitted`), so even a leaked nonce in agent
text is refused there. Blocks are top-level only: a marker must stand on a line of its own at
column 0, and a block never holds a blank line (it would end a raw HTML block on hosts that
read the Markdown) nor a heading (headings stay in the Markdown, for the table of contents
and their ids).
"""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

from markupsafe import Markup

NONCE = secrets.token_hex(16)
"""Drawn per process: the render stage and the plugin share it, agent text cannot know it."""
OPEN = f"<!--ac-html-{NONCE}-->"
CLOSE = f"<!--/ac-html-{NONCE}-->"
_PLACEHOLDER = "achtml{nonce}x{n}"
_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.M | re.S)
_RESTORE = re.compile(rf"<p>achtml{NONCE}x(\d+)</p>")
_STRAY = re.compile(rf"achtml{NONCE}x\d+")
_BLANK = re.compile(r"\n[ \t]*(?=\n)")

_emitted: ContextVar[list[int] | None] = ContextVar("ac_html_blocks", default=None)


class BlockError(ValueError):
    """A page whose markers do not match what its templates wrote (a defect of ours, or agent
    text that carries the nonce): the page is refused."""


def html_block(html: object) -> Markup:
    """The Jinja filter: `html` (finished HTML, escaped by the template) as one block, between
    the markers, on lines of its own. Blank lines inside are dropped (they would end the
    block on a host that reads the Markdown; HTML does not need them)."""
    text = _BLANK.sub("", str(html).strip("\n"))
    counter = _emitted.get()
    if counter is not None:
        counter[0] += 1
    return Markup(f"{OPEN}\n{text}\n{CLOSE}")


class counting:
    """Counts the blocks the templates write while it is active (`with counting() as n:`)."""

    def __enter__(self) -> list[int]:
        self.count = [0]
        self.token = _emitted.set(self.count)
        return self.count

    def __exit__(self, *exc: object) -> None:
        _emitted.reset(self.token)


def _blocks(markdown: str) -> list[tuple[int, int, int, int]]:
    """Where `_BLOCK` matches, as `_BLOCK.finditer` finds them (start, the block's text from
    and to, end), found with `str.find`: a regular expression's lazy `.*?` steps through a
    catalog table of megabytes one character at a time, on every build."""
    out: list[tuple[int, int, int, int]] = []
    closing = "\n" + CLOSE
    pos, size = 0, len(markdown)
    while (start := markdown.find(OPEN, pos)) >= 0:
        body = start + len(OPEN) + 1  # after the marker and its newline
        if (start and markdown[start - 1] != "\n") or not markdown.startswith("\n", body - 1):
            pos = start + 1
            continue
        found = markdown.find(closing, body)
        while found >= 0:
            end = found + len(closing)
            if end == size or markdown[end] == "\n":
                break
            found = markdown.find(closing, found + 1)
        if found < 0:
            pos = start + 1
            continue
        out.append((start, body, found, end))
        pos = end
    return out


def _replace(markdown: str, blocks: list[tuple[int, int, int, int]], put) -> str:
    parts, pos = [], 0
    for start, body, stop, end in blocks:
        parts += [markdown[pos:start], put(markdown[body:stop])]
        pos = end
    parts.append(markdown[pos:])
    return "".join(parts)


def check_emitted(markdown: str, emitted: int, page: str) -> str:
    """`markdown`, a page just rendered whose templates wrote `emitted` blocks: refused if it
    holds the nonce anywhere else (agent text that carries a marker or a placeholder)."""
    if markdown.count(NONCE) != 2 * emitted or len(_blocks(markdown)) != emitted:
        raise BlockError(
            f"{page}: the page holds HTML block markers its templates did not write (or a block"
            " that is not at the top level: `html_block` output must start at column 0)"
        )
    return markdown


def extract(markdown: str) -> tuple[str, list[str]]:
    """The page for Python-Markdown, each block replaced by a placeholder paragraph, and the
    blocks in order (for `restore`)."""
    if NONCE not in markdown:
        return markdown, []
    blocks: list[str] = []

    def stash(text: str) -> str:
        blocks.append(text)
        return "\n" + _PLACEHOLDER.format(nonce=NONCE, n=len(blocks) - 1) + "\n"

    out = _replace(markdown, _blocks(markdown), stash)
    if out.count(NONCE) != len(blocks):  # a marker not at column 0, or one without its pair
        raise BlockError("an HTML block marker is not on a line of its own at the top level")
    return out, blocks


def restore(html: str, blocks: list[str]) -> tuple[str, str | None]:
    """The converted page with each placeholder paragraph replaced by its block, and what went
    wrong, if anything. Only raw HTML in the page's own Markdown before a placeholder (an
    unclosed element or comment: agent text, were it not escaped) can swallow one: then the
    swallowed blocks are missing, every placeholder left is removed (the nonce never reaches
    a page), and the problem is returned for the front end to report."""
    placed: set[int] = set()

    def put(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n >= len(blocks) or n in placed:
            return ""
        placed.add(n)
        return blocks[n]

    out = _RESTORE.sub(put, html) if blocks else html
    if len(placed) == len(blocks) and NONCE not in out:
        return out, None
    out = _STRAY.sub("", out).replace(NONCE, "")
    missing = len(blocks) - len(placed)
    return out, (
        f"{missing} of the page's {len(blocks)} HTML blocks did not come back from Markdown"
        " (raw HTML before them, such as an unclosed element or comment, swallowed them)"
    )


def inline(markdown: str) -> str:
    """The page for a host that reads the Markdown itself: the markers removed, each block
    left as the raw HTML block it is."""
    if NONCE not in markdown:
        return markdown
    return _replace(markdown, _blocks(markdown), lambda text: "\n" + text + "\n")
