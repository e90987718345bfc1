"""The site's search: Pagefind's chunked index behind Material for MkDocs' own search box.

Material's search loads one JSON index of every page section into the reader's browser before
it answers; a catalog's pages are long prompts, so that index grows with the catalog (see
`docs/benchmarks.md` for the figures) and a freshly opened page fetches all of it. Pagefind
splits its index into chunks by word and loads only those a query needs, then one fragment per
result shown.

After the site is built, `publish` indexes every page (agent pages, catalog pages and the
hand-written ones alike: what a reader reads, Material's `<article>`), writes the bundle to
`pagefind/`, puts a worker that answers Material's search messages from it where Material's
search worker was, and leaves Material's `search_index.json` with its settings and no documents
(Material still reads the settings for highlighting on the opened page). Everything Material
users expect of the box stays Material's own code: the header box, the `/` shortcut, keyboard
navigation, results with title and snippet, `search.highlight`, light and dark; the site stays
static (no service), and the worker finds the bundle relative to itself, so a project-pages
subpath works.

Left as Material made it (with the reason logged): another theme, Material's search plugin
off, Material's `offline` plugin (file:// pages cannot load chunks on demand), `search:
material` in the plugin options, or no Pagefind binary.
"""

from __future__ import annotations

import json
import os

try:
    import resource
except ImportError:  # Windows
    resource = None
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORKER_SOURCE = Path(__file__).parent.parent / "data" / "search-worker.js"
BUNDLE_DIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
"""Material's page content: the header, nav, footer and table of contents are not indexed."""
EXCLUDE_SELECTORS = ", ".join(
    [
        ".headerlink",  # the pilcrow after each heading
        ".md-content__button",  # edit / view source buttons
        ".md-source-file",  # revision dates
        "[data-ac-catalog]",  # the catalog table repeats every agent: each has its own page
        "[data-search-exclude]",  # Material's own mark (which its search plugin no longer strips)
    ]
)
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own interfaces: Material's search box is the interface here."""


@dataclass
class Published:
    pages: int
    bundle_bytes: int
    seconds: float
    cpu_seconds: float
    """Pagefind's indexer is a child process: its CPU time, which the build's own omits."""
    worker: str
    """The worker file replaced, relative to the site."""


_ROOT_TAG = '<article class="md-content__inner'
IGNORE_PAGE = 'data-pagefind-ignore="all" '


def excluded(meta: Any) -> bool:
    """Whether a page's front matter takes it out of search, in Material's own terms
    (`search: {exclude: true}`): such a page is left out of the Pagefind index as well."""
    search = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(search, dict) and search.get("exclude") is True


def mark_excluded(html: str) -> str:
    """A built page that Pagefind must not index: its content root carries
    `data-pagefind-ignore="all"`, which leaves the whole page out of the index."""
    return html.replace(_ROOT_TAG, "<article " + IGNORE_PAGE + _ROOT_TAG[len("<article ") :], 1)


def skip_reason(config: Any, mode: str) -> str | None:
    """Why the site keeps Material's stock search, or None when Pagefind takes over."""
    if mode == "material":
        return "the plugin's `search: material` option"
    if getattr(config.theme, "name", None) != "material":
        return "the theme is not Material for MkDocs"
    plugins = config.plugins
    if "material/search" not in plugins:
        return "Material's search plugin is off (no search box)"
    if "material/offline" in plugins:
        return "Material's offline plugin is on (pages opened from disk cannot fetch chunks)"
    return None


def skip_material_indexing(config: Any, mode: str = "pagefind") -> bool:
    """When Pagefind will answer Material's search box, Material's search plugin need not
    parse every built page into an index that `slim_material_index` then empties: its
    `on_page_context` hook is taken out of this build's events (a quarter of a large catalog's
    build went into it). Its `on_post_build` still writes the index file with its settings.
    Without a Pagefind binary nothing changes, so the stock index is kept as the warning in
    `publish` says. Returns whether Material's indexing was skipped."""
    if skip_reason(config, mode) is not None:
        return False
    try:
        pagefind_binary()
    except (ImportError, FileNotFoundError):
        return False
    plugin = config.plugins.get("material/search")
    events = config.plugins.events.get("page_context", [])
    kept = [m for m in events if getattr(m, "__self__", None) is not plugin]
    config.plugins.events["page_context"] = kept
    return len(kept) < len(events)


