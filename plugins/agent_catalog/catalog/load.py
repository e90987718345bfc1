"""From configured sources (folders or glob patterns) to a :class:`Catalog`.

Two stages of the pipeline: :func:`read_sources` finds the files and reads each one (reusing the
parse of a file whose path, size and modification time have not changed, so `mkdocs serve`
re-reads only what was edited); :func:`finalise` takes what was read and returns a new catalog
with each agent's rules applied, slugs and name groups assigned once all agents are known, and
the catalog-wide findings (duplicate names). Neither changes what the other produced: the cached
parses are never touched. Knows nothing of MkDocs.
"""

from __future__ import annotations

import copy
import fnmatch
import os
import re
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from ..checks.rules import apply_item_rules, apply_rules
from ..formats import INFO
from ..formats.claude import BUILTIN_SUBAGENTS, preloaded_skills
from ..formats.copilot import BUILTIN_AGENTS as COPILOT_BUILTIN_AGENTS
from ..formats.copilot import agent_key as copilot_agent_key
from ..model import Agent, Catalog, Command, Diagnostic, Item, Skill, Skipped
from ..reading.items import SKILL_FILE, folder_files, read_command, read_skill
from ..reading.reader import read_agent
from . import plugins as plugin_kinds
from .plugins import PluginFinder
from .slugs import assign_slugs

ItemT = TypeVar("ItemT", bound=Item)

DEFAULT_INCLUDE = ["*.md", "*.mdc", "*.toml"]


@dataclass
class ReadCache:
    """Parsed files keyed by resolved path, valid while (size, mtime) are unchanged."""

    entries: dict[str, tuple[tuple, Agent | Item | Skipped]] = field(default_factory=dict)
    """Path -> ((size, mtime, allow_html, format, kind), result)."""
    hits: int = 0
    misses: int = 0

    def get(
        self,
        path: Path,
        source: str,
        allow_html: bool,
        format: str | None = None,
        kind: str = "agent",
    ) -> Agent | Item | Skipped:
        st = path.stat()
        key = (st.st_size, st.st_mtime_ns, allow_html, format, kind)
        hit = self.entries.get(str(path))
        if hit and hit[0] == key and hit[1].source == source:
            self.hits += 1
            return hit[1]
        self.misses += 1
        if kind == "skill":
            result: Agent | Item | Skipped = read_skill(path, source, allow_html=allow_html)
        elif kind == "command":
            result = read_command(path, source, allow_html=allow_html)
        else:
            result = read_agent(path, source, allow_html=allow_html, format=format)
        self.entries[str(path)] = (key, result)
        return result


def _fresh(agent: Agent) -> Agent:
    """The finalise stage's own copy of a read agent (the read one may be cached for the next
    build): its own findings list and analysis dict, no slug yet."""
    out = copy.copy(agent)
    out.diagnostics = list(agent.diagnostics)
    out.analysis = {}
    out.slug = ""
    return out


def _fresh_item(item: ItemT) -> ItemT:
    """`_fresh` for a skill or a command: its own findings and settings, no slug yet."""
    out = copy.copy(item)
    out.diagnostics = list(item.diagnostics)
    out.settings = dict(item.settings)
    out.slug = ""
    return out


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, p) for p in patterns)


