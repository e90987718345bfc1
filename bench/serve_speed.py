"""Benchmark: how soon is an edit on screen under the preview the README gives for large
catalogs, `mkdocs serve --dirty`? (issue 15)

    python bench/serve_speed.py --sizes 1000 5000 --repeat 3 2

For each size N it writes the plugin project of N agents shaped like the real corpus and the
minimal hand-written catalog of the same agents (`generate.py`), starts a real `mkdocs serve
--dirty` on a loopback port for each, and times, from the moment a file is written:

- **served**: until the new content is fetched over HTTP (the page shows the edit; an added
  agent's page answers with its text; a renamed file's page names its new source; a deleted
  agent's page answers 404): MkDocs' live-reload server holds every request while a build runs,
  so this is the moment a reader's reload shows the change;
- **reload signal**: until the server's live-reload long poll (`/livereload/<epoch>/<id>`, what
  every open tab waits on) answers with a new epoch, i.e. the browser is told to reload;
- **search complete**: until the background Pagefind run that follows the rebuild has written
  the whole index again (the log's "search: Pagefind indexed").

Operations, each `--repeat` times (one count per size) on different agents: edit one agent file (a line appended),
add one, rename one (same name, new file name), delete one. The next operation waits for the
search index of the previous one (a reader looking at the page), so runs do not overlap. The
baseline, measured in the same run: **`mkdocs serve --dirty` rebuild of the minimal
hand-written catalog after editing one page** (the page's new text served). The first build is
timed from the process start to the first answer, for both. Medians; the machine is shared, so
times are wall-clock and noisy. Writes `bench/results/serve.json` and its section of
`docs/benchmarks.md` (`--no-doc` for smoke runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "plugins"), str(BENCH)]

import generate  # noqa: E402
import report  # noqa: E402
from run import PLUGIN_CONFIG, machine, output_args, workdir_env  # noqa: E402
from shape import load_shapes  # noqa: E402

COMMAND = "mkdocs serve --dirty"
BASELINE = (
    "`mkdocs serve --dirty` rebuild of the minimal hand-written catalog after editing one page"
)
TARGETS = {1000: 2.0, 5000: 6.0}
"""Seconds from the write to the page served and the browser told to reload."""
START = "<!-- serve-table -->"
END = "<!-- /serve-table -->"
OPS = ("edit", "add", "rename", "delete")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 120.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()
    except OSError:
        return 0, b""


class Server:
    """One `mkdocs serve --dirty` child and its log."""

    def __init__(self, project: Path, env: dict, workdir: Path, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = workdir / f"serve-{name}.log"
        tmp = workdir / f"tmp-{name}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--dirty"]
        cmd += ["--dev-addr", f"127.0.0.1:{self.port}", "-f", str(project / "mkdocs.yml")]
        self.started = time.perf_counter()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=project, env={**env, "TMPDIR": str(tmp)}, stdout=log, stderr=log
            )
        self.wait(lambda: get(self.url, 5)[0] == 200, 3600, poll=0.2)
        self.first_build = time.perf_counter() - self.started
        """From the process start to the first page served (the first build is done then)."""

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def indexed(self) -> int:
        return self.log().count("search: Pagefind indexed")

    def wait(self, predicate, timeout: float = 600.0, poll: float = 0.05) -> float:
        t0 = time.perf_counter()
        while not predicate():
            if self.proc.poll() is not None:
                raise SystemExit(f"mkdocs serve exited:\n{self.log()[-3000:]}")
            if time.perf_counter() - t0 > timeout:
                raise SystemExit(f"timed out after {timeout:.0f}s:\n{self.log()[-3000:]}")
            time.sleep(poll)
        return time.perf_counter() - t0

    def cpu(self) -> float:
        """CPU seconds the server process has used so far (its threads included; not the
        Pagefind child's): what a rebuild costs, whatever else the machine is doing."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def epoch(self) -> int:
        return int(get(self.url + "livereload/0/0")[1] or 0)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def measure(server: Server, change, shown, search: bool) -> dict:
    """Times from `change()` (the write) until `shown()` holds, and until the reload signal."""
    epoch = server.epoch()
    signal: dict = {}
    indexed = server.indexed()

    def long_poll() -> None:
        while True:  # the server answers after a minute with the same epoch: ask again
            status, body = get(f"{server.url}livereload/{epoch}/1", timeout=120)
            if status == 200 and int(body or 0) > epoch:
                signal["at"] = time.perf_counter()
                return

    poller = threading.Thread(target=long_poll, daemon=True)
    poller.start()
    time.sleep(0.3)  # the poll is waiting on the server before the file changes
    c0 = server.cpu()
    t0 = time.perf_counter()
    change()
    served = server.wait(shown, 900)
    poller.join(900)
    out = {"served": served, "reload_signal": signal["at"] - t0, "cpu": server.cpu() - c0}
    if search:
        server.wait(lambda: server.indexed() > indexed, 3600, poll=0.5)
        out["search_complete"] = time.perf_counter() - t0
    return out


IDLE_SECONDS = 10.0


def idle_cpu(server: Server) -> float:
    """The server's CPU time while nothing changes, as a share of one CPU: what watching the
    files costs (MkDocs polls the folders it watches), measured once the first build, its
    search index and the collection after it are done."""
    time.sleep(3.0)
    c0 = server.cpu()
    time.sleep(IDLE_SECONDS)
    return (server.cpu() - c0) / IDLE_SECONDS


def save(path: Path, text: str) -> None:
    """As editors save: a temporary file, then a rename."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def page_text(server: Server, url: str) -> str:
    return get(server.url + url)[1].decode("utf-8", "replace")


def run_size(n: int, repeat: int, shapes, env: dict, workdir: Path, watch: str = "events") -> dict:
    agents = generate.pick_agents(shapes.samples, n)
    root = workdir / f"n{n}"
    plugin_root = root / "plugin"
    config = PLUGIN_CONFIG if watch == "events" else {**PLUGIN_CONFIG, "watch": watch}
    generate.write_plugin_project(plugin_root, agents, config)
    minimal_root = root / "minimal"
    generate.write_minimal_project(minimal_root, agents)
    entry: dict = {"n": n, "repeat": repeat, "ops": {op: [] for op in OPS}, "baseline": []}

    base = Server(minimal_root, env, root, "minimal")
    try:
        entry["baseline_first_build"] = base.first_build
        entry["baseline_idle_cpu"] = idle_cpu(base)
        for r in range(repeat):
            res = _baseline_round(base, minimal_root, agents[(r * 37 + 11) % n], r)
            entry["baseline"].append(res)
            print(f"N={n} baseline edit {r + 1}: served {res['served']:.2f}s", flush=True)
    finally:
        base.stop()

    server = Server(plugin_root, env, root, "plugin")
    try:
        entry["first_build"] = server.first_build
        server.wait(lambda: server.indexed() >= 1, 3600, poll=0.5)
        entry["first_search_complete"] = time.perf_counter() - server.started
        entry["idle_cpu"] = idle_cpu(server)
        print(
            f"N={n} first build {server.first_build:.1f}s "
            f"(minimal {entry['baseline_first_build']:.1f}s)",
            flush=True,
        )
        doc = json.loads(get(server.url + "agents.json")[1])
        url_of = {x["source"]: x["url"] for x in doc["agents"]}
        names = {x["name"] for x in doc["agents"]}
        for r in range(repeat):
            edited, deleted = (agents[(r * 53 + k * 101 + 7) % n] for k in range(2))
            round_ = _plugin_round(server, plugin_root, edited, deleted, url_of, names, r)
            for op in OPS:
                res = round_[op]
                entry["ops"][op].append(res)
                print(
                    f"N={n} {op:6} {r + 1}: served {res['served']:.2f}s, reload signal "
                    f"{res['reload_signal']:.2f}s, search complete {res['search_complete']:.1f}s",
                    flush=True,
                )
        entry["rebuilds"] = re.findall(r"Documentation built in ([0-9.]+) seconds", server.log())
    finally:
        server.stop()
    summarise(entry)
    return entry


def _baseline_round(base: Server, root: Path, a, r: int) -> dict:
    path = root / "docs" / "agents" / f"{a.slug}.md"
    marker = f"Edited by the benchmark, run {r}."
    text = path.read_text("utf-8") + f"\n{marker}\n"
    url = f"agents/{a.slug}/"
    return measure(base, lambda: save(path, text), lambda: marker in page_text(base, url), False)


def _plugin_round(server: Server, root: Path, edited, deleted, url_of, names, r: int) -> dict:
    """One edit, addition, rename and deletion, each measured."""
    out = {}
    path = root / edited.source
    marker = f"Edited by the benchmark, run {r}."
    text = path.read_text("utf-8") + f"\n{marker}\n"
    url = url_of[edited.source]
    out["edit"] = measure(
        server, lambda: save(path, text), lambda: marker in page_text(server, url), True
    )
    name = f"bench-added-{r}"  # a copy of the edited agent under a new name
    assert name not in names
    added = path.with_name(f"{name}.md")
    body = re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)
    out["add"] = measure(
        server,
        lambda: save(added, body),
        lambda: get(server.url + f"agents/{name}/")[0] == 200,
        True,
    )
    renamed = added.with_name(f"{name}-moved.md")  # same name, new file name
    out["rename"] = measure(
        server,
        lambda: added.rename(renamed),
        lambda: renamed.name in page_text(server, f"agents/{name}/"),
        True,
    )
    gone = root / deleted.source
    gone_url = url_of[deleted.source]
    out["delete"] = measure(server, gone.unlink, lambda: get(server.url + gone_url)[0] == 404, True)
    return out


def summarise(entry: dict) -> None:
    base = statistics.median(r["served"] for r in entry["baseline"])
    entry["baseline_served"] = base
    entry["baseline_cpu"] = statistics.median(r["cpu"] for r in entry["baseline"])
    entry["summary"] = {}
    for op, runs in entry["ops"].items():
        if not runs:
            continue
        served = statistics.median(r["served"] for r in runs)
        signal = statistics.median(r["reload_signal"] for r in runs)
        search = statistics.median(r["search_complete"] for r in runs)
        entry["summary"][op] = {
            "served": served,
            "reload_signal": signal,
            "search_complete": search,
            "served_vs_baseline": served / base,
            "worst": max(max(r["served"], r["reload_signal"]) for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
        }


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        START,
        f"Measured {results['when']} on {m['cpus']} CPUs (shared with other jobs), Python "
        f"{m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}; command "
        f"`{results['command']}`; median of the runs per operation (listed below). Baseline: "
        f"{BASELINE}. The plugin's sources are watched with `watch: {results.get('watch', 'events')}`.",
        "",
        "| agents | first build: plugin / minimal catalog | operation | served (s) | reload "
        "signal (s) | x baseline | server CPU (s) | search complete (s) | target | met |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    verdicts = []
    for e in results["sizes"]:
        n = e["n"]
        limit = TARGETS.get(n)
        first = f"{e['first_build']:.1f} s / {e['baseline_first_build']:.1f} s"
        lines.append(
            f"| {n:,} | {first} | baseline: edit one page | {e['baseline_served']:.2f} | | 1.00x "
            f"| {e['baseline_cpu']:.2f} | | | |"
        )
        for op in OPS:
            s = e["summary"].get(op)
            if not s:
                continue
            met = "" if limit is None else ("yes" if s["worst"] <= limit else "**no**")
            if limit is not None:
                verdicts.append(s["worst"] <= limit)
            lines.append(
                f"| {n:,} | | {op} | {s['served']:.2f} | {s['reload_signal']:.2f} | "
                f"{s['served_vs_baseline']:.2f}x | {s['cpu']:.2f} | {s['search_complete']:.1f} | "
                f"{'<= ' + str(limit) + ' s' if limit else ''} | {met} |"
            )
    lines += [
        "",
        "Every run, seconds (served / reload signal): "
        + "; ".join(
            f"{e['n']:,} {op}: "
            + ", ".join(f"{r['served']:.2f}/{r['reload_signal']:.2f}" for r in e["ops"][op])
            for e in results["sizes"]
            for op in OPS
            if e["ops"][op]
        )
        + ".",
        "",
        "Server CPU while idle (its share of one CPU over "
        f"{IDLE_SECONDS:.0f} s, after the first build and its search index; plugin / minimal "
        "catalog): "
        + "; ".join(
            f"{e['n']:,} agents: {e['idle_cpu']:.1%} / {e['baseline_idle_cpu']:.1%}"
            for e in results["sizes"]
            if "idle_cpu" in e
        )
        + ".",
        "",
        '"met" judges the slowest run of each operation (served and reload signal) against '
        "the target. Server CPU: the `mkdocs serve` process's CPU time from the write to the "
        "page served (other jobs on the machine disturb it far less than the wall time).",
        END,
    ]
    return "\n".join(lines)


SECTION = """## Edit to page

How soon does an edit show under the preview the README gives for large catalogs
(`mkdocs serve --dirty`, in the README's "Previewing a large catalog")? `bench/serve_speed.py` starts a
real `mkdocs serve --dirty` on a loopback port for each size, writes a file as an editor saves
it, and times until the new content is served over HTTP and until the live-reload long poll
tells open tabs to reload; then until the background Pagefind run has the whole index again.
Operations: edit one agent file, add one, rename one, delete one (each on different agents per
run). Ratios are against {baseline}, measured in the same run.

```sh
python bench/serve_speed.py --sizes 1000 5000 --repeat 3 2
```

"""


def write_doc(doc: Path, results: dict) -> None:
    report.write_marked(doc, markdown(results), START, END, SECTION.format(baseline=BASELINE))


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    p.add_argument(
        "--repeat", type=int, nargs="+", default=[3], help="runs per operation (one per size)"
    )
    p.add_argument("--source", choices=["corpus", "seeds"], default="corpus")
    p.add_argument("--workdir")
    output_args(p, "serve.json")
    p.add_argument(
        "--watch",
        choices=["events", "polling"],
        default="events",
        help="the plugin's `watch` option (`polling`: MkDocs' watch, to compare the two)",
    )
    args = p.parse_args(argv)
    workdir, env = workdir_env(args.workdir, "agent-catalog-serve-")
    shapes = load_shapes(REPO, args.source)
    results = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": "python bench/serve_speed.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "preview": COMMAND,
        "baseline": BASELINE,
        "machine": machine(),
        "repeat": args.repeat,
        "watch": args.watch,
        "sizes": [],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    extra = [args.repeat[-1]] * len(args.sizes)
    repeats = dict(zip(args.sizes, (args.repeat + extra)[: len(args.sizes)], strict=True))
    for n in args.sizes:
        results["sizes"].append(run_size(n, repeats[n], shapes, env, workdir, args.watch))
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(markdown(results))
    if not args.no_doc:
        write_doc(Path(args.doc), results)
    return results


if __name__ == "__main__":
    main()
