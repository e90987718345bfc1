"""Prompt bodies become safe, tidy page content: fences closed, no second title, no links that
point nowhere (so `mkdocs build --strict` passes), each repair reported with its line."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from agent_catalog.reading.body import prepare_body
from bs4 import BeautifulSoup
from reader_support import agent_of, read_fixture


def _fences(markdown: str) -> list[str]:
    return [ln for ln in markdown.split("\n") if re.match(r"^\s{0,3}(`{3,}|~{3,})", ln)]


def test_unclosed_fence_is_closed_and_reported_at_its_line():
    agent = read_fixture("unbalanced-fence.md")
    assert len(_fences(agent.body)) == 2
    assert agent.body.rstrip().endswith("```")
    (d,) = agent.diagnostics
    assert (d.rule, d.severity, d.line) == ("body-unclosed-fence", "warning", 8)


def test_longer_fence_holding_a_shorter_one_is_balanced():
    body = "````markdown\n```python\nx\n```\n````\n\nafter\n"
    prepared = prepare_body(body, "x")
    assert prepared.findings == []
    assert prepared.markdown == body


def test_tilde_fence_is_closed_with_tildes():
    prepared = prepare_body("~~~\ncode\n", "x", first_line=10)
    assert prepared.markdown.endswith("~~~\n")
    assert prepared.findings[0][4] == 10


def test_leading_h1_equal_to_the_name_is_dropped():
    agent = read_fixture("leading-h1.md")
    assert agent.body == "You are a reviewer.\n\n### Rules\n\nBe kind.\n"


def test_leading_h1_that_says_more_becomes_a_section():
    agent = agent_of(
        "---\nname: backend-architect\ndescription: d\n---\n"
        "# Backend Architect - Senior Engineer\n\nText.\n\n## Mission\n",
        "backend-architect.md",
    )
    assert agent.body.startswith("## Backend Architect - Senior Engineer\n")
    assert "### Mission" in agent.body


def test_h1_with_agent_suffix_is_the_same_title():
    agent = agent_of(
        "---\nname: code-reviewer\ndescription: d\n---\n# The Code Reviewer Agent\n\nText.\n"
    )
    assert agent.body == "Text.\n"


def test_headings_in_code_are_not_touched():
    prepared = prepare_body("```\n# not a heading\n```\n\n# Real\n", "x")
    assert "# not a heading" in prepared.markdown
    assert "## Real" in prepared.markdown


def test_relative_link_is_neutralised_and_reported():
    agent = read_fixture("relative-link.md")
    assert "](../shared/protocol.md)" not in agent.body
    assert "the protocol (`../shared/protocol.md`)" in agent.body
    assert "[the docs](https://example.com/docs)" in agent.body
    (d,) = agent.diagnostics
    assert (d.rule, d.severity, d.line) == ("body-relative-link", "info", 6)


def test_anchor_links_and_links_in_code_are_kept():
    prepared = prepare_body("See [below](#usage) and `[x](y.md)`.\n", "x")
    assert prepared.markdown == "See [below](#usage) and `[x](y.md)`.\n"
    assert prepared.findings == []


def test_script_links_are_removed():
    prepared = prepare_body("[click](javascript:alert(1))\n", "x")
    assert "javascript:" not in prepared.markdown
    assert prepared.findings[0][1] == "body-unsafe-link"


def _build(tmp_path, page: str) -> subprocess.CompletedProcess:
    (tmp_path / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_prepared_bodies_pass_mkdocs_strict_where_raw_ones_fail(tmp_path):
    raw = textwrap.dedent(
        """\
        # Reviewer

        Read [the protocol](../shared/protocol.md), [notes](notes.md) and [the spec][spec].

        [spec]: ../spec.md

        ```python
        print("never closed")
        """
    )
    page = "# Reviewer\n\n" + prepare_body(raw, "reviewer").markdown
    raw_build = _build(tmp_path / "raw", "# Reviewer\n\n" + raw)
    assert raw_build.returncode != 0, "the raw body should break --strict"
    built = _build(tmp_path / "ok", page)
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "ok" / "site" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    main = soup.find("div", attrs={"role": "main"}) or soup.body
    assert [h.get_text(strip=True) for h in main.find_all("h1")] == ["Reviewer"]
    assert not [a for a in main.find_all("a") if a.get("href", "").endswith(".md")]
    assert main.find("pre").get_text().strip() == 'print("never closed")'


def test_reference_definitions_are_judged_like_inline_links():
    body = (
        "See [the guide][g], [the site][s] and [run][x].\n\n"
        "[g]: ../guide.md\n"
        '[s]: https://example.com "Example"\n'
        "[x]: javascript:alert(1)\n"
        "[optional scope]: [optional body][optional footer(s)]\n"
    )
    prepared = prepare_body(body, "x", first_line=5)
    lines = prepared.markdown.split("\n")
    assert lines[2] == "\\[g\\]: `../guide.md`"
    assert lines[3] == '[s]: https://example.com "Example"'
    assert lines[4] == "\\[x\\]: (link removed: unsafe URL)"
    assert lines[5] == "[optional scope]: [optional body][optional footer(s)]"
    assert [(f[1], f[4]) for f in prepared.findings] == [
        ("body-relative-link", 7),
        ("body-unsafe-link", 9),
    ]
