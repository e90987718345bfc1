"""Which models the agents ask for, grouped by family with counts.

`model` is free text in real files: aliases (`opus`), full ids (`claude-opus-4-1-20250805`),
provider paths (`anthropic/claude-sonnet-4`), display names (`Claude Sonnet 4.5 (copilot)`),
lists of fallbacks (`GPT-4.1 | 'gpt-5'`). Readers want to know "how many agents run on Opus?",
so aliases and ids of one family are counted together, each spelling still shown. `inherit` and
"not set" get their own groups, with what each means for the agent's format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Agent

INHERIT = "inherit"
NOT_SET = "not-set"

EXPLAIN = {
    INHERIT: "`inherit`: the agent runs on the model of the conversation that calls it.",
    NOT_SET: "Not set: the tool's default applies. Claude Code subagents inherit the caller's "
    "model (since 2026-01; earlier versions used the configured subagent model, Sonnet by "
    "default); OpenCode subagents and Gemini CLI subagents use the caller's model; GitHub Copilot "
    "uses the model picked in the chat.",
}

_FAMILIES = [
    ("claude-opus", "Claude Opus", r"\bopus\b"),
    ("claude-sonnet", "Claude Sonnet", r"\bsonnet\b"),
    ("claude-haiku", "Claude Haiku", r"\bhaiku\b"),
    ("gpt", "OpenAI GPT", r"\bgpt[\s-]?\d|\bgpt\b|\bchatgpt\b"),
    ("openai-o", "OpenAI o-series", r"(?:^|[/\s])o\d(?:-mini|-pro)?\b"),
    ("codex", "OpenAI Codex", r"\bcodex\b"),
    ("gemini", "Google Gemini", r"\bgemini\b"),
    ("grok", "xAI Grok", r"\bgrok\b"),
    ("llama", "Meta Llama", r"\bllama"),
    ("mistral", "Mistral", r"\bmistral|\bcodestral|\bdevstral"),
    ("deepseek", "DeepSeek", r"\bdeepseek"),
    ("qwen", "Qwen", r"\bqwen"),
    ("kimi", "Kimi", r"\bkimi\b"),
    ("glm", "GLM", r"\bglm\b"),
]
_COMPILED = [(k, label, re.compile(rx, re.I)) for k, label, rx in _FAMILIES]
_ALIASES = {"opus", "sonnet", "haiku", "opusplan", "best", "default"}


def candidates(value: str) -> list[str]:
    """`GPT-4.1 | 'gpt-5'` and `a, b` -> each model named, quotes removed."""
    parts = re.split(r"\s*[|,]\s*", value)
    return [p.strip().strip("\"'").strip() for p in parts if p.strip().strip("\"'").strip()]


def family_of(model: str | None) -> tuple[str, str]:
    """(family key, label) for one model value."""
    if model is None or not str(model).strip():
        return NOT_SET, "Not set"
    value = str(model).strip()
    if value.lower() == INHERIT:
        return INHERIT, "Inherit"
    first = (candidates(value) or [value])[0]
    for key, label, rx in _COMPILED:
        if rx.search(first):
            return key, label
    base = first.split("/")[-1]
    key = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "other"
    return f"other:{key}", base


def kind_of(value: str) -> str:
    """How a model is written: `alias`, `id`, `provider/id`, `display name` or `list`."""
    if len(candidates(value)) > 1:
        return "list"
    if value.lower() in _ALIASES:
        return "alias"
    if "/" in value:
        return "provider/id"
    if " " in value or any(c.isupper() for c in value):
        return "display name"
    return "id"


@dataclass
class ModelFamily:
    key: str
    label: str
    count: int = 0
    spellings: dict[str, list[str]] = field(default_factory=dict)
    """value as written -> slugs of the agents using it."""
    explanation: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "family": self.key,
            "label": self.label,
            "count": self.count,
            "explanation": self.explanation,
            "values": [
                {"value": v, "kind": kind_of(v) if self.key != NOT_SET else "", "agents": s}
                for v, s in sorted(self.spellings.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ],
        }


def group_models(agents: list[Agent]) -> list[ModelFamily]:
    """Families by count (most used first); each agent counted once, under its first model."""
    fams: dict[str, ModelFamily] = {}
    for a in agents:
        key, label = family_of(a.model)
        fam = fams.get(key)
        if fam is None:
            fam = fams[key] = ModelFamily(key, label, explanation=EXPLAIN.get(key, ""))
        fam.count += 1
        value = a.model.strip() if a.model and a.model.strip() else "(not set)"
        fam.spellings.setdefault(value, []).append(a.slug)
        a.analysis["model_family"] = key
    return sorted(fams.values(), key=lambda f: (-f.count, f.label.lower()))
