"""Huge, binary and broken files, and links out of a source (issue 7, threats 3, 4 and 6).

Each is a finding on the file, never a crash, and never a read of something outside the source.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from agent_catalog.catalog.load import find_files, load_catalog
from agent_catalog.model import Agent, Skipped
from agent_catalog.reading.reader import MAX_FILE_BYTES, read_agent, read_agent_bytes
from hostile import BROKEN_BYTES, agent_text, write_big_file, write_hostile_folder


@pytest.mark.timeout(60)
def test_a_50_mb_file_is_read_in_bounded_memory(tmp_path):
    path = write_big_file(tmp_path / "big.md")
    assert path.stat().st_size >= 50 * 1024 * 1024
    tracemalloc.start()
    try:
        agent = read_agent(path, "agents/big.md")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(agent, Agent)
    assert agent.name == "big-file"
    rules = {d.rule for d in agent.diagnostics}
    assert "file-too-large" in rules
    assert "body-too-large" in rules, "a 2 MB body would still cost every page that shows it"
    assert peak < 8 * MAX_FILE_BYTES, f"peak {peak:,} bytes"
    assert len(agent.body) < 300_000


EXPECTED_BYTES_FINDINGS = {
    "nul-bytes.md": "binary-content",
    "binary.md": "binary-content",
    "invalid-utf8.md": "encoding-invalid",
    "empty.md": "empty-file",
    "whitespace.md": "empty-file",
    "utf16-no-bom.md": "encoding-utf16",
}


@pytest.mark.parametrize("fname", sorted(BROKEN_BYTES))
def test_broken_bytes_are_a_finding_not_a_crash(fname):
    result = read_agent_bytes(BROKEN_BYTES[fname], Path(fname), f"agents/{fname}")
    assert isinstance(result, (Agent, Skipped))
    assert EXPECTED_BYTES_FINDINGS[fname] in {d.rule for d in result.diagnostics}
    for d in result.diagnostics:
        assert d.source == f"agents/{fname}" and d.message and d.fix


def test_nul_bytes_never_reach_the_agent_text():
    agent = read_agent_bytes(BROKEN_BYTES["nul-bytes.md"], Path("n.md"), "agents/n.md")
    assert isinstance(agent, Agent)
    assert "\x00" not in agent.name + agent.description + agent.body


def test_links_out_of_a_source_are_reported_and_never_read(tmp_path):
    files = write_hostile_folder(tmp_path / "agents", big=False)
    found, skipped, _ = find_files(["agents"], tmp_path, ["*.md"], [])
    real_root = os.path.realpath(tmp_path / "agents")
    for path, _rel in found:
        assert os.path.realpath(path).startswith(real_root + os.sep), path
    by_source = {s.source: s for s in skipped}
    for link in ("link-outside.md", "link-passwd.md", "link-parent"):
        assert by_source[f"agents/{link}"].diagnostics[0].rule == "symlink-outside"
    assert by_source["agents/link-loop.md"].diagnostics[0].rule == "symlink-broken"
    catalog = load_catalog(["agents"], tmp_path)
    assert "outside-secret" not in {a.name for a in catalog.agents}
    assert not any("SECRET" in a.body for a in catalog.agents)
    assert files["code-reviewer.md"].exists()


@pytest.mark.timeout(20)
@pytest.mark.parametrize("source", ["agents/**/*.md", "agents/**", "agents/*/x.md"])
def test_glob_sources_never_follow_folder_links(tmp_path, source):
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ok.md").write_text(agent_text("ok"))
    (agents / "self-a").symlink_to(".")  # `glob.glob` walks 2^40 paths through these two
    (agents / "self-b").symlink_to(".")
    (agents / "root").symlink_to("/")
    found, skipped, _ = find_files([source], tmp_path, ["*.md"], [])
    assert all("self-" not in rel and "root" not in rel for _, rel in found)
    if "**" in source:
        assert [rel for _, rel in found] == ["agents/ok.md"]
        assert {s.source for s in skipped if s.reason} == {"agents/root"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.timeout(20)
def test_a_named_pipe_in_a_source_does_not_hang_the_build(tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ok.md").write_text(agent_text("ok"))
    os.mkfifo(agents / "pipe.md")  # opening it would wait for a writer forever
    catalog = load_catalog(["agents"], tmp_path)
    assert [a.name for a in catalog.agents] == ["ok"]
    assert [d.rule for s in catalog.skipped for d in s.diagnostics] == ["not-regular-file"]


def test_a_reader_bug_on_one_file_never_breaks_the_catalog(tmp_path, monkeypatch):
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "ok.md").write_text(agent_text("ok"))
    (agents / "trigger.md").write_text(agent_text("trigger"))
    import agent_catalog.catalog.load as catalog_mod

    real = catalog_mod.read_agent

    def buggy(path, source, **kw):
        if path.name == "trigger.md":
            raise RuntimeError("simulated reader bug")
        return real(path, source, **kw)

    monkeypatch.setattr(catalog_mod, "read_agent", buggy)
    catalog = load_catalog(["agents"], tmp_path)
    assert [a.name for a in catalog.agents] == ["ok"]
    [skipped] = catalog.skipped
    assert skipped.diagnostics[0].rule == "read-failed"
    assert "simulated reader bug" in skipped.diagnostics[0].message


def test_a_linked_source_folder_and_a_link_to_a_file_in_it_are_one_file(tmp_path):
    """Files found by walking are resolved from their source's real path: a source that is
    itself a link still resolves, and a link to a file of the source is that file (read once,
    under the file's own name)."""
    real = tmp_path / "real-agents"
    real.mkdir()
    (real / "a.md").write_text(agent_text("a"))
    (real / "alias.md").symlink_to("a.md")
    (tmp_path / "agents").symlink_to("real-agents")
    found, skipped, _ = find_files(["agents"], tmp_path, ["*.md"], [])
    assert [rel for _, rel in found] == ["agents/a.md"]
    assert not [s for s in skipped if s.reason]
