"""Every agent's source file, published verbatim, and the command that installs it.

A reader who likes an agent wants the file itself, byte for byte, in the folder its tool reads.
The site therefore carries a copy of each source at `raw/<slug>/<file name>`: the slug is the
catalog's own safe, unique slug, and the file name is the source's, reduced to safe characters
(never the agent's `name`). Only text extensions that no host renders are published as they
are; any other file gets `.txt` appended, so a source can never become a live page on the site:
not an `.html` file, and not a Markdown file that a host building the `build-pages` output
(MkDocs, Zensical) would render as a page of its own, the agent's raw HTML and all. The MkDocs
plugin, which writes the copies itself after the build, also keeps each Markdown copy at its
earlier address (`raw/<slug>/<file>.md`, `legacy_raw_url`), so install commands people copied
before keep working.
"""

from __future__ import annotations

import functools
import re
import shlex
from pathlib import PurePosixPath

from ..formats import INFO
from ..formats._common import file_stem
from ..model import Agent

RAW_DIR = "raw"
SAFE_EXTENSIONS = (".md", ".mdc", ".toml", ".txt", ".markdown", ".yaml", ".yml")
PAGE_EXTENSIONS = (".md", ".markdown")
"""Of those, the ones a Markdown host renders as pages: their copies get `.txt` appended."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@functools.lru_cache(maxsize=1 << 16)  # every build asks again for every agent
def source_file_name(source: str) -> str:
    """The source's file name in `[A-Za-z0-9._-]`, not hidden, with a text extension."""
    name = _UNSAFE.sub("-", PurePosixPath(source).name).strip("-")
    name = name.lstrip(".") or "agent.md"
    if not name.lower().endswith(SAFE_EXTENSIONS):
        name += ".txt"
    return name[-120:] if len(name) > 120 else name


@functools.lru_cache(maxsize=1 << 16)
def safe_file_name(source: str) -> str:
    """The published copy's file name: `source_file_name`, with `.txt` after a Markdown one."""
    name = source_file_name(source)
    return name + ".txt" if name.lower().endswith(PAGE_EXTENSIONS) else name


def raw_url(agent: Agent) -> str:
    """Site-relative URL of the agent's verbatim source: `raw/<slug>/<file>`."""
    return f"{RAW_DIR}/{agent.slug}/{safe_file_name(agent.source)}"


def legacy_raw_url(agent: Agent) -> str | None:
    """The copy's earlier address, when it differs (a Markdown file: `raw/<slug>/<file>.md`)."""
    old = f"{RAW_DIR}/{agent.slug}/{source_file_name(agent.source)}"
    return old if old != raw_url(agent) else None


_ENDINGS = (".agent.md", ".chatmode.md", ".markdown", ".md", ".mdc", ".toml", ".txt")


def install_path(agent: Agent) -> str:
    """Where the file goes in a project for the agent's tool (`.claude/agents/x.md`, ...):
    the source's safe file name, with the ending that tool reads (`.agent.md`, `.mdc`, ...)."""
    info = INFO[agent.format]
    stem = file_stem(source_file_name(agent.source), _ENDINGS)
    return f"{info.install_dir}/{stem}{info.extension}"


def install_command(agent: Agent, site_url: str | None) -> str:
    """A shell command that downloads the verbatim file into the right folder.

    With no `site_url` configured the command starts from `$SITE`, which the reader sets.
    """
    target = install_path(agent)
    base = (site_url or "").rstrip("/")
    url = f"{base}/{raw_url(agent)}" if base else f"$SITE/{raw_url(agent)}"
    folder = target.rsplit("/", 1)[0]
    quoted_url = shlex.quote(url) if base else f'"{url}"'
    return f"mkdir -p {folder} && curl -fsSL -o {shlex.quote(target)} {quoted_url}"


def collect(agents: list[Agent]) -> dict[str, bytes]:
    """Each agent's source file, unchanged, by its site path `raw/<slug>/<file>`.

    A source that vanished since it was read is left out (its page then shows no download
    link) rather than failing the build.
    """
    out: dict[str, bytes] = {}
    for agent in agents:
        try:
            out[raw_url(agent)] = agent.path.read_bytes()
        except OSError:
            continue
    return out


def legacy(agents: list[Agent], raw: dict[str, bytes]) -> dict[str, bytes]:
    """The same bytes at each copy's earlier address (`legacy_raw_url`), for the hosts that
    write them as files, never as pages (the MkDocs plugin)."""
    out: dict[str, bytes] = {}
    for agent in agents:
        old = legacy_raw_url(agent)
        if old is not None and raw_url(agent) in raw:
            out[old] = raw[raw_url(agent)]
    return out
