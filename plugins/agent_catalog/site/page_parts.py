"""Small, often-repeated pieces of the agent page, built in Python.

An agent page has a few hundred values; through Jinja each costs an autoescape, an attribute
lookup and a filter call. At 1,000 agents the "What it is for" and "Related agents" sections
took about 1.7 s of a 2 s agent-page render (measured by rendering without each). These
functions make the same Markdown in one call per item, with the same escaping as the
templates' filters (`escaping.py`), and mark the result safe once. Templates call them as
filters, so an overridden template can still lay the data out itself.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ..formats.cursor_agent import MODELS
from ..formats.opencode import EVERYWHERE
from .escaping import (
    attr,
    code_str,
    html_cell,
    html_code,
    html_message,
    html_str,
    md_message,
    text_str,
)


def _line(value: object) -> str:
    return text_str(value, breaks=False)


def responsibility(r: dict[str, Any], text: Any = _line) -> Markup:
    """One responsibility: its text and where it was found (`text` escapes agent text for
    the kind of block it goes in: Markdown by default, `html_str` in an HTML block)."""
    shown = text(r["text"])
    if r.get("where"):
        return Markup(f"{shown} <small>({text(r['where'])})</small>")
    if r.get("source") == "description":
        return Markup(f"{shown} <small>(description)</small>")
    return Markup(shown)


def area_evidence(
    score: dict[str, Any], limit: int = 6, text: Any = _line, code: Any = code_str
) -> Markup:
    """`term` in description, body ×3; ... for one area's score."""
    parts = []
    for e in score["evidence"][:limit]:
        where = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in e["where"].items())
        parts.append(f"{code(e['term'])} in {text(where)}")
    return Markup("; ".join(parts))


def related_line(
    other: Any, why: dict[str, Any], href: str, shared_names: set[str], html: bool = False
) -> Markup:
    """A related agent: link, source when its name is shared, summary, and why it is related
    (as Markdown, or as HTML for `related_html`'s block)."""
    text = html_str if html else _line
    if html:
        out = [f'<a href="{attr(href)}">{text(other.name)}</a>']
    else:
        out = [f"[{text(other.name)}]({attr(href)})"]
    if other.name in shared_names:
        out.append(f" <small>({text(other.source)})</small>")
    out.append(f": {text(other.summary)}")
    areas, terms = why.get("shared_areas"), why.get("shared_terms")
    if areas or terms:
        reasons = []
        if areas:
            reasons.append(text(", ".join(areas)))
        if terms:
            reasons.append("terms " + text(", ".join(terms)))
        same = "; same tools" if why.get("same_tools") else ""
        out.append(f"<br><small>shares {'; '.join(reasons)}{same}</small>")
    return Markup("".join(out))


# ----------------------------------------------------------------- finished HTML blocks
# Sections every agent page has, with many short pieces of agent text, written as HTML blocks
# that Python-Markdown passes through: as Markdown, "What it is for" and "Related agents" were
# the two costliest parts of an agent page to convert (each piece of text a run of inline
# patterns, each escaped character one more). Agent text in them goes through `html_str` and
# `html_code` only; the HTML is what Python-Markdown made of the Markdown before.

AREAS_WHY = (
    "Scored from the terms of each area found in the name, description, responsibilities,\n"
    "headings and body (the body counts least)."
)


def _ul(items: list[str], klass: str = "") -> str:
    open_ = f'<ul class="{klass}">' if klass else "<ul>"
    return open_ + "\n" + "\n".join(f"<li>{i}</li>" for i in items) + "\n</ul>"


def purpose_html(agent: Any) -> Markup:
    """The "What it is for" section: responsibilities, areas, and why these areas."""
    a = agent.analysis
    areas = [s for s in a["areas"] if s["level"] != "mention"]
    blocks = []
    if a["responsibilities"]:
        blocks.append(_ul([responsibility(r, html_str) for r in a["responsibilities"]]))
    if areas:
        labels = ", ".join(
            html_str(s["label"]) + (" (main)" if s["level"] == "primary" else "") for s in areas
        )
        blocks.append(f"<p><strong>Areas:</strong> {labels}</p>")
        why = [
            f"<strong>{html_str(s['label'])}</strong> ({html_str(s['level'])}, score "
            f"{html_str(s['score'])}): {area_evidence(s, text=html_str, code=html_code)}"
            for s in areas
        ]
        blocks.append(
            '<details class="info ac-why">\n<summary>Why these areas</summary>\n'
            f"<p>{AREAS_WHY}</p>\n{_ul(why)}\n</details>"
        )
    return Markup("\n\n".join(blocks))