def find_files(
    sources: list[str], base: Path, include: list[str], exclude: list[str]
) -> tuple[list[tuple[Path, str]], list[Skipped], list[Diagnostic]]:
    """Return ((path, source-relative-to-base) pairs, symlink skips, source findings)."""
    found: dict[str, tuple[Path, str]] = {}
    skipped: list[Skipped] = []
    diags: list[Diagnostic] = []
    base = base.resolve()
    for src in sources:
        pattern_root = base / src
        escape = _leaves_project(base, src)
        if escape is not None:
            skipped.append(escape)
            continue
        if any(ch in src for ch in "*?["):
            glob_root, candidates = _glob(base, src)
            roots = [(c, glob_root) for c in candidates if c.is_symlink() or not c.is_dir()]
            for d in [c for c in candidates if c.is_dir() and not c.is_symlink()]:
                roots.extend(_walk(d, include, glob_root))
        elif pattern_root.is_dir():
            roots = _walk(pattern_root, include)
        elif pattern_root.is_file():
            roots = [(pattern_root, pattern_root.parent)]
        else:
            diags.append(
                Diagnostic(
                    "error",
                    "source-missing",
                    f"the source `{src}` matches no file or folder",
                    "fix the path in `sources` (it is relative to mkdocs.yml)",
                    None,
                    src,
                )
            )
            continue
        count = 0
        real_roots: dict[Path, tuple[str, str]] = {}
        for path, root in roots:
            rel = _relative(path, base)
            if exclude and (_matches(path.name, exclude) or _matches(rel, exclude)):
                continue
            if root not in real_roots:  # one root for many files: resolved once
                real_roots[root] = (str(root) + os.sep, os.path.realpath(root))
            prefix, real_root = real_roots[root]
            spath = str(path)
            if spath.startswith(prefix) and not os.path.islink(spath):
                # Found by walking from `root` without following links, and not a link itself:
                # no link on the way, so its real path is the root's plus the rest (one lstat,
                # where `realpath` makes one per folder of the path)
                key = os.path.join(real_root, spath[len(prefix) :])
            else:
                key = os.path.realpath(path)  # never raises, even on a link loop
            refused = _refuse(path, key, real_root, rel)
            if refused is not None:
                if refused.reason:
                    skipped.append(refused)
                continue
            count += 1
            if key not in found or found[key][0].is_symlink():  # prefer the file to a link
                found[key] = (path, rel)
        if count == 0:
            diags.append(
                Diagnostic(
                    "warning",
                    "source-empty",
                    f"the source `{src}` contains no file matching {', '.join(include)}",
                    "check `sources` and `include` in the plugin configuration",
                    None,
                    src,
                )
            )
    files = sorted(found.values(), key=lambda t: t[1])
    return files, skipped, diags


# Hidden folders where tools keep agents; other hidden folders (.git, .venv, ...) are skipped.
AGENT_DOT_DIRS = {".claude", ".github", ".opencode", ".gemini", ".cursor", ".codex", ".copilot"}


def _walk(folder: Path, include: list[str], root: Path | None = None) -> list[tuple[Path, Path]]:
    """Files under `folder` matching `include`, paired with the source root they must stay in.

    Symbolic links to folders are not descended into (they are returned, so that the caller
    reports those pointing outside the source); hidden folders other than the agent tools' own
    are left out, as are hidden files.
    """
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if (not d.startswith(".") or d in AGENT_DOT_DIRS) and d != "node_modules"
        )
        for d in dirnames:
            if os.path.islink(os.path.join(dirpath, d)):
                out.append((Path(dirpath) / d, root or folder))
        for fn in sorted(filenames):
            if fn.startswith(".") or not _matches(fn, include):
                continue
            out.append((Path(dirpath) / fn, root or folder))
    return out


def _glob(base: Path, pattern: str) -> tuple[Path, list[Path]]:
    """Paths matching a glob `pattern` (with `**`), and the folder before its first wildcard.

    Unlike `glob.glob`, never follows a symbolic link to a folder: two links to `.` in a source
    would make `**` walk 2^40 paths, and a link to `/` would publish the disk.
    """
    parts = [p for p in pattern.replace(os.sep, "/").split("/") if p not in ("", ".")]
    static: list[str] = []
    for part in parts:
        if any(ch in part for ch in "*?["):
            break
        static.append(part)
    root = base.joinpath(*static) if static else base
    rest = parts[len(static) :]
    if not root.is_dir() or not rest:
        return root, []
    rx = re.compile(_translate(rest))
    hidden_ok = any(p.startswith(".") for p in rest)
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if hidden_ok or not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            if rx.fullmatch(prefix + name):
                out.append(path)
            elif "**" in rest and name in dirnames and path.is_symlink():
                out.append(path)  # `**` would have entered it: reported if it leaves the source
    return root, out


