"""The compiled-template cache: used when it can be, never a reason for a build to fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from agent_catalog.site import template_cache

REPO = Path(__file__).resolve().parent.parent

_RENDER = """
import hashlib, sys
from pathlib import Path
from agent_catalog.options import Options
from agent_catalog.pipeline import build_site
repo = Path(sys.argv[1])
# as a host gets them: the HTML block markers hold a nonce drawn per process
pages = build_site(Options(base=repo, sources=("seeds",), include=("*.md",))).markdown_pages()
digest = hashlib.sha256()
for uri in sorted(pages):
    digest.update(uri.encode() + pages[uri].encode())
print(len(pages), digest.hexdigest())
"""


def _render_in_new_process(env: dict[str, str]) -> subprocess.CompletedProcess:
    """A fresh process, as each `mkdocs build` is: the package's environment starts empty."""
    return subprocess.run(
        [sys.executable, "-c", _RENDER, str(REPO)],
        env={**os.environ, "PYTHONPATH": str(REPO / "plugins"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(template_cache.ENV_VAR, str(tmp_path / "c"))
    folder = template_cache.cache_dir()
    assert folder is not None and folder.parent == tmp_path / "c" / "templates"
    assert folder.name.startswith("jinja-") and f"py{sys.version_info[0]}." in folder.name
    monkeypatch.setenv(template_cache.ENV_VAR, "")
    assert template_cache.cache_dir() is None
    assert template_cache.package_cache("options") is None
    monkeypatch.delenv(template_cache.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert str(template_cache.cache_dir()).startswith(str(tmp_path / "xdg" / "agent-catalog"))


def test_each_set_of_compile_options_has_its_own_folder(monkeypatch, tmp_path):
    """Jinja keys cached code by template name and source only: code compiled under other
    options (autoescape off, other whitespace control) must land elsewhere."""
    monkeypatch.setenv(template_cache.ENV_VAR, str(tmp_path))
    a = template_cache.package_cache("autoescape=True")
    b = template_cache.package_cache("autoescape=False")
    assert a is not None and b is not None and a.directory != b.directory
    assert template_cache.package_cache("autoescape=True").directory == a.directory


def test_a_build_fills_the_cache_and_the_next_one_uses_it(tmp_path):
    cache = tmp_path / "cache"
    first = _render_in_new_process({template_cache.ENV_VAR: str(cache)})
    assert first.returncode == 0, first.stderr
    stored = list(cache.rglob("*.jinja"))
    assert len(stored) >= 5  # one per template the pages used
    stamps = {p: p.stat().st_mtime_ns for p in stored}
    second = _render_in_new_process({template_cache.ENV_VAR: str(cache)})
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    assert {p: p.stat().st_mtime_ns for p in stored} == stamps  # read, not rewritten


def test_garbled_cache_files_are_compiled_again(tmp_path):
    cache = tmp_path / "cache"
    clean = _render_in_new_process({template_cache.ENV_VAR: str(cache)})
    for p in cache.rglob("*.jinja"):
        p.write_bytes(p.read_bytes()[:40] + b"\x00garbage")
    garbled = _render_in_new_process({template_cache.ENV_VAR: str(cache)})
    assert garbled.returncode == 0, garbled.stderr
    assert garbled.stdout == clean.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_an_unwritable_cache_folder_is_no_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        run = _render_in_new_process({template_cache.ENV_VAR: str(locked / "sub")})
        assert run.returncode == 0, run.stderr
    finally:
        locked.chmod(0o700)


def test_a_cache_path_that_is_a_file_is_no_error(tmp_path):
    """Where the folder should be there is a file: every write fails, the build does not."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    run = _render_in_new_process({template_cache.ENV_VAR: str(blocker)})
    assert run.returncode == 0, run.stderr
    assert blocker.read_text() == "not a folder"


def test_no_home_folder_means_no_cache(monkeypatch):
    """Some containers have neither `HOME` nor a password entry: `Path.home()` raises."""
    monkeypatch.delenv(template_cache.ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert template_cache.cache_dir() is None
    assert template_cache.package_cache("options") is None
