"""One `SKILL.md` or command file in, one :class:`Skill` or :class:`Command` out. Never raises.

The same steps as an agent (`reader.read_front`: bytes -> text -> frontmatter -> fields, each
repair a finding; `body.prepare_body` for the prompt), so a skill's or a command's text is as
safe on a page as an agent's. What differs is the tool's reading, as Claude Code documents it:

- a skill's `name` defaults to its folder's name and its `description` to the body's first
  paragraph; the Agent Skills standard (which other tools follow) wants both written;
- a command is named by its file (`review.md` is `/review`); its frontmatter is optional, and
  without a `description` Claude Code shows the prompt's first line.

Whether a value keeps to the standard is a rule's business (`checks/item_rules.py`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from ..analysis.tokens import estimate_tokens
from ..model import Command, Diagnostic, Item, Skill, Skipped
from ..text import value_text
from . import body as body_mod
from .reader import FrontMatter, _summary, read_file, read_front, resolve_escapes
from .tool_names import ALL, parse_tools

SKILL_FILE = "SKILL.md"
"""The standard's one file name (case as written: Claude Code looks for `SKILL.md`)."""
MAX_LISTED_FILES = 200
"""A skill folder's other files listed by name, at most (a vendored tree would be thousands)."""


def _read(path: Path, source: str) -> FrontMatter | Skipped:
    read = read_file(path, source)
    return read if isinstance(read, Skipped) else read_front(read[0], path, source, read[1])


def read_skill(path: Path, source: str, *, allow_html: bool = False) -> Skill | Skipped:
    front = _read(path, source)
    if isinstance(front, Skipped):
        return front
    folder = PurePosixPath(source).parent.name or Path(path).parent.name
    skill = Skill(name="", source=source, path=path, folder=folder)
    _fill(skill, front)
    name = front.meta.get("name")
    if isinstance(name, (str, int, float)) and not isinstance(name, bool) and str(name).strip():
        skill.name = str(name).strip()
    else:
        skill.name = folder or "skill"
        skill.name_from = "folder"
    if skill.description_from != "frontmatter":  # Claude Code: the body's first paragraph
        skill.description = body_mod.show_bidi(first_paragraph(front.body_text))
        skill.description_from = "paragraph" if skill.description else "none"
    skill.summary = _summary(skill.description)
    skill.body_lines = (
        len(front.body_text.strip("\n").split("\n")) if front.body_text.strip() else 0
    )
    skill.body_tokens = estimate_tokens(front.body_text)
    _body(skill, front.body_text, front.split.body_line, allow_html)
    return skill


def read_command(path: Path, source: str, *, allow_html: bool = False) -> Command | Skipped:
    front = _read(path, source)
    if isinstance(front, Skipped):
        return front
    stem = PurePosixPath(source).name
    stem = stem[:-3] if stem.lower().endswith(".md") and len(stem) > 3 else stem
    command = Command(name=stem, source=source, path=path, name_from="filename")
    command.namespace = command_namespace(source)
    _fill(command, front)
    if front.split.kind == "none":
        command.diag(
            "info",
            "command-no-frontmatter",
            "the command has no frontmatter: Claude Code names it after its file "
            f"(`/{stem}`) and shows the prompt's first line as its description",
            "start the file with a `---` block holding `description:` (and `argument-hint:` "
            "when it takes arguments)",
            1,
        )
    if command.description_from != "frontmatter":
        line, command.description_from = first_line(front.body_text)
        command.description = body_mod.show_bidi(line)
        if front.split.kind != "none":
            command.diag(
                "info",
                "command-description-missing",
                "the frontmatter has no `description`: Claude Code shows the prompt's first "
                "line in the `/` menu instead",
                "add `description:` with one line saying what the command does",
                front.key_lines.get("description", front.split.yaml_line),
            )
    command.summary = _summary(command.description)
    hint = front.meta.get("argument-hint")
    if hint not in (None, ""):
        command.argument_hint = value_text(hint).strip()
    _body(command, front.body_text, front.split.body_line, allow_html)
    return command


def _fill(item: Item, front: FrontMatter) -> None:
    """The fields skills and commands share, from the frontmatter as read."""
    item.raw_text = front.text
    item.body_line = front.split.body_line if front.split.kind != "none" else 1
    item.diagnostics.extend(front.pre)
    item.metadata = front.meta
    item.key_lines = dict(front.key_lines)
    desc = value_text(front.meta.get("description")).strip()
    if desc and ("\\n" in desc or "\\t" in desc):
        desc = resolve_escapes(desc)
    item.description = desc
    item.description_from = "frontmatter" if desc else "missing"
    tools_key = next((k for k in ("allowed-tools", "allowed_tools") if k in front.meta), None)
    if tools_key is not None:
        tools, _notes = parse_tools(front.meta.get(tools_key))
        item.allowed_tools = ["*"] if tools is ALL else list(tools or [])
    model = front.meta.get("model")
    if model not in (None, ""):
        item.model = value_text(model).strip()


def _body(item: Item, text: str, first_line: int, allow_html: bool) -> None:
    prepared = body_mod.prepare_body(text, item.name, first_line, allow_html)
    item.body = prepared.markdown
    item.diagnostics.extend(Diagnostic.of(f, item.source) for f in prepared.findings)


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def first_line(body: str) -> tuple[str, str]:
    """The prompt's first non-blank line, as Claude Code shows it for a command without a
    description: (text, `heading` or `line`); a heading's `#` marks are taken off."""
    for ln in body.split("\n"):
        if not ln.strip():
            continue
        m = _HEADING.match(ln)
        if m:
            return m.group(1).strip(), "heading"
        return ln.strip(), "line"
    return "", "none"


def first_paragraph(body: str) -> str:
    """The body's first paragraph of prose (headings and code skipped): Claude Code's
    description for a skill that writes none."""
    para: list[str] = []
    fence = False
    for ln in body.split("\n"):
        s = ln.strip()
        if s.startswith(("```", "~~~")):
            fence = not fence
            if para:
                break
            continue
        if fence:
            continue
        if not s or _HEADING.match(ln):
            if para:
                break
            continue
        para.append(s)
    return " ".join(para)


def command_namespace(source: str) -> str:
    """The folders between `commands/` and the file (`frontend` for
    `.claude/commands/frontend/x.md`): Claude Code shows them beside the description."""
    parts = PurePosixPath(source).parts[:-1]
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == "commands":
            return "/".join(parts[i + 1 :])
    return ""


def folder_files(folder: Path) -> list[str]:
    """The skill folder's files other than `SKILL.md`, relative and `/`-separated, sorted;
    hidden entries left out, links listed by name and never followed."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        for fn in sorted(filenames):
            if fn.startswith(".") or (rel == "." and fn == SKILL_FILE):
                continue
            out.append(fn if rel == "." else f"{rel}/{fn}")
            if len(out) >= MAX_LISTED_FILES:
                return out
    return out
