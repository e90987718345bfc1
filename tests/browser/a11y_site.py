"""The catalog the accessibility tests read: varied enough to show every badge, finding severity
and page kind the plugin generates, in one build.

It is the seed agents, the six-format fixture (`tests/fixtures/formats/mixed`: every format
badge), and agents written here for what neither has: every capability class plus a custom one
and an unknown tool, "all tools except", "no tools", findings of all three severities, long and
markup-laden names, and enough agents that the largest tools matrix is split into pages (its
pager). A hand-written page with the theme's own elements (a link in a sentence, a table, a
highlighted code block, an admonition) is the control that tells the theme's findings from the
catalog's (see `test_accessibility.py`).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from hostile import agent_text

from .site_servers import REPO

MIXED = REPO / "tests" / "fixtures" / "formats" / "mixed"
FORMAT_SOURCES = [".claude/agents", ".github/agents", ".opencode", ".gemini/agents"]
FORMAT_SOURCES += [".cursor/rules", ".codex", "agents"]
BULK = 150
"""With the other agents listing `Read`, more than a matrix page holds at most
(`comparisons.MAX_ROWS`): the Read matrix has two pages whatever its cuts."""

LONG_NAME = "release-train-coordinator-for-the-monorepo-" * 3 + "and-its-nightly-builds"
"""One unbroken token longer than a phone is wide."""

CODE_BODY = """\
You coordinate releases.

## Steps

1. Read the [changelog](https://example.com/changelog) and the open pull requests.
2. Run the checks:

```python
# a comment the highlighter colours
def release(version: str) -> None:
    if not version or version == "0":  # keywords: not, or
        raise ValueError("no version")
```

| Step | Who |
| --- | --- |
| tag | release manager |
"""

OWN_AGENTS = {
    # every capability class in one row of badges, a class the configuration adds, and a tool
    # the tool table does not know
    "every-capability.md": agent_text(
        "every-capability",
        "Use when a task needs every kind of tool: reads, edits, runs tests, searches the web, "
        "delegates to other agents and calls MCP servers.",
        CODE_BODY,
        tools=[
            "Read",
            "Write",
            "Bash",
            "WebFetch",
            "Agent",
            "mcp__github__create_issue",
            "TodoWrite",
            "DeployService",
            "Frobnicate",
        ],
        model="opus",
        color="purple",
    ),
    "inherits-except.md": agent_text(
        "inherits-except",
        "Use for refactors: inherits every tool but may not run shell commands or fetch pages.",
        "You refactor code without running it.\n",
        disallowedTools=["Bash", "WebFetch"],
    ),
    "no-tools.md": agent_text(
        "no-tools",
        "Use to think a design through; it touches nothing.",
        "You only think.\n",
        tools=[],
        model="haiku",
    ),
    # error (no description), warning (name style) and info (name differs from file name)
    "findings-of-every-severity.md": (
        "---\nname: Findings Of Every Severity\ntools: Read, Grep\n---\n\nYou have problems.\n"
    ),
    "long-name.md": agent_text(
        LONG_NAME,
        "Use when a release spans " + "many repositories and " * 12 + "their nightly builds.",
        "You coordinate.\n",
        tools=["Read", "Bash"],
        model="claude-sonnet-4-5-20250929",
    ),
    "markup-name.md": agent_text(
        'Review <b>bold</b> & "quoted" `code` | pipe',
        'Reviews <em>markup</em> & "quotes" | pipes [link](javascript:alert(1)) **stars**.',
        "You review.\n\n<script>alert('body')</script>\n",
        tools=["Read", "Edit"],
    ),
    "japanese.md": agent_text(
        "日本語エージェント",
        "日本語でコードをレビューします。",
        "あなたはレビュアーです。\n",
        tools=["Read"],
    ),
}


def bulk_agents(n: int = BULK) -> dict[str, str]:
    """Small ordinary agents, so the catalog table is long and the Read matrix has two pages."""
    return {
        f"bulk/helper-{i:03d}.md": agent_text(
            f"helper-{i:03d}",
            f"Use for small task number {i}: tests, docs or a quick review.",
            "You help.\n",
            tools=["Read", "Grep"] if i % 2 else ["Read"],
            model=("sonnet", "opus", "haiku", "inherit")[i % 4],
        )
        for i in range(n)
    }


_WIDE = [f"Column {n}" for n in range(1, 15)]
WIDE_TABLE = "\n".join(
    "| " + " | ".join(row) + " |"
    for row in (_WIDE, ["---"] * len(_WIDE), [c.lower() for c in _WIDE])
)

CONTROL_PAGE = """\
# A hand-written page

This page is written by hand, not by the catalog: the theme's own elements, for comparison.
A sentence with [a link](index.md) in it, and a table wider than the page, as the catalog's
are on a phone:

{wide_table}

```python
# a comment the highlighter colours
def handwritten(value: str) -> bool:
    return not value or value == "x"  # keywords: not, or
```

!!! note "An admonition"
    With a [link](index.md) in its text.
"""

MKDOCS_YML = """\
site_name: Accessibility test catalog
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - navigation.top
    - search.suggest
    - search.highlight
    - content.code.copy
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
plugins:
  - search
  - agent-catalog:
      sources: {sources}
      include: ["*.md", "*.mdc", "*.toml", "*.txt"]
      tool_classes:
        DeployService: release
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
nav:
  - Home: index.md
  - Hand-written: control.md
"""
"""The seed site's theme settings (mkdocs.yml at the repository root): palette toggle included."""


def write_project(root: Path) -> Path:
    """Write the project into `root` (a fresh folder) and return it; build it with mkdocs."""
    shutil.copytree(MIXED, root, dirs_exist_ok=True)
    shutil.copytree(REPO / "seeds", root / "seeds")
    own = root / "a11y"
    for name, text in {**OWN_AGENTS, **bulk_agents()}.items():
        (own / name).parent.mkdir(parents=True, exist_ok=True)
        (own / name).write_text(text, encoding="utf-8")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text(
        "# Home\n\nThe [catalog](agents/index.md) of the accessibility tests.\n", encoding="utf-8"
    )
    (docs / "control.md").write_text(CONTROL_PAGE.format(wide_table=WIDE_TABLE), "utf-8")
    sources = "[" + ", ".join(["seeds", "a11y", *FORMAT_SOURCES]) + "]"
    (root / "mkdocs.yml").write_text(
        textwrap.dedent(MKDOCS_YML).format(sources=sources), encoding="utf-8"
    )
    return root