def _translate(parts: list[str]) -> str:
    """Glob segments to a regex over `/`-separated relative paths (`*` stays in one segment)."""
    rx = ""
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part == "**":
            rx += r"(?:(?!\.)[^/]*/)*" + (r"(?!\.)[^/]*" if last else "")
            continue
        seg = "" if part.startswith(".") else r"(?!\.)"
        i = 0
        while i < len(part):
            c = part[i]
            if c == "*":
                seg += "[^/]*"
            elif c == "?":
                seg += "[^/]"
            elif c == "[" and part.find("]", i + 2) > 0:
                j = part.find("]", i + 2)
                body = part[i + 1 : j].replace("\\", "\\\\")
                seg += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = j
            else:
                seg += re.escape(c)
            i += 1
        rx += seg + ("" if last else "/")
    return rx


def _leaves_project(base: Path, src: str) -> Skipped | None:
    """A source named inside the project (`.claude/agents`) whose folder resolves outside it,
    because the folder or one of its parents is a symbolic link: a committed link would
    otherwise publish whatever it points at. A source the configuration itself places outside
    (`../shared/agents`) is the user's choice and is read."""
    parts = src.replace(os.sep, "/").split("/")
    for i, part in enumerate(parts):  # a glob: the folder before its first wildcard
        if any(c in part for c in "*?["):
            parts = parts[:i]
            break
    lexical = os.path.normpath(os.path.join(base, *parts))
    inside = lexical == str(base) or lexical.startswith(str(base) + os.sep)
    real = os.path.realpath(lexical)
    if not inside or real == str(base) or real.startswith(str(base) + os.sep):
        return None
    return _skip(
        src,
        Path(lexical),
        "symlink pointing outside the project",
        "symlink-outside",
        f"the source `{src}` is reached through a symbolic link that points outside the "
        "project; it was not read",
        "replace the link with the folder itself, or name the outside folder in `sources`",
    )


def _refuse(path: Path, real: str, real_root: str, rel: str) -> Skipped | None:
    """Why `path` (resolved: `real`) must not be read: it leaves its source (resolved:
    `real_root`) through a link, or is not a file.

    Returns None to read it, a `Skipped` with findings to report it, or a `Skipped` without a
    reason to leave it out silently (a link to a folder inside the source: its files are found
    directly).
    """
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return _skip(
            rel,
            path,
            "symlink pointing outside its source",
            "symlink-outside",
            f"`{rel}` is reached through a symbolic link that points outside its source "
            "folder; it was not followed",
            "copy the file into the agents folder instead of linking it",
        )
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _skip(
            rel,
            path,
            "broken symlink",
            "symlink-broken",
            f"`{rel}` cannot be opened ({exc.strerror or exc}): a broken or looping link?",
            "fix or delete the link",
        )
    if stat.S_ISDIR(mode):
        return Skipped(rel, path, "")
    if not stat.S_ISREG(mode):
        return _skip(
            rel,
            path,
            "not a regular file",
            "not-regular-file",
            f"`{rel}` is not a regular file (a pipe, socket or device); it was not read",
            "keep only agent files in the agents folder",
        )
    return None


def _skip(rel: str, path: Path, reason: str, rule: str, message: str, fix: str) -> Skipped:
    return Skipped(rel, path, reason, [Diagnostic("warning", rule, message, fix, None, rel)])


def _relative(path: Path, base: Path) -> str:
    """`path` relative to the (resolved) `base`, `/`-separated; by string when it lies under
    `base`, as nearly every found file does (with the real-path shortcut in `find_files`, this
    took finding 5,000 files from about 0.6 s to 0.25 s of CPU)."""
    spath, sbase = str(path), str(base).rstrip(os.sep) + os.sep
    if spath.startswith(sbase):
        return spath[len(sbase) :].replace(os.sep, "/")
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return os.path.relpath(path.absolute(), base).replace(os.sep, "/")


def load_catalog(*args: Any, **kwargs: Any) -> Catalog:
    """Read and finalise (`read_sources`' arguments): what `check` and tests start from."""
    return finalise(read_sources(*args, **kwargs))


