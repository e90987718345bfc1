"""Found by the red team: `build-pages` output built by a host that runs no plugins (plain MkDocs +
Material, configured exactly as the command says). Held by `publish/raw_files.py` (Markdown copies end in `.txt`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import plain_host_project

from .site_servers import serve_site

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(document.domain)>\n\n<script>alert('raw-script')</script>\n"
AGENT = f"---\nname: rawbomb\ndescription: Looks harmless.\n---\nYou review code.\n\n{PAYLOAD}"


@pytest.fixture(scope="module")
def host_site(tmp_path_factory) -> Path:
    """build-pages into docs/, the printed config appended to mkdocs.yml, plain mkdocs build."""
    root = tmp_path_factory.mktemp("redteam-build-pages")
    head = "site_name: Host\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
    plain_host_project(root, {"rawbomb.md": AGENT}, head)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return root / "site"


# Class: agent source published verbatim under raw/ becomes a live HTML page on a plain host.
# build-pages writes raw/<slug>/<file>.md into the docs folder; the host renders every .md
# there as a page, so the agent's raw HTML runs on the site's origin.
def test_raw_files_never_become_pages_that_run_script(chromium, host_site):
    pages = sorted(host_site.glob("raw/**/*.html"))
    with serve_site(host_site, "/") as site:
        page = chromium.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            for html in pages:
                page.goto(site.url + html.relative_to(host_site).parent.as_posix() + "/")
                page.wait_for_timeout(300)
        finally:
            page.close()
    assert dialogs == [], f"script ran: {dialogs}"
    assert pages == [], f"raw sources rendered as pages: {pages}"


# Class: the install command's URL (agents.json's raw_url) must be the verbatim file.
def test_the_install_url_serves_the_verbatim_file(host_site):
    import json

    (record,) = json.loads((host_site / "agents.json").read_text(encoding="utf-8"))["agents"]
    assert record["raw_url"] == "raw/rawbomb/rawbomb.md.txt"
    raw = host_site / record["raw_url"]
    assert raw.is_file(), "the install button's curl URL answers 404 on a plain host"
    assert raw.read_text(encoding="utf-8") == AGENT


# Same class on Zensical, the host build-pages was written for: it renders raw/**/*.md too.
def test_on_zensical_raw_files_never_become_pages_that_run_script(chromium, tmp_path):
    import shutil

    zensical = shutil.which("zensical")
    if zensical is None:
        pytest.skip("Zensical is not installed")
    plain_host_project(tmp_path, {"rawbomb.md": AGENT})
    proc = subprocess.run(
        [zensical, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    host_site = tmp_path / "site"
    pages = sorted(host_site.glob("raw/**/*.html"))
    dialogs: list[str] = []
    with serve_site(host_site, "/") as site:
        page = chromium.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            for html in pages:
                page.goto(site.url + html.relative_to(host_site).parent.as_posix() + "/")
                page.wait_for_timeout(300)
        finally:
            page.close()
    assert dialogs == [], f"script ran: {dialogs}"
    assert pages == [], f"raw sources rendered as pages: {pages}"
