"""Catalog -> Markdown pages, through Jinja templates that ship in the package.

Agent text is only ever data passed to templates (never template source), and every filter that
puts it into Markdown escapes it (see `escaping.py`). A user's `custom_templates` folder comes
first in the loader, so any template can be overridden by a file of the same name.
Knows nothing of MkDocs: the plugin and the `build-pages` command both call `render_pages`.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from . import comparisons, escaping, page_parts, raw_files, template_cache
from .analysis import AnalysisOptions, CatalogAnalysis, analyse
from .formats import INFO
from .lines import marked_lines
from .model import SEVERITIES, Agent, Catalog
from .slugs import assign_slugs, slugify
from .tool_names import mcp_parts

INHERIT_TEXT = "inherit (not set: uses the main conversation's model)"
FULL_GROUPS = 30
"""Up to this many shared names, the responsibilities page compares each in full."""
EVERY_AGENT_LIMIT = 300
"""Up to this many agents, the responsibilities page also lists every agent in one table."""
GROUP_ROWS = 100
"""Shared names compared on the responsibilities page beyond FULL_GROUPS (the most shared)."""
AREA_ROWS = 50
"""Agents compared side by side on an area's page (the strongest); the catalog has the rest."""


@dataclass
class RenderOptions:
    prefix: str = ""
    """Folder (relative to the docs root) under which every generated page lives."""
    custom_templates: str | None = None
    source_url: str | None = None
    """Format string for links to source files, with `{path}`; None: sources are not linked."""
    site_name: str = "Agent catalog"
    site_url: str | None = None
    """The site's public URL, for install commands that download from it."""
    extra: dict[str, Any] = field(default_factory=dict)
    use_directory_urls: bool = True
    """How MkDocs maps `x.md` to a URL; raw-HTML links (the catalog table) are written final."""
    analysis: AnalysisOptions | None = None


@dataclass
class Pages:
    """Generated pages: src_uri -> Markdown, plus where each agent's page is."""

    files: dict[str, str] = field(default_factory=dict)
    agent_uri: dict[int, str] = field(default_factory=dict)
    variants: dict[str, list[Agent]] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    """Generated pages reached by links only, kept out of the navigation (matrix and area pages)."""
    analysis: CatalogAnalysis | None = None

    def uri_of(self, agent: Agent) -> str:
        return self.agent_uri[id(agent)]


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
    loaders.append(jinja2.PackageLoader("agent_catalog", "templates"))
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
        code_list=page_parts.code_list,
        capability_badges=page_parts.badges,
        prompt_size=page_parts.prompt_size,
    )
    return env


def uri(prefix: str, path: str) -> str:
    return posixpath.join(prefix.strip("/"), path) if prefix.strip("/") else path


