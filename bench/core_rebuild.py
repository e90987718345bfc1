"""CPU time of the core's rebuilds after an addition, a deletion and an edit (no MkDocs).

    python bench/core_rebuild.py PROJECT [REPEAT]

PROJECT: a generated plugin project (`agents-src/`), such as `bench/serve_speed.py`
leaves in its `--workdir` (`n1000/plugin`). The pipeline is built once with a
`BuildCache`, as `mkdocs serve` keeps it, then for each repeat a copy of one agent file is
added, removed again, and another file edited, each followed by a rebuild whose process
CPU time is printed, with the number of agents each build published. To compare two
versions of the code on the same machine, run this alternately with `PYTHONPATH` set to
each version's `plugins/` (a `git worktree` of the older commit): the serve benchmark's
times move with the machine, these move less.
The project's files are restored afterwards, and rebuilt untimed, so each timed rebuild
sees only its own change.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import time
from pathlib import Path

from agent_catalog import options as catalog_options
from agent_catalog import pipeline


def main(root: Path, repeat: int) -> dict:
    opts = catalog_options.validate({"sources": ["agents-src"]}, base=root, site={"site_name": "x"})
    cache = pipeline.BuildCache()

    out: dict = {"first": 0.0, "add": [], "delete": [], "edit": [], "agents": []}

    def rebuild(timed: bool = True) -> float:
        gc.collect()
        start = time.process_time()
        site = pipeline.build_site(opts, cache=cache, existing=["index.md"])
        spent = round(time.process_time() - start, 3)
        if timed:
            out["agents"].append(len(site.document["agents"]))  # what each rebuild published
        return spent

    out["first"] = rebuild()
    files = sorted((root / "agents-src").rglob("*.md"))
    for i in range(repeat):
        copied = files[(i * 97) % len(files)]
        added = copied.with_name(f"zz-added-{i}.md")
        try:
            shutil.copyfile(copied, added)
            out["add"].append(rebuild())
        finally:
            added.unlink(missing_ok=True)
        out["delete"].append(rebuild())
        edited = files[(i * 31 + 5) % len(files)]
        text = edited.read_text(encoding="utf-8")
        try:
            _save(edited, text + f"\n\nEdited {i}.\n")
            out["edit"].append(rebuild())
        finally:
            _save(edited, text)
        rebuild(timed=False)  # the restored file, so the next addition times only itself
    return out


def _save(path: Path, text: str) -> None:
    """Write and move the modification time on, as a later save does: the read cache keys on
    size and time, and a restored file has its old size."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    print(json.dumps(main(Path(args[0]), int(args[1]) if len(args) > 1 else 3)))
