"""A fixture folder of `tests/fixtures/` built with the plugin and served on a loopback port,
and the names a table's rows show: what the browser tests of the catalog's tables share."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import make_project, mkdocs_build

from .site_servers import serve_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@contextmanager
def served_fixture(tmp_path_factory, fixture: str, plugin_config: str) -> Iterator:
    """`tests/fixtures/<fixture>` copied to a new folder, built with `plugin_config`, served."""
    root = tmp_path_factory.mktemp(f"{fixture}-browser")
    shutil.copytree(FIXTURES / fixture, root, dirs_exist_ok=True)
    make_project(root, plugin_config=plugin_config)
    mkdocs_build(root)
    with serve_site(root / "site") as served:
        yield served


def row_names(rows) -> list[str]:
    """The first link's text of each row (a Playwright locator of table rows)."""
    return [rows.nth(i).locator("a").first.inner_text() for i in range(rows.count())]
