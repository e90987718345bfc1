"""The one pipeline: from the configured sources to everything the catalog publishes.

find -> read -> finalise (rules, slugs, name groups) -> analyse -> lay out (every page's role,
source path and URL) -> render (each page's Markdown) -> artefacts (`agents.json`, its schema,
`llms.txt`, the raw files, the stylesheet and script). Each stage takes the previous stage's
values and returns new ones; nothing later changes what an earlier stage produced.

Every front end calls :func:`build_site` and only hands its result on: the MkDocs plugin turns
the :class:`Site` into MkDocs files, `build-pages` writes it to a folder (:meth:`Site.write`),
and `export` serialises its `agents.json` document. Knows nothing of MkDocs.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import AnalysisCache, CatalogAnalysis, analyse
from .catalog.load import ReadCache, RuleCache, finalise, read_sources
from .catalog.plugins import repository_of
from .model import Catalog
from .options import Options, validate
from .publish import export, raw_files
from .publish.llms_txt import render_llms_txt
from .site import home, html_blocks
from .site.items import render_item_pages
from .site.layout import Layout, lay_out
from .site.page_cache import PageCache
from .site.render import RenderOptions, render_pages

ASSET_DIR = Path(__file__).parent / "site" / "assets"
ASSET_URI = "assets/agent-catalog"
"""Where the catalog's stylesheet and script are published, relative to the docs root."""

MARKDOWN_EXTENSIONS = (
    "admonition",
    "pymdownx.details",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.superfences",  # prompt bodies nest code blocks in lists and details
)
"""The Markdown extensions the generated pages are written for (every host needs them)."""


