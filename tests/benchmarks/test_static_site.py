"""The static site (``frontline export site``) under a stock static server: page load and
200 readers.

The site of the bundled battle (its pages and data; the downloads, which no page load asks
for, are left out to keep the build short) is served by ``python -m http.server`` (Python's
threading file server: no compression, no caching headers, the plainest host there is).

- Page load: measured as ``test_page_load.py`` measures ``/`` (fresh browser context, from
  navigation start to the first frame with the map's paths and a day rendered; bytes
  transferred), 5 cold loads after a warm-up.
- 200 readers: the load profile of ``locustfile.py`` (the page's requests, then 5-15 s of
  reading) against the static server, as ``test_serve.py`` runs it against ``frontline
  serve``: p50, p95 and errors. Its listening socket keeps a backlog of 5 connections
  (socketserver's default): under 200 readers some connection attempts are dropped and
  retried by TCP after 1 s or 3 s, which is where its p95 comes from (p50 stays a few ms);
  a production static host or a CDN does not have that limit.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dashboard.site import export_site
from tests.benchmarks.conftest import off_loopback
from tests.benchmarks.report import Results, median
from tests.benchmarks.test_page_load import INTERACTIVE_TARGET_S, RUNS, _one_load
from tests.benchmarks.test_serve import P95_TARGET_MS, PAGE_REQUESTS, USERS, _locust

LOAD_S = 20


class StaticServer:
    def __init__(self, url: str, proc: subprocess.Popen, build_s: float) -> None:
        self.url, self.proc, self.build_s = url, proc, build_s


@pytest.fixture(scope="module")
def static_server(tmp_path_factory) -> Iterator[StaticServer]:
    root = tmp_path_factory.mktemp("static") / "site"
    t0 = time.perf_counter()
    export_site(None, root, downloads=False)
    build_s = time.perf_counter() - t0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield StaticServer(f"http://127.0.0.1:{port}", proc, build_s)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_static_page_load(results: Results, browser, static_server: StaticServer) -> None:
    url = static_server.url + "/?date=2016-12-06"
    _one_load(browser, url)  # warm-up: the file server's first reads
    runs = [_one_load(browser, url) for _ in range(RUNS)]
    for run in runs:
        assert off_loopback(run["urls"]) == []
    times = [r["interactive_s"] for r in runs]
    results.add(
        "Static site",
        "python -m http.server: navigation start to interactive map (?date=2016-12-06)",
        median(times),
        "s",
        INTERACTIVE_TARGET_S,
        f"{RUNS} cold loads: {', '.join(f'{t:.2f}' for t in times)} s; first path "
        f"{median([r['paths_s'] for r in runs]):.2f} s, day rendered "
        f"{median([r['ready_s'] for r in runs]):.2f} s; pages built in "
        f"{static_server.build_s:.0f} s (no downloads)",
    )
    results.add(
        "Static site",
        "bytes transferred (http.server does not compress; a CDN would)",
        median([r["encoded"] for r in runs]) / 1e6,
        "MB",
        None,
        f"{len(runs[0]['entries'])} responses",
    )


def test_static_readers(results: Results, static_server: StaticServer, tmp_path) -> None:
    out = _locust(static_server.url, LOAD_S, tmp_path / "static", static_server.proc.pid)
    results.add(
        "Static site",
        f"{USERS} readers, python -m http.server: p95 of all page requests",
        out["p95"],
        "ms",
        P95_TARGET_MS,
        f"p50 {out['p50']:.0f} ms, {out['requests']} requests in {LOAD_S} s "
        f"({out['rps']:.0f}/s), server CPU {100 * out['server_cpu']:.0f}%, "
        f"load {out['load']:.1f}",
    )
    results.add("Static site", f"{USERS} readers: errors", out["errors"], "", 0)
    for name in PAGE_REQUESTS:
        stats = out["by_name"].get(name)
        if stats:
            results.add(
                "Static site",
                f"{USERS} readers: p95 {name}",
                stats["p95"],
                "ms",
                P95_TARGET_MS,
                f"p50 {stats['p50']:.0f} ms, {stats['count']} requests",
            )
