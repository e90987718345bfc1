"""Catalog -> Markdown pages, through Jinja templates that ship in the package.

Agent text is only ever data passed to templates (never template source), and every filter that
puts it into Markdown escapes it (see `escaping.py`). A user's `custom_templates` folder comes
first in the loader, so any template can be overridden by a file of the same name.
Knows nothing of MkDocs: `pipeline.build_site` calls `render_pages` with the analysed catalog
and the layout, which already decided every page's role, source path and URL.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from ..analysis import CatalogAnalysis, risk
from ..catalog.load import skill_index
from ..formats import INFO
from ..formats.claude import BUILTIN_SUBAGENTS, preloaded_skills
from ..formats.copilot import BUILTIN_AGENTS as COPILOT_BUILTIN_AGENTS
from ..formats.copilot import agent_key as copilot_agent_key
from ..model import SEVERITIES, Agent, Catalog
from ..publish import raw_files
from ..reading.fences import FenceTracker
from ..reading.lines import marked_lines
from ..reading.tool_names import mcp_parts
from ..text import value_text
from . import comparisons, escaping, html_blocks, page_parts, plugin_pages, template_cache
from .layout import Layout, relative
from .page_cache import PageCache

FULL_GROUPS = 30
"""Up to this many shared names, the responsibilities page compares each in full."""
EVERY_AGENT_LIMIT = 300
"""Up to this many agents, the responsibilities page also lists every agent in one table."""
GROUP_ROWS = 100
"""Shared names compared on the responsibilities page beyond FULL_GROUPS (the most shared)."""
AREA_ROWS = 50
"""Agents compared side by side on an area's page (the strongest); the catalog has the rest."""


@dataclass(frozen=True)
class RenderOptions:
    """What the templates need besides the catalog, its analyses and its layout."""

    custom_templates: str | None = None
    source_url: str | None = None
    """Format string for links to source files, with `{path}`; None: sources are not linked."""
    site_name: str = "Agent catalog"
    site_url: str | None = None
    """The site's public URL, for install commands that download from it."""


def make_env(custom_templates: str | None = None) -> jinja2.Environment:
    """The templates' environment. Without custom templates it is built and compiled once per
    process (`mkdocs serve` rebuilds reuse it); a user's folder is re-read on each build."""
    if custom_templates:
        return _new_env(custom_templates)
    global _PACKAGE_ENV
    if _PACKAGE_ENV is None:
        _PACKAGE_ENV = _new_env(None)
    return _PACKAGE_ENV


_PACKAGE_ENV: jinja2.Environment | None = None


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with `value.key` on a plain dict looked up as an item directly.

    Templates read the analyses' dicts with dots (`area.label`): Jinja first tries the
    attribute, and the `AttributeError` it catches costs ten times the lookup (70,000 of them
    at 1,000 agents). A dict has no attributes but its class's, so for any other name the
    answer is the same as Jinja's: the item, else undefined.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_COMPILE_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
"""The environment's options that change a template's compiled code."""


def _new_env(custom_templates: str | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if custom_templates:
        loaders.append(jinja2.FileSystemLoader(custom_templates))
    loaders.append(jinja2.PackageLoader("agent_catalog", "site/templates"))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        auto_reload=bool(custom_templates),  # the package's own templates never change
        # compiled once per machine, not per build; the options below shape the compiled code
        bytecode_cache=template_cache.package_cache(repr(sorted(_COMPILE_OPTIONS.items()))),
        **_COMPILE_OPTIONS,
    )
    env.filters.update(
        text=escaping.md_text,
        paragraphs=escaping.md_paragraphs,
        cell=escaping.md_cell,
        code=escaping.md_code,
        attr=escaping.attr,
        message=escaping.md_message,
        responsibility=page_parts.responsibility,
        area_evidence=page_parts.area_evidence,
        related_line=page_parts.related_line,
        purpose_html=page_parts.purpose_html,
        related_html=page_parts.related_html,
        code_list=page_parts.code_list,
        capability_badges=page_parts.badges,
        prompt_size=page_parts.prompt_size,
        tools_cell=page_parts.tools_cell,
        tools_statement=page_parts.tools_statement,
        model_text=page_parts.model_text,
        settings_rows=page_parts.settings_rows,
        plugin_ignores=page_parts.plugin_ignores,
        plugin_ignores_html=page_parts.plugin_ignores_html,
        reach_text=page_parts.reach_text,
        reasons_line=page_parts.reasons_line,
        hook_line=page_parts.hook_line,
        server_line=page_parts.server_line,
        html_block=html_blocks.html_block,
        html=escaping.html_text,
        html_code=escaping.html_code_text,
        html_cell=escaping.html_cell_text,
        html_lines=escaping.html_lines,
        html_message=escaping.html_message,
        reach_html=page_parts.reach_html,
        reasons_html=page_parts.reasons_html,
    )
    return env


