"""The MkDocs front end: a thin layer over the core.

Phases: `on_files` reads the sources and adds the generated pages in memory (nothing is written
into `docs/`); `on_nav` keeps agent pages out of the navigation (Material renders the whole nav
into every page, so listing thousands of agents makes a build quadratic); `on_page_content`
sanitises generated pages as a second line of defence behind escaping; `on_post_build` writes
`agents.json`; `on_serve` registers the sources with the live-reload server.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section

from . import export, raw_files, search_index
from .analysis import AnalysisOptions
from .analysis.areas import Taxonomy
from .analysis.capabilities import ToolTable
from .catalog import ReadCache, load_catalog
from .config import AgentCatalogConfig
from .llms_txt import render_llms_txt
from .render import RenderOptions, render_pages
from .sanitize import sanitize_html

log = get_plugin_logger(__name__)

ASSET_DIR = Path(__file__).parent / "assets"
ASSET_URI = "assets/agent-catalog"

_CACHES: dict[str, ReadCache] = {}
"""Parsed files per mkdocs.yml, kept across the rebuilds of one `mkdocs serve` process."""

NEEDED_EXTENSIONS = ["admonition", "pymdownx.details", "attr_list", "md_in_html", "tables"]
"""Markdown extensions the generated pages use; added to the site's list when missing."""