def related_html(related: list, href: Any, shared_names: set[str]) -> Markup:
    """The "Related agents" list; `href` gives an agent's final URL (raw HTML links are not
    rewritten by the host)."""
    return Markup(
        _ul(
            [related_line(o, why, href(o), shared_names, html=True) for o, why in related],
            "ac-related",
        )
    )


def prompt_size(agent: Any) -> Markup:
    """≈ 1,234 tokens (estimated) · 5,678 characters"""
    a = agent.analysis
    return Markup(
        f"≈ {a['tokens']:,} tokens <small>(estimated)</small> · {a['characters']:,} characters"
    )


def code_list(names: list[str]) -> Markup:
    """<code>a</code>, <code>b</code>, <code>c</code> (for a finished HTML block)"""
    return Markup(", ".join(html_code(n) for n in names))


def badges(agent: Any, table: Any, titles: bool = False) -> Markup:
    """The agent's capability badges (raw HTML spans; every value escaped)."""
    prof = agent.analysis["_capability_profile"]
    if prof.mode == "n/a":
        return Markup(
            '<span class="ac-badge ac-cap-na" title="this format has no tool list">n/a</span>'
        )
    if prof.mode == "none":
        return Markup(
            '<span class="ac-badge ac-cap-none" title="explicitly given no tools">no tools</span>'
        )
    out = []
    for c in prof.classes:
        title = ""
        if titles:
            klass = table.classes.get(c)
            title = f' title="{attr(klass.description if klass else c)}"'
        out.append(f'<span class="ac-badge ac-cap-{attr(c)}"{title}>{attr(table.label(c))}</span>')
    html = " ".join(out)
    if prof.mode == "all" and prof.excluded:
        html += (
            ' <span class="ac-badge ac-cap-except" title="tools taken away">'
            f"except {len(prof.excluded)}</span>"
        )
    return Markup(html)


def tools_kind(agent: Any, profile: Any) -> str:
    """Which of the six things an agent page says about tools: `all` (inherits every tool),
    `none` (explicitly none), `sandbox` (Codex: no list, the sandbox bounds it), `rule` (a
    Cursor rule has no tools), `n/a` (the format has no tool list) or `listed`."""
    if profile.mode in ("all", "none"):
        return profile.mode
    if agent.format == "codex":
        return "sandbox"
    if agent.format == "cursor":
        return "rule"
    return "n/a" if profile.mode == "n/a" else "listed"


def tools_cell(agent: Any, profile: Any) -> Markup:
    """The agent page's `Tools` field: what the agent may use, in one cell of its field table
    (a finished HTML block, like the other rows below)."""
    kind = tools_kind(agent, profile)
    if kind == "all" and agent.format == "cursor-agent":
        return Markup(
            "the tools of the chat that starts it"
            + (", to read only" if agent.settings.get("readonly") else "")
        )
    if kind == "all":
        except_ = f", except {len(profile.excluded)}" if profile.excluded else ""
        return Markup("inherits all tools, MCP tools included" + except_)
    if kind == "sandbox":
        mode = html_cell(agent.settings.get("sandbox_mode") or "the session's")
        return Markup(f"no tool list: bounded by the sandbox ({mode})")
    return Markup(
        {
            "none": "no tools",
            "rule": "none: a rule adds instructions to the agent's context",
            "n/a": "no tool list in this format",
        }.get(kind)
        or str(len(profile.tools))
    )


def tools_statement(agent: Any, profile: Any) -> Markup | None:
    """The agent page's `Tools` section when it lists no tools (None: the page lists them),
    as paragraphs of its finished HTML block."""
    kind = tools_kind(agent, profile)
    if kind == "all" and agent.format == "cursor-agent":
        text = (
            "A Cursor subagent has no tool list: it works with <strong>the tools of the chat "
            "that starts it</strong>"
        )
        if agent.settings.get("readonly"):
            text += ", and <code>readonly: true</code> keeps it to reading"
        return Markup(f"<p>{text}.</p>")
    if kind == "all":
        if agent.tools is None and "tools" not in agent.metadata:
            text = (
                "This agent sets no <code>tools</code> list, so it <strong>inherits all tools</strong> "
                "available to it, "
                "MCP tools included."
            )
        else:
            text = (
                "Its <code>tools</code> mapping only switches tools off, so it <strong>inherits all "
                "tools</strong> "
                "available to it\nexcept those."
            )
        if profile.excluded:
            text += "</p>\n<p><strong>Except:</strong> " + ", ".join(
                html_code(u.tool) for u in profile.excluded
            )
        return Markup(f"<p>{text}</p>")
    if kind == "none":
        return Markup("<p>This agent is explicitly given <strong>no tools</strong>.</p>")
    if kind == "sandbox":
        mode = agent.settings.get("sandbox_mode")
        here = (
            f", here {html_code(mode)}"
            if mode
            else "; this file sets none, so the session's applies"
        )
        return Markup(
            "<p>Codex agents have no tool list: the sandbox mode bounds what the agent can "
            f"do{here}.</p>"
        )
    if kind == "rule":
        applies = html_str(agent.settings.get("applies"))
        return Markup(
            "<p>A Cursor rule has no tools of its own: it adds instructions to the agent's "
            f"context ({applies}).</p>"
        )
    if kind == "n/a":
        return Markup(
            "<p>This format has no tool list: the agent works with whatever its tool provides.</p>"
        )
    return None