def read_sources(
    sources: list[str],
    base: Path,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    *,
    allow_html: bool = False,
    cache: ReadCache | None = None,
    formats: dict[str, str] | None = None,
    kinds: dict[str, str] | None = None,
) -> Catalog:
    """Find and read: every file as its reader gives it (no slugs, no catalog-wide findings).

    `formats` maps a source (as written in `sources`) to the agent format of every file in
    it, for folders whose location does not say which tool they are for; `kinds` maps a
    source to what its files are (`agent`, `skill`, `command`: see :class:`KindFinder`)."""
    cache = cache if cache is not None else ReadCache()
    files, skipped, diags = find_files(sources, base, include or DEFAULT_INCLUDE, exclude or [])
    catalog = Catalog(skipped=skipped, diagnostics=diags)
    catalog.plugin_scan = plugin_kinds.scan_sources(sources, base, exclude or [])
    sorter = KindFinder(kinds, PluginFinder(catalog.plugin_scan))
    for path, rel, kind in sorter.sort(files):
        if kind == "skill-file":
            continue  # a file of a skill's folder: listed on the skill's page, not read
        if kind == "not-skill":
            catalog.skipped.append(
                _skip(
                    rel,
                    path,
                    "not a SKILL.md in a source of skills",
                    "skill-file-name",
                    f"`{rel}` is in a source configured as skills (`kinds`), but a skill is a "
                    "folder holding a file named `SKILL.md`, and this file is in none",
                    "put it in a folder of its own as `SKILL.md`, or leave it out of the "
                    "source (`exclude`)",
                )
            )
            continue
        try:
            result = cache.get(path, rel, allow_html, _configured(rel, formats), kind)
        except Exception as exc:  # noqa: BLE001 - one file must never break the catalog
            result = _skip(
                rel,
                path,
                "could not be read",
                "read-failed",
                f"reading this file failed unexpectedly ({type(exc).__name__}: {str(exc)[:120]})",
                "report this file to the plugin's authors; the rest of the catalog was built",
            )
            result.diagnostics[0].severity = "error"
        if isinstance(result, Skipped):
            catalog.skipped.append(result)
        elif isinstance(result, Skill):
            catalog.skills.append(result)
        elif isinstance(result, Command):
            catalog.commands.append(result)
        else:
            catalog.agents.append(result)
    return catalog


KINDS = ("agent", "skill", "command")
"""The values of the `kinds` option: what every file of a source is read as."""


class KindFinder:
    """What each found file is, decided before it is read, as Claude Code decides it.

    - a file in a tool's agents folder (the nearest of `agents/`, `agent/`, `rules/`,
      `chatmodes/` above it) is an agent, a `SKILL.md` there too (Claude Code reads
      `.claude/agents/` recursively);
    - a Markdown file under a `commands/` folder of `.claude/` or of a plugin (a folder with
      `.claude-plugin/`, or one a marketplace lists) is a command;
    - any other file named `SKILL.md` is a skill (the standard's one file name), wherever it
      lives; the other files of its folder (references, scripts) belong to it and are not read;
    - anything else is an agent, its format decided as before (`formats.detect_format`).

    A source in the `kinds` option forces one kind on every file in it (the most specific
    source wins): `command` for a folder of commands kept elsewhere, `agent` to read a
    folder as agents whatever it holds, `skill` to read only its `SKILL.md` files.
    """

    def __init__(self, kinds: dict[str, str] | None = None, plugins: PluginFinder | None = None):
        self.kinds = kinds or {}
        self.plugins = plugins or PluginFinder()

    def sort(self, files: list[tuple[Path, str]]) -> list[tuple[Path, str, str]]:
        forced = {rel: _configured(rel, self.kinds) for _, rel in files}
        trees = {rel: _nearest_tree(rel) for _, rel in files}
        skill_dirs = {
            str(path.parent)
            for path, rel in files
            if path.name == SKILL_FILE
            and (forced[rel] == "skill" or (forced[rel] is None and trees[rel] not in _AGENT_TREES))
        }
        out = []
        for path, rel in files:
            kind, tree = forced[rel], trees[rel]
            if kind is None and tree in _AGENT_TREES:
                kind = "agent"  # a tool's agents folder: read as that tool reads it, SKILL.md too
            elif kind is None and tree == "commands" and self.is_command(path, rel):
                kind = "command"
            elif kind in (None, "skill"):
                if path.name == SKILL_FILE and str(path.parent) in skill_dirs:
                    kind = "skill"
                elif skill_dirs and any(str(p) in skill_dirs for p in path.parents):
                    kind = "skill-file"
                else:
                    kind = "not-skill" if kind == "skill" else "agent"
            elif kind == "command" and not rel.lower().endswith(".md"):
                kind = "agent"  # a command is Markdown; a TOML agent kept beside stays one
            out.append((path, rel, kind))
        return out

    def is_command(self, path: Path, rel: str) -> bool:
        """A `.md` file under `.claude/commands/` or a plugin's `commands/` (subfolders too:
        Claude Code shows them as the command's namespace)."""
        if not rel.lower().endswith(".md"):
            return False
        parts = PurePosixPath(rel).parts
        n = len(parts) - 1
        for i in range(n - 1, -1, -1):  # only the folders inside the source's path
            if parts[i] == "commands":
                up = path.parents[n - i]
                return (i > 0 and parts[i - 1] == ".claude") or self.plugins.is_plugin(up)
        return False


