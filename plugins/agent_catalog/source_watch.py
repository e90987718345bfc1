"""Under `mkdocs serve`, the agent sources watched through the operating system's file events.

MkDocs' live-reload server polls each folder it watches (watchdog's `PollingObserver`, every
half second): each time it lists and stats every file under the folder and compares the lot
with the last listing. Agent sources hold thousands of files, so polling them costs the
server a steady share of a CPU while it sits idle, slows every rebuild it runs beside (both
need the interpreter lock), and sees a save up to half a second late. The plugin therefore
watches its sources (and `custom_templates`) with watchdog's native observer (inotify,
FSEvents, ReadDirectoryChangesW, kqueue) and asks the server for a rebuild as MkDocs' own
watch does, through the same flag and condition its build loop waits on.

Native events do not reach every folder (some network drives, folders shared into a
container or a virtual machine): `watch: polling` hands the sources to MkDocs' polling watch
as before. So does a native watch that cannot start (the system's limit on watched folders,
a server without the flag this module sets), and so does a source that is a single file,
which editors replace on save (cheap to poll). Each case is logged. A source inside a folder
MkDocs watches already (the docs folder, `watch:` in mkdocs.yml) is left to MkDocs.

A native watch follows a folder, not a path: a source folder deleted and made again (a branch
switched, a folder restored from an archive), moved aside and replaced, or a link pointed
elsewhere is a folder the observer no longer sees, and an observer thread that died sees
nothing at all; each would leave the preview silently stale. A keeper thread therefore looks,
once a second, at what the observer cannot tell it (one `stat` per source folder, and whether
each folder's emitter still runs): a folder replaced is watched again and a rebuild asked
for; one that cannot be watched again, and every source of a dead observer, go to MkDocs'
polling watch. Each is logged.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.plugins import get_plugin_logger
from watchdog import events
from watchdog.observers import Observer

log = get_plugin_logger(__name__)

_REBUILD_ON = tuple(
    getattr(events, name)
    for name in (
        "FileCreatedEvent",
        "FileDeletedEvent",
        "FileModifiedEvent",
        "FileMovedEvent",
        "FileClosedEvent",  # written and closed
        "DirCreatedEvent",
        "DirDeletedEvent",
        "DirMovedEvent",  # a folder of agents moved in or out
        "EventsLostEvent",  # the kernel's queue overflowed: anything may have changed
    )
    if hasattr(events, name)
)
"""What asks for a rebuild. Not a file merely opened or read (each build reads every source:
that would rebuild forever), nor a folder's own "modified", which every change inside it
also sends."""

_WINDOWS_NOTIFY = 0x1 | 0x2 | 0x8 | 0x10 | 0x40
"""What ReadDirectoryChangesW reports: names of files and folders, size, last write, creation;
not last access (0x20), which NTFS can report for a mere read (each build reads every
source: that would rebuild forever), which watchdog's default includes."""


KEEPER_INTERVAL = 1.0
"""Seconds between the keeper's looks at the source folders and the observer."""


@dataclass
class _Source:
    """One source folder the observer watches."""

    given: str
    """The folder as configured, made absolute but not resolved: what the keeper looks at,
    so that a symbolic link pointed elsewhere is seen."""
    target: str
    """The folder watched: `given` resolved (a watch on a link would miss its top level)."""
    watch: Any
    """The observer's watch of `target`."""
    identity: tuple[int, int] | None
    """(device, inode) of the folder at `given` when it was scheduled."""


