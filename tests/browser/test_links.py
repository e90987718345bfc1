"""No broken internal link or anchor anywhere in the built seed site, wherever it is published."""

from __future__ import annotations

from .conftest import PAGES_URL
from .link_check import broken_links
from .seed_catalog import agents


def test_the_seed_site_published_under_a_subpath_has_no_broken_link_or_anchor(pages_site):
    broken, checked = broken_links(pages_site, PAGES_URL)
    assert broken == [], "\n".join(map(str, broken))
    assert checked > 200, "the crawl found too few links to mean anything"


def test_no_page_assumes_the_site_sits_at_the_domain_root(seed_site):
    # Built without site_url, every page but the 404 page must link relatively.
    broken, _ = broken_links(seed_site, PAGES_URL)
    assert [b for b in broken if b.page != "404.html"] == [], "\n".join(map(str, broken))


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_crawler_reports_each_kind_of_break(tmp_path):
    write(tmp_path / "a" / "index.html", "<h2 id='here'>x</h2>")
    write(
        tmp_path / "index.html",
        "<a href='a/'>ok</a> <a href='a/#here'>ok</a> <a href='#top' id='top'>ok</a>"
        "<a href='https://elsewhere.example/'>external, not checked</a>"
        "<a href='gone/'>missing page</a> <a href='a/#nowhere'>missing anchor</a>"
        "<link href='/assets/x.css'> <script src='missing.js'></script>"
        "<a href='c/#tool=Read'>a view with rows</a> <a href='c/#tool=Nope'>an empty view</a>",
    )
    write(
        tmp_path / "c" / "index.html",
        "<div data-ac-catalog><table><tbody><tr data-tool='Read|Bash'><td>x</td></tr>"
        "</tbody></table></div>",
    )
    broken, checked = broken_links(tmp_path, "https://example.github.io/repo/")
    assert checked == 9
    assert sorted(b.target for b in broken) == [
        "/assets/x.css",
        "a/#nowhere",
        "c/#tool=Nope",
        "gone/",
        "missing.js",
    ]


def test_every_url_in_agents_json_is_relative_and_has_its_page(pages_site):
    for agent in agents(pages_site):
        assert not agent["url"].startswith(("/", "http")), f"{agent['url']} is not relative"
        assert (pages_site / agent["url"] / "index.html").is_file(), f"no page at {agent['url']}"
