"""Generated pages without the theme's indentation: the same page in fewer bytes.

Material's templates indent every line of the frame around a page (header, navigation, table of
contents, footer), and a catalog publishes that frame once per agent. A run of white space that
holds a line break renders as one space wherever the text is laid out with `white-space:
normal`, `nowrap` or `pre-line`, so it is written as one line break; what is laid out as
written is left exactly as it was: `pre`, `code` and `kbd` (Material gives them `pre-wrap`),
`textarea`, and `script` and `style`, whose text is not laid out but read.

Inside highlighted code (Pygments' token spans, `<span class="k">if</span>`) the same text is
written with fewer spans: a whitespace token's span (`w`) holds only spaces and line breaks,
which no colour shows, so its text stands alone; and neighbouring spans of one token class
on one line (with at most spaces between them) become one span, coloured as both were. The text, and
so what a reader sees, copies and searches, is unchanged; only flat token spans (no tag inside)
are touched, so a line's wrapper (`hl_lines`, line numbers) keeps its place.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S)
"""The theme, Python-Markdown and the sanitiser (nh3, which serialises every generated page)
write tag names in lower case."""
_RUN = re.compile(r"\n[ \t\n\r\f]+")
"""Not `\\s`: a no-break space is laid out, never collapsed."""
_WHITESPACE_TOKEN = re.compile(r'<span class="w">([ \t\n\r\f]*)</span>')
_SAME_CLASS_RUN = re.compile(
    r'<span class="((?!c)[a-z0-9]+)">[^<]*</span>(?:[ \t]*<span class="\1">[^<]*</span>)+'
)
"""On one line, and never comments (`c`, `c1`, `cm`...): the theme's code annotations look for
their markers comment by comment."""
_TAG = re.compile(r"<[^>]*>")


def compact_html(html: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(html):
        out.append(_RUN.sub("\n", html[pos : m.start()]))
        block = m.group(0)
        out.append(_fewer_spans(block) if m.group(1) == "pre" else block)
        pos = m.end()
    out.append(_RUN.sub("\n", html[pos:]))
    return "".join(out)


def _fewer_spans(pre: str) -> str:
    """A highlighted code block's token spans, merged where no colour changes (see above)."""
    if '<span class="' not in pre:
        return pre
    pre = _WHITESPACE_TOKEN.sub(r"\1", pre)
    return _SAME_CLASS_RUN.sub(_one_span, pre)


def _one_span(m: re.Match) -> str:
    return f'<span class="{m.group(1)}">{_TAG.sub("", m.group(0))}</span>'
