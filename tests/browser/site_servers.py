"""Servers the publishing tests need: a built site over HTTP, and a live `mkdocs serve`.

Both bind a free loopback port and always stop what they started, even when a test fails, so a
red test never leaves a server behind to poison the next run.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it, so parallel runs never clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def normalise_prefix(prefix: str) -> str:
    """`myrepo`, `/myrepo`, `/myrepo/` -> `/myrepo/`; empty -> `/`."""
    stripped = prefix.strip("/")
    return f"/{stripped}/" if stripped else "/"


@dataclass
class StaticSite:
    """A built site folder served like GitHub Pages serves it, optionally under a subpath.

    `prefix="/myrepo/"` emulates project pages (`https://<user>.github.io/<repo>/`): only URLs
    under the prefix exist, so a link that assumes the site root is `/` gets a 404 here exactly
    as it would on Pages, and like Pages, a missing address is answered with the site's
    `404.html` when it has one. Every request's status is recorded so tests can assert that nothing
    the pages asked for was missing.
    """

    root: Path
    prefix: str = "/"
    port: int = 0
    requests: list[tuple[str, int]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def missing(self) -> list[str]:
        """Paths the site (or a browser reading it) requested that answered 4xx/5xx."""
        return [path for path, status in self.requests if status >= 400]


def _handler_for(site: StaticSite) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def _inside(self) -> str | None:
            """The request path relative to the prefix, or None if it lies outside it."""
            clean = self.path.split("?", 1)[0].split("#", 1)[0]
            if clean == site.prefix.rstrip("/"):
                clean += "/"
            return "/" + clean[len(site.prefix) :] if clean.startswith(site.prefix) else None

        def send_head(self):
            if self._inside() is None:
                # Outside the subpath nothing exists, as on project pages.
                self.send_error(http.HTTPStatus.NOT_FOUND)
                return None
            return super().send_head()

        def translate_path(self, path: str) -> str:
            return super().translate_path(self._inside() or "/")

        def send_error(self, code: int, message: str | None = None, explain=None) -> None:
            custom = site.root / "404.html"
            if code != http.HTTPStatus.NOT_FOUND or not custom.is_file():
                return super().send_error(code, message, explain)
            # Like GitHub Pages: any missing address gets the site's own 404 page.
            body = custom.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            status = code.value if isinstance(code, http.HTTPStatus) else int(str(code))
            site.requests.append((self.path, status))

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output clean; statuses are kept in site.requests

    return Handler


@contextlib.contextmanager
def serve_site(root: Path, prefix: str = "/") -> Iterator[StaticSite]:
    """Serve `root` at `http://127.0.0.1:<free port><prefix>` in a thread; stop it on exit."""
    site = StaticSite(Path(root), normalise_prefix(prefix))
    handler = functools.partial(_handler_for(site), directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name=f"site:{site.port}", daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def mkdocs_env() -> dict[str, str]:
    """The environment a subprocess `mkdocs` needs to import this checkout's plugin."""
    env = dict(os.environ)
    plugins = str(REPO / "plugins")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (plugins, env.get("PYTHONPATH", "")) if p)
    return env


def fetch(url: str, timeout: float = 120.0) -> tuple[int, str]:
    """GET `url`; (status, body text). HTTP errors are returned, not raised. `mkdocs serve`
    holds a request until the build under way is done, which on a loaded machine can take
    longer than a few seconds: the timeout is generous."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


@dataclass
class MkdocsServe:
    """A running `mkdocs serve` child process and where it answers."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text("utf-8", "replace")

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "a change") -> float:
        """Poll `predicate()` until it is truthy; return the seconds it took.

        On timeout, or if the server dies, raise AssertionError carrying the server's log,
        because a serve test that fails without the server's own words is hard to act on.
        """
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve exited while waiting for {what}:\n{self.log()}")
            if predicate():
                return time.monotonic() - start
            time.sleep(0.25)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}:\n{self.log()}")


@contextlib.contextmanager
def mkdocs_serve(
    project: Path,
    log_dir: Path,
    extra_args: tuple[str, ...] = (),
    timeout: float = 90.0,
    env: dict[str, str] | None = None,
) -> Iterator[MkdocsServe]:
    """Run `mkdocs serve -a 127.0.0.1:<free port>` in `project` until the block ends.

    Waits until the server answers HTTP (the first build is done by then), and always ends the
    child, first politely, then by force, whatever happened inside the block. `env`: variables
    added to the child's environment (`TMPDIR` chooses where `serve` puts its site folder).
    """
    port = free_port()
    log_path = Path(log_dir) / f"mkdocs-serve-{port}.log"
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "--config-file",
        str(Path(project) / "mkdocs.yml"),
        *extra_args,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            cmd,
            cwd=project,
            env={**mkdocs_env(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = MkdocsServe(process, f"http://127.0.0.1:{port}/", log_path)
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(server.url, timeout=2) as resp:
                    # `serve` mounts the site at site_url's path and redirects `/` there.
                    server.url = resp.geturl()
                    return True
            except OSError:
                return False

        server.wait_for(answers, timeout=timeout, what="mkdocs serve to answer")
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
