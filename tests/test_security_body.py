"""Prompt bodies never become live markup or file reads (issue 7, threat 1), at the core level.

`prepare_body` output is rendered with Python-Markdown and the extensions a Material site
typically enables (attr_list sets any attribute; snippets includes files), then parsed with
BeautifulSoup. The built-site tests check the same through `mkdocs build` and the sanitiser.
"""

from __future__ import annotations

import markdown
import pytest
from agent_catalog.reading.body import MAX_BODY_CHARS, prepare_body
from bs4 import BeautifulSoup
from hostile import DANGEROUS_TAGS, PSEUDO_TAGS_BODY, SCRIPT_PAYLOADS, live_markup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MKDOCS_DEFAULT = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
"""MkDocs always loads toc, tables and fenced_code; the plugin adds the others."""
EXTENSIONS = MKDOCS_DEFAULT + ["pymdownx.details", "pymdownx.superfences", "pymdownx.highlight"]
TEXT_ONLY = DANGEROUS_TAGS - {"img"} | {"b", "i"}
"""Elements no body may produce (`b`, `i`: raw HTML got through; images from links may)."""


def render(body: str, *, allow_html: bool = False, extensions=EXTENSIONS, configs=None):
    prepared = prepare_body(body, "agent", 5, allow_html)
    html = markdown.markdown(
        prepared.markdown, extensions=extensions, extension_configs=configs or {}
    )
    return BeautifulSoup(html, "lxml"), prepared


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_script_payloads_in_a_body_stay_text(payload):
    soup, _ = render(f"Intro.\n\n{payload}\n\nOutro.")
    assert live_markup(soup) == []
    assert "Outro." in soup.get_text()


BYPASSES = {
    "label over two lines": "[a\nb](javascript:alert(1))",
    "URL over two lines": "[t](java\nscript:alert(1))",
    "tab in the scheme": "[t](java\tscript:alert(1))",
    "nested brackets": "[[nested]](javascript:alert(1))",
    "reference definition": "See [x][ref].\n\n[ref]: javascript:alert(1)\n",
    "reference URL on the next line": "[r]\n\n[r]:\n  javascript:alert(1)\n",
    "reference data image": "![i][r]\n\n[r]: data:image/svg+xml;base64,AAAA\n",
    "entity-encoded scheme": "[t](&#x6A;avascript&colon;alert(1))",
    "angle-bracket URL": "[t](<javascript:alert(1)>)",
    "attr_list on a heading": "## Title {: onclick=alert(1) }",
    "attr_list on a paragraph": "Some text\n{: onmouseover=alert(1) }",
    "attr_list on a link": "[x](https://example.com){: onclick=alert(1) }",
    "attr_list on code": "`code`{: onclick=alert(1) }",
    "reference definition in a quote": "[r]\n\n> [r]: javascript:alert(1)\n",
    "fence info that is not a language": "```<script>\nalert(1)\n",
    "indented fence (not a fence at the top level)": "  ```\n<script>alert(1)</script>\n  ```",
    "fence attributes": "```{ .py onclick=alert(1) }\nx = 1\n```",
    "backticks paired across lines": "`\n`<script>alert(1)</script>`",
    "backtick runs of different lengths": "``<script>```<`",
    "escaped backtick": "\\`a <script>alert(1)</script> `b`",
}


@pytest.mark.parametrize("text", BYPASSES.values(), ids=BYPASSES.keys())
@pytest.mark.parametrize("extensions", [MKDOCS_DEFAULT, EXTENSIONS], ids=["fenced_code", "super"])
def test_link_attribute_and_code_tricks_stay_text(text, extensions):
    soup, prepared = render(text, extensions=extensions)
    assert live_markup(soup, TEXT_ONLY) == []


TOKENS = [
    "<", ">", "[", "]", "(", ")", "!", ":", "&", "#", "{", "}", "=", "\n", "\n\n", "\t", " ",
    '"', "`", "``", "```", "~~~", "javascript", "data", "x", "onclick", "&#106;", "\\", "- ",
    "    ", "|", "](", "]:", "<script>", "<b>", "{:", "{ .py onclick=alert(1) }", "> ", "| a |",
    "|---|---|", "<a href=javascript:x>", "[r]", "python",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join), st.booleans())
def test_no_body_of_markdown_tokens_becomes_live_markup(text, superfences):
    soup, _ = render(text, extensions=EXTENSIONS if superfences else MKDOCS_DEFAULT)
    assert live_markup(soup, TEXT_ONLY) == [], text


def test_unsafe_links_are_reported_with_their_line():
    _, prepared = render("ok\n\n[a\nb](javascript:alert(1))\n")
    found = [f for f in prepared.findings if f[1] == "body-unsafe-link"]
    assert found and found[0][4] == 8  # body from file line 5: the URL is on its 4th line


def test_safe_links_and_braces_still_work():
    soup, _ = render(
        "[docs](https://example.com) and [part](#part) and {name} and {:ok, value}\n\n"
        "[ref link][r]\n\n[r]: https://example.com/ref\n"
    )
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://example.com", "#part", "https://example.com/ref"]
    assert "{name} and {:ok, value}" in soup.get_text()


def test_a_mention_of_javascript_urls_in_prose_is_kept_as_written():
    soup, prepared = render("Never write javascript: URLs, and data: is not a link.")
    assert soup.get_text().strip() == "Never write javascript: URLs, and data: is not a link."
    assert prepared.findings == []


def test_pseudo_tags_read_as_the_prompt_wrote_them():
    soup, _ = render(PSEUDO_TAGS_BODY)
    text = soup.get_text()
    for tag in ("<role>", "</role>", "<workflow>", "<example>", "</example>"):
        assert tag in text
    assert "Senior reviewer of pull requests." in text
    assert live_markup(soup) == []


def test_snippet_markers_cannot_include_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = '--8<-- "secret.txt"\n\n```\n--8<-- "secret.txt"\n```\n\n;--8<-- "secret.txt"\n'
    for allow_html in (False, True):
        soup, prepared = render(
            body,
            allow_html=allow_html,
            extensions=EXTENSIONS + ["pymdownx.snippets"],
            configs={"pymdownx.snippets": {"base_path": [str(tmp_path)]}},
        )
        assert "TOP-SECRET-CONTENT" not in str(soup)
    assert any(f[1] == "body-snippet-marker" for f in prepared.findings)


def test_code_keeps_its_text():
    soup, _ = render("```html\n<script>alert(1)</script>\n```\n\nInline `<b>x</b>` code.")
    assert "<script>alert(1)</script>" in soup.find("code").get_text()
    assert live_markup(soup) == []


def test_a_huge_body_is_cut_and_reported():
    body = ("word " * 20 + "\n") * (MAX_BODY_CHARS // 100 * 3)
    prepared = prepare_body(body, "agent")
    assert len(prepared.markdown) <= MAX_BODY_CHARS + 1
    assert [f[1] for f in prepared.findings] == ["body-too-large"]
