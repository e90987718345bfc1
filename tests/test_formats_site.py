"""A site built from six tools' agents: badges, verbatim source files, install commands,
`agents.json` valid against its published schema, and `llms.txt` for language models."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
from agent_catalog.formats import INFO
from conftest import load_json, make_project, mkdocs_build, soup

REPO = Path(__file__).resolve().parent.parent
MIXED = REPO / "tests" / "fixtures" / "formats" / "mixed"
SOURCES = (
    "[.claude/agents, .github/agents, .opencode, .gemini/agents, .cursor/rules, .codex, agents]"
)
SITE_URL = "https://example.org/team/"


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    shutil.copytree(MIXED, root, dirs_exist_ok=True)
    make_project(root, plugin_config=f"sources: {SOURCES}", extra=f"site_url: {SITE_URL}\n")
    mkdocs_build(root)
    return root


def validate(site: Path) -> dict:
    schema = load_json(site / "agents.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(schema).validate(doc)
    return doc


def test_agents_json_validates_against_the_published_schema(mixed_site):
    doc = validate(mixed_site / "site")
    formats = {r["source"]: r["format"] for r in doc["agents"]}
    assert len(formats) == 17
    # Cursor subagents, the seventh, have their own fixture (tests/test_cursor_agents.py)
    assert set(formats.values()) == set(INFO) - {"cursor-agent"}
    assert formats[".codex/agents/explorer.toml"] == "codex"
    assert formats["agents/data-scientist.md"] == "gemini"
    skipped = [s["source"] for s in doc["skipped"]]
    assert skipped == [".codex/config.toml"]


def test_schema_rejects_a_broken_record(mixed_site):
    """The schema is not a rubber stamp: a record missing its name, or with an unknown format,
    or a raw URL that escapes its folder, fails validation."""
    site = mixed_site / "site"
    schema = load_json(site / "agents.schema.json")
    good = load_json(site / "agents.json")
    for breakage in (
        lambda r: r.pop("name"),
        lambda r: r.update(format="vim"),
        lambda r: r.update(raw_url="raw/../../etc/passwd"),
        lambda r: r["diagnostics"].append({"severity": "fatal", "message": "x", "line": 1}),
    ):
        doc = json.loads(json.dumps(good))
        breakage(doc["agents"][0])
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


def test_seed_site_agents_json_validates(seed_site):
    doc = validate(seed_site)
    assert {r["format"] for r in doc["agents"]} == {"claude"}


def test_raw_files_are_the_sources_byte_for_byte(mixed_site):
    doc = load_json(mixed_site / "site" / "agents.json")
    for r in doc["agents"]:
        assert re.fullmatch(r"raw/[a-z0-9-]+/[A-Za-z0-9._-]+", r["raw_url"]), r["raw_url"]
        published = mixed_site / "site" / r["raw_url"]
        assert published.read_bytes() == (mixed_site / r["source"]).read_bytes(), r["source"]


def test_every_page_has_its_format_badge_and_install_block(mixed_site):
    site = mixed_site / "site"
    doc = load_json(site / "agents.json")
    for r in doc["agents"]:
        page_url = urljoin(SITE_URL, r["url"])
        article = soup(site / r["url"] / "index.html").select_one("article")
        badge = article.select_one(".ac-format")
        assert badge.get_text() == INFO[r["format"]].label
        assert f"ac-format--{r['format']}" in badge["class"]
        row = {
            tr.find("td").get_text(): tr.find_all("td")[1] for tr in article.select("table tr")[1:]
        }
        assert row["Format"].get_text() == INFO[r["format"]].label
        # the button copies the command its install block shows (assets/catalog.js)
        command = article.select_one(".ac-install pre.ac-command").get_text()
        assert article.select_one(".ac-install button.ac-copy") is not None
        raw_abs = urljoin(SITE_URL, r["raw_url"])
        folder = INFO[r["format"]].install_dir
        assert command == f"mkdir -p {folder} && curl -fsSL -o {r['install_path']} {raw_abs}"
        assert r["install_path"].startswith(folder + "/")
        # the command is also shown, as code, exactly as it is copied
        shown = [c.get_text().strip() for c in article.select("pre > code")]
        assert command in shown
        link = article.select_one("a.ac-raw")["href"]
        assert urljoin(page_url, link) == raw_abs


def test_install_paths_follow_each_tool(mixed_site):
    doc = load_json(mixed_site / "site" / "agents.json")
    paths = {r["source"]: r["install_path"] for r in doc["agents"]}
    assert paths[".claude/agents/code-reviewer.md"] == ".claude/agents/code-reviewer.md"
    assert paths[".github/agents/docs-writer.md"] == ".github/agents/docs-writer.agent.md"
    assert paths[".opencode/agent/legacy-builder.md"] == ".opencode/agents/legacy-builder.md"
    assert paths[".cursor/rules/typescript.mdc"] == ".cursor/rules/typescript.mdc"
    assert paths[".codex/agents/explorer.toml"] == ".codex/agents/explorer.toml"
    assert paths["agents/data-scientist.md"] == ".gemini/agents/data-scientist.md"


def test_llms_txt_follows_the_convention(mixed_site):
    site = mixed_site / "site"
    text = (site / "llms.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "# Test catalog"
    assert lines[2].startswith("> A catalog of 17 AI agent definitions")
    sections = [ln[3:] for ln in lines if ln.startswith("## ")]
    assert sections == [
        "Claude Code agents",
        "GitHub Copilot agents",
        "OpenCode agents",
        "Gemini CLI agents",
        "Cursor rules",
        "Codex agents",
        "Optional",
    ]
    items = [re.fullmatch(r"- \[(.+?)\]\((\S+)\)(?:: (.+))?", ln) for ln in lines if ln[:2] == "- "]
    assert all(items), [ln for ln in lines if ln[:2] == "- "]
    doc = load_json(site / "agents.json")
    pages = {urljoin(SITE_URL, r["url"]): r for r in doc["agents"]}
    linked = {m.group(2) for m in items}
    assert set(pages) <= linked
    for m in items:
        target = m.group(2)
        assert target.startswith(SITE_URL)
        local = site / target[len(SITE_URL) :]
        assert local.is_file() or (local / "index.html").is_file(), target
    reviewer = next(m for m in items if m.group(2) == urljoin(SITE_URL, "agents/code-reviewer/"))
    assert reviewer.group(1) == "code-reviewer"
    assert reviewer.group(3) == "Reviews a change for correctness and style."


def test_llms_txt_neutralises_agent_text(tmp_path):
    root = make_project(
        tmp_path,
        {
            "x.md": """
            ---
            name: "evil](http://x) [y"
            description: "line one
              ## not a heading](javascript:alert(1))"
            ---
            Body.
            """
        },
    )
    mkdocs_build(root)
    text = (root / "site" / "llms.txt").read_text(encoding="utf-8")
    entry = [ln for ln in text.split("\n") if ln.startswith("- [evil")]
    assert entry == [
        "- [evil\\](http://x) \\[y](agents/evil-http-x-y/): line one ## not a "
        "heading\\](javascript:alert(1))",
        "- [evil\\](http://x) \\[y source](raw/evil-http-x-y/x.md.txt): the file as written",
    ]
    assert [ln for ln in text.split("\n") if ln.startswith("## ")] == [
        "## Claude Code agents",
        "## Optional",
    ]


GEMINI_AGENT = """
---
name: helper
description: Helps with the build.
tools: [read_file, run_shell_command]
---
Help.
"""


def test_a_source_configured_as_a_format_is_read_as_that_tool(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"helper.md": GEMINI_AGENT.replace("read_file", "Read")},
        plugin_config="sources: [agents]\nformats:\n  agents: gemini",
    )
    mkdocs_build(project)
    (record,) = load_json(project / "site" / "agents.json")["agents"]
    assert record["format"] == "gemini"
    assert record["format_detected_by"] == "config"
    assert record["install_path"] == ".gemini/agents/helper.md"
    rules = {d["rule"] for d in record["diagnostics"]}
    assert "gemini-claude-tool-names" in rules


def test_an_unknown_format_in_config_is_a_clear_error(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"helper.md": GEMINI_AGENT},
        plugin_config="sources: [agents]\nformats:\n  agents: vim",
    )
    proc = mkdocs_build(project, check=False)
    assert proc.returncode != 0
    assert "formats" in proc.stderr and "vim" in proc.stderr
    assert "claude" in proc.stderr and "codex" in proc.stderr


def test_catalog_home_shows_formats_only_when_there_are_several(mixed_site, seed_site):
    home = soup(mixed_site / "site" / "agents" / "index.html")
    rows = home.select("article table tbody tr")
    assert len(rows) == 17
    labels = {tr.select_one("td .ac-format").get_text() for tr in rows}
    # every format but Cursor subagents, which have their own fixture (test_cursor_agents.py)
    assert labels == {info.label for k, info in INFO.items() if k != "cursor-agent"}
    # the rows carry the format for the table's filter
    assert {tr["data-format"] for tr in rows} == labels
    seed_home = soup(seed_site / "agents" / "index.html")
    seed_rows = seed_home.select("article table tbody tr")
    assert seed_rows and not seed_home.select("article table .ac-format")
    assert not any(tr.has_attr("data-format") for tr in seed_rows)


CORPUS = Path(os.environ.get("AGENT_CATALOG_CORPUS", REPO.parent / "shared" / "corpus"))
CORPUS_SOURCES = {
    "github__awesome-copilot/agents": "copilot",
    "github__awesome-copilot/.github/agents": "copilot",
    "darrenhinde__opencode-agents/.opencode/agent": "opencode",
    "uplift-labs__opencode-agents-and-skills/.opencode/agents": "opencode",
    "sergarb1__awesome-gemini-cli-subagents/agents": "gemini",
    "PatrickJS__awesome-cursorrules/rules": "cursor",
}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"public corpus not found at {CORPUS}")
def test_public_corpus_other_formats_get_right_pages(tmp_path):
    """The corpus's Copilot, OpenCode, Gemini CLI and Cursor files, read in place."""
    project = tmp_path / "p"
    project.mkdir()
    rel = os.path.relpath(CORPUS, project)
    sources = ", ".join(f'"{rel}/{s}"' for s in CORPUS_SOURCES)
    make_project(project, plugin_config=f"sources: [{sources}]")
    mkdocs_build(project)
    site = project / "site"
    doc = validate(site)
    expected = 225 + 10 + 15 + 128 + 257
    assert len(doc["agents"]) == expected
    by_file = {}
    for r in doc["agents"]:
        folder = next(s for s in CORPUS_SOURCES if f"/{s}/" in r["source"])
        assert r["format"] == CORPUS_SOURCES[folder], r["source"]
        # the published file is the author's file, byte for byte
        assert (site / r["raw_url"]).read_bytes() == (project / r["source"]).read_bytes()
        by_file[r["source"].rsplit("/", 1)[1]] = r

    def page(name: str):
        return soup(site / by_file[name]["url"] / "index.html").select_one("article")

    cs = page("CSharpExpert.agent.md")
    assert cs.find("h1").get_text() == "C# Expert"
    assert cs.select_one(".ac-format").get_text() == "GitHub Copilot"
    c7 = page("context7.agent.md")
    tools = c7.find(id="tools").find_next("p").get_text()
    assert "agent/runSubagent" in tools and "context7/*" in tools
    coder = page("coder-agent.md")
    assert coder.find("h1").get_text() == "coder-agent"
    assert "inherits all tools" in coder.find(id="tools").find_next("p").get_text()
    assert "bash" in coder.find(string=re.compile("Except")).find_parent("p").get_text()
    ds = page("data-scientist.md")
    assert ds.select_one(".ac-format").get_text() == "Gemini CLI"
    assert "run_shell_command" in ds.find(id="tools").find_next("p").get_text()
    rule = by_file["ai-agent-specialist.mdc"]
    assert rule["name"] == "ai-agent-specialist" and rule["settings"]["globs"]
    assert page("ai-agent-specialist.mdc").find("h1").get_text() == "ai-agent-specialist"