@dataclass(frozen=True)
class Site:
    """Everything one build of the catalog publishes, and the stages' values it came from."""

    options: Options
    catalog: Catalog
    """The analysed catalog (its agents carry their `analysis`)."""
    analysis: CatalogAnalysis
    layout: Layout
    pages: Mapping[str, str]
    """src_uri (relative to the docs root) -> Markdown, every page of the layout."""
    files: Mapping[str, bytes]
    """Site path -> bytes of the other published files: `agents.json`, `agents.schema.json`,
    `llms.txt` and `raw/<slug>/<file>`. They sit at the site root, not under the prefix."""
    assets: Mapping[str, Path]
    """src_uri -> packaged file of the catalog's stylesheet and script."""
    document: Mapping[str, Any]
    """The `agents.json` document (what `export` prints)."""
    user_home: str | None = None
    """The docs' own home page (`index.md` or `README.md`), when they have one (`home.py`)."""
    legacy_files: Mapping[str, bytes] = field(default_factory=dict)
    """Raw copies at their earlier addresses (`raw_files.legacy`): written by the MkDocs plugin
    only, never by `write` (a host would render those Markdown files as pages)."""

    def markdown_pages(self) -> dict[str, str]:
        """The pages as a host that reads the Markdown itself gets them: each finished HTML
        block inlined as raw HTML (`site/html_blocks.py`; the plugin sets them aside)."""
        return {uri: html_blocks.inline(text) for uri, text in self.pages.items()}

    def write(self, out_dir: Path) -> list[Path]:
        """Pages, assets and the other files under `out_dir`, for hosts that run no MkDocs
        plugins: a host that copies its docs folder as it is publishes what the plugin does."""
        out_dir = out_dir.resolve()
        written = []
        items = [(p, t.encode("utf-8")) for p, t in self.markdown_pages().items()]
        items += [(p, f.read_bytes()) for p, f in self.assets.items()]
        items += list(self.files.items())
        for rel, data in items:
            target = (out_dir / rel).resolve()
            if out_dir not in target.parents:
                raise ValueError(f"refusing to write outside {out_dir}: {rel}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
        return written


@dataclass
class BuildCache:
    """What one front end keeps from build to build of one project (`mkdocs serve`), so that
    a rebuild after an edit redoes only what the edit changed.

    Each stage keeps its own: reading, the parse of every file whose size and modification
    time are unchanged (`ReadCache`); the rules' findings of those files (`RuleCache`);
    analysis, the per-agent analyses of every agent equal to the one analysed last time
    (`AnalysisCache`), and related agents' term weights and rows (`related.RelatedState`,
    recomputing the rows an edit can change); rendering, the Markdown of every agent and
    variant page made from unchanged agents and of the tools-class and area pages whose rows
    are unchanged (`PageCache`); `agents.json`, the record of every unchanged agent. What
    depends on the whole catalog (slugs, name groups, the catalog table, the other
    comparisons, health, `agents.json`) is recomputed from those on every build, so a build
    with the cache publishes exactly what a clean build publishes (`tests/test_rebuild.py`
    compares them). `site` is the last build's
    result: `changes(cache.site, new_site)` tells a front end what to write again.
    """

    read: ReadCache = field(default_factory=ReadCache)
    rules: RuleCache = field(default_factory=dict)
    """The findings of every agent read from the same object (`catalog.load.RuleCache`)."""
    analysis: AnalysisCache = field(default_factory=AnalysisCache)
    pages: PageCache = field(default_factory=PageCache)
    records: dict[str, Any] = field(default_factory=dict)
    """`agents.json` records of unchanged agents (`export.catalog_document`)."""
    record_texts: dict[int, Any] = field(default_factory=dict)
    """Their JSON, as bytes (`export.dumps_site`)."""
    site: Site | None = None


@dataclass(frozen=True)
class Changes:
    """What one build publishes differently from the build before it, by path."""

    pages: frozenset[str]
    """src_uris of pages that are new or whose Markdown differs."""
    removed_pages: frozenset[str]
    files: frozenset[str]
    """Site paths of other files (`Site.files`, `legacy_files`) new or with other bytes."""
    removed_files: frozenset[str]


def changes(previous: Site | None, site: Site) -> Changes:
    """What `site` changes against `previous` (everything when there is none)."""
    files = {**site.files, **site.legacy_files}
    if previous is None:
        return Changes(frozenset(site.pages), frozenset(), frozenset(files), frozenset())
    old_files = {**previous.files, **previous.legacy_files}
    return Changes(
        frozenset(u for u, t in site.pages.items() if previous.pages.get(u) != t),
        frozenset(previous.pages.keys() - site.pages.keys()),
        frozenset(p for p, b in files.items() if old_files.get(p) != b),
        frozenset(old_files.keys() - files.keys()),
    )


def build_site(
    options: Options,
    *,
    cache: ReadCache | BuildCache | None = None,
    render: bool = True,
    existing: Collection[str] | None = None,
) -> Site:
    """Read the configured sources and build the whole site. `render=False` stops after the
    layout (no pages, no files): what `export` needs. `existing`: the pages the docs already
    have (src URIs); without a home page among them the catalog is also the site's home
    (`home.py`). None: not known, no home page is made (`export`). `cache`: a `BuildCache`
    kept from the previous build makes this one redo only what changed (a `ReadCache`, only
    the reading); the site is the same either way."""
    build = cache if isinstance(cache, BuildCache) else None
    read_cache = build.read if build is not None else cache
    return assemble(
        read(options, read_cache), options, render=render, existing=existing, cache=build
    )


def read(options: Options, cache: ReadCache | None = None) -> Catalog:
    """Find and read the configured sources (the stage a `mkdocs serve` cache shortens)."""
    return read_sources(
        list(options.sources),
        options.base,
        list(options.include),
        list(options.exclude),
        allow_html=options.allow_html,
        cache=cache,
        formats=dict(options.formats),
        kinds=dict(options.kinds),
    )


def assemble(
    read_catalog: Catalog,
    options: Options,
    *,
    render: bool = True,
    existing: Collection[str] | None = None,
    cache: BuildCache | None = None,
) -> Site:
    """The stages after reading, from a catalog of read (not yet finalised) agents. `cache`
    (read with its `read` cache, when given): the analyses and pages it keeps are reused
    where their agents are unchanged, and it keeps this build's for the next one."""
    repository = repository_of(options.source_url)  # `/plugin marketplace add` (plugins.py)
    an = analyse(
        finalise(read_catalog, repository, cache.rules if cache else None),
        options.analysis,
        cache.analysis if cache else None,
    )
    catalog = an.catalog
    user_home = home.user_home(existing) if existing is not None else None
    layout = lay_out(
        catalog,
        an,
        catalog.name_groups,
        options.prefix,
        options.use_directory_urls,
        catalog_home=existing is not None and user_home is None,
    )
    document = export.catalog_document(
        catalog,
        layout.urls(),
        layout.item_urls(),
        layout.plugin_urls(),
        cache.records if cache else None,
    )
    if not render:
        return Site(options, catalog, an, layout, {}, {}, {}, document, user_home)
    render_options = RenderOptions(
        custom_templates=options.custom_templates,
        source_url=options.source_url,
        site_name=options.site_name,
        site_url=options.site_url,
    )
    rendered = {
        **render_pages(an, layout, render_options, cache.pages if cache else None),
        **render_item_pages(an, layout, render_options),
    }
    pages = {p.src_uri: rendered[p.src_uri] for p in layout.pages}  # in the layout's order
    files = artefacts(catalog, layout, document, options, cache.record_texts if cache else None)
    site = Site(
        options,
        catalog,
        an,
        layout,
        pages,
        files,
        assets(),
        document,
        user_home,
        raw_files.legacy(catalog.agents, files),
    )
    if cache is not None:
        cache.site = site
    return site


def export_site(
    paths: list[str],
    base: Path,
    formats: Mapping[str, str] | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
) -> Site:
    """The site a default build of these files and folders makes, up to its layout: what the
    `export` command serialises (`site.document` is its `agents.json`)."""
    entry: dict[str, Any] = {"sources": list(paths), "formats": dict(formats or {})}
    if include:
        entry["include"] = list(include)
    if exclude:
        entry["exclude"] = list(exclude)
    return build_site(validate(entry, base=base), render=False)


def export_sources(
    paths: list[str], base: Path, output: str = "json", formats: Mapping[str, str] | None = None
) -> str:
    """`agent-catalog export` as a function: the JSON (or CSV) text of these sources."""
    return export.export_text(dict(export_site(paths, base, formats).document), output)


def artefacts(
    catalog: Catalog,
    layout: Layout,
    document: Mapping[str, Any],
    options: Options,
    texts: dict[int, Any] | None = None,
) -> dict[str, bytes]:
    """The files published beside the pages, at the site root. `texts`: the JSON of agent
    records kept from the previous build (`export.dumps_site`)."""
    raw = raw_files.collect(catalog.agents)
    by_source = {a.source: raw_files.raw_url(a) for a in catalog.agents}
    llms = render_llms_txt(
        catalog,
        layout.urls(),
        site_name=options.site_name,
        site_url=options.site_url,
        description=options.site_description,
        raw_urls={s: u for s, u in by_source.items() if u in raw},
        plugin_urls=layout.plugin_urls(),
        item_urls=layout.item_urls(),
    )
    return {
        **raw,
        "agents.json": export.dumps_site(dict(document), texts),
        export.SCHEMA_FILE: export.schema_path().read_bytes(),
        "llms.txt": llms.encode("utf-8"),
    }


def assets() -> dict[str, Path]:
    files = sorted(ASSET_DIR.iterdir()) if ASSET_DIR.is_dir() else []
    return {f"{ASSET_URI}/{f.name}": f for f in files if f.is_file()}