def relative(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for the catalog's own clean relative paths (no `.`,
    `..` or empty parts): the same answer without touching the file system, which matters
    because every page makes dozens of links (at 1,000 agents: 13,000 relpath calls, 0.76 s
    of a 9 s profiled render)."""
    t = target.rstrip("/").split("/") if target.strip("/") else []
    s = start.strip("/").split("/") if start.strip("/") else []
    i = 0
    while i < len(t) and i < len(s) and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page, relative to the site root (as `plugin._url_for`)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def render_pages(
    catalog: Catalog, options: RenderOptions | None = None, analysis: CatalogAnalysis | None = None
) -> Pages:
    options = options or RenderOptions()
    env = make_env(options.custom_templates)
    pages = Pages()
    if any(not a.slug for a in catalog.agents):
        assign_slugs(catalog.agents)
    an = analysis or analyse(catalog, options.analysis)
    pages.analysis = an
    groups: dict[str, list[Agent]] = defaultdict(list)
    for a in catalog.agents:
        base = a.analysis.get("base_slug") or re.sub(r"-[0-9a-f]{8}(-\d+)?$", "", a.slug)
        groups[base].append(a)
        pages.agent_uri[id(a)] = uri(options.prefix, f"agents/{a.slug}.md")
    pages.variants = {b: sorted(m, key=lambda a: a.source) for b, m in groups.items() if len(m) > 1}
    agents = sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source))
    home = uri(options.prefix, "agents/index.md")
    by_slug = {a.slug: a for a in catalog.agents}
    class_pages = comparisons.tool_pages(an, catalog.agents, lambda p: uri(options.prefix, p))
    common = {
        "an": an,
        "by_slug": by_slug,
        "tool_table": an.tool_table,
        "class_pages": class_pages,
        "rows": comparisons.catalog_rows(an, catalog.agents),
        "filter_hash": comparisons.filter_hash,
        "list_limit": comparisons.LIST_LIMIT,
        "catalog": catalog,
        "agents": agents,
        "options": options,
        "severities": SEVERITIES,
        "inherit_text": INHERIT_TEXT,
        "format_labels": {k: v.label for k, v in INFO.items()},
        "shared_names": {m.name for ms in pages.variants.values() for m in ms},
        "uris": {
            "home": home,
            "tools": uri(options.prefix, "compare/tools.md"),
            "models": uri(options.prefix, "compare/models.md"),
            "responsibilities": uri(options.prefix, "compare/responsibilities.md"),
            "health": uri(options.prefix, "health.md"),
        },
    }

    def render(template: str, page_uri: str, **ctx: Any) -> None:
        def link(target: str) -> str:
            return relative(target, posixpath.dirname(page_uri))

        def agent_link(a: Agent) -> str:
            return link(pages.uri_of(a))

        def href(target: str) -> str:
            """A final URL for raw HTML (MkDocs rewrites Markdown links only)."""
            here = page_url(page_uri, options.use_directory_urls)
            there = page_url(target, options.use_directory_urls)
            rel = relative(there, posixpath.dirname(here)) if here else there
            return rel + "/" if there.endswith("/") and not rel.endswith("/") else rel

        def agent_href(a: Agent) -> str:
            return href(pages.uri_of(a))

        pages.files[page_uri] = no_macros(
            env.get_template(template).render(
                **common,
                **ctx,
                link=link,
                agent_link=agent_link,
                page_uri=page_uri,
                href=href,
                agent_href=agent_href,
            )
        )

    render("catalog.md.j2", home)
    group_of = {id(m): b for b, ms in pages.variants.items() for m in ms}
    """By identity: `a in list` compares agents field by field (dataclass equality), which made
    this loop quadratic in the number of agents."""
    for a in catalog.agents:
        base = group_of.get(id(a))
        variants = pages.variants[base] if base else []
        render(
            "agent.md.j2",
            pages.uri_of(a),
            agent=a,
            tools=tool_groups(a),
            variants=[v for v in variants if v is not a],
            variants_uri=uri(options.prefix, f"agents/{base}.md") if base else None,
            source_link=source_link(options.source_url, a.source),
            body=body_under(a.body, 3),
            extra_keys=extra_keys(a),
            install=install_info(a, pages.uri_of(a), options),
            profile=a.analysis["_capability_profile"],
            tool_lists=tool_lists(a, an),
            related=[(by_slug[r["slug"]], r) for r in a.analysis.get("related", [])],
        )
    groups_by_base = {g.base: g for g in an.variant_groups}
    for base, members in pages.variants.items():
        render(
            "variants.md.j2",
            uri(options.prefix, f"agents/{base}.md"),
            base=base,
            members=members,
            group=groups_by_base.get(base),
        )
    render("compare_tools.md.j2", common["uris"]["tools"], servers=comparisons.mcp_servers(an))
    for cp in class_pages:
        render("compare_tools_class.md.j2", cp.uri, page=cp)
        pages.hidden.add(cp.uri)
    render("compare_models.md.j2", common["uris"]["models"], chart=comparisons.model_chart(an))
    primary: dict[str, set[str]] = defaultdict(set)
    for a in catalog.agents:
        for s in a.analysis["areas"]:
            if s["level"] == "primary":
                primary[s["area"]].add(a.slug)
    area_uris = {
        area.key: uri(options.prefix, f"compare/responsibilities/{slugify(area.key) or 'area'}.md")
        for area in an.taxonomy.areas
    }
    largest = sorted(an.variant_groups, key=lambda g: (-len(g.agents), g.name))[:GROUP_ROWS]
    render(
        "compare_responsibilities.md.j2",
        common["uris"]["responsibilities"],
        primary_slugs=primary,
        area_uris=area_uris,
        full_groups=FULL_GROUPS,
        every_agent_limit=EVERY_AGENT_LIMIT,
        variant_rows=sorted(largest, key=lambda g: (g.name.lower(), g.base)),
    )
    for area in an.taxonomy.areas:
        slugs = an.area_agents.get(area.key, [])
        if slugs:
            main, also = area_members(area.key, [by_slug[s] for s in slugs])
            render(
                "compare_area.md.j2",
                area_uris[area.key],
                area=area,
                main=main,
                also=also,
                area_rows=AREA_ROWS,
            )
            pages.hidden.add(area_uris[area.key])
    render("health.md.j2", common["uris"]["health"], findings=findings_by_rule(catalog))
    return pages


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


KNOWN_KEYS = {"name", "description", "tools", "model", "color"}


def install_info(agent: Agent, page_uri: str, options: RenderOptions) -> dict[str, Any]:
    """The format badge and the install block of an agent page.

    `raw_href` is relative to the built page's own URL, so the download link works wherever
    the site is hosted.
    """
    url = page_url(page_uri, options.use_directory_urls)
    page_dir = url[:-1] if url.endswith("/") else posixpath.dirname(url)
    raw = raw_files.raw_url(agent)
    info = INFO[agent.format]
    return {
        "format": agent.format,
        "label": info.label,
        "docs_url": info.docs_url,
        "path": raw_files.install_path(agent),
        "command": raw_files.install_command(agent, options.site_url),
        "raw_href": relative(raw, page_dir) if page_dir else raw,
        "needs_site": not options.site_url,
    }


def extra_keys(agent: Agent) -> list[tuple[str, str]]:
    """Every frontmatter key besides the ones the page shows on their own, as display text."""
    out = []
    for k, v in agent.metadata.items():
        if k in KNOWN_KEYS:
            continue
        out.append((k, display_value(v)))
    return out


def display_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "(empty)"
    if isinstance(v, (list, tuple)):
        return ", ".join(display_value(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {display_value(x)}" for k, x in v.items())
    return str(v)


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


_FENCE_OPEN = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
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
    fence = None
    for i in marked_lines(markdown, _FENCE_OR_HASH):
        ln = lines[i]
        m = _FENCE_OPEN.match(ln)
        if m:
            fence = None if fence and m.group(1)[0] == fence else (fence or m.group(1)[0])
            continue
        if fence is None:
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


def write_pages(pages: Pages, out_dir: Path) -> list[Path]:
    """Write generated pages under `out_dir` (for hosts that run no MkDocs plugins)."""
    out_dir = out_dir.resolve()
    written = []
    for src_uri, text in pages.files.items():
        target = (out_dir / src_uri).resolve()
        if out_dir not in target.parents:
            raise ValueError(f"refusing to write outside {out_dir}: {src_uri}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
