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

__all__ = ["AnalysisOptions", "CatalogAnalysis", "analyse"]


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


def analyse(catalog: Catalog, options: AnalysisOptions | None = None) -> CatalogAnalysis:
    """Run every analysis over a finalised catalog. Raises ValueError only for bad options."""
    options = options or AnalysisOptions()
    table = capabilities.ToolTable.load(options.tool_classes)
    taxonomy = areas_mod.Taxonomy.load(options.areas, options.replace_areas)
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
    all_counts = [_analyse_agent(a, table, taxonomy) for a in agents]
    groups = variants.find_groups(analysed.name_groups)
    base_of = {a.slug: g.base for g in groups for a in g.agents}
    found = related.find_related(agents, all_counts, base_of, options.related_count)
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
