"""Claude Code plugins and marketplaces: which plugin holds a file, and what each plugin is.

A plugin is a folder with `.claude-plugin/plugin.json` (its manifest, optional since Claude
Code derives a plugin from a marketplace entry too) and the component folders `agents/`,
`commands/`, `skills/`; a marketplace is a folder with `.claude-plugin/marketplace.json`,
whose `plugins` entries name each plugin and where it is (`source`: a folder relative to the
marketplace's root, or a remote repository). Two stages, as for agents:

- :func:`scan_sources` (the read stage) finds and reads the manifests in and above the
  configured sources, strictly (JSON as Claude Code's `JSON.parse` reads it), each finding
  naming the file, the line and the fix; a broken manifest is a finding, never a failed build;
- :func:`assemble` (the finalise stage) makes one :class:`Plugin` per plugin folder or listed
  entry, with its members (agents now; skills and commands by the same rule), its slug and
  its findings.

:class:`PluginFinder` is the one place that answers "which plugin holds this file". Manifest
text is untrusted: nothing here turns it into a path outside its marketplace, and install
commands are only ever made from names :func:`install_name` accepts.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Agent, Diagnostic
from .slugs import HASHED, MAX_LEN, RESERVED, path_hash, slugify

MANIFEST_DIR = ".claude-plugin"
PLUGIN_FILE = "plugin.json"
MARKETPLACE_FILE = "marketplace.json"
MAX_MANIFEST_BYTES = 2_000_000
"""Larger manifests are refused (the largest real marketplace.json is about 60 kB)."""
COMPONENTS = ("agents", "commands", "skills")
"""Component folders whose files the catalog reads, at a plugin's root."""
COMPONENT_KEYS = (
    "agents",
    "commands",
    "skills",
    "hooks",
    "mcpServers",
    "outputStyles",
    "lspServers",
)
"""Manifest keys that name component paths (or hold the component inline)."""
OTHER_HOSTS = {
    ".codex-plugin": "Codex",
    ".cursor-plugin": "Cursor",
    ".gemini-plugin": "Gemini CLI",
    ".copilot-plugin": "GitHub Copilot",
    ".github-plugin": "GitHub Copilot",
    ".opencode-plugin": "OpenCode",
}
"""Other tools' plugin manifest folders a plugin may carry beside `.claude-plugin/`."""

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_])?")
"""What may reach an install command the reader copies: letters, digits, `.`, `_`, `-`, at
most 100 characters, neither starting nor ending with punctuation. No space, quote, backtick,
`@`, `/`, control or non-ASCII character: a name outside it gets no install command."""
_GITHUB_REPO = re.compile(
    r"https?://(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/"
    r"([A-Za-z0-9._-]{1,100}?)(?:\.git)?/?(?:[#?].*)?"
)


def install_name(value: object) -> str | None:
    """`value` if it may stand in an install command as written, else None (the one rule:
    every name and repository in a `/plugin ...` command passes here)."""
    return value if isinstance(value, str) and _NAME.fullmatch(value) else None


def github_repo(url: object) -> str | None:
    """`owner/repo` of a GitHub repository URL (`https://github.com/o/r`, `.git`, a trailing
    `/`), or None: other addresses (a profile, a file in a repository) name no repository."""
    if not isinstance(url, str):
        return None
    m = _GITHUB_REPO.fullmatch(url.strip())
    if not m or not install_name(m.group(2)) or m.group(2) in (".", ".."):
        return None
    return f"{m.group(1)}/{m.group(2)}"


def repository_of(source_url: str | None) -> str | None:
    """`owner/repo` of the configured link rule for sources (`source_url`, or `repo_url`'s
    `https://github.com/o/r/blob/main/{path}`), when it is a GitHub repository's."""
    if not source_url:
        return None
    head = re.split(r"/(?:blob|tree|raw|edit)/", source_url, maxsplit=1)[0]
    return github_repo(head)


