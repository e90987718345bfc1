"""Agent text cannot write the catalog's HTML block markers or placeholders (`html_blocks.py`).

The plugin hands Python-Markdown a page whose finished HTML blocks are replaced by placeholders
and puts the blocks back afterwards. Agent text reaches the same Markdown (descriptions,
prompts, and raw HTML from bodies under `allow_html`), so a marker or placeholder it could
write would move a block of the catalog's HTML (the install command, say) into the prompt, or
pass HTML around Python-Markdown. Markers and placeholders hold a nonce drawn per process:
text with the literal shape and a guessed nonce stays text, and the real nonce in agent text
(which no output ever shows) is refused by the render stage.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_catalog.options import Options
from agent_catalog.pipeline import build_site
from agent_catalog.site import html_blocks
from conftest import make_project, mkdocs_build, soup
from hostile import agent_text

pytestmark = pytest.mark.timeout(600)

GUESS = "0" * 32
"""A nonce of the right shape, as an agent author would guess it."""


def forged(nonce: str) -> str:
    """Markers around HTML, and placeholders for the first blocks, with `nonce`, in every
    shape the module writes them."""
    return (
        f"<!--ac-html-{nonce}-->\n<b class=forged>forged block</b>\n<!--/ac-html-{nonce}-->\n\n"
        f"achtml{nonce}x0\n\nachtml{nonce}x1\n\n<p>achtml{nonce}x2</p>\n"
    )


def _agents() -> dict[str, str]:
    return {
        "forger.md": agent_text(
            "forger",
            f"Reviews code. achtml{GUESS}x0 <!--ac-html-{GUESS}--> <b>desc</b>",
            "Intro.\n\n" + forged(GUESS) + "\nOutro.\n",
            tools="Read, Bash",
        ),
        "helper.md": agent_text("helper", "Reviews code too.", "You help.\n", tools="Read"),
    }


@pytest.fixture(scope="module", params=[False, True], ids=["escaped", "allow_html"])
def built(request, tmp_path_factory) -> tuple[Path, bool]:
    allow = request.param
    root = tmp_path_factory.mktemp("forge")
    config = "sources: [agents]" + ("\nallow_html: true" if allow else "")
    make_project(root, _agents(), plugin_config=config)
    mkdocs_build(root)
    return root / "site", allow


def _article(site: Path, slug: str):
    return soup(site / "agents" / slug / "index.html").select_one("article")


def test_forged_markers_and_placeholders_move_no_block(built):
    site, allow = built
    article = _article(site, "forger")
    heading = article.find("h2", id="prompt")
    before = []
    for el in heading.find_all_previous(True):
        before.append(el)
    prompt = heading.find_all_next(True)
    # the catalog's own blocks are each where the template put them, once
    installs = article.select("div.ac-install")
    assert len(installs) == 1 and installs[0] in before
    related = article.select("ul.ac-related")
    assert len(related) == 1 and related[0] in before
    assert not any(el.name == "div" and "ac-install" in el.get("class", []) for el in prompt)
    # the forged placeholders are the text they were written as, in the prompt
    text = " ".join(el.get_text(" ") for el in prompt if el.name == "p")
    for n in range(3):
        assert f"achtml{GUESS}x{n}" in text
    # a forged block is HTML only where the body may write HTML anyway (allow_html)
    forged_b = article.select("b.forged")
    assert len(forged_b) == (1 if allow else 0)
    if not allow:
        assert f"<!--ac-html-{GUESS}-->" in article.get_text()


def test_forged_description_stays_text(built):
    site, _ = built
    article = _article(site, "forger")
    intro = article.get_text(" ")
    assert f"achtml{GUESS}x0" in intro
    assert f"<!--ac-html-{GUESS}-->" in intro
    assert not any(b.get_text() == "desc" for b in article.find_all("b"))
    catalog = soup(site / "agents" / "index.html").select_one("article")
    row = next(tr for tr in catalog.select("tbody tr") if "forger" in tr.get_text())
    assert f"<!--ac-html-{GUESS}-->" in row.get_text()


def test_no_output_shows_a_marker_or_placeholder_but_agent_text(built):
    """The nonce never leaves the process: every file of the site, searched for the shapes
    the module writes, holds only the guessed ones the agent wrote."""
    site, _ = built
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".gz", ".woff2", ".pf_fragment"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for shape in ("ac-html-", "achtml"):
            at = 0
            while (at := text.find(shape, at)) >= 0:
                rest = text[at + len(shape) : at + len(shape) + 32]
                assert rest == GUESS, f"{path}: {text[at : at + 60]!r}"
                at += 1


@pytest.mark.parametrize(
    "where", ["description", "body", "body-html"], ids=["description", "body", "allow_html-body"]
)
@pytest.mark.parametrize("shape", ["markers", "placeholder"])
def test_the_real_nonce_in_agent_text_is_refused(tmp_path, where, shape):
    """Were the nonce known, agent text that carries it would not reach a host: the render
    stage counts the markers its templates wrote, and the page holds more."""
    nonce = html_blocks.NONCE
    text = forged(nonce) if shape == "markers" else f"achtml{nonce}x0"
    description, body = "Reviews code.", "You review.\n"
    if where == "description":
        description = " ".join(text.split())
    else:
        body = text
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "leak.md").write_text(agent_text("leak", description, body), encoding="utf-8")
    options = Options(base=tmp_path, sources=("agents",), allow_html=where == "body-html")
    with pytest.raises(html_blocks.BlockError, match="markers its templates did not write"):
        build_site(options)


def test_blocks_round_trip_and_a_lost_block_is_reported():
    block = html_blocks.html_block('<div class="x">\n\n<p>a</p>\n</div>')
    page = f"# T\n\nText.\n{block}\nMore.\n{html_blocks.html_block('<p>b</p>')}"
    markdown, blocks = html_blocks.extract(page)
    assert html_blocks.NONCE in markdown and "<div" not in markdown
    assert blocks == ['<div class="x">\n<p>a</p>\n</div>', "<p>b</p>"]
    # a host that reads the Markdown gets the raw HTML, separated by blank lines
    inlined = html_blocks.inline(page)
    assert html_blocks.NONCE not in inlined and '\n\n<div class="x">\n<p>a</p>' in inlined
    html = "\n".join(f"<p>{ln}</p>" for ln in markdown.split("\n") if ln)
    restored, problem = html_blocks.restore(html, blocks)
    assert problem is None and html_blocks.NONCE not in restored
    assert restored.index("<p>a</p>") < restored.index("b")
    # a placeholder swallowed by raw HTML before it (a comment left open, an element left
    # unclosed) comes back as neither the block nor the nonce: the loss is reported
    nonce = html_blocks.NONCE
    for broken in (
        html.replace(f"<p>achtml{nonce}x1</p>", f"<!-- achtml{nonce}x1"),
        html.replace(f"<p>achtml{nonce}x1</p>", f'<div title="achtml{nonce}x1">'),
        html.replace("x0</p>", "x9</p>"),  # a placeholder no block has
        html.replace("x1</p>", "x0</p>"),  # one block twice
    ):
        restored, problem = html_blocks.restore(broken, blocks)
        assert nonce not in restored and "did not come back" in problem
        assert restored.count("<p>a</p>") <= 1
    with pytest.raises(html_blocks.BlockError):  # a marker inside indented Markdown
        html_blocks.extract("- item\n\n    " + block.replace("\n", "\n    "))


def test_blocks_are_found_where_the_block_pattern_matches():
    """`html_blocks` finds its blocks with `str.find` (a catalog table is megabytes); where it
    finds them is where `_BLOCK`, the pattern that defines a block, matches: markers off
    column 0, a closing marker with text after it on its line, an empty block, a marker
    without its pair, markers inside a block and at the very end."""
    o, c = html_blocks.OPEN, html_blocks.CLOSE
    pages = [
        f"{o}\n<p>a</p>\n{c}",
        f"x\n{o}\n<p>a</p>\n{c}\ny\n{o}\n<b>b</b>\n{c}\n",
        f"{o}\n\n{c}\n",  # empty
        f"{o}\n{c}\n",  # one newline only: no block
        f" {o}\n<p>a</p>\n{c}\n",  # not at column 0
        f"{o}\n<p>a</p>\n{c} tail\nmore\n{c}\nend",  # the first close has text after it
        f"{o}\n<p>a</p>\n{o}\n<p>b</p>\n{c}\n{c}\n",  # nested opening marker
        f"{o}\n<p>open only</p>\n",
        f"{o}x\n<p>a</p>\n{c}\n{o}\n<p>b</p>\n{c}",
        f"{c}\n{o}\n\n\n{c}\n{o}\n{c}\n{c}",
    ]
    for page in pages:
        expected = [
            (m.start(), m.start(1), m.end(1), m.end()) for m in html_blocks._BLOCK.finditer(page)
        ]
        assert html_blocks._blocks(page) == expected, page
        assert html_blocks.inline(page) == html_blocks._BLOCK.sub(
            lambda m: "\n" + m.group(1) + "\n", page
        )
