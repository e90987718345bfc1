"""`agents.json`: the machine-readable catalog other tools rely on.

Its field names are a public interface: extend, never rename. `url` is relative to the site
root; `tools` is null when the file sets none (the agent inherits all tools); `metadata` holds
every frontmatter key as read.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
import re
from pathlib import Path
from typing import Any

from ..catalog.load import preloaded_by
from ..model import Agent, Catalog, Command, Item, Skill
from ..site.escaping import terminal_text
from .plugin_records import plugin_record
from .raw_files import install_path, raw_url

SCHEMA_VERSION = 1
SCHEMA_FILE = "agents.schema.json"
SITE_FILES = ("agents.json", SCHEMA_FILE, "llms.txt")
"""What a build writes at the site's root besides pages: a docs page may link them."""
"""Written beside agents.json at the site root; the packaged copy lives in `data/`."""


def schema_path() -> Path:
    return Path(__file__).parent.parent / "data" / SCHEMA_FILE


def agent_record(agent: Agent, url: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": agent.name,
        "slug": agent.slug,
        "url": url,
        "source": agent.source,
        "description": agent.description,
        "model": agent.model,
        "tools": agent.tools,
        "metadata": _jsonable(agent.metadata),
        "diagnostics": [d.as_dict() for d in agent.diagnostics],
        "format": agent.format,
        "summary": agent.summary,
        "intro": agent.intro,
        "examples": [e.as_dict() for e in agent.examples],
        "color": agent.color,
        "disallowed_tools": agent.disallowed_tools,
        "inherits_all_tools": agent.tools is None,
        "name_from": agent.name_from,
        "settings": _jsonable(agent.settings),
        "raw_url": raw_url(agent),
        "install_path": install_path(agent),
    }
    if agent.tools_wildcard:
        record["tools_wildcard"] = True
    if agent.format_detected_by:
        record["format_detected_by"] = agent.format_detected_by
    for key, value in agent.analysis.items():
        if key.startswith("_") or key in record:
            continue
        record[key] = _jsonable(value)
    return record


def item_record(item: Item, url: str) -> dict[str, Any]:
    """A skill or a command: the fields every entry has (as agents' records name them), then
    its own."""
    record: dict[str, Any] = {
        "name": item.name,
        "slug": item.slug,
        "url": url,
        "source": item.source,
        "description": item.description,
        "metadata": _jsonable(item.metadata),
        "diagnostics": [d.as_dict() for d in item.diagnostics],
        "summary": item.summary,
        "description_from": item.description_from,
        "name_from": item.name_from,
        "allowed_tools": item.allowed_tools,
        "model": item.model,
        "plugin": item.settings.get("plugin"),
    }
    if isinstance(item, Skill):
        record |= {
            "folder": item.folder,
            "files": list(item.files),
            "body_lines": item.body_lines,
            "body_tokens": item.body_tokens,
            "preloaded_by": [],
        }
    elif isinstance(item, Command):
        record |= {
            "command": item.invocation,
            "argument_hint": item.argument_hint,
            "namespace": item.namespace,
        }
    return record