def web_url(value: object) -> str | None:
    """A manifest's URL when it may be a link: `http(s)` only, no space or control character
    (as the body's links: anything else is shown as text, never as a link)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if re.fullmatch(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"'`]+", url, re.I) and len(url) <= 2000:
        return url
    return None


# --------------------------------------------------------------------------- reading


@dataclass
class Manifest:
    """One `.claude-plugin/*.json` file as read: its data, or why it has none."""

    source: str
    """The file's path relative to the catalog's base, POSIX separators."""
    path: Path
    data: dict[str, Any] | None
    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def line_of(self, key: str, after: int = 0) -> int | None:
        """The line of the first `"key":` at or after offset `after` (None when absent)."""
        m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(self.text, after)
        return self.text.count("\n", 0, m.start()) + 1 if m else None


class _Duplicate(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _Duplicate(k)
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"`{name}` is not JSON")


def read_manifest(path: Path, source: str, kind: str) -> Manifest:
    """Read one manifest strictly: UTF-8 without a byte-order mark, one JSON object, no
    duplicate key, no `NaN`/`Infinity` (what `JSON.parse` accepts, bar duplicates, which it
    silently resolves to the last). `kind`: `plugin` or `marketplace`, for the findings."""
    rule = "plugin-manifest-invalid" if kind == "plugin" else "marketplace-invalid"
    what = f"`{MANIFEST_DIR}/{PLUGIN_FILE if kind == 'plugin' else MARKETPLACE_FILE}`"
    m = Manifest(source, path, None)

    def bad(message: str, fix: str, line: int | None = None) -> Manifest:
        m.diagnostics.append(Diagnostic("error", rule, message, fix, line, source))
        return m

    try:
        if path.is_symlink() or path.parent.is_symlink():
            return bad(
                f"{what} is (or is in) a symbolic link; it was not followed",
                "replace the link with the file itself",
            )
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            return bad(
                f"{what} is {size:,} bytes, over the catalog's bound of 2,000,000; not read",
                "keep the manifest to metadata and component paths",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return bad(f"{what} cannot be read ({exc.strerror or exc})", "fix the file's permissions")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(
            f"{what} is not UTF-8 (byte {exc.start}); Claude Code cannot read it",
            "save the file as UTF-8",
            raw.count(b"\n", 0, exc.start) + 1,
        )
    m.text = text
    if text.startswith("\ufeff"):
        return bad(
            f"{what} starts with a byte-order mark, which JSON parsers reject",
            "save the file as UTF-8 without a byte-order mark",
            1,
        )
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except _Duplicate as exc:
        key = str(exc)
        lines = [i + 1 for i, ln in enumerate(text.split("\n")) if f'"{key}"' in ln]
        return bad(
            f"{what} gives the key `{key}` twice; JSON parsers keep only the last",
            f"keep one `{key}`",
            lines[1] if len(lines) > 1 else None,
        )
    except json.JSONDecodeError as exc:
        return bad(
            f"{what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}); "
            "Claude Code cannot load it",
            "correct the JSON (a trailing comma, a missing quote or comma is the usual cause); "
            "`claude plugin validate` checks it",
            exc.lineno,
        )
    except (ValueError, RecursionError) as exc:
        return bad(
            f"{what} is not valid JSON ({str(exc)[:80]}); Claude Code cannot load it",
            "correct the JSON",
        )
    if not isinstance(data, dict):
        return bad(
            f"{what} holds a JSON {type(data).__name__}, not an object",
            'wrap the fields in `{ ... }`, e.g. `{"name": "my-plugin"}`',
            1,
        )
    m.data = data
    return m


@dataclass
class Scan:
    """Every manifest found in and above the configured sources (the read stage's output)."""

    base: Path
    exclude: tuple[str, ...] = ()
    """The `exclude` option's patterns: a manifest whose name or path matches is not read."""
    plugins: dict[Path, Manifest] = field(default_factory=dict)
    """Plugin folder (absolute, normalised) -> its `plugin.json`."""
    marketplaces: dict[Path, Manifest] = field(default_factory=dict)
    """Marketplace root (absolute, normalised) -> its `marketplace.json`."""
    other_hosts: dict[Path, list[str]] = field(default_factory=dict)
    """Folder -> the other tools' manifest folders it holds (`.codex-plugin`, ...)."""

    def look(self, folder: Path) -> None:
        """Read the manifests of `folder`, once."""
        folder = Path(os.path.normpath(folder))
        if folder in self.other_hosts:
            return
        self.other_hosts[folder] = []
        try:
            names = set(os.listdir(folder))
        except OSError:
            return
        self.other_hosts[folder] = sorted(
            n
            for n in names
            if n in OTHER_HOSTS or (n.endswith("-plugin") and n.startswith("."))
            if n != MANIFEST_DIR and os.path.isdir(folder / n)
        )
        if MANIFEST_DIR not in names:
            return
        for fname, kind, into in (
            (PLUGIN_FILE, "plugin", self.plugins),
            (MARKETPLACE_FILE, "marketplace", self.marketplaces),
        ):
            path = folder / MANIFEST_DIR / fname
            rel = _relative(path, self.base)
            if any(fnmatch.fnmatch(rel, x) or fnmatch.fnmatch(fname, x) for x in self.exclude):
                continue
            if path.is_file() or path.is_symlink():
                into[folder] = read_manifest(path, rel, kind)


def scan_sources(sources: Iterable[str], base: Path, exclude: Iterable[str] = ()) -> Scan:
    """Find the manifests of every configured source: in its folder and below (hidden folders,
    `node_modules` and links to folders left out, as for agents), and in the folders above it
    up to the base (a source may be one plugin's folder, or a marketplace's `plugins/`)."""
    base = base.resolve()
    scan = Scan(base, tuple(exclude))
    for src in sources:
        parts = src.replace(os.sep, "/").split("/")
        for i, part in enumerate(parts):  # a glob: from the folder before its first wildcard
            if any(c in part for c in "*?["):
                parts = parts[:i]
                break
        root = Path(os.path.normpath(os.path.join(base, *parts)))
        if not root.is_dir() or (
            _inside(root, base) and not _inside(Path(os.path.realpath(root)), base)
        ):  # a source named inside the project that a link leads out of: not read (load.py)
            continue
        up = root
        while _inside(up.parent, base) and up != base:
            up = up.parent
            scan.look(up)
        for dirpath, dirnames, _files in os.walk(root, followlinks=False):
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and d != "node_modules"
            )
            scan.look(Path(dirpath))
    return scan


