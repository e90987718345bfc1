"""WCAG 2 A and AA in a real browser: axe-core on every kind of page the catalog generates, in
Material's light (`default`) and dark (`slate`) palettes, at desktop and phone widths; and the
catalog table used with the keyboard alone.

What is the catalog's and what is the theme's (docs/accessibility.md says the same):

- The catalog's: everything inside the page's `<article>` (the Markdown and HTML its templates
  write, its `ac-` classes, the table controls `catalog.js` adds) and the page as a document
  (`<html>`: its title comes from the catalog). Any axe violation there fails the test.
- The theme's: everything outside the article (header, navigation, table of contents, footer,
  search, palette toggle), and inside it only the findings in `THEME_FINDINGS`: Material's own
  styling, which shows the same finding on a hand-written page. Each is checked against the
  hand-written control page of the same build in the same palette and width: a finding on a
  catalog page may be put down to the theme only while the control page has it too.

One site build (`a11y_site.py`), one browser; axe-core comes from `axe-playwright-python`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build

from .a11y_site import LONG_NAME, write_project
from .chromium import ARTIFACTS, watch
from .site_servers import serve_site

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""axe-core's rules for WCAG 2.0, 2.1 and 2.2, levels A and AA (no best practices)."""
PALETTES = {"light": "default", "dark": "slate"}
"""Emulated `prefers-color-scheme` -> the Material scheme the palette toggle config selects."""
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CONTROL = "control/"


@dataclass(frozen=True)
class ThemeFinding:
    rule: str
    selector: str
    """The element axe reports matches this (`Element.matches`)."""
    what: str


THEME_FINDINGS = (
    ThemeFinding(
        "link-in-text-block",
        "a:not([class])",
        "links in running text are told from the text by colour only (Material underlines a "
        "link on hover and focus, not before)",
    ),
    ThemeFinding(
        "scrollable-region-focusable",
        ".md-typeset__scrollwrap",
        "Material wraps every Markdown table in a scrolling box that cannot take keyboard focus; "
        "a table wider than the screen (phones) and without a link in it cannot be scrolled "
        "from the keyboard",
    ),
    ThemeFinding(
        "color-contrast",
        ".highlight *",
        "code highlighting: some of the Pygments colours of Material's palette (comments, "
        "operator words, built-ins, numbers) are under 4.5:1",
    ),
)

