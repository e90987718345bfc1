"""Small, often-repeated pieces of the agent page, built in Python.

An agent page has a few hundred values; through Jinja each costs an autoescape, an attribute
lookup and a filter call. At 1,000 agents the "What it is for" and "Related agents" sections
took about 1.7 s of a 2 s agent-page render (measured by rendering without each). These
functions make the same Markdown in one call per item, with the same escaping as the
templates' filters (`escaping.py`), and mark the result safe once. Templates call them as
filters, so an overridden template can still lay the data out itself.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .escaping import attr, code_str, md_cell, text_str


def responsibility(r: dict[str, Any]) -> Markup:
    """One responsibility: its text and where it was found."""
    text = text_str(r["text"], breaks=False)
    if r.get("where"):
        return Markup(f"{text} <small>({text_str(r['where'], breaks=False)})</small>")
    if r.get("source") == "description":
        return Markup(f"{text} <small>(description)</small>")
    return Markup(text)


def area_evidence(score: dict[str, Any], limit: int = 6) -> Markup:
    """`term` in description, body ×3; ... for one area's score."""
    parts = []
    for e in score["evidence"][:limit]:
        where = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in e["where"].items())
        parts.append(f"{code_str(e['term'])} in {text_str(where, breaks=False)}")
    return Markup("; ".join(parts))


def related_line(other: Any, why: dict[str, Any], href: str, shared_names: set[str]) -> Markup:
    """A related agent: link, source when its name is shared, summary, and why it is related."""
    out = [f"[{text_str(other.name, breaks=False)}]({attr(href)})"]
    if other.name in shared_names:
        out.append(f" <small>({text_str(other.source, breaks=False)})</small>")
    out.append(f": {text_str(other.summary, breaks=False)}")
    areas, terms = why.get("shared_areas"), why.get("shared_terms")
    if areas or terms:
        reasons = []
        if areas:
            reasons.append(text_str(", ".join(areas), breaks=False))
        if terms:
            reasons.append("terms " + text_str(", ".join(terms), breaks=False))
        same = "; same tools" if why.get("same_tools") else ""
        out.append(f"<br><small>shares {'; '.join(reasons)}{same}</small>")
    return Markup("".join(out))


def prompt_size(agent: Any) -> Markup:
    """≈ 1,234 tokens (estimated) · 5,678 characters"""
    a = agent.analysis
    return Markup(
        f"≈ {a['tokens']:,} tokens <small>(estimated)</small> · {a['characters']:,} characters"
    )


def code_list(names: list[str]) -> Markup:
    """`a`, `b`, `c`"""
    return Markup(", ".join(code_str(n) for n in names))


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
    """The agent page's `Tools` field: what the agent may use, in one table cell."""
    kind = tools_kind(agent, profile)
    if kind == "all":
        except_ = f", except {len(profile.excluded)}" if profile.excluded else ""
        return Markup("inherits all tools, MCP tools included" + except_)
    if kind == "sandbox":
        mode = md_cell(agent.settings.get("sandbox_mode") or "the session's")
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
    """The agent page's `Tools` section when it lists no tools (None: the page lists them)."""
    kind = tools_kind(agent, profile)
    if kind == "all":
        if agent.tools is None and "tools" not in agent.metadata:
            text = (
                "This agent sets no `tools` list, so it **inherits all tools** available to it, "
                "MCP tools included."
            )
        else:
            text = (
                "Its `tools` mapping only switches tools off, so it **inherits all tools** "
                "available to it\nexcept those."
            )
        if profile.excluded:
            text += "\n\n**Except:** " + ", ".join(code_str(u.tool) for u in profile.excluded)
        return Markup(text)
    if kind == "none":
        return Markup("This agent is explicitly given **no tools**.")
    if kind == "sandbox":
        mode = agent.settings.get("sandbox_mode")
        here = (
            f", here {code_str(mode)}"
            if mode
            else "; this file sets none, so the session's applies"
        )
        return Markup(
            f"Codex agents have no tool list: the sandbox mode bounds what the agent can do{here}."
        )
    if kind == "rule":
        applies = text_str(agent.settings.get("applies"))
        return Markup(
            "A Cursor rule has no tools of its own: it adds instructions to the agent's "
            f"context ({applies})."
        )
    if kind == "n/a":
        return Markup(
            "This format has no tool list: the agent works with whatever its tool provides."
        )
    return None


def model_text(agent: Any) -> str:
    """The agent's model as every page shows it; when the file sets none, one wording
    everywhere, with what it means for the agent's format (see `analysis/models.py`)."""
    if agent.model:
        return agent.model
    return "not set (inherit)" if agent.format == "claude" else "not set (the tool's default)"
