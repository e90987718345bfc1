"""`agent-catalog`: the command-line front end over the same core as the MkDocs plugin.

Each subcommand is a small function registered in :data:`COMMANDS` with the function that
declares its arguments; `main()` builds the parser from that table. The work itself lives in
core modules (`checking` for `check`), so the site and the command agree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass

from . import checking
from .catalog import DEFAULT_INCLUDE


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
    p.add_argument(
        "--fail-on",
        choices=checking.FAIL_ON,
        default="error",
        help="exit with status 1 when a finding is at least this severe (default: error)",
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


COMMANDS: dict[str, Command] = {
    "check": Command(
        "check agent files with the catalog's rules, without building a site",
        _check_arguments,
        _check,
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