CLASSIFY_JS = """
async ([options, theme]) => {
  const results = await axe.run(document, options);
  const out = [];
  for (const v of results.violations) {
    for (const n of v.nodes) {
      const sel = n.target[n.target.length - 1];
      const el = typeof sel === "string" ? document.querySelector(sel) : null;
      let where = "unknown";
      if (el === document.documentElement) where = "page";
      else if (el && el.closest(".md-content article")) where = "article";
      else if (el) where = "theme";
      const matches = theme.filter(t => t.rule === v.id && el && el.matches(t.selector))
                           .map(t => t.selector);
      out.push({rule: v.id, impact: n.impact, target: n.target.join(" "), where, matches,
                html: n.html.slice(0, 300), summary: n.failureSummary || ""});
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("a11y"))
    mkdocs_build(project)
    return project / "site"


@pytest.fixture(scope="module")
def served(a11y_site):
    with serve_site(a11y_site) as site:
        yield site


@pytest.fixture(scope="module")
def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def page_url(site_dir: Path, html: Path) -> str:
    rel = html.parent.relative_to(site_dir).as_posix()
    return "" if rel == "." else rel + "/"


def agent_page_features(html: Path, agent: dict | None = None) -> set[str]:
    """What an agent page shows that another may not: badge classes, format, finding boxes,
    and (from its `agents.json` record) the severities of its findings."""
    feats = {f"severity:{d['severity']}" for d in (agent or {}).get("diagnostics", [])}
    article = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml").select_one("article")
    for el in article.select("[class*='ac-']"):
        feats |= {c for c in el.get("class", []) if c.startswith(("ac-cap-", "ac-format--"))}
    for box in article.select("div.admonition, details"):
        feats |= {f"{box.name}:{c}" for c in box.get("class", []) if c != "admonition"}
    return feats


def pages_to_audit(site_dir: Path) -> dict[str, list[str]]:
    """Every kind of generated page: kind -> URLs (relative to the site root).

    Every comparison page and sub-page, every variants page, the catalog and the health page;
    of the agent pages, the fewest that together show every badge, format and kind of finding
    box, plus the agents with long, marked-up and non-Latin names.
    """
    data = json.loads((site_dir / "agents.json").read_text(encoding="utf-8"))
    by_url = {a["url"]: a for a in data["agents"]}
    pages: dict[str, list[str]] = defaultdict(list)
    pages["catalog"] = ["agents/"]
    pages["health"] = ["health/"]
    features = {}
    for html in sorted((site_dir / "agents").glob("*/index.html")):
        url = page_url(site_dir, html)
        if url in by_url:
            features[url] = agent_page_features(html, by_url[url])
        else:
            pages["variants"].append(url)
    wanted = set().union(*features.values())
    chosen = [a["url"] for a in data["agents"] if a["name"] in NAMED_AGENTS]
    covered = set().union(*(features[u] for u in chosen))
    while covered < wanted:
        best = max(sorted(features), key=lambda u: len(features[u] - covered))
        chosen.append(best)
        covered |= features[best]
    pages["agent"] = chosen
    for html in sorted((site_dir / "compare").rglob("index.html")):
        url = page_url(site_dir, html)
        parts = url.strip("/").split("/")  # compare/tools, compare/tools/read, .../read/2
        kind = "/".join(parts[:2])
        if len(parts) > 2:
            kind += "/class" if parts[1] == "tools" else "/area"
        pages[kind].append(url)
    return dict(pages)


NAMED_AGENTS = {
    LONG_NAME,
    'Review <b>bold</b> & "quoted" `code` | pipe',
    "日本語エージェント",
    "every-capability",
    "Findings Of Every Severity",
}


def phone_pages(pages: dict[str, list[str]]) -> list[str]:
    """At phone width the layout changes, not the colours: the first page of each kind, and
    the agent with the name longer than a phone is wide."""
    return [urls[0] for urls in pages.values()] + [
        u for u in pages["agent"] if u.startswith("agents/release-train-")
    ]


def test_the_audited_pages_show_every_badge_format_and_severity(a11y_site):
    """The audit is only as good as its sample: it must meet every capability badge, every
    format badge, finding boxes of each severity, and each kind of page."""
    pages = pages_to_audit(a11y_site)
    data = json.loads((a11y_site / "agents.json").read_text("utf-8"))
    by_url = {a["url"]: a for a in data["agents"]}
    shown = set()
    for urls in pages.values():
        for url in urls:
            shown |= agent_page_features(a11y_site / url / "index.html", by_url.get(url))
    caps = {"read", "edit", "execute", "web", "delegate", "mcp", "all", "none", "na", "except"}
    assert {f"ac-cap-{c}" for c in caps | {"release"}} <= shown
    assert {f"ac-format--{f}" for f in ("claude", "copilot", "opencode", "gemini")} <= shown
    assert {"ac-format--cursor", "ac-format--codex"} <= shown
    # agents with findings of each severity, their boxes, the shared-name note, examples
    assert {"severity:error", "severity:warning", "severity:info"} <= shown
    assert {"div:failure", "div:warning", "div:note", "details:example"} <= shown
    assert set(pages) == {
        "catalog", "agent", "variants", "health", "compare/tools", "compare/tools/class",
        "compare/models", "compare/responsibilities", "compare/responsibilities/area",
    }  # fmt: skip
    assert {"compare/tools/mcp/", "compare/tools/release/", "compare/tools/read/2/"} <= set(
        pages["compare/tools/class"]
    ), "the MCP matrix, a class the configuration adds, the pager's second page"
    assert len(pages["agent"]) < 20, "the sample is a sample"
    # a kind of page added later must join the audit: every page of the site is audited, is an
    # agent page (sampled above) or is one of the two hand-written pages
    audited = {u for urls in pages.values() for u in urls}
    agents = {
        a["url"] for a in json.loads((a11y_site / "agents.json").read_text("utf-8"))["agents"]
    }
    every = {page_url(a11y_site, h) for h in a11y_site.rglob("index.html")}
    unknown = every - audited - agents - {"", CONTROL}
    assert not unknown, f"generated pages the accessibility test does not audit: {sorted(unknown)}"


def audit(page, script: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    theme = [{"rule": t.rule, "selector": t.selector} for t in THEME_FINDINGS]
    return page.evaluate(CLASSIFY_JS, [options, theme])


def describe(url: str, n: dict) -> str:
    return f"{url}: {n['rule']} ({n['impact']}) at {n['target']}\n      {n['html']}\n      " + (
        n["summary"].replace("\n", "\n      ")
    )


@pytest.mark.timeout(1200)  # ~40 pages through axe-core; a loaded 2-CPU machine is slow
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("palette", list(PALETTES))
def test_axe_finds_no_violation_in_the_catalogs_elements(
    chromium, served, a11y_site, axe_script, palette, width
):
    w, h = WIDTHS[width]
    context = chromium.new_context(viewport={"width": w, "height": h}, color_scheme=palette)
    tab = watch(context.new_page())
    pages = pages_to_audit(a11y_site)
    urls = [u for us in pages.values() for u in us] if width == "desktop" else phone_pages(pages)
    own: list[str] = []
    unproven: list[str] = []
    theme_seen: Counter = Counter()
    try:
        tab.goto(served.url + CONTROL)
        control = audit(tab.page, axe_script)
        evidence = {(n["rule"], s) for n in control for s in n["matches"]}
        for url in urls:
            tab.goto(served.url + url)
            scheme = tab.page.locator("body").get_attribute("data-md-color-scheme")
            assert scheme == PALETTES[palette], f"{url}: the {palette} palette did not apply"
            for n in audit(tab.page, axe_script):
                if n["where"] == "theme":
                    theme_seen[(n["rule"], "outside the article", n["target"])] += 1
                elif n["matches"]:
                    for s in n["matches"]:
                        theme_seen[(n["rule"], s, "")] += 1
                    if not any((n["rule"], s) in evidence for s in n["matches"]):
                        unproven.append(describe(url, n))
                else:
                    own.append(describe(url, n))
            if url in ("agents/", "agents/every-capability/"):
                tab.screenshot(f"a11y-{url.strip('/').replace('/', '-')}-{width}-{palette}")
    finally:
        context.close()
    write_report(palette, width, urls, theme_seen)
    assert not own, (
        f"{len(own)} axe violation(s) in the catalog's own elements ({palette}, {width}):\n  "
        + "\n  ".join(own[:40])
    )
    assert not unproven, (
        "put down to the theme, but the hand-written control page does not show them:\n  "
        + "\n  ".join(unproven[:40])
    )
    assert tab.errors == [], tab.errors


def write_report(palette: str, width: str, urls: list[str], seen: Counter) -> None:
    """test-artifacts/axe-<palette>-<width>.txt: the theme's findings met, for the docs."""
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"axe-core, {palette} palette, {width}: {len(urls)} pages; theme findings:"]
    for (rule, where, target), n in sorted(seen.items()):
        lines.append(f"{n:5d}  {rule}  {where}  {target}")
    (ARTIFACTS / f"axe-{palette}-{width}.txt").write_text("\n".join(lines) + "\n", "utf-8")


