"""The server: ``frontline serve`` start-up, the cost of each page request, 200 readers.

The dashboard has no server callback (every callback is clientside), so a reader costs the
server only the page load: ``/``, ``/_dash-layout`` (the page's components and the map
figure; serialised once per process), ``/_dash-dependencies``, the day-by-day payload, the
plotly.js geo bundle and a static asset; the big bodies are compressed once and cached.
``test_load`` starts ``frontline serve --workers N`` for N = 2, 1, 4 (each start is also a
start-up measurement) and runs locust (``locustfile.py``: 200 users, loopback only, bounded
in time) against it. ``test_cold_start`` starts the server without the view-data disk cache
(the first start after the data or the code changed) and times its phases in a separate
process.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from tests.benchmarks.conftest import REPO
from tests.benchmarks.report import Results, median, p95

USERS = 200
SPAWN_RATE = 50  # users started per second: all 200 within 4 s
RUN_S = {2: 30, 1: 10, 4: 10}  # the target (2 workers) gets the longest run
READY_TARGET_S = 3.0
P95_TARGET_MS = 100.0
CHROMIUM_ACCEPT = "gzip, deflate, br, zstd"
PAGE_REQUESTS = (
    "GET /",
    "GET /_dash-layout",
    "GET /_dash-dependencies",
    "GET payload",
    "GET plotly.js (geo)",
    "GET static asset",
)
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


# ------------------------------------------------------------------ cost of one request


def test_request_cost(results: Results, view) -> None:
    """Server time of each page request, one at a time (Flask test client, in process)."""
    import re

    from dashboard.app import create_app

    app = create_app(None)
    client = app.server.test_client()
    index = client.get("/").get_data(as_text=True)
    from dashboard.vendor import plotly_geo_url

    own_js = re.search(r'src="(/_frontline/dashboard\.js[^"]*)"', index)
    paths = ["/", "/_dash-layout", "/_dash-dependencies", "/_frontline/payload.json"]
    paths += [own_js.group(1) if own_js else "/_frontline/dashboard.js", plotly_geo_url()]
    rows = []
    for path in paths:
        times, sent = [], b""
        for _ in range(5):
            t0 = time.perf_counter()
            response = client.get(path, headers={"Accept-Encoding": CHROMIUM_ACCEPT})
            sent = response.data
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, path
            encoding = response.headers.get("Content-Encoding", "none")
            response.close()
        raw = client.get(path, headers={"Accept-Encoding": "identity"})
        size = len(raw.data)
        raw.close()
        rows.append(
            [path.split("?")[0], 1000 * median(times), encoding, len(sent) / 1e3, size / 1e3]
        )
    results.table(
        "Server time per request, one at a time (Flask test client, Chromium's Accept-Encoding)",
        ["Path", "ms (median of 5)", "encoding", "sent kB", "uncompressed kB"],
        rows,
    )
    layout_ms = rows[1][1]
    results.add(
        "Load",
        "/_dash-layout server time, no load",
        layout_ms,
        "ms",
        None,
        f"{rows[1][3]:.0f} kB sent ({rows[1][4] / 1e3:.1f} MB before compression); "
        "serialised once per process, compressed once per encoding",
    )


# ------------------------------------------------------------------ locust


def _cpu_seconds(process: psutil.Process) -> float:
    """CPU time (user + system) of ``process`` and its children, in seconds."""
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        try:
            times = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _locust(url: str, seconds: int, prefix: Path, server_pid: int) -> dict:
    cmd = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(SPAWN_RATE),
        "-t",
        f"{seconds}s",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--reset-stats",
        "--stop-timeout",
        "0",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    assert url.startswith("http://127.0.0.1:"), "locust must only target loopback"
    server_tree = psutil.Process(server_pid)
    before = _cpu_seconds(server_tree)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_before = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    locust = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = locust.communicate(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    assert locust.returncode == 0, err.decode(errors="replace")[-2000:]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # locust is the one child reaped
    locust_cpu = (used.ru_utime + used.ru_stime - children_before) / wall
    server_cpu = (_cpu_seconds(server_tree) - before) / wall
    with Path(f"{prefix}_stats.csv").open(newline="") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    with Path(f"{prefix}_exceptions.csv").open(newline="") as handle:
        exceptions = sum(int(row["Count"]) for row in csv.DictReader(handle))
    total = stats["Aggregated"]
    number = lambda v: float(v) if v not in ("", "N/A") else float("nan")  # noqa: E731
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]) + exceptions,
        "rps": number(total["Requests/s"]),
        "server_cpu": server_cpu,
        "locust_cpu": locust_cpu,
        "load": os.getloadavg()[0],
        "p50": number(total["50%"]),
        "p95": number(total["95%"]),
        "by_name": {
            name: {
                "count": int(stats[name]["Request Count"]),
                "p50": number(stats[name]["50%"]),
                "p95": number(stats[name]["95%"]),
                "rps": number(stats[name]["Requests/s"]),
            }
            for name in PAGE_REQUESTS
            if name in stats
        },
    }


def _row(label: str, ready_s: float, run_s: int, out: dict) -> list[object]:
    layout = out["by_name"].get("GET /_dash-layout", {})
    return [
        label,
        ready_s,
        run_s,
        out["requests"],
        out["rps"],
        layout.get("rps", float("nan")),
        out["p50"],
        layout.get("p95", float("nan")),
        out["p95"],
        out["errors"],
        f"{100 * out['server_cpu']:.0f}%",
        f"{100 * out['locust_cpu']:.0f}%",
        out["load"],
    ]


class Prober(threading.Thread):
    """One more reader during the load, outside locust: every ``pause`` seconds it makes a
    page load's requests (one fresh connection each, compressed like Chromium's but with
    brotli, which ``http.client`` leaves undecoded) and times each to its last byte.

    Locust runs its 200 users in one process; when that process is busy, its own queueing
    shows up in its response times. The probe's times are the server's answer as a reader
    arriving during the load would see it.
    """

    def __init__(self, url: str, *, start_after: float, pause: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.host, self.port = url.removeprefix("http://").split(":")
        self.start_after, self.pause = start_after, pause
        self.times: dict[str, list[float]] = {}
        self.failures = 0
        self._stop_event = threading.Event()

    def _paths(self) -> list[tuple[str, str]]:
        page = self._get("/", encoding="identity")[1].decode("utf-8", errors="replace")
        geo = re.search(r'src="(/[^"]*plotly-geo[^"]*)"', page)
        asset = re.search(r'href="(/assets/frontline\.css[^"]*)"', page)
        paths = [("GET /", "/"), ("GET /_dash-layout", "/_dash-layout")]
        paths += [("GET /_dash-dependencies", "/_dash-dependencies")]
        paths += [("GET payload", "/_frontline/payload.json")]
        if geo:
            paths.append(("GET plotly.js (geo)", geo.group(1)))
        paths.append(("GET static asset", asset.group(1) if asset else "/assets/frontline.css"))
        return paths

    def _get(self, path: str, encoding: str = "br") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        try:
            connection.request("GET", path, headers={"Accept-Encoding": encoding})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def run(self) -> None:
        if self._stop_event.wait(self.start_after):
            return
        paths = self._paths()
        while not self._stop_event.is_set():
            for name, path in paths:
                t0 = time.perf_counter()
                try:
                    status, _ = self._get(path)
                except OSError:
                    status = 0
                elapsed = 1000 * (time.perf_counter() - t0)
                if status != 200:
                    self.failures += 1
                self.times.setdefault(name, []).append(elapsed)
            self._stop_event.wait(self.pause)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=60)


def test_load(results: Results, serve, tmp_path: Path) -> None:
    runs: dict[int, tuple[float, dict]] = {}
    probes: dict[int, Prober] = {}
    for workers in (2, 1, 4):
        server = serve(workers)
        # The probe starts once locust's users are all running (200 at 50/s: 4 s).
        probe = probes[workers] = Prober(server.url, start_after=USERS / SPAWN_RATE + 1)
        probe.start()
        try:
            runs[workers] = (
                server.ready_s,
                _locust(server.url, RUN_S[workers], tmp_path / f"w{workers}", server.proc.pid),
            )
        finally:
            probe.stop()
            server.stop()

    probe = probes[2]
    every = [t for times in probe.times.values() for t in times]
    results.add(
        "Load",
        f"{USERS} users, 2 workers: p95 of a reader's page requests (probe)",
        p95(every) if every else None,
        "ms",
        P95_TARGET_MS,
        f"{len(every)} requests by one more reader outside locust during the load, "
        f"{probe.failures} failed; median {median(every):.1f} ms"
        if every
        else "no probe request",
    )

    readies = [ready for ready, _ in runs.values()]
    results.add(
        "Serve",
        "frontline serve: spawn to first 200 on /",
        median(readies),
        "s",
        READY_TARGET_S,
        f"{len(readies)} starts (1, 2, 4 workers) with the view-data disk cache filled: "
        f"{', '.join(f'{r:.1f}' for r in readies)} s",
    )
    two = runs[2][1]
    for name in PAGE_REQUESTS:
        stats = two["by_name"].get(name)
        if stats is None and name == "GET payload":
            continue  # the page carries its payload in the layout
        results.add(
            "Load",
            f"{USERS} users, 2 workers: p95 {name}, as locust measures it",
            stats["p95"] if stats else None,
            "ms",
            P95_TARGET_MS,
            f"p50 {stats['p50']:.0f} ms, {stats['count']} requests" if stats else "no request",
        )
    results.add("Load", f"{USERS} users, 2 workers: errors", two["errors"], "", 0)
    for workers in (1, 2, 4):
        out = runs[workers][1]
        results.add(
            "Load",
            f"throughput, {workers} worker(s)",
            out["rps"],
            "req/s",
            None,
            f"{out['by_name'].get('GET /_dash-layout', {}).get('rps', 0):.1f} page loads/s; "
            f"p95 all requests {out['p95']:.0f} ms",
        )
    results.table(
        "Load: one more reader during the load (the probe), p50 / p95 / worst ms by request",
        ["Request", *(f"{w} worker(s)" for w in (1, 2, 4))],
        [
            [
                name,
                *(
                    (
                        f"{median(t):.1f} / {p95(t):.1f} / {max(t):.0f}"
                        if (t := probes[w].times.get(name))
                        else "-"
                    )
                    for w in (1, 2, 4)
                ),
            ]
            for name in PAGE_REQUESTS
        ],
    )
    rows = [_row(f"{w} worker(s)", runs[w][0], RUN_S[w], runs[w][1]) for w in (1, 2, 4)]
    results.table(
        f"Load: {USERS} locust users ({SPAWN_RATE}/s spawn, 5-15 s between page loads, stats "
        "after the ramp), frontline serve on 127.0.0.1; CPU as % of one core; locust and "
        "the server share the machine's CPUs",
        [
            "Server",
            "ready s",
            "run s",
            "requests",
            "req/s",
            "page loads/s",
            "p50 ms",
            "p95 layout ms",
            "p95 all ms",
            "errors",
            "server CPU",
            "locust CPU",
            "load avg",
        ],
        rows,
    )
    assert two["requests"] > 0


# ------------------------------------------------------------------ cold start


def test_cold_start(results: Results, serve) -> None:
    """The first start after the data or the code changed: no view-data disk cache."""
    server = serve(2, env={"FRONTLINE_CACHE": "0"})
    ready_s = server.ready_s
    server.stop()
    results.add(
        "Serve",
        "start without the disk cache (first start after a change)",
        ready_s,
        "s",
        READY_TARGET_S,
        "frontline serve --workers 2 with FRONTLINE_CACHE=0; one start (phases below)",
    )
    code = "from tests.benchmarks.test_serve import start_up_phases as p; p()"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "FRONTLINE_CACHE": "0"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("PHASES "))
    phases = json.loads(line[len("PHASES ") :])
    results.table(
        "Start-up without the disk cache, phase by phase (one process, in-process timers)",
        ["Phase", "seconds"],
        [[k, v] for k, v in phases.items()],
    )


def start_up_phases() -> None:
    """What a cold ``frontline serve`` does before it answers, timed: prints ``PHASES {json}``."""
    t0 = time.perf_counter()
    phases: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal t0
        now = time.perf_counter()
        phases[name] = round(now - t0, 3)
        t0 = now

    import dash  # noqa: F401
    import geopandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    lap("import dash, plotly, geopandas")
    from timeline import load_scenario

    scn = load_scenario(None)
    lap("load_scenario (files, daily table, fronts, stats)")
    import dashboard.app as app_module
    from dashboard.viewdata import MOMENTS_PER_DAY, load_view_data
    from timeline.moments import all_moments

    all_moments(scn, MOMENTS_PER_DAY)
    lap(f"timeline.moments.all_moments(per_day={MOMENTS_PER_DAY})")
    load_view_data(None)
    lap("rest of view_data (payload, display GeoJSON)")
    app = app_module.create_app(None)
    lap("create_app (figures, layout, Dash)")
    app.server.test_client().get("/_dash-layout")
    lap("first /_dash-layout (serialise once)")
    print("PHASES " + json.dumps(phases), flush=True)
