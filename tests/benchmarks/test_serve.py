"""The server: ``frontline serve`` start-up, the cost of each page request, 200 readers.

The dashboard has no server callback (every callback is clientside), so a reader costs the
server only the page load: ``/``, ``/_dash-layout`` (the map figure and every day's payload:
the heaviest by far), ``/_dash-dependencies`` and static assets. ``test_load`` starts
``frontline serve --workers N`` for N = 2, 1, 4 (each start is also a start-up
measurement), runs locust (``locustfile.py``: 200 users, loopback only, bounded in time)
against it, and then runs the same load against a *what-if* server whose layout is
serialised and compressed once at start (:func:`serve_frozen_layout`, the change proposed in
RESULTS.md), which also reports where start-up time goes.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import resource
import subprocess
import sys
import time
from functools import cached_property
from pathlib import Path

import psutil
from dash import Dash

from tests.benchmarks.conftest import REPO, Served
from tests.benchmarks.report import Results, median

USERS = 200
SPAWN_RATE = 50  # users started per second: all 200 within 4 s
RUN_S = {2: 30, 1: 10, 4: 10}  # the target (2 workers) gets the longest run
WHAT_IF_RUN_S = 10
READY_TARGET_S = 3.0
P95_TARGET_MS = 100.0
CHROMIUM_ACCEPT = "gzip, deflate, br, zstd"
PAGE_REQUESTS = (
    "GET /",
    "GET /_dash-layout",
    "GET /_dash-dependencies",
    "GET payload",
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
    plotly_js = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    own_js = re.search(r'src="(/assets/frontline\.js[^"]*)"', index)
    paths = ["/", "/_dash-layout", "/_dash-dependencies"]
    paths += [own_js.group(1) if own_js else "/assets/frontline.js", plotly_js]
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
        "serialised and compressed again on every request",
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


def test_load(results: Results, serve, tmp_path: Path) -> None:
    runs: dict[int, tuple[float, dict]] = {}
    for workers in (2, 1, 4):
        server = serve(workers)
        try:
            runs[workers] = (
                server.ready_s,
                _locust(server.url, RUN_S[workers], tmp_path / f"w{workers}", server.proc.pid),
            )
        finally:
            server.stop()
    what_if = FrozenLayoutServer(2)
    try:
        what_if_out = _locust(what_if.url, WHAT_IF_RUN_S, tmp_path / "what-if", what_if.proc.pid)
    finally:
        what_if.stop()

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
    freeze = next((v for k, v in what_if.phases.items() if k.startswith("serialise")), 0.0)
    results.add(
        "Serve",
        "start without the disk cache (first start after a change)",
        what_if.ready_s - freeze,
        "s",
        READY_TARGET_S,
        "the what-if server with FRONTLINE_CACHE=0, less its layout-freezing phase; one start",
    )
    two = runs[2][1]
    for name in PAGE_REQUESTS:
        stats = two["by_name"].get(name)
        if stats is None and name == "GET payload":
            continue  # the page carries its payload in the layout
        results.add(
            "Load",
            f"{USERS} users, 2 workers: p95 {name}",
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
    layout = what_if_out["by_name"].get("GET /_dash-layout", {})
    results.add(
        "Load",
        f"what-if layout frozen at start, {USERS} users, 2 workers: p95 /_dash-layout",
        layout.get("p95"),
        "ms",
        P95_TARGET_MS,
        f"{what_if_out['rps']:.0f} req/s, p95 all {what_if_out['p95']:.0f} ms, "
        f"{what_if_out['errors']} errors",
    )
    rows = [_row(f"{w} worker(s)", runs[w][0], RUN_S[w], runs[w][1]) for w in (1, 2, 4)]
    rows.append(
        _row("2 workers, layout frozen (what-if)", what_if.ready_s, WHAT_IF_RUN_S, what_if_out)
    )
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
    results.table(
        "Start-up of the what-if server, phase by phase (one cold process)",
        ["Phase", "seconds"],
        [[k, v] for k, v in what_if.phases.items()],
    )
    assert two["requests"] > 0


# ------------------------------------------------------------------ the what-if server


class FrozenLayoutServer(Served):
    """:func:`serve_frozen_layout` in a subprocess; ``phases`` holds its start-up timings."""

    def __init__(self, workers: int) -> None:
        def command(port: int) -> list[str]:
            code = "from tests.benchmarks.test_serve import serve_frozen_layout as serve; "
            return [sys.executable, "-c", code + f"serve({port}, {workers})"]

        # No disk cache: the phases then show what deriving the view data costs.
        super().__init__(workers, command=command, env={"FRONTLINE_CACHE": "0"})
        line = next((ln for ln in self.log().splitlines() if ln.startswith("PHASES ")), None)
        self.phases: dict[str, float] = json.loads(line[len("PHASES ") :]) if line else {}


def serve_frozen_layout(port: int, workers: int) -> None:
    """``frontline serve`` with the layout serialised and compressed once (the proposed fix).

    Prints ``PHASES {json}`` (seconds per start-up phase) before gunicorn starts.
    """
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

    per_day = getattr(app_module, "FRAMES_PER_DAY", None)
    if per_day:
        from timeline.frames import frames

        frames(scn, per_day)
        lap(f"timeline.frames.frames(per_day={per_day})")
    app_module.view_data(None)
    lap("rest of view_data (payload, display GeoJSON)")
    app_module.Dash = FrozenLayoutDash  # create_app builds its Dash through this name
    app = app_module.create_app(None)
    lap("create_app (figures, layout, Dash)")
    app.frozen_layout()
    lap("serialise + compress the layout once (the fix)")
    print("PHASES " + json.dumps(phases), flush=True)
    from dashboard.cli.serve import _run_gunicorn

    _run_gunicorn(app.server, host="127.0.0.1", port=port, workers=workers)


class FrozenLayoutDash(Dash):
    """A Dash app whose layout is fixed after start-up: its JSON is built and compressed once.

    Responses carry their own ``Content-Encoding`` (brotli or gzip, whichever the client
    takes), so Flask-Compress leaves them alone.
    """

    @cached_property
    def _frozen(self) -> dict[str, bytes]:
        import brotli
        from dash._utils import to_json

        raw = to_json(self.get_layout()).encode("utf-8")
        return {"br": brotli.compress(raw, quality=9), "gzip": gzip.compress(raw, 6), "": raw}

    def frozen_layout(self) -> dict[str, bytes]:
        """The layout's bodies by encoding (built on first call)."""
        return self._frozen

    def serve_layout(self):
        from flask import Response, request

        accepted = request.headers.get("Accept-Encoding", "")
        encoding = next((e for e in ("br", "gzip") if e in accepted), "")
        response = Response(self._frozen[encoding], mimetype="application/json")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.headers["Vary"] = "Accept-Encoding"
        return response