_AGENT_TREES = frozenset({"agents", "agent", "rules", "chatmodes"})
"""Folders tools read agents from (`.claude/agents`, OpenCode's `agent`, Cursor's `rules`,
Copilot's `chatmodes`, a plugin's `agents`): every file in them is read as an agent."""
_KIND_TREES = _AGENT_TREES | {"commands", "skills"}


def _nearest_tree(rel: str) -> str | None:
    """The nearest folder above `rel` that says what its files are (`agents`, `commands`,
    `skills`, ...), or None. Decides before a `SKILL.md` above does: a skill's folder's files
    are its own, but an agents folder inside a skill's folder (or a skill at the project's
    root) still holds agents."""
    for part in reversed(PurePosixPath(rel).parts[:-1]):
        if part in _KIND_TREES:
            return part
    return None


def _configured(rel: str, mapping: dict[str, str] | None) -> str | None:
    """The value configured for the most specific source containing `rel`, if any (the
    `formats` and `kinds` options)."""
    best: tuple[int, str] | None = None
    for src, fmt in (mapping or {}).items():
        root = src.strip().removeprefix("./").rstrip("/")
        if root in ("", "."):
            hit = True
        else:
            hit = rel == root or rel.startswith(root + "/") or fnmatch.fnmatch(rel, root)
        if hit and (best is None or len(root) > best[0]):
            best = (len(root), fmt)
    return best[1] if best else None


RuleCache = dict[str, tuple[Agent, Any, list[Diagnostic]]]
"""Source -> (the read agent, its plugin's root, its findings once its rules ran): a read
cache (`ReadCache`) gives an unchanged file's agent back as the same object, and an agent's
rules read nothing but the agent, so its findings are the ones found last time."""


