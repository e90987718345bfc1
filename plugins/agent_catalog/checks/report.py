"""Findings of a catalog, in one order and one shape, for every front end that shows them.

`agent-catalog check` and the site's health page both take their findings from here, so they
cannot disagree: the same files are found (`catalog.find_files`), read (`reader`), judged
(`rules` via `catalog.finalise`), then sorted and counted by :func:`collect`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.load import load_catalog
from ..model import SEVERITIES, Catalog, Diagnostic
from ..publish.export import dumps
from ..site.escaping import terminal_text

FAIL_ON = ("error", "warning", "info", "never")
_RANK = {sev: n for n, sev in enumerate(SEVERITIES)}


@dataclass
class Report:
    catalog: Catalog
    findings: list[Diagnostic] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(d.severity for d in self.findings)
        return {sev: c.get(sev, 0) for sev in SEVERITIES}

    def reaches(self, fail_on: str) -> bool:
        """True when a finding is at least as severe as `fail_on` (`never`: never)."""
        if fail_on == "never":
            return False
        limit = _RANK[fail_on]
        return any(_RANK.get(d.severity, len(SEVERITIES)) <= limit for d in self.findings)


def _order(d: Diagnostic) -> tuple[Any, ...]:
    return (d.source, d.line or 0, _RANK.get(d.severity, 9), d.rule, d.message)


def collect(catalog: Catalog) -> Report:
    """Every finding of a loaded catalog (agents, skipped files, sources), sorted by file."""
    return Report(catalog, sorted(catalog.all_diagnostics(), key=_order))


def check_paths(
    paths: list[str],
    base: Path | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
) -> Report:
    """Find, read and judge the agent files under `paths` (files or folders)."""
    base = Path.cwd() if base is None else base
    return collect(load_catalog(paths, base, include, exclude))


def format_text(report: Report) -> str:
    """Ruff-style lines: `path:line: severity: message [rule]`, the fix indented below."""
    out = []
    for d in report.findings:
        where = f"{d.source}:{d.line}" if d.line else d.source
        out.append(_one_line(f"{where}: {d.severity}: {d.message} [{d.rule}]"))
        if d.fix:
            out.append(_one_line(f"    fix: {d.fix}"))
    c = report.counts
    cat = report.catalog
    kinds = [_plural(len(cat.agents), "agent")]
    kinds += [
        _plural(len(items), noun)
        for noun, items in (("skill", cat.skills), ("command", cat.commands))
        if items
    ]
    scope = f"{', '.join(kinds)}, {_plural(len(cat.skipped), 'file')} skipped"
    if report.findings:
        counts = ", ".join(
            [_plural(c["error"], "error"), _plural(c["warning"], "warning"), f"{c['info']} info"]
        )
        out.append(f"Found {_plural(len(report.findings), 'finding')} ({counts}) in {scope}.")
    else:
        out.append(f"All checks passed ({scope}).")
    return "\n".join(out) + "\n"


def as_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (`--format json`)."""
    return {
        "findings": [
            {
                "path": d.source,
                "line": d.line,
                "severity": d.severity,
                "rule": d.rule,
                "message": d.message,
                "fix": d.fix,
            }
            for d in report.findings
        ],
        "agents": [{"name": a.name, "path": a.source} for a in report.catalog.agents],
        "skipped": [{"path": s.source, "reason": s.reason} for s in report.catalog.skipped],
        "summary": {**report.counts, "agents": len(report.catalog.agents)},
    }


def format_json(report: Report) -> str:
    return dumps(as_data(report)) + "\n"


def _one_line(text: str) -> str:
    """Agent text is untrusted: no terminal escape sequences, and one finding stays one line
    (editors and CI annotators parse `path:line:`)."""
    return terminal_text(text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
