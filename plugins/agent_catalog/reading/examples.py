"""`<example>` blocks in descriptions, turned into structured "when to use" examples.

Claude Code descriptions carry examples as pseudo-XML: `<example>Context: ... user: "..."
assistant: "..." <commentary>...</commentary></example>`. Pages show them as examples, not as raw
tags, and nothing inside a block is lost: text that fits no label is kept in `other`.
"""

from __future__ import annotations

import re

from ..model import Example

_BLOCK = re.compile(r"<example>(.*?)(?:</example>|\Z)", re.S | re.I)
_COMMENTARY = re.compile(r"<commentary>(.*?)(?:</commentary>|\Z)", re.S | re.I)
_LABEL = re.compile(r"(?:^|(?<=\s))(context|user|assistant|human|claude|ai)\s*:\s*", re.I)
_SPEAKERS = {
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "claude": "assistant",
    "ai": "assistant",
}
_HEADER = re.compile(r"\s*(?:#+\s*)?(?:\*\*)?examples?(?:\*\*)?\s*:?\s*$", re.I)


def split_examples(description: str) -> tuple[str, list[Example]]:
    """Return the description without its example blocks, and the examples."""
    examples = [_parse(m.group(1)) for m in _BLOCK.finditer(description)]
    if not examples:
        return description.strip(), []
    intro = _BLOCK.sub("", description)
    intro = re.sub(r"</?examples?>", "", intro, flags=re.I)
    lines = [ln.rstrip() for ln in intro.strip().split("\n")]
    # a trailing "Examples:" header line belonged to the blocks we took out
    while lines and (not lines[-1].strip() or _HEADER.match(lines[-1])):
        lines.pop()
    intro = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    intro = re.sub(r"\s*(?:\bExamples?|e\.g\.)\s*:?\s*$", "", intro, flags=re.I).strip()
    return intro, examples


def _parse(block: str) -> Example:
    ex = Example()
    commentary = [c.strip() for c in _COMMENTARY.findall(block)]
    ex.commentary = "\n\n".join(c for c in commentary if c)
    text = _COMMENTARY.sub("\n", block)
    parts = list(_LABEL.finditer(text))
    if not parts:
        ex.other = _clean(text)
        return ex
    lead = _clean(text[: parts[0].start()])
    for n, m in enumerate(parts):
        end = parts[n + 1].start() if n + 1 < len(parts) else len(text)
        value = _clean(text[m.end() : end])
        label = m.group(1).lower()
        if label == "context":
            ex.context = (ex.context + "\n" + value).strip() if ex.context else value
        else:
            ex.dialogue.append((_SPEAKERS[label], _unquote(value)))
    ex.other = lead
    return ex


def _clean(s: str) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", "\n", s).strip()


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return s[1:-1]
    return s
