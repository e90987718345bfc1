"""Where compiled templates (the package's, and a `custom_templates` folder's) are kept
between builds, so a build does not recompile them.

Compiling the ten shipped templates costs about 0.3 s of CPU, on every `mkdocs build` (each is a
new process): at 100 agents that was a third of the plugin's own work. Jinja can keep the compiled
code (a marshalled code object per template, checked against the source's hash and Python's
version) in a folder: this is that folder, under the user's cache directory
(`$XDG_CACHE_HOME/agent-catalog/`, else `~/.cache/agent-catalog/`), named for the Jinja and Python
versions so an upgrade never loads code compiled for another, with one subfolder per set of
compile options (`package_cache`). `AGENT_CATALOG_CACHE_DIR` names
another folder; setting it to an empty string turns the cache off.

A cache must never break a build: a folder that cannot be created or written, or a file that is
truncated or garbled, only means the template is compiled as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

ENV_VAR = "AGENT_CATALOG_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder for compiled templates; None when the user turned the cache off."""
    override = os.environ.get(ENV_VAR)
    if override is not None:
        base = Path(override) if override.strip() else None
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        try:
            home = Path(xdg) if xdg else Path.home() / ".cache"
        except RuntimeError:  # no HOME and no password entry (some containers): no cache
            return None
        base = home / "agent-catalog"
    if base is None:
        return None
    version = f"jinja-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"
    return base / "templates" / version


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache, made failure-proof: every error reading or writing is a cache miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a garbled cache file is a miss, never a failure
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # read-only home, full disk: the next build compiles again


def package_cache(options: str) -> TemplateCache | None:
    """The cache for an environment whose compile-time options (autoescape, whitespace control,
    extensions...) `options` describes: Jinja's cache keys hold only the template's name and
    source, and code compiled under other options must never be loaded, so each set of options
    gets its own folder."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(options.encode("utf-8")).hexdigest()[:12]
    return TemplateCache(str(folder / digest), "%s.jinja")
