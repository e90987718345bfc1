"""Skills and commands -> Markdown pages: one page each, and a table of each kind.

The pages go through the same environment as the agents' (`render.make_env`: every value
escaped by a filter or by autoescape, agent text never a template) and the same last step
(`render.no_macros`: the page's plain title, macros off). The layout already placed each page
(roles `skills`, `skill`, `commands`, `command`); this module only fills them.
"""

from __future__ import annotations

import posixpath
from typing import Any

from ..analysis import CatalogAnalysis
from ..analysis.capabilities import ToolTable
from ..catalog.load import preloaded_by
from ..model import Item, Skill
from ..reading.tool_names import tool_base
from ..text import value_text
from .comparisons import _facet
from .layout import Layout
from .render import RenderOptions, body_under, make_env, render_page, source_link

ROLES = ("skills", "skill", "commands", "command")

SKILL_SHOWN_KEYS = frozenset({"name", "description", "allowed-tools", "allowed_tools", "model"})
COMMAND_SHOWN_KEYS = SKILL_SHOWN_KEYS | {"argument-hint"}
"""Keys the pages show in rows of their own; every other key is listed as written."""


def other_keys(item: Item) -> list[tuple[str, str]]:
    """Every frontmatter key besides those shown in rows of their own, as display text."""
    shown = SKILL_SHOWN_KEYS if isinstance(item, Skill) else COMMAND_SHOWN_KEYS
    return [(k, value_text(v, none="(empty)")) for k, v in item.metadata.items() if k not in shown]


def rows(items: list[Item], table: ToolTable, name_of: Any = None) -> dict[str, dict[str, str]]:
    """Slug -> the facet values the item's table row filters on (`assets/catalog.js`): the
    agents table's facets that mean something here (plugin, model, the capability classes of
    the allowed tools, by the same tool table, and the tools themselves). `name_of`: the
    item's plugin as every table's plugin facet names it (`Plugin.label`)."""
    name_of = name_of or plugin_name
    out = {}
    for i in items:
        tools = sorted({tool_base(t) for t in i.allowed_tools or []})
        classes = {table.classify(t).cls for t in i.allowed_tools or [] if t != "*"}
        order = [*table.capability_order, "other", "unknown"]
        out[i.slug] = {
            "plugin": _facet([name_of(i)] if name_of(i) else []),
            "model": _facet([i.model] if i.model else []),
            "capability": _facet([table.label(c) for c in order if c in classes]),
            "tool": _facet(tools),
        }
    return out


def plugin_name(item: Item) -> str:
    """The plugin the item ships in, as its folder's name (`plugins/review` -> `review`)."""
    root = item.settings.get("plugin")
    if root is None:
        return ""
    return posixpath.basename(root) if root != "." else "(the catalog's root)"


def render_item_pages(
    an: CatalogAnalysis, layout: Layout, options: RenderOptions | None = None
) -> dict[str, str]:
    """The pages of the layout's skill and command roles: src_uri -> Markdown."""
    options = options or RenderOptions()
    catalog = an.catalog
    if not catalog.items:
        return {}
    env = make_env(options.custom_templates)
    by_slug: dict[tuple[str, str], Item] = {(i.kind, i.slug): i for i in catalog.items}
    preloaders = preloaded_by(catalog)
    skills = sorted(catalog.skills, key=lambda s: (s.name.lower(), s.source))
    commands = sorted(catalog.commands, key=lambda c: (c.name.lower(), c.source))
    uris = {"health": layout.uri("health"), "catalog": layout.uri("catalog")}
    for role in ("skills", "commands"):
        if layout.has(role):
            uris[role] = layout.uri(role)
    files: dict[str, str] = {}
    plugins = {p.root: p for p in catalog.plugins if p.root is not None}

    def label(item: Item) -> str:
        """The item's plugin as every table's plugin facet names it (`Plugin.label`)."""
        p = plugins.get(item.settings.get("plugin"))
        return p.label if p is not None else plugin_name(item)

    def render(template: str, page_uri: str, **ctx: Any) -> None:
        files[page_uri] = render_page(
            env,
            template,
            catalog=catalog,
            options=options,
            uris=uris,
            link=lambda target: layout.link(target, page_uri),
            href=lambda target: layout.href(target, page_uri),
            item_link=lambda i: layout.link(layout.uri_of(i), page_uri),
            item_href=lambda i: layout.href(layout.uri_of(i), page_uri),
            plugin_name=label,
            plugin_page=lambda i: (
                layout.link(layout.plugin_uri[plugins[i.settings["plugin"]].slug], page_uri)
                if i.settings.get("plugin") in plugins
                else None
            ),
            page_uri=page_uri,
            **ctx,
        )

    for place in layout.pages:
        if place.role == "skills":
            render(
                "skills.md.j2",
                place.src_uri,
                skills=skills,
                rows=rows(skills, an.tool_table, label),
                preload_counts={s.slug: len(preloaders.get(id(s), [])) for s in skills},
            )
        elif place.role == "commands":
            render(
                "commands.md.j2",
                place.src_uri,
                commands=commands,
                rows=rows(commands, an.tool_table, label),
            )
        elif place.role in ("skill", "command"):
            item = by_slug[(place.role, place.key)]
            render(
                f"{place.role}.md.j2",
                place.src_uri,
                item=item,
                body=body_under(item.body, 3),
                source_link=source_link(options.source_url, item.source),
                extra_keys=other_keys(item),
                preloaded_by=preloaders.get(id(item), []),
                kind_label="skill" if isinstance(item, Skill) else "command",
            )
    return files
