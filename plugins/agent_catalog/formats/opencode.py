"""OpenCode agents (`.opencode/agents/*.md`, older `.opencode/agent/`, `~/.config/opencode/`).

From opencode.ai/docs/agents: the file name is the agent's name; `description` is required;
`mode` is `primary`, `subagent` or `all` (the default); `model` is `provider/model-id` (unset: a
subagent uses its caller's model); `temperature`; `tools` is a mapping of tool name to
true/false that switches tools on or off from the default of all on (`"*": false` first turns
them all off; keys may be globs such as `mymcp_*`); `permission` sets `allow` / `ask` / `deny`
per tool, or per command pattern for `bash`; `hidden`, `disable`, `steps` (older `maxSteps`).

So `tools: {bash: false}` means every tool but bash: the model keeps `tools` None (inherits)
and lists bash in `disallowed_tools`; only with `"*": false` is `tools` the enabled list.

OpenCode V2 (`../shared/FORMATS.md`, late 2026) replaces `tools` and `permission` with
`permissions: [{action, resource, effect}]` (effect `allow`, `ask` or `deny`); the V1 keys
(`tools`, `permission`, `temperature`, `maxSteps`, `hidden`) still load but are deprecated, so
each gets an info. A V2 rule that denies an action on every resource takes the action away,
as a V1 `deny` does; `action: "*"` denied everywhere leaves only the actions some rule allows.
A `permissions` *mapping* is V1's `permission` shape under V2's name: neither version reads it
as written, so it gets a warning and is applied nowhere.
"""

from __future__ import annotations

from typing import Any

from ..model import Agent
from ._common import as_text, check_temperature, file_stem, name_from_file, require

CHECKS = {
    "opencode-description-missing": ("error", "an OpenCode agent without `description`"),
    "opencode-mode": ("warning", "`mode` is not primary, subagent or all"),
    "opencode-model-provider": ("warning", "`model` without its `provider/`"),
    "opencode-temperature": ("warning", "`temperature` is not a number from 0 to 2"),
    "opencode-tools-shape": ("warning", "`tools` is a list, not a mapping of tool: true/false"),
    "opencode-permissions-key": (
        "warning",
        "`permissions` is a mapping (V1's `permission` shape), not V2's list of rules",
    ),
    "opencode-permissions-rule": ("warning", "a V2 `permissions` rule OpenCode cannot apply"),
    "opencode-v1-key": ("info", "a V1 key: it still loads, but OpenCode V2 deprecates it"),
    "opencode-permission-shape": ("warning", "`permission` is not a mapping"),
    "opencode-disabled": ("info", "`disable: true`: OpenCode does not load the agent"),
}
"""Every finding this format can report: id -> (severity, summary)."""

MODES = ("primary", "subagent", "all")
EFFECTS = ("allow", "ask", "deny")
V1_KEYS = ("tools", "permission", "temperature", "maxSteps", "hidden")
"""Keys OpenCode V2 still loads but deprecates (FORMATS.md, late 2026)."""
EVERYWHERE = frozenset({"*", "**", "**/*"})
"""Resources that mean every resource of an action."""
_ON = {"true", "allow", "yes", "on"}


def looks_like(meta: dict[str, Any]) -> bool:
    tools = meta.get("tools")
    if isinstance(tools, dict) and tools and all(_is_bool(v) for v in tools.values()):
        return True
    if str(meta.get("mode", "")).strip() in MODES:
        return True
    if isinstance(meta.get("permission"), dict):
        return True
    rules = meta.get("permissions")
    return isinstance(rules, list) and any(isinstance(r, dict) and "effect" in r for r in rules)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or str(value).strip().lower() in ("true", "false")


def _on(value: Any) -> bool:
    return value is True or str(value).strip().lower() in _ON


