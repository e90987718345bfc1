"""Hostile skills and commands: their text reaches the same places an agent's does (page body,
title and `<head>`, attributes, tables, nav, JSON, llms.txt), through the same choke points.
A real build of generated hostile files (written at test time, never committed) beside a normal
agent, every skill and command page parsed whole, as `test_security_site.py` and
`test_security_frame.py` do for agents; one test opens the pages in Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import load_json, make_project, mkdocs_build, soup
from hostile import (
    DANGEROUS_TAGS,
    PSEUDO_TAGS_BODY,
    SCRIPT_PAYLOADS,
    TEMPLATE_PAYLOADS,
    live_markup,
)
from test_security_frame import ATTR_BODY, TITLE, assert_no_theme_hooks

pytestmark = pytest.mark.timeout(600)

SCRIPTS = "\n\n".join(SCRIPT_PAYLOADS)
BIDI = "Run `rm -rf /tmp/\u202ex.txt` to tidy up.\n\n```sh\necho safe \u2066# \u2069rm -rf ~\n```\n"
FILE_NAME = "<img src=x onerror=alert('file')>.txt"
FOLDER = "<svg onload=alert('folder')>"


def front(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)


HOSTILE = {
    # skills: every field, the body, the folder name and a file name of the folder
    f".claude/skills/{FOLDER}/SKILL.md": front(
        name=TITLE,
        description=SCRIPTS,
        **{"allowed-tools": ["Read", '<script>alert("tool")</script>']},
        model='<iframe src="https://evil.example"></iframe>',
        license="{{ 7*7 }}",
        **{"<script>alert('key')</script>": "[x](javascript:alert('other-key'))"},
    )
    + "---\n"
    + SCRIPTS
    + "\n\n"
    + PSEUDO_TAGS_BODY,
    f".claude/skills/{FOLDER}/{FILE_NAME}": "not read\n",
    ".claude/skills/attrs/SKILL.md": front(name="attrs", description="attribute lists")
    + "---\n"
    + ATTR_BODY,
    ".claude/skills/bidi/SKILL.md": front(name="bidi", description="bidi") + "---\n" + BIDI,
    ".claude/skills/templates/SKILL.md": front(
        name="tpl-{{ 7*7 }}", description="\n".join(TEMPLATE_PAYLOADS)
    )
    + "---\n"
    + "\n\n".join(TEMPLATE_PAYLOADS),
    # a skill that tries to take the agent's page, and one shaped like a hashed slug
    ".claude/skills/victim/SKILL.md": front(name="../agents/victim", description="impostor")
    + "---\nImpostor.\n",
    ".claude/skills/hashed/SKILL.md": front(name="victim-c5fa5d14", description="hashed")
    + "---\nHashed.\n",
    # commands: the file name is the name
    ".claude/commands/<img src=x onerror=alert('cmd')>.md": "# <script>alert('heading')</script>\n"
    + SCRIPTS,
    ".claude/commands/evil) [y](javascript:alert('fname')) x.md": front(
        description=TITLE, **{"argument-hint": "<b onmouseover=alert('hint')>[x]</b> | y"}
    )
    + "---\n"
    + ATTR_BODY,
    ".claude/commands/victim.md": front(description="a command named like the agent")
    + "---\n$ARGUMENTS\n",
    ".claude/commands/bidi.md": BIDI,
    ".claude/agents/victim.md": front(name="victim", description="the agent", skills=[TITLE])
    + "---\nYou are the real victim agent.\n",
}


LLMS_ENTRY = r"- \[.*\]\((agents|skills|commands|agents\.json|agents\.schema\.json|raw)[^ ()]*\).*"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kinds-hostile")
    # Material's own search: Pagefind's index is not under test here
    project = make_project(root / "p", {}, plugin_config="sources: [.claude]\nsearch: material")
    for name, text in HOSTILE.items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    mkdocs_build(project)
    return project / "site"


def item_pages(site: Path) -> list[Path]:
    pages = sorted([*(site / "skills").rglob("*.html"), *(site / "commands").rglob("*.html")])
    assert len(pages) == 6 + 4 + 2  # every skill and command, and the two tables
    return [*pages, site / "agents" / "victim" / "index.html", site / "health" / "index.html"]


def test_no_skill_or_command_page_carries_live_markup(site):
    for path in item_pages(site):
        page = soup(path)
        content = page.select_one("article")
        assert live_markup(content, DANGEROUS_TAGS) == [], path
        assert live_markup(page, tags=set()) == [], path
        assert page.find("script", string=re.compile("alert")) is None, path


def test_titles_are_plain_text_and_payloads_show_as_written(site):
    doc = load_json(site / "agents.json")
    skill = next(s for s in doc["skills"] if s["name"] == TITLE)
    page = soup(site / skill["url"] / "index.html")
    title = page.find("title")
    assert title.find(True) is None and "<" not in title.get_text()
    text = page.select_one("article").get_text(" ")
    assert '<script>alert("xss-script")</script>' in text  # shown, as text
    assert FILE_NAME in text and FOLDER in text
    assert "<role>" in text  # pseudo-tags read as the prompt wrote them
    for path in item_pages(site):
        for meta in soup(path).find_all("meta"):
            assert "alert" not in meta.get("content", ""), path


def test_no_attribute_list_or_theme_hook_from_skill_or_command_text(site):
    for path in item_pages(site):
        assert_no_theme_hooks(soup(path).select_one("article"), path)


def test_template_syntax_is_shown_literally(site):
    page = soup(site / "skills" / "tpl-7-7" / "index.html").select_one("article").get_text(" ")
    assert "{{ 7*7 }}" in page and "49" not in page
    assert "{% for x in range(3) %}" in page and "looplooploop" not in page


def test_bidi_controls_are_shown_as_escapes_with_a_finding(site):
    doc = load_json(site / "agents.json")
    for kind, name in (("skills", "bidi"), ("commands", "bidi")):
        record = next(r for r in doc[kind] if r["name"] == name)
        assert "body-bidi-control" in {d["rule"] for d in record["diagnostics"]}
        text = soup(site / record["url"] / "index.html").select_one("article").get_text()
        assert "\u202e" not in text and "\\u202e" in text
        assert "\u2066" not in text


def test_no_skill_or_command_takes_another_pages_url(site):
    doc = load_json(site / "agents.json")
    victim = next(a for a in doc["agents"] if a["name"] == "victim")
    assert victim["url"] == "agents/victim/"
    page = soup(site / "agents" / "victim" / "index.html").select_one("article").get_text(" ")
    assert "You are the real victim agent" in page
    urls = {r["name"]: r["url"] for r in doc["skills"] + doc["commands"]}
    assert urls["../agents/victim"] == "skills/agents-victim/"
    assert urls["victim-c5fa5d14"] == "skills/victim-c5fa5d14-agent/"
    assert urls["victim"] == "commands/victim/"
    every = [r["url"] for r in doc["agents"] + doc["skills"] + doc["commands"]]
    assert len(every) == len(set(every))
    for url in every:
        assert re.fullmatch(r"(agents|skills|commands)/[a-z0-9-]+/", url), url


def test_json_and_llms_txt_keep_the_text_and_their_shape(site):
    raw = (site / "agents.json").read_text(encoding="utf-8")
    json.loads(raw, parse_constant=lambda c: pytest.fail(f"non-strict JSON: {c}"))
    doc = json.loads(raw)
    names = {r["name"] for r in doc["commands"]}
    assert "<img src=x onerror=alert('cmd')>" in names
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    for line in llms.split("\n"):
        if line.startswith("- ["):
            # one entry per line, its link the catalog's own page
            assert re.fullmatch(
                r"- \[.*\]\((agents|skills|commands|agents\.json|agents\.schema\.json|raw)[^ ()]*\).*",
                line,
            ), line
    assert "javascript:alert('fname')" not in re.findall(r"\]\(([^)]*)\)", llms)


@pytest.mark.browser
def test_no_script_runs_on_skill_and_command_pages_in_chromium(site, tab):
    """Opened as a reader would, the tables driven too (text filter, every facet): no dialog
    opens and no page logs an error (the `tab` fixture fails on any)."""
    from browser.site_servers import serve_site

    dialogs: list[str] = []
    tab.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_site(site) as served:
        for path in item_pages(site):
            tab.goto(served.url + path.relative_to(site).parent.as_posix() + "/")
            tab.page.wait_for_load_state("networkidle")  # the favicon too, before moving on
            if path.parent.name in ("skills", "commands"):
                tab.page.fill("input.ac-filter", "alert")
                for select in tab.page.query_selector_all("select.ac-facet"):
                    select.select_option(index=1)
                rows = tab.page.eval_on_selector_all("tbody tr", "rs => rs.length")
                assert rows > 0
    assert dialogs == []
