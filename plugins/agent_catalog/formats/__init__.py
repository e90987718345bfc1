"""Which tool an agent file is written for, and what that tool's own rules add to the model.

Teams keep agents for several tools side by side; each tool reads its own file shape. The
format is decided from where the file lives and how it is named (`detect_format`), then, for a
Markdown file in no tool's folder, from what its frontmatter holds (`sniff_format`). The common
reader fills the shared fields first; the format's module then applies that tool's rules
(`apply_format`): where the name comes from, what `tools` means, which keys are required.
Codex agents are TOML, not Markdown: `codex.parse_agent_toml` reads them.

One module per format: `claude`, `copilot`, `opencode`, `gemini`, `cursor` (rules),
`cursor_agent` (Cursor subagents, `.cursor/agents/`), `codex`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..model import Agent
from . import claude, codex, copilot, cursor, cursor_agent, gemini, opencode

FORMATS = ("claude", "copilot", "opencode", "gemini", "cursor", "cursor-agent", "codex")
"""The values of `agent.format` (and of `"format"` in agents.json)."""


@dataclass(frozen=True)
class FormatInfo:
    key: str
    label: str
    """The tool's name as its users know it."""
    install_dir: str
    """Project folder the tool reads agents from (where an install snippet puts the file)."""
    docs_url: str
    extension: str = ".md"
    """The file ending the tool reads in that folder."""
    tool: str = ""
    """The tool that reads the folder, where the label names more than the tool (Cursor
    subagents: Cursor); empty means the label."""


INFO: dict[str, FormatInfo] = {
    "claude": FormatInfo(
        "claude", "Claude Code", ".claude/agents", "https://code.claude.com/docs/en/sub-agents"
    ),
    "copilot": FormatInfo(
        "copilot",
        "GitHub Copilot",
        ".github/agents",
        "https://docs.github.com/en/copilot/reference/custom-agents-configuration",
        ".agent.md",
    ),
    "opencode": FormatInfo(
        "opencode", "OpenCode", ".opencode/agents", "https://opencode.ai/docs/agents/"
    ),
    "gemini": FormatInfo(
        "gemini", "Gemini CLI", ".gemini/agents", "https://geminicli.com/docs/core/subagents/"
    ),
    "cursor": FormatInfo(
        "cursor", "Cursor", ".cursor/rules", "https://docs.cursor.com/context/rules", ".mdc"
    ),
    "cursor-agent": FormatInfo(
        "cursor-agent",
        "Cursor subagents",
        ".cursor/agents",
        "https://cursor.com/docs",
        tool="Cursor",
    ),
    "codex": FormatInfo(
        "codex",
        "Codex",
        ".codex/agents",
        "https://developers.openai.com/codex/subagents",
        ".toml",
    ),
}

CHECKS: dict[str, tuple[str, str]] = {
    **copilot.CHECKS,
    **opencode.CHECKS,
    **gemini.CHECKS,
    **cursor.CHECKS,
    **cursor_agent.CHECKS,
    **codex.CHECKS,
}
"""Every finding the formats' own rules can report: id -> (severity, summary)."""

_NORMALISERS = {
    "claude": claude.normalise,
    "copilot": copilot.normalise,
    "opencode": opencode.normalise,
    "gemini": gemini.normalise,
    "cursor": cursor.normalise,
    "cursor-agent": cursor_agent.normalise,
    "codex": codex.normalise,
}

# hidden folder -> {sub-folder that holds agents: format}, checked on each path component pair.
_FOLDERS: dict[str, dict[str, str]] = {
    ".claude": {"agents": "claude"},
    ".github": {"agents": "copilot", "chatmodes": "copilot"},
    ".copilot": {"agents": "copilot"},
    ".opencode": {"agent": "opencode", "agents": "opencode"},
    "opencode": {"agent": "opencode", "agents": "opencode"},  # ~/.config/opencode/agents
    ".gemini": {"agents": "gemini"},
    "gemini-cli": {"agents": "gemini"},  # ~/.config/gemini-cli/agents
    ".cursor": {"rules": "cursor", "agents": "cursor-agent"},
    ".codex": {"agents": "codex"},
}


def project_folders() -> list[tuple[str, str]]:
    """(folder, format) for each place a tool reads a project's agents from, relative to the
    repository's root (`.claude/agents`, `.github/agents`, ...): where `init` looks."""
    return [
        (f"{hidden}/{sub}", subs[sub])
        for hidden, subs in _FOLDERS.items()
        if hidden.startswith(".")
        for sub in sorted(subs)
    ]


def detect_format(source: str, path: Any = None, override: str | None = None) -> tuple[str, str]:
    """Return (format, how it was decided): `config`, `extension`, `location` or `default`.

    The extension is the strongest signal (`.agent.md` is Copilot wherever it lives); then the
    nearest tool folder in the source path (then in the file's own path, for sources given
    relative to a folder deeper than the tool folder); otherwise Claude Code.
    """
    if override:
        return override, "config"
    name = PurePosixPath(source).name.lower()
    if name.endswith(".toml"):
        return "codex", "extension"
    if name.endswith((".agent.md", ".chatmode.md")):
        return "copilot", "extension"
    if name.endswith(".mdc"):
        return "cursor", "extension"
    for candidate in (source, str(path) if path is not None else ""):
        found = _by_folder(candidate.replace("\\", "/"))
        if found == "codex":  # Codex reads only TOML agents; a Markdown file there is not one
            break
        if found:
            return found, "location"
    return "claude", "default"


def _by_folder(path: str) -> str | None:
    parts = [p for p in path.split("/") if p][:-1]
    for i in range(len(parts) - 1, -1, -1):
        subs = _FOLDERS.get(parts[i])
        if subs and i + 1 < len(parts) and parts[i + 1] in subs:
            return subs[parts[i + 1]]
    return None


def sniff_format(meta: dict[str, Any]) -> str | None:
    """The format a frontmatter's own keys give away, for files found in no tool's folder.

    Conservative: only signals no Claude Code file carries. Gemini CLI's snake_case built-in
    tool names (`run_shell_command`, `read_file`); OpenCode's `tools` mapping of booleans, its
    `mode` values and its `permission` block.
    """
    if gemini.looks_like(meta):
        return "gemini"
    if opencode.looks_like(meta):
        return "opencode"
    return None


def resolve_format(fmt: str, how: str, meta: dict[str, Any]) -> tuple[str, str]:
    """The final (format, how) once the frontmatter is known: content decides for files that
    only had the default. Called before the common normalisation, so every rule, common or
    not, can ask `agent.format`."""
    if how == "default":
        sniffed = sniff_format(meta)
        if sniffed:
            return sniffed, "content"
    return fmt, how


def apply_format(agent: Agent, meta: dict[str, Any], lines: dict[str, int], how: str) -> None:
    """Apply the tool's own rules after the common normalisation. `how` is from detect_format."""
    agent.format_detected_by = how
    _NORMALISERS[agent.format](agent, meta, lines)


__all__ = [
    "CHECKS",
    "FORMATS",
    "INFO",
    "FormatInfo",
    "apply_format",
    "detect_format",
    "resolve_format",
    "sniff_format",
]
