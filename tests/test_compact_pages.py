"""Generated pages are written without the theme's indentation (`site/compact.py`), and read
exactly the same: the text a browser lays out, every code block and inline code as written."""

from __future__ import annotations

import re

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
