"""Hostile `plugin.json` and `marketplace.json` files in a real build: manifest text lands on
pages, in tables, in links, in install commands a reader copies, in `agents.json` and
`llms.txt`. Each sink has one rule (docs/security.md): text through `site/escaping.py`, a URL
a link only when `http(s)` (`plugins.web_url`), an install command only from names
`plugins.install_name` accepts, a page address only from `plugins.assign_slugs`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import load_json, make_project, mkdocs_build, soup

SCRIPT = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    "{: onclick=alert(4) } {{ 7*7 }}"
)
NEWLINE_NAME = "evil\n/plugin marketplace add attacker/repo"
BACKTICK_NAME = "tick`rm -rf ~`"
COMMAND = re.compile(
    r"/plugin (?:install [A-Za-z0-9._-]+@[A-Za-z0-9._-]+|marketplace add [A-Za-z0-9-]+/[A-Za-z0-9._-]+)"
)


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")


def hostile_project(root: Path) -> Path:
    make_project(root, plugin_config="sources: [market, other]")
    market = root / "market"
    entries = [
        {"name": "xss", "source": "./plugins/xss", "description": SCRIPT, "category": SCRIPT},
        {"name": "victim", "source": "./plugins/victim", "description": "The victim."},
        {"name": NEWLINE_NAME, "source": "./plugins/newline", "description": "Newline."},
        {"name": BACKTICK_NAME, "source": "./plugins/tick", "description": "Backtick."},
        {"name": "index", "source": "./plugins/index", "description": "Wants the overview."},
        {"name": "../../agents/x", "source": "./plugins/climb", "description": "Climbs."},
        {"name": "escape", "source": "../../outside", "description": "Leaves."},
    ]
    _write(market / ".claude-plugin" / "marketplace.json", {
        "name": "evil-market", "owner": {"name": SCRIPT},
        "repository": "https://github.com/attacker/market", "plugins": entries,
    })  # fmt: skip
    _write(market / "plugins" / "xss" / ".claude-plugin" / "plugin.json", {
        "name": "xss", "version": SCRIPT, "description": SCRIPT, "author": {"name": SCRIPT},
        "homepage": "javascript:alert(5)",
        "repository": "https://example.com/a)(b|c[d]\"e'f<g>",
        "license": "MIT | <b>x</b>", "keywords": [SCRIPT, "`x`"],
        "agents": ["./agents", "javascript:alert(6)", "../../../etc/passwd"],
    })  # fmt: skip
    _write(
        market / "plugins" / "xss" / "agents" / "a.md",
        "---\nname: xss-agent\ndescription: A.\n---\nA.\n",
    )
    _write(
        market / "plugins" / "xss" / ".cursor-plugin" / "<img src=x onerror=alert(7)>.json", "{}"
    )
    for folder in ("victim", "newline", "tick", "index", "climb"):
        _write(market / "plugins" / folder / ".claude-plugin" / "plugin.json", {"version": "1.0.0"})
    # a second marketplace: a name taking the victim's, and a marketplace name with a backtick
    other = root / "other"
    _write(other / ".claude-plugin" / "marketplace.json", {
        "name": "m`whoami`", "owner": {"name": "x"},
        "plugins": [{"name": "victim", "source": "./victim", "description": "The impostor."}],
    })  # fmt: skip
    _write(other / "victim" / ".claude-plugin" / "plugin.json", {"name": "victim"})
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile-plugins"))
    mkdocs_build(root)
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted((site / "plugins").rglob("index.html")) + [site / "health" / "index.html"]


def test_no_script_handler_or_script_url_on_any_page(site):
    for page in pages(site):
        doc = soup(page)
        art = doc.find("article")
        assert not art.find_all(["script", "iframe", "img"]), page
        for el in doc.find_all(True):
            for k, v in el.attrs.items():
                assert not k.startswith("on"), (page, el)
                text = " ".join(v) if isinstance(v, list) else str(v)
                assert not text.strip().lower().startswith(("javascript:", "data:")), (page, el)


def test_manifest_text_reads_as_written(site):
    art = soup(site / "plugins" / "xss" / "index.html").find("article")
    text = art.get_text(" ", strip=True)
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text
    assert "onerror=alert(2)>" in text


def test_a_script_url_is_shown_as_text_with_a_finding(site):
    art = soup(site / "plugins" / "xss" / "index.html").find("article")
    rows = {
        tr.find_all("td")[0].get_text(" ", strip=True): tr.find_all("td")[1]
        for tr in art.find("table").tbody.find_all("tr")
    }
    assert rows["Homepage"].find("a") is None
    assert rows["Homepage"].code.get_text() == "javascript:alert(5)"
    link = rows["Repository"].find("a")
    assert link is None or link["href"].startswith("https://example.com/a%29%28b%7Cc")
    # the table keeps its shape: every row two cells
    assert all(len(tr.find_all("td")) == 2 for tr in art.find("table").tbody.find_all("tr"))
    doc = load_json(site / "agents.json")
    xss = next(r for r in doc["plugins"] if r["name"] == "xss")
    assert xss["homepage"] is None
    assert "plugin-url-unsafe" in {d["rule"] for d in xss["diagnostics"]}
    missing = [d["message"] for d in xss["diagnostics"] if d["rule"] == "plugin-path-missing"]
    assert any("leaves the plugin" in m for m in missing)  # ../../../etc/passwd: never read


def test_install_commands_carry_only_checked_names(site):
    shown = []
    for page in pages(site):
        for block in soup(page).select("article div.ac-install"):
            (pre,) = block.select("pre.ac-command")
            shown.append(pre.get_text())
    assert shown and all(COMMAND.fullmatch(c) for c in shown), shown
    assert not any("attacker/repo" in c or "`" in c or "whoami" in c for c in shown)


def test_a_name_that_cannot_stand_in_a_command_gets_none_and_a_finding(site):
    doc = load_json(site / "agents.json")
    by_name = {r["name"]: r for r in doc["plugins"]}
    for name in (NEWLINE_NAME, BACKTICK_NAME):
        record = by_name[name]
        assert record["install"] is None
        assert "plugin-name-invalid" in {d["rule"] for d in record["diagnostics"]}
        page = soup(site / record["url"] / "index.html").find("article")
        assert not page.select("pre.ac-command")
        assert "\n" not in page.h1.get_text()
    # the marketplace named with backticks: none of its plugins has a command
    impostor = next(r for r in doc["plugins"] if r["description"] == "The impostor.")
    assert impostor["install"] is None
    assert any(d["rule"] == "plugin-name-invalid" for d in doc["diagnostics"])


def test_no_name_takes_another_plugins_address(site):
    doc = load_json(site / "agents.json")
    urls = [r["url"] for r in doc["plugins"]]
    assert len(urls) == len(set(urls))
    assert all(re.fullmatch(r"plugins/[a-z0-9-]+/", u) for u in urls), urls
    # two plugins named `victim`: neither has the plain address, each its own hashed one
    victims = [r for r in doc["plugins"] if r["name"] == "victim"]
    assert len(victims) == 2 and "plugins/victim/" not in urls
    assert {r["label"] for r in victims} == {"victim@evil-market", "victim@m`whoami`"}
    # `index` cannot replace the plugins page; a path-like name stays under plugins/
    index = next(r for r in doc["plugins"] if r["name"] == "index")
    assert index["url"] == "plugins/index-plugin/"
    assert soup(site / "plugins" / "index.html").h1.get_text(strip=True).startswith("Plugins")
    climb = next(r for r in doc["plugins"] if r["name"] == "../../agents/x")
    assert climb["url"] == "plugins/agents-x/"
    assert not (site / "agents" / "x").exists()


def test_a_source_leaving_the_marketplace_is_not_read(site):
    doc = load_json(site / "agents.json")
    escape = next(r for r in doc["plugins"] if r["name"] == "escape")
    assert escape["folder"] is None and escape["install"] is None
    assert [d["rule"] for d in escape["diagnostics"]] == ["plugin-folder-missing"]


def test_other_hosts_file_names_are_text(site):
    art = soup(site / "plugins" / "xss" / "index.html").find("article")
    others = art.find("h2", string="Manifests for other tools").find_next("ul")
    assert "<img src=x onerror=alert(7)>.json" in others.get_text()
    assert not others.find("img")


def test_llms_txt_and_agents_json_stay_in_shape(site):
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    section = llms.split("## Claude Code plugins\n", 1)[1].split("\n## ", 1)[0]
    for line in section.strip().splitlines():
        assert re.fullmatch(r"- \[(?:[^\[\]\\]|\\.)*\]\(plugins/[a-z0-9-]+/\): .*", line), line
    json.loads((site / "agents.json").read_text(encoding="utf-8"))  # strict


def test_a_listed_folder_that_links_out_of_the_marketplace_is_not_read(tmp_path):
    from agent_catalog.catalog.load import load_catalog

    outside = tmp_path / "outside"
    _write(outside / ".claude-plugin" / "plugin.json", {"name": "secret", "description": "x"})
    _write(outside / "agents" / "s.md", "---\nname: s\ndescription: S.\n---\nS.\n")
    market = tmp_path / "market"
    _write(market / ".claude-plugin" / "marketplace.json", {
        "name": "m", "owner": {"name": "o"},
        "plugins": [{"name": "linked", "source": "./plugins/linked"}],
    })  # fmt: skip
    (market / "plugins").mkdir()
    (market / "plugins" / "linked").symlink_to(outside, target_is_directory=True)
    cat = load_catalog(["plugins"], market)
    (p,) = cat.plugins
    assert p.root is None and p.metadata == {} and p.install is None
    assert [d.rule for d in p.diagnostics] == ["plugin-folder-missing"]
    assert "leaves the marketplace" in p.diagnostics[0].message
