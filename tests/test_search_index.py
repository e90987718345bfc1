"""What the plugin's search step writes into a built site (`publish/search_index.py`), and when it
leaves Material's stock search alone. The browser side is tests/browser/test_search.py."""

from __future__ import annotations

import gzip
import json

from bs4 import BeautifulSoup
from conftest import load_json, make_project, mkdocs_build

AGENT = """
---
name: lighthouse-keeper
description: Keeps the lamp lit
tools: Read, Grep
---

Trim the wick every evening and log the weather.
"""


def fragments(site) -> list[dict]:
    out = []
    for path in (site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{") :]))
    return out


def test_by_default_material_box_is_answered_from_a_pagefind_index(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT})
    (root / "docs" / "notes.md").write_text("# Notes\n\nOur own page about tides.\n", "utf-8")
    mkdocs_build(root)
    site = root / "site"
    index = load_json(site / "search" / "search_index.json")
    assert index["docs"] == [] and index["config"]["separator"]
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    assert "Pagefind" in worker.read_text("utf-8") and "__AC_SITE_ROOT__" not in worker.read_text()
    assert not list(worker.parent.glob("*.map")), "Material's source map of the old worker"
    pages = {f["url"]: f for f in fragments(site)}
    keeper = pages["/agents/lighthouse-keeper/"]
    assert keeper["meta"]["title"] == "lighthouse-keeper"
    for words in ("Keeps the lamp lit", "Grep", "Trim the wick"):
        assert words in keeper["content"]
    assert "Our own page about tides" in pages["/notes/"]["content"]  # hand-written pages too
    assert "¶" not in keeper["content"]  # heading anchors are not indexed
    assert not (site / "pagefind" / "pagefind-ui.js").exists()  # Material's box is the UI
    entry = load_json(site / "pagefind" / "pagefind-entry.json")
    engines = {f"wasm.{lang['wasm']}.pagefind" for lang in entry["languages"].values()}
    assert engines == {"wasm.en.pagefind"}  # the one the index names; no unused fallback
    assert {p.name for p in (site / "pagefind").glob("wasm.*")} == engines


def test_a_page_material_leaves_out_of_search_is_left_out_of_pagefind(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT})
    (root / "docs" / "private.md").write_text(
        "---\nsearch:\n  exclude: true\n---\n\n# Private\n\nThe rota of the night watch.\n",
        "utf-8",
    )
    (root / "docs" / "notes.md").write_text("# Notes\n\nOur own page about tides.\n", "utf-8")
    mkdocs_build(root)
    urls = {f["url"] for f in fragments(root / "site")}
    assert "/notes/" in urls and "/agents/lighthouse-keeper/" in urls
    assert "/private/" not in urls
    assert (root / "site" / "private" / "index.html").is_file()


def test_search_material_keeps_material_stock_search(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT}, "sources: [agents]\nsearch: material")
    mkdocs_build(root)
    index = load_json(root / "site" / "search" / "search_index.json")
    assert any(d["location"] == "agents/lighthouse-keeper/" for d in index["docs"])
    assert not (root / "site" / "pagefind").exists()


def test_material_offline_plugin_keeps_stock_search(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT}, extra="  - offline\n")
    text = (root / "mkdocs.yml").read_text("utf-8")
    # `extra` lands after the plugin's options: move the offline plugin into the plugins list
    text = text.replace("  - offline\n", "").replace("plugins:\n", "plugins:\n  - offline\n")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    mkdocs_build(root)
    assert not (root / "site" / "pagefind").exists()
    assert (root / "site" / "search" / "search_index.js").exists()  # offline's inlined index


def test_material_does_not_index_what_pagefind_answers_and_its_exclude_mark_holds(tmp_path):
    """Under Pagefind Material's search plugin parses no page (its index would be emptied), so
    its `data-search-exclude` mark stays in the built HTML, and Pagefind honours it."""
    root = make_project(tmp_path, {"keeper.md": AGENT})
    (root / "docs" / "notes.md").write_text(
        "# Notes\n\nOur own page about tides.\n\n"
        "<div data-search-exclude markdown>\nThe rota of the night watch.\n</div>\n",
        "utf-8",
    )
    mkdocs_build(root)
    site = root / "site"
    assert load_json(site / "search" / "search_index.json")["docs"] == []
    assert "data-search-exclude" in (site / "notes" / "index.html").read_text("utf-8")
    pages = {f["url"]: f["content"] for f in fragments(site)}
    assert "Our own page about tides" in pages["/notes/"]
    assert "night watch" not in pages["/notes/"]
    assert "Trim the wick" in pages["/agents/lighthouse-keeper/"]