def normalise(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    name_from_file(agent, file_stem(agent.source, (".md",)))
    require(
        agent,
        meta,
        lines,
        "description",
        "OpenCode",
        "add `description:` saying what the agent does and when to use it",
    )
    mode = as_text(meta.get("mode")) or "all"
    agent.settings["mode"] = mode
    if mode not in MODES:
        agent.diag(
            "warning",
            "opencode-mode",
            f"`mode: {mode}` is not one of primary, subagent, all",
            "use `mode: subagent` (invoked by other agents or with @) or `mode: primary`",
            lines.get("mode"),
        )
    _model(agent, lines)
    check_temperature(agent, meta, lines, 2.0, "OpenCode")
    _tools(agent, meta, lines)
    _permission(agent, meta, lines)
    _permissions_v2(agent, meta, lines)
    for key in V1_KEYS:
        if key in meta:
            agent.diag(
                "info",
                "opencode-v1-key",
                f"`{key}` is an OpenCode V1 key: it still loads, but OpenCode V2 deprecates it",
                "move tool and permission rules to a V2 `permissions:` list of "
                "`{action, resource, effect}`"
                if key in ("tools", "permission")
                else f"keep `{key}` while it loads; OpenCode V2's docs say what replaces it",
                lines.get(key),
            )
    for key in ("hidden", "disable"):
        if key in meta:
            agent.settings[key] = meta[key]
    steps = meta.get("steps", meta.get("maxSteps"))
    if steps not in (None, ""):
        agent.settings["max_steps"] = steps
    if _on(meta.get("disable")):
        agent.diag(
            "info",
            "opencode-disabled",
            "`disable: true`: OpenCode does not load this agent",
            "remove `disable` to use the agent",
            lines.get("disable"),
        )


def _model(agent: Agent, lines: dict[str, int]) -> None:
    if not agent.model:
        return
    provider, sep, _ = agent.model.partition("/")
    if sep and provider:
        agent.settings["provider"] = provider
        return
    agent.diag(
        "warning",
        "opencode-model-provider",
        f"`model: {agent.model}` has no provider; OpenCode expects `provider/model-id`",
        f"write the provider first, e.g. `model: anthropic/{agent.model}`",
        lines.get("model"),
    )


def _tools(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    tools = meta.get("tools")
    if tools is None:
        return
    if not isinstance(tools, dict):
        agent.diag(
            "warning",
            "opencode-tools-shape",
            "`tools` is a list; OpenCode reads a mapping of tool names to true/false",
            "write `tools:` then one `<tool>: true` or `<tool>: false` line per tool",
            lines.get("tools"),
        )
        return
    enabled = [str(k) for k, v in tools.items() if _on(v) and str(k) != "*"]
    disabled = [str(k) for k, v in tools.items() if not _on(v) and str(k) != "*"]
    if enabled:
        agent.settings["tools_enabled"] = enabled
    if disabled:
        agent.settings["tools_disabled"] = disabled
    agent.tools_wildcard = False
    if "*" in tools and not _on(tools["*"]):
        agent.tools = enabled
        agent.disallowed_tools = None
    else:
        agent.tools = None
        agent.disallowed_tools = disabled or None


def _permission(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    perm = meta.get("permission")
    if perm is None:
        return
    if not isinstance(perm, dict):
        agent.diag(
            "warning",
            "opencode-permission-shape",
            "`permission` is not a mapping of tools to allow / ask / deny",
            "write `permission:` then lines such as `edit: deny` or `bash: ask`",
            lines.get("permission"),
        )
        return
    summary: dict[str, str] = {}
    denied: list[str] = []
    for tool, rule in perm.items():
        if isinstance(rule, dict):
            summary[str(tool)] = ", ".join(f"{k}: {as_text(v)}" for k, v in rule.items())
        else:
            summary[str(tool)] = as_text(rule)
            if as_text(rule).lower() == "deny":
                denied.append(str(tool))
    agent.settings["permission"] = summary
    _take_away(agent, denied)


def _take_away(agent: Agent, denied: list[str]) -> None:
    """Denied tools leave the enabled list, or join the switched-off ones when it inherits."""
    if denied and agent.tools is None:
        merged = list(agent.disallowed_tools or [])
        merged.extend(t for t in denied if t not in merged)
        agent.disallowed_tools = merged
    elif denied:
        agent.tools = [t for t in agent.tools if t not in denied]


def _permissions_v2(agent: Agent, meta: dict[str, Any], lines: dict[str, int]) -> None:
    """V2's `permissions: [{action, resource, effect}]`, kept as written (text) in
    `settings["permissions"]`; denials of a whole action narrow `tools` as V1's do."""
    rules = meta.get("permissions")
    if rules is None:
        return
    line = lines.get("permissions")
    if not isinstance(rules, list):
        agent.diag(
            "warning",
            "opencode-permissions-key",
            "`permissions` is OpenCode V2's key for a list of `{action, resource, effect}` "
            "rules; this is a mapping (V1's `permission` shape), which V1 does not read under "
            "this name and V2 does not read in this shape, so its rules are not applied",
            "rename the key to `permission` (V1), or write each rule as a list item, e.g. "
            '`- {action: bash, resource: "git *", effect: allow}` (V2)',
            line,
        )
        return
    kept: list[dict[str, str]] = []
    for i, rule in enumerate(rules, 1):
        if not isinstance(rule, dict):
            problem = "is not a mapping of `action`, `resource` and `effect`"
        else:
            action, resource = as_text(rule.get("action")), as_text(rule.get("resource")) or "*"
            effect = as_text(rule.get("effect")).lower()
            if not action:
                problem = "has no `action`"
            elif effect not in EFFECTS:
                shown = as_text(rule.get("effect"))[:40] or "(none)"
                problem = f"has `effect: {shown}`, not one of allow, ask, deny"
            else:
                kept.append({"action": action, "resource": resource, "effect": effect})
                continue
        agent.diag(
            "warning",
            "opencode-permissions-rule",
            f"`permissions` rule {i} {problem}; OpenCode cannot apply it",
            "write the rule as `{action: <tool>, resource: <pattern>, effect: allow|ask|deny}`",
            line,
        )
    agent.settings["permissions"] = kept
    denied = [r["action"] for r in kept if r["effect"] == "deny" and r["resource"] in EVERYWHERE]
    if "*" in denied:
        allowed = [r["action"] for r in kept if r["effect"] != "deny" and r["action"] != "*"]
        agent.tools = list(dict.fromkeys(t for t in allowed if t not in denied))
        agent.tools_wildcard = False
        agent.disallowed_tools = None
    else:
        _take_away(agent, denied)
