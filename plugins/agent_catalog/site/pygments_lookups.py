"""The Pygments lookups pymdownx.highlight repeats for every code block, made once a process.

Prompts are full of fenced code, and superfences (which the catalog's pages need) highlights
each block through pymdownx.highlight, which for every block:

- asks Pygments for a lexer by name. A name Pygments does not know (a fence with no language,
  `mermaid`, `dql`, ...) fails only after searching every installed package's entry points for
  plugin lexers, and is asked again for the next such block;
- builds a new HTML formatter, whose constructor walks the whole style to make a stylesheet
  (token type -> class) that depends only on the style and the class prefix.

Both answers depend on their arguments alone, so `install` keeps them: the lexer class found
for a name (a new lexer is still made for every block, as Pygments does: some lexers, such
as Modula-2's and MIME's, keep what they read on the instance), a name Pygments does not
know (asked again, it fails again at once with the same `ClassNotFound`), and the stylesheet
a formatter's style made (each formatter gets copies). The highlighted HTML is byte for byte
what it was; only the time goes. Installed by the MkDocs plugin, the one front end that runs
Python-Markdown in its process.
"""

from __future__ import annotations

import functools
from typing import Any

_INSTALLED = "_agent_catalog_lookups"


def install() -> bool:
    """Keep the lookups of this process's pymdownx.highlight; False where that module (or the
    names it uses) is missing, leaving it as it was."""
    try:
        import pymdownx.highlight as highlight
    except ImportError:  # pragma: no cover - superfences requires it
        return False
    if getattr(highlight, _INSTALLED, False):
        return True
    lookup = getattr(highlight, "get_lexer_by_name", None)
    formatters = [
        getattr(highlight, n, None) for n in ("BlockHtmlFormatter", "InlineHtmlFormatter")
    ]
    if lookup is None or not all(hasattr(f, "_create_stylesheet") for f in formatters):
        return False
    highlight.get_lexer_by_name = kept_lookup(lookup)
    for formatter in formatters:
        formatter._create_stylesheet = _kept_stylesheet(formatter._create_stylesheet)
    setattr(highlight, _INSTALLED, True)
    return True


def kept_lookup(lookup: Any) -> Any:
    """`lookup(name, **options)` (Pygments' `get_lexer_by_name`) with the class it finds for a
    name kept, and a name it does not know refused at once: a new lexer for every call."""
    from pygments.util import ClassNotFound

    found: dict[Any, Any] = {}
    """name -> the lexer's class, or the `ClassNotFound` message for an unknown name."""

    @functools.wraps(lookup)
    def kept(name: Any, **options: Any) -> Any:
        try:
            known = found.get(name)
        except TypeError:  # not a name Pygments could know; let it say so
            return lookup(name, **options)
        if isinstance(known, str):
            raise ClassNotFound(known)
        if known is not None:
            return known(**options)
        try:
            lexer = lookup(name, **options)
        except ClassNotFound as err:
            found[name] = str(err)
            raise
        found[name] = type(lexer)
        return lexer

    kept.found = found  # type: ignore[attr-defined]  # for the tests
    return kept


def _kept_stylesheet(create: Any) -> Any:
    made: dict[tuple, tuple[dict, dict]] = {}

    @functools.wraps(create)
    def kept(self: Any) -> None:
        key = (type(self), self.style, getattr(self, "classprefix", ""))
        sheet = made.get(key)
        if sheet is None:
            create(self)
            made[key] = (dict(self.ttype2class), dict(self.class2style))
        else:  # copies: a formatter may add to its own
            self.ttype2class, self.class2style = dict(sheet[0]), dict(sheet[1])

    return kept
