"""A build that reuses the previous build's work (`pipeline.BuildCache`, what `mkdocs serve`
keeps) publishes exactly what a clean build of the same files publishes, after an edit, an
addition, a rename and a deletion; and it did reuse work, and says which pages changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from agent_catalog import options as options_mod
from agent_catalog import pipeline
from agent_catalog.analysis import related
from conftest import CORPUS

COLLECTIONS = (
    "0xfurai__claude-code-subagents",
    "VoltAgent__awesome-claude-code-subagents",
    "contains-studio__agents",
)
"""Real agents; the collections share names, so variant pages and related agents appear."""
PER_COLLECTION = 25

COPILOT_A = """\
---
name: Planner
description: Plans the work and hands it to the implementer.
tools: ['search', 'fetch']
handoffs:
  - label: Start implementing
    agent: implementer
    prompt: Implement the plan above.
---
Plan first. Kafka, Terraform and Vue are all in scope.
"""
COPILOT_B = """\
---
name: Implementer
description: Implements a plan step by step.
tools: ['edit', 'runCommands']
---
Implement what the plan says.
"""


def _project(root: Path) -> Path:
    agents = root / "agents"
    for collection in COLLECTIONS:
        files = sorted((CORPUS / collection).rglob("*.md"))
        files = [f for f in files if f.name.lower() not in ("readme.md", "claude.md")]
        for f in files[:PER_COLLECTION]:
            target = agents / collection / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
    gh = root / ".github" / "agents"
    gh.mkdir(parents=True)
    (gh / "planner.agent.md").write_text(COPILOT_A, encoding="utf-8")
    (gh / "implementer.agent.md").write_text(COPILOT_B, encoding="utf-8")
    return root


def _options(root: Path) -> options_mod.Options:
    return options_mod.validate(
        {"sources": ["agents", ".github/agents"]}, base=root, site={"site_name": "Rebuilds"}
    )


def _save(path: Path, text: str) -> None:
    """Write and move the modification time on, as a later save does (the read cache keys
    on size and time: a same-size edit within the file system's time resolution is one an
    editor cannot make)."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


def _same_site(cached: pipeline.Site, fresh: pipeline.Site) -> None:
    assert list(cached.pages) == list(fresh.pages)
    for uri, text in fresh.pages.items():
        assert cached.pages[uri] == text, uri
    assert cached.files == fresh.files
    assert cached.legacy_files == fresh.legacy_files
    assert cached.document == fresh.document


