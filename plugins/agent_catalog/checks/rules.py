"""Diagnostic rules run on a normalised :class:`Agent`: what its own tool would make of it.

The reader reports what it had to repair to read a file (encodings, broken YAML, a mangled
frontmatter block, bodies); these rules judge the fields it read. Severities follow what the
agent's tool does, as its official documentation describes it:

- **error**: Claude Code would skip or misread the file (no `name`, a `name` with `:` or a
  leading `-`, no `description`);
- **warning**: it loads, but something is wrong or risky (an unknown model or tool name, a
  typo'd key, a value outside the documented set);
- **info**: style (a name that differs from the file name, tools both allowed and denied).

Each rule says which formats it applies to, so rules for other tools' formats (set by the format
detection in `formats.py`) slot in beside these. Rules that need the whole catalog (duplicate
names) live in `catalog.finalise`, which calls :func:`apply_rules` for every agent.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..catalog.slugs import slugify
from ..formats import CHECKS as FORMAT_CHECKS
from ..formats._common import file_stem
from ..model import Agent
from ..reading.frontmatter_split import CLOSING_LINE
from ..reading.tool_names import CLAUDE_OLD_TOOLS, CLAUDE_TOOLS, is_claude_tool, tool_base
from ..text import truncate

Hit = tuple[str, str, "int | None"]
"""What a rule yields: (message, fix, line); the registry adds the severity and the rule id."""
"""(message, fix, line) yielded by a rule's check; the rule supplies id and severity."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    """One line saying what the rule looks for (for docs and the health page)."""
    formats: frozenset[str] | None
    """Formats the rule applies to; None means every format."""
    check: Callable[[Agent], Iterable[Hit]]


RULES: list[Rule] = []


def rule(id: str, severity: str, summary: str, formats: Iterable[str] | None = ("claude",)):
    def register(fn: Callable[[Agent], Iterable[Hit]]):
        RULES.append(Rule(id, severity, summary, frozenset(formats) if formats else None, fn))
        return fn

    return register


def rule_ids() -> set[str]:
    return {r.id for r in RULES}


def apply_rules(agent: Agent) -> None:
    """Run every rule that applies to the agent's format; safe to call again (replaces)."""
    ids = rule_ids()
    kept = [d for d in agent.diagnostics if d.rule not in ids]
    agent.diagnostics = kept
    for r in RULES:
        if r.formats is not None and agent.format not in r.formats:
            continue
        for message, fix, line in r.check(agent):
            agent.diag(r.severity, r.id, message, fix, line)


# --------------------------------------------------------------------------- helpers


def _line(agent: Agent, key: str) -> int | None:
    return agent.key_lines.get(key)


def _first_line(agent: Agent) -> int:
    """The opening `---` line, as near as the reader knows it."""
    return max(1, min(agent.key_lines.values(), default=2) - 1)


# --------------------------------------------------------------------------- name

_NAME_STYLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@rule("name-missing", "error", "the frontmatter has no `name`")
def _name_missing(agent: Agent) -> Iterator[Hit]:
    if agent.name_from != "filename":
        return
    value = agent.metadata.get("name")
    what = "no `name`" if value in (None, "") else f"a `name` that is not text (`{value!r}`)"
    yield (
        f"the frontmatter has {what}: Claude Code skips this file; the catalog uses the file "
        f"name `{agent.name}`",
        f"add `name: {slugify(agent.name) or 'my-agent'}` to the frontmatter",
        _line(agent, "name") or _first_line(agent),
    )


@rule("name-invalid", "error", "the `name` contains `:` or starts with `-`")
def _name_invalid(agent: Agent) -> Iterator[Hit]:
    if agent.name_from == "filename":
        return
    name = agent.name
    if ":" in name or name.startswith("-"):
        why = "contains `:`" if ":" in name else "starts with `-`"
        yield (
            f"the name `{name}` {why}: Claude Code skips agents whose name does",
            f"rename it to `{slugify(name) or 'my-agent'}` (lowercase letters and hyphens)",
            _line(agent, "name"),
        )


