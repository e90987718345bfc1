"""Codex custom agents: TOML files in `.codex/agents/` (project) or `~/.codex/agents/`.

From the Codex subagents documentation: `name`, `description` and `developer_instructions` (the
prompt) are required; optional `nickname_candidates`, `model`, `model_reasoning_effort`,
`sandbox_mode`, `web_search`, `mcp_servers`, `skills`, and other `config.toml` keys. There is no
per-agent tool list: the sandbox mode bounds what the agent can do. The file name is free;
`name` is what Codex spawns. A TOML file without any of the three keys (a `config.toml`, a
`pyproject.toml`) is not an agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..model import Agent, Finding
from ..reading import finite
from ..reading.finite import parse_float
from ._common import as_text, require

CHECKS = {
    "toml-invalid": ("error", "a Codex agent file that is not valid TOML"),
    "codex-name-missing": ("error", "a Codex agent without `name`"),
    "codex-description-missing": ("error", "a Codex agent without `description`"),
    "codex-developer-instructions-missing": ("error", "a Codex agent without its prompt"),
    "codex-model-reasoning-effort": ("warning", "an unknown `model_reasoning_effort`"),
    "codex-sandbox-mode": ("warning", "an unknown `sandbox_mode`"),
}
"""Every finding this format can report: id -> (severity, summary)."""

REQUIRED = ("name", "description", "developer_instructions")
EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")
SANDBOXES = ("read-only", "workspace-write", "danger-full-access")
_KEY = re.compile(r"""^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_-]+)\s*=""")
_TABLE = re.compile(r"^\s*\[")
_ERR_LINE = re.compile(r"at line (\d+)")


@dataclass
class TomlAgent:
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    findings: list[Finding] = field(default_factory=list)
    is_agent: bool = True


_TEXT_LIMIT = 2_000
"""A value too deeply nested to read is kept as this much of its text."""


def _loads(text: str) -> dict[str, Any]:
    """TOML as Codex reads it, with numbers JSON cannot hold kept as text (`finite.py`)."""
    return tomllib.loads(text, parse_float=parse_float)


def parse_agent_toml(text: str) -> TomlAgent:
    """Parse a Codex agent file; on a syntax error, recover the top-level string keys."""
    out = TomlAgent(lines=_key_lines(text))
    try:
        out.meta = _loads(text)
    except RecursionError:  # one value nested past Python's stack: lose only that value
        out.meta = _recover(text, out.lines)
        out.findings.append(
            Finding(
                "error",
                "toml-too-complex",
                "a value is nested too deeply to read; the other keys were read one by one and "
                "that value kept as text",
                "agent fields are text and short lists: remove the deep nesting",
                None,
            )
        )
    except tomllib.TOMLDecodeError as exc:
        m = _ERR_LINE.search(str(exc))
        out.meta = _recover(text, out.lines)
        out.findings.append(
            Finding(
                "error",
                "toml-invalid",
                f"the file is not valid TOML ({str(exc).split(' (at')[0]}); Codex does not load "
                "it. The string keys that could be read were recovered",
                'fix the TOML syntax: strings in quotes, long text in `"""` blocks',
                int(m.group(1)) if m else None,
            )
        )
    if not any(k in out.meta for k in REQUIRED):
        out.is_agent = False
        return out
    out.findings += finite.findings(out.meta, out.lines, None)
    body = out.meta.get("developer_instructions")
    out.body = body if isinstance(body, str) else as_text(body)
    out.body_line = _body_line(text, out.lines.get("developer_instructions"))
    return out


def _key_lines(text: str) -> dict[str, int]:
    """Line of each top-level key (before the first `[table]`)."""
    lines: dict[str, int] = {}
    in_multiline = False
    for i, line in enumerate(text.split("\n"), 1):
        if in_multiline:
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = False
            continue
        if _TABLE.match(line):
            break
        m = _KEY.match(line)
        if m:
            lines.setdefault(m.group(1).strip("\"'"), i)
            rest = line[m.end() :]
            if rest.count('"""') % 2 == 1 or rest.count("'''") % 2 == 1:
                in_multiline = True
    return lines


def _body_line(text: str, key_line: int | None) -> int:
    if key_line is None:
        return 1
    line = text.split("\n")[key_line - 1]
    opener = line.split("=", 1)[1].strip() if "=" in line else ""
    return key_line + 1 if opener in ('"""', "'''") else key_line


def _recover(text: str, lines: dict[str, int]) -> dict[str, Any]:
    """Read each top-level `key = value` on its own, so one bad line loses only itself."""
    out: dict[str, Any] = {}
    rows = text.split("\n")
    starts = sorted(lines.items(), key=lambda kv: kv[1])
    for n, (key, line) in enumerate(starts):
        end = starts[n + 1][1] - 1 if n + 1 < len(starts) else len(rows)
        chunk = "\n".join(rows[line - 1 : end])
        while chunk:
            try:
                value = _loads(chunk)
                if key in value:
                    out[key] = value[key]
                break
            except RecursionError:
                out[key] = chunk.split("=", 1)[-1].strip()[:_TEXT_LIMIT]
                break
            except tomllib.TOMLDecodeError:
                chunk = chunk.rsplit("\n", 1)[0] if "\n" in chunk else ""
    return out


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    fixes = {
        "name": 'add `name = "my-agent"`: Codex spawns the agent by this name',
        "description": 'add `description = "..."` saying when to use the agent',
        "developer_instructions": 'add the prompt as `developer_instructions = """ ... """`',
    }
    for key in REQUIRED:
        require(agent, meta, lines, key, "Codex", fixes[key])
    for key, allowed in (("model_reasoning_effort", EFFORTS), ("sandbox_mode", SANDBOXES)):
        if key not in meta:
            continue
        value = as_text(meta[key])
        agent.settings[key] = value
        if value not in allowed:
            agent.diag(
                "warning",
                f"codex-{key.replace('_', '-')}",
                f'`{key} = "{value}"` is not one of {", ".join(allowed)}',
                f"use one of: {', '.join(allowed)}",
                lines.get(key),
            )
    if isinstance(meta.get("nickname_candidates"), list):
        agent.settings["nickname_candidates"] = [as_text(n) for n in meta["nickname_candidates"]]
    servers = meta.get("mcp_servers")
    if isinstance(servers, dict) and servers:
        agent.settings["mcp_servers"] = [str(k) for k in servers]
    if "web_search" in meta:
        agent.settings["web_search"] = meta["web_search"]
    skills = meta.get("skills")
    if skills:
        agent.settings["skills"] = skills if isinstance(skills, (list, dict)) else as_text(skills)