def model_text(agent: Any) -> str:
    """The agent's model as every page shows it; when the file sets none, one wording
    everywhere, with what it means for the agent's format (see `analysis/models.py`)."""
    if agent.model:
        return agent.model
    return "not set (inherit)" if agent.format == "claude" else "not set (the tool's default)"


# --------------------------------------------------------------------------- Claude Code settings

PERMISSION_MODES = {
    "default": "asks before any tool use the session's rules do not already allow",
    "manual": "asks before any tool use the session's rules do not already allow "
    "(<code>manual</code> is another name for <code>default</code>)",
    "acceptEdits": "accepts file edits without asking; other tools still ask",
    "auto": "a classifier approves or blocks each tool use, without asking you",
    "dontAsk": "never asks: any tool use not already allowed is denied",
    "bypassPermissions": "never asks: uses every tool it has without permission checks",
    "plan": "plan mode: explores read-only and proposes a plan, changes nothing",
}
EFFORTS = ("low", "medium", "high", "xhigh", "max")
MEMORY_PLACES = {
    "user": ("~/.claude/agent-memory/{}/", "for every project of this user"),
    "project": (".claude/agent-memory/{}/", "in the project, shared through version control"),
    "local": (".claude/agent-memory-local/{}/", "in the project, kept out of version control"),
}
"""Where each `memory` scope keeps the agent's memory folder (named after the agent)."""


PLUGIN_IGNORES = (
    "**Claude Code ignores this here, silently**: the agent ships inside a plugin, and plugin "
    "agents do not read `hooks`, `mcpServers` or `permissionMode`"
)
"""Said where a plugin agent sets one of the three (the finding is `plugin-ignored-field`)."""


def _our_html(words: str) -> str:
    """One of this module's own sentences (never agent text: nothing is escaped), its
    Markdown emphasis and code spans written as HTML, for a finished HTML block."""
    words = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", words)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", words)


PLUGIN_IGNORES_HTML = _our_html(PLUGIN_IGNORES)
"""`PLUGIN_IGNORES` in HTML, for the field table."""


def plugin_ignores(agent: Any) -> Markup:
    return Markup(PLUGIN_IGNORES)


def plugin_ignores_html(agent: Any) -> Markup:
    return Markup(PLUGIN_IGNORES_HTML)


def _undocumented(value: Any) -> str:
    return f"{html_cell(value, 80)}: not a documented value, so Claude Code ignores it"


