"""The two real plugin marketplaces (`../shared/corpus-kinds`), read in place: every `SKILL.md`
is a skill and every command file a command (none read as an agent, none lost), each has its
page at `skills/<slug>/` or `commands/<slug>/`, and the counts of their findings by rule are
pinned in a golden file, as `test_corpus.py` pins the agent corpus's.

Regenerate the golden file after an intended change with:

    UPDATE_GOLDEN=1 PYTHONPATH=plugins python -m pytest tests/test_corpus_kinds.py

and check the diff of `tests/golden/corpus_kinds_findings.json` before committing it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from agent_catalog.checks.rules import all_checks
from agent_catalog.options import validate
from agent_catalog.pipeline import build_site
from reader_support import REPO

KINDS = Path(
    os.environ.get("AGENT_CATALOG_KINDS_CORPUS") or REPO.parent / "shared" / "corpus-kinds"
)
GOLDEN = Path(__file__).parent / "golden" / "corpus_kinds_findings.json"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not KINDS.is_dir(), reason=f"the kinds corpus is not at {KINDS}"),
]


@pytest.fixture(scope="module")
def site():
    """Both marketplaces, each its own source, built by the one pipeline (Markdown pages)."""
    sources = sorted(p.name for p in KINDS.iterdir() if p.is_dir())
    return build_site(validate({"sources": sources}, base=KINDS), existing=["index.md"])


def _files(pattern: str) -> list[str]:
    return sorted(p.relative_to(KINDS).as_posix() for p in KINDS.rglob(pattern) if p.is_file())


def test_every_skill_and_command_file_is_read_as_one_never_as_an_agent(site):
    catalog = site.catalog
    skills = _files("SKILL.md")
    commands = [f for f in _files("*.md") if "/commands/" in f]
    agents = [f for f in _files("*.md") if "/agents/" in f]
    assert (len(skills), len(commands), len(agents)) == (191, 120, 217)
    assert sorted(s.source for s in catalog.skills) == skills
    assert sorted(c.source for c in catalog.commands) == commands
    assert sorted(a.source for a in catalog.agents) == agents
    assert catalog.skipped == [] and catalog.diagnostics == []


def test_every_skill_and_command_has_its_own_page(site):
    layout, catalog = site.layout, site.catalog
    roles = Counter(p.role for p in layout.pages)
    assert (roles["skill"], roles["command"], roles["skills"], roles["commands"]) == (
        191,
        120,
        1,
        1,
    )
    uris = [layout.uri_of(i) for i in catalog.items]
    assert len(set(uris)) == len(uris) == 311
    for skill in catalog.skills:
        page = site.pages[layout.uri_of(skill)]
        assert layout.uri_of(skill) == f"skills/{skill.slug}.md"
        assert skill.body.strip()[:40] in page  # the prompt is on its page
    for command in catalog.commands:
        page = site.pages[layout.uri_of(command)]
        assert layout.uri_of(command) == f"commands/{command.slug}.md"
        assert f"title: {json.dumps('/' + command.name)}" in page


def test_commands_without_frontmatter_are_commands_described_by_their_first_line(site):
    bare = [c for c in site.catalog.commands if c.body_line == 1 and not c.metadata]
    # 41 files, 37 names: several plugins ship the same command
    assert len(bare) == 41 and len({c.name for c in bare}) == 37
    for c in bare:
        assert "command-no-frontmatter" in {d.rule for d in c.diagnostics}
        assert c.description and c.description_from in ("heading", "line")
        first = next(ln for ln in c.raw_text.split("\n") if ln.strip())
        assert c.description in first


def test_nine_skills_are_named_unlike_their_folder(site):
    differ = [s for s in site.catalog.skills if s.name != s.folder]
    assert len(differ) == 9
    for s in differ:
        assert "skill-name-folder" in {d.rule for d in s.diagnostics}


def test_every_item_of_a_plugin_knows_its_plugin(site):
    for item in site.catalog.items:
        root = item.settings.get("plugin")
        assert root is not None and item.source.startswith(root + "/"), item.source
        assert (KINDS / root / ".claude-plugin").is_dir() or "/plugins/" in item.source


def test_every_finding_names_file_fix_and_a_documented_rule(site):
    documented = {c[0] for c in all_checks()}
    for item in site.catalog.items:
        for d in item.diagnostics:
            assert d.source == item.source and d.message and d.fix, d
            assert d.rule in documented, d.rule
            assert d.line is None or d.line >= 1, d


def test_the_json_document_lists_every_skill_and_command(site):
    doc = site.document
    assert len(doc["skills"]) == 191 and len(doc["commands"]) == 120
    assert {r["url"] for r in doc["skills"]} == {
        site.layout.url(site.layout.uri_of(s)) for s in site.catalog.skills
    }
    assert all(r["command"] == "/" + r["name"] for r in doc["commands"])


def _counts(site) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for kind, items in (("skills", site.catalog.skills), ("commands", site.catalog.commands)):
        rules = Counter(f"{d.severity} {d.rule}" for i in items for d in i.diagnostics)
        out[kind] = {"read": len(items), **dict(sorted(rules.items()))}
    return out


def test_counts_of_findings_by_rule_match_the_golden_file(site):
    counts = _counts(site)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert counts == golden, (
        "the kinds corpus's findings changed; if intended, regenerate with UPDATE_GOLDEN=1 "
        "(see this module's docstring) and review the diff"
    )
