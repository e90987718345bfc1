"""The site's home page: which page it is, for every front end.

MkDocs serves the docs' `index.md` (or, without one, `README.md`) at the site's root. A
repository with agents but no docs of its own would have nothing there: GitHub Pages answers the
site's address with a 404, and the navigation starts wherever the sort order puts it. The rule,
kept here so that the plugin and `build-pages` agree:

- the docs have no home page: the catalog is rendered a second time as the root `index.md`
  (whatever the `prefix`), titled with the site's name. `agents/` stays the catalog as before:
  its URL is public, and agent pages, comparison pages and shared views (`agents/#tool=Read`)
  link there. The copy at the root is kept out of search results and `agents/index.md` out of
  the navigation, so neither appears twice;
- the docs have one: it is the user's page, left as written, but it should lead to the catalog.
  When it has no link to it, the plugin adds one line at its end (in the built page only; the
  file is not touched) and `build-pages` prints the line to add.

The front ends only say which pages the docs already have (`pipeline.build_site(existing=...)`);
the layout places the home page (`layout.lay_out(catalog_home=...)`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from pathlib import Path

from .layout import HOME_URI, catalog_uri

HOME_NAMES = (HOME_URI, "README.md")
"""MkDocs' home page at the docs' root, in the order it prefers them."""
MARK = "agent_catalog_home: true"
"""The front matter line of a home page the catalog wrote (`build-pages` finds its own)."""


def user_home(existing: Collection[str]) -> str | None:
    """The docs' own home page among `existing` (src URIs), or None when they have none."""
    return next((name for name in HOME_NAMES if name in existing), None)


_TARGET = re.compile(
    r"""\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)|href=["']([^"']+)""", re.M
)


def links_catalog(markdown: str, page_uri: str, prefix: str) -> bool:
    """Whether the page has a link (Markdown, reference or HTML) to the catalog page."""
    wanted = posixpath.dirname(catalog_uri(prefix))
    here = posixpath.dirname(page_uri)
    for m in _TARGET.finditer(markdown):
        target = next(g for g in m.groups() if g)
        target = re.split(r"[#?]", target, maxsplit=1)[0]
        if not target or "://" in target or target.startswith(("/", "mailto:")):
            continue
        path = posixpath.normpath(posixpath.join(here, target))
        for tail in ("/index.md", "/index.html", "/README.md"):
            if path.endswith(tail):
                path = path[: -len(tail)]
        if path == wanted:
            return True
    return False


def catalog_line(prefix: str, agents: int) -> str:
    """The line that leads from the docs' home page (at the root) to the catalog."""
    n = f"{agents:,} agent{'' if agents == 1 else 's'}"
    return f"[Browse the agent catalog]({catalog_uri(prefix)}) ({n})."


def with_catalog_link(markdown: str, page_uri: str, prefix: str, agents: int) -> str:
    """The home page's Markdown, with `catalog_line` added at its end when it has no link to
    the catalog (the built page only)."""
    if links_catalog(markdown, page_uri, prefix):
        return markdown
    return markdown.rstrip("\n") + "\n\n" + catalog_line(prefix, agents) + "\n"


def written_by_us(path: Path) -> bool:
    """A home page `build-pages` wrote earlier (its front matter carries `MARK`)."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:400]
    except OSError:
        return False
    return head.startswith("---\n") and f"\n{MARK}\n" in head.split("\n---\n", 1)[0] + "\n"


def pages_on_disk(folder: Path) -> list[str]:
    """The docs folder's own home pages (src URIs): those present that the catalog did not write."""
    return [n for n in HOME_NAMES if (folder / n).is_file() and not written_by_us(folder / n)]
