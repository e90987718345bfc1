"""The agent model every part of the catalog shares.

Data flows one way: files -> :class:`Agent` (normalised fields + diagnostics) -> analyses ->
pages. Nothing here knows about MkDocs, HTML or templates; readers fill these objects, the
renderer and exporters only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

SEVERITIES = ("error", "warning", "info")
"""Ordered from most to least severe; `error` means the agent's own tool would skip or misread
the file, `warning` that it works but is wrong or risky, `info` a matter of style."""


class Finding(NamedTuple):
    """A finding as every reading step reports it (decoding, frontmatter fields, body, TOML),
    before it is attached to its file as a :class:`Diagnostic`. One shape for all of them."""

    severity: str
    rule: str
    message: str
    fix: str = ""
    line: int | None = None


@dataclass
class Diagnostic:
    """One finding about one file: a value, not a log line, so every front end can show it."""

    severity: str
    rule: str
    message: str
    fix: str = ""
    line: int | None = None
    source: str = ""

    @classmethod
    def of(cls, finding: Finding, source: str, line: int | None = None) -> Diagnostic:
        """`finding` attached to the file `source` (at `line`, when the reader knows better)."""
        return cls(*finding[:4], finding.line if line is None else line, source)

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "fix": self.fix,
            "line": self.line,
        }


@dataclass
class Example:
    """A "when to use" example taken out of an `<example>` block in a description."""

    context: str = ""
    dialogue: list[tuple[str, str]] = field(default_factory=list)
    """(speaker, text) turns in order; speaker as written, e.g. `user`, `assistant`."""
    commentary: str = ""
    other: str = ""
    """Text inside the block that fits none of the labelled parts (kept, never dropped)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "context": self.context,
            "dialogue": [{"speaker": s, "text": t} for s, t in self.dialogue],
            "commentary": self.commentary,
            "other": self.other,
        }


class HasFindings:
    """`diag` and `worst_severity` for every entry that carries `source` and `diagnostics`
    (agents, skills, commands)."""

    source: str
    diagnostics: list[Diagnostic]

    def diag(
        self, severity: str, rule: str, message: str, fix: str = "", line: int | None = None
    ) -> Diagnostic:
        d = Diagnostic(severity, rule, message, fix, line, self.source)
        self.diagnostics.append(d)
        return d

    @property
    def worst_severity(self) -> str | None:
        for sev in SEVERITIES:
            if any(d.severity == sev for d in self.diagnostics):
                return sev
        return None


