"""libyaml reads ordinary frontmatter; anything that could blow up still meets the bounded parser."""

from __future__ import annotations

import pytest
import yaml
from agent_catalog.reading import yaml_fields


def test_ordinary_frontmatter_reads_the_same_through_libyaml():
    text = (
        "name: code-reviewer\n"
        'description: "Reviews code.\\nUse after edits."\n'
        "tools: [Read, Grep]\n"
        "hooks:\n  PreToolUse:\n    - matcher: Bash\n"
    )
    assert yaml_fields._fast_is_safe(text)
    assert yaml_fields.load_strict(text) == yaml.load(text, Loader=yaml_fields._BoundedLoader)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\n" + "".join(f"k{i}: [*x, *x, *x]\n" for i in range(60)),  # alias bomb
        "deep: " + "[" * 60 + "]" * 60 + "\n",  # nesting in brackets
        "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "end: 1\n",  # by indent
    ],
    ids=["aliases", "brackets", "indentation"],
)
def test_what_could_blow_up_is_refused_by_the_bounded_parser(text):
    assert not yaml_fields._fast_is_safe(text), "libyaml never sees it"
    with pytest.raises(yaml.YAMLError, match="aliases|nesting"):
        yaml_fields.load_strict(text)
