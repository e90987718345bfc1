"""Found by the red team: `agent-catalog init` run on a repository whose contents an attacker controls
(a shared plugin marketplace, a vendored collection). Each test is one class of attack and
held by `starter.py` (no write through a link, folder names as escaped text)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, mkdocs_build, soup

AGENT = "---\nname: a\ndescription: d\n---\nbody\n"


def init(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "plugins"))
    return subprocess.run(
        [sys.executable, "-m", "agent_catalog", "init", str(root), *args],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        env=env,
    )


def marketplace(root: Path, plugin_folder: str) -> Path:
    """A Claude Code marketplace repository with one plugin folder named by the attacker."""
    (root / ".claude-plugin").mkdir(parents=True)
    (root / ".claude-plugin" / "marketplace.json").write_text("{}", encoding="utf-8")
    agents = root / "plugins" / plugin_folder / "agents"
    agents.mkdir(parents=True)
    (agents / "a.md").write_text(AGENT, encoding="utf-8")
    return root


# Class: init writes outside the repository (symbolic links in the repository it writes into).
def test_init_never_writes_through_a_link_out_of_the_repository(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".claude" / "agents").mkdir(parents=True)
    (repo / ".claude" / "agents" / "a.md").write_text(AGENT, encoding="utf-8")
    outside.mkdir()
    # A link to a folder outside, and a dangling link to a file outside (exists() is False,
    # so init takes it for a missing file and write_text follows it).
    (repo / "docs").symlink_to(outside, target_is_directory=True)
    (repo / "mkdocs.yml").symlink_to(outside / "victim.yml")
    proc = init(repo)
    assert proc.returncode in (0, 1, 2), proc.stderr
    written = sorted(p.name for p in outside.iterdir())
    assert written == [], f"init wrote outside the repository: {written}\n{proc.stdout}"


# Class: init writes outside the repository, --force through an existing link.
def test_init_force_never_overwrites_a_file_outside_through_a_link(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / ".claude" / "agents").mkdir(parents=True)
    (repo / ".claude" / "agents" / "a.md").write_text(AGENT, encoding="utf-8")
    outside.mkdir()
    victim = outside / "bashrc"
    victim.write_text("precious\n", encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "pages.yml").symlink_to(victim)
    init(repo, "--force")
    assert victim.read_text(encoding="utf-8") == "precious\n"


# Class: agent-controlled names (plugin folder names) reach a trusted page as raw HTML.
# init writes the folder name into docs/index.md inside a code span; a backtick in the name
# closes the span and the rest is raw HTML on the user's own (unsanitised) home page.
def test_a_plugin_folder_name_never_becomes_markup_on_the_home_page(tmp_path):
    repo = marketplace(tmp_path / "repo", "x`<img src=x onerror=alert(document.domain)>`")
    proc = init(repo)
    assert proc.returncode == 0, proc.stderr
    mkdocs_build(repo)
    page = soup(repo / "site" / "index.html")
    live = [str(el) for el in page.find_all(True) if any(a.startswith("on") for a in el.attrs)]
    assert live == [], f"event handler from a folder name on the home page: {live}"


# Class: control characters from agent-controlled names in a terminal (init's own output).
def test_init_prints_no_control_character_from_a_folder_name(tmp_path):
    # (no "/" in a folder name: ESC c resets the terminal, OSC 8 plants a link)
    repo = marketplace(tmp_path / "repo", "x\x1bc\x1b]8;;https:evil.example\x07click\x1b]8;;\x07")
    proc = init(repo)
    assert "\x1b" not in proc.stdout + proc.stderr, repr(proc.stdout)
    assert "\x07" not in proc.stdout + proc.stderr, repr(proc.stdout)


# Class: init reading outside the repository. A plugin folder that is a symbolic link out of
# the repository (`plugins/x -> ../../private`) passes `find_sources`' check (only the final
# `agents` component is tested with is_symlink), so init names `plugins/x/agents` as a
# source and the build publishes files from outside the repository, page and raw bytes.
# (A glob source `plugins/*/agents` or the folder `plugins` in mkdocs.yml does not follow it.)
def test_init_never_names_a_source_reached_through_a_link_out_of_the_repository(tmp_path):
    private = tmp_path / "private" / "agents"
    private.mkdir(parents=True)
    (private / "p.md").write_text(
        "---\nname: private-one\ndescription: d\n---\nPRIVATE-PROMPT-TEXT\n", encoding="utf-8"
    )
    repo = tmp_path / "repo"
    (repo / ".claude-plugin").mkdir(parents=True)
    (repo / ".claude-plugin" / "marketplace.json").write_text("{}", encoding="utf-8")
    (repo / "plugins").mkdir()
    (repo / "plugins" / "x").symlink_to(Path("..", "..", "private"), target_is_directory=True)
    init(repo)
    if (repo / "mkdocs.yml").is_file():
        mkdocs_build(repo, check=False)
    leaked = (
        [
            p.relative_to(repo).as_posix()
            for p in (repo / "site").rglob("*")
            if p.is_file() and b"PRIVATE-PROMPT-TEXT" in p.read_bytes()
        ]
        if (repo / "site").is_dir()
        else []
    )
    assert leaked == [], f"files from outside the repository published: {leaked}"
