"""Frontmatter YAML to a dict of fields: strictly first, then key by key.

A strict parse (PyYAML's safe loader, with bounds on aliases, depth and size) is tried first.
When it fails, the block is cut into top-level entries and each is parsed alone, so one bad value
(an unquoted `: ` in a description, `tools: *`, Cursor's `globs: **/*`) never loses the agent or
its other fields. Each repair is reported with the fix the author should make, and with the
severity Claude Code's own loader gives it: its one retry (one-line values holding YAML
indicators quoted, see :func:`lenient_load`) decides between "strict parsers reject it, Claude
Code reads it" (warning) and "Claude Code skips the agent" (error).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Finding
from . import finite
from .finite import NonFinite

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


def _construct_float(loader: _BoundedLoader, node: yaml.ScalarNode) -> float | NonFinite:
    """`.inf`, `.nan`, `1e9999`: kept as written (`finite.py`), so agents.json stays JSON."""
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    return value if math.isfinite(value) else NonFinite(node.value)


_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


@dataclass
class Fields:
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Key -> 1-based line in the file."""
    findings: list[Finding] = field(default_factory=list)
    """(severity, rule, message, fix, line)."""
    strict_ok: bool = True


class _UniqueKeys:
    """Refuses a key given twice in one mapping, as YAML 1.2 parsers (Claude Code's) do."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"found duplicate key `{key}`", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class _UniqueKeyLoader(_UniqueKeys, _BoundedLoader):
    pass


_FAST = getattr(yaml, "CSafeLoader", None)
_FastLoader = type("_FastLoader", (_FAST,), {}) if _FAST else None
if _FastLoader is not None:
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _FastLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_FastUniqueLoader = type("_FastUniqueLoader", (_UniqueKeys, _FastLoader), {}) if _FAST else None


def _fast_is_safe(text: str) -> bool:
    """libyaml is ~10x faster but has no alias or depth bounds: use it only where neither can
    matter (no anchors, so no aliases; fewer indents and brackets than the depth bound)."""
    if "&" in text or text.count("[") + text.count("{") >= MAX_DEPTH:
        return False
    return max((len(ln) - len(ln.lstrip(" ")) for ln in text.split("\n")), default=0) < MAX_DEPTH


def _within_bounds(data: Any) -> bool:
    """The bounds the pure-Python loader enforces, checked on libyaml's result (`- - - x`
    nests without brackets or indentation). Without anchors nothing is shared: a plain walk."""
    stack = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_NODES:
            return False
        if isinstance(value, dict):
            stack.extend((x, depth + 1) for kv in value.items() for x in kv)
        elif isinstance(value, list):
            stack.extend((x, depth + 1) for x in value)
    return True


def load_strict(text: str, *, unique_keys: bool = False) -> Any:
    """Parse with the bounded safe loader. Raises only `yaml.YAMLError`.

    PyYAML's constructors let other errors through for hostile scalars (`!!int abc`, a
    5,000-digit number beyond Python's int conversion limit, `!!timestamp 2020-13-45`); they are
    turned into YAML errors so the caller's key-by-key recovery keeps such a value as text.
    """
    try:
        if _FastLoader is not None and _fast_is_safe(text):
            try:
                data = yaml.load(text, Loader=_FastUniqueLoader if unique_keys else _FastLoader)  # noqa: S506
                if _within_bounds(data):
                    return data
            except yaml.YAMLError:
                pass  # decided (and worded) by the pure-Python loader below
        loader = _UniqueKeyLoader if unique_keys else _BoundedLoader
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise YAMLBoundError("nesting too deep") from exc
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
        raise yaml.YAMLError(f"a value cannot be converted ({str(exc)[:80]})") from exc


def parse_fields(text: str, first_line: int) -> Fields:
    """Parse a frontmatter block whose first line is file line `first_line`."""
    out = _parse_fields(text, first_line)
    out.findings += finite.findings(out.values, out.lines, first_line)
    return out


def _parse_fields(text: str, first_line: int) -> Fields:
    out = Fields()
    text = _bounded(text, out, first_line)
    text, tab_indented = _untab(text, out, first_line)
    entries = _entries(text, first_line)
    out.lines = {}
    for k, ln, _ in entries:
        out.lines.setdefault(k, ln)
    try:
        data = load_strict(text)
    except (yaml.YAMLError, RecursionError) as exc:
        out.strict_ok = False
        if isinstance(exc, RecursionError):
            exc = yaml.YAMLError("nesting too deep")
        _bound_finding(out, exc, first_line)
        claude = None if tab_indented else lenient_load(text)
        _recover(out, entries, exc, first_line, claude)
        if claude is not None:
            _split_keys(out, claude, text, first_line)
        return out
    if tab_indented:
        out.strict_ok = False
    if data is None:
        return out
    if not isinstance(data, dict):
        out.strict_ok = False
        out.findings.append(
            Finding(
                "error",
                "frontmatter-not-mapping",
                f"the frontmatter is a YAML {type(data).__name__}, not a mapping of keys to values",
                "write the frontmatter as `key: value` lines",
                first_line,
            )
        )
        return out
    out.values = {str(k): v for k, v in data.items()}
    _duplicate_keys(out, entries)
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
        Finding(
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
            Finding(
                "error",
                "yaml-too-complex",
                f"the frontmatter was refused by the YAML reader's safety bounds: {exc}; "
                "the fields were read one by one and the offending values kept as text",
                "agent fields are plain text and short lists: remove YAML anchors (`&x`), "
                "aliases (`*x`) and deep nesting",
                first_line,
            )
        )


def _duplicate_keys(out: Fields, entries: list[tuple[str, int, list[str]]]) -> None:
    lines: dict[str, list[int]] = {}
    for key, line, _ in entries:
        lines.setdefault(key, []).append(line)
    for key, where in lines.items():
        if len(where) < 2:
            continue
        out.strict_ok = False
        out.findings.append(
            Finding(
                "error",
                "yaml-duplicate-key",
                f"`{key}` is given {len(where)} times (lines {', '.join(map(str, where))}); "
                "YAML keys must be unique, Claude Code's parser rejects the frontmatter and "
                "skips this agent (the catalog keeps the last value, as lenient parsers do)",
                f"keep one `{key}` line and delete the others",
                where[1],
            )
        )


def _lines(text: str) -> str:
    n = text.count("\n") + 1 if text else 0
    return f"{n:,} line" + ("" if n == 1 else "s")


# Claude Code's loader, when strict YAML fails, retries once with every top-level one-line
# value that holds a YAML indicator wrapped in double quotes. What that retry accepts is YAML
# "Claude Code accepts but strict parsers reject" (a warning); what it still rejects makes
# Claude Code skip the agent (an error).
_INDICATORS = re.compile(r"[{}\[\]*&#!|>%@`]|: ")
_ONE_LINE = re.compile(r"^([A-Za-z_-]+):\s+(.+)$")


def lenient_load(text: str) -> dict[str, Any] | None:
    """The mapping Claude Code's tolerant retry reads from `text`, or None if it fails too."""
    lines = []
    for line in text.split("\n"):
        m = _ONE_LINE.match(line)
        value = m.group(2) if m else ""
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
        if m and not quoted and _INDICATORS.search(value):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            line = f'{m.group(1)}: "{escaped}"'
        lines.append(line)
    try:
        data = load_strict("\n".join(lines), unique_keys=True)
    except (yaml.YAMLError, RecursionError):
        return None
    if data is None:
        return {}
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else None