@dataclass
class Agent(HasFindings):
    """One agent definition, normalised.

    `tools is None` means the key was absent: the agent inherits every tool (never "no tools");
    `tools == []` means it was explicitly given no tools.
    """

    name: str
    source: str
    """Path relative to the catalog's base folder (the mkdocs.yml folder), POSIX separators."""
    path: Path
    format: str = "claude"
    description: str = ""
    """Full description with escapes resolved (``\\n`` -> line break), examples included."""
    intro: str = ""
    """The description without its `<example>` blocks: what pages show as prose."""
    summary: str = ""
    """One line, for tables."""
    examples: list[Example] = field(default_factory=list)
    model: str | None = None
    tools: list[str] | None = None
    disallowed_tools: list[str] | None = None
    color: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    """Every frontmatter key as read (or as recovered), in file order."""
    settings: dict[str, Any] = field(default_factory=dict)
    """Format-specific settings, normalised for display and export, in a stable order
    (Copilot `target` and `handoffs`, OpenCode `mode` and `temperature`, Cursor `globs`, Codex
    `sandbox_mode`, ...); filled by the format's module (see `formats/`)."""
    body: str = ""
    """The prompt body as Markdown, already made safe to render (fences closed, etc.)."""
    raw_text: str = ""
    """The decoded file text, as read."""
    body_line: int = 1
    """1-based line of the file where the body starts (for diagnostics on body lines)."""
    key_lines: dict[str, int] = field(default_factory=dict)
    """Frontmatter key -> 1-based line in the file, for diagnostics about a field."""
    name_from: str = "frontmatter"
    """Where the name came from: `frontmatter` or `filename`."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    slug: str = ""
    """Assigned by the catalog once all agents are known (see `slugs.py`)."""
    tools_wildcard: bool = False
    """`tools` was `*` (or the format's own "every tool"): `tools` is None, as when absent."""
    format_detected_by: str = ""
    """How the format was decided: `config`, `extension`, `location`, `content`, `default`."""
    analysis: dict[str, Any] = field(default_factory=dict)
    """Filled by the analyses (capabilities, tokens, responsibilities, ...), on the analysis
    stage's own copy of the agent: the finalised agent keeps an empty dict."""

    @property
    def inherits_all_tools(self) -> bool:
        return self.tools is None


@dataclass
class Item(HasFindings):
    """A catalog entry that is not an agent: a skill or a command (the shared base).

    Read by the same steps as an agent (`reading/items.py`: decoding, frontmatter, body made
    safe), so its text reaches pages through the same choke points. `settings` holds what the
    catalog adds once every file is known: `plugin` (the plugin folder it ships in, as a
    source path, as for agents).
    """

    name: str
    source: str
    """Path relative to the catalog's base folder, POSIX separators."""
    path: Path
    description: str = ""
    """As written (or, when the file gives none, taken from its body: `description_from`)."""
    summary: str = ""
    """One line, for tables."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Every frontmatter key as read, in file order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    body: str = ""
    """The prompt as Markdown, already made safe to render (`reading/body.prepare_body`)."""
    key_lines: dict[str, int] = field(default_factory=dict)
    raw_text: str = ""
    body_line: int = 1
    allowed_tools: list[str] | None = None
    """`allowed-tools` as a list (None: the key is absent; the tools are not limited)."""
    model: str | None = None
    name_from: str = "frontmatter"
    """`frontmatter`, `folder` (skills) or `filename` (commands)."""
    description_from: str = "frontmatter"
    """`frontmatter`, or where a missing description was taken from: `heading`, `line`."""
    settings: dict[str, Any] = field(default_factory=dict)
    slug: str = ""
    """Assigned by the catalog once all items of the kind are known (`slugs.py`)."""

    kind = "item"
    """`skill` or `command`: the URL prefix is its plural (`skills/<slug>/`)."""


@dataclass
class Skill(Item):
    """A `SKILL.md` (the Agent Skills standard) and the folder it names."""

    folder: str = ""
    """The skill folder's own name (the standard wants `name` equal to it)."""
    files: list[str] = field(default_factory=list)
    """The folder's other files, relative to it (`references/api.md`), by name only; listed
    by `catalog.finalise` at each build (the read skill may be cached while its folder
    changes)."""
    body_lines: int = 0
    body_tokens: int = 0
    """An estimate (`analysis/tokens.py`), for the standard's "about 5,000 tokens"."""

    kind = "skill"


@dataclass
class Command(Item):
    """A custom slash command (`.claude/commands/*.md`, a plugin's `commands/`): the file name
    is the command, the body its prompt."""

    argument_hint: str | None = None
    namespace: str = ""
    """The subfolder under `commands/` (`frontend` for `commands/frontend/x.md`), shown by
    Claude Code beside the description; empty at the top."""

    kind = "command"

    @property
    def invocation(self) -> str:
        """What a user types: `/name`."""
        return "/" + self.name


@dataclass
class Skipped:
    """A file found in a source that is not an agent (a README, binary junk, ...), with why."""

    source: str
    path: Path
    reason: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Catalog:
    agents: list[Agent] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Findings about the catalog as a whole (a source that matches nothing, ...)."""
    name_groups: dict[str, tuple[Agent, ...]] = field(default_factory=dict)
    """Shared base slug -> the agents whose names reduce to it (two or more, by source), set
    once by `catalog.finalise` with the slugs: their comparison page is `agents/<base>/`."""
    plugins: list[Any] = field(default_factory=list)
    """Claude Code plugins (`catalog/plugins.py`'s `Plugin`), set by `catalog.finalise`."""
    marketplaces: list[Any] = field(default_factory=list)
    """Their marketplaces (`Marketplace`), those that could not be read included."""
    plugin_scan: Any = None
    """The manifests the read stage found (`catalog/plugins.py`'s `Scan`)."""
    skills: list[Skill] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)

    @property
    def items(self) -> list[Item]:
        """Skills then commands: every entry that is not an agent."""
        return [*self.skills, *self.commands]

    def all_diagnostics(self) -> list[Diagnostic]:
        out = list(self.diagnostics)
        for a in self.agents:
            out.extend(a.diagnostics)
        for i in self.items:
            out.extend(i.diagnostics)
        for s in self.skipped:
            out.extend(s.diagnostics)
        for m in self.marketplaces:
            out.extend(m.diagnostics)
        for p in self.plugins:
            out.extend(p.diagnostics)
        return out
