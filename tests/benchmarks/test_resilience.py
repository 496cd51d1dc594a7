"""The server under attack and over time: readers while stills are flooded, a worker killed
mid-load, and worker memory over a long soak.

- ``test_readers_while_stills_are_flooded``: 200 locust readers against ``frontline serve
  --workers 2`` while 16 clients ask, back to back, for stills no cache holds (a new date,
  district and palette each time). Pages, the payload and assets must not wait behind the
  renders (p95 of one more reader's page requests <= 100 ms, 0 errors); every still request
  is answered 200 or 503 with ``Retry-After``, never anything else, never hung.
- ``test_a_killed_worker_loses_only_its_requests``: 24 clients load pages back to back; one
  worker gets SIGKILL halfway. Only requests that worker held in flight may fail; gunicorn
  starts a new worker and every later request succeeds.
- ``test_worker_memory_over_a_soak``: readers and a trickle of still downloads for
  ``FRONTLINE_SOAK_S`` seconds (600 by default); each worker's RSS (and its renderer's
  Chromium) sampled every 10 s. The report gives the curve and the slope of its second half.

Loopback only. The stills write to a cache folder of their own (``FRONTLINE_CACHE_DIR``), so
none is cached when the run starts.
"""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psutil

from tests.benchmarks.report import Results, median, p95
from tests.benchmarks.test_serve import P95_TARGET_MS, USERS, Prober, _locust

STILL_CLIENTS = 16
FLOOD_S = int(os.environ.get("FRONTLINE_FLOOD_S", "40"))
SOAK_S = int(os.environ.get("FRONTLINE_SOAK_S", "600"))
SAMPLE_S = 10.0
PAGE_PATHS = ("/", "/_dash-layout", "/_dash-dependencies", "/_frontline/payload.json")


def _get(url: str, path: str, timeout: float = 60.0) -> tuple[int, dict[str, str], float]:
    host, port = url.removeprefix("http://").split(":")
    t0 = time.perf_counter()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders()), time.perf_counter() - t0
    finally:
        connection.close()


def _still_paths(view) -> Iterator[str]:
    """Still URLs no cache holds: every (date, district, palette) once, shuffled by stride."""
    payload = view["payload"]
    dates, ids = payload["dates"], payload["ids"]
    palettes = ("conventional", "colourblind")
    combos = [
        f"/download/still.png?date={dates[(i * 7) % len(dates)]}"
        f"&district={ids[(i * 13) % len(ids)]}&palette={palettes[i % 2]}"
        for i in range(len(dates) * len(ids))
    ]
    return iter(combos)


class StillFlood(threading.Thread):
    """One client asking for uncached stills back to back until stopped."""

    def __init__(self, url: str, paths, lock: threading.Lock) -> None:
        super().__init__(daemon=True)
        self.url, self.paths, self.lock = url, paths, lock
        self.statuses: Counter[str] = Counter()
        self.times: list[float] = []
        self.retry_after_missing = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            with self.lock:
                path = next(self.paths)
            try:
                status, headers, elapsed = _get(self.url, path)
            except OSError as exc:
                self.statuses[type(exc).__name__] += 1
                continue
            self.statuses[str(status)] += 1
            self.times.append(elapsed)
            if status == 503:
                if "Retry-After" not in headers:
                    self.retry_after_missing += 1
                self._stop_event.wait(0.2)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=120)


def test_readers_while_stills_are_flooded(results: Results, serve, view, tmp_path: Path) -> None:
    server = serve(2, env={"FRONTLINE_CACHE_DIR": str(tmp_path / "cache")})
    lock = threading.Lock()
    paths = _still_paths(view)
    floods = [StillFlood(server.url, paths, lock) for _ in range(STILL_CLIENTS)]
    for flood in floods:
        flood.start()
    probe = Prober(server.url, start_after=5.0)
    probe.start()
    try:
        out = _locust(server.url, FLOOD_S, tmp_path / "flood", server.proc.pid)
    finally:
        probe.stop()
        for flood in floods:
            flood.stop()
    statuses = sum((f.statuses for f in floods), Counter())
    times = [t for f in floods for t in f.times]
    every = [t for ts in probe.times.values() for t in ts]
    results.add(
        "Resilience",
        f"{USERS} readers + {STILL_CLIENTS} clients flooding uncached stills, 2 workers: "
        "p95 of a reader's page requests (probe)",
        p95(every) if every else None,
        "ms",
        P95_TARGET_MS,
        f"{len(every)} probe requests, {probe.failures} failed, median {median(every):.1f} ms; "
        f"locust: {out['requests']} requests, p95 {out['p95']:.0f} ms"
        if every
        else "no probe request",
    )
    results.add(
        "Resilience",
        "readers' errors while stills are flooded (locust + probe)",
        out["errors"] + probe.failures,
        "",
        0,
    )
    other = {k: v for k, v in statuses.items() if k not in ("200", "503")}
    results.add(
        "Resilience",
        "still requests answered other than 200 or 503 (incl. connection errors)",
        sum(other.values()),
        "",
        0,
        f"{statuses.get('200', 0)} rendered (200), {statuses.get('503', 0)} refused (503 with "
        f"Retry-After: {sum(f.retry_after_missing for f in floods) == 0}), other {dict(other)}; "
        f"still answer time p50 {median(times):.2f} s, p95 {p95(times):.2f} s, "
        f"max {max(times):.2f} s",
    )
    assert statuses.get("200", 0) + statuses.get("503", 0) > 0