def settings_rows(
    agent: Any, skill_links: list[tuple[str, str | None]] | None = None
) -> list[tuple[str, Markup]]:
    """The agent page's rows for Claude Code's own settings, each value with what it does
    (a value outside the documented set says so; its finding gives the allowed values).
    `skill_links`: the `skills:` entries with the link to each one's page (None: not in the
    catalog), when the page knows them."""
    if agent.format == "copilot":
        return copilot_rows(agent)
    if agent.format == "gemini" and agent.settings.get("kind") == "remote":
        card = agent.metadata.get("agent_card_url")
        # as code, never a link; `|` percent-encoded (as when the field table was Markdown,
        # where it ended the cell), so the text reads as on pages built before
        where = f" (agent card {html_code(str(card)[:300].replace('|', '%7C'))})" if card else ""
        return [
            (
                "Kind",
                Markup(
                    "<code>remote</code>: an A2A agent that runs elsewhere; Gemini CLI sends it the task, "
                    f"and its tools are the remote agent's own{where}"
                ),
            )
        ]
    if agent.format == "cursor-agent":
        return cursor_agent_rows(agent)
    if agent.format == "opencode" and agent.settings.get("permissions") is not None:
        return [("Permissions (V2)", opencode_permissions(agent.settings["permissions"]))]
    if agent.format != "claude":
        return []
    s, meta = agent.settings, agent.metadata
    rows: list[tuple[str, str]] = []
    if "permissionMode" in meta:
        mode = s.get("permission_mode", "")
        meaning = PERMISSION_MODES.get(mode)
        text = (
            f"<code>{mode}</code>: {meaning}" if meaning else _undocumented(meta["permissionMode"])
        )
        if "plugin" in s:
            text = f"{html_cell(mode, 80)}: {PLUGIN_IGNORES_HTML}"
        rows.append(("Permission mode", text))
    if "effort" in meta:
        effort = s.get("effort", "")
        rows.append(
            (
                "Effort",
                f"<code>{effort}</code>: how much the model reasons before it acts (of "
                + ", ".join(EFFORTS)
                + ")"
                if effort in EFFORTS
                else _undocumented(meta["effort"]),
            )
        )
    if "maxTurns" in meta:
        turns = meta["maxTurns"]
        text = "" if isinstance(turns, bool) else str(turns).strip()
        ok = text.isdigit() and len(text) <= 12 and int(text) > 0
        rows.append(
            (
                "Max turns",
                f"stops after {int(text):,} agentic turns" if ok else _undocumented(turns),
            )
        )
    if "memory" in meta:
        place = MEMORY_PLACES.get(s.get("memory", ""))
        rows.append(
            (
                "Memory",
                f"<code>{s['memory']}</code>: keeps a memory across sessions in "
                f"{html_cell(place[0].format(agent.name))} {place[1]}"
                if place
                else _undocumented(meta["memory"]),
            )
        )
    if "background" in meta:
        bg = meta["background"]
        rows.append(
            (
                "Background",
                {
                    True: "<code>true</code>: always runs in the background; the caller does not wait",
                    False: "<code>false</code>: runs in the foreground; the caller waits for it",
                }.get(bg)
                if isinstance(bg, bool)
                else _undocumented(bg),
            )
        )
    if "isolation" in meta:
        rows.append(
            (
                "Isolation",
                "<code>worktree</code>: works in a temporary git worktree, so its file changes stay off "
                "your working copy"
                if s.get("isolation") == "worktree"
                else _undocumented(meta["isolation"]),
            )
        )
    if skill_links:
        rows.append(("Skills", "preloaded into its context: " + skill_list(skill_links)))
    elif s.get("skills"):
        rows.append(("Skills", f"preloaded into its context: {html_cell(s['skills'], 300)}"))
    if "initialPrompt" in meta and s.get("initial_prompt"):
        rows.append(
            (
                "Initial prompt",
                "sent as the first user turn when it runs as the main agent "
                f"(<code>claude --agent</code>): {html_cell(s['initial_prompt'], 300)}",
            )
        )
    return [(label, Markup(value)) for label, value in rows]


COPILOT_TARGETS = {
    "vscode": "<code>vscode</code>: only VS Code uses this agent",
    "github-copilot": "<code>github-copilot</code>: only Copilot's cloud agent (on GitHub) uses this agent",
}
COPILOT_FLAGS = {
    "user-invocable": (
        "User-invocable",
        "<code>true</code>: people can pick it in the agents list",
        "<code>false</code>: hidden from the agents list; only other agents can start it",
    ),
    "disable-model-invocation": (
        "Model invocation",
        "<code>true</code>: other agents cannot start it as a subagent; only a person can pick it",
        "<code>false</code>: other agents may start it as a subagent",
    ),
}
COPILOT_SHOWN_KEYS = frozenset({"target", *COPILOT_FLAGS})
"""Copilot keys `copilot_rows` shows with their meaning (not again among the other keys)."""


def copilot_rows(agent: Any) -> list[tuple[str, Markup]]:
    """A Copilot agent's `target` and invocation flags, each with what it does."""
    meta = agent.metadata
    rows: list[tuple[str, str]] = []
    if "target" in meta:
        target = agent.settings.get("target", "")
        rows.append(
            (
                "Target",
                COPILOT_TARGETS.get(target)
                or f"{html_cell(meta['target'], 80)}: not a documented value, so GitHub Copilot "
                "ignores it",
            )
        )
    for key, (label, yes, no) in COPILOT_FLAGS.items():
        if key in meta:
            value = meta[key]
            text = {True: yes, False: no}.get(value) if isinstance(value, bool) else None
            rows.append(
                (
                    label,
                    text or f"{html_cell(value, 80)}: not <code>true</code> or <code>false</code>",
                )
            )
    return [(label, Markup(value)) for label, value in rows]


