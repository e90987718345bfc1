"""How `mkdocs serve` sees the agent sources change (`source_watch.py`): through the operating
system's file events by default, so MkDocs' polling no longer lists the sources twice a second;
through MkDocs' polling with `watch: polling`. Either way an edit, a folder moved in and a
deletion reach the served pages, and the builds' own reading of every source asks for no
rebuild."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from agent_catalog import source_watch
from agent_catalog.source_watch import SourceWatch
from conftest import make_project
from mkdocs.livereload import LiveReloadServer

from .site_servers import mkdocs_serve
from .test_dirty_serve import START, WITHIN, agent_file, catalog, page, save


def _agents(n: int = 6) -> dict[str, str]:
    return {f"helper-{i:02d}.md": agent_file(i) for i in range(n)}


def _polled_line(log: str) -> str:
    """MkDocs' own line naming the paths it polls."""
    (line,) = [x for x in log.splitlines() if "Watching paths for changes" in x]
    return line


def _builds(log: str) -> int:
    return log.count("Documentation built in")


def _changes_reach_the_pages(server, project: Path) -> None:
    folder = project / "agents"
    agents = catalog(server)
    edited = agents["agents/helper-03.md"]
    save(folder / "helper-03.md", agent_file(3, "Edited while serving: hoatzin.\n"))
    server.wait_for(lambda: "hoatzin" in page(server, edited["url"])[1], WITHIN, "the edit")

    # A folder of agents moved in from outside the sources (one event, for the folder).
    outside = project / "elsewhere"
    outside.mkdir()
    (outside / "moved-in.md").write_text(agent_file(30, "Tends the axolotl tanks.\n"), "utf-8")
    shutil.move(str(outside), str(folder / "team"))
    server.wait_for(
        lambda: "agents/team/moved-in.md" in catalog(server), WITHIN, "the moved-in folder"
    )
    moved = catalog(server)["agents/team/moved-in.md"]
    assert "axolotl" in page(server, moved["url"])[1]

    (folder / "helper-01.md").unlink()
    gone = agents["agents/helper-01.md"]["url"]
    server.wait_for(lambda: page(server, gone)[0] == 404, WITHIN, "the deleted agent's page")

    # Idle now: the last build read every source, and that asked for no other build.
    server.wait_for(lambda: "Reloading browsers" in server.log().rsplit("Detected", 1)[-1], WITHIN)
    settled = _builds(server.log())
    time.sleep(3)
    assert _builds(server.log()) == settled, "reading the sources started another build"
    assert "Traceback" not in server.log()


def test_serve_watches_the_sources_through_file_events(tmp_path):
    project = make_project(tmp_path / "project", _agents())
    with mkdocs_serve(project, tmp_path, ("--dirty",), timeout=START) as server:
        log = server.log()
        assert "watching 'agents' for changes through file-system events" in log
        assert "'agents'" not in _polled_line(log), "MkDocs no longer polls the sources"
        _changes_reach_the_pages(server, project)


def test_a_source_folder_made_again_while_serving_reaches_the_pages(tmp_path):
    """`rm -rf agents` then the folder restored with other files (as a branch switch does):
    the new folder is watched, its agents reach the pages, and so does a later edit."""
    project = make_project(tmp_path / "project", _agents(3))
    folder = project / "agents"
    with mkdocs_serve(project, tmp_path, ("--dirty",), timeout=START) as server:
        shutil.rmtree(folder)
        server.wait_for(lambda: not catalog(server), WITHIN, "the folder's deletion")
        folder.mkdir()
        (folder / "back.md").write_text(agent_file(40, "Counts the quokkas.\n"), "utf-8")
        server.wait_for(lambda: "agents/back.md" in catalog(server), WITHIN, "the new folder")
        url = catalog(server)["agents/back.md"]["url"]
        assert "quokkas" in page(server, url)[1]
        save(folder / "back.md", agent_file(40, "Counts the wombats.\n"))
        server.wait_for(lambda: "wombats" in page(server, url)[1], WITHIN, "an edit in it")
        assert "watching it again" in server.log() and "Traceback" not in server.log()


def test_watch_polling_hands_the_sources_to_mkdocs(tmp_path):
    project = make_project(tmp_path / "project", _agents(), "sources: [agents]\nwatch: polling")
    with mkdocs_serve(project, tmp_path, ("--dirty",), timeout=START) as server:
        log = server.log()
        assert "through file-system events" not in log
        assert "'agents'" in _polled_line(log)
        _changes_reach_the_pages(server, project)


@pytest.fixture
def live_server(tmp_path):
    """MkDocs' own live-reload server, not serving: what `on_serve` is handed."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    yield server
    server.server_close()


def _asked(server, timeout: float = 5.0) -> bool:
    """Whether the server's build loop has been asked for a rebuild within `timeout`."""
    with server._rebuild_cond:
        return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=timeout)


