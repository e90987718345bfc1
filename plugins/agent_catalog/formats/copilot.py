"""GitHub Copilot custom agents (`*.agent.md`, `.github/agents/`, `~/.copilot/agents/`).

From GitHub's custom-agents configuration reference: `description` is required, `name` is an
optional display name (the file name minus `.agent.md` identifies the agent); `tools` is a list
or a comma string, omitted or `*` = every tool, `[]` = none, MCP tools as `server/tool` or
`server/*`; `model` a string or, in VS Code, a list tried in order; `target` `vscode` or
`github-copilot` (unset: both); `mcp-servers`, `handoffs` (VS Code), `argument-hint`,
`disable-model-invocation`, `user-invocable`, `infer` (deprecated). Body up to 30,000 characters.
"""

from __future__ import annotations

from typing import Any

from ..model import Agent
from ._common import as_text, file_stem, require

SUFFIXES = (".agent.md", ".chatmode.md", ".md")
TARGETS = ("vscode", "github-copilot")
MAX_BODY = 30_000
CHECKS = {
    "copilot-description-missing": ("error", "a Copilot agent without `description`"),
    "copilot-target": ("warning", "`target` is neither `vscode` nor `github-copilot`"),
    "copilot-mcp-servers-shape": ("warning", "`mcp-servers` is not a mapping of servers"),
    "copilot-handoffs-shape": ("warning", "a handoff without `label` or `agent`"),
    "copilot-infer-deprecated": ("info", "`infer` is deprecated"),
    "copilot-body-too-long": ("warning", "a prompt over Copilot's 30,000 characters"),
    "copilot-unknown-key": ("info", "a key Copilot does not read"),
    "copilot-handoff-missing": ("warning", "a handoff to an agent that is not in the catalog"),
    "copilot-cloud-ignores": (
        "warning",
        "`handoffs` or `argument-hint` with `target: github-copilot`, which ignores them",
    ),
}
"""Every finding this format can report: id -> (severity, summary)."""

KNOWN = {
    "name",
    "description",
    "target",
    "tools",
    "model",
    "mcp-servers",
    "handoffs",
    "argument-hint",
    "disable-model-invocation",
    "user-invocable",
    "infer",
    "metadata",
    "agents",
}
_FLAGS = (
    ("disable-model-invocation", "disable_model_invocation"),
    ("user-invocable", "user_invocable"),
    ("infer", "infer"),
)


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    stem = file_stem(agent.source, SUFFIXES)
    agent.settings["id"] = stem
    if agent.name_from == "filename":
        agent.name = stem
    require(
        agent,
        meta,
        lines,
        "description",
        "GitHub Copilot",
        "add `description:` saying what the agent does and when to pick it",
    )
    _target(agent, meta, lines)
    model = meta.get("model")
    if isinstance(model, list) and model:
        agent.settings["models"] = [as_text(m) for m in model]
    _mcp_servers(agent, meta, lines)
    _handoffs(agent, meta, lines)
    _cloud_ignores(agent, meta, lines)
    if meta.get("argument-hint") not in (None, ""):
        agent.settings["argument_hint"] = as_text(meta["argument-hint"])
    if isinstance(meta.get("agents"), list):
        agent.settings["agents"] = [as_text(a) for a in meta["agents"]]
    for key, setting in _FLAGS:
        if key in meta:
            agent.settings[setting] = meta[key]
    if "infer" in meta:
        agent.diag(
            "info",
            "copilot-infer-deprecated",
            "`infer` is deprecated",
            "use `disable-model-invocation` and `user-invocable` instead",
            lines.get("infer"),
        )
    body_chars = len("\n".join(agent.raw_text.split("\n")[agent.body_line - 1 :]).strip())
    if body_chars > MAX_BODY:
        agent.diag(
            "warning",
            "copilot-body-too-long",
            f"the prompt is {body_chars:,} characters; GitHub Copilot reads at most {MAX_BODY:,}",
            "shorten the body or move reference material into files the agent reads",
            agent.body_line,
        )
    for key in meta:
        if key not in KNOWN:
            agent.diag(
                "info",
                "copilot-unknown-key",
                f"`{key}` is not a GitHub Copilot agent property; Copilot ignores it",
                f"remove `{key}` or move it under `metadata:`",
                lines.get(key),
            )


def _target(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    if "target" not in meta:
        return
    target = as_text(meta["target"])
    agent.settings["target"] = target
    if target not in TARGETS:
        agent.diag(
            "warning",
            "copilot-target",
            f"`target: {target}` is neither `vscode` nor `github-copilot`",
            "use `target: vscode` or `target: github-copilot`, or remove it for both",
            lines.get("target"),
        )


def _mcp_servers(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    servers = meta.get("mcp-servers")
    if servers is None:
        return
    if isinstance(servers, dict):
        agent.settings["mcp_servers"] = [str(k) for k in servers]
        return
    agent.diag(
        "warning",
        "copilot-mcp-servers-shape",
        "`mcp-servers` is not a mapping of server names to their configuration",
        "write `mcp-servers:` then one indented `<server-name>:` block per server",
        lines.get("mcp-servers"),
    )


def _handoffs(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    handoffs = meta.get("handoffs")
    if handoffs is None:
        return
    out: list[dict[str, Any]] = []
    items = handoffs if isinstance(handoffs, list) else [handoffs]
    broken = 0
    for item in items:
        if isinstance(item, dict) and item.get("agent") and item.get("label"):
            out.append(
                {
                    "label": as_text(item.get("label")),
                    "agent": as_text(item.get("agent")),
                    "prompt": as_text(item.get("prompt")),
                    "send": bool(item.get("send", False)),
                }
            )
        else:
            broken += 1
    if out:
        agent.settings["handoffs"] = out
    if broken:
        agent.diag(
            "warning",
            "copilot-handoffs-shape",
            f"{broken} handoff(s) lack a `label` or an `agent`; VS Code does not offer them",
            "write each handoff as `- label: ...` with `agent: <agent name>` (and `prompt:`)",
            lines.get("handoffs"),
        )


CLOUD_IGNORED = ("handoffs", "argument-hint")
"""Keys only VS Code reads: Copilot's cloud agent (`target: github-copilot`) ignores them."""


def _cloud_ignores(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    if agent.settings.get("target") != "github-copilot":
        return
    for key in CLOUD_IGNORED:
        if key in meta:
            agent.diag(
                "warning",
                "copilot-cloud-ignores",
                f"`{key}` is set, but `target: github-copilot` makes this an agent for "
                "Copilot's cloud agent: GitHub Copilot ignores this here, silently "
                "(only VS Code reads it)",
                f"remove `{key}`, or set `target: vscode` (or no `target`) to use it in VS Code",
                lines.get(key),
            )


def agent_key(agent: Agent) -> str:
    """What a handoff's `agent:` names: the agent's id (its file name minus `.agent.md`)."""
    return str(agent.settings.get("id", agent.name))


BUILTIN_AGENTS = frozenset({"agent", "ask", "edit", "plan", "Plan"})
"""VS Code's own agents (chat modes) a handoff may name: `agent: agent` hands back to the
default agent, and needs no file in the catalog."""