def finalise(
    read: Catalog, repository: str | None = None, rules: RuleCache | None = None
) -> Catalog:
    """Catalog-wide steps once every file is read, on copies of the read agents: each agent's
    rules, slugs and name groups (the one place they are computed), duplicate names; the
    plugins and marketplaces (`repository`: the configured `owner/repo` of the base, for the
    install command of a marketplace there). `rules`: kept from the previous build, it gives
    the findings of agents read from the same object and in the same plugin (`RuleCache`)."""
    agents = [_fresh(a) for a in read.agents]
    scan = read.plugin_scan or plugin_kinds.Scan(Path(".").resolve())
    plugins = PluginFinder(scan)
    kept: RuleCache = {}
    for r, a in zip(read.agents, agents, strict=True):
        root = plugins.root_of(a) if a.format == "claude" else None
        if root is not None:
            a.settings = {**a.settings, "plugin": root}
        hit = rules.get(a.source) if rules is not None else None
        if hit is not None and hit[0] is r and hit[1] == root:
            a.diagnostics = [copy.copy(d) for d in hit[2]]
        else:
            apply_rules(a)
        if rules is not None:
            kept[a.source] = (r, root, [copy.copy(d) for d in a.diagnostics])
    if rules is not None:
        rules.clear()
        rules.update(kept)
    shared = assign_slugs(agents)
    skills = [_fresh_item(s) for s in read.skills]
    commands = [_fresh_item(c) for c in read.commands]
    for skill in skills:  # listed at each build: a file added beside SKILL.md shows at once
        skill.files = folder_files(skill.path.parent)
    for item in [*skills, *commands]:
        root = plugins.root_of(item, item.kind + "s")
        if root is not None:
            item.settings["plugin"] = root
        apply_item_rules(item)
    for items in (skills, commands):
        assign_slugs(items, items[0].kind + "s" if items else "")
        _duplicate_items(items)
    plugin_list, markets = plugin_kinds.assemble(scan, agents, skills, commands, repository)
    catalog = Catalog(
        agents=agents,
        skipped=[Skipped(s.source, s.path, s.reason, list(s.diagnostics)) for s in read.skipped],
        diagnostics=list(read.diagnostics),
        name_groups={base: tuple(members) for base, members in shared.items()},
        plugins=plugin_list,
        marketplaces=markets,
        plugin_scan=scan,
        skills=skills,
        commands=commands,
    )
    by_tree_name: dict[tuple[str, str], list[Agent]] = defaultdict(list)
    for a in catalog.agents:
        # Copilot identifies an agent by its file name; its `name` is only a display name
        by_tree_name[(scan_root(a.source), a.settings.get("id", a.name))].append(a)
    for (tree, name), members in by_tree_name.items():
        if len(members) < 2:
            continue
        for a in members:
            others = ", ".join(f"`{o.source}`" for o in members if o is not a)
            a.diag(
                "warning",
                "duplicate-name",
                f"the name `{name}` is also used by {others} in the same agents folder "
                f"(`{tree}/`, read with its subfolders); {INFO[a.format].label} loads only one "
                "of them",
                "give each agent a unique `name`",
                a.key_lines.get("name"),
            )
    _missing_subagents(catalog.agents)
    _missing_handoffs(catalog.agents)
    _missing_skills(catalog.agents, catalog.skills)
    return catalog


class SkillIndex:
    """Which skill an agent's `skills:` entry means: by `name`, then by folder (the standard
    wants them equal; Claude Code names a skill without `name` by its folder), the first by
    source when several share one. A plugin's skills are also named `plugin:skill` (Claude
    Code's namespaced form): the skill of that name in the plugin whose folder is `plugin`,
    else in any plugin."""

    def __init__(self, skills: list[Skill]):
        self.by_name: dict[str, Skill] = {}
        ordered = sorted(skills, key=lambda s: s.source)
        for s in ordered:
            self.by_name.setdefault(s.name, s)
        for s in ordered:
            self.by_name.setdefault(s.folder, s)
        self.in_plugin: dict[tuple[str, str], Skill] = {}
        self.any_plugin: dict[str, Skill] = {}
        for s in ordered:
            root = s.settings.get("plugin")
            if root is not None:
                for name in (s.name, s.folder):
                    self.in_plugin.setdefault((PurePosixPath(root).name, name), s)
                    self.any_plugin.setdefault(name, s)

    def get(self, name: str) -> Skill | None:
        if name in self.by_name:
            return self.by_name[name]
        plugin, sep, rest = name.partition(":")
        if not sep:
            return None
        return self.in_plugin.get((plugin, rest)) or self.any_plugin.get(rest)

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


def skill_index(skills: list[Skill]) -> SkillIndex:
    """The skills by the names an agent's `skills:` may give them (:class:`SkillIndex`)."""
    return SkillIndex(skills)


def preloaded_by(catalog: Catalog) -> dict[int, list[Agent]]:
    """id(skill) -> the agents whose `skills:` names it, by name then source: the one place
    the links from agents to skills are resolved (pages and `agents.json` read it)."""
    index = skill_index(catalog.skills)
    out: dict[int, list[Agent]] = defaultdict(list)
    for a in sorted(catalog.agents, key=lambda a: (a.name.lower(), a.source)):
        for name in preloaded_skills(a):
            skill = index.get(name)
            if skill is not None and all(o is not a for o in out[id(skill)]):
                out[id(skill)].append(a)
    return dict(out)


