"""Benchmark: does the catalog's search answer fast on a freshly opened page? (issue 19)

    python bench/search_speed.py --sizes 100 1000 5000 --workdir /tmp/acsearch

For each size N it generates N agents shaped like the real corpus (as `run.py` does), builds
the plugin project once with `search: material` (the baseline: **Material's stock search on
the same built site**), then copies that site (hard links) and runs the plugin's own search
step on the copy (`search_index.publish`: Pagefind behind Material's box). Both sites are
served from this machine under a project-pages subpath and opened in headless Chromium, each
run in a fresh browser context (empty cache): the page loads, `/` focuses Material's header box,
the whole query is entered at once (as if pasted; Material reads the box on key-up), and the
time from that key-up to the first result on screen is taken in the page. (Typing key by key
through the test driver on this shared machine takes longer than a person does, and each prefix
is a query of its own: the figure would measure the driver.) Every file the page and its
workers asked for is counted: bytes as served (this server does not compress) and gzipped
(what GitHub Pages sends for text files).

A built site is reused when `--workdir` already holds it (`--rebuild` to build again): a
5,000-agent build takes many minutes. Writes `bench/results/search.json` and the section
"Search" of `docs/benchmarks.md` (`--no-doc` for smoke runs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "plugins"), str(BENCH), str(REPO / "tests" / "browser")]

import generate  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402
from shape import load_shapes  # noqa: E402
from site_servers import serve_site  # noqa: E402

CHROMIUM = os.environ.get("AGENT_CATALOG_CHROMIUM", "/usr/bin/chromium")
PREFIX = "/catalog/"
"""Served like project pages (`https://<user>.github.io/catalog/`)."""
QUERY = "kubernetes"
"""A word many agents of the corpus use (one of the heavier queries: many results to show)."""
PAGE = ""
"""The page opened: the home page (a hand-written page of the site)."""
TARGETS = {"first_result_seconds_5000": 1.0, "fetched_bytes_5000": 2_000_000}
DOC_MARK = "## Search"


def main(argv: list[str] | None = None, browser=None) -> dict:
    """The whole run; `browser`: a Playwright Chromium to use (one is started if None)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            launched = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                return main(argv, launched)
            finally:
                launched.close()
    args = _parser().parse_args(argv)
    workdir, env = run.workdir_env(args.workdir, "agent-catalog-search-")
    shapes = None
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": "python bench/search_speed.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": run.machine(),
        "query": args.query,
        "repeat": args.repeat,
        "sizes": [],
    }
    for n in args.sizes:
        root = workdir / f"n{n}"
        stock = root / "site-stock"
        if args.rebuild or not (stock / "search" / "search_index.json").exists():
            shapes = shapes or load_shapes(REPO, args.source)
            agents = generate.pick_agents(shapes.samples, n)
            cfg = generate.write_plugin_project(
                root / "plugin", agents, {**run.PLUGIN_CONFIG, "search": "material"}
            )
            t0 = time.perf_counter()
            run.child(env, "build", cfg, stock)
            print(f"N={n}: built the site in {time.perf_counter() - t0:.0f} s", flush=True)
        entry = {"n": n, **index_both(root, args.rebuild or args.reindex)}
        for name in ("material", "pagefind"):
            site = root / ("site-stock" if name == "material" else "site-pagefind")
            runs = [measure(browser, site, args.query, args.timeout) for _ in range(args.repeat)]
            entry[name]["runs"] = runs
            entry[name]["first_result_seconds"] = statistics.median(
                r["first_result_seconds"] for r in runs
            )
            entry[name]["fetched"] = max(runs, key=lambda r: r["fetched"]["bytes"])["fetched"]
            times = ", ".join(f"{r['first_result_seconds']:.2f}" for r in runs)
            resent = sum(r["resent"] for r in runs)
            print(
                f"N={n} {name:8}: first result {entry[name]['first_result_seconds']:.2f} s "
                f"(runs {times}), "
                f"fetched {_mb(entry[name]['fetched']['bytes'])} "
                f"({_mb(entry[name]['fetched']['gzip_bytes'])} gzipped), "
                f"{runs[0]['results']} results"
                + (f", query typed again {resent}x" if resent else ""),
                flush=True,
            )
        results["sizes"].append(entry)
    results["summary"] = targets(results)
    return run.finish(args, results, markdown(results), write_doc)


