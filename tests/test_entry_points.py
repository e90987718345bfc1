"""The plugin is found by both hosts that load MkDocs plugins by name.

ProperDocs reads `properdocs.plugins` first (and `mkdocs.plugins` after); MkDocs reads
`mkdocs.plugins`. A wheel built from this checkout (into a temporary folder: nothing is
installed) declares the plugin under both groups, pointing at the same class, and ships the
templates, assets and data files the pipeline reads from their new folders.
"""

from __future__ import annotations

import configparser
import importlib
import shutil
import subprocess
import sys
import zipfile

from conftest import REPO


def test_the_wheel_registers_the_plugin_for_mkdocs_and_properdocs(tmp_path):
    source = tmp_path / "src"  # a copy: building leaves build/ and egg-info beside the sources
    shutil.copytree(
        REPO / "plugins",
        source / "plugins",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (wheel,) = tmp_path.glob("mkdocs_agent_catalog-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        (ep_file,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entry_points = configparser.ConfigParser()
        entry_points.read_string(z.read(ep_file).decode())
    targets = {
        g: entry_points[g]["agent-catalog"] for g in ("mkdocs.plugins", "properdocs.plugins")
    }
    assert len(set(targets.values())) == 1, targets
    module, _, name = targets["properdocs.plugins"].partition(":")
    from agent_catalog.plugin import AgentCatalogPlugin

    assert getattr(importlib.import_module(module), name) is AgentCatalogPlugin
    for shipped in (
        "agent_catalog/site/templates/agent.md.j2",
        "agent_catalog/site/assets/catalog.js",
        "agent_catalog/data/agents.schema.json",
    ):
        assert shipped in names, shipped
