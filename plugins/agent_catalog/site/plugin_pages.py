"""What the plugin pages show (`plugins/<slug>/`, and `plugins/` grouping them by marketplace and
category), computed from the finalised catalog; the templates only lay it out.

Manifest text is untrusted like agent text: it reaches the pages only through `escaping.py`'s
filters, a URL from a manifest becomes a link only when `plugins.web_url` accepts it (`http(s)`,
as for links in agent bodies; anything else is shown as code), and an install command is made
only by `Plugin.install` from names `plugins.install_name` accepts, so the command shown (and
copied) is exactly the names the manifests give.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..catalog.plugins import Marketplace, Plugin, web_url
from ..model import Catalog
from ..text import value_text
from .escaping import code_str, md_cell

URL_SAFE = ":/?#@!$&*+,;=%-._~"
"""Characters a manifest URL keeps in a Markdown link target; the others (`(`, `)`, `|`,
brackets, quotes) are percent-encoded so they cannot end the link or the table cell."""


def url_cell(value: Any) -> Markup:
    """A manifest URL in a table cell: a link when it is `http(s)`, else code."""
    if isinstance(value, dict):  # `repository: {type, url}` as npm writes it
        value = value.get("url")
    url = web_url(value)
    if url is None:
        return (
            Markup(code_str(value_text(value)[:300].replace("|", "%7C"))) if value else Markup("")
        )
    return Markup(f"[{md_cell(url, 120)}]({quote(url, safe=URL_SAFE)})")


def component_cell(value: Any) -> Markup:
    """A component key's value (a path, a list of paths, or an inline configuration) as code."""
    items = value if isinstance(value, list) else [value]
    shown = [code_str(value_text(v)[:200].replace("|", "/")) for v in items[:20]]
    more = f" and {len(items) - 20} more" if len(items) > 20 else ""
    return Markup(", ".join(shown) + more)


def plugin_rows(plugin: Plugin) -> list[tuple[str, Markup]]:
    """The plugin page's Field | Value rows, each value escaped for a table cell."""
    rows: list[tuple[str, Markup]] = []
    if plugin.version:
        rows.append(("Version", md_cell(plugin.version, 80)))
    if plugin.author:
        rows.append(("Author", md_cell(plugin.author, 200)))
    if plugin.category:
        rows.append(("Category", md_cell(plugin.category, 80)))
    for key, label in (("homepage", "Homepage"), ("repository", "Repository")):
        if plugin.field(key):
            rows.append((label, url_cell(plugin.field(key))))
    if plugin.field("license"):
        rows.append(("License", md_cell(value_text(plugin.field("license")), 80)))
    if plugin.keywords:
        rows.append(("Keywords", Markup(", ".join(code_str(k[:60]) for k in plugin.keywords[:30]))))
    for key, value in plugin.components.items():
        rows.append((f"Component paths: `{key}`", component_cell(value)))
    return rows


def plugin_context(plugin: Plugin, catalog: Catalog) -> dict[str, Any]:
    """The plugin page's context: the plugin, its rows, its members, its install commands."""
    market = plugin.marketplace
    serious = [d for d in plugin.diagnostics if d.severity != "info"]
    return {
        "plugin": plugin,
        "plugin_rows": plugin_rows(plugin),
        "market": market,
        "install": plugin.install,
        "agents_sorted": sorted(plugin.agents, key=lambda a: (a.name.lower(), a.source)),
        "serious": serious,
        "notes": [d for d in plugin.diagnostics if d.severity == "info"],
        "worst": "error" if any(d.severity == "error" for d in serious) else "warning",
    }


def plugins_context(catalog: Catalog) -> dict[str, Any]:
    """The plugins page: per marketplace (in file order), its plugins by category; then the
    plugins no marketplace of the catalog lists."""
    groups: dict[str, dict[str, list[Plugin]]] = defaultdict(lambda: defaultdict(list))
    markets: dict[str, Marketplace] = {}
    loose: list[Plugin] = []
    for p in sorted(catalog.plugins, key=lambda p: (p.name.lower(), p.slug)):
        if p.marketplace is None:
            loose.append(p)
            continue
        markets[p.marketplace.source] = p.marketplace
        groups[p.marketplace.source][p.category or "other"].append(p)
    sections = [
        (markets[src], sorted(cats.items(), key=lambda kv: (kv[0] == "other", kv[0].lower())))
        for src, cats in sorted(groups.items(), key=lambda kv: markets[kv[0]].name.lower())
    ]
    return {"sections": sections, "loose": loose}
