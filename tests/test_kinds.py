"""Skills and commands in a real site: our own fixture (`tests/fixtures/kinds`, one file per
quirk) built by `mkdocs build`, its HTML read with BeautifulSoup. The links both ways hold (an
agent's `skills:` entry to the skill's page, the skill's page back to every agent preloading
it), each quirk gets its finding, and `agents.json` lists both kinds against its schema."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from conftest import build_fixture_site, field_rows, load_json, soup

FIXTURE = Path(__file__).parent / "fixtures" / "kinds"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory, FIXTURE, "[.claude, plugins]")


def page(site: Path, url: str):
    return soup(site / url / "index.html")


def article(site: Path, url: str):
    node = page(site, url).select_one("article")
    assert node is not None, url
    return node


def target(url: str, href: str) -> str:
    """The site path a relative link on the page at `url` leads to."""
    return posixpath.normpath(posixpath.join(url, href.split("#")[0])).lstrip("./") + "/"


def links(site: Path, url: str) -> dict[str, str]:
    """Link text -> the page it leads to (checked to exist), for every link in the article."""
    out = {}
    for a in article(site, url).find_all("a", href=True):
        href = a["href"]
        if href.startswith(("http", "#", "mailto:")):
            continue
        there = target(url, href)
        assert (site / there / "index.html").is_file() or (site / there.rstrip("/")).is_file(), (
            url,
            href,
        )
        out[a.get_text(" ", strip=True)] = there
    return out


@pytest.fixture(scope="module")
def document(site):
    import jsonschema

    doc = load_json(site / "agents.json")
    jsonschema.Draft202012Validator(load_json(site / "agents.schema.json")).validate(doc)
    return doc


def by_name(records: list[dict]) -> dict[str, dict]:
    return {r["name"]: r for r in records}


def rules(record: dict) -> set[str]:
    return {d["rule"] for d in record["diagnostics"]}


def test_an_agents_skills_link_to_the_skill_pages(site):
    rows = field_rows(article(site, "agents/reviewer/"))
    assert rows["Skills"].replace(" ,", ",") == (
        "preloaded into its context: api-conventions, ghost-skill (not in this catalog)"
    )
    assert links(site, "agents/reviewer/")["api-conventions"] == "skills/api-conventions/"
    assert links(site, "agents/writer/")["api-conventions"] == "skills/api-conventions/"
    assert links(site, "agents/linter/")["lint-rules"] == "skills/lint-rules/"


def test_a_skill_page_lists_the_agents_that_preload_it(site):
    found = links(site, "skills/api-conventions/")
    assert found["reviewer"] == "agents/reviewer/" and found["writer"] == "agents/writer/"
    text = article(site, "skills/api-conventions/").get_text(" ", strip=True)
    assert "Agents that preload it" in text
    nobody = article(site, "skills/long-skill/").get_text(" ", strip=True)
    assert "No agent of this catalog names it" in nobody


def test_a_skill_page_shows_its_fields_and_its_folders_other_files(site):
    node = article(site, "skills/api-conventions/")
    rows = field_rows(node)
    assert rows["Name"] == "api-conventions" and rows["Folder"] == "api-conventions"
    assert rows["Allowed tools"].startswith("Read, Grep")
    assert rows["license"] == "MIT"
    assert rows["Used"] == (
        "by the model when a task matches its description, or when a user types /api-conventions"
    )
    files = [li.get_text(strip=True) for li in node.find(id="other-files-in-its-folder")
             .find_next("ul").find_all("li")]  # fmt: skip
    assert files == ["references/style.md", "scripts/check.py"]
    assert "Resources are plural nouns" in node.get_text(" ")


def test_a_file_of_a_skills_folder_is_never_read_as_an_agent(document):
    sources = [a["source"] for a in document["agents"]] + [s["source"] for s in document["skipped"]]
    assert not [s for s in sources if "/skills/" in s]
    assert sorted(a["name"] for a in document["agents"]) == ["linter", "reviewer", "writer"]


def test_a_skill_and_an_agent_of_one_name_each_have_their_own_page(site, document):
    assert by_name(document["skills"])["reviewer"]["url"] == "skills/reviewer/"
    assert by_name(document["agents"])["reviewer"]["url"] == "agents/reviewer/"
    assert "shares its name" in article(site, "skills/reviewer/").get_text(" ")
    assert "You review pull requests" in article(site, "agents/reviewer/").get_text(" ")


def test_each_skill_quirk_has_its_finding(document):
    skills = by_name(document["skills"])
    renamed = skills["Release Notes Writer"]
    assert renamed["folder"] == "renamed-folder" and renamed["slug"] == "release-notes-writer"
    assert {"skill-name-folder", "skill-name-invalid"} <= rules(renamed)
    assert "skill-body-long" in rules(skills["long-skill"])
    assert skills["long-skill"]["body_lines"] > 500
    bare = skills["no-front"]
    assert bare["name_from"] == "folder" and bare["description_from"] == "paragraph"
    assert bare["description"].startswith("Write reversible migrations")
    assert {"skill-name-missing", "skill-description-missing"} <= rules(bare)
    assert rules(skills["api-conventions"]) <= {"body-relative-link"}
    missing = by_name(document["agents"])["reviewer"]
    assert "skill-missing" in rules(missing)
    assert (
        "ghost-skill"
        in next(d for d in missing["diagnostics"] if d["rule"] == "skill-missing")["message"]
    )
    assert "skill-missing" not in rules(by_name(document["agents"])["writer"])


def test_skills_json_records_carry_their_links_and_plugin(document):
    skills = by_name(document["skills"])
    assert skills["api-conventions"]["preloaded_by"] == ["reviewer", "writer"]
    assert skills["api-conventions"]["files"] == ["references/style.md", "scripts/check.py"]
    assert skills["lint-rules"]["plugin"] == "plugins/lint-kit"
    # `lint-kit:lint-rules`, Claude Code's namespaced name of a plugin's skill, names it too
    assert skills["lint-rules"]["preloaded_by"] == ["linter", "writer"]
    assert skills["reviewer"]["plugin"] is None


def test_a_command_page_shows_what_a_user_types_and_its_settings(site, document):
    node = article(site, "commands/deploy/")
    assert node.find("h1").get_text(strip=True) == "/deploy"
    rows = field_rows(node)
    assert rows["Usage"] == "/deploy [environment] [--dry-run]"
    assert rows["Arguments"] == "[environment] [--dry-run]"
    assert rows["Allowed tools"].startswith("Bash(git push:*), Bash(make deploy:*)")
    assert rows["Model"] == "haiku"
    assert "Deploy the current branch to $1" in node.get_text(" ")
    deploy = by_name(document["commands"])["deploy"]
    assert deploy["command"] == "/deploy" and deploy["argument_hint"] == "[environment] [--dry-run]"


def test_a_command_without_frontmatter_is_still_a_command(site, document):
    plain = by_name(document["commands"])["plain"]
    assert plain["description"] == "Summarise the open issues"
    assert plain["description_from"] == "heading"
    assert rules(plain) == {"command-no-frontmatter"}
    node = article(site, "commands/plain/")
    assert "Summarise the open issues" in node.get_text(" ")
    assert "Read the open issues" in node.get_text(" ")


def test_namespaced_and_plugin_commands(site, document):
    commands = by_name(document["commands"])
    assert commands["component"]["namespace"] == "frontend"
    assert field_rows(article(site, "commands/component/"))["Namespace"].startswith("frontend")
    assert commands["lint"]["plugin"] == "plugins/lint-kit"
    assert field_rows(article(site, "commands/lint/"))["Plugin"].startswith("lint-kit")


def test_the_tables_list_every_skill_and_command_with_their_facets(site):
    skills = page(site, "skills/").select("[data-ac-catalog=skills] tbody tr")
    assert len(skills) == 6
    lint = next(r for r in skills if r.find("a").get_text() == "lint-rules")
    assert lint["data-plugin"] == "lint-kit"
    api = next(r for r in skills if r.find("a").get_text() == "api-conventions")
    assert api["data-tool"] == "Grep|Read" and api["data-capability"] == "Read"
    deploy = page(site, "commands/").select_one("[data-ac-catalog=commands] tbody tr[data-model]")
    assert deploy["data-capability"] == "Execute" and deploy["data-model"] == "haiku"
    for row in skills:
        href = row.find("a")["href"]
        assert (site / target("skills/", href) / "index.html").is_file()
    commands = page(site, "commands/").select("[data-ac-catalog=commands] tbody tr")
    assert [r.find("a").get_text() for r in commands] == [
        "/component",
        "/deploy",
        "/lint",
        "/plain",
    ]


def test_the_navigation_lists_skills_and_commands_beside_the_agents(site):
    nav = [a.get_text(" ", strip=True) for a in page(site, "agents/").select("nav a")]
    assert "Skills" in nav and "Commands" in nav


def test_health_page_and_llms_txt_cover_both_kinds(site):
    health = article(site, "health/")
    assert "6 skills, 4 commands" in health.get_text(" ")
    found = links(site, "health/")
    assert found[".claude/skills/renamed-folder/SKILL.md"] == "skills/release-notes-writer/"
    llms = (site / "llms.txt").read_text(encoding="utf-8")
    assert "## Skills\n\n- [api-conventions](skills/api-conventions/):" in llms
    assert "- [/deploy](commands/deploy/): Deploy the current branch" in llms


def test_a_catalog_of_agents_only_makes_no_skill_or_command_page(tmp_path_factory):
    site = build_fixture_site(tmp_path_factory, FIXTURE, "[.claude/agents]")
    assert not (site / "skills").exists() and not (site / "commands").exists()
    doc = load_json(site / "agents.json")
    assert doc["skills"] == [] and doc["commands"] == []
    reviewer = by_name(doc["agents"])["reviewer"]
    assert "skill-missing" in rules(reviewer)


def _cli(cwd: Path, *args: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "agent_catalog", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_export_and_check_cover_skills_and_commands():
    import json

    out = _cli(FIXTURE, "export", ".claude", "plugins")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert len(doc["agents"]) == 3 and len(doc["skills"]) == 6 and len(doc["commands"]) == 4
    assert by_name(doc["skills"])["api-conventions"]["url"] == "skills/api-conventions/"
    check = _cli(FIXTURE, "check", ".claude", "plugins")
    assert check.stdout.rstrip().endswith("in 3 agents, 6 skills, 4 commands, 0 files skipped.")
    assert "renamed-folder/SKILL.md:2: warning:" in check.stdout


def test_build_pages_writes_them_for_a_host_and_keeps_them_out_of_its_nav(tmp_path):
    import shutil

    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[Agents](agents/)\n")
    proc = _cli(tmp_path, "build-pages", "docs", "--source", ".claude", "--source", "plugins")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "docs" / "skills" / "api-conventions.md").is_file()
    assert (tmp_path / "docs" / "commands" / "index.md").is_file()
    assert "  /skills/*.md\n  !/skills/index.md\n" in proc.stdout


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


AGENT = "---\nname: {0}\ndescription: agent {0}\n---\nBody.\n"


def test_an_agents_folder_keeps_its_agents_even_inside_a_skill(tmp_path):
    """Claude Code reads `.claude/agents/` recursively, a `SKILL.md` there too; a repository
    that is itself a skill (`SKILL.md` at its root) still has its agents and commands."""
    from agent_catalog.catalog.load import load_catalog

    _write(
        tmp_path,
        {
            "SKILL.md": "---\nname: root-skill\ndescription: the repository is a skill\n---\nB\n",
            "notes/usage.md": "# Usage\n",
            ".claude/agents/a.md": AGENT.format("a"),
            ".claude/agents/odd/SKILL.md": AGENT.format("odd"),
            ".claude/commands/go.md": "Go.\n",
        },
    )
    catalog = load_catalog(["."], tmp_path)
    assert sorted(a.name for a in catalog.agents) == ["a", "odd"]
    assert [(s.name, s.files) for s in catalog.skills] == [("root-skill", ["notes/usage.md"])]
    assert [c.name for c in catalog.commands] == ["go"]
    assert catalog.skipped == []


def test_the_kinds_option_says_what_a_folder_holds(tmp_path):
    from agent_catalog.catalog.load import load_catalog

    _write(
        tmp_path,
        {
            "team/prompts/review.md": "# Review the diff\n",
            "team/prompts/nested/fix.md": "---\ndescription: Fix it\n---\nFix $ARGUMENTS\n",
            "vendor/tidy/SKILL.md": "---\nname: tidy\ndescription: tidy up\n---\nB\n",
            "vendor/stray.md": AGENT.format("stray"),
            "vendor/.claude/commands/x.md": "X\n",
        },
    )
    catalog = load_catalog(
        ["team/prompts", "vendor"],
        tmp_path,
        kinds={"team/prompts": "command", "vendor": "skill"},
    )
    assert sorted(c.invocation for c in catalog.commands) == ["/fix", "/review"]
    assert [s.name for s in catalog.skills] == ["tidy"]
    assert catalog.agents == []
    stray = {s.source: s for s in catalog.skipped}
    assert stray["vendor/stray.md"].diagnostics[0].rule == "skill-file-name"
    assert stray["vendor/.claude/commands/x.md"].diagnostics[0].rule == "skill-file-name"


def test_a_wrong_kind_is_a_configuration_error(tmp_path):
    from agent_catalog.options import OptionsError, validate

    assert validate({"kinds": {"prompts": "command"}}, base=tmp_path).kinds == {
        "prompts": "command"
    }
    with pytest.raises(OptionsError, match="kinds"):
        validate({"kinds": {"prompts": "prompt"}}, base=tmp_path)


def test_who_uses_a_skill_follows_its_invocation_keys(site):
    rows = field_rows(article(site, "skills/lint-rules/"))
    assert rows["Used"].startswith("by the model when a task matches its description, and by")
    assert rows["Used"].endswith("not in the / menu ( user-invocable: false )")


def test_a_file_added_to_a_skills_folder_shows_at_the_next_build(tmp_path):
    """Under `mkdocs serve` the read skill comes from the cache (its SKILL.md unchanged); the
    folder's files are listed again at each build."""
    from agent_catalog.catalog.load import ReadCache, finalise, read_sources

    _write(tmp_path, {".claude/skills/s/SKILL.md": "---\nname: s\ndescription: d\n---\nB\n"})
    cache = ReadCache()
    first = finalise(read_sources([".claude"], tmp_path, cache=cache))
    assert first.skills[0].files == []
    _write(tmp_path, {".claude/skills/s/references/new.md": "# New\n"})
    again = finalise(read_sources([".claude"], tmp_path, cache=cache))
    assert cache.hits == 1 and again.skills[0].files == ["references/new.md"]
