"""A second line of defence: generated pages' HTML passes an allowlist sanitiser (nh3/Ammonia).

Escaping in `escaping.py` and `body.py` is what keeps agent text inert; this pass guarantees that
even a mistake there cannot put a script, an event handler or a `javascript:` URL on a page.
"""

from __future__ import annotations

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


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        attribute_filter=None,
        generic_attribute_prefixes={"data-"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"width", "text-align", "height"},
    )
