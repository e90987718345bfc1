"""The publishing tests' own tools must be able to fail: a subpath server that served
everything, or an error collector that heard nothing, would pass a broken site."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .chromium import watch
from .site_servers import REPO, fetch, mkdocs_env, mkdocs_serve, serve_site


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_site_served_under_a_subpath_exists_only_there(tmp_path):
    write(tmp_path / "index.html", "<p>home</p>")
    write(tmp_path / "agents" / "index.html", "<p>agents</p>")
    with serve_site(tmp_path, "myrepo") as site:
        assert site.url.endswith("/myrepo/")
        base = site.url.removesuffix("myrepo/")
        assert fetch(site.url) == (200, "<p>home</p>")
        assert fetch(site.url + "agents/") == (200, "<p>agents</p>")
        # Without the trailing slash the server redirects, as GitHub Pages does.
        assert fetch(site.url + "agents") == (200, "<p>agents</p>")
        assert fetch(base + "agents/")[0] == 404
        assert fetch(base + "index.html")[0] == 404
        assert site.missing() == ["/agents/", "/index.html"]


@pytest.mark.browser
def test_the_error_collector_hears_what_a_user_would_see(chromium, tmp_path):
    write(
        tmp_path / "index.html",
        "<h1>broken</h1><img src='missing.png'>"
        "<script>console.error('logged'); throw new Error('boom')</script>",
    )
    with serve_site(tmp_path) as site:
        context = chromium.new_context()
        try:
            t = watch(context.new_page())
            t.goto(site.url)
            t.page.wait_for_timeout(200)
        finally:
            context.close()
    text = "\n".join(t.errors)
    assert "boom" in text
    assert "logged" in text
    assert "missing.png" in text


@pytest.mark.browser
def test_a_clean_page_collects_nothing_and_screenshots_full_page(tab, tmp_path):
    # An icon link, as every Material page has: else Chromium asks for /favicon.ico.
    page = '<link rel=icon href="data:,"><h1>fine</h1>' + "<p>line</p>" * 200
    write(tmp_path / "index.html", page)
    with serve_site(tmp_path, "/sub/") as site:
        tab.goto(site.url)
        png = tab.screenshot("harness clean page")
    assert tab.errors == []
    assert png.name == "harness-clean-page.png"
    height = int.from_bytes(png.read_bytes()[20:24], "big")  # PNG IHDR height
    assert height > 900, "a full-page screenshot is taller than the viewport"


def test_mkdocs_serve_answers_and_is_always_stopped(tmp_path):
    write(tmp_path / "docs" / "index.md", "# Hello serve\n")
    write(tmp_path / "mkdocs.yml", "site_name: Serve check\nsite_url: https://example.org/proj/\n")
    with pytest.raises(RuntimeError, match="inside the block"):
        with mkdocs_serve(tmp_path, tmp_path) as server:
            process = server.process
            # `serve` mounts the site at site_url's path; the helper follows it there.
            assert server.url.endswith("/proj/")
            status, html = fetch(server.url)
            assert status == 200 and "Hello serve" in html
            raise RuntimeError("a failure inside the block")
    assert process.poll() is not None, "mkdocs serve outlived its block"


@pytest.mark.parametrize("chromium_path", ["/nonexistent/chromium", "/bin/false"])
def test_without_a_working_chromium_browser_tests_fail_and_say_how_to_install_it(
    chromium_path, tmp_path
):
    """Missing, or present but unable to start: either way a failure, never a silent skip."""
    test = f"{__file__}::{test_a_clean_page_collects_nothing_and_screenshots_full_page.__name__}"
    env = {**mkdocs_env(), "AGENT_CATALOG_CHROMIUM": chromium_path}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "apt-get install -y chromium" in proc.stdout
    assert "1 error" in proc.stdout and "skipped" not in proc.stdout
