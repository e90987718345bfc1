"""The analyses that answer "which agent should I use?", told as the reader's questions.

Seeds (`seeds/`), own fixtures (`tests/fixtures/analysis/`) reproducing each format's tool names,
and small agents built in the test for single rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_catalog.analysis import AnalysisOptions, analyse
from agent_catalog.analysis.areas import Taxonomy, score
from agent_catalog.analysis.capabilities import ToolTable, profile
from agent_catalog.analysis.models import family_of, group_models, kind_of
from agent_catalog.analysis.related import EXACT_BELOW, find_related
from agent_catalog.analysis.responsibilities import extract, from_description, split_list
from agent_catalog.analysis.sections import outline, words
from agent_catalog.analysis.tokens import estimate_tokens, measure
from agent_catalog.catalog.load import finalise, load_catalog
from agent_catalog.model import Agent, Catalog
from agent_catalog.reading.reader import read_agent_bytes

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "analysis"


def make_agent(text: str, source: str = "agents/x.md") -> Agent:
    result = read_agent_bytes(text.encode(), Path(source), source)
    assert isinstance(result, Agent), result
    result.slug = result.slug or Path(source).stem
    return result


@pytest.fixture(scope="module")
def seeds():
    catalog = load_catalog(["seeds"], REPO, include=["*.txt"])
    result = analyse(catalog)
    catalog = result.catalog
    by_file = {Path(a.source).name[:3]: a for a in catalog.agents}
    return catalog, result, by_file


@pytest.fixture(scope="module")
def fixtures():
    catalog = load_catalog(["tests/fixtures/analysis"], REPO)
    result = analyse(catalog)
    catalog = result.catalog
    return catalog, result, {a.name: a for a in catalog.agents}


# --------------------------------------------------------------------------- the seeds


def test_seed_capabilities_say_what_each_agent_may_touch(seeds):
    _, _, seed = seeds
    assert seed["000"].analysis["capabilities"] == ["read", "execute", "web", "mcp"]
    assert seed["003"].analysis["capabilities"] == ["read", "edit", "execute"]
    assert seed["002"].analysis["capabilities"] == ["all"]
    assert seed["004"].analysis["capabilities"] == ["all"]
    assert seed["000"].analysis["_capability_profile"].servers == ["context7"]


def test_every_seed_has_a_token_estimate_and_three_responsibilities(seeds):
    catalog, _, _ = seeds
    for a in catalog.agents:
        size = a.analysis["size"]
        assert a.analysis["tokens"] > 100, a.source
        assert a.analysis["characters"] > a.analysis["tokens"]
        assert "estimate" in size["method"]
        assert len(a.analysis["responsibilities"]) >= 3, a.source


def test_seed_responsibilities_come_from_the_text_not_from_a_template(seeds):
    _, _, seed = seeds
    texts = {k: [r["text"] for r in a.analysis["responsibilities"]] for k, a in seed.items()}
    # the description's em-dash list ("API design") meets the author's "API Design" heading
    assert "api design" in [t.lower() for t in texts["000"]]
    assert "Dramatiq task queues" in texts["000"]
    assert "Database schema design" in texts["002"]  # "including but not limited to: ..."
    assert "Explain Architectural Decisions" in texts["002"]  # under "Your Core Responsibilities"
    assert "Architectural Planning and Coordination" in texts["004"]
    sources = {r["source"] for r in seed["002"].analysis["responsibilities"]}
    assert {"description", "section"} <= sources
    where = {r["where"] for r in seed["004"].analysis["responsibilities"]}
    assert "Core Responsibilities" in where


def test_an_explicit_responsibilities_section_comes_first(seeds):
    """004 states its duties under "Core Responsibilities" ("### 1. Architectural Planning and
    Coordination", ...): those, in the author's order, before phrases lifted from the
    description; 002's "Your Core Responsibilities" likewise."""
    _, _, seed = seeds
    items = seed["004"].analysis["responsibilities"]
    assert [r["text"] for r in items[:4]] == [
        "Architectural Planning and Coordination",
        "Implementation Standards",
        "Basic Level Feature Requirements",
        "Decision-Making Framework",
    ]
    assert {r["where"] for r in items[:8]} == {"Core Responsibilities"}
    first = seed["002"].analysis["responsibilities"][0]
    assert (first["source"], first["where"]) == ("section", "Your Core Responsibilities")
    # a section on what the agent knows ("Core Expertise") still precedes the description
    sources = [r["source"] for r in seed["000"].analysis["responsibilities"]]
    assert sources.index("section") < sources.index("description")


def test_duties_come_before_expertise_whatever_the_file_order():
    agent = make_agent(
        "---\nname: a\ndescription: Use it for reviews, audits and triage.\n---\n"
        "## Technical Expertise\n\n- Golang\n- Rust\n\n## Key Responsibilities\n\n"
        "- Review pull requests\n- Audit dependencies\n"
    )
    texts = [(r.source, r.where, r.text) for r in extract(agent)]
    assert texts[:4] == [
        ("section", "Key Responsibilities", "Review pull requests"),
        ("section", "Key Responsibilities", "Audit dependencies"),
        ("section", "Technical Expertise", "Golang"),
        ("section", "Technical Expertise", "Rust"),
    ]
    assert texts[-1][0] == "description"


def test_the_four_backend_architects_form_one_variant_group(seeds):
    _, result, seed = seeds
    (group,) = result.variant_groups
    assert group.base == "backend-architect"
    assert len(group.agents) == 4
    for key in ("000", "001", "002", "004"):
        others = seed[key].analysis["variants"]["others"]
        assert len(others) == 3 and seed[key].slug not in others
    assert "variants" not in seed["003"].analysis
    tools = {row["tool"]: row["state"] for row in group.tools}
    # 002 and 004 have no list: they inherit Write, shown as "all", not as "has"
    assert tools["Write"] == ["", "has", "all", "all"]
    model = next(f for f in group.fields if f["key"] == "model")
    assert model["values"] == ["opus", "sonnet", "sonnet", "sonnet"] and not model["same"]
    name = next(f for f in group.fields if f["key"] == "name")
    assert name["same"]
    sizes = [s["tokens"] for s in group.sizes]
    assert len(set(sizes)) == 4
    present = {s["title"]: s["present"] for s in group.sections}
    assert present["Core Expertise"] == [True, False, False, False]


def test_each_backend_variant_has_something_that_sets_it_apart(seeds):
    _, result, _ = seeds
    (group,) = result.variant_groups
    for d in group.distinct:
        assert d["responsibilities"] or d["areas"] or d["sections"], d["slug"]
    first = group.distinct[0]
    assert "mcp__context7__query-docs" in first["tools"]
    assert "Dramatiq task queues" in first["responsibilities"]


def test_seed_models_are_grouped_by_family(seeds):
    _, result, _ = seeds
    fams = {m.key: m for m in result.models}
    assert fams["claude-sonnet"].count == 4
    assert fams["claude-opus"].count == 1
    assert result.models[0].key == "claude-sonnet"


def test_related_agents_skip_the_agents_own_variants(seeds):
    _, _, seed = seeds
    rel = seed["003"].analysis["related"]
    assert rel and all(r["slug"].startswith("backend-architect") for r in rel)
    assert all(0 < r["score"] <= 1 for r in rel)
    for key in ("000", "001"):
        slugs = [r["slug"] for r in seed[key].analysis["related"]]
        assert seed["003"].slug in slugs
        assert not [s for s in slugs if s.startswith("backend-architect")]


def test_seed_areas_come_with_evidence(seeds):
    _, result, seed = seeds
    areas = {s["area"]: s for s in seed["000"].analysis["areas"]}
    assert areas["background-jobs"]["level"] == "primary"
    terms = {e["term"]: e["where"] for e in areas["background-jobs"]["evidence"]}
    assert "dramatiq" in terms and "description" in terms["dramatiq"]
    assert seed["000"].slug in result.area_agents["background-jobs"]
    auth = {s["area"]: s for s in seed["004"].analysis["areas"]}["auth-security"]
    assert auth["level"] == "primary"


# --------------------------------------------------------------------------- capabilities


def test_every_format_s_tool_names_find_their_class(fixtures):
    _, _, agents = fixtures
    copilot = agents["PR Reviewer"].analysis["_capability_profile"]
    cls = {t.tool: t.cls for t in copilot.tools}
    assert cls["search/codebase"] == "read"
    assert cls["edit/editFiles"] == "edit"
    assert cls["execute/runInTerminal"] == "execute"
    assert cls["web/fetch"] == "web"
    assert cls["github/*"] == "mcp"
    assert cls["ms-python.python/getPythonEnvironmentInfo"] == "other"
    assert copilot.servers == ["github"]
    gemini = agents["shell-helper"].analysis["capabilities"]
    assert gemini == ["read", "execute", "web", "mcp"]
    assert agents["shell-helper"].analysis["_capability_profile"].servers == ["github"]


def test_an_unknown_tool_is_listed_as_unknown_not_dropped(fixtures):
    _, result, agents = fixtures
    prof = agents["PR Reviewer"].analysis["_capability_profile"]
    assert prof.unknown == ["frobnicate"]
    assert len(prof.tools) == len(agents["PR Reviewer"].tools)
    unknown = [e.name for e in result.tool_usage.by_class["unknown"]]
    assert "frobnicate" in unknown and "Frobnicator" in unknown


def test_old_claude_names_and_specifiers_map_by_base_name(fixtures):
    _, _, agents = fixtures
    prof = agents["git-only"].analysis["_capability_profile"]
    by = {t.base: t for t in prof.tools}
    assert by["Bash"].cls == "execute" and by["Bash"].specifier == "git status, git log *"
    assert by["MultiEdit"].cls == "edit"
    assert by["LS"].cls == "read" and by["NotebookRead"].cls == "read"
    # disallowedTools removes Task (delegate) from the listed tools
    assert "Task" not in by and [t.tool for t in prof.excluded] == ["Task"]
    assert prof.mode == "listed" and "delegate" not in prof.classes


def test_no_tool_list_means_all_and_an_empty_list_means_none(fixtures):
    _, result, agents = fixtures
    assert agents["pure-thinker"].analysis["capabilities"] == []
    assert agents["pure-thinker"].analysis["_capability_profile"].mode == "none"
    assert agents["pure-thinker"].slug in result.tool_usage.no_tools
    planner = agents["opencode-planner"].analysis["_capability_profile"]
    # OpenCode: tools are on unless switched off, so `write: false` takes away from "all"
    assert planner.mode == "all" and planner.classes == ["all"]
    assert sorted(t.tool for t in planner.excluded) == ["bash", "edit", "write"]
    assert agents["opencode-planner"].slug in result.tool_usage.inherits_all


@pytest.mark.parametrize(
    "tool, cls",
    [
        ("Task", "delegate"),
        ("Agent", "delegate"),
        ("Write", "edit"),
        ("NotebookEdit", "edit"),
        ("PowerShell", "execute"),
        ("Monitor", "execute"),
        ("WebSearch", "web"),
        ("Glob", "read"),
        ("bash", "execute"),
        ("webfetch", "web"),
        ("read_file", "read"),
        ("write_file", "edit"),
        ("replace", "edit"),
        ("mcp_*", "mcp"),
        ("mcp__db", "mcp"),
        ("mcp__db__*", "mcp"),
        ("TodoWrite", "other"),
        ("Agent(reviewer, tester)", "delegate"),
        ("todo/write", "other"),
        ("microsoft.docs.mcp/*", "mcp"),
        ("Zorp", "unknown"),
    ],
)
def test_tool_table(tool, cls):
    assert ToolTable.load().classify(tool).cls == cls


def test_users_extend_the_tool_table_from_the_configuration():
    table = ToolTable.load({"Zorp": "execute", "acme_*": "web", "Deploy": "release"})
    assert table.classify("zorp").cls == "execute"
    assert table.classify("acme_lookup").cls == "web"
    assert table.classify("Deploy").cls == "release"
    assert "release" in table.capability_order
    agent = make_agent("---\nname: a\ndescription: d\ntools: Read, Deploy, Zorp\n---\nbody\n")
    assert profile(agent, table).classes == ["read", "execute", "release"]
    with pytest.raises(ValueError, match="reserved"):
        ToolTable.load({"X": "all"})
    with pytest.raises(ValueError, match="lowercase word"):
        ToolTable.load({"X": ["read"]})


# --------------------------------------------------------------------------- tokens


def test_token_estimate_is_labelled_and_grows_with_the_text():
    assert estimate_tokens("") == 0
    assert estimate_tokens("   \n") == 0
    one = estimate_tokens("Review the code for security issues.")
    ten = estimate_tokens(" ".join(["Review the code for security issues."] * 10))
    assert 5 <= one <= 12
    assert 9 * one <= ten <= 11 * one
    assert estimate_tokens("数据库设计") == 5  # each CJK character is a token
    assert estimate_tokens("数据库 design") == 5  # 3 + (6 / 4 + 1 / 0.75) / 2, rounded up


def test_token_estimate_counts_the_prompt_as_written_not_the_escaped_copy():
    agent = make_agent("---\nname: a\ndescription: d\n---\n<role>R & D</role>\n")
    assert "&lt;" in agent.body
    size = measure(agent)
    assert size.characters == len("<role>R & D</role>")
    assert size.description_characters == 1


# --------------------------------------------------------------------------- responsibilities


def test_a_plain_label_introduces_the_responsibilities(fixtures):
    _, _, agents = fixtures
    items = agents["shell-helper"].analysis["responsibilities"]
    labelled = [r["text"] for r in items if r["source"] == "label"]
    assert labelled == [
        "Run the build and read its output",
        "Search the web for unfamiliar error messages",
        "Suggest the smallest fix",
    ]
    # a label naming responsibilities is the author's own statement: it comes first
    assert items[0]["where"] == "Your primary responsibilities"


def test_description_lists_are_split_but_adjectives_stay_with_their_noun():
    assert split_list("API design, caching and testing") == ["API design", "Caching", "Testing"]
    assert split_list("Redis, Qdrant, and OAuth2") == ["Redis", "Qdrant", "OAuth2"]
    assert split_list("reliable, efficient, and type-safe backend services") == [
        "Reliable, efficient, and type-safe backend services"
    ]
    items = from_description("Expert in React 19, Next.js 15 and Tailwind. Use when styling.")
    assert items[:3] == ["React 19", "Next.js 15", "Tailwind"]
    assert "Styling" in items


def test_without_responsibility_headings_the_top_level_sections_are_used():
    agent = make_agent(
        "---\nname: a\ndescription: Helps.\n---\n# A\n\n## Schema review\n\ntext\n\n"
        "## Query tuning\n\ntext\n\n## Examples\n\ntext\n\n## Index advice\n\ntext\n"
    )
    items = extract(agent)
    assert [r.text for r in items] == ["Schema review", "Query tuning", "Index advice"]
    assert {r.source for r in items} == {"outline"}


def test_a_rule_in_plain_prose_still_gets_responsibilities():
    agent = make_agent(
        "---\ndescription: Rules for Go.\nglobs: '*.go'\n---\n"
        "You are an expert Go programmer.\n\n"
        "Focus on performance, readability, and maintainability.\n"
    )
    texts = [r.text for r in extract(agent)]
    assert texts[:3] == ["Performance", "Readability", "Maintainability"]


def test_headings_in_code_blocks_are_not_sections():
    ol = outline("## Real\n\n```md\n## Not a section\n```\n\n## Also real\n")
    assert [s.title for s in ol.sections] == ["Real", "Also real"]


# --------------------------------------------------------------------------- areas


def test_an_area_is_primary_only_where_the_agent_says_it_is_for_it():
    tax = Taxonomy.load()
    body_only = score({"body": words("redis cache caching " * 30)}, tax)
    caching = next(s for s in body_only if s.key == "caching")
    assert caching.level == "secondary"  # the body alone is capped
    stated = score(
        {"description": words("Caching strategies with Redis"), "body": words("cache " * 30)}, tax
    )
    caching = next(s for s in stated if s.key == "caching")
    assert caching.level == "primary"
    where = {e["term"]: e["where"] for e in caching.evidence}
    assert where["redis"] == {"description": 1}
    assert where["cache"] == {"body": 30}


def test_phrases_and_prefixes_match_whole_words():
    tax = Taxonomy.load()
    found = {s.key for s in score({"description": words("Optimizes N+1 queries")}, tax)}
    assert "performance" in found
    assert not score({"description": words("logistics")}, tax)  # not "log*"
    got = score({"description": words("background jobs on a task queue")}, tax)
    terms = {e["term"] for e in got[0].evidence}
    assert {"background job*", "task queue*"} <= terms


def test_users_add_or_replace_areas():
    tax = Taxonomy.load({"billing": {"label": "Billing", "terms": ["stripe", "invoice*"]}})
    assert tax.label("billing") == "Billing" and tax.label("testing") == "Testing"
    got = score({"description": words("Stripe invoices")}, tax)
    assert got[0].key == "billing"
    only = Taxonomy.load({"billing": {"terms": ["stripe"]}}, replace=True)
    assert [a.key for a in only.areas] == ["billing"]
    with pytest.raises(ValueError, match="terms"):
        Taxonomy.load({"x": {"label": "X"}})


# --------------------------------------------------------------------------- models


@pytest.mark.parametrize(
    "value, family",
    [
        ("opus", "claude-opus"),
        ("claude-opus-4-1-20250805", "claude-opus"),
        ("anthropic/claude-sonnet-4-20250514", "claude-sonnet"),
        ("Claude Sonnet 4.5 (copilot)", "claude-sonnet"),
        ("claude-3-5-haiku-latest", "claude-haiku"),
        ("GPT-4.1 | 'gpt-5'", "gpt"),
        ("gemini-2.5-pro", "gemini"),
        ("inherit", "inherit"),
        (None, "not-set"),
        ("", "not-set"),
    ],
)
def test_model_families(value, family):
    assert family_of(value)[0] == family


def test_models_page_data_keeps_every_spelling_and_explains_the_defaults():
    agents = []
    for i, model in enumerate(["opus", "claude-opus-4-1-20250805", "opus", None, "inherit"]):
        a = Agent(name=f"a{i}", source=f"a{i}.md", path=Path(f"a{i}.md"), model=model)
        a.slug = a.name
        agents.append(a)
    fams = {f.key: f for f in group_models(agents)}
    opus = fams["claude-opus"].as_dict()
    assert opus["count"] == 3
    assert [(v["value"], v["kind"], len(v["agents"])) for v in opus["values"]] == [
        ("opus", "alias", 2),
        ("claude-opus-4-1-20250805", "id", 1),
    ]
    assert "caller" in fams["not-set"].explanation
    assert "conversation" in fams["inherit"].explanation
    assert kind_of("GPT-4.1 | gpt-5") == "list"


# --------------------------------------------------------------------------- related


def _synthetic(n: int) -> list[Agent]:
    topics = ["postgres sql index", "react css component", "kubernetes helm docker", "pytest"]
    agents = []
    for i in range(n):
        topic = topics[i % len(topics)]
        text = (
            f"---\nname: agent-{i}\ndescription: Works on {topic} and topic{i // 4} things.\n"
            f"tools: Read\n---\n## {topic}\n\nAbout {topic} in depth, unique{i}.\n"
        )
        agents.append(make_agent(text, f"agents/agent-{i}.md"))
    return agents


def test_the_index_finds_the_same_neighbours_as_comparing_every_pair(monkeypatch):
    """Above EXACT_BELOW agents the inverted index prunes; it must not lose close neighbours."""
    from agent_catalog.analysis import _analyse_agent, related

    n = EXACT_BELOW + 40
    agents = _synthetic(n)
    table, tax = ToolTable.load(), Taxonomy.load()
    counts = [_analyse_agent(a, table, tax) for a in agents]
    indexed = find_related(agents, counts, {}, count=3)
    monkeypatch.setattr(related, "EXACT_BELOW", n + 1)
    exact = find_related(agents, counts, {}, count=3)
    for i in range(0, n, 17):
        assert indexed[i], i
        assert [r.slug for r in indexed[i]] == [r.slug for r in exact[i]]
        for r in indexed[i]:
            assert int(r.slug.split("-")[1]) % 4 == i % 4  # same topic


def test_find_groups_compares_only_agents_that_share_a_name():
    a = make_agent("---\nname: Same Name\ndescription: x\n---\n## One\n", "a/s.md")
    b = make_agent("---\nname: same-name\ndescription: y\ntools: Read\n---\n## Two\n", "b/s.md")
    c = make_agent("---\nname: other\ndescription: z\n---\n", "c/o.md")
    catalog = finalise(Catalog(agents=[a, b, c]))
    assert list(catalog.name_groups) == ["same-name"], "name groups are found once, with slugs"
    (group,) = analyse(catalog).variant_groups
    assert group.base == "same-name"
    assert [x.source for x in group.agents] == ["a/s.md", "b/s.md"]
    desc = next(f for f in group.fields if f["key"] == "description")
    assert desc["values"] == ["x", "y"] and not desc["same"]
    tools = next(f for f in group.fields if f["key"] == "tools")
    assert tools["values"] == [None, "Read"]
    assert [s["title"] for s in group.sections] == ["One", "Two"]


def test_analyse_takes_user_options():
    catalog = load_catalog(["tests/fixtures/analysis"], REPO)
    result = analyse(
        catalog,
        AnalysisOptions(
            tool_classes={"frobnicate": "execute"},
            areas={"history": {"label": "Git history", "terms": ["history", "commit*"]}},
            related_count=1,
        ),
    )
    assert all(a.analysis == {} for a in catalog.agents), (
        "the finalised agents are left as they were"
    )
    catalog = result.catalog
    agents = {a.name: a for a in catalog.agents}
    assert agents["PR Reviewer"].analysis["_capability_profile"].unknown == []
    assert all(len(a.analysis["related"]) <= 1 for a in catalog.agents)
    hist = {s["area"]: s for s in agents["git-only"].analysis["areas"]}["history"]
    assert hist["label"] == "Git history"
    assert "history" in result.area_agents


def test_a_rule_written_as_json_gets_no_made_up_responsibilities():
    agent = make_agent(
        '---\ndescription: ""\nglobs: "*"\n---\n{ "rules": [ { "name": "x", "pattern": "a, b, c",'
        ' "message": "Never use apologies" } ] }\n'
    )
    assert extract(agent) == []


def test_a_trigger_phrase_that_names_no_task_is_not_a_responsibility():
    assert "You need to" not in from_description("Use this agent when you need to: ")
