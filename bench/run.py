"""Benchmark: does a catalog of 1,000-5,000 agents build fast and stay small? (issue 6)

    python bench/run.py --sizes 100 1000 5000 --repeat 3

For each size N it generates N agents shaped like the real corpus (`shape.py`), writes the
plugin project and the hand-written baseline (`generate.py`), and builds each `--repeat`
times, alternating the two, every build in a fresh process (`child.py`). Times are ratios
against the baseline of the same run because the machine is noisy: best of the runs for time,
largest peak memory. At `--serve-size` agents it also measures what `mkdocs serve` does after
a one-file edit. Writes the raw figures to `bench/results/latest.json` and the table to
`docs/benchmarks.md` (`--no-doc` for smoke runs).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "plugins"), str(BENCH)]

import generate  # noqa: E402
import report  # noqa: E402
from shape import load_shapes  # noqa: E402

PLUGIN_CONFIG = {"sources": ["agents-src"]}
"""What the generated `mkdocs.yml` gives the plugin: the agent files, outside `docs/`."""


def main(argv: list[str] | None = None) -> dict:
    args = _parser().parse_args(argv)
    workdir, env = workdir_env(args.workdir, "agent-catalog-bench-")
    has_plugin = plugin_available(env)
    shapes = load_shapes(REPO, args.source)
    print(f"samples: {shapes.origin}, {len(shapes.samples)} agents; work in {workdir}")
    if not has_plugin:
        print("the plugin (agent_catalog.plugin) is not there yet: baseline and core timings only")
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "shapes": shapes.stats(),
        "repeat": args.repeat,
        "plugin_present": has_plugin,
        "sizes": [],
    }
    for n in args.sizes:
        agents = generate.pick_agents(shapes.samples, n)
        root = workdir / f"n{n}"
        plug_cfg = generate.write_plugin_project(root / "plugin", agents, PLUGIN_CONFIG)
        base_cfg = generate.write_baseline_project(root / "baseline", root / "plugin")
        entry = {"n": n, "baseline": {"runs": []}, "plugin": {"runs": []}}
        variants = [("plugin", plug_cfg), ("baseline", base_cfg)] if has_plugin else []
        variants = variants or [("baseline", base_cfg)]
        if args.minimal_size is None or n in args.minimal_size:
            min_cfg = generate.write_minimal_project(root / "minimal", agents)
            variants.append(("minimal", min_cfg))
            entry["minimal"] = {"runs": []}
        for r in range(args.repeat):
            order = variants if r % 2 == 0 else variants[::-1]
            for name, cfg in order:
                run = child(env, "build", cfg, root / f"site-{name}")
                entry[name]["runs"].append(run)
                build = run["build"]
                extra = build["plugin_cpu_seconds"]
                extra = f", plugin hooks {extra:.2f}s CPU" if extra is not None else ""
                print(
                    f"N={n} {name:8} run {r + 1}: {build['seconds']:.2f}s wall, "
                    f"{build['cpu_seconds']:.2f}s CPU, {run['peak_rss_mb']:.0f} MB peak{extra}, "
                    f"{run['warning_count']} warnings",
                    flush=True,
                )
        entry["core"] = child(env, "core", plug_cfg, root / "unused")["core"]
        summarise(entry)
        results["sizes"].append(entry)
        if args.serve_size == n and has_plugin:
            edit = root / "plugin" / agents[len(agents) // 2].source
            serve = child(env, "serve", plug_cfg, root / "site-serve", str(edit))
            results["serve"] = {"n": n, **serve}
            print(
                f"N={n} serve: first build {serve['first']['cpu_seconds']:.2f}s CPU, "
                f"rebuild after one edit {serve['rebuild']['cpu_seconds']:.2f}s CPU",
                flush=True,
            )
        if args.profile == n and has_plugin:
            out = workdir / f"profile-{n}.pstats"
            child(env, "profile", plug_cfg, root / "site-profile", str(out))
            pstats.Stats(str(out)).sort_stats("cumulative").print_stats(40)
    results["summary"] = report.targets(results)
    return finish(args, results, report.markdown(results), _write_page)


def _write_page(doc: Path, results: dict) -> None:
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    doc.write_text(report.page(results) + report.kept_sections(old), encoding="utf-8")


def summarise(entry: dict) -> None:
    """Best times, largest peak memory, site size, plugin share; ratios plugin/baseline.

    Wall-clock and CPU time are each the best of the runs; the plugin's share is the smallest
    of the runs' shares (its hooks against its own build, CPU time).
    """
    for name in ("baseline", "plugin", "minimal"):
        runs = entry.get(name, {}).get("runs")
        if not runs:
            continue
        side = entry[name]
        best = min(runs, key=lambda r: r["build"]["cpu_seconds"])
        side["best_seconds"] = min(r["build"]["seconds"] for r in runs)
        side["best_cpu_seconds"] = best["build"]["cpu_seconds"]
        # the build with its child processes (Pagefind's indexer), best of the runs
        side["best_total_cpu_seconds"] = min(
            r["build"]["cpu_seconds"] + r["build"].get("children_cpu_seconds", 0.0) for r in runs
        )
        side["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        side["site"] = best["site"]
        side["warning_count"] = best["warning_count"]
        if best["build"]["plugin_cpu_seconds"] is not None:
            side["plugin_cpu_seconds"] = best["build"]["plugin_cpu_seconds"]
            side["plugin_seconds"] = best["build"]["plugin_seconds"]
            side["plugin_share"] = min(
                r["build"]["plugin_cpu_seconds"] / r["build"]["cpu_seconds"] for r in runs
            )
            side["core_share"] = min(_core_share(r) for r in runs)
            side["core_cpu_seconds"] = _core_share(best) * best["build"]["cpu_seconds"]
            side["plugin_by_event"] = best["build"]["plugin_by_event"]
            side["plugin_stats"] = best["build"]["plugin_stats"]
    b, p = entry["baseline"], entry["plugin"]
    if "best_seconds" in p:
        entry["ratios"] = {
            "cpu_time": p["best_cpu_seconds"] / b["best_cpu_seconds"],
            "wall_time": p["best_seconds"] / b["best_seconds"],
            "size": p["site"]["bytes"] / b["site"]["bytes"],
            "memory": p["peak_rss_mb"] / b["peak_rss_mb"],
        }
        m = entry.get("minimal")
        if m and "best_cpu_seconds" in m:
            entry["ratios"]["cpu_time_vs_minimal"] = p["best_cpu_seconds"] / m["best_cpu_seconds"]
            entry["ratios"]["size_vs_minimal"] = p["site"]["bytes"] / m["site"]["bytes"]
            entry["ratios"]["total_cpu_time_vs_minimal"] = (
                p["best_total_cpu_seconds"] / m["best_total_cpu_seconds"]
            )


def _core_share(run: dict) -> float:
    """Reading + analysis + rendering the pages' Markdown (the plugin's own work as issue 6
    defines it), as a share of the build's CPU time; from the plugin's `stats`."""
    stats = run["build"].get("plugin_stats") or {}
    core = stats.get("read_cpu", 0.0) + stats.get("render_cpu", 0.0)
    return core / run["build"]["cpu_seconds"]


def child(env: dict, mode: str, config: Path, site: Path, *extra: str) -> dict:
    cmd = [sys.executable, str(BENCH / "child.py"), mode, str(config), str(site), *extra]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=config.parent)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-5000:])
        raise SystemExit(f"{mode} of {config} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child_env(workdir: Path) -> dict:
    """This checkout's code first; the plugin's entry point registered if nothing installed
    it (MkDocs finds plugins only through `mkdocs.plugins` entry points)."""
    paths = [str(REPO / "plugins")]
    names = {e.name for e in importlib.metadata.entry_points(group="mkdocs.plugins")}
    if "agent-catalog" not in names:
        shim = workdir / "_entry_point"
        info = shim / "mkdocs_agent_catalog_bench-0.0.dist-info"
        info.mkdir(parents=True, exist_ok=True)
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: mkdocs-agent-catalog-bench\nVersion: 0.0\n"
        )
        (info / "entry_points.txt").write_text(
            "[mkdocs.plugins]\nagent-catalog = agent_catalog.plugin:AgentCatalogPlugin\n"
        )
        paths.append(str(shim))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    return env


def output_args(p: argparse.ArgumentParser, results_name: str) -> None:
    """The options every benchmark shares: where its raw figures and its table go."""
    p.add_argument("--out", default=str(BENCH / "results" / results_name))
    p.add_argument("--doc", default=str(REPO / "docs" / "benchmarks.md"))
    p.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")


def workdir_env(workdir: str | None, prefix: str) -> tuple[Path, dict]:
    """The folder for generated projects (`--workdir`, else a new temporary one) and the
    environment of the builds run there (`child_env`)."""
    path = Path(workdir or tempfile.mkdtemp(prefix=prefix))
    path.mkdir(parents=True, exist_ok=True)
    return path, child_env(path)


def finish(args: argparse.Namespace, results: dict, table: str, write_doc) -> dict:
    """Write the raw figures to `--out`, print the table, and `write_doc(page, results)`
    unless `--no-doc`."""
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table)
    if not args.no_doc:
        write_doc(Path(args.doc), results)
    return results


def plugin_available(env: dict) -> bool:
    return importlib.util.find_spec("agent_catalog.plugin") is not None


def machine() -> dict:
    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "absent"

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
    }


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    p.add_argument("--repeat", type=int, default=3, help="builds of each project per size")
    p.add_argument("--source", choices=["corpus", "seeds"], default="corpus")
    p.add_argument("--serve-size", type=int, default=1000, help="size for the serve rebuild")
    p.add_argument(
        "--minimal-size",
        type=int,
        nargs="*",
        default=None,
        help="sizes at which the minimal hand-written catalog is also built (default: every "
        "size; none given: never)",
    )
    p.add_argument("--profile", type=int, default=0, help="also profile the plugin build at N")
    p.add_argument("--workdir", help="where to generate projects (default: a new temp folder)")
    output_args(p, "latest.json")
    return p


if __name__ == "__main__":
    main()