def index_both(root: Path, reindex: bool) -> dict:
    """Material's index as built; the Pagefind bundle made from a hard-linked copy of the site
    (kept for the next run unless the site was built again or `reindex`)."""
    from agent_catalog.publish import search_index
    from mkdocs.config import load_config

    stock, pf = root / "site-stock", root / "site-pagefind"
    index = stock / "search" / "search_index.json"
    saved = root / "pagefind-index.json"
    if not reindex and saved.exists() and saved.stat().st_mtime > index.stat().st_mtime:
        published = json.loads(saved.read_text(encoding="utf-8"))  # this site, indexed before
        search_index.install_worker(pf, search_index.find_worker(pf))  # the worker as it is now
    else:
        if pf.exists():
            shutil.rmtree(pf)
        shutil.copytree(stock, pf, copy_function=os.link)
        config = load_config(config_file=str(root / "plugin" / "mkdocs.yml"), site_dir=str(pf))
        done = search_index.publish(pf, config, "pagefind")
        if done is None:
            raise SystemExit(f"the search step did nothing on {pf}: is pagefind installed?")
        published = {"pages": done.pages, "seconds": done.seconds, "cpu_seconds": done.cpu_seconds}
        saved.write_text(json.dumps(published), encoding="utf-8")
    bundle = [p for p in (pf / search_index.BUNDLE_DIR).rglob("*") if p.is_file()]
    return {
        "material": {
            "index_bytes": index.stat().st_size,
            "index_gzip_bytes": _gzip_size(index),
            "index_files": 1,
        },
        "pagefind": {
            "index_bytes": sum(p.stat().st_size for p in bundle),
            "index_gzip_bytes": sum(_gzip_size(p) for p in bundle),
            "index_files": len(bundle),
            "pages_indexed": published["pages"],
            "index_seconds": published["seconds"],
            "index_cpu_seconds": published["cpu_seconds"],
        },
    }


def measure(browser, site: Path, query: str, timeout: float) -> dict:
    """One fresh page (a new browser context: empty cache): load it, enter `query`, wait for
    the first result; what was fetched."""
    with serve_site(site, PREFIX) as served:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(served.url + PAGE, wait_until="load")
            page.evaluate(_OBSERVER)
            focused = "document.activeElement === document.querySelector('.md-search__input')"
            for _ in range(60):  # Material binds `/` once its script has run: a loaded
                page.keyboard.press("/")  # machine may be pressing before that
                if page.evaluate(focused):
                    break
                page.wait_for_timeout(500)
            else:
                page.focus(".md-search__input")  # as a reader clicking the box would
            page.keyboard.insert_text(query)  # the whole query at once, as if pasted ...
            page.keyboard.press("End")  # ... and one key released: Material reads the box
            resent = _await_result(page, query, timeout)
            seconds = page.evaluate("(window.__acFirstResult - window.__acFirstKey) / 1000")
            count = page.locator(".md-search-result__item").count()
            time.sleep(0.5)  # let the rest of the answer arrive (it is fetched for this query)
        finally:
            context.close()
        fetched = _fetched(site, [path for path, status in served.requests if status < 400])
    return {
        "first_result_seconds": seconds,
        "results": count,
        "fetched": fetched,
        "resent": resent,
    }


def _await_result(page, query: str, timeout: float, slice_seconds: float = 15) -> int:
    """Wait for the first result; each `slice_seconds` without one, type the query again (on a
    loaded machine a key can reach the box before Material listens to it), still timed from
    the first key. Returns how many times it was typed again; after `timeout` seconds fails
    with what the page showed, rather than a bare timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if timeout <= 0:  # Playwright would read 0 as "wait for ever"
        raise ValueError(f"the timeout must be positive, not {timeout}")
    waited, resent = 0.0, 0
    while True:
        step = min(slice_seconds, timeout - waited)
        try:
            page.wait_for_function(
                "window.__acFirstResult !== undefined", timeout=step * 1000, polling=50
            )
            return resent
        except PlaywrightTimeout:
            waited += step
        if waited >= timeout:
            state = page.evaluate(_STATE)
            raise RuntimeError(f"no search result after {timeout:.0f} s ({resent} resent): {state}")
        box = ".md-search__input"
        page.focus(box, timeout=5000)
        page.fill(box, "", timeout=5000)
        page.keyboard.press("End")  # Material reads the emptied box: the query is new again
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        resent += 1


_STATE = """() => {
  const input = document.querySelector(".md-search__input");
  const meta = document.querySelector(".md-search-result__meta");
  return JSON.stringify({
    focused: document.activeElement === input, value: input && input.value,
    meta: meta && meta.textContent, firstKey: window.__acFirstKey,
    items: document.querySelectorAll(".md-search-result__item").length,
  });
}"""


_OBSERVER = """() => {
  const input = document.querySelector(".md-search__input");
  window.addEventListener("keyup", (ev) => {
    if (ev.target === input && input.value && window.__acFirstKey === undefined)
      window.__acFirstKey = performance.now();
  }, true);
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (window.__acFirstResult === undefined && window.__acFirstKey !== undefined
        && list.querySelector(".md-search-result__item"))
      window.__acFirstResult = performance.now();
  }).observe(list, { childList: true, subtree: true });
}"""


def _fetched(site: Path, paths: list[str]) -> dict:
    total = gz = 0
    files = []
    for raw in paths:
        rel = raw.split("?", 1)[0][len(PREFIX) :]
        path = site / rel
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        gz += _gzip_size(path)
        files.append([rel, size])
    files.sort(key=lambda f: -f[1])
    return {"bytes": total, "gzip_bytes": gz, "requests": len(paths), "files": files}


_GZ: dict[Path, int] = {}


def _gzip_size(path: Path) -> int:
    """Bytes GitHub Pages would send: gzip for text; Pagefind's chunks are gzipped already."""
    if path not in _GZ:
        data = path.read_bytes()
        text = path.suffix in (".html", ".js", ".json", ".css", ".xml", ".txt", ".svg")
        _GZ[path] = len(gzip.compress(data, 6)) if text else len(data)
    return _GZ[path]


