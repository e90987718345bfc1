"""One file in, one :class:`Agent` (or a :class:`Skipped` with the reason) out. Never raises.

The steps, each in its own module: bytes -> text (`decoding`), find the frontmatter block
(`frontmatter_split`), parse it strictly then key by key (`yaml_fields`), normalise the fields
(`tool_names`, `examples`), make the body safe (`body`). Every repair becomes a diagnostic that
names the file, the line and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..formats import apply_format, detect_format, resolve_format
from ..formats.codex import parse_agent_toml
from ..model import Agent, Diagnostic, Skipped
from ..text import truncate, value_text
from . import body as body_mod
from .decoding import decode
from .examples import split_examples
from .frontmatter_split import Split, split_frontmatter
from .tool_names import ALL, parse_tools
from .yaml_fields import parse_fields

MAX_FILE_BYTES = 2_000_000
"""Larger files are not agent definitions (the largest real body is 64 kB); read the head only."""


def read_agent(
    path: Path, source: str, *, allow_html: bool = False, format: str | None = None
) -> Agent | Skipped:
    """Read one file. `source` is the path shown to users (relative to the catalog's base);
    `format` forces the agent format (else it is detected from the path, see `formats`)."""
    read = read_file(path, source)
    if isinstance(read, Skipped):
        return read
    data, size = read
    return read_agent_bytes(data, path, source, allow_html=allow_html, size=size, format=format)


def read_file(path: Path, source: str) -> tuple[bytes, int] | Skipped:
    """The file's first bytes (up to the bound, and one more to tell) and its size."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return Skipped(
            source,
            path,
            f"cannot be read: {exc.strerror or exc}",
            [
                Diagnostic(
                    "error",
                    "unreadable",
                    f"cannot read the file: {exc}",
                    "check the file's permissions",
                    None,
                    source,
                )
            ],
        )
    return data, size


@dataclass
class FrontMatter:
    """A file's text and frontmatter as read, before any tool's rules: what agents, skills
    and commands share (`read_front`)."""

    text: str
    split: Split
    meta: dict[str, Any]
    key_lines: dict[str, int]
    body_text: str
    pre: list[Diagnostic]
    """The findings of decoding and of finding and parsing the frontmatter."""


def read_text(
    data: bytes, path: Path, source: str, size: int | None = None
) -> tuple[str, list[Diagnostic]] | Skipped:
    """Bytes -> text with LF line endings, and the findings of getting there; a Skipped for an
    empty or binary file."""
    size = len(data) if size is None else size
    pre: list[Diagnostic] = []

    def note(sev: str, rule: str, msg: str, fix: str = "", line: int | None = None) -> None:
        pre.append(Diagnostic(sev, rule, msg, fix, line, source))

    if size > MAX_FILE_BYTES:
        data = data[:MAX_FILE_BYTES]
        note(
            "error",
            "file-too-large",
            f"the file is {size:,} bytes; only the first {MAX_FILE_BYTES:,} were read",
            "agent definitions are prompts: keep them under a few hundred kilobytes",
        )
    if not data.strip():
        note(
            "error",
            "empty-file",
            "the file is empty",
            "add frontmatter with `name` and `description`, or delete the file",
        )
        return Skipped(source, path, "empty file", pre)
    decoded = decode(data)
    pre.extend(Diagnostic.of(f, source) for f in decoded.findings)
    if decoded.binary:
        return Skipped(source, path, "binary file (NUL bytes)", pre)
    text = decoded.text
    if "\r" in text:
        kind = "Windows (CRLF)" if "\r\n" in text else "old Mac (CR)"
        note(
            "info",
            "crlf",
            f"the file uses {kind} line endings",
            "save it with LF line endings (`git config core.autocrlf input`)",
            1,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), pre