@rule("name-style", "warning", "the `name` is not lowercase letters and hyphens")
def _name_style(agent: Agent) -> Iterator[Hit]:
    name = agent.name
    if agent.name_from == "filename" or ":" in name or name.startswith("-"):
        return
    if not _NAME_STYLE.match(name):
        yield (
            f"the name `{name}` is not lowercase letters and hyphens, as Claude Code's docs "
            "ask; it is what you type to call the agent, so spaces and capitals get in the way",
            f"rename it to `{slugify(name) or 'my-agent'}`",
            _line(agent, "name"),
        )


# Copilot's `name` is a display name by design (the file name is the id); OpenCode and Cursor
# take the name from the file, so only these formats can disagree with their file name
@rule(
    "name-file-mismatch",
    "info",
    "the `name` differs from the file name",
    formats=("claude", "gemini", "codex"),
)
def _name_file(agent: Agent) -> Iterator[Hit]:
    stem = file_stem(agent.source, (".md", ".toml"))
    if agent.name_from == "filename" or not stem:
        return
    if slugify(agent.name) != slugify(stem):
        yield (
            f"the name `{agent.name}` differs from the file name `{stem}`; both work, but "
            "people look for an agent by its file",
            f"rename the file to `{slugify(agent.name) or stem}` and keep its extension, "
            "or make the name match it",
            _line(agent, "name"),
        )


# --------------------------------------------------------------------------- frontmatter


@rule("frontmatter-early-end", "warning", "`---` inside the frontmatter ends it early")
def _early_end(agent: Agent) -> Iterator[Hit]:
    """Claude Code ends the frontmatter at the first `---` anywhere after the opening line
    (even in a value or a comment), not only at a `---` line of its own. A line that starts
    with `---` is where the reader ends it too (`frontmatter_split.CLOSING_LINE`): not early."""
    lines = agent.raw_text.split("\n")
    if not lines or lines[0].strip() != "---":
        return
    for n, line in enumerate(lines[1:], start=2):
        if CLOSING_LINE.match(line):
            return
        if "---" in line:
            yield (
                f"line {n} contains `---`: Claude Code ends the frontmatter there, so it does "
                "not see the fields after it (and may fail to parse the rest)",
                f"remove or reword the `---` on line {n} (write `—` or `- - -`)",
                n,
            )
            return


# --------------------------------------------------------------------------- description


@rule("description-missing", "error", "the frontmatter has no `description`")
def _description_missing(agent: Agent) -> Iterator[Hit]:
    if not agent.description.strip():
        yield (
            "the frontmatter has no `description`: Claude Code skips this file, and could not "
            "tell when to delegate to the agent anyway",
            "add `description:` saying when to use the agent (e.g. `Use after code changes "
            "to review them`)",
            _line(agent, "description") or _first_line(agent),
        )


# --------------------------------------------------------------------------- model

MODEL_ALIASES = frozenset(
    {"inherit", "default", "best", "sonnet", "opus", "haiku", "fable", "opusplan"}
)
"""Claude Code's model aliases (model-config page) plus `inherit` (sub-agents page)."""
_FAMILIES = "opus|sonnet|haiku|fable"
_MODEL_ID = re.compile(
    r"^(?:(?:us|eu|apac|global|jp|au)\.)?(?:anthropic\.)?claude-"
    rf"(?:(?:{_FAMILIES})-\d+(?:-\d+)?|3(?:-[57])?-(?:opus|sonnet|haiku))"
    r"(?:-\d{8}|-latest)?(?:-v\d+(?::\d+)?)?(?:@\d{8})?$"
)
_ARN = re.compile(r"^arn:aws[\w-]*:bedrock:")


def is_claude_model(value: str) -> bool:
    """An alias, `inherit`, a full model id (API, Bedrock or Vertex form) or a Bedrock ARN."""
    value = value.strip()
    base = value[:-4] if value.endswith("[1m]") else value
    return base in MODEL_ALIASES or bool(_MODEL_ID.match(base)) or bool(_ARN.match(value))


def suggest_model(value: str) -> str | None:
    """What a near-miss probably meant: `Claude Sonnet 4.5` -> `claude-sonnet-4-5`."""
    v = value.strip().lower().split("/")[-1]
    v = re.sub(r"\s*\(.*?\)\s*", "", v)
    v = re.sub(r"[\s._]+", "-", v).strip("-")
    if v in MODEL_ALIASES:
        return v
    m = re.match(rf"^claude-(\d+(?:-\d+)?)-({_FAMILIES})(-\d{{8}})?$", v)
    if m and not m.group(1).startswith("3"):
        v = f"claude-{m.group(2)}-{m.group(1)}{m.group(3) or ''}"
    if not v.startswith("claude-") and re.match(rf"^({_FAMILIES})-\d", v):
        v = "claude-" + v
    return v if is_claude_model(v) and v != value else None


