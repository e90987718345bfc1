"""URL slugs for agent pages: safe, bounded, unique and stable.

A name never chooses a path: it is reduced to `[a-z0-9-]`, at most `MAX_LEN` characters. A slug
depends only on the agent's own file, so adding other files never moves an existing page:
an agent whose slug is not shared gets the plain slug (`agents/tech-backend/`); agents whose
names reduce to the same slug each get the slug plus a short hash of their source path
(`agents/backend-architect-1a2b3c4d/`), and the plain slug becomes the page that compares them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from ..model import Agent

MAX_LEN = 64
_REPLACEMENTS = {"#": "sharp", "+": "plus", "&": "and", "@": "at"}


def slugify(text: str, max_len: int = MAX_LEN) -> str:
    if not text.isascii():  # ASCII has nothing to decompose (most names: the walk is skipped)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(?<=\w)([#+])", lambda m: "-" + _REPLACEMENTS[m.group(1)], text)
    text = re.sub(r"[&@]", lambda m: "-" + _REPLACEMENTS[m.group(0)] + "-", text)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-")
    return slug


def path_hash(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:8]


_DEVICES = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
RESERVED = {"index"} | _DEVICES
"""Slugs that cannot name a page folder: `index` (the catalog home) and the device names that
Windows refuses as file or folder names (a site built there would fail on `agents/con/`)."""


def base_slug(name: str) -> str:
    """The slug a name gives an agent that has it alone."""
    base = slugify(name) or "agent"
    return f"{base}-agent" if base in RESERVED else base


def assign_slugs(agents: list[Agent]) -> dict[str, list[Agent]]:
    """Set `agent.slug` for every agent; return the groups of agents sharing a base slug."""
    groups: dict[str, list[Agent]] = defaultdict(list)
    for a in agents:
        groups[base_slug(a.name)].append(a)
    shared: dict[str, list[Agent]] = {}
    for base, members in groups.items():
        if len(members) == 1:
            members[0].slug = base
            continue
        shared[base] = sorted(members, key=lambda a: a.source)
        for a in members:
            a.slug = f"{base[: MAX_LEN - 9].rstrip('-')}-{path_hash(a.source)}"
    # a hashed slug could still collide with another agent's plain slug, in theory: make sure not
    seen: dict[str, Agent] = {}
    for a in sorted(agents, key=lambda a: a.source):
        slug = a.slug
        n = 2
        while slug in seen or slug in shared:
            suffix = f"-{n}"
            slug = a.slug[: MAX_LEN - len(suffix)].rstrip("-") + suffix
            n += 1
        a.slug = slug
        seen[slug] = a
    return shared