def render_page(env: jinja2.Environment, template: str, **ctx: Any) -> str:
    """One page's Markdown (`no_macros`) from its template and context (which names its
    `page_uri`), refused if it holds HTML block markers its templates did not write
    (`html_blocks.py`: only this stage writes them)."""
    with html_blocks.counting() as emitted:
        markdown = env.get_template(template).render(**ctx)
    return no_macros(html_blocks.check_emitted(markdown, emitted[0], ctx["page_uri"]))


def render_pages(
    an: CatalogAnalysis,
    layout: Layout,
    options: RenderOptions | None = None,
    cache: PageCache | None = None,
) -> dict[str, str]:
    """Every page of the layout, rendered: src_uri -> Markdown, in the layout's order.
    `cache`: agent and variant pages whose agents are unchanged since its last use are taken
    from it (`page_cache.py`); the result is the same either way."""
    options = options or RenderOptions()
    env = make_env(options.custom_templates)
    catalog = an.catalog
    if options.custom_templates:
        cache = None  # a custom template may have changed since the last build
    if cache is not None:
        build_key = (options, layout.prefix, layout.use_directory_urls, an.tool_table, an.taxonomy)
        cache.start(build_key, catalog.agents)
    files: dict[str, str] = {}
    agents = sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source))
    by_slug = {a.slug: a for a in catalog.agents}
    uris = {
        "home": layout.uri("catalog"),
        "tools": layout.uri("tools"),
        "models": layout.uri("models"),
        "responsibilities": layout.uri("responsibilities"),
        "health": layout.uri("health"),
        "plugins": layout.uri("plugins"),
    }
    common = {
        "an": an,
        "by_slug": by_slug,
        "tool_table": an.tool_table,
        "class_pages": layout.class_pages,
        "rows": comparisons.catalog_rows(an, catalog.agents),
        "filter_hash": comparisons.filter_hash,
        "list_limit": comparisons.LIST_LIMIT,
        "catalog": catalog,
        "agents": agents,
        "options": options,
        "severities": SEVERITIES,
        "severity_counts": Counter(d.severity for d in catalog.all_diagnostics()),
        "format_labels": {k: v.label for k, v in INFO.items()},
        "shared_names": {m.name for ms in catalog.name_groups.values() for m in ms},
        "uris": uris,
        "variants_uris": layout.variants_uri,
        "plugin_uris": layout.plugin_uri,
    }
    plugin_by_slug = {p.slug: p for p in catalog.plugins}
    plugin_by_root = {p.root: p for p in catalog.plugins if p.root is not None}

    def render(template: str, page_uri: str, **ctx: Any) -> None:
        def link(target: str) -> str:
            return layout.link(target, page_uri)

        def agent_link(a: Agent) -> str:
            return link(layout.uri_of(a))

        def href(target: str) -> str:
            return layout.href(target, page_uri)

        def agent_href(a: Agent) -> str:
            return href(layout.uri_of(a))

        def catalog_row(a: Agent, several_formats: bool) -> Markup:
            """The catalog table's row of `a` (`_catalog_row.md.j2`), kept in the cache."""
            row = common["rows"][a.slug]
            key = None
            if cache is not None:
                shows = (
                    several_formats,
                    row["family"],
                    tuple(row["areas"]),
                    tuple(row["facets"].items()),
                )
                key = cache.row_key(page_uri, a, shows)
                hit = cache.row(key)
                if hit is not None:
                    return Markup(hit)
            html = env.get_template("_catalog_row.md.j2").render(
                a=a, row=row, several_formats=several_formats, agent_href=agent_href,
                format_labels=common["format_labels"], tool_table=common["tool_table"],
            )  # fmt: skip
            if key is not None:
                cache.put_row(key, html)
            return Markup(html)

        files[page_uri] = render_page(
            env,
            template,
            **common,
            **ctx,
            link=link,
            agent_link=agent_link,
            page_uri=page_uri,
            href=href,
            agent_href=agent_href,
            catalog_row=catalog_row,
        )

    claude_by_name: dict[str, Agent] = {}
    for a in agents:  # by name, then source: one agent a name links to
        if a.format == "claude":
            claude_by_name.setdefault(a.name, a)
    copilot_by_key: dict[str, Agent] = {}
    for a in agents:  # a handoff's `agent:` is the id; a display name is tried after
        if a.format == "copilot":
            copilot_by_key.setdefault(copilot_agent_key(a), a)
    for a in agents:
        if a.format == "copilot":
            copilot_by_key.setdefault(a.name, a)
    handed_from: dict[int, list[tuple[Agent, dict]]] = defaultdict(list)
    for a in agents:
        for h in a.settings.get("handoffs") or [] if a.format == "copilot" else []:
            target = copilot_by_key.get(h["agent"])
            if target is not None:
                handed_from[id(target)].append((a, h))
    group_of = {id(m): b for b, ms in catalog.name_groups.items() for m in ms}
    """By identity: `a in list` compares agents field by field (dataclass equality)."""
    groups_by_base = {g.base: g for g in an.variant_groups}
    class_pages = {cp.uri: cp for cp in layout.class_pages}
    primary: dict[str, set[str]] = defaultdict(set)
    for a in catalog.agents:
        for s in a.analysis["areas"]:
            if s["level"] == "primary":
                primary[s["area"]].add(a.slug)
    areas = {area.key: area for area in an.taxonomy.areas}
    skills_by_name = skill_index(catalog.skills) if layout.item_uri else {}
    largest = sorted(an.variant_groups, key=lambda g: (-len(g.agents), g.name))[:GROUP_ROWS]
    shared_names = common["shared_names"]

    def cached(
        template: str, src: str, deps: list[Agent], extra: Any = None, related_of: Any = None
    ) -> Any:
        """The page from the cache, or the key to store it under once rendered."""
        if cache is None:
            return None
        key = cache.key(template, src, deps, shared_names, extra, related_of=related_of)
        hit = cache.get(src, key)
        if hit is not None:
            files[src] = hit
            return True
        return key

    for place in layout.pages:
        role, src = place.role, place.src_uri
        if role in ("catalog", "home"):
            render("catalog.md.j2", src, is_home=role == "home")
        elif role == "agent":
            a = by_slug[place.key]
            base = group_of.get(id(a))
            variants = catalog.name_groups[base] if base else ()
            plugin = plugin_by_root.get(a.settings.get("plugin"))
            skill_links = [  # final URLs: the field table is a finished HTML block
                (n, layout.href(layout.uri_of(s), src) if s else None)
                for n in preloaded_skills(a)
                for s in [skills_by_name.get(n)]
            ]
            shows = (_plugin_shown(plugin, layout), tuple(skill_links))
            key = cached("agent.md.j2", src, _agent_page_agents(a, variants, claude_by_name,
                copilot_by_key, handed_from, by_slug), shows, related_of=a)  # fmt: skip
            if key is True:
                continue
            render(
                "agent.md.j2",
                src,
                agent=a,
                tools=tool_groups(a),
                variants=[v for v in variants if v is not a],
                variants_uri=layout.variants_uri[base] if base else None,
                source_link=source_link(options.source_url, a.source),
                body=body_under(a.body, 3),
                extra_keys=extra_keys(a),
                subagents=[
                    (n, claude_by_name.get(n), n in BUILTIN_SUBAGENTS)
                    for n in a.settings.get("subagents", ())
                ],
                handoffs_to=[
                    (h, copilot_by_key.get(h["agent"]), h["agent"] in COPILOT_BUILTIN_AGENTS)
                    for h in (a.settings.get("handoffs") or [] if a.format == "copilot" else [])
                ],
                handoffs_from=handed_from.get(id(a), []),
                install=install_info(a, layout.url(src), options),
                profile=a.analysis["_capability_profile"],
                tool_lists=tool_lists(a, an),
                related=[(by_slug[r["slug"]], r) for r in a.analysis.get("related", [])],
                plugin=plugin,
                skill_links=skill_links,
            )
            if key is not None:
                cache.put(src, key, files[src])
        elif role == "variants":
            members = list(catalog.name_groups[place.key])
            key = cached("variants.md.j2", src, members)
            if key is True:
                continue
            render(
                "variants.md.j2",
                src,
                base=place.key,
                members=members,
                group=groups_by_base.get(place.key),
            )
            if key is not None:
                cache.put(src, key, files[src])
        elif role == "tools":
            render("compare_tools.md.j2", src, servers=comparisons.mcp_servers(an))
        elif role == "tools-class":
            page = class_pages[src]
            shows = _class_page_shown(page, an, layout, shared_names)
            key = cached("compare_tools_class.md.j2", src, [], shows)
            if key is True:
                continue
            render("compare_tools_class.md.j2", src, page=page)
            if key is not None:
                cache.put(src, key, files[src])
        elif role == "models":
            render("compare_models.md.j2", src, chart=comparisons.model_chart(an))
        elif role == "responsibilities":
            render(
                "compare_responsibilities.md.j2",
                src,
                primary_slugs=primary,
                area_uris=layout.area_uri,
                full_groups=FULL_GROUPS,
                every_agent_limit=EVERY_AGENT_LIMIT,
                variant_rows=sorted(largest, key=lambda g: (g.name.lower(), g.base)),
            )
        elif role == "area":
            area = areas[place.key]
            main, also = area_members(
                area.key, [by_slug[s] for s in an.area_agents.get(area.key, [])]
            )
            shows = [a for a, _ in main[:AREA_ROWS]] + also[: comparisons.LIST_LIMIT]
            key = cached("compare_area.md.j2", src, shows, (len(main), len(also)))
            if key is True:
                continue
            render(
                "compare_area.md.j2",
                src,
                area=area,
                main=main,
                also=also,
                area_rows=AREA_ROWS,
            )
            if key is not None:
                cache.put(src, key, files[src])
        elif role == "plugin":
            ctx = plugin_pages.plugin_context(plugin_by_slug[place.key], catalog)
            render("plugin.md.j2", src, item_uri=lambda i: layout.item_uri.get(id(i)), **ctx)
        elif role == "plugins":
            render("plugins.md.j2", src, **plugin_pages.plugins_context(catalog))
        elif role == "health":
            render(
                "health.md.j2",
                src,
                findings=findings_by_rule(catalog),
                agent_of={
                    **{i.source: i for i in catalog.items if id(i) in layout.item_uri},
                    **{a.source: a for a in catalog.agents},
                },
                plugin_of={  # a plugin's own manifest (a marketplace file lists several)
                    p.source: p
                    for p in catalog.plugins
                    if p.marketplace is None or p.source != p.marketplace.source
                },
                widest=risk.widest(catalog.agents, WIDEST_ROWS),
                widest_rows=WIDEST_ROWS,
            )
    if cache is not None:
        cache.finish()
    return files


