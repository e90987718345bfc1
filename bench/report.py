"""From the raw benchmark figures to the targets' verdicts and the Markdown page in `docs/`."""

from __future__ import annotations

from pathlib import Path

TARGETS = {
    "time_vs_minimal_1000": 1.5,
    "size_vs_minimal_1000": 1.6,
    "time_ratio_1000": 1.25,
    "size_ratio_1000": 1.5,
    "scaling_5000_over_1000": 5.5,
    "plugin_share": 0.10,
}


def _size(results: dict, n: int) -> dict | None:
    return next((e for e in results["sizes"] if e["n"] == n), None)


def targets(results: dict) -> dict:
    """Each target with its measured value and verdict (None when the run did not measure it)."""
    out: dict = {}
    at1k = _size(results, 1000)
    at5k = _size(results, 5000)
    if at1k and "ratios" in at1k:
        out["time_ratio_1000"] = at1k["ratios"]["cpu_time"]
        out["wall_time_ratio_1000"] = at1k["ratios"]["wall_time"]
        out["size_ratio_1000"] = at1k["ratios"]["size"]
        if "cpu_time_vs_minimal" in at1k["ratios"]:
            out["time_vs_minimal_1000"] = at1k["ratios"]["cpu_time_vs_minimal"]
            out["size_vs_minimal_1000"] = at1k["ratios"]["size_vs_minimal"]
            out["total_time_vs_minimal_1000"] = at1k["ratios"]["total_cpu_time_vs_minimal"]
    if at1k and at5k and "best_seconds" in at1k["plugin"] and "best_seconds" in at5k["plugin"]:
        out["scaling_5000_over_1000"] = (
            at5k["plugin"]["best_cpu_seconds"] / at1k["plugin"]["best_cpu_seconds"]
        )
        out["baseline_scaling_5000_over_1000"] = (
            at5k["baseline"]["best_cpu_seconds"] / at1k["baseline"]["best_cpu_seconds"]
        )
    shares = [e["plugin"]["core_share"] for e in results["sizes"] if "core_share" in e["plugin"]]
    if shares:
        out["plugin_share"] = max(shares)
    hooks = [e["plugin"]["plugin_share"] for e in results["sizes"] if "plugin_share" in e["plugin"]]
    if hooks:
        out["hooks_share"] = max(hooks)
    compare = [
        (e["n"], max(e["plugin"]["site"]["compare_pages"].values(), default=0))
        for e in results["sizes"]
        if "site" in e["plugin"]
    ]
    if len(compare) >= 2:
        (n0, b0), (n1, b1) = compare[0], compare[-1]
        out["largest_compare_page_bytes"] = dict(compare)
        # bounded: the largest comparison page grows far slower than the catalog does
        out["compare_growth"] = (b1 / b0) if b0 else None
        out["compare_growth_allowed"] = max(2.0, (n1 / n0) ** 0.5)
    verdicts = {}
    for key, limit in TARGETS.items():
        if key in out:
            verdicts[key] = out[key] <= limit
    if out.get("compare_growth") is not None:
        verdicts["compare_bounded"] = out["compare_growth"] <= out["compare_growth_allowed"]
    out["met"] = verdicts
    return out


