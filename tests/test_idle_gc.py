"""Under `mkdocs serve` the cyclic collector is kept out of rebuilds (`idle_gc.py`): what a build
leaves alive is frozen, and cyclic garbage among it is still collected, once the server is
idle or when builds follow each other without a pause, so memory stays bounded."""

from __future__ import annotations

import gc
import time
import weakref

from agent_catalog import idle_gc


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def _frozen_garbage() -> weakref.ref:
    node = _Node()
    ref = weakref.ref(node)
    return ref


def test_frozen_cycles_are_collected_when_the_server_is_idle(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE", 0.05)
    collector = idle_gc.IdleCollector()
    try:
        collector.build_starts()
        ref = _frozen_garbage()  # made by the build, garbage by its end
        collector.build_ends()
        assert gc.get_freeze_count() > 0 and ref() is not None
        gc.collect()  # a collection during the next rebuild does not scan frozen objects
        assert ref() is not None
        deadline = time.monotonic() + 10
        while collector.collections == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        with collector.lock:  # the collection has finished
            assert ref() is None and collector.collections == 1
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


def test_builds_without_a_pause_collect_at_the_fifth(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE", 3600)
    collector = idle_gc.IdleCollector()
    try:
        refs = []
        for n in range(idle_gc.MAX_SKIPPED):
            collector.build_starts()
            if n == idle_gc.MAX_SKIPPED - 1:
                break
            refs.append(_frozen_garbage())
            collector.build_ends()
            assert refs[-1]() is not None
        assert collector.collections == 1 and all(r() is None for r in refs)
        collector.build_ends()
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


def test_the_collector_is_off_during_rebuilds_only():
    assert gc.isenabled()
    collector = idle_gc.IdleCollector()
    try:
        collector.build_starts()  # the first build converts every page: the collector runs
        assert gc.isenabled()
        collector.build_ends()
        for _ in range(2):
            collector.build_starts()
            assert not gc.isenabled()
            collector.build_ends()
            assert gc.isenabled()
        collector.build_starts()
        collector.stop()  # the server stops mid-build: the collector runs again
        assert gc.isenabled()
    finally:
        collector.stop()
        gc.enable()
    assert gc.get_freeze_count() == 0