OTHER = """
---
name: harbour-pilot
description: Steers ships past the lighthouse rocks at night
tools: Read, Grep
---

Watch the lamp and the tide tables; keep the lighthouse log.
"""

FORGER = """
---
name: mark-forger
description: Tries to hide the catalog from search
---

<ul class="ac-related"><li>forged related block</li></ul>
<div class="ac-install" data-search-exclude data-pagefind-ignore>forged install block</div>
"""


def test_repeated_chrome_is_left_out_and_what_readers_search_for_stays(tmp_path):
    root = make_project(
        tmp_path,
        {"keeper.md": AGENT, "pilot.md": OTHER, "forger.md": FORGER},
        "sources: [agents]\nallow_html: true",
    )
    mkdocs_build(root)
    site = root / "site"
    html = (site / "agents" / "harbour-pilot" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    marked = soup.select("[data-search-exclude]")
    assert {m.name + "." + ".".join(m["class"]) for m in marked} >= {
        "div.ac-install",
        "ul.ac-related",
    }, marked
    pages = {f["url"]: f["content"] for f in fragments(site)}
    pilot = pages["/agents/harbour-pilot/"]
    for words in ("harbour-pilot", "Steers ships past", "Grep", "keep the lighthouse log"):
        assert words in pilot  # name, description, tools, prompt
    assert "curl" not in pilot and "Trim the wick" not in pilot
    # the related block names the lighthouse keeper: its name finds its own page, not this one
    assert "lighthouse-keeper" in soup.select_one("ul.ac-related").get_text()
    assert "lighthouse-keeper" not in pilot
    # agent text (raw HTML allowed) cannot take its own words out of the index
    forged = (site / "agents" / "mark-forger" / "index.html").read_text("utf-8")
    body = BeautifulSoup(forged, "html.parser").find("article")
    assert [
        m.get_text()
        for m in body.select("[data-search-exclude], [data-pagefind-ignore]")
        if "forged" in m.get_text()
    ] == []
    assert "forged related block" in pages["/agents/mark-forger/"]
    assert "forged install block" in pages["/agents/mark-forger/"]


def _theme_files(site):
    return {p.relative_to(site).as_posix() for p in (site / "assets").rglob("*") if p.is_file()}


def test_theme_files_no_browser_loads_are_left_out_and_the_authors_own_stay(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT})
    own = root / "docs" / "assets" / "javascripts"
    own.mkdir(parents=True)
    (own / "extra.js").write_text("console.log(1);\n//# sourceMappingURL=extra.js.map\n", "utf-8")
    (own / "extra.js.map").write_text('{"version": 3}', "utf-8")
    mkdocs_build(root)
    site = root / "site"
    files = _theme_files(site)
    assert any(f.startswith("assets/javascripts/bundle.") for f in files)
    assert any(f.startswith("assets/stylesheets/main.") for f in files)
    assert not [f for f in files if f.endswith(".map") and "extra" not in f], "Material's maps"
    assert "assets/javascripts/extra.js.map" in files  # the author's own file
    assert not [f for f in files if "/lunr/" in f], "only Material's replaced worker loads lunr"
    html = (site / "agents" / "lighthouse-keeper" / "index.html").read_text("utf-8")
    for src in BeautifulSoup(html, "html.parser").select("script[src], link[href]"):
        ref = src.get("src") or src.get("href")
        if ref.startswith("../../assets/"):
            assert ref[len("../../") :] in files, ref  # every file a page loads is there


def test_with_material_search_its_worker_keeps_lunr(tmp_path):
    root = make_project(tmp_path, {"keeper.md": AGENT}, "sources: [agents]\nsearch: material")
    mkdocs_build(root)
    files = _theme_files(root / "site")
    assert any("/lunr/" in f for f in files)
    assert not [f for f in files if f.endswith(".map")]
