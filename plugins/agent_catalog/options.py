"""One set of options for every front end, validated once by the same rules.

The plugin's entry in `mkdocs.yml`, the same entry read by `build-pages --config`, and the
command line's flags all become an :class:`Options` through :func:`validate`: the option
classes of `config.py` check each value (MkDocs' own messages), and the user's tool and area
tables are checked here. A wrong or unknown option is therefore the same clear error whichever
front end meets it. The site-wide settings (`site_name`, `site_url`, ...) come from the
host's configuration beside the plugin's entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .analysis import AnalysisOptions
from .analysis.areas import Taxonomy
from .analysis.capabilities import ToolTable
from .config import AgentCatalogConfig

PLUGIN_NAME = "agent-catalog"
SITE_KEYS = ("site_name", "site_url", "site_description", "repo_url", "use_directory_urls")
"""The host's own settings the catalog uses, read beside the plugin's entry."""


class OptionsError(ValueError):
    """A configuration mistake: the message names the option and says what is wrong."""


@dataclass(frozen=True)
class Options:
    """What the pipeline needs to know, whichever front end asked (see `config.py`)."""

    base: Path
    """The folder sources are relative to (the folder of mkdocs.yml, or the working folder)."""
    sources: tuple[str, ...] = (".claude/agents",)
    include: tuple[str, ...] = ("*.md", "*.mdc", "*.toml")
    exclude: tuple[str, ...] = ()
    formats: Mapping[str, str] = field(default_factory=dict)
    kinds: Mapping[str, str] = field(default_factory=dict)
    """Source -> `agent`, `skill` or `command` (`catalog/load.KindFinder`)."""
    prefix: str = ""
    """Folder (relative to the docs root, no slashes around it) of every generated page."""
    custom_templates: str | None = None
    """Absolute path of the user's template folder, if any."""
    allow_html: bool = False
    source_url: str | None = None
    """Format string with `{path}` for links to sources, already derived from `repo_url`."""
    nav_title: str = "Agent catalog"
    search: str = "pagefind"
    """`pagefind` or `material` (`publish/search_index.py`; the MkDocs hosts only)."""
    log_levels: Mapping[str, str] = field(
        default_factory=lambda: {"error": "warning", "warning": "warning", "info": "info"}
    )
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)
    site_name: str = "Agent catalog"
    site_url: str | None = None
    site_description: str | None = None
    use_directory_urls: bool = True


def validate(
    entry: Mapping[str, Any] | None,
    *,
    base: Path,
    config_file: Path | None = None,
    site: Mapping[str, Any] | None = None,
) -> Options:
    """The plugin's options from its `mkdocs.yml` entry (or flags given as one), checked.

    `site` holds the host's own settings (`site_name`, `site_url`, `site_description`,
    `repo_url`, `use_directory_urls`). Raises :class:`OptionsError` with every mistake found.
    """
    config = AgentCatalogConfig(config_file_path=str(config_file) if config_file else None)
    config.load_dict(dict(entry or {}))
    errors, warnings = config.validate()
    problems = [f"option '{k}': {e}" for k, e in errors]
    problems += [f"option '{k}': {w}" for k, w in warnings]
    if problems:
        raise OptionsError(f"{PLUGIN_NAME}: " + "; ".join(problems))
    return from_config(config, base=base, site=site)


def from_config(
    config: AgentCatalogConfig, *, base: Path, site: Mapping[str, Any] | None = None
) -> Options:
    """Options from an already validated `AgentCatalogConfig` (the plugin's `self.config`)."""
    site = site or {}
    analysis = AnalysisOptions(
        tool_classes=config.tool_classes,
        areas=config.areas,
        replace_areas=config.replace_areas,
        related_count=config.related_count,
    )
    try:  # a bad table entry is the user's configuration mistake: say which
        ToolTable.load(analysis.tool_classes)
        Taxonomy.load(analysis.areas, analysis.replace_areas)
    except ValueError as exc:
        raise OptionsError(f"{PLUGIN_NAME}: {exc}") from exc
    templates = config.custom_templates
    return Options(
        base=base,
        sources=tuple(config.sources),
        include=tuple(config.include),
        exclude=tuple(config.exclude),
        formats=dict(config.formats),
        kinds=dict(config.kinds),
        prefix=config.prefix.strip("/"),
        custom_templates=str((base / templates).resolve()) if templates else None,
        allow_html=config.allow_html,
        source_url=source_url(config.source_url, site.get("repo_url"), config.source_branch),
        nav_title=config.nav_title,
        search=config.search,
        log_levels=dict(config.log_levels),
        analysis=analysis,
        site_name=str(site.get("site_name") or "Agent catalog"),
        site_url=site.get("site_url") or None,
        site_description=site.get("site_description") or None,
        use_directory_urls=bool(site.get("use_directory_urls", True)),
    )


def source_url(configured: str | None, repo_url: str | None, branch: str) -> str | None:
    """The link rule for sources: the configured one, else the file in `repo_url`'s branch."""
    if configured:
        return configured
    if repo_url:
        return f"{str(repo_url).rstrip('/')}/blob/{branch}/{{path}}"
    return None
