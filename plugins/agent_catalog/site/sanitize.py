"""A second line of defence: generated pages' HTML passes an allowlist sanitiser (nh3/Ammonia).

Escaping in `escaping.py` and `body.py` is what keeps agent text inert; this pass guarantees that
even a mistake there, or raw HTML under `allow_html: true`, cannot put a script, an event handler
or a `javascript:` URL on a page, nor hand the theme's scripts an element to act on: Material
mounts components on `data-md-*` attributes, copies `data-clipboard-*` and `data-copy` text,
styles and drives `md-*` classes, `.annotate` blocks and `pre.mermaid` diagrams, and reads its
controls and its configuration by id (`#__search`, `#__drawer`, `#__config`, all starting with
`__`); the search indexers read `data-search-*` and `data-pagefind-*`. Those are removed from
every element of a generated page; the catalog's own pages need
none of them (their copy button is driven by the catalog's script, `assets/catalog.js`).
"""

from __future__ import annotations

import re

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "input", "label", "button",
    "meter", "figure", "figcaption", "caption", "colgroup", "col", "nav",
}  # fmt: skip
_GLOBAL_ATTRS = {
    "class",
    "id",
    "title",
    "align",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-hidden",
    "tabindex",
}
_ATTRS = {
    "*": _GLOBAL_ATTRS,
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "value", "placeholder", "name"},
    "button": {"type"},
    "meter": {"value", "min", "max"},
    "div": {"style"},
    "span": {"style"},
    "ol": {"start"},
}


_THEME_ATTR_PREFIXES = (
    "data-md-",
    "data-clipboard-",
    "data-copy",
    "data-tabs",
    "data-preview",
    "data-search-",
    "data-pagefind-",
)
"""Attributes Material's bundle selects on (`[data-md-component=source]`, `[data-copy]`...),
and those its search plugin and Pagefind read from the built pages (`data-search-exclude`,
`data-pagefind-body`, `data-pagefind-meta`...): one page must not decide what the search index
holds of the others, nor borrow another agent's title in the results."""
_THEME_CLASSES = ("md-", "annotate", "mermaid")
"""Classes it styles or acts on: `pre.mermaid` even makes it load Mermaid from a CDN and render
the block as a diagram."""
_THEME_ID_PREFIX = "__"
_LINE_ANCHOR = re.compile(r"__codelineno-\d+-\d+")


def theme_hook_filter(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: the value to keep, or None to drop the attribute."""
    if attribute.startswith(_THEME_ATTR_PREFIXES):
        return None
    if attribute == "class":
        if "md-" not in value and "annotate" not in value and "mermaid" not in value:
            return value
        kept = [c for c in value.split() if not c.startswith(_THEME_CLASSES)]
        return " ".join(kept) or None
    if attribute in ("id", "name") and value.startswith(_THEME_ID_PREFIX):
        # code line anchors written by pymdownx.highlight (`linenums`) stay: the theme's
        # line selection follows them, and agent text cannot choose an id but by a heading
        return value if _LINE_ANCHOR.fullmatch(value) else None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        attribute_filter=theme_hook_filter,
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"width", "text-align", "height"},
    )