def catalog_document(
    catalog: Catalog,
    urls: dict[int, str],
    item_urls: dict[int, str] | None = None,
    plugin_urls: dict[str, str] | None = None,
    records: dict[str, tuple[Agent, str, dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The `agents.json` document. `item_urls`: id(skill or command) -> page URL (without it,
    as before skills and commands had pages, their arrays are left out); `plugin_urls`: plugin
    slug -> page URL (without it, or without plugins, no `plugins` array). `records` (source ->
    (agent, url, record), kept from the previous build by `pipeline.BuildCache`): an agent
    equal to the one recorded there, at the same URL, gets the same record (the same value
    `agent_record` returns); it is updated."""
    agents = sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source))
    out = []
    kept = {}
    for a in agents:
        url = urls[id(a)]
        prev = records.get(a.source) if records is not None else None
        if prev is not None and prev[1] == url and prev[0] == a:
            record = prev[2]
        else:
            record = agent_record(a, url)
        kept[a.source] = (a, url, record)
        out.append(record)
    if records is not None:
        records.clear()
        records.update(kept)
    document: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "agents": out,
        "skipped": [
            {
                "source": s.source,
                "reason": s.reason,
                "diagnostics": [d.as_dict() for d in s.diagnostics],
            }
            for s in catalog.skipped
        ],
        "diagnostics": [d.as_dict() | {"source": d.source} for d in catalog.diagnostics]
        + [d.as_dict() | {"source": d.source} for m in catalog.marketplaces for d in m.diagnostics],
    }
    if catalog.plugins and plugin_urls is not None:
        document["plugins"] = [
            plugin_record(p, plugin_urls[p.slug], _jsonable)
            for p in sorted(catalog.plugins, key=lambda p: (p.name.lower(), p.slug))
        ]
    if item_urls is None:
        return document
    preloads = preloaded_by(catalog)
    for key, items in (("skills", catalog.skills), ("commands", catalog.commands)):
        records = []
        for i in sorted(items, key=lambda i: (i.name.lower(), i.source)):
            record = item_record(i, item_urls[id(i)])
            if "preloaded_by" in record:
                record["preloaded_by"] = [a.slug for a in preloads.get(id(i), [])]
            records.append(record)
        document[key] = records
    return document


def dumps(document: Any, compact: bool = False) -> str:
    """JSON text of the document: every JSON file and output of the catalog goes through here.

    Strict JSON (`allow_nan=False`): browsers' `JSON.parse` rejects `NaN` and `Infinity`, so a
    non-finite number is written as its source text (the readers keep it so, with a finding;
    `_jsonable` is the net for any other). C1 control characters and the Unicode line
    separators are written as `\\u` escapes, so the JSON is safe to print on a terminal and
    to embed in a script (json already escapes C0 controls). `compact` for the site's file:
    no indentation, which makes it 30% smaller and lets `json` use its C encoder; the `export`
    command indents, for people reading it."""
    try:
        text = _strict(document, compact)
    except ValueError:  # a non-finite float the readers did not catch: written as text
        text = _strict(_jsonable(document), compact)
    return _escape_c1(text)


def dumps_site(
    document: dict[str, Any], texts: dict[int, tuple[dict, bytes]] | None = None
) -> bytes:
    """`dumps(document, compact=True)` of the `agents.json` document as the UTF-8 bytes the
    site publishes, with the bytes of each agent record that is the very record of the
    previous build taken from `texts` (record id -> (record, bytes); `pipeline.BuildCache`
    keeps it, and it is updated). Compact JSON of a list is its items' texts joined by commas,
    so the result is the same text (each kept with its C1 characters escaped, as `dumps`
    escapes the whole). Kept and joined as bytes: joining and encoding the whole file's text
    again on every rebuild cost more than anything else here at thousands of agents."""
    if texts is None:
        return dumps(document, compact=True).encode("utf-8")
    try:
        parts, kept = [], {}
        for record in document["agents"]:
            prev = texts.get(id(record))
            if prev is not None and prev[0] is record:
                data = prev[1]
            else:  # escaped on its own: the escape replaces single characters
                data = _escape_c1(_strict(record, True)).encode("utf-8")
            kept[id(record)] = (record, data)
            parts.append(data)
        rest = _escape_c1(_strict({**document, "agents": []}, True)).encode("utf-8")
    except ValueError:  # a value `dumps` writes as text: the whole document its way
        return dumps(document, compact=True).encode("utf-8")
    texts.clear()
    texts.update(kept)
    before, empty, after = rest.partition(b'"agents":[]')
    return b"".join([before, b'"agents":[', b",".join(parts), b"]", after])


def _strict(document: Any, compact: bool) -> str:
    if compact:
        return json.dumps(
            document, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False
        )
    return json.dumps(document, ensure_ascii=False, indent=1, default=str, allow_nan=False)


_C1 = re.compile("[\x7f-\x9f\u2028\u2029]")


def _escape_c1(text: str) -> str:
    return _C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) if _C1.search(text) else text


_SCALARS = frozenset({str, int, bool, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _SCALARS:  # most values: return before any isinstance test
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


CSV_COLUMNS = (
    "name",
    "slug",
    "format",
    "source",
    "url",
    "raw_url",
    "install_path",
    "summary",
    "description",
    "model",
    "tools",
    "inherits_all_tools",
    "disallowed_tools",
    "errors",
    "warnings",
    "infos",
)
"""One row per agent. Lists are joined with `; ` (tool specifiers such as `Agent(a, b)` hold
commas); `tools` is empty and `inherits_all_tools` true when the agent inherits all tools."""

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_csv(document: dict[str, Any]) -> str:
    """The agents of an agents.json document as CSV (RFC 4180, header row first).

    Agent text is untrusted: a cell that a spreadsheet would run as a formula (`=...`, `+...`,
    `-...`, `@...`) is prefixed with `'`, as OWASP recommends against CSV injection.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in document["agents"]:
        severities = [d["severity"] for d in r["diagnostics"]]
        row = {
            **r,
            "tools": "; ".join(r["tools"] or []),
            "disallowed_tools": "; ".join(r.get("disallowed_tools") or []),
            "inherits_all_tools": "true" if r["tools"] is None else "false",
            "errors": severities.count("error"),
            "warnings": severities.count("warning"),
            "infos": severities.count("info"),
        }
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: Any) -> str:
    """A cell: a formula-like start defused; control characters other than a line break shown
    as escapes (`\\x1b`), so CSV printed on a terminal cannot drive it (as `check` output)."""
    text = "" if value is None else str(value)
    if _CONTROL_BUT_NEWLINE.search(text):
        text = "\n".join(terminal_text(part) for part in text.split("\n"))
    return "'" + text if text.startswith(_FORMULA) else text


_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def export_text(document: dict[str, Any], output: str = "json") -> str:
    return to_csv(document) if output == "csv" else dumps(document) + "\n"