def _missing_skills(agents: list[Agent], skills: list[Skill]) -> None:
    """`skill-missing`: an agent's `skills:` entry naming no skill of the catalog; Claude Code
    preloads a skill only where one of that name is installed. Its page links the others."""
    known = skill_index(skills)
    for a in agents:
        missing = [n for n in preloaded_skills(a) if n not in known]
        if not missing:
            continue
        listed = ", ".join(f"`{n}`" for n in missing)
        a.diag(
            "info",
            "skill-missing",
            f"`skills` preloads {listed}, which {'is' if len(missing) == 1 else 'are'} not a "
            "skill of this catalog; Claude Code preloads a skill only where one of that name "
            "is installed",
            "add the skill's folder to the catalog's sources, or correct the name in `skills`",
            a.key_lines.get("skills"),
        )


def _duplicate_items(items: list[ItemT]) -> None:
    """`duplicate-skill` / `duplicate-command`: two of one kind with one name in one folder
    tree (the nearest `skills/` or `commands/` above them, or their source root): the tool
    offers only one of them."""
    trees: dict[tuple[str, str], list[ItemT]] = defaultdict(list)
    for i in items:
        trees[(item_tree(i), i.name)].append(i)
    for (tree, name), members in trees.items():
        if len(members) < 2:
            continue
        for i in members:
            others = ", ".join(f"`{o.source}`" for o in members if o is not i)
            i.diag(
                "warning",
                f"duplicate-{i.kind}",
                f"the {i.kind} name `{name}` is also used by {others} in `{tree}/`; Claude "
                "Code offers only one of them",
                f"give each {i.kind} a unique name",
                i.key_lines.get("name"),
            )


def item_tree(item: Item) -> str:
    """The folder a skill's or command's name must be unique in: the nearest `skills/` or
    `commands/` above it (`.claude/skills`, a plugin's `commands`), else its parent's."""
    parts = Path(item.source).parent.parts
    want = item.kind + "s"
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == want:
            return "/".join(parts[: i + 1])
    return "/".join(parts[:-1] if item.kind == "skill" else parts) or "."


def _missing_handoffs(agents: list[Agent]) -> None:
    """`copilot-handoff-missing`: a Copilot handoff whose `agent` is no Copilot agent of the
    catalog (by id, or by display name); VS Code shows the button, and it leads nowhere."""
    known = {copilot_agent_key(a) for a in agents if a.format == "copilot"}
    known |= {a.name for a in agents if a.format == "copilot"}
    for a in agents:
        if a.format != "copilot":
            continue
        for h in a.settings.get("handoffs") or []:
            if h["agent"] not in known and h["agent"] not in COPILOT_BUILTIN_AGENTS:
                a.diag(
                    "warning",
                    "copilot-handoff-missing",
                    f"the handoff `{h['label']}` goes to `{h['agent']}`, which is not a Copilot "
                    "agent of this catalog; VS Code offers the handoff only where that agent "
                    "exists",
                    "correct `agent:` to the file name (without `.agent.md`) of an agent here, "
                    "or add that agent to the catalog's sources",
                    a.key_lines.get("handoffs"),
                )


def _missing_subagents(agents: list[Agent]) -> None:
    """`subagent-missing`: an `Agent(a, b)` entry naming an agent the catalog does not hold
    (Claude Code's own subagent types excepted). Its page links the others."""
    names = {a.name for a in agents if a.format == "claude"}
    for a in agents:
        wanted = a.settings.get("subagents") or []
        missing = [n for n in wanted if n not in names and n not in BUILTIN_SUBAGENTS]
        if not missing:
            continue
        listed = ", ".join(f"`{n}`" for n in missing)
        a.diag(
            "info",
            "subagent-missing",
            f"`tools` lets this agent start {listed}, which "
            f"{'is' if len(missing) == 1 else 'are'} not in this catalog; Claude Code starts "
            "it only where an agent of that name is installed",
            "add the agent to the catalog's sources, or correct the name in `Agent(...)`",
            a.key_lines.get("tools"),
        )


_TREE_DIRS = {"agents", "agent", "rules"}


def scan_root(source: str) -> str:
    """The folder a tool scans recursively for this file: the nearest `agents/` (Claude Code,
    Copilot, Gemini, OpenCode's `agent/`) or Cursor `rules/` above it, else its own folder.
    Two agents with one name clash only inside one such tree."""
    parts = plugin_kinds.source_parts(source)[:-1]
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in _TREE_DIRS:
            return "/".join(parts[: i + 1])
    return "/".join(parts) or "."
