"""The search benchmark measures what it claims, at a size small enough for a test: a built
site with Material's stock search, the same site with the plugin's search step, both opened in
Chromium; and its table lands in docs/benchmarks.md without eating the build benchmark's page.
The big runs (`python bench/search_speed.py`) are not unit tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import report  # noqa: E402
import search_speed  # noqa: E402


@pytest.mark.browser
def test_a_small_run_measures_both_searches_on_the_same_site(tmp_path, chromium):
    out = tmp_path / "search.json"
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nThe build table.\n\n## Reproduce\n\nrun.py\n", "utf-8")
    argv = ["--sizes", "12", "--repeat", "1", "--source", "seeds", "--query", "backend"]
    argv += ["--workdir", str(tmp_path / "work"), "--out", str(out), "--doc", str(doc)]
    results = search_speed.main(argv, chromium)
    [entry] = results["sizes"]
    material, pagefind = entry["material"], entry["pagefind"]
    assert material["index_bytes"] > 0 and pagefind["index_files"] > 3
    for side in (material, pagefind):
        [run] = side["runs"]
        assert run["results"] >= 1, "the query found something"
        assert 0 < run["first_result_seconds"] < 60
        assert side["fetched"]["bytes"] >= side["fetched"]["gzip_bytes"] > 0
    fetched = [f[0] for f in material["fetched"]["files"]]
    assert "search/search_index.json" in fetched  # the stock site loads Material's index ...
    assert not any(f.startswith("pagefind/") for f in fetched)
    names = [f[0] for f in pagefind["fetched"]["files"]]
    assert any(f.startswith("pagefind/") for f in names)  # ... the other one Pagefind's
    text = doc.read_text("utf-8")
    assert "The build table." in text and "## Search" in text and "| 12 |" in text
    # the build benchmark rewrites its page and keeps this section
    kept = report.kept_sections(text)
    assert kept.startswith("\n## Search\n") and "| 12 |" in kept
    search_speed.main(argv + ["--no-doc"], chromium)  # reuses the built and indexed site
    assert doc.read_text("utf-8") == text


_DEAF_AT_FIRST = """<input class="md-search__input"><ol class="md-search-result__list"></ol>
<script>
  window.listening = false;
  document.querySelector(".md-search__input").addEventListener("keyup", (ev) => {
    if (!window.listening || !ev.target.value) return;
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    document.querySelector(".md-search-result__list").append(item);
  });
</script>"""


@pytest.mark.browser
def test_a_query_typed_before_the_box_listens_is_typed_again_and_timed_from_the_first_key(
    chromium,
):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content(_DEAF_AT_FIRST)
        page.evaluate(search_speed._OBSERVER)
        page.focus(".md-search__input")
        page.keyboard.insert_text("backend")
        page.keyboard.press("End")  # before the page listens: this one goes nowhere
        page.evaluate("window.listening = true")
        assert search_speed._await_result(page, "backend", 10, slice_seconds=1) == 1
        assert page.input_value(".md-search__input") == "backend"  # typed again, not appended
        elapsed = page.evaluate("window.__acFirstResult - window.__acFirstKey")
        assert elapsed >= 900  # from the first key, not from the key that was answered
    finally:
        context.close()


@pytest.mark.browser
def test_a_search_that_never_answers_fails_with_what_the_page_showed(chromium):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content('<input class="md-search__input"><ol class="md-search-result__list"></ol>')
        page.evaluate(search_speed._OBSERVER)
        with pytest.raises(RuntimeError, match=r"after 2 s \(1 resent\).*\"value\":\"backend\""):
            search_speed._await_result(page, "backend", 2, slice_seconds=1)
    finally:
        context.close()
