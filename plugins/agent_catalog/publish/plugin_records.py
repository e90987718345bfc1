"""The `plugins` array of `agents.json`: one record per Claude Code plugin.

Beside the fields every kind shares (`name`, `slug`, `url`, `source`, `description`,
`metadata`, `diagnostics`), a plugin gives its own (`version`, `marketplace`, `category`, ...)
and its members by slug (`agents`, `skills`, `commands`), each the slug of that member's own
record. Public interface: extend, never rename.
"""

from __future__ import annotations

from typing import Any

from ..catalog.plugins import Plugin, web_url


def plugin_record(plugin: Plugin, url: str, jsonable: Any) -> dict[str, Any]:
    market = plugin.marketplace
    return {
        "name": plugin.name,
        "slug": plugin.slug,
        "url": url,
        "source": plugin.source,
        "description": plugin.description,
        "metadata": jsonable(plugin.metadata),
        "diagnostics": [d.as_dict() | {"source": d.source} for d in plugin.diagnostics],
        "version": plugin.version or None,
        "marketplace": market.name if market else None,
        "marketplace_source": market.source if market else None,
        "category": plugin.category or None,
        "author": plugin.author or None,
        "homepage": web_url(plugin.field("homepage")),
        "repository": web_url(_url(plugin.field("repository"))),
        "license": plugin.text("license") or None,
        "keywords": plugin.keywords,
        "folder": plugin.root,
        "has_manifest": plugin.has_manifest,
        "entry": jsonable(plugin.entry),
        "components": jsonable(plugin.components),
        "other_hosts": [
            {"folder": folder, "tool": tool, "files": files}
            for folder, tool, files in plugin.other_hosts
        ],
        "remote": plugin.remote,
        "install": plugin.install,
        "label": plugin.label,
        "agents": [a.slug for a in plugin.agents],
        "skills": [_slug(s) for s in plugin.skills],
        "commands": [_slug(c) for c in plugin.commands],
    }


def _url(value: Any) -> Any:
    return value.get("url") if isinstance(value, dict) else value


def _slug(member: Any) -> str:
    return str(getattr(member, "slug", member))
