"""Finding the frontmatter block in a file, however it was mangled.

python-frontmatter only sees a `---` block that starts on the very first line and is closed by
another `---` line. Real files also have leading blank lines, an indented block, a missing
closing line, or everything flattened onto one line (`--- name: x description: y --- # Body`).
This module finds the block in each case and says which case it was; it does not parse YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Keys that may start a frontmatter entry in a flattened (one-line) file. A closed list: in flat
# text a generic `word:` is far more often prose ("API design: ...") than a key.
FLAT_KEYS = (
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "color",
    "permissionMode",
    "maxTurns",
    "skills",
    "mcpServers",
    "memory",
    "background",
    "effort",
    "isolation",
    "initialPrompt",
    "alwaysApply",
    "globs",
    "mode",
    "temperature",
    "category",
    "target",
)


@dataclass
class Split:
    kind: str
    """`normal`, `indented`, `late` (after blank lines), `unclosed`, `flattened` or `none`."""
    yaml_text: str = ""
    yaml_line: int = 2
    """1-based file line of the first frontmatter line."""
    body: str = ""
    body_line: int = 1
    close_line: str = "---"
    """The closing line as written (a row of dashes, `--- text`): not always a bare `---`."""
    close_at: int = 0
    """1-based file line of the closing line (0: none)."""
    flat_entries: list[tuple[str, str]] = field(default_factory=list)
    """For `flattened`: the (key, raw value) pairs recovered from the single line."""


CLOSING_LINE = re.compile(r"^---|^\s*-{3,}\s*$")
"""What ends a frontmatter block: a line starting with `---` (a row of 56 dashes, `--- text`)
or a line of dashes alone, however indented. Claude Code's loader ends the block at its first
`---` (its pattern is `^---\\s*\\n([\\s\\S]*?)---`), gray-matter at the first line starting
with `---`, python-frontmatter at the first line of three or more dashes: on such a line they all
agree. (A `---` inside a line's value also ends it for Claude Code alone: `rules.py` warns.)"""
_KEYLINE = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s|$)")


def split_frontmatter(text: str) -> Split:
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines):
        return Split("none", body=text)
    first = lines[i]
    stripped = first.strip()
    if stripped == "---":
        indent = len(first) - len(first.lstrip())
        close = next((j for j in range(i + 1, len(lines)) if CLOSING_LINE.match(lines[j])), None)
        kind = "indented" if indent else ("late" if i else "normal")
        if close is None:
            return _unclosed(lines, i)
        block = lines[i + 1 : close]
        body = lines[close + 1 :]
        rest = lines[close].strip().lstrip("-").strip()
        if rest:  # `--- text`: Claude Code reads the text after the dashes as the prompt's start
            body.insert(0, rest)
        if indent:
            # the whole file was indented (pasted into a list or a code block): undo it for
            # the body too, or every body line would read as an indented code block
            block = _dedent(block, indent)
            if all(ln[:indent].strip() == "" for ln in body):
                body = _dedent(body, indent)
        return Split(
            kind,
            yaml_text="\n".join(block),
            yaml_line=i + 2,
            body="\n".join(body),
            body_line=close + 1 if rest else close + 2,
            close_line=lines[close].strip(),
            close_at=close + 1,
        )
    if stripped.startswith("---") and _FLAT_START.match(stripped):
        return _flattened(lines, i)
    return Split("none", body=text)


def _dedent(lines: list[str], indent: int) -> list[str]:
    return [ln[indent:] if ln[:indent].strip() == "" else ln for ln in lines]


_FLAT_START = re.compile(r"^---\s+(" + "|".join(FLAT_KEYS) + r")\s*:\s")


def _unclosed(lines: list[str], start: int) -> Split:
    """No closing `---`: the block runs while lines look like YAML (keys, indents, list items)."""
    j = start + 1
    while j < len(lines):
        ln = lines[j]
        if not ln.strip():
            # a blank line ends the block unless YAML continues after it
            nxt = next((k for k in range(j + 1, len(lines)) if lines[k].strip()), None)
            if nxt is None or not (_KEYLINE.match(lines[nxt]) or lines[nxt][:1] in " \t"):
                break
        elif not (_KEYLINE.match(ln) or ln[:1] in " \t-"):
            break
        j += 1
    return Split(
        "unclosed",
        yaml_text="\n".join(lines[start + 1 : j]),
        yaml_line=start + 2,
        body="\n".join(lines[j:]),
        body_line=j + 1,
    )


def _flattened(lines: list[str], i: int) -> Split:
    line = lines[i].strip()[3:]
    # the frontmatter ends at the first ` --- ` that follows the last key we can find
    key_re = re.compile(r"(?:^|\s)(" + "|".join(FLAT_KEYS) + r")\s*:\s")
    close = None
    for m in re.finditer(r"\s---(\s|$)", line):
        head = line[: m.start()]
        if key_re.search(head):
            close = m
            break
    if close is None:
        head, rest = line, ""
    else:
        head, rest = line[: close.start()], line[close.end() :]
    positions = [(m.start(1), m.end(), m.group(1)) for m in key_re.finditer(" " + head)]
    entries: list[tuple[str, str]] = []
    seen: set[str] = set()
    kept: list[tuple[int, int, str]] = []
    for pos in positions:
        # the same key twice would be prose ("... model: the ..."), keep the first
        if pos[2] in seen:
            continue
        seen.add(pos[2])
        kept.append(pos)
    padded = " " + head
    for n, (_, vstart, key) in enumerate(kept):
        vend = kept[n + 1][0] if n + 1 < len(kept) else len(padded)
        entries.append((key, padded[vstart:vend].strip()))
    body_lines = [rest] + lines[i + 1 :]
    return Split(
        "flattened",
        yaml_text=head,
        yaml_line=i + 1,
        body="\n".join(body_lines),
        body_line=i + 1,
        flat_entries=entries,
    )
