"""The MkDocs front end: a thin layer over the core.

Phases: `on_files` reads the sources and adds the generated pages in memory (nothing is written
into `docs/`; without a home page in the docs the catalog is also the home, see `site/home.py`);
`on_page_markdown` has the docs' own home page link the catalog; `on_nav` keeps agent pages
out of the navigation (Material renders the whole nav into every page, so listing thousands of
agents makes a build quadratic); `on_page_content`
sanitises generated pages as a second line of defence behind escaping; `on_post_build` writes
`agents.json` and the other files of the site; `on_serve` watches the sources for the live-reload server
(`source_watch.py`).

Under `mkdocs serve` the plugin instance lives as long as the server (it has `on_startup`) and
keeps the core's `BuildCache`: a rebuild re-reads, re-analyses and re-renders only what changed,
and under `mkdocs serve --dirty` the pages whose Markdown is unchanged are not built again
(their files report themselves unmodified, `_Generated`); see `docs/architecture.md`.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils.meta import YAML_RE, get_data

from . import options as options_mod
from . import pipeline
from .config import AgentCatalogConfig
from .converted import ConvertedPages
from .idle_gc import IdleCollector
from .pipeline import MARKDOWN_EXTENSIONS, BuildCache, Changes, Site, assets
from .publish import export, search_index, theme_files
from .site import home, html_blocks, pygments_lookups
from .site.compact import compact_html
from .site.escaping import terminal_text
from .site.sanitize import sanitize_html
from .site.search_marks import mark_repeated_chrome
from .site.table_rows import RowSanitizer
from .source_watch import SourceWatch

log = get_plugin_logger(__name__)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates by Jinja's key (name and source checksum), in this process."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_THEME_CODE = _MemoryBytecodeCache()


class _Generated(File):
    """A generated file that knows whether the previous build wrote it as it is now.

    MkDocs counts a file with content in memory as always modified, so `mkdocs serve --dirty`
    would build every generated page again. Here a page (or file) whose Markdown (or bytes) and
    whose surroundings (`AgentCatalogPlugin._chrome`) are what the last build wrote, and whose
    output is still on disk, is unmodified: MkDocs neither converts nor writes it."""

    unchanged = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


class AgentCatalogPlugin(BasePlugin[AgentCatalogConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.generated: set[str] = set()
        self.site_files: set[str] = set()
        self.agent_pages: set[str] = set()
        self.one_agent_pages: set[str] = set()
        self.stats: dict[str, float] = {}
        self.cache = BuildCache()
        """The core's caches, kept for the next build of this process (`mkdocs serve`)."""
        self.serving = False
        self.dirty = False
        self.changes: Changes | None = None
        self.outputs: dict[str, str] = {}
        """src_uri or site path -> file written, of the generated pages and files last build."""
        self.chrome: tuple | None = None
        self.indexing = search_index.Background()
        self.pagefind = False
        """Whether Pagefind's worker takes the place of Material's search worker this build."""
        self.material_entries = search_index.MaterialEntries()
        self.doc_files: Files | None = None
        self.home_link: tuple | None = None
        self.converted = ConvertedPages()
        """Under `mkdocs serve`, the generated pages' last conversions (`converted.py`)."""
        self.catalog_pages: set[str] = set()
        self.table_rows = RowSanitizer(sanitize_html)
        """Under `mkdocs serve`, the catalog table's clean rows (`site/table_rows.py`)."""
        self.collector = IdleCollector()
        """Under `mkdocs serve`, the cyclic collector kept out of rebuilds (`idle_gc.py`)."""
        self.watching = SourceWatch()
        """Under `mkdocs serve`, the sources' native watch (`source_watch.py`)."""
        self.logged: dict[str, tuple[str, ...]] | None = None
        """Source -> the findings logged for it by the last build (`_log_findings`)."""

    def on_startup(self, command: str, dirty: bool) -> None:
        """Makes MkDocs keep this instance (and its caches) across `mkdocs serve` rebuilds."""
        self.serving = command == "serve"
        self.dirty = dirty

    def on_shutdown(self) -> None:
        self.indexing.cancel()
        self.collector.stop()
        self.watching.stop()

    def on_build_error(self, error: Exception) -> None:
        if self.serving:
            self.collector.build_ends()
        else:
            gc.unfreeze()  # `_settle_heap`: what the failed build held can be collected again

    # ------------------------------------------------------------------ config
    @event_priority(50)  # before Material's search plugin compiles the theme's language file
    def on_config(self, config: Any) -> Any:
        if self.serving:
            self.collector.build_starts()
            _compile_theme_once(config.theme)
        self.base = Path(config.config_file_path or ".").resolve().parent
        for ext in MARKDOWN_EXTENSIONS:
            if ext not in config.markdown_extensions:
                config.markdown_extensions.append(ext)
        pygments_lookups.install()  # superfences highlights every block of every prompt
        try:
            self.options = options_mod.from_config(
                self.config, base=self.base, site=_site_settings(config)
            )
        except options_mod.OptionsError as exc:
            raise PluginError(str(exc)) from exc
        # Pagefind answers the search box: Material's plugin need not index every page too
        self.pagefind = search_index.skip_material_indexing(config, self.options.search)
        for entry in assets():
            kind = "extra_css" if entry.endswith(".css") else "extra_javascript"
            if entry not in [str(x) for x in config[kind]]:
                config[kind].append(entry)
        return config

    # ------------------------------------------------------------------ files
    def on_files(self, files: Files, config: Any) -> Files:
        with _no_cyclic_gc():
            files = self._files(files, config)
        if not self.serving:  # under `mkdocs serve`, `idle_gc.py` decides what is frozen
            _settle_heap()
        return files

    def on_pre_build(self, config: Any) -> None:
        """The site folder is about to change (MkDocs cleans it next, without `--dirty`): the
        previous build's indexing, if still running, stops; this build indexes again."""
        self.indexing.cancel()
        self.material_entries.start()
        self.converted.start()

    def _files(self, files: Files, config: Any) -> Files:
        theme_files.leave_out(files, config, self.pagefind)  # never loaded by a reader
        cache = self.cache.read
        hits, misses = cache.hits, cache.misses
        t0, c0 = time.perf_counter(), time.process_time()
        read = pipeline.read(self.options, cache)
        t1, c1 = time.perf_counter(), time.process_time()
        existing = [f.src_uri for f in files.documentation_pages()]  # built ones: not excluded
        previous = self.cache.site
        site = pipeline.assemble(read, self.options, existing=existing, cache=self.cache)
        self.site = site
        self.changes = pipeline.changes(previous, site)
        t2, c2 = time.perf_counter(), time.process_time()
        # Under `mkdocs serve` each rebuild re-reads only the files that changed (`-v` shows it).
        log.debug(
            "read %d agent files, reused %d unchanged",
            cache.misses - misses,
            cache.hits - hits,
        )
        self.stats = {
            "read": t1 - t0,
            "render": t2 - t1,
            "read_cpu": c1 - c0,
            "render_cpu": c2 - c1,
            "files": len(site.catalog.agents),
            "pages_changed": len(self.changes.pages),
        }
        """Wall and CPU seconds of reading, and of the rest of the pipeline (`bench/` reports
        them: the plugin's own work as issue 6 defines it)."""
        self.generated = set()
        self.blocks: dict[str, list[str]] = {}
        """A generated page's HTML blocks, from `on_page_markdown` to `on_page_content`."""
        self.page_outputs: dict[str, str] = {}
        self.agent_pages = {
            p.src_uri for p in site.layout.pages if not p.in_nav and p.role != "home"
        }
        self.one_agent_pages = {p.src_uri for p in site.layout.pages if p.role == "agent"}
        self.catalog_pages = {p.src_uri for p in site.layout.pages if p.role in ("catalog", "home")}
        for src_uri, content in site.pages.items():
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
            page = _Generated.generated(config, src_uri, content=content, inclusion=inclusion)
            page.unchanged = src_uri not in self.changes.pages
            self.page_outputs[src_uri] = page.abs_dest_path
            files.append(page)
            self.generated.add(src_uri)
        self.site_files = set()
        for name in export.SITE_FILES:  # MkDocs knows them, so docs pages' links to them validate
            if files.get_file_from_path(name) is None:
                generated = _Generated.generated(config, name, content=site.files[name])
                generated.unchanged = name not in self.changes.files
                files.append(generated)
                self.site_files.add(name)
        for uri, path in site.assets.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.converted.forget(self.generated)
        self.table_rows.forget(self.catalog_pages)
        self._home_follows(files, site)
        self._log_findings()
        return files

    def _home_follows(self, files: Files, site: Site) -> None:
        """The docs' own home page shows the catalog's size (`on_page_markdown`): under
        `--dirty` it is built again when that changes, though its file did not."""
        link = (site.user_home, self.options.prefix, len(site.catalog.agents))
        home_file = files.get_file_from_path(site.user_home) if site.user_home else None
        if home_file is not None and link != self.home_link:
            home_file.is_modified = lambda: True
        self.home_link = link

    def _log_findings(self) -> None:
        """Every finding, on the first build. On a rebuild under `mkdocs serve`, only those of
        the files whose findings changed (new, gone or different), and one line counting the
        rest: the server logs them all once, not again on every save."""
        levels = self.options.log_levels
        by_source: dict[str, list] = {}
        for d in self.site.catalog.all_diagnostics():
            by_source.setdefault(d.source, []).append(d)
        shown = {s: tuple(map(_finding_text, ds)) for s, ds in by_source.items()}
        previous = self.logged if self.serving else None
        self.logged = shown
        unchanged: Counter = Counter()
        for source, ds in by_source.items():
            if previous is not None and previous.get(source) == shown[source]:
                unchanged.update(levels[d.severity] for d in ds)
                continue
            for d, text in zip(ds, shown[source], strict=True):
                getattr(log, levels[d.severity])(text)
        if unchanged:
            # at the most severe level left out, so `--strict` judges a rebuild as the first
            order = [lv for lv in ("error", "warning", "info", "debug") if unchanged[lv]]
            counts = ", ".join(
                f"{unchanged[lv]} {lv}{'' if unchanged[lv] == 1 else 's'}" for lv in order
            )
            getattr(log, order[0])(
                "%s in unchanged files (logged at the first build): see the health page", counts
            )

    # ------------------------------------------------------------------ nav
    def on_nav(self, nav: Navigation, config: Any, files: Files) -> Navigation:
        """Agent pages stay out of the nav; the catalog pages are in it (added if missing)."""
        nav.items = self._prune(nav.items)
        # the catalog as the home page (`site/home.py`) is the site's home, not the catalog's section
        listed = {p.file.src_uri for p in nav.pages if p.file.src_uri in self.generated} - set(
            home.HOME_NAMES
        )
        wanted = [
            p.src_uri
            for p in self.site.layout.nav()
            if p.src_uri in self.generated and p.src_uri not in listed
        ]
        if wanted and not listed:
            children = [files.get_file_from_path(u).page for u in wanted]
            section = Section(self.options.nav_title, [c for c in children if c is not None])
            for child in section.children:
                child.parent = section
            nav.items.append(section)
        nav.pages = [p for p in _pages(nav.items)]
        for n, page in enumerate(nav.pages):
            page.previous_page = nav.pages[n - 1] if n else None
            page.next_page = nav.pages[n + 1] if n + 1 < len(nav.pages) else None
        self._keep_unchanged(nav, config, files)
        self.doc_files = files
        return nav

    def _keep_unchanged(self, nav: Navigation, config: Any, files: Files) -> None:
        """What every page shows besides its own content (the navigation, the configuration)
        must be as last time for an unchanged page's output to stay: otherwise every generated
        page is built again. Under `--dirty`, MkDocs reads no unmodified page, so the pages
        the navigation lists get their titles here (read, not converted: a few pages)."""
        chrome = _chrome(nav, config)
        if chrome != self.chrome:
            self.chrome = chrome
            self.converted.clear()  # the configuration (extensions) may have changed
            for f in files:
                if isinstance(f, _Generated):
                    f.unchanged = False
        if self.dirty:
            for page in nav.pages:
                if page.markdown is None and not page.file.is_modified():
                    page.read_source(config)

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
    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """The docs' own home page leads to the catalog (`site/home.py`). A generated page's
        finished HTML blocks are set aside: Python-Markdown gets placeholders in their place
        (`site/html_blocks.py`)."""
        src_uri = page.file.src_uri
        if src_uri in self.generated:
            markdown, self.blocks[src_uri] = html_blocks.extract(markdown)
            if self.serving:  # unchanged but for its blocks: not converted again
                return self.converted.markdown(src_uri, markdown, page)
            return markdown
        if src_uri == self.site.user_home:
            return home.with_catalog_link(
                markdown, src_uri, self.options.prefix, len(self.site.catalog.agents)
            )
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """A generated page gets its HTML blocks back, then passes the sanitiser whole."""
        src_uri = page.file.src_uri
        if src_uri not in self.generated:
            return html
        if self.serving:
            html = self.converted.content(src_uri, html, page)
        html, problem = html_blocks.restore(html, self.blocks.pop(src_uri, []))
        if problem:
            log.warning("%s: %s", src_uri, terminal_text(problem))
        if self.serving and src_uri in self.catalog_pages:  # its rows kept (`table_rows.py`)
            html = self.table_rows.page(src_uri, html)
        else:
            html = sanitize_html(html)
        if src_uri in self.one_agent_pages:  # one agent's page (not a comparison)
            return mark_repeated_chrome(html)
        return html

    @event_priority(-100)  # after Material's search plugin has indexed the page
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        index = self._material_index(config)
        if index is not None:
            self.material_entries.page_built(page.url, index)
        return context

    def _material_index(self, config: Any) -> Any:
        """Material's search index, when it is the site's and `--dirty` needs it kept whole."""
        if not (self.serving and self.dirty):
            return None
        if search_index.skip_reason(config, self.options.search) is None:
            return None  # Pagefind indexes the whole site folder after every build
        plugin = config.plugins.get("material/search")
        return getattr(plugin, "search_index", None)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """A page Material's search leaves out (`search: exclude: true`, such as the catalog's
        copy at the site's root) is left out of the Pagefind index too."""
        if page.file.src_uri in self.generated:
            output = compact_html(output)  # thousands of copies of the theme's indentation
        if self.options.search == "pagefind" and search_index.excluded(page.meta):
            return search_index.mark_excluded(output)
        return output

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: Any) -> None:
        with _no_cyclic_gc():
            self._post_build(config)
        site_dir = Path(config.site_dir)
        index = self._material_index(config)
        if index is not None:
            pages = self.doc_files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            urls = [f.page.url for f in pages if f.page is not None]
            self.material_entries.write(site_dir, index, urls)
        if self.serving:  # the page is served now; the index follows (`search_index.Background`)
            self.indexing.start(site_dir, config, self.options.search, log)
            self.collector.build_ends()
        else:
            search_index.publish(site_dir, config, self.options.search, log)
            gc.unfreeze()  # `_settle_heap`

    def _post_build(self, config: Any) -> None:
        """The files beside the pages; after a rebuild, only those that changed, and the
        outputs of pages and files the catalog no longer has are removed (`--dirty` keeps the
        site folder: a deleted agent's page would stay served)."""
        site_dir = Path(config.site_dir)
        root = str(site_dir)
        outputs = {}
        # strings, not `Path`s: a path per agent file on every rebuild
        for rel, data in [*self.site.files.items(), *self.site.legacy_files.items()]:
            target = os.path.join(root, *rel.split("/"))
            outputs[rel] = target
            if rel in self.site_files:
                continue  # MkDocs wrote it
            if rel not in self.changes.files and os.path.isfile(target):
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(data)
        outputs.update(self.page_outputs)
        for key, path in self.outputs.items():
            if key not in outputs and path and os.path.isfile(path):
                os.unlink(path)
                _prune(Path(path).parent, site_dir)
        self.outputs = outputs

    # ------------------------------------------------------------------ serve
    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        paths = []
        for src in self.config.sources:
            root = src.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0]
            path = (self.base / root).resolve()
            if not path.exists():
                path = path.parent
            if path.exists():
                paths.append(path)
        if self.options.custom_templates:
            paths.append(Path(self.options.custom_templates))
        watched = [Path(config.docs_dir), *map(Path, config.watch)]
        self.watching.stop()
        self.watching.start(server, paths, polling=self.config.watch == "polling", watched=watched)
        return server