def test_the_audit_fails_on_a_violation_in_the_catalogs_elements(chromium, served, axe_script):
    """The classification can fail: a badge with unreadable colours put into an agent page's
    article is the catalog's finding, the same badge in the footer is the theme's."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served.url + "agents/every-capability/")
        page.evaluate(
            """() => {
              const bad = '<span class="ac-badge ac-planted" style="color:#bbb;background:#fff">'
                        + 'planted</span>';
              document.querySelector("article p").insertAdjacentHTML("beforeend", bad);
              document.querySelector(".md-footer").insertAdjacentHTML("beforeend",
                bad.replace("ac-planted", "ac-planted-footer"));
            }"""
        )
        found = audit(page, axe_script)
    finally:
        context.close()
    mine = [n for n in found if "ac-planted" in n["html"] and "footer" not in n["html"]]
    assert [(n["rule"], n["where"], n["matches"]) for n in mine] == [
        ("color-contrast", "article", [])
    ]
    footer = [n for n in found if "ac-planted-footer" in n["html"]]
    assert [n["where"] for n in footer] == ["theme"]


FOCUSED_JS = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  return {cls: el.className, tag: el.tagName, text: el.textContent.trim(),
          visible: el.matches(":focus-visible"), outline: s.outlineStyle,
          width: parseFloat(s.outlineWidth) || 0};
}"""