def targets(results: dict) -> dict:
    at5k = next((e for e in results["sizes"] if e["n"] == 5000), None)
    if at5k is None:
        return {}
    p = at5k["pagefind"]
    measured = {
        "first_result_seconds_5000": p["first_result_seconds"],
        "fetched_bytes_5000": p["fetched"]["bytes"],
    }
    return {
        **measured,
        "met": {k: measured[k] <= limit for k, limit in TARGETS.items()},
    }


def markdown(results: dict) -> str:
    rows = [
        "| agents | Material's index (as served / gzipped) | Pagefind bundle on disk (files) "
        "| Pagefind indexing (wall / CPU) "
        "| first result: Material | first result: Pagefind | ratio | fetched for page + query: "
        "Material (as served / gzipped) | fetched: Pagefind (as served / gzipped) | ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in results["sizes"]:
        m, p = e["material"], e["pagefind"]
        rows.append(
            f"| {e['n']:,} | {_mb(m['index_bytes'])} / {_mb(m['index_gzip_bytes'])} "
            f"| {_mb(p['index_bytes'])} ({p['index_files']:,}) "
            f"| {p['index_seconds']:.1f} s / {_seconds(p.get('index_cpu_seconds'))} "
            f"| {m['first_result_seconds']:.2f} s | {p['first_result_seconds']:.2f} s "
            f"| {p['first_result_seconds'] / m['first_result_seconds']:.2f}x "
            f"| {_mb(m['fetched']['bytes'])} / {_mb(m['fetched']['gzip_bytes'])} "
            f"| {_mb(p['fetched']['bytes'])} / {_mb(p['fetched']['gzip_bytes'])} "
            f"| {p['fetched']['bytes'] / m['fetched']['bytes']:.3f}x |"
        )
    rows += [
        "",
        "First result in every run, seconds (Material / Pagefind): "
        + "; ".join(
            f"{e['n']:,}: "
            + " / ".join(
                ", ".join(
                    f"{r['first_result_seconds']:.2f}" + ("*" if r.get("resent") else "")
                    for r in e[side]["runs"]
                )
                for side in ("material", "pagefind")
            )
            for e in results["sizes"]
        )
        + "."
        + (
            " *: the query was typed again, the box having missed the first keys (timed from"
            " the first key)."
            if any(
                r.get("resent")
                for e in results["sizes"]
                for side in ("material", "pagefind")
                for r in e[side]["runs"]
            )
            else ""
        ),
    ]
    s = results.get("summary") or {}
    if s:
        rows += [
            "",
            "| target at 5,000 agents | limit | measured | met |",
            "|---|---|---|---|",
            f"| first result after typing, fresh page | <= 1 s | "
            f"{s['first_result_seconds_5000']:.2f} s | "
            f"{'yes' if s['met']['first_result_seconds_5000'] else 'no'} |",
            f"| fetched for the page and the query | <= 2 MB | "
            f"{_mb(s['fetched_bytes_5000'])} | {'yes' if s['met']['fetched_bytes_5000'] else 'no'} |",
        ]
    return "\n".join(rows)


def write_doc(doc: Path, results: dict) -> None:
    """Replace the generated part of the page's "Search" section (or append the section)."""
    start, end = "<!-- search-table -->", "<!-- /search-table -->"
    m = results["machine"]
    block = (
        f"{start}\nMeasured {results['when']} on {m['cpus']} CPUs, Chromium headless, "
        f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}; query `{results['query']}`, "
        f"median of {results['repeat']} fresh page loads.\n\n{markdown(results)}\n{end}"
    )
    report.write_marked(doc, block, start, end, DOC_MARK)


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    p.add_argument("--repeat", type=int, default=3, help="fresh page loads per site")
    p.add_argument("--query", default=QUERY)
    p.add_argument("--timeout", type=float, default=300, help="seconds to wait for a result")
    p.add_argument("--source", choices=["corpus", "seeds"], default="corpus")
    p.add_argument("--workdir", help="where projects and sites live (reused when present)")
    p.add_argument("--rebuild", action="store_true", help="build the sites even when present")
    p.add_argument("--reindex", action="store_true", help="run Pagefind even when it ran before")
    run.output_args(p, "search.json")
    return p


if __name__ == "__main__":
    main()
