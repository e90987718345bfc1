"""`agent-catalog init [PATH]`: the files a repository needs to publish its agents, like `mkdocs new`.

It looks for agent files where each format's tool reads a project's agents
(`formats.project_folders`, and a Claude Code plugin's `agents/` folders), then writes:

- `mkdocs.yml`: Material with the light/dark toggle, search, and the plugin reading the
  folders it found; `site_url` from the `SITE_URL` variable the workflow sets; a `nav` holding
  the home page, after which the plugin adds the catalog's section;
- `docs/index.md`: MkDocs stops when the docs folder does not exist, and git keeps no empty
  folder, so a fresh clone in CI would lack it; the page links the catalog;
- `.github/workflows/pages.yml`: the GitHub Pages workflow `docs/publish.md` explains (it builds
  with `--strict`, so a broken agent file blocks the deploy).

A file that exists is left alone unless `--force`. Then it prints the next two commands.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .catalog.load import DEFAULT_INCLUDE, KindFinder, find_files, load_catalog
from .formats import INFO, project_folders
from .site.escaping import code_str, terminal_text, text_str

WORKFLOW = Path(__file__).parent / "starter" / "pages.yml"
"""The Pages workflow `init` writes; `docs/publish.md` shows the same file."""
WORKFLOW_PATH = ".github/workflows/pages.yml"

HELP = "write mkdocs.yml, docs/index.md and a GitHub Pages workflow for this repository's agents"


@dataclass
class Found:
    """Where the agents are: (folder, format label, number of agent files); and the skills and
    commands beside them: (folder, label, number, `skill` or `command`)."""

    sources: list[tuple[str, str, int]] = field(default_factory=list)
    others: list[tuple[str, str, int, str]] = field(default_factory=list)


def find_sources(root: Path) -> Found:
    """The folders under `root` that hold agent files, in the places the tools read them, and
    those that hold Claude Code skills and commands (`.claude/skills`, `.claude/commands`, a
    plugin's `skills/` and `commands/`)."""
    found = Found()
    places = [(folder, INFO[fmt].label) for folder, fmt in project_folders()]
    kinds = [
        (".claude/skills", "Claude Code", "skill"),
        (".claude/commands", "Claude Code", "command"),
    ]
    if (root / ".claude-plugin" / "plugin.json").is_file():
        places.append(("agents", "Claude Code plugin"))
        kinds += [
            ("skills", "Claude Code plugin", "skill"),
            ("commands", "Claude Code plugin", "command"),
        ]
    if (root / ".claude-plugin" / "marketplace.json").is_file():
        places += [
            (p.relative_to(root).as_posix(), "Claude Code plugin")
            for p in sorted(root.glob("plugins/*/agents"))
        ]
        kinds += [
            (p.relative_to(root).as_posix(), "Claude Code plugin", kind)
            for kind in ("skill", "command")
            for p in sorted(root.glob(f"plugins/*/{kind}s"))
        ]
    for folder, label in places:
        path = root / folder
        if path.is_dir() and not path.is_symlink():
            n = len(find_files([folder], root, list(DEFAULT_INCLUDE), [])[0])
            if n:
                found.sources.append((folder, label, n))
    for folder, label, kind in kinds:
        path = root / folder
        if path.is_dir() and not path.is_symlink():
            files = find_files([folder], root, list(DEFAULT_INCLUDE), [])[0]
            n = sum(1 for _, _, k in KindFinder().sort(files) if k == kind)
            if n:
                found.others.append((folder, label, n, kind))
    return found


def _git(root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def github_repo_url(root: Path) -> str | None:
    """`https://github.com/<owner>/<repo>` from the `origin` remote, if it is on GitHub."""
    url = _git(root, "remote", "get-url", "origin")
    m = re.match(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                 r"([\w.-]+)/([\w.-]+?)(?:\.git)?/?$", url)  # fmt: skip
    return f"https://github.com/{m.group(1)}/{m.group(2)}" if m else None


def default_branch(root: Path) -> str:
    """The branch the workflow publishes: origin's default, else `master` if that is the branch
    checked out, else `main`."""
    head = _git(root, "symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    if head.startswith("origin/"):
        return head[len("origin/") :]
    return "master" if _git(root, "symbolic-ref", "--short", "HEAD") == "master" else "main"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding any text (JSON's escapes are YAML's: a control
    character in a folder name becomes `\\u001b`, which YAML reads back, not a broken file)."""
    return json.dumps(text)


def mkdocs_yml(
    site_name: str, sources: list[str], repo_url: str | None, branch: str, home: str
) -> str:
    lines = [
        f"site_name: {_quoted(site_name)}",
        "# The published address: .github/workflows/pages.yml sets SITE_URL; unset locally.",
        "site_url: !ENV SITE_URL",
    ]
    if repo_url:
        lines.append(f"repo_url: {repo_url}  # each agent page links its source file")
    lines += [
        "",
        "theme:",
        "  name: material",
        "  font: false  # no Google Fonts: the theme fetches no fonts from other hosts",
        "  features:",
        "    - navigation.top",
        "    - search.suggest",
        "    - search.highlight",
        "    - content.code.copy",
        "  palette:",
        '    - media: "(prefers-color-scheme: light)"',
        "      scheme: default",
        "      toggle:",
        "        icon: material/weather-night",
        "        name: Switch to dark mode",
        '    - media: "(prefers-color-scheme: dark)"',
        "      scheme: slate",
        "      toggle:",
        "        icon: material/weather-sunny",
        "        name: Switch to light mode",
        "",
        "plugins:",
        "  - search",
        "  - agent-catalog:",
        "      sources:",
        *[f"        - {_quoted(s)}" for s in sources],
    ]
    if branch != "main":
        lines.append(f"      source_branch: {_quoted(branch)}")
    lines += [
        "",
        "# Your pages; the plugin adds its own section (catalog, comparisons, health) after them.",
        "nav:",
        f"  - Home: {home}",
    ]
    return "\n".join(lines) + "\n"


def index_md(site_name: str, sources: list[str]) -> str:
    """The docs' home page. Folder names are text the repository chose: they reach the page
    only as code spans and escaped text (`site/escaping.py`), never as Markdown or HTML."""
    where = ", ".join(code_str(s) for s in sources)
    return (
        f"# {text_str(site_name, breaks=False)}\n\n"
        f"The agents defined in this repository ({where}), one page each: what the agent is\n"
        "for, when to use it, its model and tools, and its prompt.\n\n"
        "- [The catalog](agents/index.md): every agent, filterable by model, capability and tool\n"
        "- Compare their [tools](compare/tools.md), [models](compare/models.md) and\n"
        "  [responsibilities](compare/responsibilities.md)\n"
        "- [Health](health.md): what is wrong in the files, with the line and the fix\n\n"
        "The pages are generated from the agent files at every build. This page is yours to\n"
        "edit; without it the catalog itself is the home page (keep the `docs/` folder: MkDocs\n"
        "needs it).\n"
    )


def _linked_part(root: Path, rel: str) -> str | None:
    """The first part of `rel` under `root` that is a symbolic link, if any: a file written
    through it could land outside the repository (`docs -> ../elsewhere`, a dangling
    `mkdocs.yml -> ~/x`)."""
    path = root
    for part in rel.split("/"):
        path = path / part
        if path.is_symlink():
            return path.relative_to(root).as_posix()
    return None


def workflow_yml(branch: str) -> str:
    text = WORKFLOW.read_text(encoding="utf-8")
    return text.replace("branches: [main]", f"branches: [{_quoted(branch)}]")


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=".", type=Path, help="the repository (default: .)")
    p.add_argument(
        "--source",
        action="append",
        metavar="FOLDER",
        help="agent folder or glob, relative to PATH (repeatable; default: the folders found)",
    )
    p.add_argument("--site-name", help="the site's title (default: '<folder name> agents')")
    p.add_argument("--force", action="store_true", help="replace files that already exist")


def run(args: argparse.Namespace) -> int:
    root: Path = args.path
    if not root.is_dir():
        print(f"{root} is not a folder", file=sys.stderr)
        return 2
    if args.source:
        sources = list(args.source)
        print(terminal_text("Agents: " + ", ".join(sources) + " (as given)"))
    else:
        found = find_sources(root)
        if not found.sources and not found.others:
            looked = ", ".join(folder for folder, _ in project_folders())
            print(
                f"no agent files in {root} (looked in {looked}, and a Claude Code plugin's "
                "agents/); give their folder with --source FOLDER",
                file=sys.stderr,
            )
            return 1
        sources = [folder for folder, _, _ in found.sources]
        for folder, label, n in found.sources:
            print(terminal_text(f"Agents: {folder} ({label}, {n} file{'' if n == 1 else 's'})"))
        for folder, label, n, kind in found.others:
            sources.append(folder)
            print(
                terminal_text(
                    f"{kind.title()}s: {folder} ({label}, {n} {kind}{'' if n == 1 else 's'})"
                )
            )
    name = args.site_name or f"{root.resolve().name} agents"
    branch = default_branch(root)
    home = "README.md" if (root / "docs" / "README.md").is_file() else "index.md"
    files = {
        "mkdocs.yml": mkdocs_yml(name, sources, github_repo_url(root), branch, home),
        "docs/index.md": index_md(name, sources),
        WORKFLOW_PATH: workflow_yml(branch),
    }
    for rel, text in files.items():
        target = root / rel
        linked = _linked_part(root, rel)
        if linked is not None:
            print(
                terminal_text(
                    f"Skipped: {rel} ({linked} is a symbolic link; init writes no file "
                    "through a link)"
                ),
                file=sys.stderr,
            )
            continue
        homes = [target] + ([root / "docs" / "README.md"] if rel == "docs/index.md" else [])
        kept = next((h for h in homes if h.exists() or h.is_symlink()), None)
        if kept is not None and not args.force:
            print(f"Kept:   {kept.relative_to(root)} (exists; --force replaces it)")
            if rel == "mkdocs.yml" and "agent-catalog" not in kept.read_text(errors="replace"):
                entry = text[text.index("  - agent-catalog:") :].split("\n\n", 1)[0]
                print(f"        it does not enable the plugin; add under `plugins:`\n{entry}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"Wrote:  {rel}")
    _report_findings(root, sources)
    here = "" if root.resolve() == Path.cwd().resolve() else f"cd {root} && "
    print(
        "\nNext:\n"
        f"  {here}mkdocs serve      # preview at http://127.0.0.1:8000/\n"
        f'  {here}git add mkdocs.yml docs {WORKFLOW_PATH} && git commit -m "Publish the agent '
        'catalog" && git push\n'
        "  (once, on GitHub: Settings > Pages > Source: GitHub Actions; the site is then at "
        "https://<owner>.github.io/<repo>/)"
    )
    return 0


def _report_findings(root: Path, sources: list[str]) -> None:
    """The workflow builds with --strict: say now if the agent files would fail it."""
    catalog = load_catalog(sources, root)
    found = catalog.all_diagnostics()
    errors = sum(d.severity == "error" for d in found)
    warnings = sum(d.severity == "warning" for d in found)
    print(f"Read {len(catalog.agents)} agent{'' if len(catalog.agents) == 1 else 's'}.")
    if errors or warnings:
        print(
            terminal_text(
                f"Note: the agent files have {errors} error(s) and {warnings} warning(s); the "
                "workflow builds with --strict, so the deploy fails until they are fixed "
                f"(list them: agent-catalog check {' '.join(sources)})"
            )
        )
