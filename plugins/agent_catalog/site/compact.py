"""Generated pages without the theme's indentation: the same page in fewer bytes.

Material's templates indent every line of the frame around a page (header, navigation, table of
contents, footer), and a catalog publishes that frame once per agent. A run of white space that
holds a line break renders as one space wherever the text is laid out with `white-space:
normal`, `nowrap` or `pre-line`, so it is written as one line break; what is laid out as
written is left exactly as it was: `pre`, `code` and `kbd` (Material gives them `pre-wrap`),
`textarea`, and `script` and `style`, whose text is not laid out but read.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S)
"""The theme, Python-Markdown and the sanitiser (nh3, which serialises every generated page)
write tag names in lower case."""
_RUN = re.compile(r"\n[ \t\n\r\f]+")
"""Not `\\s`: a no-break space is laid out, never collapsed."""


def compact_html(html: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(html):
        out.append(_RUN.sub("\n", html[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_RUN.sub("\n", html[pos:]))
    return "".join(out)