@rule("model-unknown", "warning", "`model` is not an alias or model id Claude Code knows")
def _model_unknown(agent: Agent) -> Iterator[Hit]:
    raw = agent.metadata.get("model")
    if raw is None or raw == "":
        return
    line = _line(agent, "model")
    if not isinstance(raw, str):
        yield (
            f"`model` is a YAML {type(raw).__name__} (`{agent.model}`); Claude Code expects "
            "one alias or model id",
            "write a single value, e.g. `model: sonnet` or `model: inherit`",
            line,
        )
        return
    if is_claude_model(raw):
        return
    hint = suggest_model(raw)
    yield (
        f"`model: {raw}` is not a model alias (`sonnet`, `opus`, `haiku`, `inherit`, ...) or a "
        "full model id Claude Code knows; it may fail to start the agent",
        f"use `model: {hint}`"
        if hint
        else "use an alias such as `sonnet` or `inherit`, or a full id such as "
        "`claude-sonnet-4-5-20250929`",
        line,
    )


# --------------------------------------------------------------------------- tools

_TOOL_LOOKUP = {t.lower(): t for t in CLAUDE_TOOLS | CLAUDE_OLD_TOOLS}


@rule("tool-unknown", "warning", "`tools` names a tool Claude Code does not have")
def _tool_unknown(agent: Agent) -> Iterator[Hit]:
    for key in ("tools", "disallowedTools"):
        tools = agent.tools if key == "tools" else agent.disallowed_tools
        unknown = [t for t in tools or [] if not is_claude_tool(t)]
        if not unknown:
            continue
        named = ", ".join(f"`{t}`" for t in unknown[:8]) + (" ..." if len(unknown) > 8 else "")
        hints = [
            f"`{t}` -> `{_TOOL_LOOKUP[tool_base(t).lower()]}`"
            for t in unknown
            if tool_base(t).lower() in _TOOL_LOOKUP
        ]
        spaced = [t for t in unknown if " " in t and all(map(is_claude_tool, t.split()))]
        if spaced:
            fix = f"separate tool names with commas: `{', '.join(spaced[0].split())}`"
        elif hints:
            fix = "tool names are case-sensitive: " + ", ".join(hints[:6])
        else:
            fix = (
                "use Claude Code's tool names (Read, Edit, Write, Bash, Grep, Glob, WebFetch, "
                "...) and `mcp__<server>__<tool>` for MCP tools"
            )
        noun = "tool" if len(unknown) == 1 else "tools"
        yield (
            f"`{key}` lists {len(unknown)} {noun} Claude Code does not have: {named}; "
            "it ignores them",
            fix,
            _line(agent, key),
        )


@rule("tools-conflict", "info", "a tool is both allowed and denied")
def _tools_conflict(agent: Agent) -> Iterator[Hit]:
    both = [t for t in agent.tools or [] if t in set(agent.disallowed_tools or [])]
    if both:
        yield (
            f"{', '.join(f'`{t}`' for t in both)} is in both `tools` and `disallowedTools`; "
            "the denial wins, so the agent cannot use it",
            "remove it from one of the two lists",
            _line(agent, "disallowedTools"),
        )


# --------------------------------------------------------------------------- keys and values

CLAUDE_KEYS = (
    "name", "description", "tools", "disallowedTools", "model", "permissionMode", "maxTurns",
    "skills", "mcpServers", "hooks", "memory", "background", "effort", "isolation", "color",
    "initialPrompt",
)  # fmt: skip
"""Frontmatter keys of Claude Code subagents (sub-agents page)."""

OTHER_FORMAT_KEYS = frozenset(
    {
        # GitHub Copilot, OpenCode, Gemini CLI, Cursor: right in their own format, not typos
        "mode", "temperature", "top_p", "steps", "permission", "permissions", "hidden",
        "disable", "globs", "alwaysApply", "target", "handoffs", "argument-hint", "mcp-servers",
        "user-invocable", "disable-model-invocation", "infer", "max_turns", "timeout_mins",
        "kind", "display_name", "category", "version", "author", "tags", "id", "type",
        "dependencies", "agents", "agent", "metadata", "license",
    }
)  # fmt: skip

