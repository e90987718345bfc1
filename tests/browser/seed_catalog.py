"""What the built seed catalog promises, read from its own `agents.json` (the public interface),
so the browser and link tests check the site against the catalog's data, not against copies."""

from __future__ import annotations

import json
from pathlib import Path


def agents(site: Path) -> list[dict]:
    data = json.loads((site / "agents.json").read_text(encoding="utf-8"))
    assert data["agents"], "the seed catalog has no agents"
    return data["agents"]


def agent_by_source(site: Path, source_prefix: str) -> dict:
    """The agent read from `seeds/<source_prefix>...` (seeds are named 000_..., 001_...)."""
    (found,) = [a for a in agents(site) if Path(a["source"]).name.startswith(source_prefix)]
    return found
