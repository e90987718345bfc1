"""What docs/publish.md promises about `--strict`: a team's catalog of sound agent files builds,
one broken file fails the build (so it blocks the deploy) and the log says which file and why;
and this repository's deliberately broken seeds would fail it, which is why its own workflow
builds without `--strict`."""

from __future__ import annotations

import re

from conftest import REPO, make_project, mkdocs_build

SOUND = """\
---
name: code-reviewer
description: Reviews a change for bugs and missing tests before it is merged.
tools: Read, Grep, Glob
model: sonnet
---
# Code reviewer

Read the diff, then the tests.
"""

BROKEN = """\
---
name: release-notes
description: Writes release notes. Triggers on: a tag being pushed
tools: Read
---
Summarise the merged pull requests.
"""


def test_a_sound_catalog_builds_with_strict_and_one_broken_file_blocks_it(tmp_path):
    project = make_project(tmp_path / "team", agents={"code-reviewer.md": SOUND})
    assert mkdocs_build(project, "--strict", check=False).returncode == 0

    (project / "agents" / "release-notes.md").write_text(BROKEN, encoding="utf-8")
    proc = mkdocs_build(project, "--strict", check=False)
    assert proc.returncode != 0, "a broken agent file must fail a --strict build"
    assert "agents/release-notes.md" in proc.stderr
    # Without --strict the same catalog still builds, the broken agent included.
    proc = mkdocs_build(project, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (project / "site" / "agents" / "release-notes" / "index.html").is_file()


def test_the_seed_catalog_fails_a_strict_build_on_purpose(tmp_path):
    proc = mkdocs_build(REPO, "--strict", "--site-dir", str(tmp_path / "site"), check=False)
    assert proc.returncode != 0
    assert "seeds/000_" in proc.stderr  # the flattened seed is one of the reasons


def test_the_strict_build_of_this_repository_fails_only_on_the_seeds(tmp_path):
    """Everything else in this repository's site (its docs' links, nav, pages) is clean, so a
    real mistake is not drowned in the seeds' intended findings: every warning of the strict
    build is an agent_catalog finding in a seed file."""
    proc = mkdocs_build(REPO, "--strict", "--site-dir", str(tmp_path / "site"), check=False)
    warnings = [ln for ln in proc.stderr.splitlines() if ln.startswith(("WARNING", "ERROR"))]
    assert warnings, "the seeds are broken on purpose"
    seed_finding = re.compile(
        r"^WARNING -  agent_catalog: seeds/\d{3}_\w+\.txt:\d+: (error|warning): "
    )
    others = [ln for ln in warnings if not seed_finding.match(ln)]
    assert others == [], "\n".join(others)
    # the docs may link the files the build writes at the site's root
    assert "agents.json" in (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "agents.json").stat().st_size > 1000