def _untab(text: str, out: Fields, first_line: int) -> tuple[str, bool]:
    """Replace tabs so the block can be read; report them. Returns (text, tabs-as-indent)."""
    if "\t" not in text:
        return text, False
    indent_line = other_line = None
    fixed = []
    for n, line in enumerate(text.split("\n")):
        rest = line.lstrip(" \t")
        lead = line[: len(line) - len(rest)]
        if "\t" in lead and rest:
            indent_line = indent_line or first_line + n
        if "\t" in rest:
            other_line = other_line or first_line + n
        fixed.append(lead.replace("\t", "  ") + rest.replace("\t", " "))
    if indent_line is not None:
        out.findings.append(
            Finding(
                "error",
                "frontmatter-tab-indent",
                "the frontmatter is indented with tabs, which YAML forbids; Claude Code cannot "
                "parse it and skips this agent (the fields were read as if indented with spaces)",
                "indent with spaces instead of tabs",
                indent_line,
            )
        )
    elif other_line is not None:
        out.findings.append(
            Finding(
                "warning",
                "frontmatter-tabs",
                "the frontmatter has a tab after a key or inside a value; Claude Code reads it, "
                "strict YAML 1.1 parsers (PyYAML, python-frontmatter) reject it",
                "use spaces instead of tabs in the frontmatter",
                other_line,
            )
        )
    return "\n".join(fixed), indent_line is not None


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


