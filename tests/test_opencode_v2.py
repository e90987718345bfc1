"""OpenCode V2's `permissions: [{action, resource, effect}]` and the deprecated V1 keys, built
into a real site from fixtures of our own (`tests/fixtures/opencode-v2/`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import agents_by_name, build_fixture_site, field_rows, soup

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "opencode-v2"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.opencode/agents]")


@pytest.fixture(scope="module")
def agents(site) -> dict[str, dict]:
    return agents_by_name(site)


def _rules(agent: dict) -> dict[str, str]:
    return {f["rule"]: f["message"] for f in agent["diagnostics"]}


def _article(site: Path, name: str):
    return soup(site / "agents" / name / "index.html").find("article")


def test_v2_rules_are_shown_by_effect_as_escaped_code(site):
    art = _article(site, "gatekeeper")
    rows = field_rows(art)
    assert "permissions" not in rows  # shown with its meaning, not again as a raw key
    cell = next(
        tr.find_all("td")[1]
        for tr in art.find_all("tr")
        if tr.find("td", string="Permissions (V2)")
    )
    text = " ".join(cell.get_text().split())
    assert text == (
        "allowed without asking: read on every resource, bash on git *; "
        "asks first: edit on src/**, webfetch on <b>x%7Cy</b>; "
        "denied: * on every resource, edit on **/*.env"
    )
    assert cell.find("b") is None and cell.find("a") is None
    assert "<b>x%7Cy</b>" in [c.get_text() for c in cell.find_all("code")]


def test_a_bad_rule_is_named_and_the_rest_apply(agents):
    a = agents["gatekeeper"]
    msg = _rules(a)["opencode-permissions-rule"]
    assert "rule 7 has `effect: maybe`, not one of allow, ask, deny" in msg
    # `*` denied everywhere: only the actions some rule allows or asks remain
    assert sorted(a["tools"]) == ["bash", "edit", "read", "webfetch"]


def test_v2_rules_move_the_reach(agents):
    assert agents["careful"]["risk"]["level"] == "moderate"
    assert agents["careful"]["risk"]["reasons"] == [
        "inherits every tool, but its `permissions` ask before each use (`*` on every "
        "resource: `ask`)"
    ]
    shell = agents["shell-runner"]["risk"]
    assert shell["level"] == "moderate"
    assert shell["reasons"] == [
        "runs any shell command: its `permissions` allow `bash` on every resource, without asking"
    ]
    # bash is allowed only for `git *`: a bounded shell, not an unrestricted one
    assert agents["gatekeeper"]["risk"]["level"] != "wide"
    assert not any("shell" in r for r in agents["gatekeeper"]["risk"]["reasons"])


def test_each_v1_key_gets_an_info_and_a_permissions_mapping_a_warning(agents, site):
    a = agents["legacy"]
    v1 = [f for f in a["diagnostics"] if f["rule"] == "opencode-v1-key"]
    assert {f["severity"] for f in v1} == {"info"}
    keys = sorted(f["message"].split("`")[1] for f in v1)
    assert keys == ["hidden", "maxSteps", "permission", "temperature", "tools"]
    assert all("still loads, but OpenCode V2 deprecates it" in f["message"] for f in v1)
    assert all(f["line"] for f in v1)
    shape = next(f for f in a["diagnostics"] if f["rule"] == "opencode-permissions-key")
    assert shape["severity"] == "warning"
    assert "V2's key for a list of `{action, resource, effect}`" in shape["message"]
    assert "not an OpenCode key" not in shape["message"]
    # the mapping is not applied: bash is off only through V1's `tools`
    assert "Permissions (V2)" not in field_rows(_article(site, "legacy"))
    assert not any(f["rule"] == "opencode-v1-key" for f in agents["careful"]["diagnostics"])