def _plugin_shown(plugin: Any, layout: Layout) -> Any:
    """What an agent page shows of its plugin (`agent.md.j2`): its name, its marketplace's
    name and its page; part of the page's cache key."""
    if plugin is None:
        return None
    market = plugin.marketplace.name if plugin.marketplace else None
    return (plugin.name, market, layout.plugin_uri.get(plugin.slug))


def _class_page_shown(
    page: comparisons.ClassPage, an: CatalogAnalysis, layout: Layout, shared: Collection[str]
) -> Any:
    """What a tools-class page shows (`compare_tools_class.md.j2`), its cache key: the class,
    its columns, its place among the class's pages, and of each row's agent its name, its page,
    its file when the name is shared, the row's cells. Nothing else of an agent: an edit to a
    prompt keeps the page. What counts the whole class (its agents, its tools and the other
    tools named, the agents inheriting every tool) only the first page shows: a later page is
    kept when an agent is added elsewhere in the class (`comparisons.split_rows`)."""
    rows = tuple(
        (
            (a := r["agent"]).name,
            layout.uri_of(a),
            a.source if a.name in shared else None,
            tuple(r["cells"]),
            tuple(r["rest"]),
        )
        for r in page.rows
    )
    shown = (
        page.key,
        page.label,
        page.description,
        tuple((c["name"], c["server"]) for c in page.columns),
        bool(page.rest),
        rows,
        page.number,
        tuple(page.page_uris),
    )
    if page.number > 1:
        return shown
    return (
        *shown,
        tuple(e.name for e in page.tools),
        tuple(e.name for e in page.rest),
        page.agent_count,
        len(an.tool_usage.inherits_all),
    )


