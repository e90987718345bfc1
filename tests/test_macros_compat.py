"""Sites that also run mkdocs-macros: agent text is still never evaluated as a template."""

from __future__ import annotations

import pytest
from conftest import make_project, mkdocs_build, soup

pytest.importorskip("mkdocs_macros", reason="mkdocs-macros-plugin is in the test extra")

AGENT = """
---
name: templater
description: "Writes {{ 7*7 }} into answers"
---
Reply with {{ 6*7 }} and {% raw %}x{% endraw %} and ${{ secrets.TOKEN }}.
"""


def test_generated_pages_opt_out_of_macros(tmp_path):
    project = make_project(
        tmp_path / "p",
        {"templater.md": AGENT},
        extra="",
    )
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  - search\n", "  - search\n  - macros\n"))
    (project / "docs" / "index.md").write_text("# Home\n\n{{ 2*3 }} macros run here.\n")
    mkdocs_build(project)
    site = project / "site"
    # macros are live on the site's own pages...
    assert "6 macros run here" in soup(site / "index.html").select_one("article").get_text()
    # ...and never on the catalog's
    text = soup(site / "agents" / "templater" / "index.html").select_one("article").get_text()
    assert "{{ 6*7 }}" in text and "{% raw %}" in text and "${{ secrets.TOKEN }}" in text
    assert "42" not in text and "49" not in text