def _compile_theme_once(theme: Any) -> None:
    """Under `mkdocs serve`, the theme's templates compiled once for the process: MkDocs makes
    new template environments on every build (Material's search plugin three more, to read
    its language file), and compiling Material's templates again cost about as much as
    building the few pages an edit changes. Every environment the theme makes shares one
    cache of compiled code; Jinja checks each template's source against the compiled copy,
    so an edited template is compiled anew."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = _THEME_CODE
        return env

    theme.get_env = get_env


def _finding_text(d: Any) -> str:
    where = f"{d.source}:{d.line}" if d.line else d.source
    text = f"{where}: {d.severity}: {d.message}" + (f" (fix: {d.fix})" if d.fix else "")
    return terminal_text(text)


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


def _settle_heap() -> None:
    """What exists once the catalog is read, analysed and rendered (its agents, analyses and
    pages' Markdown, MkDocs' files) lives until the build ends, and it is far larger than what
    any one page's conversion makes: left where it is, every full collection of the cyclic
    collector while MkDocs converts and renders the pages would walk all of it again. Frozen
    (`gc.freeze`), the collector leaves it alone until `on_post_build` (or `on_build_error`)
    hands it back. For `mkdocs build`; under `mkdocs serve`, `idle_gc.py` freezes what a
    build leaves alive and collects it when the server is idle."""
    gc.freeze()


def _chrome(nav: Navigation, config: Any) -> tuple:
    """What every page's HTML holds besides its own content: the navigation (titles, the pages
    listed) and the configuration file (theme, extensions, site settings)."""
    path = config.config_file_path
    try:
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
    except (OSError, TypeError):
        digest = None
    return (digest, _nav_shape(nav.items))


def _nav_shape(items: list) -> tuple:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append((item.title, _nav_shape(item.children)))
        else:
            file = getattr(item, "file", None)
            title = item.title
            if file is not None and file.generated_by is not None and file.content_string:
                title = _meta_title(file.content_string)
            out.append((title, file.src_uri if file is not None else getattr(item, "url", None)))
    return tuple(out)


def _meta_title(markdown: str) -> Any:
    """The page's `title:` as MkDocs reads its front matter; each front matter parsed once
    (every rebuild asks again for every page of the navigation)."""
    match = YAML_RE.match(markdown)
    if match is None:
        return get_data(markdown)[1].get("title")
    return _front_matter_title(match.group(0))


@functools.lru_cache(maxsize=4096)
def _front_matter_title(front_matter: str) -> Any:
    return get_data(front_matter)[1].get("title")


def _prune(folder: Path, root: Path) -> None:
    """Remove `folder` and its parents up to `root` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _site_settings(config: Any) -> dict[str, Any]:
    """The host's own settings the pipeline needs (the same keys `build-pages` reads)."""
    return {k: config.get(k) for k in options_mod.SITE_KEYS}


def _pages(items: list) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.extend(_pages(item.children))
        elif getattr(item, "file", None) is not None:
            out.append(item)
    return out
