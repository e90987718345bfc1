"""`agent-catalog export PATH... --format json|csv`: the catalog's data without building a site.

The same records as the site's `agents.json` (page URLs as a default build would place them),
for scripts, spreadsheets and CI checks. Kept apart from `cli.py` so the command line's other
subcommands and this one can grow independently; `cli.py` only registers it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import export_document, export_text
from .formats import FORMATS


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "export",
        help="print the catalog as JSON (like agents.json) or CSV, without building a site",
        description="Read agent files and folders and print the catalog's data.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="agent files, folders or globs")
    p.add_argument(
        "--format",
        dest="output_format",
        choices=("json", "csv"),
        default="json",
        help="output format (default: json)",
    )
    p.add_argument(
        "--agent-format",
        dest="agent_format",
        choices=FORMATS,
        help="read every file as this tool's format instead of detecting it",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when any file has an error-level finding",
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    formats = {p: args.agent_format for p in args.paths} if args.agent_format else None
    document = export_document(list(args.paths), Path.cwd(), formats)
    text = export_text(document, args.output_format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    for d in document["diagnostics"]:
        print(f"{d['source']}: {d['severity']}: {d['message']}", file=sys.stderr)
    errors = sum(d["severity"] == "error" for d in document["diagnostics"]) + sum(
        d["severity"] == "error" for a in document["agents"] for d in a["diagnostics"]
    )
    if args.strict and errors:
        print(f"{errors} error-level finding(s); see the `diagnostics` fields", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (`python -m agent_catalog.cli_export`), until `cli.py` registers it."""
    parser = argparse.ArgumentParser(prog="agent-catalog")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