def _inside(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return os.path.relpath(path, base).replace(os.sep, "/")


# --------------------------------------------------------------------------- the model


@dataclass
class Marketplace:
    """One `.claude-plugin/marketplace.json` as the catalog shows it."""

    name: str
    source: str
    """The manifest's path relative to the base."""
    root: str
    """The marketplace's folder relative to the base (`.` for the base)."""
    data: dict[str, Any]
    repository: str | None = None
    """`owner/repo` on GitHub when known (`/plugin marketplace add` takes it)."""
    installable: bool = False
    """Its name may stand in an install command (`install_name`)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    manifest: Manifest | None = None
    """The file as read (for the lines of its entries)."""

    @property
    def description(self) -> str:
        meta = self.data.get("metadata")
        text = self.data.get("description") or (
            meta.get("description") if isinstance(meta, dict) else ""
        )
        return text if isinstance(text, str) else ""

    @property
    def owner(self) -> str:
        return person(self.data.get("owner"))


@dataclass
class Plugin:
    """One plugin: from its folder's `plugin.json`, its marketplace entry, or both."""

    name: str
    source: str
    """Its `plugin.json` (relative to the base); the marketplace's file when it has none."""
    root: str | None
    """Its folder relative to the base; None when its files are elsewhere (a remote source)."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """`plugin.json` as read (empty without one)."""
    entry: dict[str, Any] | None = None
    """Its marketplace entry as read."""
    marketplace: Marketplace | None = None
    has_manifest: bool = False
    other_hosts: list[tuple[str, str, list[str]]] = field(default_factory=list)
    """(folder, tool, file names) of other tools' manifests in the plugin's folder."""
    components: dict[str, Any] = field(default_factory=dict)
    """Component keys (`agents`, `skills`, `hooks`, ...) as the manifest or entry wrote them."""
    remote: str | None = None
    """Where a remote source points, as text (`git-subdir https://...`)."""
    agents: list[Agent] = field(default_factory=list)
    skills: list[Any] = field(default_factory=list)
    commands: list[Any] = field(default_factory=list)
    slug: str = ""
    no_install: str = ""
    """Why no install command is shown, when Claude Code could not install it as listed."""
    label: str = ""
    """What the tables' "plugin" facet shows: the name, or `name@marketplace` when two
    plugins of the catalog share a name."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def field(self, key: str) -> Any:
        """A metadata field: the manifest's value, else the marketplace entry's."""
        if key in self.metadata:
            return self.metadata[key]
        return (self.entry or {}).get(key)

    def text(self, key: str) -> str:
        value = self.field(key)
        return value if isinstance(value, str) else ""

    @property
    def description(self) -> str:
        return self.text("description")

    @property
    def version(self) -> str:
        return self.text("version")

    @property
    def category(self) -> str:
        return self.text("category")

    @property
    def author(self) -> str:
        return person(self.field("author"))

    @property
    def keywords(self) -> list[str]:
        value = self.field("keywords")
        return [k for k in value if isinstance(k, str)] if isinstance(value, list) else []

    @property
    def install(self) -> dict[str, str] | None:
        """The two commands that install it, each made only of checked names; None when a
        name may not stand in a command (or it is in no marketplace)."""
        market = self.marketplace
        name = install_name(self.name)
        if market is None or not market.installable or name is None or self.no_install:
            return None
        out = {"install": f"/plugin install {name}@{market.name}"}
        if market.repository:
            out["add"] = f"/plugin marketplace add {market.repository}"
        return out

    def diag(self, severity: str, rule: str, message: str, fix: str, line: int | None = None,
             source: str | None = None) -> None:  # fmt: skip
        self.diagnostics.append(
            Diagnostic(severity, rule, message, fix, line, source or self.source)
        )


def person(value: Any) -> str:
    """An `author` / `owner` as text: a string, or an object's `name` (and `email`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        mail = value.get("email")
        return value["name"] + (f" <{mail}>" if isinstance(mail, str) and mail else "")
    return ""


# --------------------------------------------------------------------------- which plugin


class PluginFinder:
    """Which Claude Code plugin a file ships in: the nearest folder above it that is a plugin,
    with the file under that folder's `agents/`, `commands/` or `skills/`. A folder is a plugin
    when it holds `.claude-plugin/`, or when a marketplace above it
    (`.claude-plugin/marketplace.json`) names it as a plugin's `source` (the manifest is
    optional: real marketplaces list plugins that have none). Claude Code reads such an agent
    as a plugin agent, which ignores `hooks`, `mcpServers` and `permissionMode`. (A
    marketplace's root has a `.claude-plugin/` too; its `.claude/agents/` are not plugin
    agents, hence the component-folder condition.) Each folder and marketplace is looked at
    once per build, through the scan's reading of the manifests."""

    def __init__(self, scan: Scan | None = None) -> None:
        self.scan = scan or Scan(Path("/"))
        self.seen: dict[Path, bool] = {}
        self.listed: dict[Path, set[Path]] = {}
        self.roots: dict[tuple, str | None] = {}
        """(source folder, folder as given, kinds) -> the answer: a file's name plays no part,
        and a collection's thousands of agents sit in a few folders."""

    def is_plugin(self, folder: Path) -> bool:
        """The folder is a plugin's root (it holds `.claude-plugin/plugin.json`, or a
        `.claude-plugin/` with no marketplace file, or a marketplace above it lists it)."""
        folder = Path(os.path.normpath(os.path.abspath(folder)))
        if folder not in self.seen:
            own = folder / MANIFEST_DIR
            # a folder with only a marketplace.json is a marketplace, not a plugin
            manifest = own.is_dir() and (
                (own / PLUGIN_FILE).exists() or not (own / MARKETPLACE_FILE).exists()
            )
            self.seen[folder] = manifest or any(
                folder in self._marketplace(up) for up in folder.parents
            )
        return self.seen[folder]

    def _marketplace(self, folder: Path) -> set[Path]:
        """The plugin folders a marketplace in `folder` lists by a relative `source`."""
        if folder not in self.listed:
            self.scan.look(folder)
            market = self.scan.marketplaces.get(Path(os.path.normpath(folder)))
            found: set[Path] = set()
            if market is not None and market.data is not None:
                for _entry, where, _problem in listed_folders(market.data, folder):
                    if where is not None:
                        found.add(where)
            self.listed[folder] = found
        return self.listed[folder]

    def root_of(self, entry: Any, kinds: str | Iterable[str] = "agents") -> str | None:
        """The plugin's folder as a source path (`plugins/demo`; `.` for the base), or None.
        `entry`: an agent, skill or command (its `source` and `path`); `kinds`: the component
        folders it may stand in (`agents`, `skills`, `commands`)."""
        return self.root_of_file(entry.source, entry.path, kinds)

    def root_of_file(
        self, source: str, path: str | Path, kinds: str | Iterable[str] = COMPONENTS
    ) -> str | None:
        """`root_of` for any file: its source path and the path it was read from."""
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        # strings, not `Path`s: this runs for every agent on every build (`mkdocs serve`)
        key = (source.rpartition("/")[0], os.path.dirname(path), kinds)
        if key not in self.roots:
            self.roots[key] = self._root(source, path, kinds)
        return self.roots[key]

    def _root(self, source: str, path: str | Path, kinds: tuple[str, ...]) -> str | None:
        parts = source_parts(source)[:-1]
        folder = os.path.dirname(os.path.normpath(os.path.abspath(path)))
        for depth in range(len(parts), -1, -1):
            # `folder` is the file's folder `len(parts) - depth` levels up: source `parts[:depth]`
            if depth < len(parts) and parts[depth] in kinds and self.is_plugin(Path(folder)):
                return "/".join(parts[:depth]) or "."
            if depth:
                folder = os.path.dirname(folder)
        return None