def _agent_page_agents(
    a: Agent,
    variants: tuple[Agent, ...],
    claude_by_name: dict[str, Agent],
    copilot_by_key: dict[str, Agent],
    handed_from: dict[int, list[tuple[Agent, dict]]],
    by_slug: dict[str, Agent],
) -> list[Agent]:
    """Every agent an agent's page is made from (its cache key, `page_cache.py`): itself, the
    agents sharing its name, its subagents and handoffs' targets, the agents handing off to
    it, its related agents. A page reading another agent must name it here."""
    out = [a, *variants]
    out += [t for n in a.settings.get("subagents", ()) if (t := claude_by_name.get(n))]
    if a.format == "copilot":
        handoffs = a.settings.get("handoffs") or []
        out += [t for h in handoffs if (t := copilot_by_key.get(h["agent"]))]
    out += [src for src, _ in handed_from.get(id(a), [])]
    out += [by_slug[r["slug"]] for r in a.analysis.get("related", [])]
    return out


def area_members(key: str, agents: list[Agent]) -> tuple[list[tuple[Agent, dict]], list[Agent]]:
    """An area's agents (strongest first) split into those whose main area it is, each with its
    score, and those that only cover it."""
    main, also = [], []
    for a in agents:
        score = next((s for s in a.analysis["areas"] if s["area"] == key), None)
        if score is not None and score["level"] == "primary":
            main.append((a, score))
        else:
            also.append(a)
    return main, also


