"""The catalog's data without a site: `agent-catalog export PATH... --format json|csv`."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from agent_catalog.pipeline import export_sources
from agent_catalog.publish.export import CSV_COLUMNS, schema_path, to_csv
from conftest import load_json, make_project, mkdocs_build

MIXED = Path(__file__).resolve().parent / "fixtures" / "formats" / "mixed"
SOURCES = [".claude/agents", ".github/agents", ".opencode", ".gemini/agents", ".cursor/rules"]
SOURCES += [".codex", "agents"]
CLI_MODULE = "agent_catalog.cli"


def test_export_json_is_the_sites_agents_json(tmp_path):
    shutil.copytree(MIXED, tmp_path, dirs_exist_ok=True)
    make_project(tmp_path, plugin_config=f"sources: [{', '.join(SOURCES)}]")
    mkdocs_build(tmp_path)
    exported = json.loads(export_sources(SOURCES, tmp_path, "json"))
    assert exported == load_json(tmp_path / "site" / "agents.json")
    jsonschema.validate(exported, json.loads(schema_path().read_text(encoding="utf-8")))


def test_export_csv_has_one_row_per_agent():
    text = export_sources(SOURCES, MIXED, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 17
    by = {r["source"]: r for r in rows}
    reviewer = by[".claude/agents/code-reviewer.md"]
    assert reviewer["tools"] == "Read; Grep; Glob; Bash(git diff *)"
    assert reviewer["inherits_all_tools"] == "false"
    assert reviewer["model"] == "sonnet" and reviewer["format"] == "claude"
    review = by[".opencode/agents/review.md"]
    assert review["tools"] == "" and review["inherits_all_tools"] == "true"
    assert review["disallowed_tools"] == "write; edit; bash; webfetch"
    gemini = by[".gemini/agents/Comma_Tools.md"]
    assert int(gemini["errors"]) == 5 and gemini["format"] == "gemini"


def test_csv_cells_never_run_as_spreadsheet_formulas():
    doc = {
        "agents": [
            {
                "name": '=HYPERLINK("http://x")',
                "description": "+1 evil",
                "summary": "@SUM(A1)",
                "model": "-2",
                "tools": ["=cmd|' /C calc'!A0"],
                "diagnostics": [],
            }
        ]
    }
    (row,) = list(csv.DictReader(io.StringIO(to_csv(doc))))
    for key in ("name", "description", "summary", "model", "tools"):
        assert row[key].startswith("'"), (key, row[key])
    assert row["name"] == '\'=HYPERLINK("http://x")'


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", CLI_MODULE, "export", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_cli_export_prints_json_and_csv():
    proc = run_cli(*SOURCES, cwd=MIXED)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert len(doc["agents"]) == 17
    assert doc == json.loads(export_sources(SOURCES, MIXED, "json"))
    proc = run_cli(".codex", "--format", "csv", cwd=MIXED)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert sorted(r["name"] for r in rows) == ["broken", "explorer", "no-prompt"]


def test_cli_export_to_a_file_failing_on_errors_and_a_forced_format(tmp_path):
    out = tmp_path / "agents.csv"
    proc = run_cli(".codex", "--format", "csv", "-o", str(out), "--fail-on", "error", cwd=MIXED)
    assert proc.returncode == 1  # broken.toml and no-prompt.toml have errors
    assert "2 errors" in proc.stderr
    assert proc.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("name,slug,format,")
    proc = run_cli("agents/data-scientist.md", "--agent-format", "claude", cwd=MIXED)
    (record,) = json.loads(proc.stdout)["agents"]
    assert record["format"] == "claude" and record["format_detected_by"] == "config"


def test_cli_export_reports_a_missing_path(tmp_path):
    proc = run_cli("nowhere", "--fail-on", "error", cwd=tmp_path)
    assert proc.returncode == 1
    assert "nowhere" in proc.stderr and "matches no file or folder" in proc.stderr
    assert json.loads(proc.stdout)["agents"] == []
