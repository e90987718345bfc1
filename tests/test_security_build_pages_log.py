"""Found by the red team: control characters from an agent file reaching the build log of a host that builds
`build-pages` output (plain MkDocs). Fails while the hole is open."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO

# Class: control characters in logs, through the verbatim raw/ copy that the host renders as a
# page (MkDocs logs each unresolved link target raw). `build-pages` itself escapes its own
# finding for the same link; the raw copy carries the bytes to MkDocs untouched.
AGENT = "---\nname: a\ndescription: d\n---\nSee [notes](zz\x1bc\x1b]8;;https:evil\x07x.md).\n"


def test_no_control_character_reaches_the_hosts_build_log(tmp_path):
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "a.md").write_text(AGENT, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO / "plugins"))

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", *a],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    proc = run("agent_catalog", "build-pages", "docs", "--source", "agents")
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr  # build-pages' own output holds
    config = proc.stdout.split("add to mkdocs.yml:", 1)[1]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Host\ntheme:\n  name: material\n  font: false\n" + config, encoding="utf-8"
    )
    proc = run("mkdocs", "build")
    log = proc.stdout + proc.stderr
    assert "\x1b" not in log and "\x07" not in log, [
        line for line in log.splitlines() if "zz" in line
    ]


# Class: file inclusion on the build machine, through the same raw/ copy. The agent pages
# build-pages writes defuse `--8<--`; the verbatim raw/<slug>/<file>.md does not, and a host
# with `pymdownx.snippets` renders it as a page, pasting the named file into the site.
SNIPPET_AGENT = '---\nname: snip\ndescription: d\n---\nBody.\n\n--8<-- "secret.txt"\n'


def test_no_agent_file_makes_a_plain_host_publish_a_local_file(tmp_path):
    (tmp_path / "secret.txt").write_text("TOPSECRET-TOKEN-123\n", encoding="utf-8")
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "snip.md").write_text(SNIPPET_AGENT, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO / "plugins"))

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", *a],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    proc = run("agent_catalog", "build-pages", "docs", "--source", "agents")
    assert proc.returncode == 0, proc.stderr
    config = proc.stdout.split("add to mkdocs.yml:", 1)[1]
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Host\ntheme:\n  name: material\n  font: false\n"
        + config.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"),
        encoding="utf-8",
    )
    proc = run("mkdocs", "build")
    assert proc.returncode == 0, proc.stderr
    leaked = [
        p.relative_to(tmp_path).as_posix()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and b"TOPSECRET" in p.read_bytes()
    ]
    assert leaked == [], f"a local file was published: {leaked}"
