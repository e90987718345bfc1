"""Generated pages are written without the theme's indentation (`site/compact.py`), and read
exactly the same: the text a browser lays out, every code block and inline code as written."""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup
from conftest import make_project, mkdocs_build

AGENT = """
---
name: tide-clerk
description: Logs the tides
tools: Read
---

Keep the table:

```text
high   06:12
    low 12:30
```

Then `a  b`, kept\u00a0here.
"""

HAND = "# Notes\n\n<div>\n    <p>indented by hand</p>\n</div>\n"


def test_generated_pages_drop_the_indentation_and_keep_what_is_laid_out_as_written(tmp_path):
    root = make_project(tmp_path, {"clerk.md": AGENT})
    (root / "docs" / "notes.md").write_text(HAND, "utf-8")
    mkdocs_build(root)
    html = (root / "site" / "agents" / "tide-clerk" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    blocks = [pre.get_text() for pre in soup.find_all("pre")]
    assert any("high   06:12\n    low 12:30" in b for b in blocks), blocks
    codes = [c.get_text() for c in soup.find_all("code")]
    assert "a  b" in codes
    assert "kept\u00a0here" in soup.find("article").get_text()  # a no-break space stays
    outside = re.sub(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", "", html, flags=re.S)
    assert not re.search(r"\n[ \t]", outside), "indentation left outside code"
    assert re.search(r"\n[ \t]", (root / "site" / "notes" / "index.html").read_text("utf-8")), (
        "a hand-written page is the theme's and its author's, left as written"
    )


CODE = """def tide(hour):  # the clerk's rule
    if hour  >  6 and hour < 18:
        return {"state": "high", 'at': [hour, hour + 1]}
    return None
"""

CODED = f"""
---
name: code-clerk
description: Writes the tide rule
tools: Read
---

The rule:

```python
{CODE}```

```js
const a = (b) => {{ return [b, b]; }};
```
"""


def _colours(pre) -> list[tuple[str, str | None]]:
    """Each character of a code block and the token class that colours it; white space has
    no visible colour, so its class is not compared."""
    out = []
    for text in pre.find_all(string=True):
        parent = text.parent
        cls = " ".join(parent.get("class", [])) if parent.name == "span" else None
        out.extend((ch, None if ch.isspace() else cls) for ch in text)
    return out


def test_highlighted_code_keeps_every_character_and_its_colour_in_fewer_spans(tmp_path):
    root = make_project(tmp_path, {"code.md": CODED})
    mkdocs_build(root)
    html = (root / "site" / "agents" / "code-clerk" / "index.html").read_text("utf-8")
    published = BeautifulSoup(html, "html.parser").select("article .highlight pre")
    # the same fences as the host's Markdown highlights them, without the catalog's pass
    fences = CODED.split("The rule:\n", 1)[1]
    expected = BeautifulSoup(
        markdown.markdown(fences, extensions=["pymdownx.superfences"]), "html.parser"
    ).select(".highlight pre")
    assert len(published) == len(expected) == 2
    for ours, theirs in zip(published, expected, strict=True):
        assert ours.get_text() == theirs.get_text()
        assert _colours(ours) == _colours(theirs)
        assert len(ours.find_all("span")) < len(theirs.find_all("span"))
    assert published[0].get_text() == CODE
    assert '<span class="w">' not in html
    assert not re.search(r'<span class="([a-z0-9]+)">[^<]*</span><span class="\1">', html)
