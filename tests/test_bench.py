"""The benchmark harness measures what it claims: real agent files, a fair baseline, one command.

Small sizes only: the big runs (`python bench/run.py`) are not unit tests.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402
from agent_catalog.options import Options  # noqa: E402
from agent_catalog.pipeline import build_site  # noqa: E402
from agent_catalog.reading.reader import read_agent  # noqa: E402
from shape import load_shapes  # noqa: E402


@pytest.fixture(scope="module")
def seed_shapes():
    return load_shapes(REPO, prefer="seeds")


def test_generated_agents_are_clean_real_files(seed_shapes, tmp_path):
    agents = generate.pick_agents(seed_shapes.samples, 12)
    assert len({a.name for a in agents}) == 12, "every generated agent has its own name"
    generate.write_plugin_project(tmp_path, agents, {"sources": ["agents-src"]})
    for a in agents:
        got = read_agent(tmp_path / a.source, a.source)
        assert got.name == a.name
        assert got.description == a.sample.description
        assert got.tools == (list(a.sample.tools) if a.sample.tools is not None else None)
        assert got.model == a.sample.model
        errors = [d for d in got.diagnostics if d.severity == "error"]
        assert errors == [], f"{a.source}: the generator writes valid files, got {errors}"


def test_baseline_is_the_same_pages_by_hand_without_agent_nav(seed_shapes, tmp_path):
    """The baseline holds exactly the Markdown the plugin generates (its HTML blocks inlined,
    as for any host without the plugin), built without the plugin."""
    agents = generate.pick_agents(seed_shapes.samples, 7)
    generate.write_plugin_project(tmp_path / "plugin", agents, {"sources": ["agents-src"]})
    config_file = generate.write_baseline_project(tmp_path / "baseline", tmp_path / "plugin")
    built = build_site(Options(base=tmp_path / "plugin", sources=("agents-src",)))
    expected = built.markdown_pages()
    docs = tmp_path / "baseline" / "docs"
    written = {
        p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
        for p in docs.rglob("*.md")
        if p.relative_to(docs).as_posix() != "index.md"
    }
    assert written == expected, "the same pages, word for word"
    assert not (docs / "agents.json").exists(), "the export is the plugin's work, not a page"
    site = tmp_path / "site"
    build(load_config(config_file=str(config_file), site_dir=str(site)))
    index = BeautifulSoup((site / "agents" / "index.html").read_text(), "lxml")
    table_links = {a["href"].strip("/") for a in index.select("article table a")}
    assert table_links == {a.slug for a in agents}, "the catalog table links every agent"
    nav_links = {a.get("href", "") for a in index.select("nav.md-nav--primary a")}
    assert not any(a.slug in href for a in agents for href in nav_links), "no agent in the nav"
    assert any("compare/tools" in href for href in nav_links), "the catalog pages are in it"


def test_minimal_reference_is_a_short_page_per_agent(seed_shapes, tmp_path):
    agents = generate.pick_agents(seed_shapes.samples, 7)
    config_file = generate.write_minimal_project(tmp_path / "minimal", agents)
    site = tmp_path / "site"
    build(load_config(config_file=str(config_file), site_dir=str(site)))
    index = BeautifulSoup((site / "agents" / "index.html").read_text(), "lxml")
    table_links = {a["href"].strip("/") for a in index.select("article table a")}
    assert table_links == {a.slug for a in agents}, "the index table links every agent"
    page = BeautifulSoup((site / "agents" / agents[0].slug / "index.html").read_text(), "lxml")
    assert page.select_one("article h1").get_text(strip=True) == agents[0].name
    cells = [td.get_text(" ", strip=True) for td in page.select("article table td")]
    assert agents[0].source in cells


def test_one_command_writes_raw_figures(tmp_path):
    out = tmp_path / "latest.json"
    run.main(
        [
            "--sizes",
            "6",
            "--repeat",
            "1",
            "--source",
            "seeds",
            "--no-doc",
            "--workdir",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ]
    )
    results = json.loads(out.read_text())
    (entry,) = results["sizes"]
    assert entry["n"] == 6
    assert entry["baseline"]["best_seconds"] > 0
    assert entry["baseline"]["site"]["bytes"] > 0
    assert entry["core"]["agents"] == 6, "the core reads every generated agent"
    if results["plugin_present"]:
        assert entry["plugin"]["warning_count"] == 0
        assert 0 < entry["plugin"]["plugin_share"] < 1
        assert entry["ratios"]["cpu_time"] > 0 and entry["ratios"]["wall_time"] > 0


def _entry(n, base_s, plug_s, base_b, plug_b, hook_s, compare_b):
    site = {"bytes": plug_b, "compare_pages": {"compare/tools/index.html": compare_b}}
    plugin = {"best_seconds": plug_s, "best_cpu_seconds": plug_s, "site": site}
    return {
        "n": n,
        "baseline": {"best_seconds": base_s, "best_cpu_seconds": base_s, "site": {"bytes": base_b}},
        "plugin": plugin | {"plugin_share": hook_s / plug_s, "core_share": hook_s / plug_s},
        "ratios": {
            "cpu_time": plug_s / base_s,
            "wall_time": plug_s / base_s,
            "size": plug_b / base_b,
        },
    }


def test_targets_judge_ratios_from_the_same_run():
    ok = {
        "sizes": [_entry(1000, 20, 24, 100, 140, 1.0, 50), _entry(5000, 100, 120, 500, 700, 5, 60)]
    }
    verdict = report.targets(ok)["met"]
    assert verdict == {
        "time_ratio_1000": True,
        "size_ratio_1000": True,
        "scaling_5000_over_1000": True,
        "plugin_share": True,
        "compare_bounded": True,
    }
    slow = {
        "sizes": [_entry(1000, 20, 30, 100, 200, 4, 50), _entry(5000, 100, 200, 500, 1e3, 9, 500)]
    }
    verdict = report.targets(slow)["met"]
    assert not any(verdict.values()), verdict


def test_core_rebuild_times_each_kind_and_restores_the_project(seed_shapes, tmp_path):
    import core_rebuild

    agents = generate.pick_agents(seed_shapes.samples, 8)
    generate.write_plugin_project(tmp_path, agents, {"sources": ["agents-src"]})
    before = {p: p.read_bytes() for p in (tmp_path / "agents-src").rglob("*.md")}
    out = core_rebuild.main(tmp_path, 2)
    assert out["first"] > 0
    assert [len(out[k]) for k in ("add", "delete", "edit")] == [2, 2, 2]
    assert all(t >= 0 for k in ("add", "delete", "edit") for t in out[k])
    assert out["agents"] == [8, 9, 8, 8, 9, 8, 8], "each rebuild read the change it times"
    after = {p: p.read_bytes() for p in (tmp_path / "agents-src").rglob("*.md")}
    assert after == before, "the added copies are gone and the edited files restored"


def test_serve_benchmark_times_every_operation_and_the_idle_server(tmp_path):
    """`bench/serve_speed.py` on a small project: real `mkdocs serve --dirty` servers, every
    operation served, the idle CPU of both servers measured, and the table written."""
    import serve_speed

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n", encoding="utf-8")
    out = tmp_path / "serve.json"
    argv = ["--sizes", "8", "--repeat", "1", "--source", "seeds", "--out", str(out)]
    serve_speed.main([*argv, "--doc", str(doc), "--workdir", str(tmp_path / "work")])
    (entry,) = json.loads(out.read_text())["sizes"]
    assert sorted(entry["ops"]) == sorted(serve_speed.OPS)
    assert all(len(runs) == 1 and runs[0]["served"] > 0 for runs in entry["ops"].values())
    assert 0 <= entry["idle_cpu"] < 1 and 0 <= entry["baseline_idle_cpu"] < 1
    text = doc.read_text(encoding="utf-8")
    assert "Server CPU while idle" in text and "8 agents:" in text
    assert text.count("| 8 |") == 1 + len(serve_speed.OPS)


def test_what_if_measures_each_open_decision(tmp_path):
    """`bench/what_if.py` on a small project: the plugin as it is and without syntax
    highlighting, each built for real beside the minimal catalog; the earlier addresses' bytes
    read off the same build; the section written into the page and kept by `run.py`."""
    import what_if

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Against a minimal hand-written catalog\n", encoding="utf-8")
    out = tmp_path / "what-if.json"
    argv = ["--sizes", "6", "--repeat", "1", "--source", "seeds", "--out", str(out)]
    what_if.main([*argv, "--doc", str(doc), "--workdir", str(tmp_path / "work")])
    (entry,) = json.loads(out.read_text())["sizes"]
    best = entry["best"]
    assert all(best[name]["cpu_seconds"] > 0 for name in ("plugin", "no-highlighting", "minimal"))
    assert best["plugin"]["raw_legacy_bytes"] > 0, "the seeds are Markdown: copied twice"
    highlighted = tmp_path / "work" / "n6" / "site-plugin"
    plain = tmp_path / "work" / "n6" / "site-no-highlighting"
    token = re.compile(r'<span class="(?:n|p|o|k|s2?)">')  # Pygments' token classes
    pages = "agents/*/index.html"
    assert any(token.search(p.read_text("utf-8")) for p in highlighted.glob(pages))
    assert not any(token.search(p.read_text("utf-8")) for p in plain.glob(pages))
    assert any('<pre class="highlight"><code>' in p.read_text("utf-8") for p in plain.glob(pages))
    legacy = sum(f.stat().st_size for f in (highlighted / "raw").rglob("*.md"))
    assert legacy == best["plugin"]["raw_legacy_bytes"], "the earlier addresses' files"
    as_is, _, no_legacy, both = entry["rows"]
    assert no_legacy["bytes"] == as_is["bytes"] - legacy
    assert both["cpu_seconds"] == best["no-highlighting"]["cpu_seconds"]
    text = doc.read_text(encoding="utf-8")
    assert text.count(what_if.HEADING) == 1 and text.count("| 6 |") == 5
    what_if.write_doc(doc, json.loads(out.read_text()) | {"command": "again"})
    assert doc.read_text(encoding="utf-8").count(what_if.HEADING) == 1, "replaced, not added"
    assert (
        report.kept_sections(doc.read_text(encoding="utf-8")).lstrip().startswith(what_if.HEADING)
    )