def read_front(
    data: bytes, path: Path, source: str, size: int | None = None
) -> FrontMatter | Skipped:
    """Bytes -> text -> the frontmatter block and its fields, each repair a finding; a
    Skipped for an empty or binary file. A file with no frontmatter gives `split.kind ==
    "none"` and its whole text as the body (an agent reader skips it, a command reads it)."""
    read = read_text(data, path, source, size)
    if isinstance(read, Skipped):
        return read
    text, pre = read

    def note(sev: str, rule: str, msg: str, fix: str = "", line: int | None = None) -> None:
        pre.append(Diagnostic(sev, rule, msg, fix, line, source))

    split = split_frontmatter(text)
    if split.kind == "none":
        return FrontMatter(text, split, {}, {}, text, pre)
    if split.kind == "flattened":
        meta: dict[str, Any] = {}
        for key, raw in split.flat_entries:
            meta[key] = _flat_value(key, raw)
        key_lines = {k: split.yaml_line for k in meta}
        note(
            "error",
            "flattened-frontmatter",
            "the whole file is on one line: the frontmatter is not on lines of its own, so "
            "Claude Code does not load this agent (python-frontmatter finds no fields at all); "
            "fields and body were recovered as far as they could be",
            "restore the line breaks: `---`, one `key: value` per line, `---`, then the body",
            split.yaml_line,
        )
        return FrontMatter(
            text, split, meta, key_lines, body_mod.restore_flattened(split.body), pre
        )
    fields = parse_fields(split.yaml_text, split.yaml_line)
    meta = fields.values
    key_lines = fields.lines
    pre.extend(Diagnostic.of(f, source) for f in fields.findings)
    if split.kind == "indented":
        note(
            "error",
            "frontmatter-indented",
            "the frontmatter block is indented; Claude Code and python-frontmatter see no fields",
            "move `---` and the keys to column 0",
            split.yaml_line - 1,
        )
    elif split.kind == "late":
        note(
            "error",
            "frontmatter-not-first",
            "the file starts with blank lines before `---`; the frontmatter must be the first line",
            "delete the blank lines before the opening `---`",
            split.yaml_line - 1,
        )
    elif split.kind == "unclosed":
        note(
            "error",
            "frontmatter-unclosed",
            "the frontmatter has no closing `---` line; it was taken to end at the first "
            "line that is not YAML",
            "add a `---` line after the last key",
            split.yaml_line - 1,
        )
    if split.close_line != "---" and split.kind != "unclosed":
        note(
            "info",
            "frontmatter-close-line",
            f"the frontmatter ends with `{split.close_line[:60]}` rather than `---`: Claude "
            "Code ends the frontmatter at that line's first three dashes, so the catalog "
            "does too (keys after it would be prompt text)",
            "write the closing line as `---` alone",
            split.close_at,
        )
    if not meta and split.yaml_text.strip() == "":
        note(
            "error",
            "frontmatter-empty",
            "the frontmatter block is empty",
            "add `name:` and `description:` lines between the `---` lines",
            split.yaml_line,
        )
    return FrontMatter(text, split, meta, key_lines, split.body, pre)


def read_agent_bytes(
    data: bytes,
    path: Path,
    source: str,
    *,
    allow_html: bool = False,
    size: int | None = None,
    format: str | None = None,
) -> Agent | Skipped:
    fmt, fmt_how = detect_format(source, path, format)
    if fmt == "codex" and Path(source).suffix.lower() == ".toml":
        read = read_text(data, path, source, size)
        if isinstance(read, Skipped):
            return read
        text, pre = read
        return _read_toml(text, path, source, pre, allow_html, fmt_how)
    front = read_front(data, path, source, size)
    if isinstance(front, Skipped):
        return front
    text, split, meta, key_lines, body_text, pre = (
        front.text,
        front.split,
        front.meta,
        front.key_lines,
        front.body_text,
        front.pre,
    )
    if split.kind == "none":
        return _not_an_agent(source, path, pre)

    fmt, fmt_how = resolve_format(fmt, fmt_how, meta)
    agent = Agent(name="", source=source, path=path, raw_text=text, body_line=split.body_line)
    agent.format = fmt
    agent.diagnostics.extend(pre)
    agent.metadata = meta
    agent.key_lines = dict(key_lines)
    _normalise(agent, meta, key_lines, Path(source).name)
    apply_format(agent, meta, key_lines, fmt_how)
    prepared = body_mod.prepare_body(body_text, agent.name, split.body_line, allow_html)
    agent.body = prepared.markdown
    at = split.yaml_line if split.kind == "flattened" else None
    agent.diagnostics.extend(Diagnostic.of(f, source, at) for f in prepared.findings)
    return agent


def _read_toml(
    text: str, path: Path, source: str, pre: list[Diagnostic], allow_html: bool, how: str
) -> Agent | Skipped:
    """A Codex custom agent: TOML, no frontmatter; `developer_instructions` is the body."""
    parsed = parse_agent_toml(text)
    pre.extend(Diagnostic.of(f, source) for f in parsed.findings)
    if not parsed.is_agent:
        return Skipped(
            source,
            path,
            "TOML without `name`, `description` or `developer_instructions`: "
            "not a Codex custom agent",
            [d for d in pre if d.severity == "error"],
        )
    agent = Agent(name="", source=source, path=path, raw_text=text, body_line=parsed.body_line)
    agent.format = "codex"
    agent.diagnostics.extend(pre)
    agent.metadata = {k: v for k, v in parsed.meta.items() if k != "developer_instructions"}
    agent.key_lines = dict(parsed.lines)
    _normalise(agent, parsed.meta, parsed.lines, Path(source).name)
    apply_format(agent, parsed.meta, parsed.lines, how)
    prepared = body_mod.prepare_body(parsed.body, agent.name, parsed.body_line, allow_html)
    agent.body = prepared.markdown
    agent.diagnostics.extend(Diagnostic.of(f, source) for f in prepared.findings)
    return agent


