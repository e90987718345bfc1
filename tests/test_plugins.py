"""Plugins and marketplaces on our own fixture (`tests/fixtures/plugins`: a marketplace with one
plugin of each quirk), built by the real `mkdocs build` and read with BeautifulSoup: the pages,
the links both ways, the install commands, the findings (file, line, fix), `agents.json`
against its schema, `llms.txt` and the health page; and the strict manifest reader on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agent_catalog.catalog.load import load_catalog
from agent_catalog.catalog.plugins import github_repo, install_name, read_manifest, web_url
from conftest import build_fixture_site, load_json, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "plugins"
MARKET = ".claude-plugin/marketplace.json"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(["."], FIXTURE)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.]")


def article(site: Path, url: str):
    return soup(site / url / "index.html").find("article")


def plugin(catalog, name):
    return next(p for p in catalog.plugins if p.name == name)


# --------------------------------------------------------------------------- the model


def test_each_quirk_gives_its_finding_at_its_line(catalog):
    got = sorted(
        (d.rule, d.severity, d.source, d.line)
        for d in catalog.all_diagnostics()
        if d.rule.startswith(("plugin", "marketplace"))
    )
    assert got == sorted(
        [
            ("plugin-duplicate", "warning", MARKET, 44),
            ("plugin-manifest-missing", "info", MARKET, 14),
            ("plugin-folder-missing", "warning", MARKET, 22),
            ("plugin-remote", "info", MARKET, 27),
            ("plugin-path-missing", "warning", MARKET, 33),
            ("plugin-path-missing", "warning", "plugins/paths/.claude-plugin/plugin.json", 5),
            ("plugin-name-mismatch", "warning", "plugins/paths/.claude-plugin/plugin.json", 2),
            ("plugin-manifest-invalid", "error", "plugins/broken/.claude-plugin/plugin.json", 4),
            ("plugin-url-unsafe", "warning", "plugins/loose/.claude-plugin/plugin.json", 5),
        ]
    )
    for d in catalog.all_diagnostics():
        assert d.message and d.fix, d


def test_the_plugins_and_their_members(catalog):
    names = {p.name: p for p in catalog.plugins}
    assert sorted(names) == [
        "broken", "elsewhere", "ghost", "loose", "nomanifest", "paths", "review",
    ]  # fmt: skip
    review = names["review"]
    assert [a.name for a in review.agents] == ["reviewer"]
    assert [s.name for s in review.skills] == ["checklist"]
    assert [c.name for c in review.commands] == ["review"]
    assert review.version == "1.2.0" and review.category == "quality"
    assert review.author == "Rae Viewer <rae@example.com>"
    assert review.keywords == ["review", "quality"]
    assert review.other_hosts == [(".codex-plugin", "Codex", ["plugin.json"])]
    # a listed folder without plugin.json: its fields come from the entry
    assert names["nomanifest"].version == "0.2.0" and not names["nomanifest"].has_manifest
    assert [a.name for a in names["nomanifest"].agents] == ["helper"]
    assert names["loose"].marketplace is None and names["loose"].install is None
    assert names["ghost"].root is None and names["ghost"].install is None
    assert names["elsewhere"].remote == "github example/elsewhere"


def test_install_commands_name_the_plugin_and_its_marketplace(catalog):
    assert plugin(catalog, "review").install == {
        "add": "/plugin marketplace add example/fixture-market",
        "install": "/plugin install review@fixture-market",
    }


def test_agents_know_their_plugin(catalog):
    by_name = {a.name: a for a in catalog.agents}
    assert by_name["reviewer"].settings["plugin"] == "plugins/review"
    assert by_name["helper"].settings["plugin"] == "plugins/nomanifest"
    assert by_name["solo"].settings["plugin"] == "plugins/loose"


# --------------------------------------------------------------------------- the built site


def test_the_plugin_page_lists_its_members_and_they_link_back(site):
    art = article(site, "plugins/review")
    assert art.h1.get_text(strip=True) == "review"
    links = {a.get_text(strip=True): a["href"] for a in art.find_all("a")}
    assert links["reviewer"] == "../../agents/reviewer/"
    assert links["checklist"] == "../../skills/checklist/"
    assert links["/review"] == "../../commands/review/"
    for member in ("agents/reviewer", "skills/checklist", "commands/review"):
        back = article(site, member).find("a", string="review")
        assert back is not None and back["href"] == "../../plugins/review/", member
    rows = {
        tr.find_all("td")[0].get_text(" ", strip=True): tr.find_all("td")[1]
        for tr in art.find("table").find("tbody").find_all("tr")
    }
    assert rows["Homepage"].a["href"] == "https://example.com/review"
    assert rows["Repository"].a["href"] == "https://github.com/example/review"
    assert rows["License"].get_text(strip=True) == "MIT"
    assert rows["Version"].get_text(strip=True) == "1.2.0"
    others = art.find("h2", string="Manifests for other tools").find_next("ul")
    assert others.get_text(" ", strip=True) == ".codex-plugin/ (Codex): plugin.json"


def test_install_blocks_use_the_catalogs_copy_button(site):
    art = article(site, "plugins/review")
    blocks = art.select("div.ac-install")
    assert [b.select_one("pre.ac-command").get_text() for b in blocks] == [
        "/plugin marketplace add example/fixture-market",
        "/plugin install review@fixture-market",
    ]
    for b in blocks:
        (button,) = b.select("button.ac-copy")
        assert not [k for k in button.attrs if k.startswith("data-")]


def test_no_install_command_where_claude_code_could_not_install(site):
    for slug, why in (("ghost", "does not exist"), ("loose", "No marketplace of this catalog")):
        art = article(site, f"plugins/{slug}")
        assert not art.select("pre.ac-command"), slug
        assert why in art.find("h2", string="Install").find_next("p").get_text(" ", strip=True)


def test_a_broken_manifest_is_a_finding_on_its_page(site):
    art = article(site, "plugins/broken")
    box = art.select_one(".admonition.failure").get_text(" ", strip=True)
    assert "is not valid JSON" in box and "line 4" in box and "Fix:" in box


def test_the_plugins_page_groups_by_marketplace_and_category(site):
    art = article(site, "plugins")
    assert [h.get_text(strip=True) for h in art.find_all("h2")] == [
        "fixture-market",
        "Not in a marketplace",
    ]
    cats = [h.get_text(strip=True) for h in art.find_all("h3")]
    assert cats == ["quality", "utilities", "other"]
    quality = art.find("h3", string="quality").find_next("table")
    assert [a.get_text() for a in quality.select("tbody a")] == ["nomanifest", "review"]
    assert quality.select_one("tbody a")["href"] == "nomanifest/"
    nav = soup(site / "plugins" / "index.html").select("nav.md-nav a")
    assert any(a.get_text(strip=True) == "Plugins" for a in nav)


def test_agent_rows_carry_the_plugin_facet_and_the_page_links_the_view(site):
    table = article(site, "agents").find("table")
    facet = {tr.a.get_text(): tr.get("data-plugin") for tr in table.tbody.find_all("tr")}
    assert facet == {"helper": "nomanifest", "reviewer": "review", "solo": "loose"}
    link = article(site, "plugins/review").find("a", string="Its agents in the catalog table")
    assert link["href"] == "../../agents/#plugin=review"


def test_agents_json_has_the_plugins_and_validates(site):
    import jsonschema

    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(load_json(site / "agents.schema.json")).validate(doc)
    by_name = {r["name"]: r for r in doc["plugins"]}
    review = by_name["review"]
    assert (review["agents"], review["skills"], review["commands"]) == (
        ["reviewer"], ["checklist"], ["review"],
    )  # fmt: skip
    assert review["url"] == "plugins/review/" and review["marketplace"] == "fixture-market"
    assert review["install"]["install"] == "/plugin install review@fixture-market"
    assert by_name["loose"]["homepage"] is None  # ftp: not a link
    assert by_name["loose"]["metadata"]["homepage"] == "ftp://example.com/loose"  # as read
    assert [d["rule"] for d in by_name["broken"]["diagnostics"]] == ["plugin-manifest-invalid"]
    assert {r["name"] for r in doc["agents"]} == {"reviewer", "helper", "solo"}  # unchanged


def test_llms_txt_lists_the_plugins(site):
    text = (site / "llms.txt").read_text(encoding="utf-8")
    section = text.split("## Claude Code plugins\n", 1)[1].split("\n## ", 1)[0]
    assert "- [review](plugins/review/): Review code: an agent, a skill and a command. " in section
    assert section.count("\n- [") + section.startswith("\n- [") >= 6


def test_the_health_page_counts_and_links_plugin_findings(site):
    art = article(site, "health")
    assert "7 plugins" in art.p.get_text(" ", strip=True)
    rule = art.find("h2", string=lambda s: s and "plugin-manifest-invalid" in s)
    cell = rule.find_next("table").tbody.td
    assert cell.a["href"] == "../plugins/broken/"


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("text", "says", "line"),
    [
        ('{"name": "x",}', "not valid JSON", 1),
        ('{"name": "x",\n "name": "y"}', "gives the key `name` twice", 2),
        ('{"name": NaN}', "not valid JSON", None),
        ('["x"]', "holds a JSON list, not an object", 1),
        ('\ufeff{"name": "x"}', "byte-order mark", 1),
    ],
)
def test_manifests_are_read_strictly(tmp_path, text, says, line):
    path = tmp_path / "plugin.json"
    path.write_text(text, encoding="utf-8")
    m = read_manifest(path, "p/.claude-plugin/plugin.json", "plugin")
    assert m.data is None
    (d,) = m.diagnostics
    assert (d.rule, d.severity) == ("plugin-manifest-invalid", "error")
    assert says in d.message and d.fix and d.source == "p/.claude-plugin/plugin.json"
    if line is not None:
        assert d.line == line


def test_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "marketplace.json"
    path.write_bytes(b'{\n "name": "\xff"}')
    (d,) = read_manifest(path, "m.json", "marketplace").diagnostics
    assert (d.rule, d.line) == ("marketplace-invalid", 2)


def test_names_urls_and_repositories_are_checked_at_one_place():
    assert install_name("code-review") == "code-review"
    for bad in ("a b", "a\nb", "a`b", "x@y", "a/b", "-x", "", "é", "a;b", "$(x)", None, 3):
        assert install_name(bad) is None, bad
    assert github_repo("https://github.com/wshobson/agents") == "wshobson/agents"
    assert github_repo("https://github.com/o/r.git") == "o/r"
    assert github_repo("https://github.com/o") is None
    assert github_repo("https://example.com/o/r") is None
    assert github_repo("https://github.com/o/r/blob/main/x") is None
    assert web_url("javascript:alert(1)") is None and web_url("ftp://x") is None
    assert web_url("https://example.com/a b") is None
    assert web_url(" https://example.com/x ") == "https://example.com/x"


def test_a_marketplace_at_the_base_takes_the_configured_repository(tmp_path):
    from agent_catalog.options import validate
    from agent_catalog.pipeline import build_site

    (tmp_path / ".claude-plugin").mkdir()
    (tmp_path / "plugins" / "p" / "agents").mkdir(parents=True)
    (tmp_path / "plugins" / "p" / "agents" / "a.md").write_text(
        "---\nname: a\ndescription: A.\n---\nA.\n", encoding="utf-8"
    )
    (tmp_path / ".claude-plugin" / "marketplace.json").write_text(
        json.dumps({"name": "m", "owner": {"name": "o"}, "plugins": [
            {"name": "p", "source": "./plugins/p"}]}),
        encoding="utf-8",
    )  # fmt: skip
    options = validate(
        {"sources": ["plugins"]}, base=tmp_path, site={"repo_url": "https://github.com/me/repo"}
    )
    site = build_site(options, render=False)
    (p,) = site.catalog.plugins
    assert p.install == {
        "add": "/plugin marketplace add me/repo",
        "install": "/plugin install p@m",
    }


def test_check_and_export_cover_plugins():
    import subprocess
    import sys

    from conftest import REPO

    run = [sys.executable, "-m", "agent_catalog"]
    check = subprocess.run(
        [*run, "check", "tests/fixtures/plugins", "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert check.returncode == 1  # the broken plugin.json is an error
    rules = {f["rule"] for f in json.loads(check.stdout)["findings"]}
    assert {"plugin-manifest-invalid", "plugin-folder-missing", "plugin-duplicate"} <= rules
    export = subprocess.run(
        [*run, "export", "tests/fixtures/plugins"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    doc = json.loads(export.stdout)
    assert sorted(p["name"] for p in doc["plugins"])[:3] == ["broken", "elsewhere", "ghost"]
    review = next(p for p in doc["plugins"] if p["name"] == "review")
    assert review["url"] == "plugins/review/" and review["agents"] == ["reviewer"]


def test_exclude_leaves_a_manifest_out_and_a_linked_manifest_folder_is_not_followed(tmp_path):
    for name in ("kept", "dropped", "linked"):
        (tmp_path / "plugins" / name / "agents").mkdir(parents=True)
    for name in ("kept", "dropped"):
        (tmp_path / "plugins" / name / ".claude-plugin").mkdir()
        (tmp_path / "plugins" / name / ".claude-plugin" / "plugin.json").write_text(
            json.dumps({"name": name}), encoding="utf-8"
        )
    (tmp_path / "plugins" / "linked" / ".claude-plugin").symlink_to(
        tmp_path / "plugins" / "kept" / ".claude-plugin", target_is_directory=True
    )
    cat = load_catalog(["plugins"], tmp_path, exclude=["plugins/dropped/*"])
    by_root = {p.root: p for p in cat.plugins}
    assert sorted(by_root) == ["plugins/kept", "plugins/linked"]
    (d,) = by_root["plugins/linked"].diagnostics
    assert d.rule == "plugin-manifest-invalid" and "symbolic link" in d.message
