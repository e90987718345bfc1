"""`agent-catalog`: the command-line front end over the same core as the MkDocs plugin.

Each subcommand lives in its own module with `add_parser(subparsers)` (which sets `run`) and
is listed in `SUBCOMMANDS`; `main` only dispatches.
"""

from __future__ import annotations

import argparse
import sys

from . import build_pages

SUBCOMMANDS = [
    build_pages,  # build-pages OUT_DIR: the pages as Markdown files, for hosts without plugins
]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="agent-catalog", description="Publish AI agent definitions as a catalog site."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
