"""The catalog table sanitised row by row under `mkdocs serve` (`site/table_rows.py`) comes out
as the sanitiser makes the page whole: for rows as the template writes them, for rows that a
defect in the escaping would let carry markup (scripts, handlers, table structure, an open
comment), and with the rows kept from the previous page. A page whose table is not where the
template puts it is sanitised whole."""

from __future__ import annotations

from agent_catalog.site.sanitize import sanitize_html
from agent_catalog.site.table_rows import TABLE, RowSanitizer
from hostile import SCRIPT_PAYLOADS


def _row(name: str, cell: str) -> str:
    return (
        f'<tr data-model="{name}">\n<td data-value="{name}"><a href="{name}/">{name}</a></td>\n'
        f'<td>{cell}</td>\n<td data-value="1" class="ac-num">1</td>\n</tr>'
    )


def _page(rows: list[str]) -> str:
    return (
        '<h1 id="agent-catalog">Agent catalog</h1>\n<p>3 agents.</p>\n'
        f'<div class="ac-catalog"{TABLE}<thead>\n<tr><th>Agent</th></tr>\n</thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>\n<p>after</p>"
    )


def test_rows_sanitised_one_by_one_make_the_page_the_whole_sanitiser_makes():
    plain = [_row(f"agent-{n}", "Reviews code &amp; tests &#39;quoted&#34;") for n in range(5)]
    broken = [_row("evil", payload) for payload in SCRIPT_PAYLOADS] + [
        _row("closer", "</td></tr></tbody></table><script>alert(1)</script><table><tbody><tr><td>"),
        _row("comment", "<!-- open comment"),
        _row("nested", "<table><tr><td>inner</td></tr></table>"),
        _row("raw", "<textarea></td></tr>"),
        "<tr><td>a</td></tr>\n<tr><td>b",  # two rows, the last left open
        "text before a row",
    ]
    rows = RowSanitizer(sanitize_html)
    for uri, table in [("plain", plain), ("mixed", plain[:2] + broken + plain[2:])]:
        page = _page(table)
        assert rows.page(uri, page) == sanitize_html(page)
    # kept: the second build of a page sanitises only the rows that changed
    page = _page(plain)
    rows.page("plain", page)
    assert rows.sanitized == 0
    edited = _page(plain[:4] + [_row("agent-4", "Edited.")])
    assert rows.page("plain", edited) == sanitize_html(edited)
    assert rows.sanitized == 1


def test_a_page_without_the_catalog_table_is_sanitised_whole():
    rows = RowSanitizer(sanitize_html)
    for page in ["<p>no table</p>", _page([_row("a", "b")]).replace("<tbody>\n", "<tbody>")]:
        assert rows.page("x", page) == sanitize_html(page)
        assert "x" not in rows.kept
