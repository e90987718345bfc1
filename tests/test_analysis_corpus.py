"""The analyses on real collections (`../shared/corpus`, read in place; skipped when absent)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from agent_catalog.analysis import analyse
from agent_catalog.catalog.load import load_catalog

REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    """`<repo>/../shared/corpus` (CI and the main clone); `AGENT_CATALOG_CORPUS` overrides."""
    env = os.environ.get("AGENT_CATALOG_CORPUS")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared" / "corpus", REPO.parent.parent / "shared" / "corpus"]
    return next((c for c in candidates if (c / "FINDINGS.md").is_file()), None)


CORPUS = corpus_dir()
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not present beside the repo"),
]


@pytest.fixture(scope="module")
def corpus():
    catalog = load_catalog([str(CORPUS)], REPO)
    result = analyse(catalog)
    catalog = result.catalog
    by_repo: dict[str, list] = {}
    for a in catalog.agents:
        repo = Path(a.source).relative_to(Path(os.path.relpath(CORPUS, REPO))).parts[0]
        by_repo.setdefault(repo, []).append(a)
    return catalog, result, by_repo


def test_every_real_agent_gets_every_analysis(corpus):
    catalog, _, _ = corpus
    assert len(catalog.agents) > 1500
    for a in catalog.agents:
        for key in ("capabilities", "tokens", "characters", "responsibilities", "areas", "related"):
            assert key in a.analysis, (a.source, key)
        if a.body.strip():
            assert a.analysis["tokens"] > 0, a.source


def test_no_tool_is_dropped_on_real_files(corpus):
    catalog, _, _ = corpus
    for a in catalog.agents:
        prof = a.analysis["_capability_profile"]
        if prof.mode == "listed":
            dis = {t.base.lower() for t in prof.excluded}
            kept = [t for t in a.tools if t.split("(")[0].strip().lower() not in dis]
            assert [t.tool for t in prof.tools] == kept, a.source
        if a.tools is None and prof.mode != "n/a":  # n/a: Cursor rules have no tool list
            assert a.analysis["capabilities"] == ["all"], a.source


def test_real_tool_names_of_each_format_are_classified(corpus):
    _, result, by_repo = corpus
    gemini = by_repo["sergarb1__awesome-gemini-cli-subagents"]
    shell = [a for a in gemini if "run_shell_command" in (a.tools or [])]
    assert shell and all("execute" in a.analysis["capabilities"] for a in shell)
    copilot = by_repo["github__awesome-copilot"]
    editors = [a for a in copilot if "edit/editFiles" in (a.tools or [])]
    assert editors and all("edit" in a.analysis["capabilities"] for a in editors)
    # the bulk of real tool uses land in a class: unknown stays a small remainder
    uses: Counter = Counter()
    for entry in result.tool_usage.tools:
        uses[entry.cls] += len(entry.agents)
    assert uses["unknown"] < 0.1 * sum(uses.values())


def test_nearly_every_real_agent_gets_three_responsibilities(corpus):
    catalog, _, _ = corpus
    with_text = [a for a in catalog.agents if len(a.body) > 400 or len(a.description) > 200]
    few = [a.source for a in with_text if len(a.analysis["responsibilities"]) < 3]
    assert len(few) <= 0.02 * len(with_text), few[:10]
    headed = [
        a
        for a in catalog.agents
        if any(r["source"] == "section" for r in a.analysis["responsibilities"])
    ]
    assert len(headed) > 0.25 * len(catalog.agents)  # about a third have such headings


def test_shared_names_across_collections_become_variant_groups(corpus):
    _, result, _ = corpus
    groups = {g.base: g for g in result.variant_groups}
    assert len(groups["ai-engineer"].agents) >= 5
    for g in result.variant_groups:
        for a in g.agents:
            assert len(a.analysis["variants"]["others"]) == len(g.agents) - 1


def test_real_models_group_aliases_with_full_ids(corpus):
    _, result, _ = corpus
    fams = {m.key: m for m in result.models}
    sonnet = {v["value"] for v in fams["claude-sonnet"].as_dict()["values"]}
    assert {"sonnet", "claude-sonnet-4-20250514"} <= sonnet
    assert fams["not-set"].count > 500 and fams["inherit"].count > 50
    assert sum(m.count for m in result.models) == len(corpus[0].agents)


def test_related_agents_on_real_files_share_a_topic(corpus):
    catalog, _, _ = corpus
    by_slug = {a.slug: a for a in catalog.agents}
    for a in catalog.agents:
        if "postgres" in a.name:
            rel = a.analysis["related"]
            assert rel, a.source
            names = " ".join(by_slug[r["slug"]].name for r in rel)
            assert any(w in names for w in ("postgres", "sql", "database", "db")), names
