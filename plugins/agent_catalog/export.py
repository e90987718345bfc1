"""`agents.json`: the machine-readable catalog other tools rely on.

Its field names are a public interface: extend, never rename. `url` is relative to the site
root; `tools` is null when the file sets none (the agent inherits all tools); `metadata` holds
every frontmatter key as read.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

from .model import Agent, Catalog
from .raw_files import install_path, raw_url

SCHEMA_VERSION = 1
SCHEMA_FILE = "agents.schema.json"
"""Written beside agents.json at the site root; the packaged copy lives in `data/`."""


def schema_path() -> Path:
    return Path(__file__).parent / "data" / SCHEMA_FILE


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
    for key, value in agent.analysis.items():
        if key.startswith("_") or key in record:
            continue
        record[key] = _jsonable(value)
    return record


def catalog_document(catalog: Catalog, urls: dict[int, str]) -> dict[str, Any]:
    agents = sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source))
    return {
        "version": SCHEMA_VERSION,
        "agents": [agent_record(a, urls[id(a)]) for a in agents],
        "skipped": [
            {
                "source": s.source,
                "reason": s.reason,
                "diagnostics": [d.as_dict() for d in s.diagnostics],
            }
            for s in catalog.skipped
        ],
        "diagnostics": [d.as_dict() | {"source": d.source} for d in catalog.diagnostics],
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
