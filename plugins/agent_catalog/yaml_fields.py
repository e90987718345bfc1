"""Frontmatter YAML to a dict of fields: strictly first, then key by key.

A strict parse (PyYAML's safe loader, with bounds on aliases, depth and size) is tried first.
When it fails, the block is cut into top-level entries and each is parsed alone, so one bad value
(an unquoted `: ` in a description, `tools: *`, Cursor's `globs: **/*`) never loses the agent or
its other fields. Each repair is reported with the fix the author should make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_YAML_CHARS = 200_000
MAX_ALIASES = 100
MAX_DEPTH = 40

# Labels that real descriptions put at column 0 inside multi-line values (`<example>` dialogues):
# never the start of a new key.
_DIALOGUE = {
    "user",
    "assistant",
    "context",
    "commentary",
    "example",
    "examples",
    "human",
    "ai",
    "claude",
    "note",
    "input",
    "output",
    "response",
    "result",
    "question",
    "answer",
}
_KEY = re.compile(r"^([A-Za-z_][\w.-]*)\s*:(?=\s|$)(.*)$")


class _BoundedLoader(yaml.SafeLoader):
    """Safe loader that refuses alias bombs and absurd nesting instead of exhausting memory."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nesting deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class Fields:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Key -> 1-based line in the file."""
    findings: list[tuple[str, str, str, str, int | None]] = field(default_factory=list)
    """(severity, rule, message, fix, line)."""
    strict_ok: bool = True


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_MAX_FAST_INDENT = 2 * MAX_DEPTH


def load_strict(text: str) -> Any:
    if _FAST_LOADER is not None and _cannot_blow_up(text):
        try:
            return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - libyaml's SafeLoader
        except yaml.YAMLError:
            pass  # the pure-Python parser below gives the error its usual text
    return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass


def _cannot_blow_up(text: str) -> bool:
    """True when the bounds `_BoundedLoader` enforces cannot be reached, so libyaml's parser
    (ten times faster: reading 1,000 agents is otherwise mostly YAML) may read the block.

    Aliases need an anchor (`&`); deep nesting needs brackets or ever deeper indentation.
    """
    if "&" in text or text.count("[") + text.count("{") > MAX_DEPTH:
        return False
    return all(len(ln) - len(ln.lstrip(" ")) <= _MAX_FAST_INDENT for ln in text.split("\n"))


def parse_fields(text: str, first_line: int) -> Fields:
    """Parse a frontmatter block whose first line is file line `first_line`."""
    out = Fields()
    if len(text) > MAX_YAML_CHARS:
        out.strict_ok = False
        out.findings.append(
            (
                "error",
                "frontmatter-too-large",
                f"the frontmatter is {len(text):,} characters; only the first "
                f"{MAX_YAML_CHARS:,} were read",
                "keep the frontmatter to the agent's fields; move long text into the body",
                first_line,
            )
        )
        text = text[:MAX_YAML_CHARS]
    entries = _entries(text, first_line)
    out.lines = {k: ln for k, ln, _ in entries}
    try:
        data = load_strict(text)
    except yaml.YAMLError as exc:
        out.strict_ok = False
        _recover(out, entries, exc, first_line)
        return out
    except RecursionError:
        out.strict_ok = False
        _recover(out, entries, yaml.YAMLError("nesting too deep"), first_line)
        return out
    if data is None:
        return out
    if not isinstance(data, dict):
        out.strict_ok = False
        out.findings.append(
            (
                "error",
                "frontmatter-not-mapping",
                f"the frontmatter is a YAML {type(data).__name__}, not a mapping of keys to values",
                "write the frontmatter as `key: value` lines",
                first_line,
            )
        )
        return out
    out.values = {str(k): v for k, v in data.items()}
    return out


