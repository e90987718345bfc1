"""One measured build, run in a fresh Python process; prints one JSON object on stdout.

A fresh process per build keeps runs independent (no warm caches, no memory carried over) and
makes the peak resident memory (`ru_maxrss`) that build's own. The time is taken inside the
process around `load_config` + `build`, so interpreter start-up and imports, equal for both
projects, do not dilute the ratio: wall-clock time, and the CPU time of the process (user +
system), which other jobs on a shared machine disturb far less than the wall clock.

The plugin's own share is measured without its help: every event hook of the `agent-catalog`
plugin instance is wrapped with a timer, so the figure covers all its work (reading, analysis,
rendering Markdown, writing `agents.json`), while converting Markdown to HTML and applying the
theme, which the baseline pays too, stay outside it. If the plugin publishes a `stats`
attribute (a dict), it is reported as well.

Modes:
  build CONFIG SITE             one full build
  serve CONFIG SITE EDIT_FILE   what `mkdocs serve` does: build, edit one agent file, load the
                                config again and rebuild (the plugin instance is kept across
                                rebuilds by MkDocs when it has `on_startup`)
  core CONFIG SITE              the core functions called directly, without MkDocs: reading
                                all agent files (cold cache), then rendering the pages' Markdown
                                when `agent_catalog.render` exists (a cross-check of the hooks)
  profile CONFIG SITE OUT       one build under cProfile, stats written to OUT
"""

from __future__ import annotations

import cProfile
import json
import logging
import os
import resource
import sys
import time
from pathlib import Path

PLUGIN = "agent-catalog"


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:300])


class HookTimer:
    """Accumulates the time spent in one plugin instance's event hooks."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.by_event: dict[str, float] = {}

    def install(self, config) -> bool:
        plugin = config.plugins.get(PLUGIN)
        if plugin is None:
            return False
        events = config.plugins.events
        for name, methods in events.items():
            for i, method in enumerate(methods):
                if getattr(method, "__self__", None) is plugin:
                    methods[i] = self._wrap(name, method)
        return True

    def _wrap(self, name, method):
        def timed(*args, **kwargs):
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t0
                self.cpu_seconds += time.process_time() - c0
                self.seconds += dt
                self.by_event[name] = self.by_event.get(name, 0.0) + dt

        timed.__self__ = method.__self__  # keeps MkDocs' bookkeeping of the method's owner
        return timed


def _one_build(config_file: str, site_dir: str, *, serve: bool = False, startup: bool = True):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    config = load_config(config_file=config_file, site_dir=site_dir)
    if serve and startup:
        config.plugins.on_startup(command="serve", dirty=False)
    timer = HookTimer()
    has_plugin = timer.install(config)
    build(config, serve_url="http://127.0.0.1:8000/" if serve else None)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    children = _children_cpu() - k0
    plugin = config.plugins.get(PLUGIN)
    stats = getattr(plugin, "stats", None) if plugin is not None else None
    return config, {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "children_cpu_seconds": children,
        "plugin_seconds": timer.seconds if has_plugin else None,
        "plugin_cpu_seconds": timer.cpu_seconds if has_plugin else None,
        "plugin_by_event": timer.by_event if has_plugin else None,
        "plugin_stats": _jsonable(stats),
    }


def _children_cpu() -> float:
    """CPU time of the build's finished child processes (Pagefind's indexer), which the
    process's own CPU time leaves out."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)


def site_sizes(site: Path) -> dict:
    total = html = article = 0
    files = 0
    largest = ("", 0)
    compare: dict[str, int] = {}
    parts: dict[str, int] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        files += 1
        total += size
        if rel.endswith(".html"):
            html += size
            article += _article_bytes(path)
            if size > largest[1]:
                largest = (rel, size)
        if rel.startswith(("compare/", "health/")) and rel.endswith(".html"):
            compare[rel] = size
        top = rel.split("/", 1)[0]
        if top in ("raw", "pagefind"):
            parts[top] = parts.get(top, 0) + size
        if top == "raw" and rel.endswith((".md", ".markdown")):  # the copies' earlier address
            parts["raw_legacy"] = parts.get("raw_legacy", 0) + size
    search = site / "search" / "search_index.json"
    agents_json = site / "agents.json"
    return {
        "bytes": total,
        "html_bytes": html,
        "article_bytes": article,
        "files": files,
        "search_index_bytes": search.stat().st_size if search.exists() else 0,
        "agents_json_bytes": agents_json.stat().st_size if agents_json.exists() else 0,
        "largest_html": {"path": largest[0], "bytes": largest[1]},
        "compare_pages": compare,
        "raw_bytes": parts.get("raw", 0),
        "raw_legacy_bytes": parts.get("raw_legacy", 0),
        "pagefind_bytes": parts.get("pagefind", 0),
    }


def _article_bytes(path: Path) -> int:
    """The page's content (Material's `<article>`), without the theme's frame around it."""
    data = path.read_bytes()
    start, end = data.find(b"<article"), data.rfind(b"</article>")
    return end + len(b"</article>") - start if 0 <= start < end else 0


def core_timings(project: Path) -> dict:
    from agent_catalog.catalog.load import load_catalog

    t0 = time.perf_counter()
    catalog = load_catalog(["agents-src"], project)
    out = {"read_seconds": time.perf_counter() - t0, "agents": len(catalog.agents)}
    try:
        from agent_catalog.options import Options
        from agent_catalog.pipeline import build_site
    except ImportError:  # an older checkout: no pipeline to time
        return out
    t0 = time.perf_counter()
    try:
        pages = build_site(Options(base=project, sources=("agents-src",))).pages
    except Exception as exc:  # the signature may differ: say so, do not guess a figure
        out["render_error"] = repr(exc)[:300]
    else:
        out["render_seconds"] = time.perf_counter() - t0
        out["rendered_pages"] = len(pages)
        out["rendered_chars"] = sum(len(v) for v in pages.values())
    return out


def main(argv: list[str]) -> None:
    mode, config_file, site_dir = argv[:3]
    warnings = _Counter()
    logging.getLogger("mkdocs").addHandler(warnings)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    result: dict = {"mode": mode}
    if mode == "build":
        _, result["build"] = _one_build(config_file, site_dir)
        result["site"] = site_sizes(Path(site_dir))
    elif mode == "serve":
        edit = Path(argv[3])
        config, result["first"] = _one_build(config_file, site_dir, serve=True)
        text = edit.read_text(encoding="utf-8")
        edit.write_text(text + "\nOne more line, added by the benchmark.\n", encoding="utf-8")
        st = edit.stat()
        os.utime(edit, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        _, result["rebuild"] = _one_build(config_file, site_dir, serve=True, startup=False)
        config.plugins.on_shutdown()
    elif mode == "core":
        result["core"] = core_timings(Path(config_file).parent)
    elif mode == "profile":
        profiler = cProfile.Profile()
        profiler.enable()
        _, result["build"] = _one_build(config_file, site_dir)
        profiler.disable()
        profiler.dump_stats(argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["warnings"] = warnings.messages[:20]
    result["warning_count"] = len(warnings.messages)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
