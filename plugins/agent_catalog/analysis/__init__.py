"""Analyses that answer "which agent should I use?": one module per question.

`analyse(catalog, options)` runs them all on the finalised catalog and returns a new one: each
agent is copied (the finalised agents are left as they were) and the copy's `analysis` dict is
filled with (plain JSON-ready values, plus `_capability_profile`, a `CapabilityProfile`
for templates: keys starting with `_` stay out of `agents.json`) and returns the catalog-level
results (tools usage, models, variant groups, areas). Core code: knows nothing of MkDocs or of pages.

Keys set on `agent.analysis`:

- `capabilities`: list of classes (`["read", "execute"]`, `["all"]`, `[]`)
- `_capability_profile`: the full profile (tools classified, unknown tools, MCP servers)
- `size`: characters, words, lines and the estimated tokens of the prompt and description
- `tokens`, `characters`: the prompt's estimated tokens and its characters
- `sections`: the body's top-level section titles
- `responsibilities`: [{"text", "source", "where"}]
- `areas`: [{"area", "label", "score", "level", "evidence"}], strongest first
- `related`: [{"slug", "name", "score", "shared_terms", "shared_areas", "same_tools"}]
- `base_slug`: the slug the agent's name gives before variants are told apart
- `variants`: {"base", "others"} for agents sharing a name with others
- `capability_detail`: the profile as JSON (mode, tools with classes, excluded, unknown)
- `model_family`: the family key of the agent's model
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..catalog.slugs import base_slug
from ..model import Agent, Catalog
from . import areas as areas_mod
from . import capabilities, models, related, responsibilities, risk, tokens, variants
from .sections import outline, words

__all__ = ["AnalysisCache", "AnalysisOptions", "CatalogAnalysis", "analyse"]


@dataclass
class AnalysisOptions:
    tool_classes: dict[str, str] = field(default_factory=dict)
    """User additions to the tool -> class table (`{"MyTool": "execute", "acme_*": "web"}`)."""
    areas: dict[str, Any] = field(default_factory=dict)
    """User areas (`{key: {"label": ..., "terms": [...]}}`), added to or overriding defaults."""
    replace_areas: bool = False
    """Use only the user's areas, not the shipped taxonomy."""
    related_count: int = 5


@dataclass
class CatalogAnalysis:
    tool_table: capabilities.ToolTable
    taxonomy: areas_mod.Taxonomy
    tool_usage: capabilities.ToolUsage
    models: list[models.ModelFamily]
    variant_groups: list[variants.VariantGroup]
    area_agents: dict[str, list[str]]
    """Area key -> slugs of agents where it is primary or secondary, strongest first."""
    catalog: Catalog
    """The analysed catalog: the finalised one's agents, copied, with `analysis` filled."""


@dataclass
class AnalysisCache:
    """What `analyse` reuses from the previous analysis of the same catalog (`mkdocs serve`).

    The per-agent analyses (capabilities, risk, size, sections, responsibilities, areas, and
    the term weights `related` starts from) depend on the agent alone and on the options' tool
    table and taxonomy; they are most of the analysis stage's time. An agent whose finalised
    value equals the one analysed last time (field by field, findings and slug included) gets
    the same results back; any other is analysed again. The catalog-wide analyses (related
    agents, variant groups, models, tools usage, areas' members) are recomputed from those
    results on every build: each agent's neighbours depend on every other agent's terms, and
    recomputing them is what keeps a cached build equal to a clean one; related agents keep
    their own state and recompute only the rows an edit can change (`related.RelatedState`).
    """

    options: AnalysisOptions | None = None
    table: capabilities.ToolTable | None = None
    taxonomy: areas_mod.Taxonomy | None = None
    agents: dict[str, tuple[Agent, dict[str, Any], dict[str, float]]] = field(default_factory=dict)
    """Source -> (the finalised agent analysed, its per-agent `analysis` keys, term weights)."""
    hits: int = 0
    misses: int = 0
    groups: variants.GroupCache = field(default_factory=dict)
    """Variant groups' comparisons (`variants.find_groups`)."""
    related: related.RelatedState = field(default_factory=related.RelatedState)
    """The related agents' term weights, postings and rows (`related.RelatedState`)."""


