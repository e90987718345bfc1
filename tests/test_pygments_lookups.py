"""Pygments' lookups kept by the plugin (`site/pygments_lookups.py`) change no byte of the
highlighted HTML, make each lookup once, fail again as they failed, and are installed by a
real `mkdocs build` of the plugin."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

FENCES = {
    "python": "def f(x):\n    return x * 2  # double\n",
    "bash": 'for f in *.md; do echo "$f"; done\n',
    "json": '{"name": "reviewer", "tools": ["Read", "Grep"]}\n',
    "": "no language at all\n  indented\n",
    "mermaid": "graph TD\n  A --> B\n",
    "dql": "fetch logs | filter status == 500\n",
    'python hl_lines="2"': "a = 1\nb = 2\nc = 3\n",
    "console": "$ ls -la\ntotal 0\n",
    "php": "echo 'no opening tag';\n",
    "yaml": "name: reviewer\ntools: Read, Grep\n",
    # lexers that keep what they read on the instance: a lexer reused for the next block
    # would highlight it by the first block's dialect or headers
    "modula2": "(*!m2iso*)\nMODULE A; VAR c: COMPLEX; END A.\n",
    "modula2 ": "(*!m2pim*)\nMODULE B; VAR c: COMPLEX; END B.\n",
    "mime": "Content-Type: text/plain\n\nhello\n",
    "mime ": "X-Other: 1\n\n--b\nbody\n",
}


def _document() -> str:
    """Every fence twice, in lists and at the top, so lexers and stylesheets are reused."""
    parts = []
    for _ in range(2):
        for lang, code in FENCES.items():
            parts += [f"```{lang}", code.rstrip("\n"), "```", ""]
            parts += ["- an item", "", f"    ```{lang}", textwrap.indent(code, "    ").rstrip("\n")]
            parts += ["    ```", ""]
        parts.append("Inline `#!python print(1)` and `#!nosuchlang x`.")
        parts.append("")
    return "\n".join(parts)


_CONVERT = """
import json, sys
import markdown
sys.path.insert(0, {plugins!r})
if {install!r}:
    from agent_catalog.site import pygments_lookups
    assert pygments_lookups.install()
config = {{"pymdownx.highlight": {{"extend_pygments_lang": [
    {{"name": "php-inline", "lang": "php", "options": {{"startinline": True}}}}]}}}}
exts = ["pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite", "admonition"]
text = sys.stdin.read()
print(json.dumps([markdown.markdown(text, extensions=exts, extension_configs=config)
                  for _ in range(2)]))
"""


def _convert(text: str, install: bool) -> list[str]:
    code = _CONVERT.format(plugins=str(REPO / "plugins"), install=install)
    out = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_the_highlighted_html_is_byte_for_byte_what_pygments_makes_without_them():
    text = _document() + "\n```php-inline\necho 1;\n```\n"
    plain, kept = _convert(text, install=False), _convert(text, install=True)
    assert plain[0].count('class="highlight"') >= 20  # the blocks were highlighted
    assert kept == plain


def test_a_name_is_looked_up_once_and_each_block_gets_a_lexer_of_its_own():
    from agent_catalog.site.pygments_lookups import kept_lookup
    from pygments.lexers import PythonLexer
    from pygments.util import ClassNotFound

    calls: list[str] = []

    def lookup(name, **options):
        calls.append(name)
        if name == "python":
            return PythonLexer(**options)
        raise ClassNotFound(f"no lexer for alias {name!r} found")

    kept = kept_lookup(lookup)
    first, second = kept("python", stripnl=False), kept("python", stripnl=True)
    assert type(first) is type(second) is PythonLexer and first is not second
    assert (first.stripnl, second.stripnl) == (False, True)  # each with its own options
    for _ in range(3):
        with pytest.raises(ClassNotFound, match="no lexer for alias 'dql' found"):
            kept("dql", stripnl=False)
    assert calls == ["python", "dql"]


def test_a_plugin_build_installs_them(tmp_path):
    (tmp_path / "agents").mkdir()
    body = "Review code.\n\n```dql\nfetch logs\n```\n"
    agent = f"---\nname: reviewer\ndescription: Reviews code.\n---\n{body}"
    (tmp_path / "agents" / "reviewer.md").write_text(agent, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = "site_name: T\ntheme: material\nplugins:\n- agent-catalog:\n    sources: [agents]\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    probe = """
import pymdownx.highlight as h
from mkdocs.commands.build import build
from mkdocs.config import load_config
assert not getattr(h, "_agent_catalog_lookups", False)
build(load_config("mkdocs.yml", site_dir="site"))
assert h._agent_catalog_lookups and "dql" in h.get_lexer_by_name.found
"""
    subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True)
    page = (tmp_path / "site" / "agents" / "reviewer" / "index.html").read_text("utf-8")
    assert "fetch logs" in page