class PageClients:
    """``n`` threads loading the page's requests back to back, each outcome time-stamped."""

    def __init__(self, url: str, n: int) -> None:
        self.url = url
        self.outcomes: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(n)]

    def _run(self) -> None:
        for path in itertools.cycle(PAGE_PATHS):
            if self._stop_event.is_set():
                return
            try:
                status, _, _ = _get(self.url, path, timeout=30)
                outcome = str(status)
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
            with self._lock:
                self.outcomes.append((time.monotonic(), outcome))

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop_event.set()
        for thread in self._threads:
            thread.join(timeout=60)


def _workers(server) -> list[psutil.Process]:
    master = psutil.Process(server.proc.pid)
    return [p for p in master.children() if "chrom" not in p.name().lower()]


def test_a_killed_worker_loses_only_its_requests(results: Results, serve) -> None:
    server = serve(2)
    clients = PageClients(server.url, 24)
    clients.start()
    time.sleep(8)
    victim = _workers(server)[0]
    killed_at = time.monotonic()
    os.kill(victim.pid, signal.SIGKILL)
    time.sleep(12)
    clients.stop()
    replaced = sorted(p.pid for p in _workers(server))
    failed = [(t - killed_at, o) for t, o in clients.outcomes if o != "200"]
    before = sum(1 for t, _ in clients.outcomes if t < killed_at)
    after = [(t, o) for t, o in clients.outcomes if t >= killed_at + 2]
    results.add(
        "Resilience",
        "requests lost when a worker is killed mid-load (24 clients back to back)",
        len(failed),
        "",
        24,
        f"{before} requests before the kill, {len(after)} from 2 s after it "
        f"({sum(o != '200' for _, o in after)} failed); failures {Counter(o for _, o in failed)} "
        f"at {', '.join(f'{dt:+.2f}' for dt, _ in failed[:8])} s from the kill; workers now "
        f"{len(replaced)} (killed pid {victim.pid} replaced: {victim.pid not in replaced})",
    )
    assert len(replaced) == 2 and victim.pid not in replaced
    assert all(o == "200" for _, o in after)


def _rss_mb(process: psutil.Process, with_children: bool) -> float:
    """The worker's RSS alone, or with its renderer's processes as PSS (each shared page
    counted once across them, not once per Chromium process as RSS would)."""
    if not with_children:
        try:
            return process.memory_info().rss / 1e6
        except psutil.NoSuchProcess:
            return 0.0
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / 1e6


def test_worker_memory_over_a_soak(results: Results, serve, view, tmp_path: Path) -> None:
    server = serve(2, env={"FRONTLINE_CACHE_DIR": str(tmp_path / "cache")})
    lock = threading.Lock()
    flood = StillFlood(server.url, _still_paths(view), lock)  # one client: a trickle
    flood.start()
    samples: list[tuple[float, list[float], list[float]]] = []
    stop = threading.Event()

    def sample() -> None:
        t0 = time.monotonic()
        while not stop.is_set():
            workers = _workers(server)
            samples.append(
                (
                    time.monotonic() - t0,
                    [_rss_mb(w, False) for w in workers],
                    [_rss_mb(w, True) for w in workers],
                )
            )
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out = _locust(server.url, SOAK_S, tmp_path / "soak", server.proc.pid)
    finally:
        stop.set()
        sampler.join(timeout=30)
        flood.stop()
    workers = [sum(s[1]) / max(len(s[1]), 1) for s in samples]
    half = [(t, m) for (t, _, _), m in zip(samples, workers, strict=True) if t >= SOAK_S / 2]
    slope = (half[-1][1] - half[0][1]) / ((half[-1][0] - half[0][0]) / 60) if len(half) > 1 else 0
    results.add(
        "Resilience",
        f"worker RSS slope over the second half of a {SOAK_S} s soak (mean of 2 workers)",
        slope,
        "MB/min",
        1.0,
        f"RSS {workers[0]:.0f} MB at start, {max(workers):.0f} max, {workers[-1]:.0f} at the end; "
        f"{out['requests']} reader requests ({out['errors']} errors), "
        f"{sum(flood.statuses.values())} still requests {dict(flood.statuses)}",
    )
    step = max(1, len(samples) // 20)
    results.table(
        f"Soak: worker memory over {SOAK_S} s ({USERS} readers, one client asking for uncached "
        "stills back to back), MB",
        ["t s", "worker RSS (each)", "worker + its Chromium, PSS (each)"],
        [
            [
                f"{t:.0f}",
                " / ".join(f"{m:.0f}" for m in alone),
                " / ".join(f"{m:.0f}" for m in whole),
            ]
            for t, alone, whole in samples[::step] + samples[-1:]
        ],
    )
    assert samples
