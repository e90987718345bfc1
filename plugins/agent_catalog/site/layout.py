"""Where every page of the catalog lives, decided once: its role, source path and URL.

The layout is made from the finalised catalog and its analyses, before anything is rendered;
the renderer, the MkDocs plugin (navigation), `build-pages`, `agents.json` and `llms.txt` all
read it, and none of them derives a path or a role again. A role is never guessed from a
file name: an agent named `models` has the role `agent` and its own page
(`agents/models.md`), and the page comparing models keeps the role `models`.

The one URL rule (:func:`page_url`) is MkDocs' own: `x/y.md` is served at `x/y/` (or
`x/y.html` without directory URLs), `x/index.md` at `x/`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..analysis import CatalogAnalysis
from ..catalog.slugs import slugify
from ..model import Agent, Catalog, Item
from . import comparisons

NAV_ROLES = (
    "catalog", "skills", "commands", "plugins", "tools", "models", "responsibilities", "health",
)  # fmt: skip
"""The pages the catalog's navigation section lists, in order."""
NAV_TITLES = {
    "catalog": "Catalog",
    "skills": "Skills",
    "commands": "Commands",
    "plugins": "Plugins",
    "tools": "Compare tools",
    "models": "Compare models",
    "responsibilities": "Compare responsibilities",
    "health": "Health",
}
HOME_URI = "index.md"
"""The site's home page, at the docs root (MkDocs also takes a `README.md`: `home.py`)."""
_FIXED = {
    "catalog": "agents/index.md",
    "skills": "skills/index.md",
    "commands": "commands/index.md",
    "tools": "compare/tools.md",
    "models": "compare/models.md",
    "responsibilities": "compare/responsibilities.md",
    "health": "health.md",
    "plugins": "plugins/index.md",
}


@dataclass(frozen=True)
class PagePlace:
    """One generated page: what it is, where its Markdown goes, and the URL it is served at."""

    role: str
    """`catalog`, `agent`, `variants`, `tools`, `tools-class`, `models`, `responsibilities`,
    `area`, `health`, `skills` and `skill`, `commands` and `command` (their tables and pages,
    made only when the catalog has some), `plugins` (every plugin, by marketplace and
    category) and `plugin` (one plugin: `plugins/<slug>/`), made only when the catalog has
    plugins, or `home` (the catalog again at the site's root,
    when the docs have no home page of their own: `home.py`)."""
    src_uri: str
    url: str
    """Relative to the site root, as the host serves it."""
    key: str = ""
    """The agent's (skill's, command's) slug, the shared base slug, the class page's or the
    area's key."""
    in_nav: bool = False
    """Listed in the catalog's navigation section (the other pages are reached by links)."""


@dataclass(frozen=True)
class Layout:
    pages: tuple[PagePlace, ...]
    prefix: str
    use_directory_urls: bool
    agent_uri: Mapping[int, str]
    """id(agent) -> src_uri of its page."""
    variants_uri: Mapping[str, str]
    """Shared base slug -> src_uri of the page comparing its agents."""
    area_uri: Mapping[str, str]
    """Area key -> src_uri of the area's comparison page (every area of the taxonomy)."""
    class_pages: tuple[comparisons.ClassPage, ...]
    catalog_home: bool = False
    """The catalog is also the site's home page (`index.md` at the root, role `home`)."""
    plugin_uri: Mapping[str, str] = field(default_factory=dict)
    """Plugin slug -> src_uri of its page (`plugins/<slug>.md`); the plugins page, made only
    when the catalog has plugins, is `uri("plugins")`."""
    item_uri: Mapping[int, str] = field(default_factory=dict)
    """id(skill or command) -> src_uri of its page."""

    def uri(self, role: str) -> str:
        """The src_uri of one of the catalog's single pages (`catalog`, `tools`, ...)."""
        return HOME_URI if role == "home" else uri(self.prefix, _FIXED[role])

    def uri_of(self, agent: Agent | Item) -> str:
        """The src_uri of an agent's, a skill's or a command's page."""
        key = id(agent)
        return self.agent_uri[key] if key in self.agent_uri else self.item_uri[key]

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.use_directory_urls)

    def url_of(self, agent: Agent | Item) -> str:
        return self.url(self.uri_of(agent))

    def urls(self) -> dict[int, str]:
        """id(agent) -> page URL, for `agents.json` and `llms.txt`."""
        return {k: self.url(v) for k, v in self.agent_uri.items()}

    def plugin_urls(self) -> dict[str, str]:
        """Plugin slug -> page URL, for `agents.json` and `llms.txt`."""
        return {k: self.url(v) for k, v in self.plugin_uri.items()}

    def link(self, target: str, page_uri: str) -> str:
        """A Markdown link from the page `page_uri` to the page `target` (src_uris: MkDocs
        rewrites such links to the final URLs)."""
        return relative(target, posixpath.dirname(page_uri))

    def href(self, target: str, page_uri: str) -> str:
        """A final URL from the page `page_uri` to `target`, for raw HTML (MkDocs rewrites
        Markdown links only)."""
        here, there = self.url(page_uri), self.url(target)
        rel = relative(there, posixpath.dirname(here)) if here else there
        return rel + "/" if there.endswith("/") and not rel.endswith("/") else rel

    def item_urls(self) -> dict[int, str]:
        """id(skill or command) -> page URL, for `agents.json` and `llms.txt`."""
        return {k: self.url(v) for k, v in self.item_uri.items()}

    def has(self, role: str) -> bool:
        """The layout holds a page of this role (`skills` and `commands` are optional)."""
        return any(p.role == role for p in self.pages)

    def nav(self) -> list[PagePlace]:
        """The catalog's navigation section, in order."""
        by_role = {p.role: p for p in self.pages if p.in_nav}
        return [by_role[r] for r in NAV_ROLES if r in by_role]


