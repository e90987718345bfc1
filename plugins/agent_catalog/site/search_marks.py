"""The catalog's own marks that keep an agent page's repeated chrome out of the search index.

An agent page lists its related agents (their names and summaries), why its areas were chosen,
and its install command: searched, every agent's name would find the pages of all the agents
it is related to. Those three blocks get Material's `data-search-exclude`, which Material's
search honours (`search: material`) and Pagefind's indexer too (it is one of the selectors
`publish/search_index.py` excludes: one mark for both, and no `data-pagefind-*` attribute on a
generated page at all), after the sanitiser, which removes every such attribute from a
generated page (`sanitize.py`). What readers search for stays indexed: the name, the
description, the responsibilities and areas, the tools, the prompt.

Agent text never chooses what is marked: marks are added only before the page's first
`<h2 id="prompt">`, the heading the catalog writes before the prompt, where every piece of agent
text is escaped (no `allow_html` reaches there: only the prompt body may carry raw HTML, and
it comes after that heading), and only to the blocks `page_parts.py` writes, by their exact
opening tags.
"""

from __future__ import annotations

import re

PROMPT_HEADING = '<h2 id="prompt"'
MARK = " data-search-exclude"
_CHROME = re.compile(
    r'<(ul class="ac-related"|details class="info ac-why"|div class="ac-install")>'
)


def mark_repeated_chrome(html: str) -> str:
    """An agent page's sanitised HTML with its repeated chrome marked (nothing after the
    prompt heading is touched; a page without one is returned as it was)."""
    end = html.find(PROMPT_HEADING)
    if end < 0:
        return html
    return _CHROME.sub(lambda m: f"<{m.group(1)}{MARK}>", html[:end]) + html[end:]
