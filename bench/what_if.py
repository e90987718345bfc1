"""Benchmark: what each product decision left open by issue 15 would buy the clean build.

    python bench/what_if.py --sizes 1000 --repeat 3

The clean-build targets (<= 1.5x the CPU time, <= 1.6x the size of the minimal hand-written
catalog at 1,000 agents) are not met by the catalog as it is, and what is left to cut is
something readers see or rely on. This measures those cuts instead of estimating them, in one
run, alternating, every build in a fresh process (`child.py`), best of `--repeat`:

- the plugin's build as it is (its defaults);
- the same project without syntax highlighting (`pymdownx.highlight: use_pygments: false` in
  its `mkdocs.yml`: code blocks in prompts stay code blocks, in one colour);
- the minimal hand-written catalog (`generate.write_minimal_project`), the targets' baseline.

Dropping the second copy of every Markdown source at its earlier address
(`raw/<slug>/<file>.md`, kept so that install commands copied before still work) costs no
measurable CPU, so its effect is read off the same builds: the site's size less those bytes,
which `child.py` counts. Writes `bench/results/what-if.json` and the "What the open decisions
would buy" section of `docs/benchmarks.md` (`--no-doc` for smoke runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "plugins"), str(BENCH)]

import generate  # noqa: E402
import report  # noqa: E402
from run import PLUGIN_CONFIG, child, finish, machine, output_args, workdir_env  # noqa: E402
from shape import load_shapes  # noqa: E402

NO_HIGHLIGHT = "markdown_extensions:\n- pymdownx.highlight:\n    use_pygments: false\n"
START, END = "<!-- what-if-table -->", "<!-- /what-if-table -->"
HEADING = "## What the open decisions would buy"
LIMITS = {"cpu": 1.5, "size": 1.6}
"""The clean-build targets of issue 15, at 1,000 agents, against the minimal catalog."""


def projects(root: Path, agents: list) -> dict[str, Path]:
    plugin = generate.write_plugin_project(root / "plugin", agents, PLUGIN_CONFIG)
    plain = generate.write_plugin_project(root / "plain", agents, PLUGIN_CONFIG)
    with plain.open("a", encoding="utf-8") as fh:
        fh.write(NO_HIGHLIGHT)
    minimal = generate.write_minimal_project(root / "minimal", agents)
    return {"plugin": plugin, "no-highlighting": plain, "minimal": minimal}


def measure(env: dict, root: Path, configs: dict[str, Path], repeat: int) -> dict:
    runs: dict[str, list[dict]] = {name: [] for name in configs}
    names = list(configs)
    for r in range(repeat):
        for name in names if r % 2 == 0 else names[::-1]:
            run = child(env, "build", configs[name], root / f"site-{name}")
            runs[name].append(run)
            print(
                f"{root.name} {name:16} run {r + 1}: {run['build']['cpu_seconds']:.2f}s CPU, "
                f"{run['site']['bytes'] / 2**20:.1f} MB",
                flush=True,
            )
    best = {
        name: {
            "cpu_seconds": min(x["build"]["cpu_seconds"] for x in rs),
            "bytes": rs[-1]["site"]["bytes"],
            "raw_legacy_bytes": rs[-1]["site"].get("raw_legacy_bytes") or 0,
            "cpu_runs": [x["build"]["cpu_seconds"] for x in rs],
        }
        for name, rs in runs.items()
    }
    return best


def rows(best: dict) -> list[dict]:
    """Each decision, alone and together: CPU and size, and their ratios to the minimal."""
    m = best["minimal"]
    plug, plain = best["plugin"], best["no-highlighting"]
    out = []
    for label, b, legacy in (
        ("as it is (the plugin's defaults)", plug, True),
        ("without syntax highlighting", plain, True),
        ("without the raw copies' earlier addresses", plug, False),
        ("both", plain, False),
    ):
        size = b["bytes"] - (0 if legacy else b["raw_legacy_bytes"])
        out.append(
            {
                "decision": label,
                "cpu_seconds": b["cpu_seconds"],
                "bytes": size,
                "cpu_ratio": b["cpu_seconds"] / m["cpu_seconds"],
                "size_ratio": size / m["bytes"],
            }
        )
    return out


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        START,
        f"Measured {results['when']} on {m['cpus']} CPUs, MkDocs {m['mkdocs']}, "
        f"Material {m['mkdocs-material']}; best of {results['repeat']} builds each, "
        "alternating; build CPU time of the build process (Pagefind's indexer, a process of "
        "its own, is not in it).",
        "",
        "| agents | decision | build CPU | ratio to minimal (limit 1.5x) | site size "
        "| ratio to minimal (limit 1.6x) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for entry in results["sizes"]:
        mini = entry["best"]["minimal"]
        lines.append(
            f"| {entry['n']:,} | the minimal catalog | {mini['cpu_seconds']:.1f} s | 1.00x "
            f"| {mini['bytes'] / 2**20:.1f} MB | 1.00x |"
        )
        for row in entry["rows"]:
            cpu_ok = row["cpu_ratio"] <= LIMITS["cpu"]
            size_ok = row["size_ratio"] <= LIMITS["size"]
            lines.append(
                f"| {entry['n']:,} | {row['decision']} | {row['cpu_seconds']:.1f} s "
                f"| {row['cpu_ratio']:.2f}x{'' if cpu_ok else ' (over)'} "
                f"| {row['bytes'] / 2**20:.1f} MB "
                f"| {row['size_ratio']:.2f}x{'' if size_ok else ' (over)'} |"
            )
    lines += ["", f"`{results['command']}`", END]
    return "\n".join(lines)


def write_doc(doc: Path, results: dict) -> None:
    """Replace the section's generated table, or append the section."""
    report.write_marked(doc, markdown(results), START, END, HEADING)


def main(argv: list[str] | None = None) -> dict:
    args = _parser().parse_args(argv)
    workdir, env = workdir_env(args.workdir, "agent-catalog-what-if-")
    shapes = load_shapes(REPO, args.source)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": "python bench/what_if.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "repeat": args.repeat,
        "sizes": [],
    }
    for n in args.sizes:
        root = workdir / f"n{n}"
        configs = projects(root, generate.pick_agents(shapes.samples, n))
        best = measure(env, root, configs, args.repeat)
        results["sizes"].append({"n": n, "best": best, "rows": rows(best)})
    return finish(args, results, markdown(results), write_doc)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000])
    p.add_argument("--repeat", type=int, default=3, help="builds of each project per size")
    p.add_argument("--source", choices=["corpus", "seeds"], default="corpus")
    p.add_argument("--workdir", help="where to generate projects (default: a new temp folder)")
    output_args(p, "what-if.json")
    return p


if __name__ == "__main__":
    main()
