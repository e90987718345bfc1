"""The catalog on Zensical, which runs no MkDocs plugins: `build-pages` writes the whole site.

The story: a team on Zensical runs `agent-catalog build-pages docs --config mkdocs.yml`, adds
the lines it prints to its config and runs `zensical build`. A reader then filters the catalog
table, copies an agent's install command and downloads the raw file it fetches: all of it must
work as on the plugin's site (issue 13 measured no filters, no raw files and dead commands).
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import REPO, build_pages, load_json, soup

from .site_servers import serve_site

pytestmark = pytest.mark.browser
ZENSICAL = shutil.which("zensical")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    if ZENSICAL is None:
        pytest.skip("Zensical is not installed: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("zensical")
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Our agents\n\nSee [the catalog](agents/index.md).\n")
    written = build_pages(docs, "--config", str(REPO / "mkdocs.yml"))
    assert written.returncode == 0, written.stderr[-3000:]
    snippet = written.stdout.split("add to mkdocs.yml:", 1)[1]
    (root / "mkdocs.yml").write_text(
        "site_name: Zensical host\ntheme:\n  font: false\n  features:\n    - content.code.copy\n"
        + snippet,
        encoding="utf-8",
    )
    built = subprocess.run(
        [ZENSICAL, "build"], capture_output=True, text=True, cwd=root, timeout=300
    )
    assert built.returncode == 0, (built.stdout + built.stderr)[-3000:]
    return root / "site"


def test_zensical_builds_every_catalog_file(zensical_site):
    records = load_json(zensical_site / "agents.json")["agents"]
    assert len(records) == 5
    for r in records:
        page = soup(zensical_site / r["url"] / "index.html")
        assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == r["name"]
        assert (zensical_site / r["raw_url"]).is_file(), r["raw_url"]
    assert (zensical_site / "llms.txt").is_file() and (
        zensical_site / "agents.schema.json"
    ).is_file()
    scripts = [
        s.get("src", "") for s in soup(zensical_site / "agents" / "index.html").select("script")
    ]
    assert any(s.endswith("assets/agent-catalog/catalog.js") for s in scripts), scripts


def test_on_zensical_the_table_filters_and_the_install_command_copies(chromium, zensical_site):
    from .chromium import watch

    records = load_json(zensical_site / "agents.json")["agents"]
    with serve_site(zensical_site) as site:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=site.url.rstrip("/")
        )
        tab = watch(context.new_page())
        try:
            tab.goto(site.url + "agents/")
            table = tab.page.locator("article table").first
            visible = table.locator("tbody tr:visible")
            assert visible.count() == len(records)
            tab.page.get_by_placeholder(re.compile("filter", re.I)).fill("tech-backend")
            assert visible.count() == 1
            assert visible.first.locator("a").first.inner_text() == "tech-backend"
            tab.screenshot("zensical-catalog-filtered")

            record = next(r for r in records if r["name"] == "tech-backend")
            tab.goto(site.url + record["url"])
            button = tab.page.locator(".ac-install button.ac-copy")
            # the button copies the command shown beside it (issue 18: nothing else)
            expected = tab.page.locator(".ac-install pre.ac-command").inner_text().strip()
            assert expected and record["raw_url"] in expected
            button.click()
            tab.page.wait_for_function(
                "want => navigator.clipboard.readText().then(t => t === want)",
                arg=expected,
                timeout=10_000,
            )
            raw = tab.page.locator("a.ac-raw").get_attribute("href")
            answer = tab.page.request.get(site.url + record["url"] + raw)
            assert answer.ok, raw
            assert answer.body() == (zensical_site / record["raw_url"]).read_bytes()
            tab.screenshot("zensical-agent-page")
        finally:
            context.close()
        assert tab.errors == []
