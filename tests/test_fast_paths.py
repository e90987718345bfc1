"""Fast replacements must answer exactly as the slower code they replaced."""

from __future__ import annotations

import posixpath

from agent_catalog.site.render import relative
from hypothesis import given
from hypothesis import strategies as st

_part = st.sampled_from(["agents", "compare", "tools", "index.md", "a.md", "raw", "x"])
_path = st.lists(_part, max_size=5).map("/".join)


@given(_path, _path)
def test_relative_matches_relpath(target, start):
    assert relative(target, start) == posixpath.relpath(target or ".", start or ".")


def test_relative_examples():
    assert relative("agents/a.md", "compare/tools") == "../../agents/a.md"
    assert relative("agents/a.md", "agents") == "a.md"
    assert relative("agents/", "") == "agents"
    assert relative("", "agents") == ".."


@given(st.text(alphabet=st.sampled_from("ab \\`*_{}[]()#+!|~>=-<&\"'\n"), max_size=40))
def test_markdown_escaping_matches_the_per_character_rule(text):
    """The translation table escapes exactly the special characters, each as before."""
    import re

    from agent_catalog.site import escaping

    rule = re.compile(r"([\\`*_{}\[\]()#+!|~>=-])")
    expected = rule.sub(lambda m: escaping._NOT_ESCAPABLE.get(m[1], "\\" + m[1]), text)
    assert escaping._md_escape(text) == expected


_any_text = st.text(alphabet=st.sampled_from("ab \\`*_{}[]()#+!|~>=-<&\"'\n;xé"), max_size=40)


@given(_any_text)
def test_html_escaping_matches_html_escape(text):
    import html

    from agent_catalog.site import escaping

    assert escaping._html(text) == html.escape(text, quote=True)


@given(_any_text)
def test_composed_escaping_matches_html_then_markdown(text):
    """One pass of the composed table answers as HTML-escaping then Markdown-escaping did."""
    import html

    from agent_catalog.site import escaping

    assert escaping._html_md(text) == escaping._md_escape(html.escape(text, quote=True))
    assert escaping.text_str(text, breaks=False) == " ".join(
        escaping._md_escape(html.escape(text, quote=True)).split()
    )


_md_line = st.sampled_from(
    [
        "# A",
        "## B",
        "### C",
        "#x",
        "```",
        "```py",
        "~~~",
        "  ```",
        "    ```",
        "\t```",
        " # no",
        "text",
        "",
        "  - item",
        "`` `",
        "####### seven",
        "#\tTab",
    ]
)


@given(st.lists(_md_line, max_size=14), st.integers(min_value=1, max_value=4))
def test_body_under_matches_the_line_by_line_rule(lines, top):
    """Visiting only the marked lines shifts headings exactly as visiting every line did."""
    from agent_catalog.reading.fences import FenceTracker
    from agent_catalog.site.render import _HEADING, body_under

    marks, fences = [], FenceTracker()
    for i, ln in enumerate(lines):
        if fences.step(ln):
            continue
        if h := _HEADING.match(ln):
            marks.append((i, len(h.group(1))))
    expected = list(lines)
    shift = max(0, top - min(level for _, level in marks)) if marks else 0
    for i, level in marks if shift else []:
        expected[i] = "#" * min(6, level + shift) + lines[i][level:]
    assert body_under("\n".join(lines), top) == "\n".join(expected)


@given(_any_text)
def test_chained_replacements_match_translate(text):
    """Each chained replacer answers exactly as one `str.translate` over its mapping."""
    from agent_catalog.site import escaping

    for fn in (escaping._md_escape, escaping._html, escaping._html_md):
        table = str.maketrans(dict(fn.steps))
        assert fn(text) == text.translate(table)


def test_replacements_that_contain_each_other_are_refused():
    import pytest
    from agent_catalog.site.escaping import _Replacer

    with pytest.raises(ValueError):
        _Replacer({"a": "b", "b": "a"})


_key = st.sampled_from(["label", "get", "items", "keys", "level", "__class__", "copy", "x"])


@given(st.dictionaries(_key, st.integers()), _key)
def test_dict_lookup_answers_as_jinja(mapping, name):
    """`value.key` on a dict: the catalog's environment answers exactly as Jinja's own."""
    import jinja2
    from agent_catalog.site.render import _Environment

    ours, theirs = _Environment(), jinja2.Environment()
    got, expected = ours.getattr(mapping, name), theirs.getattr(mapping, name)
    if isinstance(expected, jinja2.Undefined):
        assert isinstance(got, jinja2.Undefined) and got._undefined_name == name
    else:
        assert got == expected
