"""Benchmark harness: the results table, the system Chromium, servers on loopback.

- ``results`` collects every measure of the session; at the end the table is printed and,
  when the whole suite ran, ``RESULTS.md`` is rewritten (see :mod:`tests.benchmarks.report`).
  ``FRONTLINE_BENCH_STRICT=1`` makes a test fail when one of its measures misses its target
  (by default a miss is reported, not failed: the suite records where we stand).
  ``FRONTLINE_BENCH_NO_WRITE=1`` leaves RESULTS.md alone.
- ``serve`` starts ``frontline serve`` (gunicorn) in a subprocess on a free loopback port and
  times how long it takes to answer ``/`` with 200; ``dashboard_server`` is one such server
  (2 workers) shared by the browser benchmarks.
- ``browser`` is pytest-playwright's, launched on the system Chromium with the flags of the
  browser tests. Timed pages do not route requests through Python (that would slow every
  request); they record every URL instead and the test asserts all stayed on loopback.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.benchmarks.report import (
    RESULTS_MD,
    Results,
    machine_info,
    render_text,
    write_results_md,
)
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LOOPBACK

BENCH_DIR = Path(__file__).parent
REPO = BENCH_DIR.parent.parent
_RESULTS = pytest.StashKey[Results]()
_STATE = pytest.StashKey[dict]()


# ------------------------------------------------------------------ session bookkeeping


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RESULTS] = Results()
    config.stash[_STATE] = {
        "start": time.perf_counter(),
        "partial": False,
        "load": os.getloadavg()[0],
    }


def pytest_deselected(items) -> None:
    if items:
        items[0].config.stash[_STATE]["partial"] = True


def pytest_collection_modifyitems(config: pytest.Config, items) -> None:
    wanted = {p.name for p in BENCH_DIR.glob("test_*.py")}
    got = {Path(str(i.fspath)).name for i in items}
    if wanted - got:
        config.stash[_STATE]["partial"] = True


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    results = config.stash.get(_RESULTS, None)
    if results is None or not (results.rows or results.tables):
        return
    state = config.stash[_STATE]
    failed = terminalreporter.stats.get("failed", []) + terminalreporter.stats.get("error", [])
    for nodeid in sorted({r.nodeid for r in failed}):
        results.note(f"{nodeid} failed: its measures may be missing from the table.")
    terminalreporter.write_line(render_text(results))
    seconds = time.perf_counter() - state["start"]
    if state["partial"] or os.environ.get("FRONTLINE_BENCH_NO_WRITE"):
        terminalreporter.write_line(f"Partial run: {RESULTS_MD.name} left unchanged.")
        return
    machine = machine_info(CHROMIUM)
    machine["load"] = f"{state['load']:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    path = write_results_md(results, machine, seconds)
    terminalreporter.write_line(f"Wrote {path.relative_to(REPO)} ({seconds / 60:.1f} min).")


@pytest.fixture(scope="session")
def results(pytestconfig: pytest.Config) -> Results:
    """The session's result collector."""
    return pytestconfig.stash[_RESULTS]


@pytest.fixture(autouse=True)
def _strict_targets(results: Results) -> Iterator[None]:
    before = len(results.rows)
    yield
    if os.environ.get("FRONTLINE_BENCH_STRICT"):
        missed = [r for r in results.rows[before:] if r.missed]
        if missed:
            pytest.fail(
                "missed: "
                + "; ".join(f"{r.area} {r.measure} {r.value:.3g} {r.unit}" for r in missed)
            )


# ------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: set FRONTLINE_CHROMIUM or run 'make test'")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def watch_requests(page) -> list[str]:
    """Every URL ``page`` requests from now on (passively: nothing is slowed down)."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    return urls


def off_loopback(urls: list[str]) -> list[str]:
    """The URLs that went to a host other than loopback."""
    return [
        u
        for u in urls
        if not u.startswith(("data:", "blob:", "about:"))
        and (urlsplit(u).hostname or "") not in LOOPBACK
    ]


# ------------------------------------------------------------------ servers


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return None


class Served:
    """A server in a subprocess on a free loopback port: ``frontline serve --workers N`` unless
    ``command(port)`` gives another command line; ``env`` adds environment variables.

    ``ready_s`` is the time from spawning the process to the first 200 on ``/``; ``log()``
    what the process printed.
    """

    def __init__(
        self,
        workers: int,
        *,
        command: Callable[[int], list[str]] | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 180.0,
    ) -> None:
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        handle, name = tempfile.mkstemp(prefix="frontline-serve-", suffix=".log")
        os.close(handle)
        self._log = Path(name)
        if command is None:
            frontline = str(Path(sys.executable).with_name("frontline"))
            cmd = [frontline, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            cmd += ["--workers", str(workers)]
        else:
            cmd = command(self.port)
        t0 = time.perf_counter()
        with self._log.open("wb") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                cmd,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, **(env or {})},
            )
        while _status(self.url + "/") != 200:
            if self.proc.poll() is not None or time.perf_counter() - t0 > timeout:
                log = self.log()[-3000:]
                self.stop()
                raise RuntimeError(f"{' '.join(cmd)} did not become ready:\n{log}")
            time.sleep(0.01)
        self.ready_s = time.perf_counter() - t0

    def log(self) -> str:
        """Everything the server printed so far."""
        return self._log.read_text(errors="replace") if self._log.exists() else ""

    def stop(self) -> None:
        """Stop the server we started (SIGTERM to gunicorn's master, then SIGKILL its group)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[..., Served]]:
    """A factory of ``frontline serve`` subprocesses; all are stopped at the end."""
    started: list[Served] = []

    def _start(workers: int, env: dict[str, str] | None = None) -> Served:
        server = Served(workers, env=env)
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def dashboard_server(serve) -> Served:
    """The bundled dashboard under ``frontline serve --workers 2``."""
    return serve(2)


@pytest.fixture(scope="session")
def view():
    """``dashboard.viewdata.load_view_data(None)``: the bundled scenario's payload and geometry."""
    from dashboard.viewdata import load_view_data

    return load_view_data(None)


@pytest.fixture(scope="session")
def serve_base() -> Iterator[Served | None]:
    """The code to compare with (a checkout given by ``FRONTLINE_BENCH_BASE``, e.g. made with
    ``git archive main | tar -x -C DIR`` and ``ln -s DIR/assets DIR/dashboard/assets``) under
    ``frontline serve --workers 2`` with this environment's packages; None without it."""
    base = os.environ.get("FRONTLINE_BENCH_BASE")
    if not base:
        yield None
        return

    def command(port: int) -> list[str]:
        # The base's packages first (the server runs in this repository's folder).
        start = f"import sys; sys.path.insert(0, {base!r}); from dashboard.cli import main; main()"
        serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
        return [sys.executable, "-c", start, *serve]

    env = {"FRONTLINE_CACHE": "0"}
    server = Served(2, command=command, env=env)
    yield server
    server.stop()
