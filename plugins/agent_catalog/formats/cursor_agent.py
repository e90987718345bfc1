"""Cursor subagents (`.cursor/agents/*.md`), a format of their own beside Cursor rules.

Told apart from rules (`.cursor/rules/*.mdc`) by their folder. The fields come from a
third-party summary of Cursor's docs (`../shared/FORMATS.md`, late 2026: "verify"): `name`,
`description`, `model` (`inherit`, `fast` or a model id), `readonly` and `is_background`
(booleans). There is no tool list: a subagent works with the tools of the chat that starts it,
and `readonly: true` keeps it to reading.
"""

from __future__ import annotations

from typing import Any

from ..model import Agent
from ._common import as_text, file_stem, present

CHECKS = {
    "cursor-agent-flag": ("warning", "`readonly` or `is_background` is not true or false"),
}
"""Every finding this format can report: id -> (severity, summary)."""

FLAGS = ("readonly", "is_background")
MODELS = {
    "inherit": "uses the model of the chat that starts it",
    "fast": "Cursor's fast model",
}
"""`model` values with a meaning of their own; anything else is a model id."""


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    if not present(meta, "name"):
        agent.name = file_stem(agent.source, (".md",))
        agent.name_from = "filename"
    model = as_text(meta.get("model"))
    if model:
        agent.settings["model_choice"] = model if model in MODELS else "id"
    for key in FLAGS:
        if key not in meta:
            continue
        value = meta[key]
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            agent.diag(
                "warning",
                "cursor-agent-flag",
                f"`{key}: {as_text(meta[key])[:80]}` is not true or false",
                f"write `{key}: true` or `{key}: false`",
                lines.get(key),
            )
            continue
        agent.settings[key] = value
