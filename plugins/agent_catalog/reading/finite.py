"""Numbers JSON cannot hold: `.inf`, `-.inf`, `.nan` and `1.0e+9999` in YAML, `inf` and `nan`
in TOML.

`agents.json` must stay strict JSON (browsers' `JSON.parse` rejects `Infinity` and `NaN`), and
no agent field is meaningfully infinite. The readers therefore keep such a number as the text
it was written as (a `NonFinite`, a `str`), and `findings` reports each one with its key.
"""

from __future__ import annotations

import math
from typing import Any

from ..model import Finding


class NonFinite(str):
    """The source text of a number that is infinite or not a number once parsed."""


def parse_float(text: str) -> float | NonFinite:
    """A float as TOML's `parse_float` hook and the YAML float constructor call it."""
    value = float(text.replace("_", ""))
    return value if math.isfinite(value) else NonFinite(text)


def findings(
    values: dict[str, Any], lines: dict[str, int], first_line: int | None
) -> list[Finding]:
    """One finding per top-level key whose value holds a non-finite number."""
    out: list[Finding] = []
    for key, value in values.items():
        found = _first(value)
        if found is not None:
            out.append(
                Finding(
                    "warning",
                    "value-not-finite",
                    f"`{key}` holds the number `{found[:40]}`, which is infinite or not a "
                    "number; it is kept as the text it was written as",
                    "write a finite number, or quote the value if it is meant as text",
                    lines.get(key, first_line),
                )
            )
    return out


def _first(value: Any) -> str | None:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, NonFinite):
            return str(v)
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None