# Keys other tools use for a field Claude Code spells differently.
KEY_SYNONYMS = {
    "allowed-tools": "tools",
    "allowed_tools": "tools",
    "allowedTools": "tools",
    "disallowed-tools": "disallowedTools",
    "disallowed_tools": "disallowedTools",
    "max-turns": "maxTurns",
    "max_turns": "maxTurns",
    "permission-mode": "permissionMode",
    "permission_mode": "permissionMode",
    "mcp-servers": "mcpServers",
    "initial-prompt": "initialPrompt",
}


def _norm_key(key: str) -> str:
    return re.sub(r"[-_\s]", "", key).lower()


_NORM_KEYS = {_norm_key(k): k for k in CLAUDE_KEYS}


def suggest_key(key: str) -> str | None:
    if key in CLAUDE_KEYS:
        return None
    if key in KEY_SYNONYMS:
        return KEY_SYNONYMS[key]
    if key in OTHER_FORMAT_KEYS:
        return None
    if _norm_key(key) in _NORM_KEYS:
        return _NORM_KEYS[_norm_key(key)]
    close = difflib.get_close_matches(key, CLAUDE_KEYS, n=1, cutoff=0.8)
    return close[0] if close else None


@rule("key-typo", "warning", "a frontmatter key looks like a misspelt Claude Code key")
def _key_typo(agent: Agent) -> Iterator[Hit]:
    for key in agent.metadata:
        meant = suggest_key(key)
        if meant is None:
            continue
        also = f" (the file also has `{meant}`)" if meant in agent.metadata else ""
        yield (
            f"`{key}` is not a Claude Code key; did you mean `{meant}`?{also} Claude Code "
            "ignores unknown keys, so this value has no effect",
            f"rename `{key}` to `{meant}`",
            _line(agent, key),
        )


COLORS = frozenset({"red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"})
ENUMS: dict[str, frozenset[str]] = {
    "permissionMode": frozenset(
        {"default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan", "manual"}
    ),
    "memory": frozenset({"user", "project", "local"}),
    "isolation": frozenset({"worktree"}),
    "effort": frozenset({"low", "medium", "high", "xhigh", "max"}),
    "color": COLORS,
}


@rule("field-value", "warning", "a field's value is outside what Claude Code documents")
def _field_value(agent: Agent) -> Iterator[Hit]:
    meta = agent.metadata
    for key, allowed in ENUMS.items():
        value = meta.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or value.strip() not in allowed:
            choices = ", ".join(f"`{a}`" for a in sorted(allowed))
            yield (
                f"`{key}: {_show(value)}` is not one of the documented values ({choices}); "
                "Claude Code ignores it",
                f"use one of {choices}",
                _line(agent, key),
            )
    turns = meta.get("maxTurns")
    if turns is not None and (isinstance(turns, bool) or not _positive_int(turns)):
        yield (
            f"`maxTurns: {_show(turns)}` is not a positive whole number; Claude Code ignores it",
            "write a number of turns, e.g. `maxTurns: 20`",
            _line(agent, "maxTurns"),
        )
    background = meta.get("background")
    if background is not None and not isinstance(background, bool):
        yield (
            f"`background: {_show(background)}` is not `true` or `false`",
            "write `background: true` or `background: false`",
            _line(agent, "background"),
        )
    for key, fits, what, example in _SHAPES:
        value = meta.get(key)
        if value is not None and value != "" and not fits(value):
            yield (f"`{key}: {_show(value)}` is not {what}", example, _line(agent, key))


def _hooks_shape(value: Any) -> bool:
    if not isinstance(value, dict) or not value:
        return False
    for groups in value.values():
        if not isinstance(groups, list):
            return False
        for g in groups:
            if not isinstance(g, dict) or not isinstance(g.get("hooks"), list):
                return False
            if not all(isinstance(h, dict) and h.get("type") for h in g["hooks"]):
                return False
    return True


