"""`mkdocs serve --dirty`, the preview the README gives for large catalogs: an edit, an
addition, a rename and a deletion reach the served pages, only the pages whose content changed
are built again (the others' files are not rewritten), a deleted agent's page and its catalog
row are gone, and once the background indexing is done the Pagefind index holds every agent's
page as it now reads, and no page that is gone."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import make_project

from .site_servers import fetch, mkdocs_env, mkdocs_serve

WITHIN = 60.0
"""Seconds a change may take to show (a rebuild here takes about a second; CI is slower)."""
START = 300.0
"""Seconds the first build may take on a loaded machine (about ten here when it is idle)."""
N_AGENTS = 24
WORDS = "review deploy schema migration queue cache latency audit release pipeline".split()


def agent_file(i: int, extra: str = "") -> str:
    words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40))
    return (
        f"---\nname: helper-{i:02d}\ndescription: Helps with {WORDS[i % len(WORDS)]} work, "
        f"case {i:02d}.\ntools: Read, Grep\n---\n\n# Helper {i:02d}\n\n{words}.\n{extra}"
    )


def save(path: Path, text: str) -> None:
    """Write as editors do (a temporary file, then a rename)."""
    tmp = path.with_name(path.name + ".tmp~")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture
def project(tmp_path):
    agents = {f"helper-{i:02d}.md": agent_file(i) for i in range(N_AGENTS)}
    return make_project(tmp_path / "project", agents)


def catalog(server) -> dict[str, dict]:
    status, text = fetch(urljoin(server.url, "agents.json"))
    assert status == 200, text
    return {a["source"]: a for a in json.loads(text)["agents"]}


def page(server, url: str) -> tuple[int, str]:
    return fetch(urljoin(server.url, url))


def site_folder(tmp: Path) -> Path:
    (found,) = [p for p in tmp.iterdir() if p.name.startswith("mkdocs_")]
    return found


def indexed(site: Path) -> dict[str, str]:
    """Page URL -> text, of every page in the Pagefind bundle (its fragments)."""
    out = {}
    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(f.read_bytes())
        doc = json.loads(data[data.index(b"{") :])
        out[doc["url"].lstrip("/")] = doc["content"]  # as agents.json gives it
    return out


def written(site: Path) -> dict[str, int]:
    """Every HTML page of the built site -> its modification time (ns). The Pagefind bundle's
    folders are left out: the background indexer renames them while this walks (a walk into
    `pagefind.new` failed when the indexer swapped it in)."""
    out = {}
    for root, dirs, files in os.walk(site):
        dirs[:] = [d for d in dirs if not d.startswith("pagefind")]
        for name in files:
            if name.endswith(".html"):
                path = Path(root, name)
                out[path.relative_to(site).as_posix()] = path.stat().st_mtime_ns
    return out


def test_dirty_serve_rebuilds_only_what_changed_and_keeps_search_complete(project, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    folder = project / "agents"
    with mkdocs_serve(
        project,
        tmp_path,
        extra_args=("--dirty", "--verbose"),
        timeout=START,
        env={"TMPDIR": str(tmp)},
    ) as server:
        site = site_folder(tmp)
        indexings = 1

        def index_done() -> bool:
            return server.log().count("search: Pagefind indexed") >= indexings

        server.wait_for(index_done, START, "the first Pagefind index")
        agents = catalog(server)
        assert len(agents) == N_AGENTS
        urls = {a["url"] for a in agents.values()}
        assert urls <= set(indexed(site)), "every agent's page is searchable"

        # An edit: the page shows it; the pages of the agents it does not touch stay as they are.
        edited = agents["agents/helper-05.md"]
        before = written(site)
        save(folder / "helper-05.md", agent_file(5, "Edited while serving: quetzalcoatlus.\n"))
        server.wait_for(
            lambda: "quetzalcoatlus" in page(server, edited["url"])[1], WITHIN, "the edit"
        )
        after = written(site)
        rewritten = sorted(p for p, t in after.items() if before.get(p) != t)
        assert edited["url"] + "index.html" in rewritten
        assert len(rewritten) < len(after) // 4, f"only the changed pages are built: {rewritten}"
        assert set(after) == set(before)
        indexings += 1
        server.wait_for(index_done, WITHIN, "the index after the edit")
        assert "quetzalcoatlus" in indexed(site)[edited["url"]]

        # An addition: its page, its catalog row, and its place in the index.
        save(folder / "fresh.md", agent_file(40, "Watches the zanzibarite queue.\n"))
        server.wait_for(lambda: "agents/fresh.md" in catalog(server), WITHIN, "the new agent")
        fresh = catalog(server)["agents/fresh.md"]
        status, html = page(server, fresh["url"])
        assert status == 200 and "zanzibarite" in html
        assert "helper-40" in page(server, "agents/")[1]
        indexings += 1
        server.wait_for(index_done, WITHIN, "the index after the addition")
        assert "zanzibarite" in indexed(site)[fresh["url"]]

        # A rename: the agent follows its file (same name, same page), the old source is gone.
        (folder / "fresh.md").rename(folder / "renamed.md")
        server.wait_for(lambda: "agents/renamed.md" in catalog(server), WITHIN, "the rename")
        assert "agents/fresh.md" not in catalog(server)
        renamed = catalog(server)["agents/renamed.md"]
        assert "agents/renamed.md" in page(server, renamed["url"])[1]
        indexings += 1
        server.wait_for(index_done, WITHIN, "the index after the rename")

        # A deletion: the page and its catalog row are gone, and so is its place in the index.
        (folder / "renamed.md").unlink()
        server.wait_for(lambda: page(server, renamed["url"])[0] == 404, WITHIN, "the page to go")
        assert "agents/renamed.md" not in catalog(server)
        assert "helper-40" not in page(server, "agents/")[1], "its catalog row is gone"
        indexings += 1
        server.wait_for(index_done, WITHIN, "the index after the deletion")
        now = indexed(site)
        assert renamed["url"] not in now
        agents = catalog(server)
        assert {a["url"] for a in agents.values()} <= set(now), "every agent is still searchable"
        assert "quetzalcoatlus" in now[edited["url"]]
        assert "Traceback" not in server.log()


def test_dirty_serve_keeps_materials_own_index_whole(tmp_path):
    """With `search: material` the index Material writes under `--dirty` (merged as if one
    page had been rebuilt) is written again from every page's entries: after an edit, an
    addition and a deletion it equals a clean build's index of the same files."""
    agents = {f"helper-{i:02d}.md": agent_file(i) for i in range(N_AGENTS)}
    project = make_project(
        tmp_path / "project",
        agents,
        "sources: [agents]\nsearch: material",
        extra="site_url: http://example.org/\n",
    )
    folder = project / "agents"

    def docs(server) -> list[dict]:
        status, text = fetch(urljoin(server.url, "search/search_index.json"))
        assert status == 200, text
        return json.loads(text)["docs"]

    with mkdocs_serve(project, tmp_path, extra_args=("--dirty",), timeout=START) as server:
        edited = catalog(server)["agents/helper-05.md"]
        save(folder / "helper-05.md", agent_file(5, "Edited while serving: quetzalcoatlus.\n"))
        server.wait_for(
            lambda: "quetzalcoatlus" in page(server, edited["url"])[1], WITHIN, "the edit"
        )
        save(folder / "fresh.md", agent_file(40, "Watches the zanzibarite queue.\n"))
        server.wait_for(lambda: "agents/fresh.md" in catalog(server), WITHIN, "the addition")
        gone = catalog(server)["agents/helper-09.md"]
        (folder / "helper-09.md").unlink()
        server.wait_for(lambda: page(server, gone["url"])[0] == 404, WITHIN, "the deletion")
        # serve puts its own address in the site URL (install commands show it)
        served = json.loads(json.dumps(docs(server)).replace(server.url, "http://example.org/"))
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "clean")],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    clean = json.loads((tmp_path / "clean" / "search" / "search_index.json").read_text("utf-8"))
    assert served == clean["docs"]
    locations = [d["location"] for d in served]
    assert len(locations) == len(set(locations)), "no page is listed twice"
    assert gone["url"] not in locations
    assert any("quetzalcoatlus" in d["text"] for d in served)
    assert any("zanzibarite" in d["text"] for d in served)