# Files that live beside agents and are documentation, not agents: skipped without a finding.
_DOC_NAMES = {"readme", "changelog", "contributing", "license", "licence", "index"}


def _not_an_agent(source: str, path: Path, pre: list[Diagnostic]) -> Skipped:
    """A file without frontmatter: a README is expected, anything else is reported."""
    stem = Path(source).name.split(".")[0].lower()
    if stem in _DOC_NAMES:
        return Skipped(source, path, "documentation (no frontmatter): not an agent", pre)
    pre.append(
        Diagnostic(
            "warning",
            "no-frontmatter",
            "the file has no frontmatter, so it is not an agent: Claude Code and the catalog "
            "skip it",
            "if it is meant to be an agent, start it with a `---` block holding `name:` and "
            "`description:`; if not, move it out of the agents folder or exclude it",
            1,
            source,
        )
    )
    return Skipped(source, path, "no frontmatter: not an agent definition", pre)


def _flat_value(key: str, raw: str) -> Any:
    from .yaml_fields import _unquote, load_strict

    try:
        value = load_strict(f"{key}: {raw}")
        if isinstance(value, dict) and key in value:
            return value[key]
    except Exception:  # noqa: BLE001 - any YAML failure means "keep it as text"
        pass
    return _unquote(raw)


_ESCAPES = {"\\n": "\n", "\\t": "\t", '\\"': '"', "\\'": "'", "\\\\": "\\"}


def resolve_escapes(text: str) -> str:
    """Literal `\\n` (and friends) written into a description by a generator: real breaks."""
    if "\\n" not in text and "\\t" not in text:
        return text
    return re.sub(r"\\\\|\\n|\\t|\\\"|\\'", lambda m: _ESCAPES[m.group(0)], text)


_text = value_text


def _normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int], filename: str) -> None:
    """Fill the agent's fields from the frontmatter, the way Claude Code reads them.

    One small step per field, so a format (see `formats.py`) can map its own keys onto these
    fields before or after. Nothing is judged here: `rules.py` does that on the result.
    """
    _set_name(agent, meta.get("name"), filename)
    _set_description(agent, meta.get("description"), lines.get("description"))
    _set_model(agent, meta.get("model"))
    _set_tools(agent, meta, lines.get("tools"))
    color = meta.get("color")
    agent.color = str(color).strip() if color not in (None, "") else None


def _set_name(agent: Agent, name: Any, filename: str) -> None:
    """The `name` as written; missing or not text, the file name without its extensions."""
    if isinstance(name, str) and name.strip():
        agent.name = name.strip()
    elif name not in (None, "") and not isinstance(name, (dict, list)):
        agent.name = str(name).strip()
    else:
        agent.name = (filename.split(".")[0] if filename else "") or "agent"
        agent.name_from = "filename"


def _set_description(agent: Agent, raw: Any, line: int | None) -> None:
    desc = _text(raw).strip()
    if desc and ("\\n" in desc or "\\t" in desc):
        agent.diag(
            "info",
            "description-literal-escapes",
            "the description contains literal `\\n` escapes; they are shown as line "
            "breaks here, but the agent's tool sees a backslash and an `n`",
            "use real line breaks (a `|` or `>-` block scalar) instead of `\\n`",
            line,
        )
        desc = resolve_escapes(desc)
    agent.description = desc
    agent.intro, agent.examples = split_examples(desc)
    agent.summary = _summary(agent.intro or desc)


def _set_model(agent: Agent, model: Any) -> None:
    if model is None or model == "":
        agent.model = None
    elif isinstance(model, (list, tuple)):
        agent.model = value_text(model)
    else:
        agent.model = str(model).strip()


def _set_tools(agent: Agent, meta: dict[str, Any], line: int | None) -> None:
    """`tools` absent -> None (every tool); `*` -> None, marked as a wildcard; else a list."""
    tools, notes = parse_tools(meta.get("tools"))
    if tools is ALL:
        agent.tools = None
        agent.tools_wildcard = True
    else:
        agent.tools = tools
    for n in notes:
        agent.diag(
            "warning",
            "tools-shape",
            f"tools: {n}",
            "write `tools` as a comma-separated list of tool names",
            line,
        )
    if "disallowedTools" in meta:
        dis, _ = parse_tools(meta.get("disallowedTools"))
        agent.disallowed_tools = dis if isinstance(dis, list) else None


def _summary(text: str, limit: int = 200) -> str:
    """The first sentence or line of a description, for one-line table cells."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    m = re.search(r"(?<=[.!?])\s+(?=[A-Z])", flat)
    first = flat[: m.start()] if m and m.start() >= 20 else flat
    return truncate(first, limit, at_word=True, strip=" ,;:")