def _servers_shape(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value) and all(isinstance(v, dict) for v in value.values())
    if isinstance(value, list):
        return bool(value) and all(
            isinstance(s, str) or (isinstance(s, dict) and len(s) == 1) for s in value
        )
    return False


_SHAPES: tuple[tuple[str, Callable[[Any], bool], str, str], ...] = (
    (
        "initialPrompt",
        lambda v: isinstance(v, str),
        "text; Claude Code sends it as the first user turn, so it must be a string",
        "write the prompt as a string, e.g. `initialPrompt: Review the open pull request`",
    ),
    (
        "hooks",
        lambda v: _hooks_shape(v),
        "a mapping of hook events to lists of `{matcher, hooks: [{type: command, command}]}`; "
        "Claude Code does not run it",
        "write e.g. `hooks: {PreToolUse: [{matcher: Bash, hooks: [{type: command, "
        "command: ./check.sh}]}]}`",
    ),
    (
        "mcpServers",
        lambda v: _servers_shape(v),
        "a list of server names or `{name: config}` entries (or a mapping of them); "
        "Claude Code ignores it",
        "write e.g. `mcpServers: [github]` or `mcpServers: [{docs: {command: npx, args: "
        "[docs-mcp]}}]`",
    ),
)
"""Settings judged by their shape: (key, test, what it must be, the fix)."""


def _positive_int(value: Any) -> bool:
    try:
        return int(str(value).strip()) > 0 and float(str(value).strip()).is_integer()
    except ValueError:
        return False


def _show(value: Any) -> str:
    return truncate(value if isinstance(value, str) else repr(value), 40, strip="")


# --------------------------------------------------------------------------- ignored here

PLUGIN_IGNORED = {
    "hooks": "put the hooks in the plugin's `hooks/hooks.json`",
    "mcpServers": "declare the servers in the plugin's `.mcp.json`",
    "permissionMode": "remove it; it applies only to agents in `.claude/agents/` or "
    "`~/.claude/agents/`",
}
"""What Claude Code's plugin agents ignore without a warning (plugins reference), and where
the setting belongs instead."""


@rule(
    "plugin-ignored-field",
    "warning",
    "`hooks`, `mcpServers` or `permissionMode` in an agent that ships inside a plugin",
)
def _plugin_ignored(agent: Agent) -> Iterator[Hit]:
    plugin = agent.settings.get("plugin")
    if plugin is None:
        return
    for key, fix in PLUGIN_IGNORED.items():
        if key in agent.metadata:
            yield (
                f"`{key}` is set, but this agent ships inside the plugin `{plugin}/`: "
                "Claude Code ignores this here, silently",
                fix,
                _line(agent, key),
            )


OTHER_TOOLS_KEYS = {
    "handoffs": "GitHub Copilot",
    "target": "GitHub Copilot",
    "mode": "OpenCode",
    "temperature": "OpenCode and Gemini CLI",
    "top_p": "OpenCode",
    "steps": "OpenCode",
    "permission": "OpenCode",
    "permissions": "OpenCode",
    "hidden": "OpenCode",
    "disable": "OpenCode",
    "globs": "Cursor",
    "alwaysApply": "Cursor",
    "kind": "Gemini CLI",
    "timeout_mins": "Gemini CLI",
    "readonly": "Cursor",
    "is_background": "Cursor",
}
"""Keys that do something in another tool's agent files and nothing in a Claude Code subagent
(keys Claude Code reads in skills or commands, such as `argument-hint`, are left out: the
same folders hold those)."""


@rule("key-ignored", "warning", "a key another tool reads, which Claude Code ignores")
def _key_ignored(agent: Agent) -> Iterator[Hit]:
    for key in agent.metadata:
        tool = OTHER_TOOLS_KEYS.get(key)
        if tool:
            yield (
                f"`{key}` is a {tool} setting, not a Claude Code one: Claude Code ignores "
                "this here, silently",
                f"remove `{key}`, or keep the agent in {tool}'s own format and folder",
                _line(agent, key),
            )


# --------------------------------------------------------------------------- skills, commands

ITEM_RULES: list[Rule] = []
"""Rules on skills and commands (`Rule.formats` holds the kinds they apply to)."""


