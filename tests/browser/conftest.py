"""Fixtures for the publishing tests: the seed site as the Pages workflow builds it.

The browser fixtures (`chromium`, `tab`) live in `chromium.py` and are made suite-wide by
tests/conftest.py, so every test in the run shares one Playwright.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .pages_workflow import run_build_step

PAGES_URL = "https://example.github.io/agent-catalog/"
"""Where the project-pages build pretends to be published (any host: only the path matters)."""


@pytest.fixture(scope="session")
def pages_site(tmp_path_factory) -> Path:
    """The seed site exactly as the Pages workflow builds it: its build step, run in a copy of
    this checkout, with `steps.pages.outputs.base_url` set to a project-pages address."""
    work = tmp_path_factory.mktemp("pages-workflow")
    return run_build_step(work, {"pages.base_url": PAGES_URL.rstrip("/")})