def tab_to(page, selector: str, limit: int = 80, back: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard
    user does; every focus stop on the way inside the catalog must be visibly focused."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            focused = page.evaluate(FOCUSED_JS)
            assert focused["visible"], f"{selector} took focus without :focus-visible"
            assert focused["outline"] != "none" and focused["width"] >= 2, (
                f"{selector}: no visible focus outline ({focused})"
            )
            return focused
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def visible_rows(page) -> list[list[str]]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(".ac-catalog tbody tr:not([hidden])"))
                 .map(r => Array.from(r.cells).map(c => c.getAttribute("data-value")
                                                       ?? c.textContent.trim()))"""
    )


def test_the_catalog_table_works_from_the_keyboard_alone(tab, served, a11y_site):
    """Filter by text, by a facet and sort, with Tab, typing, arrow keys, Enter and Space only;
    each control is found by the name a screen reader reads, and the count is announced."""
    total = len(json.loads((a11y_site / "agents.json").read_text("utf-8"))["agents"])
    page = tab.page
    tab.goto(served.url + "agents/")
    # what a screen reader reads: the accessible names and roles, computed by Chromium
    search = page.get_by_role("searchbox", name="Filter agents by text")
    model = page.get_by_role("combobox", name="Filter by model")
    for facet in ("format", "capability", "area", "tool"):
        assert page.get_by_role("combobox", name=f"Filter by {facet}").count() == 1
    status = page.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"{total} of {total} agents"

    tab_to(page, ".ac-filter")
    assert search.evaluate("el => el === document.activeElement")
    page.keyboard.type("helper-01")
    assert status.inner_text() == f"10 of {total} agents"
    assert {r[0] for r in visible_rows(page)} == {f"helper-{n:03d}" for n in range(10, 20)}

    tab_to(page, ".ac-facet[data-facet='model']")
    assert model.evaluate("el => el === document.activeElement")
    before = model.input_value()
    page.keyboard.press("ArrowDown")  # a closed <select> takes its next option
    chosen = model.input_value()
    assert chosen != before
    narrowed = visible_rows(page)
    assert 0 < len(narrowed) < 10
    assert status.inner_text() == f"{len(narrowed)} of {total} agents"
    assert f"model={chosen.replace(' ', '+')}" in page.url.replace("%20", "+")

    tokens = page.locator(".ac-catalog thead th").filter(has_text="Tokens")
    column = tokens.evaluate("th => th.cellIndex + 1")
    tab_to(page, f".ac-catalog thead th:nth-child({column}) .ac-sort")
    assert tokens.get_attribute("aria-sort") is None
    page.keyboard.press("Enter")
    assert tokens.get_attribute("aria-sort") == "descending"  # numbers: largest first
    numbers = [int(r[4]) for r in visible_rows(page)]
    assert numbers == sorted(numbers, reverse=True)
    page.keyboard.press("Space")
    assert tokens.get_attribute("aria-sort") == "ascending"
    numbers = [int(r[4]) for r in visible_rows(page)]
    assert numbers == sorted(numbers)
    assert page.locator(".ac-catalog th[aria-sort]").count() == 1
    assert page.get_by_role("button", name="Tokens").count() == 1, "the arrow is not in its name"

    tab_to(page, ".ac-reset", back=True)
    page.keyboard.press("Enter")
    assert status.inner_text() == f"{total} of {total} agents"
    assert page.locator(".ac-catalog th[aria-sort]").count() == 0
    assert search.input_value() == "" and model.input_value() == ""