@pytest.fixture()
def project(tmp_path):
    """A fresh copy for each test: the tests edit it."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    return _project(tmp_path / "rebuild")


def _first(project: Path) -> tuple[options_mod.Options, pipeline.BuildCache, pipeline.Site]:
    """The options, a new cache, and the first build with it."""
    opts = _options(project)
    cache = pipeline.BuildCache()
    return opts, cache, pipeline.build_site(opts, cache=cache, existing=["index.md"])


@pytest.fixture(params=["all pairs", "index"])
def related_path(request, monkeypatch):
    """Related agents as a small catalog finds them (every pair scored), and as a large one
    does (through the inverted index and truncated postings): the fixture's catalog is made
    to count as large."""
    if request.param == "index":
        monkeypatch.setattr(related, "EXACT_BELOW", 10)
        monkeypatch.setattr(related, "POSTINGS_PER_TERM", 8)
        monkeypatch.setattr(related, "CANDIDATES", 6)
    return request.param


def test_a_cached_rebuild_equals_a_clean_build_after_each_kind_of_change(project, related_path):
    opts, cache, first = _first(project)
    assert len(first.catalog.agents) > 2 * PER_COLLECTION
    assert first.catalog.name_groups, "the fixture has variant pages"
    assert pipeline.changes(None, first).pages == frozenset(first.pages)

    # Nothing changed: every page and analysis comes from the cache, and no page changed.
    again = pipeline.build_site(opts, cache=cache, existing=["index.md"])
    _same_site(again, first)
    assert pipeline.changes(first, again) == pipeline.Changes(
        frozenset(), frozenset(), frozenset(), frozenset()
    )
    assert cache.analysis.misses == len(first.catalog.agents)  # from the first build only

    folder = project / "agents" / COLLECTIONS[0]
    edited = sorted(folder.glob("*.md"))[3]
    variant = next(iter(first.catalog.name_groups.values()))[0].path  # shares its name
    steps = [
        ("edit", lambda: _save(edited, edited.read_text("utf-8") + "\nEdited: zyxglobulin.\n")),
        # its name's comparison page lists its sections (a variant group's comparison)
        ("variant", lambda: _save(variant, variant.read_text("utf-8") + "\n## Zyx checks\n")),
        ("add", lambda: _save(folder / "fresh-one.md", _fresh_agent())),
        # its row on the tools pages changes (a tools-class page's key holds its cells)
        ("tools", lambda: _save(folder / "fresh-one.md", _fresh_agent("Read, Grep, WebFetch"))),
        # its name and page change: every page listing it, the tools pages too
        ("name", lambda: _save(folder / "fresh-one.md", _fresh_agent("Read, Grep", "fresh-two"))),
        ("rename", lambda: (folder / "fresh-one.md").rename(folder / "renamed-one.md")),
        ("delete", lambda: (folder / "renamed-one.md").unlink()),
        # every tools-class page counts the agents inheriting every tool
        ("add inheriting every tool", lambda: _save(folder / "every-tool.md", _fresh_agent(None))),
        ("delete inheriting every tool", lambda: (folder / "every-tool.md").unlink()),
        ("copilot handoff target", lambda: _save(
            project / ".github" / "agents" / "implementer.agent.md",
            COPILOT_B.replace("Implements a plan", "Carries out a plan"),
        )),
    ]  # fmt: skip
    previous = again
    for what, change in steps:
        misses, page_hits = cache.analysis.misses, cache.pages.hits
        change()
        cached = pipeline.build_site(opts, cache=cache, existing=["index.md"])
        fresh = pipeline.build_site(opts, existing=["index.md"])
        _same_site(cached, fresh)
        diff = pipeline.changes(previous, cached)
        assert cache.analysis.misses - misses <= 1, f"{what}: only the changed file re-analysed"
        assert diff.pages, what
        if what in ("edit", "copilot handoff target"):
            # a word no other agent has moves no other agent's terms: the rest is reused
            assert cache.pages.hits - page_hits > len(cached.catalog.agents) // 2, what
            assert len(diff.pages) < 10, f"{what}: {sorted(diff.pages)}"
            # the tools pages list no prompt: taken from the cache, as rendered last time
            for p in cached.layout.pages:
                if p.role == "tools-class":
                    assert cached.pages[p.src_uri] is previous.pages[p.src_uri], p.src_uri
        else:
            # one agent more or less moves the weights of its own words (`related._scale`),
            # and in a small catalog many agents' shared terms with it; the rest is reused
            assert cache.pages.hits - page_hits > 0, what
        areas = [p.src_uri for p in cached.layout.pages if p.role == "area"]
        reused = [u for u in areas if cached.pages[u] is previous.pages.get(u)]
        assert reused, f"{what}: an area page the change leaves alone is taken from the cache"
        previous = cached

    urls = {a.source: a.slug for a in previous.catalog.agents}
    assert f"agents/{COLLECTIONS[0]}/renamed-one.md" not in urls
    assert any("zyxglobulin" in t for t in previous.pages.values())


def _fresh_agent(tools: str | None = "Read, Grep", name: str = "fresh-one") -> str:
    """A new agent; `tools=None`: it lists none (it inherits every tool)."""
    return (
        f"---\nname: {name}\ndescription: Reviews Kafka topics and Terraform plans.\n"
        + (f"tools: {tools}\n" if tools else "")
        + "---\n\nCheck every Kafka topic and every Terraform plan.\n"
    )


def test_changes_name_the_pages_and_files_added_and_removed(project):
    opts, cache, first = _first(project)
    folder = project / "agents" / COLLECTIONS[1]
    gone = sorted(folder.glob("*.md"))[0]
    text = gone.read_text("utf-8")
    gone.unlink()
    try:
        second = pipeline.build_site(opts, cache=cache, existing=["index.md"])
    finally:
        _save(gone, text)
    diff = pipeline.changes(first, second)
    agent = next(a for a in first.catalog.agents if a.source.endswith(gone.name))
    page = first.layout.uri_of(agent)
    assert page in diff.removed_pages and page not in second.pages
    assert "agents.json" in diff.files
    assert any(f.startswith(f"raw/{agent.slug}/") for f in diff.removed_files)
    assert first.layout.uri("catalog") in diff.pages


def test_a_cached_agent_page_follows_its_skills_and_plugin(tmp_path):
    """An agent page shows the skill pages its `skills:` entries link to and the plugin it
    ships in: adding the skill it preloads, or renaming its plugin, changes that page although
    the agent file did not change (the page's cache key holds both)."""
    plugin = tmp_path / "plugins" / "review-kit"
    (plugin / ".claude-plugin").mkdir(parents=True)
    manifest = plugin / ".claude-plugin" / "plugin.json"
    _save(manifest, '{"name": "review-kit", "version": "1.0.0", "description": "Reviews."}')
    (plugin / "agents").mkdir()
    _save(
        plugin / "agents" / "reviewer.md",
        "---\nname: reviewer\ndescription: Reviews pull requests.\nskills:\n  - lint-rules\n"
        "tools: Read, Grep\n---\n\nReview the change.\n",
    )
    opts = options_mod.validate({"sources": ["plugins"]}, base=tmp_path, site={"site_name": "K"})
    cache = pipeline.BuildCache()
    first = pipeline.build_site(opts, cache=cache, existing=["index.md"])
    reviewer = next(a for a in first.catalog.agents if a.name == "reviewer")
    page = first.layout.uri_of(reviewer)
    assert "skills/lint-rules" not in first.pages[page]

    skill = plugin / "skills" / "lint-rules"
    skill.mkdir(parents=True)
    _save(skill / "SKILL.md", "---\nname: lint-rules\ndescription: Lint rules.\n---\n\nLint.\n")
    cached = pipeline.build_site(opts, cache=cache, existing=["index.md"])
    _same_site(cached, pipeline.build_site(opts, existing=["index.md"]))
    assert "skills/lint-rules" in cached.pages[page]

    _save(manifest, manifest.read_text("utf-8").replace('"review-kit"', '"review-suite"'))
    cached = pipeline.build_site(opts, cache=cache, existing=["index.md"])
    _same_site(cached, pipeline.build_site(opts, existing=["index.md"]))
    assert "review-suite" in cached.pages[page]


def test_agents_json_from_kept_records_is_the_text_of_a_clean_build():
    """`export.dumps_site` joins the kept text of each unchanged record: with characters
    `dumps` escapes (C1 controls, line and paragraph separators) in records and around them,
    a second call from the kept texts writes what one `dumps` of the whole writes."""
    from agent_catalog.publish import export

    records = [{"name": "a\x85b", "prompt": "line\u2028next"}, {"name": "plain", "n": 1}]
    document = {"title": "site\u2029name", "agents": records}
    whole = export.dumps(document, compact=True)
    assert "\\u0085" in whole and "\\u2028" in whole and "\\u2029" in whole
    texts: dict = {}
    assert export.dumps_site(document, texts) == whole.encode("utf-8")
    assert len(texts) == 2
    assert export.dumps_site(document, texts) == whole.encode("utf-8")  # from the kept texts
