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

# Bounds on what a frontmatter block may cost to read. The real corpus peaks at 5,845 characters
# and 57 lines; a block far beyond that is an accident or an attack, and PyYAML's pure-Python
# parser needs about a second per 150,000 characters. Past a bound the block is cut at a line
# boundary (or a value refused) and a finding says so; the rest of the agent is still read.
MAX_YAML_CHARS = 40_000
MAX_YAML_LINES = 1_000
MAX_ALIASES = 100
MAX_NODES = 10_000
"""Values (scalars, lists, mappings) the block holds once aliases are expanded: "billion laughs"
is a few hundred bytes that expand to 10^9 strings when anything walks or serialises the data."""
MAX_NUMBER_CHARS = 64
"""A longer integer is kept as text: Python refuses to print one of 4,300 digits or more, so a
`0xfff...` value would crash whatever shows or exports it later."""
MAX_DEPTH = 40
"""Nesting of lists and mappings. Also bounds PyYAML's scanner, whose simple-key bookkeeping is
quadratic in the depth of `[[[[...` flow collections."""


class YAMLBoundError(yaml.YAMLError):
    """A frontmatter block refused because it exceeds one of the bounds above."""


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
    """Safe loader that refuses alias bombs and absurd nesting instead of exhausting memory.

    Each composed node is weighed by the number of nodes it stands for once aliases are
    expanded; an alias to a node still being composed (`&a [*a]`, a structure containing itself)
    is refused, since anything walking it would never end.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0
        self._weights: dict[int, int] = {}

    # scanner: bound flow (`[{`) and block (indentation) nesting before any quadratic work
    def fetch_flow_collection_start(self, TokenClass):  # type: ignore[override]  # noqa: N803
        if self.flow_level >= MAX_DEPTH:
            raise YAMLBoundError(f"nesting deeper than {MAX_DEPTH} levels")
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column):  # type: ignore[override]
        if len(self.indents) >= MAX_DEPTH:
            raise YAMLBoundError(f"nesting deeper than {MAX_DEPTH} levels")
        return super().add_indent(column)

    # composer: bound aliases, depth and the expanded size
    def compose_node(self, parent, index):  # type: ignore[override]
        alias = self.check_event(yaml.AliasEvent)
        if alias:
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YAMLBoundError(f"more than {MAX_ALIASES} aliases (an alias bomb?)")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLBoundError(f"nesting deeper than {MAX_DEPTH} levels")
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if alias:
            weight = self._weights.get(id(node))
            if weight is None:
                raise YAMLBoundError("an alias refers to a value that contains it (a loop)")
        elif isinstance(node, yaml.SequenceNode):
            weight = 1 + sum(self._weights[id(c)] for c in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight = 1 + sum(self._weights[id(k)] + self._weights[id(v)] for k, v in node.value)
        else:
            weight = 1
        if weight > MAX_NODES:
            raise YAMLBoundError(
                f'the aliases expand to more than {MAX_NODES:,} values (a "billion laughs" bomb?)'
            )
        self._weights[id(node)] = weight
        return node


def _construct_int(loader: _BoundedLoader, node: yaml.ScalarNode) -> int:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise YAMLBoundError(f"a number longer than {MAX_NUMBER_CHARS} characters")
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass
class Fields:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Key -> 1-based line in the file."""
    findings: list[tuple[str, str, str, str, int | None]] = field(default_factory=list)
    """(severity, rule, message, fix, line)."""
    strict_ok: bool = True


def load_strict(text: str) -> Any:
    """Parse with the bounded safe loader. Raises only `yaml.YAMLError`.

    PyYAML's constructors let other errors through for hostile scalars (`!!int abc`, a
    5,000-digit number beyond Python's int conversion limit, `!!timestamp 2020-13-45`); they are
    turned into YAML errors so the caller's key-by-key recovery keeps such a value as text.
    """
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise YAMLBoundError("nesting too deep") from exc
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        raise yaml.YAMLError(f"a value cannot be converted ({str(exc)[:80]})") from exc


def parse_fields(text: str, first_line: int) -> Fields:
    """Parse a frontmatter block whose first line is file line `first_line`."""
    out = Fields()
    text = _bounded(text, out, first_line)
    entries = _entries(text, first_line)
    out.lines = {k: ln for k, ln, _ in entries}
    try:
        data = load_strict(text)
    except yaml.YAMLError as exc:
        out.strict_ok = False
        _bound_finding(out, exc, first_line)
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


def _bounded(text: str, out: Fields, first_line: int) -> str:
    """The block itself, or its head (cut at a line boundary) when it exceeds the bounds."""
    if len(text) <= MAX_YAML_CHARS and text.count("\n") < MAX_YAML_LINES:
        return text
    out.strict_ok = False
    head = text[:MAX_YAML_CHARS]
    lines = head.split("\n")[:MAX_YAML_LINES]
    if len(head) == MAX_YAML_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line was cut mid-way
    kept = "\n".join(lines)
    out.findings.append(
        (
            "error",
            "frontmatter-too-large",
            f"the frontmatter has {_lines(text)} and {len(text):,} characters, beyond the "
            f"{MAX_YAML_LINES:,} lines or {MAX_YAML_CHARS:,} characters read; only its first "
            f"{_lines(kept)} were read",
            "keep the frontmatter to the agent's fields; move long text into the body",
            first_line,
        )
    )
    return kept


def _bound_finding(out: Fields, exc: yaml.YAMLError, first_line: int) -> None:
    """Say plainly when the strict parse failed on a safety bound, not on a YAML mistake."""
    if isinstance(exc, YAMLBoundError):
        out.findings.append(
            (
                "error",
                "yaml-too-complex",
                f"the frontmatter was refused by the YAML reader's safety bounds: {exc}; "
                "the fields were read one by one and the offending values kept as text",
                "agent fields are plain text and short lists: remove YAML anchors (`&x`), "
                "aliases (`*x`) and deep nesting",
                first_line,
            )
        )


def _lines(text: str) -> str:
    n = text.count("\n") + 1 if text else 0
    return f"{n:,} line" + ("" if n == 1 else "s")


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
    only_colon = (
        not isinstance(exc, YAMLBoundError)
        and repaired
        and all(_colon_problem(out.values.get(k)) for k in repaired)
    )
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
