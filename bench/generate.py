"""Write the projects a benchmark size compares: the plugin's and the hand-written baseline.

All hold the same N agents. The plugin project has the agent files (`agents-src/<group>/*.md`,
clean YAML frontmatter) and a `mkdocs.yml` that enables the plugin.

The baseline is what issue 6 names: **the same pages hand-written** as plain Markdown, with no
agent nav. Its `docs/` holds exactly the Markdown pages the plugin generates (agent pages,
variant pages, catalog, comparisons, health: written by `agent-catalog build-pages`, as a team
publishing with a host that runs no plugins would keep them), built by plain MkDocs with
Material, the same Markdown extensions and stylesheet, and the same navigation (the catalog
pages in it, agent pages reached from the catalog). The difference between the two builds is
what the plugin itself costs: reading and analysing the files, rendering the pages,
sanitising their HTML, writing `agents.json`, the raw files and `llms.txt`.

A second, smaller reference (`write_minimal_project`) is a person's minimal version of the
catalog: one short page per agent (title, description, examples, metadata table, prompt) and
one index table. It is reported beside the targets, to show what the richer pages cost.
"""

from __future__ import annotations

import html
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from agent_catalog import options as catalog_options
from agent_catalog.catalog.slugs import assign_slugs, slugify
from agent_catalog.model import Agent
from agent_catalog.pipeline import ASSET_URI, MARKDOWN_EXTENSIONS, build_site
from agent_catalog.reading.examples import split_examples
from shape import Sample

THEME = {"name": "material", "features": ["navigation.indexes"]}
SITE_NAME = "Agent catalog benchmark"


@dataclass(frozen=True)
class GenAgent:
    name: str
    slug: str
    source: str
    """Path of the agent file inside the plugin project (`agents-src/<group>/<name>.md`)."""
    sample: Sample


def pick_agents(samples: list[Sample], n: int, seed: int = 6) -> list[GenAgent]:
    """N agents drawn from the samples with replacement (aggregators copy agents too).

    Names repeat across folders as often as they do in the samples (real collections share
    hundreds of names), never within one folder; slugs are given as the catalog gives them,
    so both projects put each agent at the same URL.
    """
    rng = random.Random(seed)
    order = list(samples)
    rng.shuffle(order)
    used: dict[tuple[str, str], int] = {}
    drafts = []
    for i in range(n):
        s = order[i] if i < len(order) else rng.choice(samples)
        base = slugify(s.name) or "agent"
        group = slugify(s.group) or "agents"
        used[group, base] = used.get((group, base), 0) + 1
        name = base if used[group, base] == 1 else f"{base}-{used[group, base]}"
        drafts.append((name, f"agents-src/{group}/{name}.md", s))
    stand_ins = [Agent(name=name, source=source, path=Path(source)) for name, source, _ in drafts]
    assign_slugs(stand_ins)
    return [GenAgent(d[0], a.slug, d[1], d[2]) for d, a in zip(drafts, stand_ins, strict=True)]


def agent_file(a: GenAgent) -> str:
    """The agent definition as a Claude Code file: strict YAML frontmatter, then the body."""
    s = a.sample
    meta: dict = {"name": a.name, "description": s.description}
    if s.tools is not None:
        meta["tools"] = ", ".join(s.tools)
    if s.model:
        meta["model"] = s.model
    if s.color:
        meta["color"] = s.color
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n\n{s.body.strip()}\n"


