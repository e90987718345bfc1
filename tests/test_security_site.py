"""Hostile agent files against the built site (issue 7): real `mkdocs build`, HTML parsed.

One project mixes every hostile file (`hostile.py`) with two normal agents and is built once;
each test reads it the way a visitor's browser would. Payloads sit in names, descriptions, tool
names, other keys and bodies. The last tests switch off one line of defence at a time (escaping,
then the nh3 sanitiser) to show that each alone still keeps the pages inert.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from agent_catalog.site.escaping import page_title
from bs4 import BeautifulSoup
from conftest import load_json, make_project, mkdocs_build, soup
from hostile import (
    BROKEN_BYTES,
    DANGEROUS_TAGS,
    HOSTILE_FILE_NAMES,
    SCRIPT_PAYLOADS,
    TEMPLATE_PAYLOADS,
    agent_text,
    bomb_files,
    live_markup,
    write_hostile_folder,
)

pytestmark = pytest.mark.timeout(600)

MARKERS = ("alert(", "evil.example")
"""Every script payload carries one: theme scripts never do."""
SITE_EXTENSIONS = """repo_url: https://github.com/example/agents
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.snippets
"""
"""What a Material site commonly enables; `snippets` reads files relative to the project;
`repo_url` makes every agent page link its source file (a path the file's author chose)."""


@dataclass
class Built:
    root: Path
    project: Path
    site: Path
    seconds: float
    before: set[str]
    after: set[str]

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def page(self, url: str) -> BeautifulSoup:
        return soup(self.site / url / "index.html")

    def record(self, name: str) -> dict:
        return next(r for r in load_json(self.site / "agents.json")["agents"] if r["name"] == name)


def tree(root: Path, skip: Path) -> set[str]:
    """Every path under `root` outside `skip`, with size and mtime: what a build may not touch."""
    out = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        if Path(dirpath) == skip or skip in Path(dirpath).parents:
            dirnames[:] = []
            continue
        out.update(str((Path(dirpath) / d).relative_to(root)) for d in dirnames)
        for name in filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            out.add(f"{p.relative_to(root)} {st.st_size} {st.st_mtime_ns}")
    out.discard(str(skip.relative_to(root)))
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    project = make_project(root / "project", {}, extra=SITE_EXTENSIONS)
    write_hostile_folder(project / "agents")
    site = project / "site"
    before = tree(root, site)
    t0 = time.perf_counter()
    mkdocs_build(project)
    seconds = time.perf_counter() - t0
    return Built(root, project, site, seconds, before, tree(root, site))


def article(page: BeautifulSoup):
    node = page.select_one("article")
    assert node is not None, "no content area: did the page build?"
    return node


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


# ----------------------------------------------------------------------------- threat 1


def assert_inert(page: BeautifulSoup, where: str, tags: set[str] = DANGEROUS_TAGS) -> None:
    """No agent-made markup on the page, content area and theme frame (title, nav, toc) alike."""
    assert live_markup(article(page), tags) == [], where
    # outside the content area the theme has its own scripts, forms and icons; none may carry a
    # payload, and no element anywhere may have an event handler or a script URL
    for el in page.find_all(list(DANGEROUS_TAGS)):
        blob = str(el)
        assert not any(m in blob for m in MARKERS), f"{where}: {blob[:120]}"
    assert live_markup(page, tags=set()) == [], where


def test_no_page_carries_live_markup_from_agent_text(hostile):
    pages = hostile.pages()
    assert len(pages) > 25
    for path in pages:
        assert_inert(soup(path), str(path.relative_to(hostile.site)))


def test_script_payloads_are_shown_as_text_where_they_were_written(hostile):
    page = hostile.page("agents/script-alert-name-script-img-src-x-onerror-alert-2")
    body = text_of(article(page))
    for payload in (
        '<script>alert("xss-script")</script>',
        "<img src=x onerror=alert('xss-onerror')>",
    ):
        assert payload in body  # the prompt, verbatim, as text
    assert '<script>alert("tool")</script>' in body  # a tool name
    assert 'red" onmouseover' in body  # the colour
    assert "<svg onload" in body  # another key
    heading = article(page).h1.get_text("", strip=True).rstrip("¶").strip()
    assert heading == '<script>alert("name")</script><img src=x onerror=alert(2)>'  # as written
    # the title the theme writes: the same text, HTML's characters as look-alikes (issue 18)
    assert page.title.get_text().startswith(page_title(heading))
    assert page.title.get_text().startswith("\u2039script\u203aalert(\u201dname\u201d)")
    assert "src=x onerror=alert('xss-onerror')" in body  # `=` without a stray backslash
    assert_inert(page, "script agent")


def test_pseudo_tags_in_prompts_still_read_well(hostile):
    prompt = text_of(
        article(hostile.page("agents/script-alert-name-script-img-src-x-onerror-alert-2"))
    )
    for tag in ("<role>", "</role>", "<workflow>", "<example>"):
        assert tag in prompt
    assert "Senior reviewer of pull requests." in prompt


# ----------------------------------------------------------------------------- threat 2


def test_template_syntax_is_shown_literally_never_evaluated(hostile):
    page = hostile.page("agents/tpl-7-7")
    text = text_of(article(page))
    for payload in TEMPLATE_PAYLOADS:
        assert " ".join(payload.split()) in text, payload
    assert "tpl-{{ 7*7 }}" in text
    assert "${{ secrets.MODEL }}" in text
    assert "49" not in text
    assert "Test catalog" not in text  # `{{ config.site_name }}` stays a literal
    mentions = 0
    for path in hostile.pages():  # catalog, comparisons, variants, health: wherever it is named
        listing = text_of(article(soup(path)))
        assert "tpl-49" not in listing, path
        if "tpl-" in listing:
            assert "tpl-{{ 7*7 }}" in listing, path
            mentions += 1
    assert mentions >= 3
    record = hostile.record("tpl-{{ 7*7 }}")
    assert record["description"].startswith("{{ 7*7 }}")
    assert "{{ 7*7 }}" in record["tools"]


# ----------------------------------------------------------------------------- threat 5


def test_table_breakers_never_change_a_tables_shape(hostile):
    tables = 0
    for path in hostile.pages():
        for table in article(soup(path)).select("table"):
            rows = table.select("tr")
            widths = {len(r.find_all(["td", "th"], recursive=False)) for r in rows}
            assert len(widths) == 1, f"{path.relative_to(hostile.site)}: rows of {widths} cells"
            tables += 1
    assert tables > 10
    page = hostile.page("agents/pipe-name-tick")
    fields = {
        r.find_all("td")[0].get_text(" ", strip=True): r.find_all("td")[1].get_text(" ", strip=True)
        for r in article(page).select("table tbody tr")
    }
    assert fields["Model"] == "sonnet | opus haiku"
    assert fields["category"] == "a | b"
    home = article(hostile.page("agents"))
    row = next(r for r in home.select("tbody tr") if "pipe | name" in r.get_text())
    assert row.find_all("td")[0].get_text(" ", strip=True) == "pipe | name `tick`"


# ----------------------------------------------------------------------------- threat 3


def test_nothing_is_written_outside_the_site_folder(hostile):
    assert hostile.after == hostile.before
    site = hostile.site.resolve()
    for path in hostile.site.rglob("*"):
        assert site in path.resolve().parents or path.resolve() == site
    # the name `../../x` got an ordinary page inside the site
    assert (hostile.site / "agents" / "x" / "index.html").is_file()
    assert hostile.record("../../x")["url"] == "agents/x/"


def test_every_hostile_name_has_its_own_page(hostile):
    data = load_json(hostile.site / "agents.json")["agents"]
    urls = [r["url"] for r in data]
    assert len(urls) == len(set(urls))
    for r in data:
        assert re.fullmatch(r"agents/[a-z0-9-]{1,64}/", r["url"]), r["url"]
        assert (hostile.site / r["url"] / "index.html").is_file()


def test_files_outside_a_source_are_never_published(hostile):
    everything = []
    for path in hostile.pages():
        everything.append(soup(path).get_text(" "))
    for name in ("agents.json", "search/search_index.json"):
        everything.append(json.dumps(load_json(hostile.site / name)))
    for fragment in (hostile.site / "pagefind" / "fragment").iterdir():  # the search index
        everything.append(gzip.decompress(fragment.read_bytes()).decode("utf-8"))
    blob = "\n".join(everything)
    assert "SECRET-OUTSIDE" not in blob and "SECRET-BODY" not in blob
    assert "root:x:0:0" not in blob  # /etc/passwd through a link
    assert "site_name: Test catalog" not in blob  # mkdocs.yml through a snippets marker
    health = text_of(article(hostile.page("health")))
    for link in ("link-outside.md", "link-passwd.md", "link-parent", "link-loop.md"):
        assert f"agents/{link}" in health


# ----------------------------------------------------------------------------- threats 4, 6


def test_the_hostile_mix_builds_quickly_with_normal_agents_intact(hostile):
    # a ceiling far above the measured cost (about ten seconds); ratios live in bench/
    assert hostile.seconds < 180
    reviewer = hostile.page("agents/code-reviewer")
    text = text_of(article(reviewer))
    assert article(reviewer).h1.get_text(strip=True).rstrip("¶") == "code-reviewer"
    assert "Reviews code for quality." in text and "sonnet" in text
    assert {"Read", "Grep", "Glob"} <= {c.get_text() for c in article(reviewer).select("code")}
    assert "Focus Areas" in [
        h.get_text(strip=True).rstrip("¶") for h in article(reviewer).select("h3, h4")
    ]
    writer = article(hostile.page("agents/test-writer"))
    prompt_code = writer.find(id="prompt").find_next("pre").get_text()  # after the install block
    assert "def test_x():" in prompt_code
    for name in ("code-reviewer", "test-writer"):
        assert hostile.record(name)["diagnostics"] == []


def test_every_bomb_and_broken_file_is_reported(hostile):
    health = text_of(article(hostile.page("health")))
    for fname in list(bomb_files()) + list(BROKEN_BYTES) + ["big-file.md"]:
        assert f"agents/{fname}" in health, fname
    for rule in (
        "yaml-too-complex",
        "frontmatter-too-large",
        "file-too-large",
        "body-too-large",
        "binary-content",
        "encoding-invalid",
        "empty-file",
        "symlink-outside",
        "body-unsafe-link",
        "body-snippet-marker",
    ):
        assert rule in health, rule
    laughs = hostile.record("laughs")
    assert len(json.dumps(laughs["metadata"])) < 50_000


# ----------------------------------------------------------------------------- allow_html

TRUSTED_BODY = (
    "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, see <b>bold</b>.\n\n"
    "<details><summary>More</summary>Hidden text.</details>\n\n" + "\n\n".join(SCRIPT_PAYLOADS)
)
LIVE_IN_TRUSTED = DANGEROUS_TAGS - {"img", "input", "button"}
"""With `allow_html`, harmless HTML renders; images and form controls without handlers may."""


@pytest.fixture(scope="module")
def trusted(tmp_path_factory) -> BeautifulSoup:
    project = make_project(
        tmp_path_factory.mktemp("trusted") / "project",
        {"trusted.md": agent_text("trusted", "A <b>trusted</b> agent.", TRUSTED_BODY)},
        plugin_config="sources: [agents]\nallow_html: true",
    )
    mkdocs_build(project)
    return soup(project / "site" / "agents" / "trusted" / "index.html")


def test_allow_html_renders_trusted_html_but_never_scripts(trusted):
    content = article(trusted)
    assert content.select_one("kbd") is not None and content.select_one("kbd").get_text() == "Ctrl"
    # (the page's own folded notes come first; the agent's <details> is in the prompt)
    assert "More" in [s.get_text() for s in content.select("details summary")]
    assert any(b.get_text() == "bold" for b in content.select("b"))
    assert live_markup(content, tags=LIVE_IN_TRUSTED) == []
    assert live_markup(trusted, tags=set()) == []


# ----------------------------------------------------------------------------- defence in depth


def build_in_process(project: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    build(config)
    return Path(config.site_dir)


@pytest.fixture()
def script_project(tmp_path) -> Path:
    everywhere = "\n\n".join(SCRIPT_PAYLOADS)
    return make_project(
        tmp_path / "project",
        {
            HOSTILE_FILE_NAMES[0]: agent_text("evil-filename"),
            "x.md": agent_text(
                "x-agent",
                everywhere,
                everywhere,
                tools=["Read", "<script>alert(1)</script>"],
                model="<img src=x onerror=alert(1)>",
                category="[c](javascript:alert(1))",
            ),
        },
        extra="repo_url: https://github.com/example/agents\n",
    )


def test_escaping_alone_keeps_pages_inert(tmp_path, monkeypatch):
    import agent_catalog.plugin as plugin

    monkeypatch.setattr(plugin, "sanitize_html", lambda html: html)
    project = make_project(tmp_path / "project", {}, extra=SITE_EXTENSIONS)
    write_hostile_folder(project / "agents", big=False)
    site = build_in_process(project)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 25
    for path in pages:
        assert_inert(soup(path), str(path.relative_to(site)))


def test_the_sanitiser_alone_keeps_pages_inert(script_project, monkeypatch):
    import agent_catalog.site.escaping as escaping
    from markupsafe import Markup

    raw = lambda value, *a, **k: Markup("" if value is None else str(value))  # noqa: E731
    for name in ("md_text", "md_paragraphs", "md_cell", "md_code", "md_message"):
        monkeypatch.setattr(escaping, name, raw)
    config = script_project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("sources: [agents]", "sources: [agents]\n      allow_html: true")
    )
    site = build_in_process(script_project)
    page = soup(site / "agents" / "x-agent" / "index.html")
    assert article(page).select("img"), "the raw HTML reached the sanitiser"
    for url in ("agents/x-agent", "agents/evil-filename", "agents", "compare/tools", "health"):
        assert_inert(soup(site / url / "index.html"), url, LIVE_IN_TRUSTED)


# ----------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_no_script_runs_in_a_real_browser_even_through_the_catalog_controls(hostile, chromium):
    """What the static HTML cannot show: the catalog table's script rebuilding the page, and a
    shared link whose view (`#q=...`) carries a payload. Any `alert` opens a dialog."""
    # the session's one Chromium (tests/browser/chromium.py): it fails, never skips, when
    # Chromium is missing, and a second Playwright in the same run would not start
    payload = "<img src=x onerror=alert('hash')>"
    context = chromium.new_context()
    try:
        dialogs: list[str] = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        home = (hostile.site / "agents" / "index.html").as_uri()
        page.goto(home + "#q=" + payload)
        page.wait_for_selector(".ac-controls")
        page.fill(".ac-filter", '"><svg onload=alert("typed")>')
        page.fill(".ac-filter", "script")
        for select in page.query_selector_all("select[data-facet]"):
            for value in select.eval_on_selector_all("option", "os => os.map(o => o.value)"):
                select.select_option(value)
        for url in (
            "agents/script-alert-name-script-img-src-x-onerror-alert-2",
            "agents/tpl-7-7",
            "agents/evil-y-javascript-alert-fname-x",
            "compare/tools",
            "health",
        ):
            page.goto((hostile.site / url / "index.html").as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(100)
            handlers = page.eval_on_selector_all(
                "[onerror], [onload], [onclick], [onmouseover], script:not([src])",
                "els => els.filter(e => /alert|evil/.test(e.outerHTML)).length",
            )
            assert handlers == 0, url
    finally:
        context.close()
    assert dialogs == []


def test_a_later_matrix_page_names_its_agents_as_text(tmp_path):
    """A tools-class matrix's later page names its first and last agent in its Markdown
    intro (`compare_tools_class.md.j2`), outside the escaped table: hostile names sorted to a
    page's ends are shown as written, and nothing of them is live."""
    names = ['zz<script>alert("last")</script>', "zz*bold* [x](javascript:alert(1))"]
    files = {f"a{i:03}.md": agent_text(f"agent-{i:03}", tools="Read, Grep") for i in range(130)}
    files.update({f"z{i}.md": agent_text(n, tools="Read") for i, n in enumerate(names)})
    project = make_project(tmp_path / "p", files)
    mkdocs_build(project)
    later = sorted((project / "site" / "compare" / "tools" / "read").glob("*/index.html"))
    assert later, "130 agents listing Read: the matrix has a second page"
    page = soup(later[-1])
    intro = article(page).find("p").get_text("")
    assert f"to {names[0]}, by name" in intro, intro  # the last by name ("<" after "*")
    assert names[1] in text_of(article(page))  # in the table, as written
    assert_inert(page, str(later[-1]))