def source_parts(source: str) -> tuple[str, ...]:
    """`Path(source).parts` of a relative POSIX source path, without making a `Path`."""
    if source.startswith("/") or "\\" in source:
        return Path(source).parts
    return tuple(p for p in source.split("/") if p and p != ".")


def listed_folders(
    data: dict[str, Any], root: Path
) -> list[tuple[dict[str, Any], Path | None, str | None]]:
    """Each plugin entry of a marketplace with the folder its `source` names (absolute,
    normalised; None for a remote source or one that leaves the marketplace) and what is
    wrong with it (`outside`, `remote`, `shape`), relative sources resolved from the
    marketplace's root after `metadata.pluginRoot`."""
    meta = data.get("metadata")
    prefix = meta.get("pluginRoot") if isinstance(meta, dict) else None
    prefix = prefix if isinstance(prefix, str) else ""
    out: list[tuple[dict[str, Any], Path | None, str | None]] = []
    entries = data.get("plugins")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            out.append(({}, None, "shape"))
            continue
        source = entry.get("source")
        if isinstance(source, dict) or (
            isinstance(source, str)
            and ("://" in source or source.endswith(".git") or source.startswith("git@"))
        ):
            out.append((entry, None, "remote"))
            continue
        if not isinstance(source, str) or not source.strip() or "\x00" in source:
            out.append((entry, None, "shape"))
            continue
        if source.startswith("/"):
            out.append((entry, None, "outside"))
            continue
        start = root / prefix if prefix else root  # pluginRoot: before every relative source
        where = Path(os.path.normpath(start / source))
        real = Path(os.path.realpath(where))  # a link out of the marketplace is outside too
        if not _inside(where, Path(os.path.normpath(root))) or not _inside(
            real, Path(os.path.realpath(root))
        ):
            out.append((entry, None, "outside"))
            continue
        out.append((entry, where, None))
    return out