def write_plugin_project(root: Path, agents: list[GenAgent], plugin_config: dict) -> Path:
    _fresh(root)
    for a in agents:
        path = root / a.source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(agent_file(a), encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(_home(len(agents)), encoding="utf-8")
    config = {
        "site_name": SITE_NAME,
        "theme": THEME,
        "plugins": ["search", {"agent-catalog": plugin_config}],
    }
    return _write_config(root, config)


def write_baseline_project(root: Path, plugin_root: Path) -> Path:
    """The plugin project's pages, pre-generated into `docs/`, built without the plugin."""
    _fresh(root)
    docs = root / "docs"
    options = catalog_options.validate(
        {"sources": ["agents-src"]}, base=plugin_root.resolve(), site={"site_name": SITE_NAME}
    )
    site = build_site(options)
    # the pages and the stylesheet and script only: agents.json, llms.txt and raw/ are not
    # pages but the plugin's exports, part of what it costs
    for uri, text in site.markdown_pages().items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    for uri, path in site.assets.items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / uri)
    shutil.copyfile(plugin_root / "docs" / "index.md", docs / "index.md")
    assets = sorted((docs / ASSET_URI).iterdir())
    catalog = ["agents/index.md", "compare/tools.md", "compare/models.md"]
    catalog += ["compare/responsibilities.md", "health.md"]
    config = {
        "site_name": SITE_NAME,
        "theme": THEME,
        "plugins": ["search"],
        "markdown_extensions": list(MARKDOWN_EXTENSIONS),
        "extra_css": [f"{ASSET_URI}/{a.name}" for a in assets if a.suffix == ".css"],
        "extra_javascript": [f"{ASSET_URI}/{a.name}" for a in assets if a.suffix == ".js"],
        "nav": [{"Home": "index.md"}, {"Agent catalog": catalog}],
        "not_in_nav": "/agents/*.md\n/compare/*/**\n",
    }
    return _write_config(root, config)


def write_minimal_project(root: Path, agents: list[GenAgent]) -> Path:
    """A person's minimal catalog: short agent pages and an index table (a reference only)."""
    _fresh(root)
    pages = root / "docs" / "agents"
    pages.mkdir(parents=True)
    (root / "docs" / "index.md").write_text(_home(len(agents)), encoding="utf-8")
    (pages / "index.md").write_text(index_page(agents), encoding="utf-8")
    for a in agents:
        (pages / f"{a.slug}.md").write_text(agent_page(a), encoding="utf-8")
    config = {
        "site_name": SITE_NAME,
        "theme": THEME,
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}, {"Agents": "agents/index.md"}],
    }
    return _write_config(root, config)


def agent_page(a: GenAgent) -> str:
    s = a.sample
    intro, examples = split_examples(s.description)
    lines = [f"# {a.name}", "", _text(intro), ""]
    lines += ["| Field | Value |", "|---|---|", f"| Source | `{a.source}` |"]
    lines.append(f"| Model | {_cell(s.model or 'inherit')} |")
    tools = "all tools (inherited)" if s.tools is None else ", ".join(f"`{t}`" for t in s.tools)
    lines.append(f"| Tools | {_cell(tools) or 'none'} |")
    if s.color:
        lines.append(f"| Color | {_cell(s.color)} |")
    lines.append("")
    if examples:
        lines += ["## Examples", ""]
        for i, ex in enumerate(examples, 1):
            lines += [f"### Example {i}", ""]
            if ex.context:
                lines += [f"*Context:* {_text(ex.context)}", ""]
            for speaker, said in ex.dialogue:
                lines += [f"> **{_text(speaker)}:** {_text(said)}", ">"]
            if ex.commentary:
                lines += ["", f"*Commentary:* {_text(ex.commentary)}"]
            lines.append("")
    lines += ["## Prompt", "", s.body.strip(), ""]
    return "\n".join(lines)


def index_page(agents: list[GenAgent]) -> str:
    lines = [f"# Agents ({len(agents)})", "", "| Agent | Description | Model | Tools |"]
    lines.append("|---|---|---|---|")
    for a in sorted(agents, key=lambda a: a.name):
        s = a.sample
        intro, _ = split_examples(s.description)
        summary = " ".join(intro.split())
        summary = summary if len(summary) <= 200 else summary[:199] + "…"
        tools = "all" if s.tools is None else str(len(s.tools))
        lines.append(
            f"| [{a.name}]({a.slug}.md) | {_cell(_text(summary))} | "
            f"{_cell(s.model or 'inherit')} | {tools} |"
        )
    return "\n".join(lines) + "\n"


def _home(n: int) -> str:
    return f"# Agent catalog benchmark\n\n{n} generated agents.\n"


def _text(s: str) -> str:
    return html.escape(s.strip(), quote=False)


def _cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def _fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def _write_config(root: Path, config: dict) -> Path:
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
