"""From configured sources (folders or glob patterns) to a :class:`Catalog`.

Finds the files, reads each one (reusing the parse of a file whose path, size and modification
time have not changed, so `mkdocs serve` re-reads only what was edited), assigns slugs once all
agents are known, and adds the catalog-wide findings (duplicate names, sources matching nothing).
Knows nothing of MkDocs.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .formats import INFO
from .model import Agent, Catalog, Diagnostic, Skipped
from .reader import read_agent
from .rules import apply_rules
from .slugs import assign_slugs

DEFAULT_INCLUDE = ["*.md", "*.mdc", "*.toml"]


@dataclass
class ReadCache:
    """Parsed files keyed by resolved path, valid while (size, mtime) are unchanged."""

    entries: dict[str, tuple[tuple, Agent | Skipped]] = field(default_factory=dict)
    """Path -> ((size, mtime, allow_html, format), result)."""
    hits: int = 0
    misses: int = 0

    def get(
        self, path: Path, source: str, allow_html: bool, format: str | None = None
    ) -> Agent | Skipped:
        st = path.stat()
        key = (st.st_size, st.st_mtime_ns, allow_html, format)
        hit = self.entries.get(str(path))
        if hit and hit[0] == key and hit[1].source == source:
            self.hits += 1
            return _fresh(hit[1])
        self.misses += 1
        result = read_agent(path, source, allow_html=allow_html, format=format)
        self.entries[str(path)] = (key, result)
        return _fresh(result)


def _fresh(result: Agent | Skipped) -> Agent | Skipped:
    """A copy whose catalog-level state (slug, catalog findings, analyses) starts clean."""
    if isinstance(result, Skipped):
        return Skipped(result.source, result.path, result.reason, list(result.diagnostics))
    import copy

    agent = copy.copy(result)
    agent.diagnostics = [d for d in result.diagnostics]
    agent.analysis = dict(result.analysis)
    agent.slug = ""
    return agent


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def find_files(
    sources: list[str], base: Path, include: list[str], exclude: list[str]
) -> tuple[list[tuple[Path, str]], list[Skipped], list[Diagnostic]]:
    """Return ((path, source-relative-to-base) pairs, symlink skips, source findings)."""
    found: dict[str, tuple[Path, str]] = {}
    skipped: list[Skipped] = []
    diags: list[Diagnostic] = []
    base = base.resolve()
    for src in sources:
        pattern_root = base / src
        if any(ch in src for ch in "*?["):
            candidates = [Path(p) for p in sorted(glob.glob(str(pattern_root), recursive=True))]
            roots = [(c, c.parent) for c in candidates if c.is_file() or c.is_symlink()]
            for d in [c for c in candidates if c.is_dir()]:
                roots.extend(_walk(d, include))
        elif pattern_root.is_dir():
            roots = _walk(pattern_root, include)
        elif pattern_root.is_file():
            roots = [(pattern_root, pattern_root.parent)]
        else:
            diags.append(
                Diagnostic(
                    "error",
                    "source-missing",
                    f"the source `{src}` matches no file or folder",
                    "fix the path in `sources` (it is relative to mkdocs.yml)",
                    None,
                    src,
                )
            )
            continue
        count = 0
        for path, root in roots:
            rel = _relative(path, base)
            if _matches(path.name, exclude) or _matches(rel, exclude):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not _inside(target, root.resolve()):
                    skipped.append(
                        Skipped(
                            rel,
                            path,
                            "symlink pointing outside its source",
                            [
                                Diagnostic(
                                    "warning",
                                    "symlink-outside",
                                    f"`{rel}` is a symbolic link to a file outside its source "
                                    "folder; it was not followed",
                                    "copy the file into the agents folder instead of linking it",
                                    None,
                                    rel,
                                )
                            ],
                        )
                    )
                    continue
            count += 1
            found.setdefault(str(path.resolve()), (path, rel))
        if count == 0:
            diags.append(
                Diagnostic(
                    "warning",
                    "source-empty",
                    f"the source `{src}` contains no file matching {', '.join(include)}",
                    "check `sources` and `include` in the plugin configuration",
                    None,
                    src,
                )
            )
    files = sorted(found.values(), key=lambda t: t[1])
    return files, skipped, diags


# Hidden folders where tools keep agents; other hidden folders (.git, .venv, ...) are skipped.
AGENT_DOT_DIRS = {".claude", ".github", ".opencode", ".gemini", ".cursor", ".codex", ".copilot"}


def _walk(root: Path, include: list[str]) -> list[tuple[Path, Path]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if (not d.startswith(".") or d in AGENT_DOT_DIRS) and d != "node_modules"
        )
        for fn in sorted(filenames):
            if fn.startswith(".") or not _matches(fn, include):
                continue
            out.append((Path(dirpath) / fn, root))
    return out


def _relative(path: Path, base: Path) -> str:
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return os.path.relpath(path.absolute(), base).replace(os.sep, "/")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def load_catalog(
    sources: list[str],
    base: Path,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    *,
    allow_html: bool = False,
    cache: ReadCache | None = None,
    formats: dict[str, str] | None = None,
) -> Catalog:
    """`formats` maps a source (as written in `sources`) to the agent format of every file in
    it, for folders whose location does not say which tool they are for."""
    cache = cache if cache is not None else ReadCache()
    files, skipped, diags = find_files(sources, base, include or DEFAULT_INCLUDE, exclude or [])
    catalog = Catalog(skipped=skipped, diagnostics=diags)
    for path, rel in files:
        result = cache.get(path, rel, allow_html, _format_for(rel, formats))
        if isinstance(result, Skipped):
            catalog.skipped.append(result)
        else:
            catalog.agents.append(result)
    finalise(catalog)
    return catalog


def _format_for(rel: str, formats: dict[str, str] | None) -> str | None:
    """The configured format of the most specific source containing `rel`, if any."""
    best: tuple[int, str] | None = None
    for src, fmt in (formats or {}).items():
        root = src.strip().removeprefix("./").rstrip("/")
        if root in ("", "."):
            hit = True
        else:
            hit = rel == root or rel.startswith(root + "/") or fnmatch.fnmatch(rel, root)
        if hit and (best is None or len(root) > best[0]):
            best = (len(root), fmt)
    return best[1] if best else None


def finalise(catalog: Catalog) -> None:
    """Catalog-wide steps once every file is read: each agent's rules, slugs, duplicate names."""
    for a in catalog.agents:
        apply_rules(a)
    assign_slugs(catalog.agents)
    by_tree_name: dict[tuple[str, str], list[Agent]] = defaultdict(list)
    for a in catalog.agents:
        # Copilot identifies an agent by its file name; its `name` is only a display name
        by_tree_name[(scan_root(a.source), a.settings.get("id", a.name))].append(a)
    for (tree, name), members in by_tree_name.items():
        if len(members) < 2:
            continue
        for a in members:
            others = ", ".join(f"`{o.source}`" for o in members if o is not a)
            a.diag(
                "warning",
                "duplicate-name",
                f"the name `{name}` is also used by {others} in the same agents folder "
                f"(`{tree}/`, read with its subfolders); {INFO[a.format].label} loads only one "
                "of them",
                "give each agent a unique `name`",
                a.key_lines.get("name"),
            )


_TREE_DIRS = {"agents", "agent", "rules"}


def scan_root(source: str) -> str:
    """The folder a tool scans recursively for this file: the nearest `agents/` (Claude Code,
    Copilot, Gemini, OpenCode's `agent/`) or Cursor `rules/` above it, else its own folder.
    Two agents with one name clash only inside one such tree."""
    parts = Path(source).parent.parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in _TREE_DIRS:
            return "/".join(parts[: i + 1])
    return "/".join(parts) or "."