class AgentCatalogPlugin(BasePlugin[AgentCatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalog = None
        self.pages = None
        self.generated: set[str] = set()
        self.agent_pages: set[str] = set()
        self.stats: dict[str, float] = {}

    # ------------------------------------------------------------------ config
    def on_config(self, config: Any) -> Any:
        self.base = Path(config.config_file_path or ".").resolve().parent
        for ext in NEEDED_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        for kind, name in (("extra_css", "catalog.css"), ("extra_javascript", "catalog.js")):
            if (ASSET_DIR / name).exists():
                entry = f"{ASSET_URI}/{name}"
                if entry not in [str(x) for x in config[kind]]:
                    config[kind].append(entry)
        source_url = self.config.source_url
        if not source_url and config.repo_url:
            repo = config.repo_url.rstrip("/")
            source_url = f"{repo}/blob/{self.config.source_branch}/{{path}}"
        analysis = AnalysisOptions(
            tool_classes=self.config.tool_classes,
            areas=self.config.areas,
            replace_areas=self.config.replace_areas,
            related_count=self.config.related_count,
        )
        try:  # a bad table entry is the user's configuration mistake: say which
            ToolTable.load(analysis.tool_classes)
            Taxonomy.load(analysis.areas, analysis.replace_areas)
        except ValueError as exc:
            raise PluginError(f"agent-catalog: {exc}") from exc
        self.render_options = RenderOptions(
            prefix=self.config.prefix.strip("/"),
            custom_templates=self.config.custom_templates,
            source_url=source_url,
            site_name=config.site_name,
            site_url=config.site_url or None,
            use_directory_urls=config.use_directory_urls,
            analysis=analysis,
        )
        return config

    # ------------------------------------------------------------------ files
    def on_files(self, files: Files, config: Any) -> Files:
        with _no_cyclic_gc():
            return self._files(files, config)

    def _files(self, files: Files, config: Any) -> Files:
        cache = _CACHES.setdefault(str(self.base), ReadCache())
        hits, misses = cache.hits, cache.misses
        t0, c0 = time.perf_counter(), time.process_time()
        self.catalog = load_catalog(
            self.config.sources,
            self.base,
            self.config.include,
            self.config.exclude,
            allow_html=self.config.allow_html,
            cache=cache,
            formats=dict(self.config.formats),
        )
        t1, c1 = time.perf_counter(), time.process_time()
        # Under `mkdocs serve` each rebuild re-reads only the files that changed (`-v` shows it).
        log.debug(
            "read %d agent files, reused %d unchanged",
            cache.misses - misses,
            cache.hits - hits,
        )
        self.pages = render_pages(self.catalog, self.render_options)
        t2, c2 = time.perf_counter(), time.process_time()
        self.stats = {
            "read": t1 - t0,
            "render": t2 - t1,
            "read_cpu": c1 - c0,
            "render_cpu": c2 - c1,
            "files": len(self.catalog.agents),
        }
        """Wall and CPU seconds of reading, and of analysing + rendering the pages' Markdown
        (`bench/` reports them: the plugin's own work as issue 6 defines it)."""
        self.generated = set()
        self.agent_pages = {self.pages.uri_of(a) for a in self.catalog.agents}
        self.agent_pages |= {
            p for p in self.pages.files if p.rsplit("/", 1)[-1][:-3] in self.pages.variants
        }
        self.agent_pages |= self.pages.hidden
        for src_uri, content in self.pages.files.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                log.info("docs/%s overrides the generated catalog page of that name", src_uri)
                continue
            # agent pages are reached from the catalog table, never listed in the nav
            inclusion = (
                InclusionLevel.NOT_IN_NAV
                if src_uri in self.agent_pages
                else InclusionLevel.UNDEFINED
            )
            files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
            self.generated.add(src_uri)
        for name in sorted(os.listdir(ASSET_DIR)) if ASSET_DIR.is_dir() else []:
            uri = f"{ASSET_URI}/{name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(ASSET_DIR / name)))
        self._log_findings()
        return files

    def _log_findings(self) -> None:
        levels = self.config.log_levels
        for d in self.catalog.all_diagnostics():
            where = f"{d.source}:{d.line}" if d.line else d.source
            text = f"{where}: {d.severity}: {d.message}" + (f" (fix: {d.fix})" if d.fix else "")
            getattr(log, levels[d.severity])(text)

    # ------------------------------------------------------------------ nav
    def on_nav(self, nav: Navigation, config: Any, files: Files) -> Navigation:
        """Agent pages stay out of the nav; the catalog pages are in it (added if missing)."""
        nav.items = self._prune(nav.items)
        listed = {p.file.src_uri for p in nav.pages if p.file.src_uri in self.generated}
        wanted = [
            uri
            for uri in (
                self._uri("agents/index.md"),
                self._uri("compare/tools.md"),
                self._uri("compare/models.md"),
                self._uri("compare/responsibilities.md"),
                self._uri("health.md"),
            )
            if uri in self.generated and uri not in listed
        ]
        if wanted and not listed:
            children = [files.get_file_from_path(u).page for u in wanted]
            section = Section(self.config.nav_title, [c for c in children if c is not None])
            for child in section.children:
                child.parent = section
            nav.items.append(section)
        nav.pages = [p for p in _pages(nav.items)]
        for n, page in enumerate(nav.pages):
            page.previous_page = nav.pages[n - 1] if n else None
            page.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None
        return nav

    def _uri(self, path: str) -> str:
        prefix = self.render_options.prefix
        return f"{prefix}/{path}" if prefix else path

    def _prune(self, items: list) -> list:
        out = []
        for item in items:
            if isinstance(item, Section):
                item.children = self._prune(item.children)
                if item.children:
                    out.append(item)
            elif getattr(item, "file", None) is not None and item.file.src_uri in self.agent_pages:
                continue
            else:
                out.append(item)
        return out

    # ------------------------------------------------------------------ pages
    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        if page.file.src_uri in self.generated:
            return sanitize_html(html)
        return html

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: Any) -> None:
        with _no_cyclic_gc():
            self._post_build(config)
        search_index.publish(Path(config.site_dir), config, self.config.search, log)

    def _post_build(self, config: Any) -> None:
        site = Path(config.site_dir)
        urls = {id(a): _url_for(self.pages.uri_of(a), config) for a in self.catalog.agents}
        raw = raw_files.publish(self.catalog.agents, site)
        doc = export.catalog_document(self.catalog, urls)
        (site / "agents.json").write_text(export.dumps(doc, compact=True), encoding="utf-8")
        (site / export.SCHEMA_FILE).write_bytes(export.schema_path().read_bytes())
        llms = render_llms_txt(
            self.catalog,
            urls,
            site_name=config.site_name,
            site_url=config.site_url,
            description=config.site_description,
            raw_urls=raw,
        )
        (site / "llms.txt").write_text(llms, encoding="utf-8")

    # ------------------------------------------------------------------ serve
    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        for src in self.config.sources:
            root = src.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
            path = (self.base / root).resolve()
            if not path.exists():
                path = path.parent
            if path.exists():
                server.watch(str(path), recursive=True)
        if self.config.custom_templates:
            server.watch(self.config.custom_templates, recursive=True)
        return server


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Reading, analysing and exporting make millions of small objects that all live to the
    end of the build: the cyclic collector would rescan them, and MkDocs' own, many times over
    (at 1,000 agents `on_files` went from 7.9 s to 6.7 s CPU in one measurement). Reference
    counting still frees garbage."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _url_for(src_uri: str, config: Any) -> str:
    """The page URL MkDocs gives `src_uri`, relative to the site root."""
    stem = src_uri[:-3]
    if not config.use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _pages(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.extend(_pages(item.children))
        elif getattr(item, "file", None) is not None:
            out.append(item)
    return out
