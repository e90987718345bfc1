"""Under `mkdocs serve` the plugin logs every finding at the first build and, on each rebuild,
only the findings of files whose findings changed, with one line counting the rest (the
README's "Previewing a large catalog"). `mkdocs build` always logs them all."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from conftest import make_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

LOGGER = "mkdocs.plugins.agent_catalog.plugin"

AGENTS = {
    "alpha.md": "---\nname: alpha\ndescription: Reviews pull requests.\n---\nYou are alpha.\n",
    "beta.md": "---\nname: beta\n---\nYou are beta.\n",  # description-missing
    "gamma.md": "---\nname: gamma\n---\nYou are gamma.\n",  # description-missing
}


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _build(project: Path, site: Path, caplog, *, serve: bool) -> list[str]:
    """One build of the project as `mkdocs serve --dirty` (or `mkdocs build`) runs it; the
    plugin's log lines."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve" if serve else "build", dirty=serve)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        build(config, dirty=serve)
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def _findings(lines: list[str]) -> list[str]:
    """The files named by the description-missing findings logged."""
    return sorted(ln.split(": ")[1].split(":")[0] for ln in lines if "no `description`" in ln)


def test_a_rebuild_logs_the_findings_of_changed_files_and_counts_the_rest(tmp_path, caplog):
    project = make_project(tmp_path / "p", AGENTS)
    site = tmp_path / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        first = _build(project, site, caplog, serve=True)
        assert _findings(first) == ["agents/beta.md", "agents/gamma.md"]
        assert not [ln for ln in first if "unchanged files" in ln]

        # gamma's finding changes line (one line more of frontmatter): logged again; beta's not
        _save(project / "agents" / "gamma.md", "---\n# a comment\nname: gamma\n---\nGamma.\n")
        second = _build(project, site, caplog, serve=True)
        assert _findings(second) == ["agents/gamma.md"]
        summary = [ln for ln in second if "unchanged files" in ln]
        assert summary == [
            "agent_catalog: 1 warning in unchanged files (logged at the first build): "
            "see the health page"
        ]

        # an edit that leaves every finding as it was logs none of them, only the count
        _save(project / "agents" / "alpha.md", AGENTS["alpha.md"] + "Edited.\n")
        third = _build(project, site, caplog, serve=True)
        assert _findings(third) == []
        assert [ln for ln in third if "unchanged files" in ln] == [
            "agent_catalog: 2 warnings in unchanged files (logged at the first build): "
            "see the health page"
        ]
    finally:
        config.plugins.on_shutdown()


def test_mkdocs_build_logs_every_finding_each_time(tmp_path, caplog):
    project = make_project(tmp_path / "p", AGENTS)
    for _ in range(2):
        lines = _build(project, tmp_path / "site", caplog, serve=False)
        assert _findings(lines) == ["agents/beta.md", "agents/gamma.md"]
        assert not [ln for ln in lines if "unchanged files" in ln]
