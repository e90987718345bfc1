"""`mkdocs serve` as a team uses it: edit, add, rename or delete an agent file and the preview
follows within seconds, with no `watch:` entry in mkdocs.yml (the plugin registers its sources
with the server), only the changed file is parsed again, and an open browser tab reloads by
itself."""

from __future__ import annotations

import json
import os
from urllib.parse import urljoin

import pytest
from conftest import SEED_FILES, make_project

from .site_servers import fetch, mkdocs_serve

WITHIN = 30.0
"""Seconds a change may take to show: a rebuild is ~2 s here; CI machines are slower."""

FRESH = """\
---
name: fresh-agent
description: Reviews database migrations before they are merged.
tools: Read, Grep
model: haiku
---
# Fresh agent

Check every migration for a safe rollback.
"""


@pytest.fixture
def project(tmp_path):
    root = make_project(
        tmp_path / "project",
        copy_seeds=True,
        plugin_config='sources: [agents]\ninclude: ["*.txt", "*.md"]',
    )
    assert "watch:" not in (root / "mkdocs.yml").read_text(encoding="utf-8")
    return root


def save(path, text: str) -> None:
    """Write as editors do (a temporary file, then a rename), so the server never sees half."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def catalog(server) -> dict[str, dict]:
    """agents.json as the preview serves it, keyed by source path."""
    status, text = fetch(urljoin(server.url, "agents.json"))
    assert status == 200, text
    return {a["source"]: a for a in json.loads(text)["agents"]}


def page(server, agent: dict) -> tuple[int, str]:
    return fetch(urljoin(server.url, agent["url"]))


def test_edit_add_rename_and_delete_show_up_in_the_preview(project, tmp_path):
    seed = project / "agents" / SEED_FILES[3].name  # 003: tech-backend
    source = f"agents/{seed.name}"
    with mkdocs_serve(project, tmp_path, extra_args=("--verbose",)) as server:
        tech = catalog(server)[source]
        assert "Edited while serving" not in page(server, tech)[1]
        first = f"read {len(SEED_FILES)} agent files, reused 0 unchanged"
        assert first in server.log(), server.log()

        # Edit: the agent's page changes.
        text = seed.read_text(encoding="utf-8")
        save(seed, text.replace("FastAPI expert", "Edited while serving: FastAPI expert", 1))
        took = server.wait_for(
            lambda: "Edited while serving" in page(server, tech)[1], WITHIN, "the edit to show"
        )
        print(f"edit shown after {took:.1f}s")
        # Only the edited file was parsed again; the others were reused.
        again = f"read 1 agent files, reused {len(SEED_FILES) - 1} unchanged"
        assert again in server.log(), server.log()

        # Add: a new page, listed in agents.json.
        (project / "agents" / "fresh.md").write_text(FRESH, encoding="utf-8")
        server.wait_for(lambda: "agents/fresh.md" in catalog(server), WITHIN, "the new agent")
        fresh = catalog(server)["agents/fresh.md"]
        status, html = page(server, fresh)
        assert status == 200 and "Reviews database migrations" in html

        # Rename: the agent follows its file; the old source is gone.
        (project / "agents" / "fresh.md").rename(project / "agents" / "renamed.md")
        server.wait_for(lambda: "agents/renamed.md" in catalog(server), WITHIN, "the rename")
        assert "agents/fresh.md" not in catalog(server), server.log()

        # Delete: its page is gone.
        renamed = catalog(server)["agents/renamed.md"]
        (project / "agents" / "renamed.md").unlink()
        server.wait_for(lambda: page(server, renamed)[0] == 404, WITHIN, "the page to go")
        assert "agents/renamed.md" not in catalog(server), server.log()
        assert source in catalog(server), "the other agents are still there"


@pytest.mark.browser
def test_an_open_agent_page_reloads_itself_when_its_file_changes(project, tmp_path, tab):
    seed = project / "agents" / SEED_FILES[3].name
    with mkdocs_serve(project, tmp_path) as server:
        tech = catalog(server)[f"agents/{seed.name}"]
        tab.goto(urljoin(server.url, tech["url"]))
        article = tab.page.locator("article")
        assert "Edited while serving" not in article.inner_text()
        text = seed.read_text(encoding="utf-8")
        save(seed, text.replace("FastAPI expert", "Edited while serving: FastAPI expert", 1))
        # No navigation by the test: the live-reload script must reload the page itself.
        article.filter(has_text="Edited while serving").wait_for(timeout=WITHIN * 1000)
        assert tab.page.url == urljoin(server.url, tech["url"])
        # Leave before the server stops, or its pending live-reload poll fails as an error.
        tab.page.goto("about:blank")