# --------------------------------------------------------------------------- assembly


def assemble(
    scan: Scan,
    agents: list[Agent],
    skills: list[Any] = (),
    commands: list[Any] = (),
    repository: str | None = None,
) -> tuple[list[Plugin], list[Marketplace]]:
    """Every plugin of the catalog, with its members and findings, slugs assigned, and every
    marketplace (those whose file could not be read too, for their findings). `repository`:
    the `owner/repo` the catalog's base is (from the configuration), which is the address of
    a marketplace at the base that does not name its own.

    Plugins come from marketplace entries (a folder, or a remote source), from folders with a
    `plugin.json`, and from the plugin folders the catalog's agents stand in."""
    base = scan.base
    markets: list[tuple[Path, Marketplace | None, Manifest]] = []
    for root, manifest in sorted(scan.marketplaces.items(), key=lambda kv: kv[1].source):
        market = _marketplace(root, manifest, base)
        if market is not None and market.repository is None and root == base:
            market.repository = repository
        markets.append((root, market, manifest))
    by_folder: dict[Path, Plugin] = {}
    plugins: list[Plugin] = []
    for root, market, manifest in markets:
        if market is None:
            continue
        names: dict[str, int] = {}
        for entry, where, problem in listed_folders(manifest.data or {}, root):
            name = entry.get("name")
            line = _entry_line(manifest, entry, names.get(name, 0) if isinstance(name, str) else 0)
            if not isinstance(name, str) or not name.strip():
                market.diagnostics.append(Diagnostic(
                    "error", "marketplace-invalid",
                    "a plugin entry has no `name` (a string); Claude Code cannot list it",
                    'give every entry of `plugins` a `"name"`', line, market.source,
                ))  # fmt: skip
                continue
            if name in names:
                names[name] += 1
                market.diagnostics.append(Diagnostic(
                    "warning", "plugin-duplicate",
                    f"the marketplace lists the plugin `{name}` twice; `/plugin install "
                    f"{name}@{market.name}` installs only one of them",
                    "remove one entry, or rename one plugin", line, market.source,
                ))  # fmt: skip
                continue
            names[name] = 1
            if where is not None and where in by_folder:
                continue  # listed by an earlier marketplace: that one is its home
            plugin = Plugin(name, market.source, None, entry=entry, marketplace=market)
            plugins.append(plugin)
            if problem == "remote":
                plugin.remote = _remote_text(entry.get("source"))
                plugin.diag(
                    "info", "plugin-remote",
                    f"the plugin `{name}` is fetched from elsewhere ({plugin.remote}); its "
                    "files are not in this catalog's sources",
                    "nothing to fix; add that repository to `sources` to catalog its agents",
                    line,
                )  # fmt: skip
                continue
            if problem is not None:
                plugin.diag(
                    "warning", "plugin-folder-missing",
                    f"the plugin `{name}` has a `source` that "
                    + ("leaves the marketplace's folder" if problem == "outside" else "is not a path")
                    + "; the catalog reads no folder for it",
                    'give `source` a folder inside the marketplace, such as `"./plugins/'
                    f'{slugify(name) or "my-plugin"}"`',
                    _key_line(manifest, "source", line),
                )  # fmt: skip
                plugin.no_install = "its `source` is not a folder of the marketplace"
                continue
            if not where.is_dir():
                plugin.diag(
                    "warning", "plugin-folder-missing",
                    f"the plugin `{name}` is listed with the folder `{entry.get('source')}`, "
                    "which does not exist; `/plugin install` fails for it",
                    "correct `source`, or add the plugin's folder",
                    _key_line(manifest, "source", line),
                )  # fmt: skip
                plugin.no_install = "the folder its marketplace entry names does not exist"
                continue
            by_folder[where] = plugin
            plugin.root = _relative(where, base)
    for folder in sorted(scan.plugins, key=lambda f: scan.plugins[f].source):
        if folder not in by_folder:  # a plugin no marketplace of the catalog lists
            plugin = Plugin(folder.name, scan.plugins[folder].source, _relative(folder, base))
            by_folder[folder] = plugin
            plugins.append(plugin)
    members = [*agents, *skills, *commands]
    for a in members:  # plugin folders only their members found (a marketplace above them)
        root = a.settings.get("plugin")
        if root is None:
            continue
        folder = Path(os.path.normpath(base / root))
        if folder not in by_folder:
            scan.look(folder)
            plugin = Plugin(folder.name, a.source, root)
            by_folder[folder] = plugin
            plugins.append(plugin)
    for folder, plugin in by_folder.items():
        _read_folder(plugin, folder, scan)
    by_root = {p.root: p for p in plugins if p.root is not None}
    for kind, entries in (("agents", agents), ("skills", skills), ("commands", commands)):
        for e in entries:
            plugin = by_root.get(e.settings.get("plugin"))
            if plugin is not None:
                getattr(plugin, kind).append(e)
    for p in plugins:
        if p.marketplace is not None and install_name(p.name) is None:
            p.diag(
                "warning",
                "plugin-name-invalid",
                f"the plugin's name `{p.name}` holds characters an install command cannot carry "
                "safely (only letters, digits, `.`, `_` and `-`); the catalog shows no install "
                "command for it",
                "use a kebab-case name such as `my-plugin`",
                _entry_line(p.marketplace.manifest, p.entry) if p.marketplace.manifest else None,
                p.marketplace.source,
            )
    assign_slugs(plugins)
    shown = [m for _, m, _ in markets if m is not None]
    return plugins, sorted(shown + unread_marketplaces(scan), key=lambda m: m.source)