def _until(condition, timeout: float = 5.0) -> None:
    """Wait until `condition()` holds or `timeout` passes (the assertions after it decide)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _reset(server) -> None:
    with server._rebuild_cond:
        server._want_rebuild = False


def test_a_save_asks_for_a_rebuild_and_reading_does_not(tmp_path, live_server):
    folder = tmp_path / "agents"
    (folder / "deep").mkdir(parents=True)
    agent = folder / "deep" / "a.md"
    agent.write_text(agent_file(1), "utf-8")
    single = tmp_path / "single.md"
    single.write_text(agent_file(2), "utf-8")
    watch = SourceWatch()
    try:
        watch.start(live_server, [folder, single])
        assert watch.native == [str(folder)]
        assert list(live_server._watched_paths) == [str(single)], "a single file is polled"
        time.sleep(0.2)
        _reset(live_server)

        agent.read_text("utf-8")  # what every build does to every source
        with open(agent, "rb") as fh:
            fh.read()
        assert not _asked(live_server, 1.0)

        save(agent, agent_file(1, "Changed.\n"))
        assert _asked(live_server)
        time.sleep(0.2)
        _reset(live_server)
        (folder / "deep" / "b.md").write_text(agent_file(3), "utf-8")
        assert _asked(live_server), "a file added in a subfolder"
    finally:
        watch.stop()
    assert watch.observer is None


def test_polling_when_the_native_watch_cannot_start(tmp_path, live_server, monkeypatch, caplog):
    """inotify refuses more watches than the system allows: the sources are polled instead,
    and the log says why."""
    folder = tmp_path / "agents"
    folder.mkdir()

    class Refusing(source_watch.Observer):
        def start(self):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(source_watch, "Observer", Refusing)
    watch = SourceWatch()
    watch.start(live_server, [folder])
    assert watch.observer is None and watch.native == []
    assert list(live_server._watched_paths) == [str(folder)]
    assert "inotify watch limit reached" in caplog.text and "polled instead" in caplog.text


def test_polling_when_the_server_takes_no_requests(tmp_path):
    """A live-reload server without the flag MkDocs' build loop waits on (another MkDocs)."""
    folder = tmp_path / "agents"
    folder.mkdir()
    watched = []

    class OtherServer:
        def watch(self, path, recursive=True):
            watched.append(path)

    watch = SourceWatch()
    watch.start(OtherServer(), [folder])
    assert watched == [str(folder)] and watch.observer is None


def test_a_linked_source_folder_is_watched_at_its_target(tmp_path, live_server):
    """`sources: [agents]` (or `custom_templates`) where `agents` is a symbolic link to a
    shared folder: a save at the folder's top level reaches the watch."""
    shared = tmp_path / "shared" / "agents"
    shared.mkdir(parents=True)
    agent = shared / "a.md"
    agent.write_text(agent_file(1), "utf-8")
    link = tmp_path / "agents"
    link.symlink_to(shared, target_is_directory=True)
    watch = SourceWatch()
    try:
        watch.start(live_server, [link])
        assert watch.native == [str(shared)]
        time.sleep(0.2)
        _reset(live_server)
        save(link / "a.md", agent_file(1, "Changed.\n"))
        assert _asked(live_server)
    finally:
        watch.stop()


def test_a_source_inside_the_docs_folder_is_left_to_mkdocs(tmp_path, live_server, caplog):
    """MkDocs polls the docs folder anyway: a second, native watch of a source inside it would
    only repeat the rebuild requests."""
    caplog.set_level(logging.INFO)
    docs = tmp_path / "docs"
    inside, outside = docs / "agents", tmp_path / "agents"
    inside.mkdir(parents=True)
    outside.mkdir()
    watch = SourceWatch()
    try:
        watch.start(live_server, [inside, outside], watched=[docs])
        assert watch.native == [str(outside)]
        assert list(live_server._watched_paths) == [], "nor polled twice"
        assert "inside a folder MkDocs watches already" in caplog.text
    finally:
        watch.stop()


def test_on_windows_a_read_reported_as_access_is_not_watched(monkeypatch):
    """ReadDirectoryChangesW with watchdog's default mask reports last-access updates, which
    NTFS can make for a read: the observer is made without them (Windows itself is not
    available here; this checks the mask the observer is given)."""
    made = {}

    class Recording:
        def __init__(self, **options):
            made.update(options)

    monkeypatch.setattr(source_watch.sys, "platform", "win32")
    monkeypatch.setattr(source_watch, "Observer", Recording)
    source_watch._observer()
    mask = made["notify_filter"]
    assert not mask & 0x20  # FILE_NOTIFY_CHANGE_LAST_ACCESS
    assert mask & 0x10 and mask & 0x1 and mask & 0x2  # last write, file and folder names


