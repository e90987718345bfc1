"""A real Chromium for the tests: Debian's `/usr/bin/chromium` driven by Playwright.

Playwright's own browser download does not work on our machines, so it is never used. If
Chromium cannot start, every test that needs it fails with the command that fixes it: a
silently skipped browser suite would let a broken site ship.

The `chromium` and `tab` fixtures are made suite-wide by tests/conftest.py importing them: there
must be exactly one Playwright per test run, because a second `sync_playwright()` started while
the first is alive fails ("using Playwright Sync API inside the asyncio loop").
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .site_servers import REPO

CHROMIUM = Path(os.environ.get("AGENT_CATALOG_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; AGENT_CATALOG_CHROMIUM points elsewhere (e.g. a Chrome on a laptop)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "The browser tests need Debian's Chromium at /usr/bin/chromium. Install it with\n"
    "    apt-get update && apt-get install -y chromium\n"
    "or set AGENT_CATALOG_CHROMIUM to another Chromium or Chrome executable. (Playwright's\n"
    "own `playwright install` download does not work here and is not used.)"
)
ARTIFACTS = REPO / "test-artifacts"
"""Screenshots land here (gitignored)."""


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole session; each test gets its own context (cookies, storage)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - the test extra installs it
        pytest.fail(f"Playwright is not installed ({err}); pip install -e '.[test]'", pytrace=False)
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} does not exist.\n{INSTALL_HINT}", pytrace=False)
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as err:
        # Playwright's message goes on for pages (every flag); its first line says what failed.
        why = str(err).strip().splitlines()[0]
        browser = None
    if browser is None:
        manager.stop()
        pytest.fail(f"Chromium ({CHROMIUM}) could not start: {why}\n{INSTALL_HINT}", pytrace=False)
    yield browser
    browser.close()
    manager.stop()


@dataclass
class Tab:
    """A page plus everything it complained about: console errors, uncaught exceptions and
    requests that failed or answered 4xx/5xx. The `tab` fixture fails the test if any remain."""

    page: object
    errors: list[str] = field(default_factory=list)

    def goto(self, url: str):
        response = self.page.goto(url, wait_until="load")
        status = response.status if response is not None else None
        assert response is not None and response.ok, f"{url} answered {status}"
        return response

    def screenshot(self, name: str) -> Path:
        """Save a full-page PNG into test-artifacts/ (gitignored; CI keeps it as an artifact)."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") + ".png")
        self.page.screenshot(path=str(path), full_page=True)
        return path


def watch(page) -> Tab:
    """Wrap `page` so that everything it complains about is collected in `Tab.errors`."""
    t = Tab(page)

    def on_console(msg) -> None:
        if msg.type == "error":
            t.errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def on_response(resp) -> None:
        if resp.status >= 400:
            t.errors.append(f"HTTP {resp.status}: {resp.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda err: t.errors.append(f"uncaught: {err}"))

    def on_request_failed(req) -> None:
        # ERR_ABORTED: the page was left while a request was in flight (e.g. the search
        # worker of a page the test moved on from); a missing file shows as a 404 instead.
        if "ERR_ABORTED" not in (req.failure or ""):
            t.errors.append(f"failed: {req.url} {req.failure}")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return t


@pytest.fixture
def tab(chromium) -> Iterator[Tab]:
    """A fresh browser page; any JavaScript error or failed load on it fails the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    t = watch(context.new_page())
    yield t
    context.close()
    if t.errors:
        pytest.fail("the page logged errors:\n  " + "\n  ".join(t.errors), pytrace=False)