def item_rule(id: str, severity: str, summary: str, kinds: Iterable[str]):
    def register(fn: Callable[[Any], Iterable[Hit]]):
        ITEM_RULES.append(Rule(id, severity, summary, frozenset(kinds), fn))
        return fn

    return register


def apply_item_rules(item: Any) -> None:
    """Every rule of the item's kind (`skill`, `command`); safe to call again (replaces)."""
    ids = {r.id for r in ITEM_RULES}
    item.diagnostics = [d for d in item.diagnostics if d.rule not in ids]
    for r in ITEM_RULES:
        if r.formats is not None and item.kind not in r.formats:
            continue
        for message, fix, line in r.check(item):
            item.diag(r.severity, r.id, message, fix, line)


SKILL_NAME_MAX = 64
SKILL_DESCRIPTION_MAX = 1024
SKILL_COMPATIBILITY_MAX = 500
SKILL_BODY_LINES = 500
SKILL_BODY_TOKENS = 5000
"""The Agent Skills standard's bounds (agentskills.io specification)."""


@item_rule(
    "skill-name-missing",
    "warning",
    "a `SKILL.md` with no `name` (Claude Code uses the folder's name; the standard requires it)",
    ("skill",),
)
def _skill_name_missing(skill: Any) -> Iterator[Hit]:
    if skill.name_from == "frontmatter":
        return
    yield (
        f"the frontmatter has no `name`: Claude Code names the skill after its folder "
        f"(`{skill.name}`), but the Agent Skills standard requires `name`, and other tools that "
        "follow it may not load the skill",
        f"add `name: {skill.folder or 'my-skill'}` to the frontmatter",
        _line(skill, "name") or _first_line(skill),
    )


@item_rule(
    "skill-name-invalid",
    "warning",
    "a skill's `name` is not lowercase letters, digits and single hyphens, or is over 64 "
    "characters",
    ("skill",),
)
def _skill_name_invalid(skill: Any) -> Iterator[Hit]:
    if skill.name_from != "frontmatter":
        return
    name = skill.name
    problems = []
    if len(name) > SKILL_NAME_MAX:
        problems.append(f"is {len(name)} characters long (at most {SKILL_NAME_MAX})")
    if not _NAME_STYLE.match(name):
        problems.append("is not lowercase letters, digits and hyphens")
    if problems:
        yield (
            f"the skill name `{truncate(name, 80)}` {' and '.join(problems)}, as the Agent "
            "Skills standard requires; it is also what a user types after `/`",
            f"rename it to `{slugify(name, SKILL_NAME_MAX) or 'my-skill'}`",
            _line(skill, "name"),
        )


@item_rule(
    "skill-name-folder",
    "warning",
    "a skill's `name` differs from its folder's name (the standard requires them equal)",
    ("skill",),
)
def _skill_name_folder(skill: Any) -> Iterator[Hit]:
    if skill.name_from != "frontmatter" or not skill.folder or skill.name == skill.folder:
        return
    yield (
        f"the skill is named `{truncate(skill.name, 80)}` but its folder is "
        f"`{skill.folder}`; the Agent Skills standard requires the two to be equal",
        f"rename the folder to `{slugify(skill.name, SKILL_NAME_MAX) or skill.folder}`, or "
        f"set `name: {skill.folder}`",
        _line(skill, "name"),
    )


@item_rule(
    "skill-description-missing",
    "warning",
    "a `SKILL.md` with no `description` (Claude Code uses the first paragraph)",
    ("skill",),
)
def _skill_description_missing(skill: Any) -> Iterator[Hit]:
    if skill.description_from == "frontmatter":
        return
    got = "its first paragraph" if skill.description else "nothing (the body has no prose)"
    yield (
        "the frontmatter has no `description`: the model decides when to use a skill from "
        f"it, Claude Code falls back on {got}, and the Agent Skills standard requires it",
        "add `description:` saying what the skill does and when to use it",
        _line(skill, "description") or _first_line(skill),
    )


@item_rule(
    "skill-description-long",
    "warning",
    "a skill's `description` is over 1,024 characters",
    ("skill",),
)
def _skill_description_long(skill: Any) -> Iterator[Hit]:
    if skill.description_from == "frontmatter" and len(skill.description) > SKILL_DESCRIPTION_MAX:
        yield (
            f"the description is {len(skill.description):,} characters; the Agent Skills "
            f"standard allows at most {SKILL_DESCRIPTION_MAX:,}",
            "shorten it to what the skill does and when to use it; move details to the body",
            _line(skill, "description"),
        )


