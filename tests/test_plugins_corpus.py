"""The two real plugin marketplaces (`../shared/corpus-kinds`), read in place: every plugin they
list has a page or a finding, with golden counts, as `test_corpus.py` pins the agent corpus.

The counts, checked by hand against the files: `wshobson__agents-marketplace` lists 92 plugins,
91 of them in a folder of the marketplace with a `plugin.json`, the 92nd (`pensyve`) fetched
from another repository (`git-subdir`); `anthropics__claude-code` lists 13, 12 with a
`plugin.json`, the 13th (`plugin-dev`) a folder without one. Every agent, skill and command of
the corpus stands in a plugin's folder, so each is a member of exactly one plugin.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from agent_catalog.options import validate
from agent_catalog.pipeline import build_site
from test_corpus_kinds import KINDS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not KINDS.is_dir(), reason=f"the kinds corpus is not at {KINDS}"),
]

WSHOBSON = "wshobson__agents-marketplace"
ANTHROPIC = "anthropics__claude-code"
GOLDEN_FINDINGS = {
    ("info", "plugin-manifest-missing"): [f"{ANTHROPIC}/.claude-plugin/marketplace.json"],
    ("info", "plugin-remote"): [f"{WSHOBSON}/.claude-plugin/marketplace.json"],
}
"""Every plugin and marketplace finding of the corpus (severity, rule) -> the files."""


@pytest.fixture(scope="module")
def site():
    sources = sorted(p.name for p in KINDS.iterdir() if p.is_dir())
    return build_site(validate({"sources": sources}, base=KINDS), existing=["index.md"])


def test_every_listed_plugin_is_a_plugin_of_the_catalog(site):
    plugins = site.catalog.plugins
    by_market = Counter(p.marketplace.name for p in plugins)
    assert by_market == {"claude-code-workflows": 92, "claude-code-plugins": 13}
    assert len(plugins) == 105
    for market in (WSHOBSON, ANTHROPIC):
        listed = json.loads((KINDS / market / ".claude-plugin" / "marketplace.json").read_text())
        names = {p.name for p in plugins if p.marketplace.source.startswith(market + "/")}
        assert names == {e["name"] for e in listed["plugins"]}


def test_how_many_have_a_manifest_and_a_folder(site):
    plugins = site.catalog.plugins
    assert sum(p.has_manifest for p in plugins) == 103
    assert [p.name for p in plugins if not p.has_manifest] == ["plugin-dev", "pensyve"]
    (remote,) = [p for p in plugins if p.root is None]
    assert remote.name == "pensyve" and remote.remote.startswith("git-subdir https://github.com/")
    assert all(p.root.endswith(f"/plugins/{p.name}") for p in plugins if p.root is not None)


def test_findings_per_rule(site):
    found: dict[tuple[str, str], list[str]] = {}
    for m in site.catalog.marketplaces:
        assert m.diagnostics == []
    for p in site.catalog.plugins:
        for d in p.diagnostics:
            found.setdefault((d.severity, d.rule), []).append(d.source)
            assert d.message and d.fix and d.line, d
    assert found == GOLDEN_FINDINGS


def test_one_page_per_plugin_and_the_plugins_page(site):
    pages = [p for p in site.layout.pages if p.role == "plugin"]
    assert len(pages) == 105 == len({p.src_uri for p in pages})
    assert all(p.src_uri == f"plugins/{p.key}.md" for p in pages)
    assert [p.src_uri for p in site.layout.nav() if p.role == "plugins"] == ["plugins/index.md"]
    overview = site.pages["plugins/index.md"]
    assert overview.count('<tr><td><a href="') >= 105  # a row linking each plugin's page
    assert "## claude\\-code\\-workflows" in overview  # escaped for Markdown
    assert "## claude\\-code\\-plugins" in overview


def test_every_member_is_in_exactly_one_plugin(site):
    cat = site.catalog
    members = {"agents": [], "skills": [], "commands": []}
    for p in cat.plugins:
        for kind in members:
            members[kind] += [m.source for m in getattr(p, kind)]
    assert len(members["agents"]) == len(set(members["agents"])) == 217 == len(cat.agents)
    assert len(members["skills"]) == len(set(members["skills"])) == 191 == len(cat.skills)
    assert len(members["commands"]) == len(set(members["commands"])) == 120 == len(cat.commands)
    dev = next(p for p in cat.plugins if p.name == "plugin-dev")
    assert (len(dev.agents), len(dev.skills), len(dev.commands)) == (3, 7, 1)


def test_each_plugin_page_lists_its_members_and_install_command(site):
    for p in site.catalog.plugins:
        page = site.pages[f"plugins/{p.slug}.md"]
        assert f"/plugin install {p.name}@{p.marketplace.name}" in page
        for a in p.agents:
            assert f"](../agents/{a.slug}.md)" in page, (p.name, a.name)
        for s in p.skills:
            assert f"](../skills/{s.slug}.md)" in page, (p.name, s.name)
        for c in p.commands:
            assert f"](../commands/{c.slug}.md)" in page, (p.name, c.name)


def test_agents_json_lists_the_plugins_by_slug(site):
    doc = site.document
    assert len(doc["plugins"]) == 105
    slugs = {k: {r["slug"] for r in doc[k]} for k in ("agents", "skills", "commands")}
    for r in doc["plugins"]:
        assert r["url"] == f"plugins/{r['slug']}/"
        for kind in slugs:
            assert set(r[kind]) <= slugs[kind], (r["name"], kind)
    assert sum(len(r["agents"]) for r in doc["plugins"]) == 217
