"""`agent-catalog build-pages OUT_DIR`: the catalog's pages as Markdown files on disk.

For hosts that run no MkDocs plugins (Zensical, a plain MkDocs, any Markdown site generator):
`pipeline.build_site` builds the same `Site` as the plugin does, and this command writes all of
it into a folder that the host then builds like hand-written pages: the pages, `agents.json`,
`agents.schema.json`, `llms.txt`, `raw/` and the catalog's stylesheet and script. The options are
the plugin's, read from the `agent-catalog` entry of a `mkdocs.yml` (`--config`) or given on
the command line, and checked by the same rules and messages as the plugin's (`options.py`).

What the plugin does at build time and a plain host cannot: keeping agent pages out of the
navigation (the command prints the `not_in_nav` patterns to add) and passing the generated
HTML through the allowlist sanitiser (escaping in the templates remains the first defence).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from . import options as options_mod
from .options import Options, OptionsError
from .pipeline import MARKDOWN_EXTENSIONS, Site, build_site
from .site import home
from .site.escaping import terminal_text


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use `!ENV` or `!!python/name:` tags: such values become None
    (none of them is a catalog option), nothing is ever constructed from a tag."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def options_from_mkdocs_yml(path: Path, overrides: dict[str, Any] | None = None) -> Options:
    """The plugin's options as the plugin itself validates them, from its `mkdocs.yml` entry
    (with `overrides` from the command line), and the site settings beside it."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}  # noqa: S506
    for entry in data.get("plugins") or []:
        if entry == options_mod.PLUGIN_NAME:
            found: dict[str, Any] = {}
            break
        if isinstance(entry, dict) and options_mod.PLUGIN_NAME in entry:
            found = dict(entry[options_mod.PLUGIN_NAME] or {})
            break
    else:
        raise OptionsError(
            f"{path} does not enable the agent-catalog plugin; pass --source instead"
        )
    site = {k: data.get(k) for k in options_mod.SITE_KEYS if k in data}
    base = path.resolve().parent
    return options_mod.validate(
        found | (overrides or {}), base=base, config_file=path.resolve(), site=site
    )


def host_config(site: Site) -> str:
    """What the host's mkdocs.yml needs for the written pages to look and work as the
    plugin's do: the Markdown extensions, the stylesheet and script, and the pages to keep out
    of the navigation."""
    css = [u for u in site.assets if u.endswith(".css")]
    js = [u for u in site.assets if u.endswith(".js")]
    lines = ["markdown_extensions:"] + [f"  - {ext}" for ext in MARKDOWN_EXTENSIONS]
    if css:
        lines += ["extra_css:"] + [f"  - {c}" for c in css]
    if js:
        lines += ["extra_javascript:"] + [f"  - {j}" for j in js]
    p = f"/{site.options.prefix}" if site.options.prefix else ""
    lines += [
        "# agent pages and later comparison pages are reached from the catalog, never the nav",
        "not_in_nav: |",
        f"  {p}/agents/*.md",
        # the catalog at the site's root is the home page: agents/index.md then stays out
        *([] if site.layout.catalog_home else [f"  !{p}/agents/index.md"]),
        f"  {p}/compare/*/**",
    ]
    for role in ("skills", "commands"):  # their pages too; their tables stay in the nav
        if site.layout.has(role):
            lines += [f"  {p}/{role}/*.md", f"  !{p}/{role}/index.md"]
    return "\n".join(lines) + "\n"


def write_pages(options: Options, out_dir: Path) -> tuple[Site, list[Path]]:
    """Build the site for a docs folder and write it there. The folder's own home page (not
    one this command wrote earlier) decides whether the catalog is also the home
    (`site/home.py`); a home page it no longer needs, because the docs now have a README.md,
    is removed."""
    site = build_site(options, existing=home.pages_on_disk(out_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    ours = out_dir / home.HOME_NAMES[0]
    if site.user_home and ours.is_file() and home.written_by_us(ours):
        ours.unlink()  # our earlier home page would hide the docs' own README.md
    written = site.write(out_dir)
    if site.user_home:
        text = (out_dir / site.user_home).read_text(encoding="utf-8", errors="replace")
        if not home.links_catalog(text, site.user_home, options.prefix):
            print(
                f"{out_dir / site.user_home} has no link to the catalog; add: "
                f"{home.catalog_line(options.prefix, len(site.catalog.agents))}",
                file=sys.stderr,
            )
    return site, written


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
    flags: dict[str, Any] = {} if args.prefix is None else {"prefix": args.prefix}
    try:
        if args.source:
            options = options_mod.validate({"sources": list(args.source)} | flags, base=Path.cwd())
        elif config is not None:
            options = options_from_mkdocs_yml(config, flags)
        else:
            print("no mkdocs.yml here: give --config or --source", file=sys.stderr)
            return 2
    except OptionsError as exc:
        print(exc, file=sys.stderr)
        return 2
    site, written = write_pages(options, args.out_dir)
    findings = site.catalog.all_diagnostics()
    for d in findings:
        where = f"{d.source}:{d.line}" if d.line else d.source
        print(terminal_text(f"{where}: {d.severity}: {d.message}"), file=sys.stderr)
    print(
        f"wrote {len(written)} files for {len(site.catalog.agents)} agents into {args.out_dir} "
        f"({len(findings)} findings). For MkDocs, add to mkdocs.yml:\n\n{host_config(site)}"
    )
    serious = [d for d in findings if d.severity in ("error", "warning")]
    return 1 if args.strict and serious else 0
