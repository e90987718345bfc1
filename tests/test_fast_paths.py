"""Fast replacements must answer exactly as the slower code they replaced."""

from __future__ import annotations

import posixpath

from agent_catalog.render import relative
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

    from agent_catalog import escaping

    rule = re.compile(r"([\\`*_{}\[\]()#+!|~>=-])")
    expected = rule.sub(lambda m: escaping._NOT_ESCAPABLE.get(m[1], "\\" + m[1]), text)
    assert escaping._md_escape(text) == expected
