"""The seed site builds with ProperDocs, the maintained drop-in fork of MkDocs 1.x.

ProperDocs reads the same `mkdocs.yml`, finds the plugin through its `mkdocs.plugins` entry
point and serves `mkdocs.*` imports from its own modules, so the plugin runs unchanged. CI
installs it with the test extra (`pip install -e '.[test]'`); elsewhere the test is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO, load_json, soup

pytest.importorskip("properdocs", reason="ProperDocs is not installed: pip install properdocs")


def test_seed_site_builds_with_properdocs(tmp_path):
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", str(REPO / "mkdocs.yml")]
        + ["-d", str(site)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        env=os.environ | {"DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "000_fe10bdb52f35c861.txt:1: error" in proc.stderr, "the plugin ran and reported"

    home = soup(site / "agents" / "index.html")
    generator = home.select_one("meta[name=generator]")["content"]
    assert "ProperDocs" in generator, generator
    records = load_json(site / "agents.json")["agents"]
    assert len(records) == 5
    linked = {a["href"].strip("/").rsplit("/", 1)[-1] for a in home.select("article table a")}
    nav = [a.get("href", "") for a in home.select("nav.md-nav--primary a")]
    for r in records:
        page = soup(site / r["url"] / "index.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == r["name"]
        assert r["slug"] in linked
        assert not any(r["slug"] + "/" in h for h in nav)
    tools = soup(site / "compare" / "tools" / "index.html").select_one("article table")
    assert len(tools.select("tbody tr")) == 5
    # the same search as under MkDocs: Material's box answered from the Pagefind bundle
    assert load_json(site / "search" / "search_index.json")["docs"] == []
    assert (site / "pagefind" / "pagefind.js").is_file()
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    assert "Pagefind" in worker.read_text(encoding="utf-8")