def lay_out(
    catalog: Catalog,
    an: CatalogAnalysis,
    name_groups: Mapping[str, tuple[Agent, ...]],
    prefix: str = "",
    use_directory_urls: bool = True,
    catalog_home: bool = False,
) -> Layout:
    """Every page's place. `name_groups`: the shared base slugs and their agents (`slugs.py`).
    `catalog_home`: the docs have no home page, so the catalog is also the site's home: then
    the root copy is the site's first page and `agents/` leaves the navigation (its URL stays)."""

    def place(role: str, path: str, key: str = "") -> PagePlace:
        src = uri(prefix, path)
        in_nav = role in NAV_ROLES and not (catalog_home and role == "catalog")
        return PagePlace(role, src, page_url(src, use_directory_urls), key, in_nav)

    pages = [place("catalog", _FIXED["catalog"])]
    if catalog_home:  # at the site's root whatever the prefix: the address people are given
        pages.insert(0, PagePlace("home", HOME_URI, page_url(HOME_URI, use_directory_urls)))
    agent_uri = {}
    for a in catalog.agents:
        p = place("agent", f"agents/{a.slug}.md", a.slug)
        agent_uri[id(a)] = p.src_uri
        pages.append(p)
    variants_uri = {}
    for base in name_groups:
        p = place("variants", f"agents/{base}.md", base)
        variants_uri[base] = p.src_uri
        pages.append(p)
    item_uri = {}
    for kind, items in (("skill", catalog.skills), ("command", catalog.commands)):
        if not items:
            continue
        pages.append(place(kind + "s", _FIXED[kind + "s"]))
        for item in items:
            p = place(kind, f"{kind}s/{item.slug}.md", item.slug)
            item_uri[id(item)] = p.src_uri
            pages.append(p)
    plugin_uri = {}
    if catalog.plugins:
        pages.append(place("plugins", _FIXED["plugins"]))
        for p in catalog.plugins:
            page = place("plugin", f"plugins/{p.slug}.md", p.slug)
            plugin_uri[p.slug] = page.src_uri
            pages.append(page)
    pages.append(place("tools", _FIXED["tools"]))
    class_pages = tuple(comparisons.tool_pages(an, catalog.agents, lambda p: uri(prefix, p)))
    for cp in class_pages:
        pages.append(PagePlace("tools-class", cp.uri, page_url(cp.uri, use_directory_urls), cp.key))
    pages.append(place("models", _FIXED["models"]))
    pages.append(place("responsibilities", _FIXED["responsibilities"]))
    area_uri = {
        area.key: uri(prefix, f"compare/responsibilities/{slugify(area.key) or 'area'}.md")
        for area in an.taxonomy.areas
    }
    for area in an.taxonomy.areas:
        if an.area_agents.get(area.key):
            src = area_uri[area.key]
            pages.append(PagePlace("area", src, page_url(src, use_directory_urls), area.key))
    pages.append(place("health", _FIXED["health"]))
    return Layout(
        tuple(pages),
        prefix,
        use_directory_urls,
        agent_uri,
        variants_uri,
        area_uri,
        class_pages,
        catalog_home,
        plugin_uri=plugin_uri,
        item_uri=item_uri,
    )


def catalog_uri(prefix: str) -> str:
    """Where the catalog page lives under the prefix (`agents/index.md`)."""
    return uri(prefix, _FIXED["catalog"])


def uri(prefix: str, path: str) -> str:
    return posixpath.join(prefix.strip("/"), path) if prefix.strip("/") else path


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL a host gives a page, relative to the site root (MkDocs' rule)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


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
