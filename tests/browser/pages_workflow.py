"""Read `.github/workflows/pages.yml` and run its build step here, as the runner would.

The project-pages site the browser tests open is built by the workflow's own command and
environment (with the `${{ ... }}` expressions given the values Pages would give them), so a
change to the workflow is tested by the same run that tests the site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .site_servers import REPO, mkdocs_env

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
NOT_COPIED = {".git", "site", "test-artifacts", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def parse(text: str) -> dict:
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "the workflow is not a YAML mapping"
    # YAML 1.1 reads the bare key `on` as the boolean true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def load() -> dict:
    return parse(WORKFLOW.read_text(encoding="utf-8"))


def action_majors(workflow: dict) -> dict[str, int]:
    """{action: major version} of every `uses:`; each must be pinned to a major tag."""
    found = {}
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                m = re.fullmatch(r"([\w.-]+/[\w.-]+)@v(\d+)", step["uses"])
                assert m, f"{step['uses']!r}: pin an official action to a major tag, e.g. @v6"
                found[m.group(1)] = int(m.group(2))
    return found


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict:
    (step,) = [s for s in steps(workflow, job) if s.get("uses", "").startswith(action + "@")]
    return step


def build_step(workflow: dict) -> dict:
    runs = [s for s in steps(workflow, "build") if "mkdocs build" in s.get("run", "")]
    assert len(runs) == 1, "the build job should run `mkdocs build` exactly once"
    return runs[0]


def copy_checkout(dest: Path) -> Path:
    """This checkout's files (not its git history or build output) copied to `dest`."""
    shutil.copytree(REPO, dest, ignore=lambda folder, names: NOT_COPIED & set(names))
    return dest


def run_build_step(workdir: Path, outputs: dict[str, str]) -> Path:
    """Run the workflow's build step in a copy of this checkout; return the folder it uploads.

    `outputs` gives `steps.<id>.outputs.<name>` values, e.g. {"pages.base_url": "https://..."}.
    """
    workflow = load()
    step = build_step(workflow)

    def expand(text: str) -> str:
        def value(m: re.Match) -> str:
            key = f"{m.group(1)}.{m.group(2)}"
            assert key in outputs, f"the test gives no value for steps.{m.group(1)}.outputs..."
            return outputs[key]

        return re.sub(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", value, text)

    checkout = copy_checkout(workdir / "checkout")
    env = {**mkdocs_env(), **{k: expand(str(v)) for k, v in step.get("env", {}).items()}}
    # `mkdocs` in the step must be this interpreter's (a virtualenv's bin may not be on PATH).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"the workflow's build step failed:\n{proc.stderr[-4000:]}"
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    return checkout / upload["with"]["path"]
