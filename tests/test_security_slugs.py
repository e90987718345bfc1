"""A name never chooses a path: slugs are safe, bounded, unique and stable (issue 7, threat 3)."""

from __future__ import annotations

import posixpath
import random
import re
from pathlib import Path

from agent_catalog.catalog.slugs import MAX_LEN, RESERVED, assign_slugs, slugify
from agent_catalog.model import Agent
from hostile import HOSTILE_NAMES
from hypothesis import given, settings
from hypothesis import strategies as st

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def agents(names: list[str], folder: str = "agents") -> list[Agent]:
    return [
        Agent(name=n, source=f"{folder}/{i:03d}.md", path=Path(f"{i}.md"))
        for i, n in enumerate(names)
    ]


def assert_safe(slugs: list[str]) -> None:
    assert len(set(slugs)) == len(slugs), "two agents share a page"
    for slug in slugs:
        assert SAFE.match(slug), f"unsafe slug {slug!r}"
        assert len(slug) <= MAX_LEN, f"unbounded slug ({len(slug)} chars)"
        assert slug not in RESERVED
        # the page lands where it should, whatever the name was
        assert posixpath.normpath(f"site/agents/{slug}/index.html").startswith("site/agents/")


def test_hostile_names_get_safe_distinct_pages():
    group = agents(HOSTILE_NAMES)
    assign_slugs(group)
    assert_safe([a.slug for a in group])
    by_name = {a.name: a.slug for a in group}
    assert by_name["C# Expert"] == "c-sharp-expert"
    assert by_name["Python DevOps/CI-CD Expert"] == "python-devops-ci-cd-expert"
    assert by_name["../../x"] == "x"
    assert by_name["CON"] != "con", "Windows cannot create a folder named `con`"
    assert len(by_name["n" * 10_000]) <= MAX_LEN


def test_slugify_never_returns_path_characters():
    for name in HOSTILE_NAMES:
        slug = slugify(name)
        assert slug == "" or SAFE.match(slug), (name[:20], slug)
        assert len(slug) <= MAX_LEN


def test_long_names_that_share_a_prefix_stay_distinct_and_bounded():
    names = ["a" * 10_000 + str(i) for i in range(5)] + ["a" * MAX_LEN] * 3
    group = agents(names)
    assign_slugs(group)
    assert_safe([a.slug for a in group])


def test_a_name_equal_to_another_agents_hashed_slug_stays_bounded():
    long = "x" * 80
    twins = agents([long, long])
    assign_slugs(twins)
    hashed = twins[0].slug  # 64 characters: the shared base cut short, plus a hash
    group = agents([long, long, hashed])
    assign_slugs(group)
    assert_safe([a.slug for a in group])


names_strategy = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(HOSTILE_NAMES + ["backend", "Backend", "back-end", "index", "con"]),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(names_strategy, st.randoms(use_true_random=False))
def test_slugs_are_safe_unique_and_independent_of_order(names, rnd: random.Random):
    group = agents(names)
    assign_slugs(group)
    first = {a.source: a.slug for a in group}
    assert_safe(list(first.values()))
    shuffled = agents(names)
    rnd.shuffle(shuffled)
    assign_slugs(shuffled)
    assert {a.source: a.slug for a in shuffled} == first


@settings(max_examples=100, deadline=None)
@given(names_strategy)
def test_adding_an_unrelated_agent_moves_no_page(names):
    group = agents(names)
    assign_slugs(group)
    before = {a.source: a.slug for a in group}
    newcomer = Agent(name="zz-unrelated-newcomer", source="other/new.md", path=Path("new.md"))
    again = agents(names) + [newcomer]
    assign_slugs(again)
    assert {a.source: a.slug for a in again if a is not newcomer} == before