_CC_OK = (
    "Claude Code's loader accepts it (it retries with such values quoted), "
    "strict YAML parsers reject it"
)
_CC_FAIL = "Claude Code cannot parse this frontmatter either, so it skips this agent"


def _recover(out: Fields, entries, exc: yaml.YAMLError, first_line: int, claude) -> None:
    mark = getattr(exc, "problem_mark", None)
    err_line = first_line + mark.line if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    repaired: list[str] = []
    for key, _line, raw in entries:
        chunk = "\n".join(raw)
        try:
            value = load_strict(chunk)
            if isinstance(value, dict) and key in value:
                out.values.setdefault(key, value[key])
                continue
        except (yaml.YAMLError, RecursionError):
            pass
        if key not in out.values:
            out.values[key] = _plain_value(raw)
            repaired.append(key)
    if not entries:
        out.findings.append(
            Finding(
                "error",
                "yaml-invalid",
                f"the frontmatter is not valid YAML ({problem}) and no `key: value` "
                "lines could be recovered",
                "fix the YAML: each field on its own `key: value` line",
                err_line,
            )
        )
        return
    severity = "warning" if claude is not None else "error"
    verdict = _CC_OK if claude is not None else _CC_FAIL
    if not repaired:
        # every entry parses alone: the block fails as a whole (a stray line between keys)
        out.findings.append(
            Finding(
                severity,
                "yaml-invalid",
                f"the frontmatter is not valid YAML ({problem}); {verdict}; "
                "the fields were recovered key by key",
                "remove or indent the line that is not a `key: value` entry",
                err_line,
            )
        )
        return
    for key in repaired:
        line = out.lines.get(key, err_line)
        value = out.values.get(key)
        where = f", line {err_line}" if err_line is not None and err_line != line else ""
        text = value if isinstance(value, str) else str(value)
        if text.startswith("*"):
            out.findings.append(
                Finding(
                    severity,
                    "yaml-alias-value",
                    f"`{key}: {text[:40]}` is not valid YAML: a value starting with `*` "
                    f"reads as an alias; {verdict}; the value was recovered as text",
                    f'quote it: `{key}: "{text[:40]}"`',
                    line,
                )
            )
        elif _colon_problem(value) and not isinstance(exc, YAMLBoundError):
            multi = len(next(raw for k, _, raw in entries if k == key)) > 1
            fix = (
                f"indent the lines that continue `{key}` under it and quote the value, or use "
                f"a block scalar (`{key}: |` with the text indented on the next lines)"
                if multi
                else f'quote the value (`{key}: "..."`) or use a block scalar '
                f"(`{key}: >-` and the text indented on the next lines)"
            )
            out.findings.append(
                Finding(
                    severity,
                    "yaml-unquoted-colon",
                    f"`{key}` holds an unquoted `: ` ({problem}{where}); {verdict}; "
                    "the value was recovered as text",
                    fix,
                    line,
                )
            )
        else:
            out.findings.append(
                Finding(
                    severity,
                    "yaml-invalid",
                    f"`{key}` is not valid YAML ({problem}{where}); {verdict}; "
                    "the value was recovered as text",
                    f"quote the value of `{key}` or use a block scalar (`{key}: >-`)",
                    line,
                )
            )


def _split_keys(out: Fields, claude: dict[str, Any], text: str, first_line: int) -> None:
    """Keys Claude Code's retry sees that the author did not mean (`user:` in a dialogue)."""
    lines = text.split("\n")
    for key in claude:
        if key in out.values:
            continue
        n = next((i for i, ln in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", ln)), 0)
        owner = next(
            (k for k, ln in sorted(out.lines.items(), key=lambda t: -t[1]) if ln <= first_line + n),
            None,
        )
        if owner is None:
            continue
        out.findings.append(
            Finding(
                "warning",
                "yaml-key-split",
                f"Claude Code reads line {first_line + n} (`{lines[n].strip()[:40]}`) as a key "
                f"of its own, so the `{owner}` it sees stops before that line; the catalog "
                "shows the full text",
                f"indent the lines that continue `{owner}` or use a block scalar (`{owner}: |`)",
                first_line + n,
            )
        )
        break


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
