"""The plugin's options, validated by MkDocs' own config classes (a wrong type fails at load)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .formats import FORMATS


class LogLevels(base.Config):
    """At which MkDocs log level each severity of finding is reported.

    `warning` makes `mkdocs build --strict` fail on it; `info` and `debug` never do.
    """

    error = c.Choice(("warning", "info", "debug"), default="warning")
    warning = c.Choice(("warning", "info", "debug"), default="warning")
    info = c.Choice(("warning", "info", "debug"), default="info")


class AgentCatalogConfig(base.Config):
    sources = c.ListOfItems(c.Type(str), default=[".claude/agents"])
    """Folders, files or glob patterns, relative to the folder of mkdocs.yml."""
    include = c.ListOfItems(c.Type(str), default=["*.md", "*.mdc", "*.toml"])
    """File-name patterns that count as agent files inside the source folders."""
    exclude = c.ListOfItems(c.Type(str), default=[])
    """File-name or path patterns to leave out."""
    formats = c.DictOfItems(c.Choice(FORMATS), default={})
    """Source -> agent format, for folders whose location does not say which tool they are
    for (e.g. `vendor/agents: gemini`); other files are detected by location and extension."""
    kinds = c.DictOfItems(c.Choice(("agent", "skill", "command")), default={})
    """Source -> what every file in it is (`agent`, `skill`, `command`), for folders whose
    location does not say (`prompts: command`); otherwise `SKILL.md` files are skills,
    Markdown files under `.claude/commands/` or a plugin's `commands/` are commands, and the
    rest are agents (`catalog/load.KindFinder`)."""
    prefix = c.Type(str, default="")
    """Folder under which all catalog pages live (`""`: `agents/...` at the site root)."""
    custom_templates = c.Optional(c.Dir(exists=True))
    """A folder whose templates override the packaged ones of the same name."""
    allow_html = c.Type(bool, default=False)
    """Let raw HTML in agent files through (still sanitised). Only for catalogs you trust."""
    source_url = c.Optional(c.Type(str))
    """Link to each agent's source: a format string with `{path}`. Default: from `repo_url`."""
    source_branch = c.Type(str, default="main")
    """Branch used to build source links from `repo_url`."""
    nav_title = c.Type(str, default="Agent catalog")
    """Title of the navigation section added when the site's nav does not list the catalog."""
    log_levels = c.SubConfig(LogLevels)
    tool_classes = c.Type(dict, default={})
    """More tool names (or glob patterns) and their capability class, e.g. `{MyTool: execute}`;
    they extend and override the shipped table (`data/tool_classes.yaml`)."""
    areas = c.Type(dict, default={})
    """More areas of work, `{key: {label: ..., terms: [...]}}`, added to (or overriding) the
    shipped taxonomy (`data/areas.yaml`)."""
    replace_areas = c.Type(bool, default=False)
    """Use only the areas given in `areas`, not the shipped ones."""
    related_count = c.Type(int, default=5)
    """How many related agents each agent page lists (0: none)."""
    watch = c.Choice(("events", "polling"), default="events")
    """How `mkdocs serve` sees the sources change: `events`, the operating system's file events
    (`source_watch.py`); `polling`, MkDocs' own watch, which lists every file twice a second,
    for folders native events do not reach (some network drives, container mounts)."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """`pagefind`: Material's search box answers from a Pagefind index loaded in chunks
    (`publish/search_index.py`); `material`: Material's stock search, untouched."""
