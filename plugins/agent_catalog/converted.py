"""Under `mkdocs serve`, a generated page whose Markdown is what was converted last time is not
converted again: only its finished HTML blocks changed (`site/html_blocks.py`).

An edit elsewhere in the catalog changes many agent pages only in their blocks: the related
agents, the counts, the tables. Python-Markdown sees those pages with a placeholder per block,
so their text for it is unchanged, and converting it again (the agent's whole prompt) is most
of what rebuilding them costs. The plugin then hands Python-Markdown nothing to convert, and
puts back the HTML, table of contents and anchors of the last conversion, whose
placeholders then receive the new blocks.

What is kept is what MkDocs' `Page.render` sets: the HTML, `toc` and `present_anchor_ids`
(anchor checks of other pages read them). A page's title is not among them: every generated
page carries it in its front matter (`render.no_macros`). `links_to_anchors` (this page's
links into other pages, checked after the build) is left empty for a reused page: its links
were checked when it was converted, and they are the same links. Another plugin that changes
a page's Markdown after this one would see nothing of a reused page: pages are reused only
when the Markdown this plugin hands on is the one converted last time, so such a plugin must
be deterministic (a page's output depends on its input), as MkDocs' `--dirty` assumes too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.toc import get_toc


@dataclass
class _Converted:
    digest: bytes
    html: str
    toc: Any
    anchors: set[str] | None


class ConvertedPages:
    """src_uri -> the last conversion of a generated page, kept while the process lives."""

    def __init__(self) -> None:
        self.kept: dict[str, _Converted] = {}
        self.reusing: dict[str, _Converted] = {}
        self.pending: dict[str, bytes] = {}
        self.reused = 0
        """Pages reused by the last build (`-v` logs it)."""

    def start(self) -> None:
        self.reusing.clear()
        self.pending.clear()
        self.reused = 0

    def markdown(self, src_uri: str, markdown: str, page: Any) -> str:
        """What Python-Markdown gets for the page: nothing when the last conversion of this
        very Markdown can be reused (and MkDocs is told not to convert it: `_skip_render`),
        else the page."""
        digest = hashlib.blake2b(markdown.encode("utf-8"), digest_size=20).digest()
        kept = self.kept.get(src_uri)
        if kept is not None and kept.digest == digest:
            self.reusing[src_uri] = kept
            _skip_render(page)
            return ""
        self.pending[src_uri] = digest
        return markdown

    def content(self, src_uri: str, html: str, page: Any) -> str:
        """The page's converted HTML (placeholders still in it): the kept one, its table of
        contents and anchors set on the page; or the one just made, kept for next time."""
        kept = self.reusing.pop(src_uri, None)
        if kept is not None:
            page.toc = kept.toc
            page.present_anchor_ids = set(kept.anchors or ())
            page.links_to_anchors = {}
            self.reused += 1
            return kept.html
        digest = self.pending.pop(src_uri, None)
        if digest is not None:
            anchors = getattr(page, "present_anchor_ids", None)
            self.kept[src_uri] = _Converted(digest, html, page.toc, set(anchors or ()))
        return html

    def clear(self) -> None:
        """Nothing kept is reused (the configuration, hence the conversion, may have changed)."""
        self.kept.clear()

    def forget(self, keep: set[str]) -> None:
        """Pages no longer generated are dropped."""
        for src_uri in set(self.kept) - keep:
            del self.kept[src_uri]


def _skip_render(page: Any) -> None:
    """The page's last conversion is reused: its `render` sets what MkDocs' `Page.render`
    sets for empty Markdown, without making the Python-Markdown instance with every
    configured extension that `Page.render` makes for each page, which is most of what
    converting nothing costs. Set on this build's `Page` only (MkDocs makes new ones on
    every build); `ConvertedPages.content` then puts the kept conversion in place."""

    def render(config: Any, files: Any) -> None:
        page.content = ""
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        page.links_to_anchors = {}

    page.render = render
