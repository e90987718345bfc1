"""`agent-catalog init [PATH]`: run in a temporary repository as a team would, then the result
really built (with `mkdocs build --strict`, and with the build step of the workflow it wrote)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml
from agent_catalog import starter
from browser.pages_workflow import action_majors, parse, step_using, steps
from browser.test_pages_workflow import CURRENT_MAJORS
from conftest import REPO, mkdocs_build, soup

CLAUDE = """\
---
name: code-reviewer
description: Reviews a change for bugs and missing tests before it is merged.
tools: Read, Grep, Glob
model: sonnet
---
Read the diff, then the tests.
"""
COPILOT = """\
---
description: Plans a feature before any code is written.
tools: ['search', 'fetch']
---
You plan.
"""
CURSOR = """\
---
description: Python style rules
globs: "**/*.py"
alwaysApply: false
---
Use type hints.
"""


def init(root: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agent_catalog", "init", *args],
        capture_output=True,
        text=True,
        cwd=cwd or root,
        timeout=120,
    )


def repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_init_finds_each_format_s_folder_and_the_site_builds_strictly(tmp_path):
    root = repo(
        tmp_path / "acme",
        {
            ".claude/agents/code-reviewer.md": CLAUDE,
            ".github/agents/planner.agent.md": COPILOT,
            ".cursor/rules/python.mdc": CURSOR,
        },
    )
    proc = init(root)
    assert proc.returncode == 0, proc.stderr
    assert "Agents: .claude/agents (Claude Code, 1 file)" in proc.stdout
    assert "Agents: .github/agents (GitHub Copilot, 1 file)" in proc.stdout
    assert "Agents: .cursor/rules (Cursor, 1 file)" in proc.stdout
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    data = yaml.load(config, Loader=_EnvLoader)  # noqa: S506 - our own file, !ENV only
    assert data["site_name"] == "acme agents"
    assert data["theme"]["name"] == "material"
    schemes = [p["scheme"] for p in data["theme"]["palette"]]
    assert schemes == ["default", "slate"] and all("toggle" in p for p in data["theme"]["palette"])
    assert data["plugins"][0] == "search"
    assert data["plugins"][1]["agent-catalog"]["sources"] == [
        ".claude/agents",
        ".github/agents",
        ".cursor/rules",
    ]
    mkdocs_build(root, "--strict")
    site = root / "site"
    home = soup(site / "index.html").select_one("article")
    assert home.h1.get_text(strip=True).rstrip("¶") == "acme agents"
    catalog_link = home.select_one('a[href^="agents/"]')
    assert (site / catalog_link["href"] / "index.html").is_file()
    rows = soup(site / "agents" / "index.html").select("article table tbody tr")
    assert len(rows) == 3
    # the nav: the home, then the plugin's section in its order
    nav = [
        " ".join(a.get_text().split())
        for a in soup(site / "index.html").select("nav.md-nav--primary a.md-nav__link[href]")
    ]
    assert nav == ["Home", "Agent catalog", "Tools", "Models", "Responsibilities", "Catalog health"]


def test_the_next_two_commands_are_printed(tmp_path):
    root = repo(tmp_path / "r", {".claude/agents/code-reviewer.md": CLAUDE})
    out = init(root).stdout
    nxt = [ln.strip() for ln in out.split("Next:\n", 1)[1].splitlines() if ln.strip()]
    assert nxt[0].startswith("mkdocs serve")
    assert nxt[1].startswith("git add mkdocs.yml docs .github/workflows/pages.yml")
    # from another folder, the commands go there first
    other = init(root, str(root), cwd=tmp_path).stdout
    assert f"cd {root} && mkdocs serve" in other


def test_nothing_is_overwritten_without_force(tmp_path):
    root = repo(
        tmp_path / "r",
        {
            ".claude/agents/code-reviewer.md": CLAUDE,
            "mkdocs.yml": "site_name: Ours\n",
            "docs/README.md": "# Our home\n",
        },
    )
    proc = init(root)
    assert proc.returncode == 0
    assert "Kept:   mkdocs.yml" in proc.stdout and "Kept:   docs/README.md" in proc.stdout
    # the kept file lacks the plugin: the entry to add is printed
    assert "does not enable the plugin" in proc.stdout
    assert '  - agent-catalog:\n      sources:\n        - ".claude/agents"' in proc.stdout
    assert (root / "mkdocs.yml").read_text() == "site_name: Ours\n"
    assert not (root / "docs" / "index.md").exists(), "a README.md is already the home"
    assert (root / ".github" / "workflows" / "pages.yml").is_file(), "what was missing is added"
    workflow = (root / ".github" / "workflows" / "pages.yml").read_text()
    (root / ".github" / "workflows" / "pages.yml").write_text("# ours\n")
    proc = init(root, "--force")
    assert "Wrote:  mkdocs.yml" in proc.stdout
    assert "agent-catalog" in (root / "mkdocs.yml").read_text()
    assert (root / ".github" / "workflows" / "pages.yml").read_text() == workflow


def test_no_agents_found_is_said_and_nothing_written(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    proc = init(root)
    assert proc.returncode == 1
    assert "no agent files" in proc.stderr and ".claude/agents" in proc.stderr
    assert "--source" in proc.stderr
    assert list(root.iterdir()) == []
    # a folder of its own is given with --source
    repo(root, {"prompts/reviewer.md": CLAUDE})
    proc = init(root, "--source", "prompts")
    assert proc.returncode == 0, proc.stderr
    mkdocs_build(root, "--strict")
    assert (root / "site" / "agents" / "code-reviewer" / "index.html").is_file()


def test_findings_that_would_fail_the_strict_deploy_are_announced(tmp_path):
    broken = CLAUDE.replace("Reviews a change", "Reviews: a change")
    root = repo(tmp_path / "r", {".claude/agents/code-reviewer.md": broken})
    out = init(root).stdout
    assert "1 warning(s)" in out and "agent-catalog check .claude/agents" in out


def test_a_claude_code_plugin_s_agents_folder_is_found(tmp_path):
    root = repo(
        tmp_path / "plugin",
        {".claude-plugin/plugin.json": '{"name": "p"}', "agents/code-reviewer.md": CLAUDE},
    )
    assert "Agents: agents (Claude Code plugin, 1 file)" in init(root).stdout


def test_a_github_remote_gives_repo_url_and_the_branch_is_the_repository_s(tmp_path):
    root = repo(tmp_path / "r", {".claude/agents/code-reviewer.md": CLAUDE})
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "init", "-q", "-b", "master"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "git@github.com:acme/tools.git"], check=True)
    assert init(root).returncode == 0
    config = (root / "mkdocs.yml").read_text()
    assert "repo_url: https://github.com/acme/tools" in config
    plugin = yaml.safe_load(config.replace("!ENV ", ""))["plugins"][1]["agent-catalog"]
    assert plugin["source_branch"] == "master"
    workflow = parse((root / ".github" / "workflows" / "pages.yml").read_text())
    assert workflow["on"]["push"]["branches"] == ["master"]


def test_the_workflow_deploys_to_pages_and_its_build_step_builds_the_site(tmp_path):
    root = repo(tmp_path / "r", {".claude/agents/code-reviewer.md": CLAUDE})
    init(root)
    workflow = parse((root / ".github" / "workflows" / "pages.yml").read_text())
    assert action_majors(workflow) == CURRENT_MAJORS
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert workflow["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
    (build,) = [s for s in steps(workflow, "build") if "mkdocs build" in s.get("run", "")]
    assert "--strict" in shlex.split(build["run"])
    pages = step_using(workflow, "build", "actions/configure-pages")
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    # the build step as the runner would run it, with the address Pages would give
    env = {**os.environ, "SITE_URL": "https://acme.github.io/r/"}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    proc = subprocess.run(
        ["bash", "-e", "-c", build["run"]], cwd=root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    site = root / upload["with"]["path"]
    assert (site / "index.html").is_file() and (site / "agents.json").is_file()
    not_found = soup(site / "404.html")
    css = [link["href"] for link in not_found.select("link[rel=stylesheet]")]
    assert css and all(h.startswith("/r/") for h in css), css  # absolute: any depth


def test_publish_md_shows_the_workflow_init_writes():
    text = (REPO / "docs" / "publish.md").read_text(encoding="utf-8")
    blocks = [textwrap.dedent(b) for b in re.findall(r"```yaml\n(.*?)^\s*```", text, re.M | re.S)]
    (block,) = [b for b in blocks if "deploy-pages" in b]
    assert block == starter.WORKFLOW.read_text(encoding="utf-8")


class _EnvLoader(yaml.SafeLoader):
    pass


_EnvLoader.add_constructor("!ENV", lambda loader, node: None)


def test_init_also_finds_skills_and_commands_and_the_site_builds_strictly(tmp_path):
    skill = "---\nname: api-style\ndescription: The API style guide.\n---\nUse plural nouns.\n"
    command = "---\ndescription: Deploy the branch\n---\nDeploy $ARGUMENTS.\n"
    root = repo(
        tmp_path / "acme",
        {
            ".claude/agents/code-reviewer.md": CLAUDE,
            ".claude/skills/api-style/SKILL.md": skill,
            ".claude/skills/api-style/references/more.md": "# More\n",
            ".claude/commands/deploy.md": command,
        },
    )
    proc = init(root)
    assert proc.returncode == 0, proc.stderr
    assert "Skills: .claude/skills (Claude Code, 1 skill)" in proc.stdout
    assert "Commands: .claude/commands (Claude Code, 1 command)" in proc.stdout
    mkdocs_build(root, "--strict")
    assert (root / "site" / "skills" / "api-style" / "index.html").is_file()
    assert (root / "site" / "commands" / "deploy" / "index.html").is_file()
