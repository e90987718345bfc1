"""Found by the red team: a repository whose folders an attacker can change (a pull request to a shared
collection) turning a parent of a configured source into a symbolic link. Fails while the
hole is open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build


# Class: path traversal via sources. `catalog/load.py` refuses links *inside* a source folder
# that lead out of it, but not a source whose own path passes through a link: mkdocs.yml names
# `.claude/agents` (trusted), the attacker commits `.claude` as a link to `../private`, and the
# build publishes whatever agent files are there (page, agents.json, raw bytes).
@pytest.mark.parametrize(
    "link, source",
    [(".claude", ".claude/agents"), ("agents", "agents")],
    ids=["parent-of-source", "source-itself"],
)
def test_a_source_reached_through_a_link_out_of_the_project_is_not_published(
    tmp_path, link, source
):
    private = tmp_path / "private" / "agents"
    private.mkdir(parents=True)
    (private / "p.md").write_text(
        "---\nname: private-one\ndescription: d\n---\nPRIVATE-PROMPT-TEXT\n", encoding="utf-8"
    )
    root = make_project(tmp_path / "proj", {}, plugin_config=f"sources: [{source}]")
    if (root / link).is_dir():
        (root / link).rmdir()  # make_project's empty agents folder
    target = Path("..", "private", "agents") if link == source else Path("..", "private")
    (root / link).symlink_to(target, target_is_directory=True)
    mkdocs_build(root, check=False)
    site = root / "site"
    leaked = (
        [
            p.relative_to(root).as_posix()
            for p in site.rglob("*")
            if p.is_file() and b"PRIVATE-PROMPT-TEXT" in p.read_bytes()
        ]
        if site.is_dir()
        else []
    )
    assert leaked == [], f"files from outside the project published: {leaked}"
    doc = json.loads((site / "agents.json").read_text(encoding="utf-8"))
    rules = [d["rule"] for skip in doc["skipped"] for d in skip["diagnostics"]]
    assert rules == ["symlink-outside"], "said, not silently lost"


def test_a_source_the_configuration_places_outside_the_project_is_read(tmp_path):
    outside = tmp_path / "shared" / "agents"
    outside.mkdir(parents=True)
    (outside / "s.md").write_text("---\nname: shared-one\ndescription: d\n---\nHi\n", "utf-8")
    root = make_project(tmp_path / "proj", {}, plugin_config="sources: [../shared/agents]")
    mkdocs_build(root)
    doc = json.loads((root / "site" / "agents.json").read_text(encoding="utf-8"))
    assert [a["name"] for a in doc["agents"]] == ["shared-one"]
