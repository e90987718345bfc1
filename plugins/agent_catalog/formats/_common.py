"""Small rules several formats share: required keys, names taken from the file, unknown keys."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ..model import Agent
from ..text import value_text


def present(meta: dict[str, Any], key: str) -> bool:
    value = meta.get(key)
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def require(
    agent: Agent, meta: dict[str, Any], lines: dict[str, int], key: str, tool: str, fix: str
) -> bool:
    """An `error` when `key` is missing or empty: the tool does not load the agent without it."""
    if present(meta, key):
        return True
    agent.diag(
        "error",
        f"{agent.format}-{key.replace('_', '-')}-missing",
        f"`{key}` is missing or empty; {tool} requires it and does not load the agent without it",
        fix,
        lines.get(key, 1),
    )
    return False


def file_stem(source: str, suffixes: tuple[str, ...]) -> str:
    """The file name without the first matching suffix (`x.agent.md` -> `x`)."""
    name = PurePosixPath(source).name
    lower = name.lower()
    for suffix in suffixes:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def name_from_file(agent: Agent, stem: str) -> None:
    """For formats where the file name is the agent's name (OpenCode, Cursor)."""
    declared = agent.metadata.get("name")
    agent.name = stem
    agent.name_from = "filename"
    if present(agent.metadata, "name") and str(declared).strip() != stem:
        agent.settings["display_name"] = str(declared).strip()


def as_text(value: Any) -> str:
    return value_text(value).strip()


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def check_temperature(
    agent: Agent, meta: dict[str, Any], lines: dict[str, int], high: float, tool: str
) -> None:
    if "temperature" not in meta:
        return
    value = as_number(meta["temperature"])
    if value is None or not 0 <= value <= high:
        agent.diag(
            "warning",
            f"{agent.format}-temperature",
            f"`temperature: {meta['temperature']}` is not a number between 0 and {high:g}; "
            f"{tool} rejects or ignores it",
            f"write a number between 0 and {high:g}, e.g. `temperature: 0.2`",
            lines.get("temperature"),
        )
        return
    agent.settings["temperature"] = value