@pytest.mark.browser
def test_copy_button_copies_the_install_command(mixed_site, chromium):
    """In a real Chromium: the button puts the exact command on the clipboard."""
    import functools
    import http.server
    import threading

    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(mixed_site / "site")
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    context = chromium.new_context()
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        page = context.new_page()
        page.goto(f"{origin}/agents/explorer/")
        expected = page.text_content(".ac-install pre.ac-command")
        assert expected.startswith("mkdir -p .codex/agents && curl")
        page.click("button.ac-copy")
        page.wait_for_function("document.querySelector('button.ac-copy').textContent == 'Copied'")
        assert page.evaluate("navigator.clipboard.readText()") == expected
    finally:
        context.close()
        server.shutdown()


def test_codex_and_cursor_pages_say_what_bounds_them(mixed_site):
    site = mixed_site / "site"
    explorer = soup(site / "agents" / "explorer" / "index.html").select_one("article")
    text = explorer.find(id="tools").find_next("p").get_text()
    assert "no tool list" in text and "read-only" in text
    rule = soup(site / "agents" / "typescript" / "index.html").select_one("article")
    rows = {
        tr.find("td").get_text(): tr.find_all("td")[1].get_text() for tr in rule.select("tr")[1:]
    }
    assert rows["Applies"] == "attached when a matching file is in context"
    assert rows["Tools"].startswith("none: a rule")
    assert "no tools of its own" in rule.find(id="tools").find_next("p").get_text()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_raw_link_resolves_under_a_prefix_and_either_url_style(tmp_path, directory_urls):
    project = make_project(
        tmp_path / "p",
        {"helper.md": GEMINI_AGENT},
        plugin_config="sources: [agents]\nprefix: team/catalog",
        extra=f"use_directory_urls: {str(directory_urls).lower()}\n",
    )
    mkdocs_build(project)
    site = project / "site"
    (record,) = load_json(site / "agents.json")["agents"]
    page_file = site / record["url"] / "index.html" if directory_urls else site / record["url"]
    article = soup(page_file).select_one("article")
    href = article.select_one("a.ac-raw")["href"]
    base = "http://h/" + record["url"]
    assert urljoin(base, href) == "http://h/" + record["raw_url"]
    assert (site / record["raw_url"]).read_bytes() == (project / record["source"]).read_bytes()
    # without site_url the command starts from $SITE, and the page says what that is
    command = article.select_one(".ac-install pre.ac-command").get_text()
    assert command.endswith(f'"$SITE/{record["raw_url"]}"')
    assert "$SITE stands for the address of this site." in article.get_text()