def source_link(source_url: str | None, source: str) -> str | None:
    """The link to an agent's file. The path is percent-encoded: file names are chosen by the
    file's author, and `)` or `"` in one must not end the Markdown link or the attribute."""
    return source_url.format(path=quote(source, safe="/")) if source_url else None


WIDEST_ROWS = 25
"""How many agents the health page's "Widest reach" section lists."""

KNOWN_KEYS = {"name", "description", "tools", "model", "color"}
CLAUDE_SHOWN_KEYS = KNOWN_KEYS | {
    "permissionMode", "effort", "maxTurns", "memory", "background", "isolation",
    "disallowedTools",
}  # fmt: skip
"""Keys a Claude Code agent's page shows with their meaning (`page_parts.settings_rows`, the
Tools section), not among the other keys."""
CLAUDE_SHOWN_IF_READ = {
    "skills": "skills",
    "initialPrompt": "initial_prompt",
    "hooks": "hooks",
    "mcpServers": "mcp_servers",
}
"""Keys shown with their meaning only when the format module could read them (otherwise they
stay among the other keys, as written)."""


def install_info(agent: Agent, url: str, options: RenderOptions) -> dict[str, Any]:
    """The format badge and the install block of an agent page (served at `url`).

    `raw_href` is relative to the built page's own URL, so the download link works wherever
    the site is hosted.
    """
    page_dir = url[:-1] if url.endswith("/") else posixpath.dirname(url)
    raw = raw_files.raw_url(agent)
    info = INFO[agent.format]
    return {
        "format": agent.format,
        "label": info.label,
        "tool": info.tool or info.label,
        "docs_url": info.docs_url,
        "path": raw_files.install_path(agent),
        "command": raw_files.install_command(agent, options.site_url),
        "raw_href": relative(raw, page_dir) if page_dir else raw,
        "needs_site": not options.site_url,
    }


