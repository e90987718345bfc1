"""How big an agent's prompt is: characters, words and an estimate of tokens.

A prompt's size is what it costs on every call. Real tokenizers need vocabularies downloaded at
run time (and differ per model), so this is an estimate from the text itself, and every page says
so: the average of two common rules of thumb for English text, about 4 characters per token and
about 0.75 words per token, with each CJK character counted as a token of its own. Good enough to
compare agents with each other; a model's real count differs (code and tables usually run higher).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

from ..model import Agent

CHARS_PER_TOKEN = 4.0
WORDS_PER_TOKEN = 0.75
METHOD = "estimate: mean of characters / 4 and words / 0.75 (CJK characters count one each)"
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")


def estimate_tokens(text: str) -> int:
    """An estimate of the number of tokens in `text` (0 for blank text, else at least 1)."""
    return _estimate(text)[0]


def _estimate(text: str) -> tuple[int, int]:
    """The estimate, and the number of words of `text` (a prompt is split once for both)."""
    if not text or not text.strip():
        return 0, 0
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    rest = _CJK.sub(" ", text) if cjk else text
    chars = len(rest.strip())
    words = len(rest.split())
    est = (chars / CHARS_PER_TOKEN + words / WORDS_PER_TOKEN) / 2 + cjk
    return max(1, math.ceil(est)), len(text.split()) if cjk else words


@dataclass(frozen=True)
class PromptSize:
    tokens: int
    """The estimate for the prompt (the body: the system prompt the agent runs with)."""
    characters: int
    words: int
    lines: int
    description_tokens: int
    """The description is read by the parent agent in every conversation, so it costs too."""
    description_characters: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "tokens": self.tokens,
            "characters": self.characters,
            "words": self.words,
            "lines": self.lines,
            "description_tokens": self.description_tokens,
            "description_characters": self.description_characters,
            "method": METHOD,
        }


def prompt_text(agent: Agent) -> str:
    """The body as the agent's tool reads it (not the copy made safe for pages).

    For a Markdown file that is the file from the body's first line on. A file flattened onto
    one line and formats whose prompt is not the file's tail (TOML) use the prepared body with
    its HTML escapes undone.
    """
    flattened = any(d.rule == "flattened-frontmatter" for d in agent.diagnostics)
    if agent.raw_text and not flattened and agent.path.suffix.lower() != ".toml":
        lines = agent.raw_text.split("\n")
        if 1 <= agent.body_line <= len(lines) + 1:
            return "\n".join(lines[agent.body_line - 1 :]).strip("\n")
    return html.unescape(agent.body).strip("\n")


def measure(agent: Agent, text: str | None = None) -> PromptSize:
    """Sizes of the agent's prompt (`text`, when the caller already has `prompt_text`)."""
    text = prompt_text(agent) if text is None else text
    desc = agent.description or ""
    tokens, words = _estimate(text)
    return PromptSize(
        tokens=tokens,
        characters=len(text),
        words=words,
        lines=text.count("\n") + 1 if text else 0,
        description_tokens=estimate_tokens(desc),
        description_characters=len(desc),
    )
