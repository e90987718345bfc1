"""Where the benchmark's agents come from: samples of real agent files, read in place.

The generated catalogs must look like real ones (description lengths with `<example>` blocks,
long prompt bodies, comma-separated tool lists, a third of agents inheriting all tools, a
handful of model values), or the benchmark measures a toy. So the shapes are taken at run
time from the public corpus (`<repo>/../shared/corpus/`, Claude Code collections only: the
format aggregators use) when it is present, else from the repository's `seeds/`. The text is
read through the project's own reader and only kept in memory or in temporary folders: it is
other people's writing and never lands in the repository; only statistics are reported.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path

from agent_catalog.reading.reader import read_agent

CLAUDE_COLLECTIONS = [
    "0xfurai__claude-code-subagents",
    "VoltAgent__awesome-claude-code-subagents",
    "contains-studio__agents",
    "davepoon__claude-code-subagents-collection",
    "davila7__claude-code-templates",
    "wshobson__agents",
]


@dataclass(frozen=True)
class Sample:
    """The fields of one real agent, normalised by the reader (safe body, resolved escapes)."""

    name: str
    group: str
    """A folder name to file the generated copy under (as real collections group agents)."""
    description: str
    tools: tuple[str, ...] | None
    model: str | None
    color: str | None
    body: str


@dataclass
class Shapes:
    origin: str
    """`corpus` or `seeds`: where the samples were read from."""
    samples: list[Sample]

    def stats(self) -> dict:
        """Distribution figures for the report (numbers only, no text)."""
        desc = [len(s.description) for s in self.samples]
        body = [len(s.body) for s in self.samples]
        tools = [len(s.tools) for s in self.samples if s.tools is not None]
        q = statistics.quantiles
        return {
            "origin": self.origin,
            "samples": len(self.samples),
            "groups": len({s.group for s in self.samples}),
            "description_chars_median": int(statistics.median(desc)),
            "description_chars_p95": int(q(desc, n=20)[-1]) if len(desc) > 1 else desc[0],
            "body_chars_median": int(statistics.median(body)),
            "body_chars_p95": int(q(body, n=20)[-1]) if len(body) > 1 else body[0],
            "inherit_all_tools_share": round(
                sum(s.tools is None for s in self.samples) / len(self.samples), 3
            ),
            "tools_per_agent_median": statistics.median(tools) if tools else 0,
            "models": len({s.model for s in self.samples}),
        }


def corpus_dir(repo: Path) -> Path:
    """`<repo>/../shared/corpus`; from a git worktree, beside the main checkout instead.

    `AGENT_CATALOG_CORPUS` names another folder explicitly.
    """
    if os.environ.get("AGENT_CATALOG_CORPUS"):
        return Path(os.environ["AGENT_CATALOG_CORPUS"])
    candidates = [repo.parent / "shared" / "corpus"]
    git = repo / ".git"
    if git.is_file():  # a worktree: ".git" holds "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(git.read_text().split(":", 1)[1].strip())
        candidates.append(gitdir.parent.parent.parent.parent / "shared" / "corpus")
    return next((c for c in candidates if c.is_dir()), candidates[0])


def load_shapes(repo: Path, prefer: str = "corpus") -> Shapes:
    """Samples from the corpus when present (and `prefer == "corpus"`), else from the seeds."""
    corpus = corpus_dir(repo)
    if prefer == "corpus" and corpus.is_dir():
        files = []
        for name in CLAUDE_COLLECTIONS:
            root = corpus / name
            if root.is_dir():
                files.extend((p, root) for p in sorted(root.rglob("*.md")))
        samples = _read(files)
        if samples:
            return Shapes("corpus", samples)
    seeds = repo / "seeds"
    files = [(p, seeds) for p in sorted(seeds.iterdir()) if p.is_file()]
    samples = _read(files)
    if not samples:
        raise SystemExit(f"no usable agent file in {corpus} or {seeds}")
    return Shapes("seeds", samples)


def _read(files: list[tuple[Path, Path]]) -> list[Sample]:
    out = []
    for path, root in files:
        agent = read_agent(path, path.relative_to(root).as_posix())
        if not hasattr(agent, "body") or not agent.name or not agent.description:
            continue  # skipped files and nameless ones teach nothing about catalog pages
        group = _group(path, root)
        out.append(
            Sample(
                name=agent.name,
                group=group,
                description=agent.description,
                tools=tuple(agent.tools) if agent.tools is not None else None,
                model=agent.model if isinstance(agent.model, str) else None,
                color=agent.color if isinstance(agent.color, str) else None,
                body=agent.body,
            )
        )
    return out


def _group(path: Path, root: Path) -> str:
    """The nearest folder that names a topic (`agents/` and `subagents/` say nothing)."""
    folder = path.parent
    while folder != root and folder.name in ("agents", "subagents", "plugins"):
        folder = folder.parent
    return folder.name if folder != root else root.name.split("__")[-1]
