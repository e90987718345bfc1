"""Plain-text helpers every stage shares, written once: a value as text, and truncation.

Frontmatter values arrive as whatever YAML or TOML made of them (strings, numbers, booleans,
lists, mappings); the reader, the analyses and the pages all show them the same way.
"""

from __future__ import annotations

from typing import Any

ELLIPSIS = "…"


def value_text(value: Any, none: str = "") -> str:
    """A frontmatter value as one line of text: booleans as YAML writes them (`true`), lists
    joined with `, `, mappings as `key: value; ...`, nothing (`None`) as `none`."""
    if isinstance(value, str):
        return value
    if value is None:
        return none
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v, none) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(v, none)}" for k, v in value.items())
    return str(value)


def truncate(text: str, limit: int, *, at_word: bool = False, strip: str | None = None) -> str:
    """`text` in at most `limit` characters, ending in `…` when it was cut.

    `at_word` cuts at the last space when one falls in the second half; `strip` names the
    characters taken off the end before the ellipsis (None: whitespace, "": none).
    """
    if len(text) <= limit:
        return text
    end = limit - 1
    if at_word:
        cut = text.rfind(" ", 0, end)
        if cut > limit // 2:
            end = cut
    return text[:end].rstrip(strip) + ELLIPSIS