@item_rule(
    "skill-compatibility-long",
    "warning",
    "a skill's `compatibility` is over 500 characters",
    ("skill",),
)
def _skill_compatibility_long(skill: Any) -> Iterator[Hit]:
    value = skill.metadata.get("compatibility")
    if isinstance(value, str) and len(value) > SKILL_COMPATIBILITY_MAX:
        yield (
            f"`compatibility` is {len(value):,} characters; the Agent Skills standard allows "
            f"at most {SKILL_COMPATIBILITY_MAX}",
            "keep it to the environment the skill needs (products, packages, network)",
            _line(skill, "compatibility"),
        )


@item_rule(
    "skill-body-long",
    "info",
    "a skill's body is over 500 lines or about 5,000 tokens",
    ("skill",),
)
def _skill_body_long(skill: Any) -> Iterator[Hit]:
    over = []
    if skill.body_lines > SKILL_BODY_LINES:
        over.append(f"{skill.body_lines:,} lines")
    if skill.body_tokens > SKILL_BODY_TOKENS:
        over.append(f"about {skill.body_tokens:,} tokens")
    if over:
        yield (
            f"the body is {' and '.join(over)}; the whole of it enters the context when the "
            f"skill is used, and the standard advises under {SKILL_BODY_LINES} lines and "
            f"about {SKILL_BODY_TOKENS:,} tokens",
            "move reference material to files in the skill's folder, which are read only "
            "when needed, and link them from SKILL.md",
            skill.body_line,
        )


# --------------------------------------------------------------------------- the whole list

READER_CHECKS: dict[str, tuple[str, str]] = {
    # what the reader reports while reading a file (`decoding`, `frontmatter_split`,
    # `yaml_fields`, `body`, `reader`) and the catalog while finding and comparing files
    "unreadable": ("error", "the file cannot be read (permissions, a broken link)"),
    "empty-file": ("error", "the file is empty"),
    "file-too-large": ("error", "the file is over 2 MB; only its head was read"),
    "binary-content": ("error", "the file holds NUL bytes: binary or corrupted"),
    "encoding-utf16": ("error", "UTF-16: Claude Code reads UTF-8 and skips the file"),
    "encoding-invalid": ("warning", "bytes that are not UTF-8 were replaced"),
    "encoding-bom": ("warning", "a byte-order mark stands before the opening `---`"),
    "crlf": ("info", "Windows (CRLF) line endings"),
    "no-frontmatter": ("warning", "Markdown without frontmatter (not a README): not an agent"),
    "flattened-frontmatter": ("error", "the whole file is on one line"),
    "frontmatter-indented": ("error", "the frontmatter block is indented"),
    "frontmatter-not-first": ("error", "blank lines before the opening `---`"),
    "frontmatter-unclosed": ("error", "no closing `---` line"),
    "frontmatter-close-line": (
        "info",
        "the closing line is not a bare `---` (a row of dashes, `--- text`); the frontmatter "
        "ends there",
    ),
    "frontmatter-empty": ("error", "nothing between the `---` lines"),
    "frontmatter-too-large": ("error", "the frontmatter is over 1,000 lines or 40,000 characters"),
    "yaml-too-complex": ("error", "YAML aliases, nesting or numbers beyond the reader's bounds"),
    "frontmatter-not-mapping": ("error", "the frontmatter is not `key: value` lines"),
    "frontmatter-tab-indent": ("error", "the frontmatter is indented with tabs"),
    "frontmatter-tabs": ("warning", "a tab after a key or in a value"),
    "yaml-unquoted-colon": (
        "warning or error",
        "an unquoted `: ` in a value; error when Claude Code cannot read the block either",
    ),
    "yaml-alias-value": (
        "warning or error",
        "a value starting with `*` (`tools: *`, `globs: **/*`)",
    ),
    "yaml-invalid": ("warning or error", "other YAML that strict parsers reject"),
    "yaml-key-split": ("warning", "Claude Code reads a line of a value as a key of its own"),
    "yaml-duplicate-key": ("error", "a key given twice"),
    "tools-shape": ("warning", "`tools` is not a list of names, or repeats one"),
    "description-literal-escapes": ("info", "literal `\\n` escapes in the description"),
    "body-unclosed-fence": ("warning", "a code block in the body is never closed"),
    "body-bidi-control": (
        "warning",
        "Unicode bidirectional controls in the body (shown as escapes: Trojan Source)",
    ),
    "body-relative-link": ("info", "a relative link in the body (shown as text)"),
    "body-unsafe-link": ("warning", "a `javascript:` or `data:` link in the body (removed)"),
    "body-fence-info": ("info", "a code block's opening line carries more than a language"),
    "body-snippet-marker": ("warning", "a `--8<--` snippet marker in the body (defused)"),
    "body-too-large": ("error", "the body is over 256,000 characters (cut)"),
    "duplicate-name": ("warning", "another agent in the same agents folder has the name"),
    "subagent-missing": (
        "info",
        "`Agent(name)` / `Task(name)` in `tools` names a subagent that is not in the catalog",
    ),
    "source-missing": ("error", "a configured source matches nothing"),
    "source-empty": ("warning", "a configured source holds no agent file"),
    "symlink-outside": ("warning", "a symbolic link out of its source (not followed)"),
    "symlink-broken": ("warning", "a broken or looping symbolic link in a source"),
    "not-regular-file": ("warning", "a pipe, socket or device in a source (not read)"),
    "read-failed": ("error", "reading the file failed unexpectedly; the rest was built"),
    "skill-missing": (
        "info",
        "an agent's `skills` names a skill that is not in the catalog",
    ),
    "duplicate-skill": ("warning", "another skill in the same skills folder has the name"),
    "duplicate-command": ("warning", "another command in the same commands folder has the name"),
    "command-no-frontmatter": (
        "info",
        "a command with no frontmatter (named by its file, described by its first line)",
    ),
    "command-description-missing": (
        "info",
        "a command's frontmatter has no `description` (its first line is shown)",
    ),
    "skill-file-name": (
        "warning",
        "a file in a source configured as skills that is no skill's `SKILL.md`",
    ),
}