def minimal_table(results: dict) -> list[str]:
    """The clean build against the minimal hand-written catalog of the same agents (issue 15)."""
    rows = [
        "| agents | minimal catalog build (CPU / wall) | plugin build (CPU / wall) | time ratio "
        "(CPU / wall) | with Pagefind's indexer (CPU: minimal / plugin, ratio) | minimal site "
        "| plugin site | size ratio | of the plugin site: raw copies / `agents.json` / "
        "Pagefind bundle |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in results["sizes"]:
        m, p, r = e.get("minimal"), e["plugin"], e.get("ratios", {})
        if not m or "best_cpu_seconds" not in m or "cpu_time_vs_minimal" not in r:
            continue
        site = p["site"]
        rows.append(
            f"| {e['n']:,} | {m['best_cpu_seconds']:.1f} s / {m['best_seconds']:.1f} s | "
            f"{p['best_cpu_seconds']:.1f} s / {p['best_seconds']:.1f} s | "
            f"{r['cpu_time_vs_minimal']:.2f}x / {p['best_seconds'] / m['best_seconds']:.2f}x | "
            f"{m['best_total_cpu_seconds']:.1f} s / {p['best_total_cpu_seconds']:.1f} s, "
            f"{r['total_cpu_time_vs_minimal']:.2f}x | {_mb(m['site']['bytes'])} | "
            f"{_mb(site['bytes'])} | {r['size_vs_minimal']:.2f}x | "
            f"{_mb(site.get('raw_bytes', 0))} / {_mb(site.get('agents_json_bytes', 0))} / "
            f"{_mb(site.get('pagefind_bytes', 0))} |"
        )
    if len(rows) == 2:
        return []
    s = results.get("summary", {})
    lines = ["\n".join(rows), ""] + _size_floor(results)
    names = {
        "time_vs_minimal_1000": ("build CPU time at 1,000 agents, plugin / minimal", "<= 1.5x"),
        "size_vs_minimal_1000": ("site size at 1,000 agents, plugin / minimal", "<= 1.6x"),
        "scaling_5000_over_1000": ("plugin build CPU time, 5,000 / 1,000 agents", "<= 5.5"),
    }
    if any(k in s for k in names):
        lines += ["| target | limit | measured | met |", "|---|---|---|---|"]
        for key, (label, limit) in names.items():
            if key in s:
                unit = "" if key.startswith("scaling") else "x"
                lines.append(f"| {label} | {limit} | {s[key]:.2f}{unit} | {_yes(s['met'][key])} |")
        lines.append("")
    return lines


def _size_floor(results: dict) -> list[str]:
    """Where the size limit leaves the pages: the files the plugin publishes beside its pages
    (raw copies, `agents.json`, the Pagefind bundle, the theme's assets) are taken as they are,
    and what remains of 1.6x the minimal catalog is what its pages may weigh, against the
    minimal catalog's own pages and the plugin's."""
    limit = TARGETS["size_vs_minimal_1000"]
    out = []
    for e in results["sizes"]:
        m, p = e.get("minimal"), e["plugin"]
        if not m or "site" not in m or "html_bytes" not in p["site"]:
            continue
        site, msite = p["site"], m["site"]
        pages, mpages = site["html_bytes"], msite["html_bytes"]
        beside = site["bytes"] - pages
        raw, data, bundle = (
            site.get("raw_bytes", 0),
            site.get("agents_json_bytes", 0),
            site.get("pagefind_bytes", 0),
        )
        budget = limit * msite["bytes"] - beside
        frame = ""
        if "article_bytes" in site and "article_bytes" in msite:
            frame = (
                f" (the theme's frame around each page's content:"
                f" {_mb(pages - site['article_bytes'])}, the minimal catalog's"
                f" {_mb(mpages - msite['article_bytes'])})"
            )
        text = (
            f"At {e['n']:,} agents the plugin's pages are {_mb(pages)}{frame} and the files beside"
            f" them {_mb(beside)} (raw copies {_mb(raw)}, `agents.json` {_mb(data)}, Pagefind"
            f" bundle {_mb(bundle)}, the theme's assets and the rest"
            f" {_mb(beside - raw - data - bundle)}). Within {limit}x the minimal catalog"
            f" ({_mb(limit * msite['bytes'])}) that leaves {_mb(max(budget, 0))} for the pages,"
            f" where the minimal catalog's pages (title, description, model, tools, prompt; an"
            f" index table) are {_mb(mpages)}: with pages no larger than those, the site would be"
            f" {(beside + mpages) / msite['bytes']:.2f}x the minimal catalog."
        )
        if budget < pages:
            text += (
                f" The plugin's pages would have to lose {_mb(pages - budget)}"
                f" ({(pages - budget) / pages:.0%} of them)."
            )
        legacy = site.get("raw_legacy_bytes", 0)
        if legacy:
            text += (
                f" The raw copies hold each Markdown source twice: as `raw/<slug>/<name>.md.txt`"
                f" and at its earlier address, `raw/<slug>/<name>.md` ({_mb(legacy)}), which the"
                f" plugin keeps so that install commands people copied before still work; without"
                f" that second copy the pages would have {_mb(max(budget + legacy, 0))}."
            )
        out.append(text)
    return [" ".join(out), ""] if out else []


def markdown(results: dict) -> str:
    rows = [
        "| agents | baseline build (CPU / wall) | plugin build (CPU / wall) | time ratio (CPU / "
        "wall) | baseline site | plugin site | size ratio | peak memory (baseline / plugin) "
        "| plugin's own work (CPU) | all its hooks (CPU) | largest comparison or health page |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in results["sizes"]:
        b, p = e["baseline"], e["plugin"]
        base = f"{b['best_cpu_seconds']:.1f} s / {b['best_seconds']:.1f} s"
        if "best_seconds" not in p:
            core = e.get("core", {})
            rows.append(
                f"| {e['n']:,} | {base} | (no plugin) | | {_mb(b['site']['bytes'])} | | | "
                f"{b['peak_rss_mb']:.0f} MB / | reading {core.get('read_seconds', 0):.2f} s | | |"
            )
            continue
        r = e["ratios"]
        compare = max(p["site"]["compare_pages"].values(), default=0)
        rows.append(
            f"| {e['n']:,} | {base} | {p['best_cpu_seconds']:.1f} s / {p['best_seconds']:.1f} s "
            f"| {r['cpu_time']:.2f}x / {r['wall_time']:.2f}x | {_mb(b['site']['bytes'])} | "
            f"{_mb(p['site']['bytes'])} | {r['size']:.2f}x | "
            f"{b['peak_rss_mb']:.0f} MB / {p['peak_rss_mb']:.0f} MB | "
            f"{p.get('core_cpu_seconds', 0):.2f} s ({100 * p.get('core_share', 0):.1f}%) | "
            f"{p['plugin_cpu_seconds']:.2f} s ({100 * p['plugin_share']:.1f}%) | "
            f"{compare / 1024:.0f} KB |"
        )
    lines = ["\n".join(rows), ""]
    s = results.get("summary", {})
    names = {
        "time_ratio_1000": ("build CPU time at 1,000 agents, plugin / baseline", "<= 1.25x", "x"),
        "size_ratio_1000": ("site size at 1,000 agents, plugin / baseline", "<= 1.5x", "x"),
        "scaling_5000_over_1000": ("plugin build CPU time, 5,000 / 1,000 agents", "<= 5.5", ""),
        "plugin_share": (
            "plugin's own work (reading + analysis + rendering Markdown), share of the build "
            "(worst size)",
            "<= 10%",
            "%",
        ),
    }
    if s.get("met"):
        lines += ["| target | limit | measured | met |", "|---|---|---|---|"]
        for key, (label, limit, unit) in names.items():
            if key in s:
                value = f"{100 * s[key]:.1f}%" if unit == "%" else f"{s[key]:.2f}{unit}"
                lines.append(f"| {label} | {limit} | {value} | {_yes(s['met'][key])} |")
        if "compare_bounded" in s["met"]:
            sizes = ", ".join(
                f"{n:,}: {b / 1024:.0f} KB" for n, b in s["largest_compare_page_bytes"].items()
            )
            met = _yes(s["met"]["compare_bounded"])
            lines.append(
                f"| largest comparison or health page grows at most like sqrt(N) | "
                f"x{s['compare_growth_allowed']:.1f} | {sizes} | {met} |"
            )
        lines.append("")
    if "hooks_share" in s:
        lines.append(
            f"All the plugin's hooks, including sanitising every generated page's HTML and "
            f"writing `agents.json`, the raw files and `llms.txt` (not part of the issue's "
            f"definition): at most {100 * s['hooks_share']:.1f}% of its build."
        )
        lines.append("")
    serve = results.get("serve")
    if serve:
        first, again = serve["first"], serve["rebuild"]
        stats = again.get("plugin_stats") or {}
        reads = f", {stats['files']} files listed" if "files" in stats else ""
        lines.append(
            f"Under `mkdocs serve` at {serve['n']:,} agents (CPU time): first build "
            f"{first['cpu_seconds']:.1f} s, of which the plugin {first['plugin_cpu_seconds']:.2f} s; "
            f"rebuild after editing one agent file {again['cpu_seconds']:.1f} s "
            f"({again['cpu_seconds'] / first['cpu_seconds']:.2f}x the first build), of which the "
            f"plugin {again['plugin_cpu_seconds']:.2f} s "
            f"({_ratio(again['plugin_cpu_seconds'], first['plugin_cpu_seconds'])} its first-build "
            f"work{reads}). Reading: {_stat(first, 'read')} s first, {_stat(again, 'read')} s "
            f"on the rebuild (only the edited file is parsed again; MkDocs itself re-renders "
            f"every page on each rebuild, for the baseline as well)."
        )
        lines.append("")
    return "\n".join(lines)


KEPT_SECTIONS = ("## Search", "## Edit to page", "## What the open decisions would buy")
"""Sections of the page that other benchmarks write (`search_speed.py`, `serve_speed.py`,
`what_if.py`): kept on a rewrite."""


def write_marked(doc: Path, block: str, start: str, end: str, section: str) -> None:
    """Put `block` (which starts with `start` and ends with `end`) where the page's block
    between those markers stands, or append `section` and `block` when the page has none."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{section.strip()}\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


def kept_sections(old_page: str) -> str:
    """The old page from the first kept section on (they come last), or nothing."""
    starts = [old_page.find(f"\n{head}\n") for head in KEPT_SECTIONS]
    starts = [i for i in starts if i != -1]
    return "\n" + old_page[min(starts) + 1 :] if starts else ""


def page(results: dict) -> str:
    m = results["machine"]
    sh = results["shapes"]
    return f"""# Benchmarks

How the catalog's clean build (`mkdocs build`) scales, against two hand-written baselines built
in the same run, on the same machine, alternating, best of {results["repeat"]} runs each
(ratios, not absolute times, are the figures to read).

Measured {results["when"]} on {m["cpus"]} CPUs, Python {m["python"]}, MkDocs {m["mkdocs"]},
Material {m["mkdocs-material"]}. Agents drawn from the {sh["origin"]} ({sh["samples"]} real
definitions: description median {sh["description_chars_median"]} characters, p95
{sh["description_chars_p95"]}; body median {sh["body_chars_median"]}, p95
{sh["body_chars_p95"]}; {100 * sh["inherit_all_tools_share"]:.0f}% without a tools list).

## Against a minimal hand-written catalog

**The minimal catalog** (`bench/generate.py: write_minimal_project`) is what a person would
write by hand for the same agents with plain MkDocs and Material, stock search: one short page
per agent (title, description, examples, a metadata table, the prompt) and one index table; no
comparison or variant pages, no analyses, no raw files, no `agents.json`, no `llms.txt`. The
plugin's build is its default: Pagefind behind Material's search box. Pagefind's indexer runs in
a process of its own after the build, so its CPU time is not in the build's: the column "with
Pagefind's indexer" adds every child process's CPU time to each build (the minimal catalog has
none).

{chr(10).join(minimal_table(results))}
## Against the same pages written by hand

**The same-pages baseline**'s `docs/` holds exactly the Markdown pages the plugin generates for
the same agent files (agent pages, variant pages, catalog, comparisons, health), written once by
`agent-catalog build-pages`, and builds them with plain MkDocs, Material's stock search, the same
Markdown extensions and stylesheet, and the same navigation (agent pages left out of it). So
these ratios are what the plugin itself costs: reading and analysing the files, rendering the
pages, keeping agent pages out of the nav, sanitising the HTML, writing `agents.json`, the raw
files and `llms.txt`, less what Pagefind saves it (Material's search plugin no longer indexes
the pages when Pagefind answers). Since issue 15 some of those pages' parts are finished HTML
blocks rather than Markdown, so the baseline got cheaper too: its figures are not comparable
with tables measured before. Issue 6's limit on the plugin's own work (a share of its build)
also means something else now: the build around that work shrank (Material's search no longer
indexes every page), so the same work is a larger share of it.

{markdown(results)}
Columns: build time is `load_config` + `build` inside a fresh process, as CPU time of that
process (user + system) and as wall-clock time. The machine is shared with other jobs, which
stretch wall-clock times by up to 2x from one run to the next, so the targets are judged on CPU
time; both are the best of the runs. Site size is every file written; peak memory is the build
process's maximum resident set. The plugin's own work is what issue 6 defines as such: reading
the agent files, analysing them and rendering the generated pages' Markdown, in CPU time, as a
share of its build; "all its hooks" is the CPU time spent inside every one of its MkDocs event
hooks, which adds sanitising the generated HTML and writing the files beside the pages.
The plugin's templates are compiled on the first build on a machine and their compiled code
kept in the user's cache folder ([configuration](configuration.md#compiled-templates-cache)):
the best runs use it, as every later build does; a first build on a fresh machine spends about
0.3 s more CPU compiling them.

## Reproduce

```sh
pip install -e ".[test]"
python bench/run.py --sizes 1000 5000 --repeat 2
```

The tables above came from `{results["command"]}`.
This rewrites this page and `bench/results/latest.json` (every run's raw figures). Agents are
sampled from `../shared/corpus/` when it is there (`--source seeds` uses the repository's
`seeds/`); the generated projects go to a temporary folder (`--workdir` to keep them).
`--profile 1000` also prints a cProfile of the plugin build at 1,000 agents; `--minimal-size N
...` chooses the sizes at which the minimal hand-written catalog is also built (by default every
size; the option with no size: never). A 5,000-agent size takes many minutes. A smoke
run for CI: `python bench/run.py --sizes 20 --repeat 1 --no-doc --out /tmp/bench.json`.

The core alone (reading, then analysis, without MkDocs building pages), and a dump of all it
produced to check that an optimisation changed no output:

```sh
PYTHONPATH=plugins python bench/core_profile.py WORKDIR/n1000/plugin --profile
PYTHONPATH=plugins python bench/core_profile.py WORKDIR/n1000/plugin --dump before.json
```

What the clean-build targets' open decisions would buy (no syntax highlighting, no second copy
of each Markdown source at its earlier address), each built for real beside the minimal
catalog; it rewrites the section [below](#what-the-open-decisions-would-buy):

```sh
python bench/what_if.py --sizes 1000 --repeat 3
```
"""


def _mb(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _ratio(a, b) -> str:
    if a is None or not b:
        return "not measured"
    return f"{a / b:.2f}x"


def _stat(build: dict, key: str) -> str:
    value = (build.get("plugin_stats") or {}).get(key)
    return f"{value:.2f}" if isinstance(value, (int, float)) else "?"