class SourceWatch:
    """The native observer of one `mkdocs serve` process, if it runs."""

    def __init__(self) -> None:
        self.observer: Any = None
        self._sources: list[_Source] = []
        self._server: Any = None
        self._handler: _RebuildRequest | None = None
        self._keeper: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def native(self) -> list[str]:
        """Paths watched natively."""
        return [source.target for source in self._sources]

    def start(
        self,
        server: Any,
        paths: Iterable[Path],
        *,
        polling: bool = False,
        watched: Iterable[Path] = (),
    ) -> None:
        """Watch `paths` (recursively) for `server`: natively where possible, else as MkDocs
        does (`server.watch`, polling). Paths inside `watched` (what MkDocs watches already)
        are left to it. Paths are resolved: a watch on a symbolic link would see its target's
        subfolders change but not the files at its top."""
        given: dict[str, str] = {}
        for p in paths:
            given.setdefault(str(Path(p).resolve()), os.path.abspath(p))
        paths = list(given)
        watched = [Path(w).resolve() for w in watched]
        inside = [p for p in paths if any(Path(p).is_relative_to(w) for w in watched)]
        if inside:
            log.info(
                ", ".join(f"'{_shown(p)}'" for p in inside)
                + " is inside a folder MkDocs watches already, and is left to MkDocs' watch"
            )
            paths = [p for p in paths if p not in inside]
        folders = {p: given[p] for p in paths if Path(p).is_dir()}
        if folders and not polling:
            self._watch_natively(server, folders)
        for path in paths:
            if path not in self.native:
                server.watch(path, recursive=True)

    def _watch_natively(self, server: Any, folders: dict[str, str]) -> None:
        """Observe `folders` (resolved -> as given) natively; where that cannot be done
        (logged), observe none of them, so that all are polled."""
        if not _can_request(server):
            log.info(
                "this MkDocs' live-reload server takes no rebuild requests: the sources are polled"
            )
            return
        try:
            self._observe(server, folders)
        except (OSError, RuntimeError) as exc:  # inotify's limit on watches, ...
            self.stop()
            log.warning(
                f"cannot watch the sources through file-system events "
                f"({exc}); they are polled instead, as `watch: polling` does"
            )

    def _observe(self, server: Any, folders: dict[str, str]) -> None:
        self._server = server
        self._handler = _RebuildRequest(server)
        self.observer = _observer()
        self.observer.daemon = True
        for target, given in folders.items():
            self._sources.append(self._schedule(given, target))
        self.observer.start()
        log.info(
            "watching "
            + ", ".join(f"'{_shown(f)}'" for f in folders)
            + " for changes through file-system events (`watch: polling` to poll instead)"
        )
        self._stopping.clear()
        self._keeper = threading.Thread(
            target=self._keep, name="agent-catalog source watch keeper", daemon=True
        )
        self._keeper.start()

    def _schedule(self, given: str, target: str) -> _Source:
        try:
            watch = self.observer.schedule(
                self._handler, target, recursive=True, event_filter=list(_REBUILD_ON)
            )
        except TypeError:  # a watchdog without `event_filter`: the handler filters
            watch = self.observer.schedule(self._handler, target, recursive=True)
        return _Source(given, target, watch, _identity(given))

    def _keep(self) -> None:
        while not self._stopping.wait(KEEPER_INTERVAL):
            try:
                if not self.check():
                    return
            except Exception as exc:  # never let the keeper die silently either
                log.warning(f"the watch of the sources could not be checked ({exc!r})")

    def check(self) -> bool:
        """One look at what the observer cannot report itself; whether to go on looking.

        A dead observer: its folders go to MkDocs' polling watch. A source folder whose watch
        ended (the folder was deleted: a new one may even get the same inode) or that is
        another folder now (moved aside and replaced, a link pointed elsewhere): it is watched
        again, and a rebuild asked for, since files may have come back while it was not
        watched; where it cannot be watched again, it is polled."""
        observer, server = self.observer, self._server
        if observer is None or server is None:
            return False
        if not observer.is_alive():
            folders = self.native
            self._sources = []
            self.observer = None
            observer.stop()  # its emitters and the system's watches, which outlive it
            self._poll(server, folders, "the file-system watch of the sources stopped")
            return False
        alive = {emitter.watch for emitter in list(observer.emitters) if emitter.is_alive()}
        for i, source in enumerate(list(self._sources)):
            now = _identity(source.given)
            if now is None:
                continue  # gone: its deletion asked for a rebuild already
            if source.watch in alive and now == source.identity:
                continue
            try:
                observer.unschedule(source.watch)
            except (KeyError, ValueError):
                pass
            target = os.path.realpath(source.given)
            try:
                self._sources[i] = self._schedule(source.given, target)
            except (OSError, RuntimeError) as exc:
                self._sources.remove(source)
                self._poll(server, [target], f"cannot watch it again ({exc})")
                continue
            log.info(f"'{_shown(source.given)}' was replaced by a new folder: watching it again")
            _ask_rebuild(server)
        return bool(self._sources)

    def _poll(self, server: Any, folders: list[str], why: str) -> None:
        log.warning(
            f"{why}: "
            + ", ".join(f"'{_shown(f)}'" for f in folders)
            + (" is" if len(folders) == 1 else " are")
            + " polled from now on, as `watch: polling` does"
        )
        for folder in folders:
            server.watch(folder, recursive=True)
        _ask_rebuild(server)

    def stop(self) -> None:
        self._stopping.set()
        keeper, self._keeper = self._keeper, None
        if keeper is not None and keeper is not threading.current_thread():
            keeper.join(timeout=5)
        observer, self.observer = self.observer, None
        self._sources = []
        self._server = self._handler = None
        if observer is not None:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=5)


def _observer() -> Any:
    if sys.platform == "win32":
        try:
            return Observer(notify_filter=_WINDOWS_NOTIFY)
        except TypeError:  # a watchdog without `notify_filter`
            pass
    return Observer()


def _shown(path: str) -> str:
    """As MkDocs names the paths it watches: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if Path(path).is_relative_to(Path.cwd()) else path
    except ValueError:  # another drive
        return path


def _identity(folder: str) -> tuple[int, int] | None:
    """Which folder is at `folder` now: (device, inode), or None when there is none."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if os.path.isdir(folder) else None


def _ask_rebuild(server: Any) -> None:
    """What the handler of MkDocs' `LiveReloadServer.watch` does on a change: set the flag its
    build loop waits for, which then waits for the changes to settle and builds."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _can_request(server: Any) -> bool:
    return hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")


class _RebuildRequest(events.FileSystemEventHandler):
    """Asks the server for a rebuild on each change that can alter a page."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: Any) -> None:
        if not isinstance(event, _REBUILD_ON):
            return
        log.debug(str(event))
        _ask_rebuild(self.server)
