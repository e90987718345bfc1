"""What hostile files cost, as ratios against normal files measured in the same run.

    PYTHONPATH=plugins:tests python bench/bench_hostile.py [--repeat N]

1. Reading: each bomb file (`tests/hostile.py`) against an ordinary agent file of the same run.
   A bounded reader keeps every ratio within a few hundred; an unbounded one shows thousands, or
   never finishes.
2. Building: `mkdocs build` of the hostile mix beside normal agents, against the normal agents
   alone. The bombs should cost the build a few seconds, not minutes.

Ratios, not seconds, because the machine is shared and noisy; the median of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

from agent_catalog.reading.reader import read_agent  # noqa: E402
from hostile import (  # noqa: E402
    agent_text,
    bomb_files,
    normal_agents,
    write_big_file,
    write_hostile_folder,
)


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def bench_reads(tmp: Path, repeat: int) -> None:
    normal = tmp / "normal.md"
    normal.write_text(next(iter(normal_agents().values())))
    base = timed(lambda: read_agent(normal, "normal.md"), repeat * 20)
    print(f"reading one normal agent file: {base * 1000:.2f} ms (the unit below)")
    files = dict(bomb_files())
    for name, text in files.items():
        (tmp / name).write_text(text)
    write_big_file(tmp / "big-file.md")
    for name in [*files, "big-file.md"]:
        cost = timed(lambda n=name: read_agent(tmp / n, n), repeat)
        print(f"  {name:24} {cost / base:8.0f} x")


def build(project: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
        check=True,
        capture_output=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - t0


def project(root: Path, hostile: bool) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    agents = root / "agents"
    agents.mkdir()
    for n in range(30):
        (agents / f"normal-{n:02d}.md").write_text(
            agent_text(f"normal-{n:02d}", "An ordinary agent.", "You help.\n" * 50, tools="Read")
        )
    if hostile:
        write_hostile_folder(agents)
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - agent-catalog:\n      sources: [agents]\n"
    )
    return root


def bench_builds(tmp: Path, repeat: int) -> None:
    normal = project(tmp / "normal", hostile=False)
    mixed = project(tmp / "mixed", hostile=True)
    base = statistics.median(build(normal) for _ in range(repeat))
    cost = statistics.median(build(mixed) for _ in range(repeat))
    print(f"building 30 normal agents: {base:.1f} s (the unit below)")
    print(f"  the same plus every hostile file: {cost / base:.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        reads = Path(tmp) / "reads"
        reads.mkdir()
        bench_reads(reads, args.repeat)
        bench_builds(Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
