"""The Pygments lookups pymdownx.highlight repeats for every code block, made once a process.

Prompts are full of fenced code, and superfences (which the catalog's pages need) highlights
each block through pymdownx.highlight, which for every block:

- asks Pygments for a lexer by name. A name Pygments does not know (a fence with no language,
  `mermaid`, `dql`, ...) fails only after searching every installed package's entry points for
  plugin lexers, and is asked again for the next such block;
- builds a new HTML formatter, whose constructor walks the whole style to make a stylesheet
  (token type -> class) that depends only on the style and the class prefix.

Both answers depend on their arguments alone, so `install` keeps them: a lexer is reused (a
Pygments lexer holds only its options; tokenising keeps its state in the call), a failed
lookup fails again at once with the same error, and a formatter copies the stylesheet its
style made before. The highlighted HTML is byte for byte what it was; only the time goes.
Installed by the MkDocs plugin, the one front end that runs Python-Markdown in its process.
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
    """`lookup(name, **options)` answered once per name and options, failures included."""
    answers: dict[tuple, tuple[bool, Any]] = {}

    @functools.wraps(lookup)
    def kept(name: Any, **options: Any) -> Any:
        try:
            key = (name, tuple(sorted(options.items())))
            hash(key)
        except TypeError:  # an option Pygments takes as a list or a dict
            return lookup(name, **options)
        found = answers.get(key)
        if found is None:
            try:
                found = (True, lookup(name, **options))
            except Exception as err:  # ClassNotFound, or a lexer refusing its options
                found = (False, (type(err), err.args))
            answers[key] = found
        ok, value = found
        if ok:
            return value
        kind, args = value
        raise kind(*args)

    kept.answers = answers  # type: ignore[attr-defined]  # for the tests
    return kept


def _kept_stylesheet(create: Any) -> Any:
    made: dict[tuple, tuple[dict, dict]] = {}

    @functools.wraps(create)
    def kept(self: Any) -> None:
        key = (self.style, getattr(self, "classprefix", ""))
        sheet = made.get(key)
        if sheet is None:
            create(self)
            made[key] = (dict(self.ttype2class), dict(self.class2style))
        else:  # copies: a formatter may add to its own
            self.ttype2class, self.class2style = dict(sheet[0]), dict(sheet[1])

    return kept
