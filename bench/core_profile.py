"""Benchmark: CPU time of the plugin's core (reading agent files, then analysing them).

    PYTHONPATH=plugins python bench/core_profile.py /work/benchwd/n1000/plugin [--profile]
    PYTHONPATH=plugins python bench/core_profile.py PROJECT --dump before.json

The plugin's share of a build is reading + analysis + rendering; this script times the first
two the way a build runs them: the project's `mkdocs.yml` is loaded with MkDocs' own
`load_config`, the plugin's `on_config` runs, then `load_catalog` (with a fresh `ReadCache`,
so every file is read) and `analyse` are timed with `time.process_time()` (CPU time: the
machine is noisy, wall time more so). Best of `--repeat` runs.

`--profile` prints a cProfile of one more run of each phase. `--dump FILE` writes everything
the core produced (every agent's fields, prepared body, diagnostics and analyses, and the
catalog-level analyses) as JSON, to check that an optimisation changed no output byte.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from agent_catalog.analysis import analyse  # noqa: E402
from agent_catalog.catalog.load import ReadCache, load_catalog  # noqa: E402
from agent_catalog.publish.export import _jsonable  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def _plugin(project: Path) -> Any:
    cfg = load_config(str(project / "mkdocs.yml"))
    cfg.plugins.on_config(cfg)
    return cfg.plugins["agent-catalog"]


def _read(plugin: Any) -> Any:
    return load_catalog(
        plugin.config.sources,
        plugin.base,
        plugin.config.include,
        plugin.config.exclude,
        allow_html=False,
        cache=ReadCache(),
        formats=dict(plugin.config.formats),
    )


def _timed(fn: Any, *args: Any) -> tuple[float, Any]:
    start = time.process_time()
    result = fn(*args)
    return time.process_time() - start, result


def _profile(fn: Any, *args: Any, top: int) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn, *args)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def dump(catalog: Any, result: Any) -> dict[str, Any]:
    """Every output of the core, JSON-ready (`_`-keys of `analysis` hold objects that the
    JSON-ready keys already describe)."""
    agents = []
    for a in catalog.agents:
        record = {k: v for k, v in vars(a).items() if k != "analysis"}
        record["examples"] = [e.as_dict() for e in a.examples]
        record["diagnostics"] = [d.as_dict() | {"source": d.source} for d in a.diagnostics]
        record["analysis"] = {k: v for k, v in a.analysis.items() if not k.startswith("_")}
        agents.append(_jsonable(record))
    return {
        "agents": agents,
        "skipped": [
            {"source": s.source, "diagnostics": [d.as_dict() for d in s.diagnostics]}
            for s in catalog.skipped
        ],
        "diagnostics": [d.as_dict() | {"source": d.source} for d in catalog.diagnostics],
        "analysis": _jsonable(
            {
                k: getattr(result, k)
                for k in ("tool_usage", "models", "variant_groups", "area_agents")
            }
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path, help="folder holding the site's mkdocs.yml")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of each phase")
    ap.add_argument("--top", type=int, default=40, help="profile rows to print")
    ap.add_argument("--dump", type=Path, help="write the core's whole output as JSON here")
    args = ap.parse_args(argv)

    plugin = _plugin(args.project.resolve())
    options = plugin.options.analysis
    reading, analysing = [], []
    for _ in range(args.repeat):
        t, catalog = _timed(_read, plugin)
        reading.append(t)
        t, result = _timed(analyse, catalog, options)
        analysing.append(t)
    n = len(catalog.agents)
    print(f"{n} agents, best of {args.repeat} (CPU seconds)")
    print(f"  reading  {min(reading):7.3f}  ({1000 * min(reading) / max(n, 1):.2f} ms/agent)")
    print(f"  analyse  {min(analysing):7.3f}  ({1000 * min(analysing) / max(n, 1):.2f} ms/agent)")
    if args.dump:
        text = json.dumps(
            dump(result.catalog, result), ensure_ascii=False, indent=1, sort_keys=True
        )
        args.dump.write_text(text + "\n", encoding="utf-8")
        print(f"  output written to {args.dump}")
    if args.profile:
        _profile(_read, plugin, top=args.top)
        _profile(analyse, _read(plugin), options, top=args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