CURSOR_AGENT_FLAGS = {
    "readonly": (
        "Read-only",
        "<code>true</code>: reads only; it edits no files and runs nothing that changes state",
        "<code>false</code>: may edit and run commands with the tools of the chat that starts it",
    ),
    "is_background": (
        "Background",
        "<code>true</code>: runs in the background; the chat does not wait for it",
        "<code>false</code>: runs in the foreground; the chat waits for it",
    ),
}
"""Cursor subagents' flags (fields from a third-party summary of Cursor's docs: verify)."""


def cursor_agent_rows(agent: Any) -> list[tuple[str, Markup]]:
    """A Cursor subagent's `model` keyword and its flags, each with what it does (a flag that
    is not a boolean stays among the other keys, with its finding)."""
    s = agent.settings
    rows: list[tuple[str, str]] = []
    if s.get("model_choice") in MODELS:
        rows.append(
            ("Model choice", f"<code>{s['model_choice']}</code>: {MODELS[s['model_choice']]}")
        )
    for key, (label, yes, no) in CURSOR_AGENT_FLAGS.items():
        if key in s:
            rows.append((label, yes if s[key] else no))
    return [(label, Markup(value)) for label, value in rows]


OPENCODE_EFFECTS = (
    ("allow", "allowed without asking"),
    ("ask", "asks first"),
    ("deny", "denied"),
)


def opencode_permissions(rules: list[dict[str, str]]) -> Markup:
    """OpenCode V2's rules grouped by effect: **allowed without asking**: `bash` on `git *`;
    ... Actions and resources are shown as code, never as links."""
    if not rules:
        return Markup("an empty list: no rules, so OpenCode's defaults apply")
    parts = []
    for effect, words in OPENCODE_EFFECTS:
        which = [
            _cell_code(r["action"], 80)
            + (" on every resource" if r["resource"] in EVERYWHERE
               else " on " + _cell_code(r["resource"], 200))
            for r in rules
            if r["effect"] == effect
        ]  # fmt: skip
        if which:
            parts.append(f"<strong>{words}</strong>: " + ", ".join(which))
    return Markup("; ".join(parts))


def _cell_code(value: str, limit: int) -> str:
    """Code in a cell of a finished HTML table: `|` percent-encoded, as when the tables were
    Markdown (where it ended the cell), so the text reads as on pages built before."""
    return html_code(value[:limit].replace("|", "%7C"))


def hook_line(hook: dict[str, str]) -> Markup:
    """One hook as data: **event** (on `matcher`): type `what runs`. Nothing is linked."""
    on = f" on {code_str(hook['matcher'])}" if hook.get("matcher") else ""
    return Markup(
        f"**{text_str(hook['event'], breaks=False)}**{on}: "
        f"{text_str(hook['type'], breaks=False)} {code_str(hook['run'])}"
    )


def server_line(name: str, config: str | None) -> Markup:
    """An MCP server by name, with its inline configuration as code (never a live link)."""
    if config is None:
        return Markup(html_code(name))
    return Markup(f"{html_code(name)}, configured inline: {html_code(config)}")


REACH_WORDS = {
    "wide": "**Wide reach**: it may do a lot without anyone approving each step.",
    "moderate": "**Moderate reach**: some of what it may do goes beyond reading.",
    "narrow": "**Narrow reach**.",
}


def reach_text(agent: Any) -> Markup:
    """The risk summary's sentence; its reasons follow as a list (`analysis/risk.py`)."""
    return Markup(REACH_WORDS[agent.analysis["risk"]["level"]] + " Why:")


REACH_HTML = {level: _our_html(words) for level, words in REACH_WORDS.items()}
"""`REACH_WORDS` as HTML, for the finished block of an agent page (our own text: no escape)."""


def reach_html(agent: Any) -> Markup:
    """`reach_text` in HTML."""
    return Markup(REACH_HTML[agent.analysis["risk"]["level"]] + " Why:")


def reasons_line(agent: Any) -> Markup:
    """The reasons on one line, for tables (the health page)."""
    return Markup("; ".join(str(md_message(r)) for r in agent.analysis["risk"]["reasons"]))


def reasons_html(agent: Any) -> Markup:
    """`reasons_line` for a finished HTML table."""
    return Markup("; ".join(str(html_message(r)) for r in agent.analysis["risk"]["reasons"]))


def skill_list(links: list[tuple[str, str | None]]) -> str:
    """`skills:` entries for a table cell: each a link to its skill's page, or its name as
    code with "not in this catalog" (the name is escaped; the link is the catalog's own)."""
    parts = []
    for name, href in links:
        flat = " ".join(name.split())
        if href:
            parts.append(f'<a href="{attr(href)}">{html_cell(flat, 120)}</a>')
        else:
            parts.append(f"{html_code(flat[:120].replace('|', '/'))} (not in this catalog)")
    return ", ".join(parts)
