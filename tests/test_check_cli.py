"""`agent-catalog check PATH...`: a team runs it in CI or as a pre-commit hook and gets the same
findings as the site's health page, one `path:line: severity: message` line each."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from agent_catalog.catalog.load import load_catalog
from agent_catalog.checks import report as checking
from agent_catalog.cli import COMMANDS, main
from reader_support import FIXTURES, REPO

GOOD = "---\nname: reviewer\ndescription: Reviews code after changes.\ntools: Read\n---\n\nBody.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository with `.claude/agents/` holding one good agent and one without a name."""
    agents = tmp_path / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "reviewer.md").write_text(GOOD, encoding="utf-8")
    (agents / "tester.md").write_text(
        "---\ndescription: Runs the tests.\nmodel: gpt-4.1\n---\n\nBody.\n", encoding="utf-8"
    )
    (agents / "README.md").write_text("# Our agents\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "junk.md").write_text("not an agent", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


def test_text_output_is_one_line_per_finding_with_its_fix(project, capsys):
    code, out = run(capsys, ".")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        ".claude/agents/tester.md:1: error: the frontmatter has no `name`: Claude Code skips "
        "this file; the catalog uses the file name `tester` [name-missing]"
    )
    assert lines[1] == "    fix: add `name: tester` to the frontmatter"
    assert re.match(r"\.claude/agents/tester\.md:3: warning: `model: gpt-4\.1` is not", lines[2])
    assert lines[-1] == "Found 2 findings (1 error, 1 warning, 0 info) in 2 agents, 1 file skipped."
    # .git is never walked; .claude is
    assert ".git" not in out


def test_fail_on_sets_the_exit_status(project, capsys):
    (project / ".claude/agents/tester.md").write_text(
        "---\nname: tester\ndescription: Runs the tests.\nmodel: gpt-4.1\n---\n", encoding="utf-8"
    )
    assert run(capsys, ".")[0] == 0  # default: errors only
    assert run(capsys, "--fail-on", "warning", ".")[0] == 1
    assert run(capsys, "--fail-on", "info", ".claude/agents/reviewer.md")[0] == 0
    assert run(capsys, "--fail-on", "never", "missing-folder")[0] == 0
    assert run(capsys, "missing-folder")[0] == 1


def test_clean_files_pass(project, capsys):
    code, out = run(capsys, ".claude/agents/reviewer.md")
    assert code == 0
    assert out == "All checks passed (1 agent, 0 files skipped).\n"


def test_json_output(project, capsys):
    code, out = run(capsys, "--format", "json", ".")
    data = json.loads(out)
    assert code == 1
    assert [(f["path"], f["line"], f["severity"], f["rule"]) for f in data["findings"]] == [
        (".claude/agents/tester.md", 1, "error", "name-missing"),
        (".claude/agents/tester.md", 3, "warning", "model-unknown"),
    ]
    assert all(f["message"] and f["fix"] for f in data["findings"])
    assert data["skipped"] == [
        {
            "path": ".claude/agents/README.md",
            "reason": "documentation (no frontmatter): not an agent",
        }
    ]
    assert data["summary"] == {"error": 1, "warning": 1, "info": 0, "agents": 2}


def test_include_and_exclude(project, capsys):
    code, out = run(capsys, "--exclude", "tester.md", ".")
    assert code == 0 and "tester" not in out
    (project / ".claude/agents/tester.md").rename(project / ".claude/agents/tester.txt")
    code, out = run(capsys, "--include", "*.txt", ".")
    assert code == 1 and "tester.txt:1: error" in out


def test_check_agrees_with_the_catalog_the_site_builds(capsys, monkeypatch):
    """Same files, same rules, same findings: the health page reads `checking.collect`."""
    monkeypatch.chdir(FIXTURES.parent)
    report = checking.check_paths(["reader"])
    site = checking.collect(load_catalog(["reader"], FIXTURES.parent))
    assert [(d.source, d.line, d.rule, d.message) for d in report.findings] == [
        (d.source, d.line, d.rule, d.message) for d in site.findings
    ]
    code, out = run(capsys, "--format", "json", "reader")
    rows = [(f["path"], f["line"], f["rule"]) for f in json.loads(out)["findings"]]
    assert rows == [(d.source, d.line, d.rule) for d in report.findings]
    assert len(rows) > 15 and code == 1


def test_the_console_command_runs_as_a_process(project):
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    proc = subprocess.run(
        [sys.executable, "-m", "agent_catalog", "check", "--fail-on", "warning", "."],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(".claude/agents/tester.md:1: error:")
    bad = subprocess.run(
        [sys.executable, "-m", "agent_catalog", "check", "--fail-on", "sometimes", "."],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_subcommands_are_registered_in_one_table():
    assert "check" in COMMANDS
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "agent-catalog-check"
    assert hook["entry"] == "agent-catalog check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    for path in (".claude/agents/x.md", ".github/agents/x.agent.md", ".cursor/rules/x.mdc"):
        assert files.search(path), path
    for path in ("docs/index.md", "README.md", "src/agentsfoo.py"):
        assert not files.search(path), path


def test_paths_are_shown_relative_to_where_the_command_runs(project, capsys, monkeypatch):
    monkeypatch.chdir(project / ".claude")
    code, out = run(capsys, "agents/tester.md", str(Path("agents/reviewer.md").absolute()))
    assert out.startswith("agents/tester.md:1: error:")
    assert code == 1


def test_health_page_and_check_list_the_same_findings(tmp_path, capsys, monkeypatch):
    """Build a real site over the quirk fixtures; its health page and `check` must agree."""
    from conftest import make_project, mkdocs_build, soup

    root = make_project(tmp_path / "site")
    shutil.copytree(FIXTURES, root / "agents", dirs_exist_ok=True)
    mkdocs_build(root)
    page = soup(root / "site" / "health" / "index.html")
    on_page = Counter()
    for h2 in page.find_all("h2"):
        m = re.match(r"(Error|Warning|Info): (\S+) \((\d+)\)", h2.get_text(" ", strip=True))
        if not m:
            continue
        table = h2.find_next("table")
        rows = table.find("tbody").find_all("tr")
        assert len(rows) == int(m.group(3))
        for tr in rows:
            cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            on_page[(m.group(1).lower(), m.group(2), cells[0], int(cells[1] or 0))] += 1
    monkeypatch.chdir(root)
    code, out = run(capsys, "--format", "json", "agents")
    from_check = Counter(
        (f["severity"], f["rule"], f["path"], f["line"] or 0) for f in json.loads(out)["findings"]
    )
    assert on_page == from_check
    assert sum(on_page.values()) > 15 and code == 1


def test_text_output_cannot_carry_terminal_escapes_or_extra_lines(project, capsys):
    (project / ".claude/agents/evil.md").write_text(
        '---\nname: "evil\\u001b[2J\\nsrc/main.py:1: error: forged"\ndescription: d\n---\n',
        encoding="utf-8",
    )
    code, out = run(capsys, ".claude/agents/evil.md")
    assert "\x1b" not in out
    assert not any(line.startswith("src/main.py") for line in out.splitlines())
    assert "evil\\x1b[2J\\nsrc/main.py:1: error: forged" in out
