"""`llms.txt` at the site root: the catalog for language models, per llmstxt.org.

The convention: an H1 with the site's name, a blockquote summary, optional prose, then H2
sections of `- [title](url): notes` lines; a section named `Optional` holds what can be skipped.
Agents are grouped by the tool they are for. Names and summaries are untrusted text: brackets,
parentheses and line breaks that would break a list line are neutralised.
"""

from __future__ import annotations

import re
from collections import Counter

from ..formats import FORMATS, INFO
from ..model import Catalog
from ..site.escaping import terminal_text
from ..text import truncate


def _inline(text: str, limit: int = 300) -> str:
    """One line of plain text: control characters shown as escapes, and `\\`, `[`, `]`
    backslash-escaped (an unescaped trailing `\\` would escape the `]` that closes a link)."""
    flat = terminal_text(" ".join(str(text).split()))
    flat = re.sub(r"[\\\[\]]", lambda m: "\\" + m.group(0), flat)
    return truncate(flat, limit)


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def render_llms_txt(
    catalog: Catalog,
    urls: dict[int, str],
    *,
    site_name: str,
    site_url: str | None = None,
    description: str | None = None,
    raw_urls: dict[str, str] | None = None,
    item_urls: dict[int, str] | None = None,
    plugin_urls: dict[str, str] | None = None,
) -> str:
    """`urls` maps id(agent) to its page URL relative to the site root; `item_urls` the same
    for skills and commands (each kind its own section, after the agents); `plugin_urls` a
    plugin's slug to its page's."""
    base = (site_url or "").rstrip("/")

    def absolute(url: str) -> str:
        return _link_target(f"{base}/{url}" if base else url)

    counts = Counter(a.format for a in catalog.agents)
    mix = ", ".join(f"{INFO[f].label} {counts[f]}" for f in FORMATS if counts[f])
    summary = f"A catalog of {len(catalog.agents)} AI agent definitions" + (
        f" ({mix})." if mix else "."
    )
    extra = [
        f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"
        for noun, items in (("skill", catalog.skills), ("command", catalog.commands))
        if items
    ]
    if extra:
        summary += f" With {' and '.join(extra)}."
    lines = [f"# {_inline(site_name, 120)}", "", f"> {summary}", ""]
    if description:
        lines += [_inline(description, 1000), ""]
    lines += [
        "Each agent page shows the agent's description, tools, model and full prompt; "
        "`agents.json` holds the same data for programs.",
        "",
    ]
    for fmt in FORMATS:
        members = sorted(
            (a for a in catalog.agents if a.format == fmt), key=lambda a: (a.name.lower(), a.source)
        )
        if not members:
            continue
        noun = {"cursor": " rules", "cursor-agent": ""}.get(fmt, " agents")  # "Cursor subagents"
        lines += [f"## {INFO[fmt].label}{noun}", ""]
        for a in members:
            note = _inline(a.summary or a.description) or "no description"
            lines.append(f"- [{_inline(a.name, 120)}]({absolute(urls[id(a)])}): {note}")
        lines.append("")
    for title, items in (("Skills", catalog.skills), ("Commands", catalog.commands)):
        listed = [i for i in items if id(i) in (item_urls or {})]
        if not listed:
            continue
        lines += [f"## {title}", ""]
        for i in sorted(listed, key=lambda i: (i.name.lower(), i.source)):
            note = _inline(i.summary or i.description) or "no description"
            shown = getattr(i, "invocation", i.name)
            lines.append(f"- [{_inline(shown, 120)}]({absolute(item_urls[id(i)])}): {note}")
        lines.append("")
    if catalog.plugins and plugin_urls:
        lines += ["## Claude Code plugins", ""]
        for p in sorted(catalog.plugins, key=lambda p: (p.name.lower(), p.slug)):
            where = f" (marketplace {_inline(p.marketplace.name, 120)})" if p.marketplace else ""
            note = (_inline(p.description) or "no description") + where
            lines.append(f"- [{_inline(p.name, 120)}]({absolute(plugin_urls[p.slug])}): {note}")
        lines.append("")
    lines += ["## Optional", ""]
    whole = "every agent, skill and command" if catalog.items else "every agent"
    lines.append(f"- [agents.json]({absolute('agents.json')}): {whole} as JSON")
    lines.append(
        f"- [agents.schema.json]({absolute('agents.schema.json')}): the JSON Schema of agents.json"
    )
    for a in sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source)):
        raw = (raw_urls or {}).get(a.source)
        if raw:
            lines.append(f"- [{_inline(a.name, 120)} source]({absolute(raw)}): the file as written")
    return "\n".join(lines).rstrip() + "\n"