def extra_keys(agent: Agent) -> list[tuple[str, str]]:
    """Every frontmatter key besides the ones the page shows on their own, as display text."""
    out = []
    shown = KNOWN_KEYS
    if agent.format == "copilot":
        shown = KNOWN_KEYS | page_parts.COPILOT_SHOWN_KEYS
    if agent.format == "gemini" and agent.settings.get("kind") == "remote":
        shown = KNOWN_KEYS | {"kind"}
    if agent.format == "cursor-agent":
        shown = KNOWN_KEYS | {k for k in ("readonly", "is_background") if k in agent.settings}
    if agent.format == "opencode" and agent.settings.get("permissions") is not None:
        shown = KNOWN_KEYS | {"permissions"}
    if agent.format == "claude":
        read = {k for k, setting in CLAUDE_SHOWN_IF_READ.items() if agent.settings.get(setting)}
        shown = CLAUDE_SHOWN_KEYS | read
    for k, v in agent.metadata.items():
        if k in shown:
            continue
        out.append((k, value_text(v, none="(empty)")))
    return out


def tool_lists(agent: Agent, an: CatalogAnalysis) -> list[tuple[str, str, list[str]]]:
    """The agent's tools by capability class, as written (`mcp__` tools: see `tool_groups`)."""
    prof = agent.analysis["_capability_profile"]
    out = []
    for cls in [*an.tool_table.capability_order, "other", "unknown"]:
        names = [u.tool for u in prof.tools if u.cls == cls and not mcp_parts(u.base)]
        if names:
            out.append((cls, an.tool_table.label(cls), names))
    return out


def tool_groups(agent: Agent) -> dict[str, Any]:
    """Built-in tools, and MCP tools grouped by server."""
    builtin: list[str] = []
    mcp: dict[str, list[str]] = defaultdict(list)
    for t in agent.tools or []:
        parts = mcp_parts(t)
        if parts:
            mcp[parts[0]].append(parts[1])
        else:
            builtin.append(t)
    return {"builtin": builtin, "mcp": dict(mcp)}


_HEADING = re.compile(r"^(#{1,6})(\s.*)$")
_FENCE_OR_HASH = re.compile(r"\n(?:#|[^\S\n]{0,3}(?:```|~~~))")
"""The only lines `body_under` looks at: those that may open or close a fence, or be a heading."""


def body_under(markdown: str, top: int) -> str:
    """Shift the body's headings so its highest level becomes `top` (it sits under a section).

    Runs on every body of the catalog: only the lines that may be a fence or a heading are
    visited (found by `marked_lines`, in C); the others cannot change anything here.
    """
    lines = markdown.split("\n")
    marks = []  # (index, heading level)
    fences = FenceTracker()
    for i in marked_lines(markdown, _FENCE_OR_HASH):
        ln = lines[i]
        if fences.step(ln):
            continue
        h = _HEADING.match(ln)
        if h:
            marks.append((i, len(h.group(1))))
    if not marks:
        return markdown
    shift = max(0, top - min(level for _, level in marks))
    if not shift:
        return markdown
    for i, level in marks:
        lines[i] = "#" * min(6, level + shift) + lines[i][level:]
    return "\n".join(lines)


def findings_by_rule(catalog: Catalog) -> list[dict[str, Any]]:
    """Findings grouped by severity then rule, with counts, for the health page."""
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for d in catalog.all_diagnostics():
        grouped[(d.severity, d.rule)].append(d)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return [
        {
            "severity": sev,
            "rule": rule,
            "findings": sorted(items, key=lambda d: (d.source, d.line or 0)),
        }
        for (sev, rule), items in sorted(
            grouped.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
        )
    ]


def no_macros(markdown: str) -> str:
    """Mark a generated page `render_macros: false` in its front matter, and give it its title.

    Sites that use mkdocs-macros would otherwise evaluate `{{ ... }}` found in agent text
    (prompts contain it) as Jinja. The front matter is the plugin's own; agent text never is.
    The title is the page's H1 as plain text (`escaping.page_title`): without it MkDocs would
    take the H1's HTML, which themes write unescaped or pass through `striptags`.
    """
    title = escaping.title_front_matter(markdown)
    if markdown.startswith("---\n"):
        return "---\nrender_macros: false\n" + title + markdown[4:]
    return "---\nrender_macros: false\n" + title + "---\n\n" + markdown
