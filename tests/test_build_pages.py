"""`agent-catalog build-pages`: a host without plugins builds the same catalog from files on disk.

The story: a team on a generator that runs no MkDocs plugins (Zensical, or plain MkDocs) writes
the pages with the command, adds the lines it prints to its config, and builds. Here the host is
plain MkDocs + Material with no agent-catalog plugin at all.
"""

from __future__ import annotations

import subprocess
import sys

import yaml
from conftest import REPO, build_pages, load_json, make_project, mkdocs_build, soup

_build_pages = build_pages


def _text(page) -> str:
    article = soup(page).select_one("article")
    for link in article.select("a.headerlink"):
        link.decompose()
    return "".join(article.get_text().split())  # code highlighting is the host's choice too


def test_written_pages_build_with_plain_mkdocs_and_match_the_plugin(tmp_path, seed_site):
    proc = _build_pages(tmp_path / "docs", "--config", str(REPO / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stderr
    assert "000_fe10bdb52f35c861.txt:1: error" in proc.stderr, "findings go to stderr"
    snippet = proc.stdout.split("add to mkdocs.yml:", 1)[1]
    (tmp_path / "docs" / "index.md").write_text(
        "# Our agents\n\nSee [the catalog](agents/index.md).\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Plain host\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        + snippet,
        encoding="utf-8",
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert yaml.safe_load((tmp_path / "mkdocs.yml").read_text())["plugins"] == ["search"]
    site = tmp_path / "site"

    records = load_json(site / "agents.json")["agents"]
    assert len(records) == 5
    catalog = soup(site / "agents" / "index.html")
    linked = {a["href"].strip("/").rsplit("/", 1)[-1] for a in catalog.select("article table a")}
    nav = [a.get("href", "") for a in catalog.select("nav.md-nav--primary a")]
    for r in records:
        page = site / r["url"] / "index.html"
        assert soup(page).select_one("article h1").get_text(strip=True).rstrip("¶") == r["name"]
        assert r["slug"] in linked, f"{r['slug']} is one click from the catalog"
        assert not any(r["slug"] + "/" in h for h in nav), f"{r['slug']} is not in the nav"
        # the same page as the plugin's: the same text (permalinks are the host's choice)
        plain, plugin = (
            _text(site_dir / r["url"] / "index.html") for site_dir in (site, seed_site)
        )
        assert plain == plugin, r["url"]
    for listing in ("compare/tools", "compare/models", "compare/responsibilities", "health"):
        assert soup(site / listing / "index.html").select_one("article h1"), listing
    assert any(h.rstrip("/").endswith("compare/tools") for h in nav), "comparisons in the nav"


def test_strict_fails_on_findings_and_a_missing_config_is_explained(tmp_path):
    strict = _build_pages(tmp_path / "a", "--source", "seeds", "--strict")
    assert strict.returncode == 1, "the seeds carry errors and warnings"
    assert (tmp_path / "a" / "agents" / "index.md").is_file(), "pages are written even so"
    other = subprocess.run(
        [sys.executable, "-m", "agent_catalog.cli", "build-pages", str(tmp_path / "b")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert other.returncode == 2 and "--config or --source" in other.stderr
    assert not (tmp_path / "b").exists()


def test_formats_are_honoured_and_every_published_file_is_written(tmp_path):
    """A folder mapped to OpenCode is labelled OpenCode (build-pages used to ignore `formats`
    and label it by content), and the pages' raw links, llms.txt and script exist."""

    project = make_project(
        tmp_path / "p",
        {"vendor/helper.md": "---\ndescription: Helps.\nmode: subagent\n---\nYou help.\n"},
        plugin_config="sources: [agents]\nformats:\n  agents/vendor: opencode",
    )
    out = tmp_path / "docs"
    proc = _build_pages(out, "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stderr
    (record,) = load_json(out / "agents.json")["agents"]
    assert record["format"] == "opencode" and record["format_detected_by"] == "config"
    assert (out / record["raw_url"]).read_bytes() == (project / record["source"]).read_bytes()
    assert (out / "llms.txt").read_text().startswith("# Test catalog")
    assert (out / "agents.schema.json").is_file()
    assert (out / "assets" / "agent-catalog" / "catalog.js").is_file()
    assert "  - assets/agent-catalog/catalog.js" in proc.stdout, "the printed config loads it"


def test_a_wrong_option_is_the_same_error_from_the_plugin_and_from_build_pages(tmp_path):

    project = make_project(
        tmp_path / "p", {}, plugin_config="sources: [agents]\nrelated_count: many"
    )
    plugin = mkdocs_build(project, check=False)
    command = _build_pages(tmp_path / "docs", "--config", str(project / "mkdocs.yml"))
    assert plugin.returncode != 0 and command.returncode == 2
    message = "Expected type: <class 'int'> but received: <class 'str'>"
    assert message in plugin.stderr and message in command.stderr, command.stderr
    assert "related_count" in command.stderr and "agent-catalog" in command.stderr
    unknown = make_project(tmp_path / "q", {}, plugin_config="sources: [agents]\nsoruces: [x]")
    command = _build_pages(tmp_path / "docs2", "--config", str(unknown / "mkdocs.yml"))
    assert command.returncode == 2 and "soruces" in command.stderr