PLUGIN_CHECKS: dict[str, tuple[str, str]] = {
    # Claude Code plugins and marketplaces (`catalog/plugins.py`), on their manifests
    "plugin-manifest-invalid": (
        "error",
        "a `plugin.json` that is not strict JSON, not an object, or has no `name`",
    ),
    "marketplace-invalid": (
        "error",
        "a `marketplace.json` that is not strict JSON, or lacks `name`, `plugins` or an entry's `name`",
    ),
    "plugin-folder-missing": (
        "warning",
        "a marketplace entry whose `source` folder does not exist or leaves the marketplace",
    ),
    "plugin-remote": (
        "info",
        "a marketplace entry fetched from another repository (not catalogued)",
    ),
    "plugin-manifest-missing": (
        "info",
        "a listed plugin folder with no `.claude-plugin/plugin.json`",
    ),
    "plugin-path-missing": (
        "warning",
        "a component path (skills, agents, commands, ...) that does not exist in the plugin",
    ),
    "plugin-name-invalid": (
        "warning",
        "a plugin or marketplace name an install command cannot carry (no command is shown)",
    ),
    "plugin-name-mismatch": (
        "warning",
        "`plugin.json` and the marketplace entry name the plugin differently",
    ),
    "plugin-duplicate": ("warning", "a marketplace lists two plugins of one name"),
    "plugin-field-shape": ("warning", "a manifest field of the wrong type (not shown)"),
    "plugin-url-unsafe": (
        "warning",
        "a `homepage` or `repository` that is not `http(s)` (shown as text)",
    ),
}


def all_checks() -> list[tuple[str, str, str]]:
    """(id, severity, summary) of every finding the catalog can report, for docs and pages."""
    out = [(k, sev, summary) for k, (sev, summary) in READER_CHECKS.items()]
    out += [(k, sev, summary) for k, (sev, summary) in PLUGIN_CHECKS.items()]
    out += [(r.id, r.severity, r.summary) for r in RULES]
    out += [(r.id, r.severity, r.summary) for r in ITEM_RULES]
    out += [(k, sev, summary) for k, (sev, summary) in FORMAT_CHECKS.items()]
    return sorted(out)
