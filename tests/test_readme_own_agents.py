"""The README's "Use it on your own agents" section, followed to the letter on a fresh machine:
a new virtual environment (nothing installed but what the commands install), a repository with
only `.claude/agents/`, and the section's commands run one by one (`mkdocs build` for `mkdocs
serve`, which never ends). The package comes from this checkout: the README's own alternative to
PyPI. The site must have a home page and every agent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, load_json, soup

pytestmark = pytest.mark.slow

AGENTS = {
    "code-reviewer.md": (
        "---\nname: code-reviewer\ndescription: Reviews a change for bugs and missing tests.\n"
        "tools: Read, Grep, Glob\nmodel: sonnet\n---\nRead the diff, then the tests.\n"
    ),
    "release-notes.md": (
        "---\nname: release-notes\ndescription: Writes the release notes of a tag.\n---\n"
        "Summarise the merged pull requests.\n"
    ),
}


def readme_commands() -> list[str]:
    """The shell commands of the section's first `bash` block, comments removed."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use it on your own agents", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [ln.split("#", 1)[0].strip() for ln in block.splitlines() if ln.split("#", 1)[0].strip()]


def test_the_readme_gives_install_init_and_one_mkdocs_command():
    commands = readme_commands()
    assert commands == ["pip install mkdocs-agent-catalog", "agent-catalog init", "mkdocs serve"]


def test_the_readme_section_works_as_written_on_a_fresh_machine(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    project = tmp_path / "our-repo"
    for name, text in AGENTS.items():
        (project / ".claude" / "agents").mkdir(parents=True, exist_ok=True)
        (project / ".claude" / "agents" / name).write_text(text, encoding="utf-8")
    for command in readme_commands():
        if command == "pip install mkdocs-agent-catalog":
            command = f"pip install -q {REPO}"  # the README's "or, from a clone"
        elif command == "mkdocs serve":
            command = "mkdocs build --strict"
        proc = subprocess.run(
            ["bash", "-e", "-c", command],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, f"{command}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        if command.startswith("agent-catalog"):
            assert "Next:" in proc.stdout
    # the commands ran the venv's own install, not this checkout's source tree
    where = subprocess.run(
        ["python", "-c", "import agent_catalog; print(agent_catalog.__file__)"],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert str(venv) in where and str(REPO) not in where
    site = project / "site"
    home = soup(site / "index.html").select_one("article")
    assert home is not None, "the published address is not a 404"
    assert home.h1.get_text(strip=True).rstrip("¶") == "our-repo agents"
    link = home.select_one('a[href^="agents/"]')
    assert link is not None and (site / link["href"] / "index.html").is_file()
    records = load_json(site / "agents.json")["agents"]
    assert {r["name"] for r in records} == {"code-reviewer", "release-notes"}
    for r in records:
        page = soup(site / r["url"] / "index.html").select_one("article")
        assert page.h1.get_text(strip=True).rstrip("¶") == r["name"]
    assert Path(project / ".github" / "workflows" / "pages.yml").is_file()
