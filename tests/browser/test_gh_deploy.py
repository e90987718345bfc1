"""`mkdocs gh-deploy`, the no-Actions route docs/publish.md offers, publishes the seed site: run
against a local bare repository standing in for GitHub, its `gh-pages` branch must hold the
whole catalog, ready for Pages to serve."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED_FILES

from .pages_workflow import copy_checkout
from .site_servers import mkdocs_env

IDENTITY = {
    "GIT_AUTHOR_NAME": "Catalog Test",
    "GIT_AUTHOR_EMAIL": "catalog-test@example.invalid",
    "GIT_COMMITTER_NAME": "Catalog Test",
    "GIT_COMMITTER_EMAIL": "catalog-test@example.invalid",
}


def git(*args: str, cwd, env=None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def test_gh_deploy_publishes_the_seed_catalog_to_a_gh_pages_branch(tmp_path):
    env = {**mkdocs_env(), **IDENTITY, "GIT_CONFIG_GLOBAL": "/dev/null"}
    remote = tmp_path / "github.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path, env=env)
    project = copy_checkout(tmp_path / "project")
    git("init", "-q", "-b", "main", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "the catalog", cwd=project, env=env)
    git("remote", "add", "github", str(remote), cwd=project, env=env)

    cmd = [sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-name", "github"]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]

    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    for required in ("index.html", ".nojekyll", "agents.json", "agents/index.html", "404.html"):
        assert required in files, f"gh-pages lacks {required}"
    for page in ("compare/tools/", "compare/models/", "compare/responsibilities/", "health/"):
        assert page + "index.html" in files
    published = json.loads(git("show", "gh-pages:agents.json", cwd=remote))
    assert len(published["agents"]) == len(SEED_FILES)
    for agent in published["agents"]:
        assert agent["url"] + "index.html" in files, f"no page for {agent['source']}"
    # The deploy commit names the source commit, so a published site can be traced back.
    source = git("rev-parse", "--short", "HEAD", cwd=project).strip()
    assert source in git("log", "-1", "--format=%s", "gh-pages", cwd=remote)