def publish(
    site: Path, config: Any, mode: str = "pagefind", log: Any = None, run: Any = None
) -> Published | None:
    """Index the built site with Pagefind and point Material's search box at it. `run`: how
    to run the indexer's command (`Background.run` under `mkdocs serve`)."""
    reason = skip_reason(config, mode)
    if reason is not None:
        if log is not None:
            log.debug("search: left as the theme made it: %s", reason)
        return None
    worker = find_worker(site)
    if worker is None:
        if log is not None:
            log.warning("search: Material's search worker not found under %s; index kept", site)
        return None
    try:
        binary = pagefind_binary()
    except (ImportError, FileNotFoundError) as exc:
        if log is not None:
            log.warning(
                "search: Pagefind is not installed (%s); Material's own index kept "
                "(fix: pip install 'pagefind[bin]')",
                exc,
            )
        return None
    t0, c0 = time.perf_counter(), _children_cpu()
    try:
        pages = run_pagefind(binary, site, run)
    except Cancelled:
        return None
    except (OSError, RuntimeError, ValueError) as exc:
        if log is not None:
            log.warning("search: %s; %s", exc, _what_is_left(site))
        return None
    slim_material_index(site)
    install_worker(site, worker)
    bundle = site / BUNDLE_DIR
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    seconds, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if log is not None:
        log.info("search: Pagefind indexed %d pages in %.1f s", pages, seconds)
    return Published(pages, size, seconds, cpu, worker.relative_to(site).as_posix())


def _what_is_left(site: Path) -> str:
    """What a reader's search box answers from when Pagefind failed after the build: Material's
    own index, unless `skip_material_indexing` left it empty."""
    try:
        docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        docs = []
    if docs:
        return "Material's own index kept"
    return "the site has no search index (fix: run the build again, or set `search: material`)"


def _children_cpu() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def find_worker(site: Path) -> Path | None:
    """Material's search worker (`assets/javascripts/workers/search.<hash>.min.js`)."""
    folder = site / "assets" / "javascripts" / "workers"
    found = sorted(folder.glob("search.*.js")) if folder.is_dir() else []
    return found[0] if found else None


def install_worker(site: Path, worker: Path) -> None:
    """The worker that answers Material's search box from the bundle, in Material's place."""
    depth = len(worker.relative_to(site).parts) - 1
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    _replace(worker, source.replace("__AC_SITE_ROOT__", "../" * depth or "./"))
    stale_map = worker.with_name(worker.name + ".map")
    if stale_map.exists():
        stale_map.unlink()  # Material's source map describes the worker replaced


def pagefind_binary() -> Path:
    from pagefind_bin import get_executable  # the binary, shipped through PyPI

    return Path(get_executable())


def run_pagefind(binary: Path, site: Path, run: Any = None) -> int:
    """Pagefind's indexer over the built HTML; returns how many pages it indexed.

    The bundle is written beside the one in use and moved into place once complete, so a
    reader searching while the index is redone (under `mkdocs serve`) gets the previous
    bundle, never half of the new one."""
    staging = site / (BUNDLE_DIR + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    cmd = [
        str(binary),
        "--site",
        str(site),
        "--output-subdir",
        staging.name,
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        EXCLUDE_SELECTORS,
    ]
    env = dict(os.environ, NO_COLOR="1")
    returncode, stderr = (run or _run)(cmd, env)
    if returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeError(f"pagefind failed (exit {returncode}): {stderr[-2000:]}")
    for name in UNUSED_FILES:
        path = staging / name
        if path.exists():
            path.unlink()
    entry = json.loads((staging / "pagefind-entry.json").read_text(encoding="utf-8"))
    for path in unused_wasm(staging, entry):
        path.unlink()
    bundle = site / BUNDLE_DIR
    if bundle.exists():
        old = site / (BUNDLE_DIR + ".old")
        shutil.rmtree(old, ignore_errors=True)
        bundle.rename(old)
        staging.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(bundle)
    return sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())


