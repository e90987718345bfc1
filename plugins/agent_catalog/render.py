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

import jinja2

from . import escaping
from .model import SEVERITIES, Agent, Catalog
from .paging import PAGE_SIZE, Chunk, paginate
from .slugs import assign_slugs
from .tool_names import mcp_parts

INHERIT_TEXT = "inherit (not set: uses the main conversation's model)"


@dataclass
class RenderOptions:
    prefix: str = ""
    """Folder (relative to the docs root) under which every generated page lives."""
    custom_templates: str | None = None
    source_url: str | None = None
    """Format string for links to source files, with `{path}`; None: sources are not linked."""
    site_name: str = "Agent catalog"
    page_size: int = PAGE_SIZE
    """Rows per page of a comparison listing (see `paging.py`)."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Pages:
    """Generated pages: src_uri -> Markdown, plus where each agent's page is."""

    files: dict[str, str] = field(default_factory=dict)
    agent_uri: dict[int, str] = field(default_factory=dict)
    variants: dict[str, list[Agent]] = field(default_factory=dict)
    not_in_nav: set[str] = field(default_factory=set)
    """Pages reached from other pages, never listed in a navigation (later listing pages)."""

    def uri_of(self, agent: Agent) -> str:
        return self.agent_uri[id(agent)]


