"""Found by the red team: `build-pages` output built by a plain host (MkDocs, no plugins) must not
carry an agent file's control characters into the host's build log, nor make the host paste a
local file into the site. Held by the raw copies being `.txt` (`publish/raw_files.py`): the host
never renders them as pages."""

from __future__ import annotations

import subprocess
import sys

from conftest import plain_host_project

HEAD = "site_name: Host\ntheme:\n  name: material\n  font: false\n"


def _host_build(root):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )


# Class: control characters in logs, through the verbatim raw/ copy (MkDocs logs each unresolved
# link target raw). `build-pages` itself escapes its own finding for the same link.
AGENT = "---\nname: a\ndescription: d\n---\nSee [notes](zz\x1bc\x1b]8;;https:evil\x07x.md).\n"


def test_no_control_character_reaches_the_hosts_build_log(tmp_path):
    proc = plain_host_project(tmp_path, {"a.md": AGENT}, HEAD)
    assert "\x1b" not in proc.stdout + proc.stderr  # build-pages' own output holds
    proc = _host_build(tmp_path)
    log = proc.stdout + proc.stderr
    assert "\x1b" not in log and "\x07" not in log, [
        line for line in log.splitlines() if "zz" in line
    ]


# Class: file inclusion on the build machine, through the same raw/ copy: the agent pages
# build-pages writes defuse `--8<--`; a raw copy rendered as a page with `pymdownx.snippets`
# would paste the named file into the site.
SNIPPET_AGENT = '---\nname: snip\ndescription: d\n---\nBody.\n\n--8<-- "secret.txt"\n'


def test_no_agent_file_makes_a_plain_host_publish_a_local_file(tmp_path):
    (tmp_path / "secret.txt").write_text("TOPSECRET-TOKEN-123\n", encoding="utf-8")
    plain_host_project(tmp_path, {"snip.md": SNIPPET_AGENT}, HEAD)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n"),
        encoding="utf-8",
    )
    proc = _host_build(tmp_path)
    assert proc.returncode == 0, proc.stderr
    leaked = [
        p.relative_to(tmp_path).as_posix()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and b"TOPSECRET" in p.read_bytes()
    ]
    assert leaked == [], f"a local file was published: {leaked}"
