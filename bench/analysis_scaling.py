"""Benchmark: do the analyses (issue 4) grow linearly with the number of agents?

    PYTHONPATH=plugins python bench/analysis_scaling.py --sizes 500 5000

Related agents are the one analysis that could go quadratic (every pair); it uses an inverted
index instead. This script copies real agents (the corpus beside the repository, else the seeds)
under new names until each size is reached, runs `analyse()` and reports the time per agent of
each size as a ratio to the smallest size's: about 1 means linear, the size ratio means
quadratic. The machine is noisy: best of `--repeat` runs. Exits 1 when the largest size costs
more than `--limit` times per agent what the smallest does.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from agent_catalog.analysis import analyse  # noqa: E402
from agent_catalog.catalog.load import load_catalog  # noqa: E402
from agent_catalog.catalog.slugs import assign_slugs  # noqa: E402
from agent_catalog.model import Catalog  # noqa: E402


def source_agents() -> list:
    corpus = REPO.parent / "shared" / "corpus"
    if corpus.is_dir():
        return load_catalog([str(corpus)], REPO).agents
    return load_catalog(["seeds"], REPO, include=["*.txt"]).agents


def catalog_of(base: list, n: int) -> Catalog:
    agents = []
    for i in range(n):
        a = copy.copy(base[i % len(base)])
        a.name = f"{a.name}-{i}"
        a.source = f"bench/{i}/{a.source}"
        a.analysis = {}
        agents.append(a)
    assign_slugs(agents)
    return Catalog(agents=agents)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--limit", type=float, default=2.5)
    args = ap.parse_args()
    base = source_agents()
    per_agent = {}
    for n in sorted(args.sizes):
        best = float("inf")
        for _ in range(args.repeat):
            cat = catalog_of(base, n)
            t0 = time.perf_counter()
            analyse(cat)
            best = min(best, time.perf_counter() - t0)
        per_agent[n] = best / n
        print(f"{n:>6} agents: {best:7.2f} s, {1000 * best / n:6.2f} ms per agent", flush=True)
    small, large = min(per_agent), max(per_agent)
    ratio = per_agent[large] / per_agent[small]
    print(f"per-agent cost at {large} / at {small}: {ratio:.2f} (size ratio {large / small:.0f})")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