def _read_folder(plugin: Plugin, folder: Path, scan: Scan) -> None:
    """Fill a plugin with what its folder holds: its manifest, other tools' manifests, and
    the findings about paths its manifest or marketplace entry names."""
    manifest = scan.plugins.get(folder)
    market = plugin.marketplace
    entry_line = _entry_line(market.manifest, plugin.entry) if market and market.manifest else None
    if manifest is not None:
        plugin.source = manifest.source
        plugin.diagnostics.extend(manifest.diagnostics)
        if manifest.data is not None:
            plugin.has_manifest = True
            plugin.metadata = manifest.data
            own = manifest.data.get("name")
            if isinstance(own, str) and own.strip():
                if plugin.entry is not None and own != plugin.name:
                    plugin.diag(
                        "warning", "plugin-name-mismatch",
                        f"`plugin.json` names the plugin `{own}`, its marketplace entry "
                        f"`{plugin.name}`; users install it as `{plugin.name}`",
                        "use one name in both files", manifest.line_of("name"),
                    )  # fmt: skip
                elif plugin.entry is None:
                    plugin.name = own
            elif plugin.entry is None:
                plugin.diag(
                    "error", "plugin-manifest-invalid",
                    "`plugin.json` has no `name` (a string), which Claude Code requires; the "
                    f"catalog names the plugin after its folder, `{folder.name}`",
                    f'add `"name": "{slugify(folder.name) or "my-plugin"}"`',
                    1,
                )  # fmt: skip
            _check_fields(plugin, manifest)
    elif plugin.entry is not None and plugin.entry.get("strict") is not False:
        plugin.diag(
            "info", "plugin-manifest-missing",
            f"the plugin folder `{plugin.root}/` has no `.claude-plugin/plugin.json`; Claude Code "
            "finds its components in the default folders, and its name, version and "
            "description come from the marketplace entry only",
            f"add `{plugin.root}/.claude-plugin/plugin.json` with at least a `name`, or mark "
            'the entry `"strict": false` to say the marketplace entry is the whole manifest',
            entry_line, plugin.marketplace.source if plugin.marketplace else None,
        )  # fmt: skip
    hosts = []
    for name in scan.other_hosts.get(folder, []):
        try:
            files = sorted(os.listdir(folder / name))[:20]
        except OSError:
            files = []
        hosts.append((name, OTHER_HOSTS.get(name, name.strip(".").removesuffix("-plugin")), files))
    plugin.other_hosts = hosts
    market_file = plugin.marketplace.source if plugin.marketplace else None
    for key in COMPONENT_KEYS:
        for value, src, line in (
            ((plugin.entry or {}).get(key), market_file, entry_line),
            (plugin.metadata.get(key), plugin.source, manifest.line_of(key) if manifest else None),
        ):
            if value is None:
                continue
            plugin.components.setdefault(key, value)
            _check_paths(plugin, folder, key, value, src, line)


