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
switched, a folder restored from an archive) or moved aside and replaced is a folder the
observer no longer sees, and an observer thread that died sees nothing at all; both would
leave the preview silently stale. A keeper thread therefore looks, once a second, at what the
observer cannot tell it (one `stat` per source folder): a folder replaced is watched again
and a rebuild asked for, and a dead observer hands every source to MkDocs' polling watch.
Both are logged.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable
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


class SourceWatch:
    """The native observer of one `mkdocs serve` process, if it runs."""

    def __init__(self) -> None:
        self.observer: Any = None
        self.native: list[str] = []
        """Paths watched natively."""
        self._server: Any = None
        self._handler: _RebuildRequest | None = None
        self._watches: dict[str, Any] = {}
        """Folder -> the observer's watch of it."""
        self._identity: dict[str, tuple[int, int] | None] = {}
        """Folder -> (device, inode) of the folder the observer watches."""
        self._gone: set[str] = set()
        """Folders the observer reported deleted (a new one may get the same inode)."""
        self._keeper: threading.Thread | None = None
        self._stopping = threading.Event()

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
        paths = list(dict.fromkeys(str(Path(p).resolve()) for p in paths))
        watched = [Path(w).resolve() for w in watched]
        inside = [p for p in paths if any(Path(p).is_relative_to(w) for w in watched)]
        if inside:
            log.info(
                ", ".join(f"'{_shown(p)}'" for p in inside)
                + " is inside a folder MkDocs watches already, and is left to MkDocs' watch"
            )
            paths = [p for p in paths if p not in inside]
        folders = [p for p in paths if Path(p).is_dir()]
        if folders and not polling:
            self._watch_natively(server, folders)
        for path in paths:
            if path not in self.native:
                server.watch(path, recursive=True)

    def _watch_natively(self, server: Any, folders: list[str]) -> None:
        """Observe `folders` natively; where that cannot be done (logged), observe none of
        them, so that all are polled."""
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

    def _observe(self, server: Any, folders: list[str]) -> None:
        self._server = server
        self._handler = _RebuildRequest(server, roots=self._watches, gone=self._gone)
        self.observer = _observer()
        self.observer.daemon = True
        for folder in folders:
            self._schedule(folder)
        self.observer.start()
        self.native = folders
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

    def _schedule(self, folder: str) -> None:
        self._identity[folder] = _identity(folder)
        try:
            self._watches[folder] = self.observer.schedule(
                self._handler, folder, recursive=True, event_filter=list(_REBUILD_ON)
            )
        except TypeError:  # a watchdog without `event_filter`: the handler filters
            self._watches[folder] = self.observer.schedule(self._handler, folder, recursive=True)

    def _keep(self) -> None:
        while not self._stopping.wait(KEEPER_INTERVAL):
            try:
                if not self.check():
                    return
            except Exception as exc:  # never let the keeper die silently either
                log.warning(f"the watch of the sources could not be checked ({exc!r})")

    def check(self) -> bool:
        """One look at what the observer cannot report itself; whether to go on looking.

        A dead observer: its folders go to MkDocs' polling watch. A source folder that is
        another folder than the one watched (made again, or replaced): it is watched again,
        and a rebuild asked for, since files may have come back while it was not watched."""
        observer, server = self.observer, self._server
        if observer is None or server is None:
            return False
        if not observer.is_alive():
            folders, self.native = self.native, []
            self.observer = None
            log.warning(
                "the file-system watch of the sources stopped; "
                + ", ".join(f"'{_shown(f)}'" for f in folders)
                + " are polled from now on, as `watch: polling` does"
            )
            for folder in folders:
                server.watch(folder, recursive=True)
            _ask_rebuild(server)
            return False
        for folder in self.native:
            now = _identity(folder)
            if now is None:
                continue  # gone: its deletion asked for a rebuild already
            if folder not in self._gone and now == self._identity.get(folder):
                continue
            self._gone.discard(folder)
            try:
                observer.unschedule(self._watches.pop(folder))
            except (KeyError, ValueError):
                pass
            self._schedule(folder)
            log.info(f"'{_shown(folder)}' was replaced by a new folder: watching it again")
            _ask_rebuild(server)
        return True

    def stop(self) -> None:
        self._stopping.set()
        keeper, self._keeper = self._keeper, None
        if keeper is not None and keeper is not threading.current_thread():
            keeper.join(timeout=5)
        observer, self.observer = self.observer, None
        self.native = []
        self._watches.clear()
        self._identity.clear()
        self._gone.clear()
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

    def __init__(self, server: Any, roots: dict[str, Any], gone: set[str]) -> None:
        self.server = server
        self.roots = roots
        self.gone = gone
        """Where a watched folder's own deletion is noted, for the keeper."""

    def on_any_event(self, event: Any) -> None:
        if not isinstance(event, _REBUILD_ON):
            return
        log.debug(str(event))
        if isinstance(event, events.DirDeletedEvent):
            path = os.fsdecode(event.src_path)
            if path in self.roots:
                self.gone.add(path)
        _ask_rebuild(self.server)