def _entries(text: str, first_line: int) -> list[tuple[str, int, list[str]]]:
    """Cut a block into top-level entries: (key, file line, raw lines incl. the key line)."""
    entries: list[tuple[str, int, list[str]]] = []
    for n, line in enumerate(text.split("\n")):
        m = _KEY.match(line)
        if m and m.group(1).lower() not in _DIALOGUE:
            entries.append((m.group(1), first_line + n, [line]))
        elif entries:
            entries[-1][2].append(line)
    return entries


def _recover(out: Fields, entries, exc: yaml.YAMLError, first_line: int) -> None:
    mark = getattr(exc, "problem_mark", None)
    err_line = first_line + mark.line if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    repaired: list[str] = []
    for key, _line, raw in entries:
        chunk = "\n".join(raw)
        try:
            value = load_strict(chunk)
            if isinstance(value, dict) and key in value:
                out.values[key] = value[key]
                continue
        except (yaml.YAMLError, RecursionError):
            pass
        out.values[key] = _plain_value(raw)
        repaired.append(key)
    if not entries:
        out.findings.append(
            (
                "error",
                "yaml-invalid",
                f"the frontmatter is not valid YAML ({problem}) and no `key: value` "
                "lines could be recovered",
                "fix the YAML: each field on its own `key: value` line",
                err_line,
            )
        )
        return
    only_colon = all(_colon_problem(out.values.get(k)) for k in repaired) and repaired
    star = [k for k in repaired if str(out.values.get(k, "")).startswith("*")]
    for key in repaired:
        line = out.lines.get(key, err_line)
        value = out.values.get(key)
        if key in star:
            out.findings.append(
                (
                    "error",
                    "yaml-alias-value",
                    f"`{key}: {str(value)[:40]}` is not valid YAML: a value starting with `*` "
                    "is read as an alias; the value was recovered as text",
                    f'quote it: `{key}: "{value}"`',
                    line,
                )
            )
        elif only_colon:
            out.findings.append(
                (
                    "warning",
                    "yaml-unquoted-colon",
                    f"`{key}` holds an unquoted `: `, which strict YAML parsers reject "
                    f"({problem}); Claude Code accepts it, the value was recovered as text",
                    f'quote the value (`{key}: "..."`) or use a block scalar '
                    f"(`{key}: >-` and the text indented on the next lines)",
                    line,
                )
            )
        else:
            out.findings.append(
                (
                    "error",
                    "yaml-invalid",
                    f"`{key}` is not valid YAML ({problem}); the value was recovered as text",
                    f"quote the value of `{key}` or use a block scalar (`{key}: >-`)",
                    line,
                )
            )


def _colon_problem(value: Any) -> bool:
    return isinstance(value, str) and ": " in value


def _plain_value(raw: list[str]) -> Any:
    """Read an entry the way a forgiving YAML reader would: as text, quotes and folding undone."""
    first = _KEY.match(raw[0])
    head = first.group(2).strip() if first else raw[0]
    rest = raw[1:]
    while rest and not rest[-1].strip():
        rest.pop()
    if head in ("|", "|-", ">", ">-", "|+", ">+"):
        lines = _dedent(rest)
        return "\n".join(lines) if head.startswith("|") else _fold(lines)
    if not rest:
        return _unquote(head)
    if (
        head.startswith("-") is False
        and not head
        and all(ln.strip().startswith("- ") or not ln.strip() for ln in rest)
    ):
        return [_unquote(ln.strip()[2:].strip()) for ln in rest if ln.strip()]
    return _unquote(_fold([head] + [ln.strip() for ln in rest]))


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents) if indents else 0
    return [ln[cut:] for ln in lines]


def _fold(lines: list[str]) -> str:
    """YAML plain/folded scalar folding: single newlines become spaces, blank lines newlines."""
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if not s:
            out.append("\n")
        elif out and not out[-1].endswith("\n"):
            out.append(" " + s)
        else:
            out.append(s)
    return "".join(out).strip()


def _unquote(s: str) -> str:
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        inner = s[1:-1]
        if s[0] == "'":
            return inner.replace("''", "'")
        try:
            return yaml.safe_load(s)
        except yaml.YAMLError:
            return inner
    return s
