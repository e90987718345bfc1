"""`agent-catalog build-pages OUT_DIR`: the catalog's pages as Markdown files on disk.

For hosts that run no MkDocs plugins (Zensical, a plain MkDocs, any Markdown site generator):
the same core and templates as the plugin write the same pages, plus `agents.json` and the
stylesheet, into a folder that the host then builds like hand-written pages. The options are
the plugin's, read from the `agent-catalog` entry of a `mkdocs.yml` (`--config`) or given on
the command line. Knows nothing of MkDocs beyond reading that YAML file.

What the plugin does at build time and a plain host cannot: keeping agent pages out of the
navigation (the command prints the `not_in_nav` patterns to add) and passing the generated
HTML through the allowlist sanitiser (escaping in the templates remains the first defence).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import export
from .analysis import AnalysisOptions
from .catalog import DEFAULT_INCLUDE, load_catalog
from .escaping import terminal_text
from .model import Catalog
from .render import RenderOptions, page_url, render_pages, write_pages

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = "assets/agent-catalog"
MARKDOWN_EXTENSIONS = [
    "admonition",
    "pymdownx.details",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.superfences",  # prompt bodies nest code blocks in lists and details
]


@dataclass
class Settings:
    """The plugin options that shape the pages (see `config.py` for their meaning)."""

    base: Path
    sources: list[str] = field(default_factory=lambda: [".claude/agents"])
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    prefix: str = ""
    custom_templates: str | None = None
    allow_html: bool = False
    source_url: str | None = None
    source_branch: str = "main"
    tool_classes: dict[str, str] = field(default_factory=dict)
    areas: dict[str, Any] = field(default_factory=dict)
    replace_areas: bool = False
    related_count: int = 5
    site_name: str = "Agent catalog"
    repo_url: str | None = None


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use `!ENV` or `!!python/name:` tags: such values become None
    (none of them is a catalog option), nothing is ever constructed from a tag."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def settings_from_mkdocs_yml(path: Path) -> Settings:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}  # noqa: S506
    settings = Settings(base=path.resolve().parent)
    settings.site_name = str(data.get("site_name") or settings.site_name)
    settings.repo_url = data.get("repo_url")
    for entry in data.get("plugins") or []:
        if entry == "agent-catalog":
            return settings
        if isinstance(entry, dict) and "agent-catalog" in entry:
            for key, value in (entry["agent-catalog"] or {}).items():
                if hasattr(settings, key) and key not in ("base", "site_name", "repo_url"):
                    setattr(settings, key, value)
            return settings
    raise SystemExit(f"{path} does not enable the agent-catalog plugin; pass --source instead")


def build_pages(out_dir: Path, settings: Settings) -> tuple[Catalog, list[Path]]:
    """Read the sources, render every page, write pages + agents.json + stylesheet."""
    catalog = load_catalog(
        settings.sources,
        settings.base,
        settings.include,
        settings.exclude,
        allow_html=settings.allow_html,
    )
    source_url = settings.source_url
    if not source_url and settings.repo_url:
        source_url = f"{settings.repo_url.rstrip('/')}/blob/{settings.source_branch}/{{path}}"
    custom = settings.custom_templates
    options = RenderOptions(
        prefix=settings.prefix.strip("/"),
        custom_templates=str(settings.base / custom) if custom else None,
        source_url=source_url,
        site_name=settings.site_name,
        analysis=AnalysisOptions(
            tool_classes=settings.tool_classes,
            areas=settings.areas,
            replace_areas=settings.replace_areas,
            related_count=settings.related_count,
        ),
    )
    pages = render_pages(catalog, options)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = write_pages(pages, out_dir)
    urls = {id(a): page_url(pages.uri_of(a)) for a in catalog.agents}
    doc = export.catalog_document(catalog, urls)
    target = out_dir / "agents.json"
    target.write_text(export.dumps(doc, compact=True), encoding="utf-8")
    written.append(target)
    for asset in sorted(ASSETS.iterdir()) if ASSETS.is_dir() else []:
        dest = out_dir / ASSET_URI / asset.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset, dest)
        written.append(dest)
    return catalog, written


def host_config(settings: Settings) -> str:
    """What the host's mkdocs.yml needs for the written pages to look as the plugin's do."""
    p = f"/{settings.prefix.strip('/')}" if settings.prefix.strip("/") else ""
    css = [f"{ASSET_URI}/{a.name}" for a in sorted(ASSETS.glob("*.css"))]
    js = [f"{ASSET_URI}/{a.name}" for a in sorted(ASSETS.glob("*.js"))]
    lines = ["markdown_extensions:"] + [f"  - {ext}" for ext in MARKDOWN_EXTENSIONS]
    if css:
        lines += ["extra_css:"] + [f"  - {c}" for c in css]
    if js:  # the catalog table's filters and the install block's copy button
        lines += ["extra_javascript:"] + [f"  - {j}" for j in js]
    lines += [
        "# agent pages and later comparison pages are reached from the catalog, never the nav",
        "not_in_nav: |",
        f"  {p}/agents/*.md",
        f"  !{p}/agents/index.md",
        f"  {p}/compare/*/**",
    ]
    return "\n".join(lines) + "\n"


HELP = "write the catalog's pages as Markdown files (for hosts that run no plugins)"


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out_dir", type=Path, help="folder to write into (e.g. your docs folder)")
    p.add_argument(
        "--config",
        "-f",
        type=Path,
        help="a mkdocs.yml whose agent-catalog options to use (default: ./mkdocs.yml if present)",
    )
    p.add_argument("--source", action="append", help="agent folder or glob (repeatable)")
    p.add_argument("--prefix", help="folder under which the catalog pages live")
    p.add_argument(
        "--strict", action="store_true", help="exit 1 when any file has an error or a warning"
    )


def run(args: argparse.Namespace) -> int:
    config = args.config or (Path("mkdocs.yml") if Path("mkdocs.yml").is_file() else None)
    if args.source:
        settings = Settings(base=Path.cwd())
        settings.sources = list(args.source)
    elif config is not None:
        settings = settings_from_mkdocs_yml(config)
    else:
        print("no mkdocs.yml here: give --config or --source", file=sys.stderr)
        return 2
    if args.prefix is not None:
        settings.prefix = args.prefix
    catalog, written = build_pages(args.out_dir, settings)
    findings = catalog.all_diagnostics()
    for d in findings:
        where = f"{d.source}:{d.line}" if d.line else d.source
        print(terminal_text(f"{where}: {d.severity}: {d.message}"), file=sys.stderr)
    print(
        f"wrote {len(written)} files for {len(catalog.agents)} agents into {args.out_dir} "
        f"({len(findings)} findings). For MkDocs, add to mkdocs.yml:\n\n{host_config(settings)}"
    )
    serious = [d for d in findings if d.severity in ("error", "warning")]
    return 1 if args.strict and serious else 0
