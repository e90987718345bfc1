"""Cursor rules (`.cursor/rules/*.mdc`).

A rule has no name: the file name is its name. Its frontmatter holds `description`, `globs` (a
string, comma-separated, or a list; Cursor writes `globs: **/*` unquoted, which strict YAML
reads as an alias, so the reader recovers it as text) and `alwaysApply` (boolean). Together they
decide how the rule reaches the model: always, auto-attached to matching files, picked by the
agent from its description, or only when mentioned by hand.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model import Agent
from ._common import as_text, file_stem, name_from_file

CHECKS = {
    "cursor-globs-unquoted": ("info", "`globs: **/*` unquoted, as Cursor writes it"),
    "cursor-always-apply-text": ("warning", "`alwaysApply` written as text"),
    "cursor-always-apply": ("warning", "`alwaysApply` is not true or false"),
    "cursor-manual-only": ("info", "a rule Cursor includes only when mentioned"),
    "cursor-unknown-key": ("info", "a key Cursor rules do not have"),
}
"""Every finding this format can report: id -> (severity, summary)."""

KNOWN = {"description", "globs", "alwaysApply"}
RULE_TYPES = {
    "always": "always applied",
    "auto-attached": "attached when a matching file is in context",
    "agent-requested": "included when the agent judges the description relevant",
    "manual": "included only when mentioned with @",
}


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    name_from_file(agent, file_stem(agent.source, (".mdc", ".md")))
    globs = _globs(meta.get("globs"))
    _forgive_unquoted_globs(agent, lines)
    always = meta.get("alwaysApply")
    if isinstance(always, str) and always.strip().lower() in ("true", "false"):
        agent.diag(
            "warning",
            "cursor-always-apply-text",
            f'`alwaysApply: "{always}"` is text, not a boolean',
            f"write `alwaysApply: {always.strip().lower()}` without quotes",
            lines.get("alwaysApply"),
        )
        always = always.strip().lower() == "true"
    elif always is not None and not isinstance(always, bool):
        agent.diag(
            "warning",
            "cursor-always-apply",
            f"`alwaysApply: {always}` is not true or false",
            "write `alwaysApply: true` or `alwaysApply: false`",
            lines.get("alwaysApply"),
        )
        always = False
    if always:
        rule_type = "always"
    elif globs:
        rule_type = "auto-attached"
    elif agent.description:
        rule_type = "agent-requested"
    else:
        rule_type = "manual"
    agent.settings["rule_type"] = rule_type
    agent.settings["applies"] = RULE_TYPES[rule_type]
    agent.settings["always_apply"] = bool(always)
    if globs:
        agent.settings["globs"] = globs
    if rule_type == "manual":
        agent.diag(
            "info",
            "cursor-manual-only",
            "no description, no globs and `alwaysApply` is not true: Cursor includes this rule "
            "only when it is mentioned with @",
            "add `description:` (so the agent can pick it) or `globs:` (to attach it to files)",
            lines.get("description", 1),
        )
    for key in meta:
        if key not in KNOWN and key != "name":
            agent.diag(
                "info",
                "cursor-unknown-key",
                f"`{key}` is not a Cursor rule property; Cursor ignores it",
                f"remove `{key}`",
                lines.get(key),
            )


def _globs(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [as_text(g).strip("\"'") for g in items if as_text(g).strip("\"'")]


def _forgive_unquoted_globs(agent: Agent, lines: dict[str, int]) -> None:
    """`globs: **/*` is how Cursor itself writes globs: a note, not an error, for a rule.

    The frontmatter step reported the value as a YAML alias before the format was applied; the
    Cursor step puts its own finding in that one's place (a new value: the field parser's
    finding is not changed)."""
    line = lines.get("globs")
    agent.diagnostics = [
        replace(
            d,
            rule="cursor-globs-unquoted",
            severity="info",
            message="`globs` starts with `*`, which strict YAML parsers read as an alias; Cursor "
            "writes it this way and reads it as text, and so does this catalog",
            fix='quote the globs (`globs: "**/*"`) if other tools must parse the file',
        )
        if d.rule == "yaml-alias-value" and d.line == line
        else d
        for d in agent.diagnostics
    ]