def test_the_plugin_watches_its_sources_and_custom_templates(tmp_path, live_server):
    """What the plugin's own `on_serve` hands the watch: the sources and `custom_templates`,
    as resolved folders, natively; a template saved there asks for a rebuild."""
    from mkdocs.config import load_config

    project = make_project(
        tmp_path / "p",
        _agents(2),
        plugin_config="sources: [agents]\ncustom_templates: overrides",
    )
    (project / "overrides").mkdir()
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    config.plugins.on_serve(live_server, config=config, builder=lambda: None)
    plugin = config.plugins["agent-catalog"]
    try:
        assert plugin.watching.native == [str(project / "agents"), str(project / "overrides")]
        assert list(live_server._watched_paths) == [], "nothing of ours is polled"
        time.sleep(0.2)
        _reset(live_server)
        save(project / "overrides" / "agent.md.j2", "# {{ agent.name|text }}\n")
        assert _asked(live_server)
    finally:
        config.plugins.on_shutdown()
    assert plugin.watching.observer is None


@pytest.fixture
def quick_keeper(monkeypatch):
    monkeypatch.setattr(source_watch, "KEEPER_INTERVAL", 0.1)


@pytest.fixture
def watched_folder(tmp_path, live_server, quick_keeper):
    """An `agents` folder watched natively, its keeper looking ten times a second."""
    folder = tmp_path / "agents"
    folder.mkdir()
    watch = SourceWatch()
    watch.start(live_server, [folder])
    yield folder, watch
    watch.stop()


@pytest.mark.parametrize("how", ["deleted and made again", "moved aside and replaced"])
def test_a_source_folder_replaced_is_watched_again(
    tmp_path, live_server, quick_keeper, how, caplog
):
    """A native watch follows the folder it was given, not its path: once that folder is gone
    (a branch switched, a folder restored), the new folder at the same path is watched again,
    a rebuild is asked for, and later saves in it still ask for one."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.agent_catalog.source_watch")
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "a.md").write_text(agent_file(1), "utf-8")
    watch = SourceWatch()
    try:
        watch.start(live_server, [folder])
        time.sleep(0.2)
        _reset(live_server)
        if how == "deleted and made again":
            shutil.rmtree(folder)
            assert _asked(live_server), "a deletion is a change"
        else:
            folder.rename(tmp_path / "agents.old")
        time.sleep(0.2)
        _reset(live_server)
        folder.mkdir()
        (folder / "b.md").write_text(agent_file(2), "utf-8")
        _until(lambda: "watching it again" in caplog.text)
        assert "'" + str(folder) + "' was replaced by a new folder: watching it again" in (
            caplog.text.replace(os.path.relpath(folder), str(folder))
        )
        assert _asked(live_server), "files came back while the folder was not watched"
        time.sleep(0.2)
        _reset(live_server)
        save(folder / "b.md", agent_file(2, "Changed.\n"))
        assert _asked(live_server), "a save in the new folder"
        assert watch.native == [str(folder)] and list(live_server._watched_paths) == []
    finally:
        watch.stop()
    assert watch.observer is None


def test_a_dead_observer_hands_the_sources_to_polling(watched_folder, live_server, caplog):
    """An observer thread that stopped (an error inside it) sees nothing: the sources are
    polled from then on, a rebuild is asked for, and the log says so."""
    folder, watch = watched_folder
    observer = watch.observer
    _reset(live_server)
    observer.stop()
    observer.join(timeout=5)
    _until(lambda: watch.observer is None)
    assert watch.observer is None and watch.native == []
    assert list(live_server._watched_paths) == [str(folder)]
    assert _asked(live_server)
    assert "stopped" in caplog.text and "is polled from now on" in caplog.text
    assert not [e for e in observer.emitters if e.is_alive()], "its emitters stopped too"


def test_a_folder_that_cannot_be_watched_again_is_polled(watched_folder, live_server, caplog):
    """The folder restored holds more folders than the system lets inotify watch: it is
    polled from then on, not left watched by nothing."""
    folder, watch = watched_folder

    def refuse(*args, **kwargs):
        raise OSError(28, "inotify watch limit reached")

    watch.observer.schedule = refuse
    shutil.rmtree(folder)
    folder.mkdir()
    _until(lambda: not watch.native)
    assert watch.native == [] and list(live_server._watched_paths) == [str(folder)]
    assert "inotify watch limit reached" in caplog.text
    assert "is polled from now on" in caplog.text


@pytest.mark.parametrize("how", ["folder replaced by a link", "link pointed elsewhere"])
def test_a_source_behind_a_new_link_is_watched_at_the_new_target(
    tmp_path, live_server, quick_keeper, how, caplog
):
    """A source folder replaced by a symbolic link, or a configured link pointed at another
    folder: the new target is watched, files at its top level included."""
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.agent_catalog.source_watch")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    source = tmp_path / "agents"
    if how == "folder replaced by a link":
        source.mkdir()
    else:
        source.symlink_to(first, target_is_directory=True)
    watch = SourceWatch()
    try:
        watch.start(live_server, [source])
        if how == "folder replaced by a link":
            source.rmdir()
        else:
            source.unlink()
        source.symlink_to(second, target_is_directory=True)
        _until(lambda: watch.native == [str(second)])
        assert watch.native == [str(second)]
        time.sleep(0.2)
        _reset(live_server)
        save(second / "top.md", agent_file(5))
        assert _asked(live_server), "a file at the new target's top level"
        assert "watching it again" in caplog.text
    finally:
        watch.stop()