def unused_wasm(bundle: Path, entry: dict) -> list[Path]:
    """Pagefind's search engines (`wasm.<language>.pagefind`) that no language of the index
    loads: Pagefind's script loads the one its index names (`wasm` in `pagefind-entry.json`),
    and the fallback `wasm.unknown.pagefind` only for a language indexed without one."""
    languages = entry.get("languages", {}).values()
    used = {lang.get("wasm") or "unknown" for lang in languages}
    if not used:
        return []
    return [p for p in bundle.glob("wasm.*.pagefind") if p.name[5:-9] not in used]


def _run(cmd: list[str], env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    return proc.returncode, proc.stderr


class Cancelled(Exception):
    """The indexing was stopped because a newer build will index the site again."""


class Background:
    """Pagefind's indexing after the page is served (`mkdocs serve`).

    Indexing reads every built page (seconds at a thousand agents, far more than a rebuild
    after one edit), so under `mkdocs serve` it runs in a thread once the build is done: the
    edited page is served and the browser reloaded at once, and the search index is complete
    again when the thread finishes (the log says "search: Pagefind indexed N pages"). Until
    then the previous bundle answers. A new build first stops the indexing of the previous
    one (its own child process, by its handle), since its pages are about to change and it
    will index them all again.
    """

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen | None = None
        self.cancelled = False
        self.lock = threading.Lock()

    def start(self, site: Path, config: Any, mode: str, log: Any = None) -> None:
        self.cancel()
        self.cancelled = False
        self.thread = threading.Thread(
            target=self._publish, args=(site, config, mode, log), daemon=True
        )
        self.thread.start()

    def _publish(self, site: Path, config: Any, mode: str, log: Any) -> None:
        try:
            publish(site, config, mode, log, self.run)
        except (Cancelled, OSError) as exc:  # the site folder changed under it: a newer build
            if log is not None and not self.cancelled:
                log.warning("search: indexing stopped: %s", exc)

    def run(self, cmd: list[str], env: dict[str, str]) -> tuple[int, str]:
        with self.lock:
            if self.cancelled:
                raise Cancelled
            self.proc = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
            )
        _, stderr = self.proc.communicate()
        with self.lock:
            code, self.proc = self.proc.returncode, None
            if self.cancelled:
                raise Cancelled
        return code, stderr

    def cancel(self) -> None:
        """Stop the indexing under way, if any, and wait for its thread."""
        with self.lock:
            self.cancelled = True
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()


def slim_material_index(site: Path) -> None:
    """Material's index keeps its settings (separator, languages) and holds no documents."""
    path = site / "search" / "search_index.json"
    config: dict = {}
    if path.exists():
        try:
            config = json.loads(path.read_text(encoding="utf-8")).get("config", {})
        except (ValueError, AttributeError):
            config = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, json.dumps({"config": config, "docs": []}))


def _replace(path: Path, text: str) -> None:
    """A new file in place of the old one (never writing through a hard link into a copy)."""
    if path.exists():
        path.unlink()
    path.write_text(text, encoding="utf-8")


class MaterialEntries:
    """Material's own search index kept complete under `mkdocs serve --dirty`.

    Material's search plugin indexes the pages MkDocs builds; under `--dirty` it merges them
    into the previous index as if exactly one page had been rebuilt, which after a rebuild of
    several pages lists some twice and keeps deleted ones. Here each page's entries (what
    Material's `on_page_context` added for it) are kept by page URL; after a build the index is
    written again from them, in the documentation pages' order, as a clean build orders it,
    with Material's own serialiser. Used only when Material's index is the site's search
    (`search: material`, or Pagefind unavailable)."""

    def __init__(self) -> None:
        self.pages: dict[str, list[dict]] = {}
        self.seen = 0

    def start(self) -> None:
        """A new build (Material made a new, empty index in its `on_config`)."""
        self.seen = 0

    def page_built(self, url: str, index: Any) -> None:
        """After Material indexed the page at `url`: the entries it added are that page's."""
        self.pages[url] = list(index.entries[self.seen :])
        self.seen = len(index.entries)

    def write(self, site: Path, index: Any, urls: list[str]) -> None:
        """The whole index, for the documentation pages at `urls` (pages gone are dropped)."""
        self.pages = {u: self.pages[u] for u in urls if u in self.pages}
        index.entries = [e for u in urls for e in self.pages.get(u, [])]
        path = site / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, index.generate_search_index(None))
