"""URL slugs for agent pages: safe, bounded, unique and stable.

A name never chooses a path: it is reduced to `[a-z0-9-]`, at most `MAX_LEN` characters. A slug
depends only on the agent's own name and path: an agent whose base slug is not shared gets it
plain (`agents/tech-backend/`); agents whose names reduce to the same base each get the base plus
a short hash of their own source path (`agents/backend-architect-1a2b3c4d/`), and the plain slug
becomes the page that compares them. Page URLs are a public interface, and install commands
people copied fetch `raw/<slug>/`: so plain and hashed slugs live in namespaces that cannot meet
(a plain slug never ends like a hashed one), and no new file can take an existing address.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from typing import Any

from ..model import Agent

MAX_LEN = 64
_REPLACEMENTS = {"#": "sharp", "+": "plus", "&": "and", "@": "at"}


@functools.lru_cache(maxsize=1 << 16)  # twice per agent per build; names rarely change
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


@functools.lru_cache(maxsize=1 << 16)
def path_hash(source: str, length: int = 8) -> str:
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:length]


_DEVICES = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
RESERVED = {"index"} | _DEVICES
"""Slugs that cannot name a page folder: `index` (the catalog home) and the device names that
Windows refuses as file or folder names (a site built there would fail on `agents/con/`)."""
HASHED = re.compile(r"-[0-9a-f]{8}$")
"""The shape of a hashed slug's end. Only hashed slugs have it: a plain slug of that shape gets
`-agent` appended (`base_slug`), so no name can take another agent's hashed address."""
_LONG_HASH = 16


def base_slug(name: str) -> str:
    """The slug an agent's name gives before variants are told apart: never reserved, and
    never of a hashed slug's shape (`reviewer-c5fa5d14` becomes `reviewer-c5fa5d14-agent`)."""
    base = slugify(name) or "agent"
    if base in RESERVED or HASHED.search(base):
        base = f"{base[: MAX_LEN - 6].rstrip('-')}-agent"
    return base


def _hashed(base: str, source: str, length: int) -> str:
    return f"{base[: MAX_LEN - length - 1].rstrip('-')}-{path_hash(source, length)}"


def assign_slugs(agents: list[Any], prefix: str = "agents") -> dict[str, list[Any]]:
    """Set `agent.slug` for every agent; return the groups of agents sharing a base slug.

    Skills and commands take their slugs by the same rules, each kind among its own
    (`prefix`: `skills`, `commands`), since each has its own URL prefix: a skill and an agent
    of one name never meet.

    Two namespaces that cannot meet: plain slugs (an agent alone with its base) never end in
    `-` and eight hex digits; hashed slugs (agents sharing a base: the base, `-`, the first 8
    hex digits of the SHA-1 of the agent's own source path) always do. A slug therefore
    depends only on the agent's own name and path, and on whether another agent shares its
    base. Two hashed slugs can only meet by a hash collision (a path crafted to collide):
    then neither keeps the contested address, both take a 16-digit hash, and both get a
    `slug-collision` finding.
    """
    groups: dict[str, list[Agent]] = defaultdict(list)
    for a in agents:
        groups[base_slug(a.name)].append(a)
    shared: dict[str, list[Agent]] = {}
    hashed: dict[str, list[Agent]] = defaultdict(list)
    for base, members in groups.items():
        if len(members) == 1:
            members[0].slug = base
            continue
        shared[base] = sorted(members, key=lambda a: a.source)
        for a in members:
            a.slug = _hashed(base, a.source, 8)
            hashed[a.slug].append(a)
    for slug, members in hashed.items():
        if len(members) < 2:
            continue
        for a in members:
            a.slug = _hashed(base_slug(a.name), a.source, _LONG_HASH)
            a.diag(
                "warning",
                "slug-collision",
                f"this file's page address `{prefix}/{slug}/` is also another file's (their "
                "paths' hashes collide); neither keeps it, this one is "
                f"`{prefix}/{a.slug}/`",
                "rename one of the files (a path crafted to collide is an attempt to take "
                "another agent's page)",
                a.key_lines.get("name"),
            )
    for a in agents:
        if HASHED.search(slugify(a.name)):
            a.diag(
                "warning",
                "name-like-hashed-slug",
                f"the name `{a.name}` ends like the catalog's hashed page addresses "
                f"(`-` and 8 hex digits); its page is `{prefix}/{a.slug}/`, so that no name can "
                "take the address of an agent whose name is shared",
                "choose a name that does not end in `-` and eight hexadecimal digits",
                a.key_lines.get("name"),
            )
    # last resort (two 16-digit hashes equal, or a slug equal to a variants page): never
    # give one address twice
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