def _check_paths(plugin: Plugin, folder: Path, key: str, value: Any, source: str | None,
                 line: int | None) -> None:  # fmt: skip
    """`plugin-path-missing`: a component path (a string or a list of them) that names no
    file or folder in the plugin, or leaves it. Inline configurations (objects) are data."""
    paths = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for p in paths:
        if not isinstance(p, str):
            continue
        target = Path(os.path.normpath(folder / p))
        if not _inside(target, folder):
            plugin.diag(
                "warning", "plugin-path-missing",
                f"`{key}` names `{p}`, which leaves the plugin's folder; Claude Code reads "
                "plugin paths inside the plugin only",
                f"use a path inside the plugin that starts with `./`, such as `./{key}/`",
                line, source,
            )  # fmt: skip
        elif not (target.exists() or target.is_symlink()):
            plugin.diag(
                "warning", "plugin-path-missing",
                f"`{key}` names `{p}`, which does not exist in `{plugin.root}/`; Claude Code "
                "loads nothing from it",
                f"correct the path, or add `{p}` to the plugin",
                line, source,
            )  # fmt: skip


def _check_fields(plugin: Plugin, manifest: Manifest) -> None:
    """Fields of the wrong type, and links that may not be links."""
    data = manifest.data or {}
    for key in ("version", "description", "license", "category"):
        if key in data and not isinstance(data[key], str):
            plugin.diag(
                "warning", "plugin-field-shape",
                f"`{key}` is a JSON {type(data[key]).__name__}, not a string; the catalog "
                "does not show it",
                f'write `"{key}"` as a string', manifest.line_of(key),
            )  # fmt: skip
    if "keywords" in data and not (
        isinstance(data["keywords"], list) and all(isinstance(k, str) for k in data["keywords"])
    ):
        plugin.diag(
            "warning", "plugin-field-shape",
            "`keywords` is not a list of strings", 'write `"keywords": ["a", "b"]`',
            manifest.line_of("keywords"),
        )  # fmt: skip
    for key in ("homepage", "repository"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("url")
        if value is not None and web_url(value) is None:
            plugin.diag(
                "warning", "plugin-url-unsafe",
                f"`{key}` is not an `http(s)` address; the catalog shows it as text, not as a "
                "link",
                f"give `{key}` an `https://` address", manifest.line_of(key),
            )  # fmt: skip


def _marketplace(root: Path, manifest: Manifest, base: Path) -> Marketplace | None:
    """The marketplace of a manifest (None when it could not be read), with its findings."""
    data = manifest.data
    rel_root = _relative(root, base) or "."
    if data is None:
        return None
    name = data.get("name")
    market = Marketplace(
        name if isinstance(name, str) else "", manifest.source, rel_root, data,
        diagnostics=list(manifest.diagnostics), manifest=manifest,
    )  # fmt: skip
    market.installable = install_name(market.name) is not None
    if not market.name:
        market.diagnostics.append(Diagnostic(
            "error", "marketplace-invalid",
            "`marketplace.json` has no `name` (a string), which Claude Code requires; "
            "its plugins cannot be installed by name",
            'add `"name": "my-marketplace"` (lowercase letters, digits and hyphens)',
            1, manifest.source,
        ))  # fmt: skip
    elif not market.installable:
        market.diagnostics.append(Diagnostic(
            "warning", "plugin-name-invalid",
            f"the marketplace's name `{market.name}` holds characters an install command "
            "cannot carry safely (only letters, digits, `.`, `_` and `-`); the catalog shows "
            "no install command for its plugins",
            "use a kebab-case name such as `my-marketplace`", manifest.line_of("name"),
            manifest.source,
        ))  # fmt: skip
    if not isinstance(data.get("plugins"), list):
        market.diagnostics.append(Diagnostic(
            "error", "marketplace-invalid",
            "`marketplace.json` has no `plugins` list; Claude Code lists no plugin from it",
            'add `"plugins": [{"name": ..., "source": "./plugins/..."}]`',
            manifest.line_of("plugins") or 1, manifest.source,
        ))  # fmt: skip
    for key in ("repository", "homepage"):
        for holder in (
            data,
            data.get("metadata") if isinstance(data.get("metadata"), dict) else {},
        ):
            repo = github_repo(holder.get(key))
            if repo and not market.repository:
                market.repository = repo
    return market


def unread_marketplaces(scan: Scan) -> list[Marketplace]:
    """Marketplaces whose manifest could not be read: kept for their findings."""
    return [
        Marketplace("", m.source, _relative(root, scan.base), {}, diagnostics=list(m.diagnostics))
        for root, m in sorted(scan.marketplaces.items(), key=lambda kv: kv[1].source)
        if m.data is None
    ]


def _entry_line(manifest: Manifest, entry: dict[str, Any] | None, nth: int = 0) -> int | None:
    """The line of an entry's `"name": "<name>"` in its marketplace file (the `nth` + 1st
    entry of that name)."""
    if not entry or not isinstance(entry.get("name"), str):
        return None
    for ascii_only in (True, False):
        rx = r'"name"\s*:\s*' + re.escape(json.dumps(entry["name"], ensure_ascii=ascii_only))
        hits = list(re.finditer(rx, manifest.text))
        if len(hits) > nth:
            return manifest.text.count("\n", 0, hits[nth].start()) + 1
    return None


def _key_line(manifest: Manifest, key: str, after_line: int | None) -> int | None:
    """The line of `key` in the entry that starts at `after_line`."""
    if after_line is None:
        return None
    offset = sum(len(ln) + 1 for ln in manifest.text.split("\n")[: after_line - 1])
    line = manifest.line_of(key, offset)
    return line if line is not None and line - after_line < 40 else after_line


def _remote_text(source: Any) -> str:
    if isinstance(source, dict):
        kind = source.get("source")
        where = source.get("repo") or source.get("url") or source.get("package") or ""
        return " ".join(str(x) for x in (kind, where) if x)[:200] or "a remote source"
    return str(source)[:200]


def assign_slugs(plugins: list[Plugin]) -> None:
    """`plugins/<slug>/` for each plugin, by the agents' rule (`catalog/slugs.py`): a name alone
    with its slug gets it plain, plugins sharing one each get it plus 8 hex digits of the hash
    of their own identity (folder, or marketplace file and name), so no manifest can take
    another plugin's address. The facet label is the name, or `name@marketplace` when shared."""
    groups: dict[str, list[Plugin]] = defaultdict(list)
    for p in plugins:
        base = slugify(p.name) or "plugin"
        if base in RESERVED or HASHED.search(base):
            base = f"{base[: MAX_LEN - 7].rstrip('-')}-plugin"
        groups[base].append(p)
    seen: set[str] = set()
    for base, members in sorted(groups.items()):
        for p in sorted(members, key=_identity):
            if len(members) == 1:
                slug = base
            else:
                slug = f"{base[: MAX_LEN - 9].rstrip('-')}-{path_hash(_identity(p))}"
            n = 2
            while slug in seen:
                slug = f"{slug[: MAX_LEN - 3]}-{n}"
                n += 1
            seen.add(slug)
            p.slug = slug
    names: dict[str, int] = defaultdict(int)
    for p in plugins:
        names[p.name] += 1
    for p in plugins:
        label = p.name
        if names[p.name] > 1:
            label = f"{p.name}@{p.marketplace.name}" if p.marketplace else f"{p.name} ({p.root})"
        p.label = " ".join(label.split()) or p.slug


def _identity(p: Plugin) -> str:
    return p.root if p.root is not None else f"{p.source}#{p.name}"


def plugin_of(plugins: list[Plugin]) -> dict[str, Plugin]:
    """Plugin folder (source path) -> plugin, for the members' pages."""
    return {p.root: p for p in plugins if p.root is not None}