def make_env(custom_templates: str | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if custom_templates:
        loaders.append(jinja2.FileSystemLoader(custom_templates))
    loaders.append(jinja2.PackageLoader("agent_catalog", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        text=escaping.md_text,
        paragraphs=escaping.md_paragraphs,
        cell=escaping.md_cell,
        code=escaping.md_code,
        attr=escaping.attr,
        message=escaping.md_message,
    )
    return env


def uri(prefix: str, path: str) -> str:
    return posixpath.join(prefix.strip("/"), path) if prefix.strip("/") else path


def render_pages(catalog: Catalog, options: RenderOptions | None = None) -> Pages:
    options = options or RenderOptions()
    env = make_env(options.custom_templates)
    pages = Pages()
    if any(not a.slug for a in catalog.agents):
        assign_slugs(catalog.agents)
    groups: dict[str, list[Agent]] = defaultdict(list)
    for a in catalog.agents:
        base = a.analysis.get("base_slug") or re.sub(r"-[0-9a-f]{8}(-\d+)?$", "", a.slug)
        groups[base].append(a)
        pages.agent_uri[id(a)] = uri(options.prefix, f"agents/{a.slug}.md")
    pages.variants = {b: sorted(m, key=lambda a: a.source) for b, m in groups.items() if len(m) > 1}
    agents = sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source))
    home = uri(options.prefix, "agents/index.md")
    common = {
        "catalog": catalog,
        "agents": agents,
        "options": options,
        "severities": SEVERITIES,
        "inherit_text": INHERIT_TEXT,
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
            return posixpath.relpath(target, posixpath.dirname(page_uri) or ".")

        def agent_link(a: Agent) -> str:
            return link(pages.uri_of(a))

        pages.files[page_uri] = env.get_template(template).render(
            **common, **ctx, link=link, agent_link=agent_link, page_uri=page_uri
        )

    render("catalog.md.j2", home)
    # by identity: `a in members` compares whole dataclasses, and doing it for every agent
    # against every group made large catalogs with shared names quadratic
    variant_base = {id(m): b for b, ms in pages.variants.items() for m in ms}
    for a in catalog.agents:
        base = variant_base.get(id(a))
        variants = pages.variants[base] if base else []
        render(
            "agent.md.j2",
            pages.uri_of(a),
            agent=a,
            tools=tool_groups(a),
            variants=[v for v in variants if v is not a],
            variants_uri=uri(options.prefix, f"agents/{base}.md") if base else None,
            source_link=options.source_url.format(path=a.source) if options.source_url else None,
            body=body_under(a.body, 3),
            extra_keys=extra_keys(a),
        )
    for base, members in pages.variants.items():
        render(
            "variants.md.j2", uri(options.prefix, f"agents/{base}.md"), base=base, members=members
        )

    # comparison listings are paginated: one page per `page_size` agents keeps each page's
    # size bounded however large the catalog grows (the tools matrix is agents x tools)
    def listing(template: str, base_uri: str, rows: list, **ctx: Any) -> list[Chunk]:
        chunks = paginate(rows, base_uri, options.page_size)
        for chunk in chunks:
            extra = {k: v(chunk) if callable(v) else v for k, v in ctx.items()}
            render(template, chunk.uri, chunk=chunk, **extra)
            if chunk.number > 1:
                pages.not_in_nav.add(chunk.uri)
        return chunks

    matrix = tools_matrix(agents)
    listing("compare_tools.md.j2", common["uris"]["tools"], agents, matrix=matrix)
    groups = model_groups(agents)
    sizes = {model: len(members) for model, members in groups}
    rows = [(model, a) for model, members in groups for a in members]
    starts: dict[str, str] = {}
    for chunk in paginate(rows, common["uris"]["models"], options.page_size):
        for model, _ in chunk.items:
            starts.setdefault(model, chunk.uri)
    listing(
        "compare_models.md.j2",
        common["uris"]["models"],
        rows,
        groups=lambda chunk: _regroup(chunk.items, sizes),
        summary=[(model, sizes[model], starts[model]) for model, _ in groups],
    )
    listing("compare_responsibilities.md.j2", common["uris"]["responsibilities"], agents)
    render("health.md.j2", common["uris"]["health"], findings=findings_by_rule(catalog))
    return pages


KNOWN_KEYS = {"name", "description", "tools", "model", "color"}


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


def body_under(markdown: str, top: int) -> str:
    """Shift the body's headings so its highest level becomes `top` (it sits under a section).

    Runs on every body of the catalog: lines that cannot open a fence or a heading are passed
    over with a string test, not a regular expression.
    """
    lines = markdown.split("\n")
    marks = []  # (index, heading level or 0 for a fence line)
    fence = None
    for i, ln in enumerate(lines):
        if not ln or not (ln[0] in "#`~" or ln[0].isspace()):
            continue  # cannot open a fence or a heading
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


MATRIX_COLUMNS = 16
"""Tool columns of the matrix: every tool when the catalog names at most this many, else the
most used ones and an "other tools" column (a real catalog names hundreds of tools: a column
each made pages that nobody can read and that cost MkDocs more than all agent pages)."""


def tools_matrix(agents: list[Agent], columns: int = MATRIX_COLUMNS) -> dict[str, Any]:
    """Columns: the tools the agents name, most used first (built-in, then MCP); rows: agents.

    `other` is True when some tools did not get a column; pages then list them per agent.
    """
    builtin: dict[str, int] = {}
    mcp: dict[str, int] = {}
    for a in agents:
        for t in a.tools or []:
            kind = mcp if t.startswith("mcp__") else builtin
            kind[t] = kind.get(t, 0) + 1
    every = sorted(builtin, key=lambda t: (-builtin[t], t.lower())) + sorted(mcp)
    counts = {**builtin, **mcp}
    if len(every) <= columns:
        return {"columns": every, "every": every, "counts": counts, "other": False}
    top = sorted(every, key=lambda t: (-counts[t], t.startswith("mcp__"), t.lower()))[:columns]
    shown = [t for t in every if t in set(top)]
    return {"columns": shown, "every": every, "counts": counts, "other": True}


def _regroup(rows: list[tuple[str, Agent]], sizes: dict[str, int]) -> list:
    """Consecutive (model, agent) rows of one page -> [(model, agents, agents in the catalog)]."""
    out: list[tuple[str, list[Agent], int]] = []
    for model, agent in rows:
        if not out or out[-1][0] != model:
            out.append((model, [], sizes[model]))
        out[-1][1].append(agent)
    return out


def model_groups(agents: list[Agent]) -> list[tuple[str, list[Agent]]]:
    groups: dict[str, list[Agent]] = defaultdict(list)
    for a in agents:
        groups[a.model if a.model else ""].append(a)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


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


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs (and hosts that follow it) gives `src_uri`, relative to the site root."""
    stem = src_uri[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


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
