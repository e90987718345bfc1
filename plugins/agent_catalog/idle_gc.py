"""Under `mkdocs serve`, Python's cyclic garbage collector kept out of the rebuilds.

The server process keeps millions of objects from build to build (the core's caches, MkDocs'
files and pages). A rebuild makes new ones, and when enough of them survive, the collector
scans every object the process holds: a pause of a third of a second at 1,000 agents and
of one to two seconds at 5,000, at some point of most rebuilds after an edit. So at the end of
each build everything then alive is frozen (`gc.freeze`: the collector no longer scans it,
while reference counting still frees it), and the next rebuild's collections scan only what
that rebuild made. What became cyclic garbage among the frozen objects (the previous build's
MkDocs pages and navigation, which refer to each other) is collected once the server has
been idle for `IDLE` seconds after a build: unfrozen, collected, the survivors frozen again.
If the server is never idle that long (saves in quick succession), the collection happens
at the start of the `MAX_SKIPPED`-th build instead, so memory stays bounded.

During a rebuild (every build after the first) the collector does not run at all: a rebuild
converts the few pages that changed, so the cyclic garbage it leaves is small; it is frozen at
the rebuild's end and collected with the rest, and the young collections it would have run
are time the user waits for after a save. The first build converts every page, and its
garbage would add up: there the collector runs as usual.
"""

from __future__ import annotations

import gc
import threading
import time

IDLE = 2.0
"""Seconds without a build after which the frozen objects are collected."""
MAX_SKIPPED = 5
"""Builds after which the collection is no longer put off."""


class IdleCollector:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.building = False
        self.ended = 0.0
        self.builds = 0
        """Builds since the last collection of the frozen objects."""
        self.timer: threading.Timer | None = None
        self.collections = 0
        self.started_once = False
        """Whether the first build has started: later ones are rebuilds."""
        self.paused = False
        """Whether this collector turned the cyclic collector off for the current rebuild."""

    def build_starts(self) -> None:
        with self.lock:
            self.building = True
            self.builds += 1
            if self.builds >= MAX_SKIPPED:
                self._collect()
            if self.started_once and gc.isenabled():
                gc.disable()
                self.paused = True
            self.started_once = True

    def build_ends(self) -> None:
        """Everything alive is frozen; the collection waits for the server to be idle."""
        with self.lock:
            self.building = False
            self.ended = time.monotonic()
            self._resume()
            gc.freeze()
            if self.timer is None:
                self._schedule(IDLE)

    def _schedule(self, delay: float) -> None:
        self.timer = threading.Timer(delay, self._when_idle)
        self.timer.daemon = True
        self.timer.start()

    def _when_idle(self) -> None:
        with self.lock:
            self.timer = None
            if self.building or self.builds == 0:
                return  # the build's end schedules again
            wait = self.ended + IDLE - time.monotonic()
            if wait > 0:  # another build ended since this was scheduled
                self._schedule(wait)
                return
            self._collect()

    def _collect(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.builds = 0
        self.collections += 1

    def _resume(self) -> None:
        if self.paused:
            gc.enable()
            self.paused = False

    def stop(self) -> None:
        """The server stops: nothing stays frozen, and the collector runs."""
        with self.lock:
            self._resume()
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            gc.unfreeze()