def analyse(
    catalog: Catalog, options: AnalysisOptions | None = None, cache: AnalysisCache | None = None
) -> CatalogAnalysis:
    """Run every analysis over a finalised catalog. Raises ValueError only for bad options.
    `cache`: reuse the per-agent analyses of agents unchanged since its last use."""
    options = options or AnalysisOptions()
    if cache is not None and cache.options == options and cache.table is not None:
        table, taxonomy = cache.table, cache.taxonomy
    else:
        table = capabilities.ToolTable.load(options.tool_classes)
        taxonomy = areas_mod.Taxonomy.load(options.areas, options.replace_areas)
        if cache is not None:
            cache.options, cache.table, cache.taxonomy = copy.deepcopy(options), table, taxonomy
            cache.agents, cache.groups = {}, {}
            cache.related = related.RelatedState()
    copies = {id(a): _copy(a) for a in catalog.agents}
    agents = list(copies.values())
    analysed = Catalog(
        agents=agents,
        skipped=catalog.skipped,
        diagnostics=catalog.diagnostics,
        name_groups={
            base: tuple(copies[id(m)] for m in members)
            for base, members in catalog.name_groups.items()
        },
        plugins=[
            dataclasses.replace(p, agents=[copies[id(a)] for a in p.agents])
            for p in catalog.plugins
        ],
        marketplaces=catalog.marketplaces,
        plugin_scan=catalog.plugin_scan,
        skills=catalog.skills,
        commands=catalog.commands,
    )
    vocabulary = related.Vocabulary()
    tfs = []
    kept: dict[str, tuple[Agent, dict[str, Any], dict[str, float]]] = {}
    unchanged: set[str] = set()
    for finalised, a in zip(catalog.agents, agents, strict=True):
        entry = cache.agents.get(a.source) if cache is not None else None
        if entry is not None and entry[0] == finalised:
            cache.hits += 1
            unchanged.add(a.source)
            a.analysis.update(entry[1])
            tf = entry[2]
        else:
            tf = related.text_vector(_analyse_agent(a, table, taxonomy), vocabulary)
            if cache is not None:
                cache.misses += 1
                entry = (finalised, dict(a.analysis), tf)
        if cache is not None:
            kept[a.source] = entry
        tfs.append(tf)
    if cache is not None:
        cache.agents = kept  # agents gone since the last build are forgotten
    groups = variants.find_groups(
        analysed.name_groups, cache.groups if cache is not None else None, unchanged
    )
    base_of = {a.slug: g.base for g in groups for a in g.agents}
    found = related.find_related(
        agents,
        None,
        base_of,
        options.related_count,
        tfs=tfs,
        state=cache.related if cache is not None else None,
    )
    for a, rel in zip(agents, found, strict=True):
        a.analysis["related"] = [r.as_dict() for r in rel]
    area_agents: dict[str, list[tuple[float, str]]] = {}
    for a in agents:
        for s in a.analysis["areas"]:
            if s["level"] != "mention":
                area_agents.setdefault(s["area"], []).append((-s["score"], a.slug))
    return CatalogAnalysis(
        table,
        taxonomy,
        capabilities.tool_usage(agents, table),
        models.group_models(agents),
        groups,
        {k: [slug for _, slug in sorted(v)] for k, v in area_agents.items()},
        analysed,
    )


def _copy(agent: Agent) -> Agent:
    out = copy.copy(agent)
    out.analysis = {}
    return out


def _analyse_agent(
    agent: Agent, table: capabilities.ToolTable, taxonomy: areas_mod.Taxonomy
) -> dict[str, Counter]:
    """The per-agent analyses; returns the agent's word counts by location for `related`."""
    prof = capabilities.profile(agent, table)
    agent.analysis["_capability_profile"] = prof
    agent.analysis["capabilities"] = list(prof.classes)
    agent.analysis["capability_detail"] = prof.as_dict()
    agent.analysis["risk"] = risk.assess(agent, prof)
    agent.analysis["base_slug"] = base_slug(agent.name)
    prompt = tokens.prompt_text(agent)
    size = tokens.measure(agent, prompt)
    agent.analysis["size"] = size.as_dict()
    agent.analysis["tokens"] = size.tokens
    agent.analysis["characters"] = size.characters
    body_outline = outline(agent.body)
    agent.analysis["sections"] = [s.title for s in body_outline.top_level]
    resp = responsibilities.extract(agent, body_outline)
    agent.analysis["responsibilities"] = [r.as_dict() for r in resp]
    toks = {
        "name": words(agent.name.replace("-", " ").replace("_", " ")),
        "description": words(agent.description),
        "responsibilities": words(" ".join(r.text for r in resp)),
        "headings": words(" ".join(s.title for s in body_outline.sections)),
        "body": words(prompt),
    }
    counts = {where: Counter(t) for where, t in toks.items()}
    agent.analysis["areas"] = [s.as_dict() for s in areas_mod.score(toks, taxonomy, counts)]
    return counts
