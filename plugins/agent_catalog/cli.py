"""`agent-catalog`: the command-line front end over the same core as the MkDocs plugin.

Each subcommand is a small function registered in :data:`COMMANDS` with the function that
declares its arguments; `main()` builds the parser from that table. The work itself lives in
core modules (`checking` for `check`, `build_pages` for `build-pages`, `starter` for `init`),
so the site and the command agree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import build_pages, pipeline, starter
from .catalog.load import DEFAULT_INCLUDE
from .checks import report as checking
from .formats import FORMATS
from .options import OptionsError
from .publish import export
from .site.escaping import terminal_text


@dataclass(frozen=True)
class Command:
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# --------------------------------------------------------------------------- check


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="agent files or folders to check")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one `path:line: severity: message` line per finding (default); json",
    )
    _file_arguments(p, fail_on="error")


def _file_arguments(p: argparse.ArgumentParser, fail_on: str) -> None:
    """The options `check` and `export` share: the exit threshold and which files to read."""
    p.add_argument(
        "--fail-on",
        choices=checking.FAIL_ON,
        default=fail_on,
        help=f"exit with status 1 when a finding is at least this severe (default: {fail_on})",
    )
    p.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"file names to read in folders (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="file names to leave out"
    )


def _check(args: argparse.Namespace) -> int:
    report = checking.check_paths(args.paths, include=args.include, exclude=args.exclude)
    if args.format == "json":
        sys.stdout.write(checking.format_json(report))
    else:
        sys.stdout.write(checking.format_text(report))
    return 1 if report.reaches(args.fail_on) else 0


# --------------------------------------------------------------------------- export


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="agent files or folders to export")
    p.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json: the agents.json document (default); csv: one row per agent",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--agent-format",
        choices=FORMATS,
        help="read every file as this tool's format instead of detecting it",
    )
    _file_arguments(p, fail_on="never")


def _export(args: argparse.Namespace) -> int:
    formats = {p: args.agent_format for p in args.paths} if args.agent_format else None
    try:
        site = pipeline.export_site(args.paths, Path.cwd(), formats, args.include, args.exclude)
    except OptionsError as exc:
        print(exc, file=sys.stderr)
        return 2
    catalog = site.catalog
    text = export.export_text(site.document, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    for d in catalog.diagnostics:  # a path that matches nothing: not in a CSV, so say it here
        print(terminal_text(f"{d.source}: {d.severity}: {d.message}"), file=sys.stderr)
    report = checking.collect(catalog)
    if report.reaches(args.fail_on):
        print(checking.format_text(report).rstrip("\n").split("\n")[-1], file=sys.stderr)
        return 1
    return 0


COMMANDS: dict[str, Command] = {
    "init": Command(starter.HELP, starter.arguments, starter.run),
    "check": Command(
        "check agent files with the catalog's rules, without building a site",
        _check_arguments,
        _check,
    ),
    "build-pages": Command(build_pages.HELP, build_pages.arguments, build_pages.run),
    "export": Command(
        "print the catalog's data (as in agents.json, or CSV) without building a site",
        _export_arguments,
        _export,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-catalog",
        description="Read AI agent definitions (Claude Code subagents and more), check them, "
        "and publish them as a catalog.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, cmd in COMMANDS.items():
        p = sub.add_parser(name, help=cmd.help, description=cmd.help)
        cmd.arguments(p)
        p.set_defaults(run=cmd.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
