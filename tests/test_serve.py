"""``frontline serve``: a production server, compressed, stateless across workers."""

from __future__ import annotations

import gzip
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, dict(resp.headers), resp.read()


def test_serve_with_two_workers_answers_compressed_and_identically():
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "from dashboard.cli import main; main()",
        "serve",
        "--scenario",
        str(MINI),
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = _get(base + "/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "server did not start within 60 s"
                time.sleep(0.2)
        assert status == 200
        bodies = set()
        for _ in range(8):  # spread over both workers
            status, headers, body = _get(base + "/_dash-layout")
            assert status == 200
            assert headers.get("Content-Encoding") == "gzip"
            assert headers.get("Server", "").startswith("gunicorn")
            bodies.add(gzip.decompress(body))
        assert len(bodies) == 1, "workers disagree about the page"
        assert b"atlas-data" in bodies.pop()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_refuses_a_missing_scenario(run_cli, tmp_path):
    result = run_cli("serve", "--scenario", str(tmp_path / "nowhere"))
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0]


def test_a_killed_worker_loses_only_its_own_requests_and_is_replaced():
    """SIGKILL one of two workers while clients load pages back to back: at most the requests
    it held in flight fail, gunicorn starts another, and every later request is answered."""
    import itertools
    import os
    import signal
    import threading

    import psutil

    port = _free_port()
    cmd = [sys.executable, "-c", "from dashboard.cli import main; main()", "serve"]
    cmd += ["--scenario", str(MINI), "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    outcomes: list[tuple[float, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        for path in itertools.cycle(["/", "/_dash-layout", "/_frontline/payload.json"]):
            if stop.is_set():
                return
            try:
                outcome = str(_get(base + path)[0])
            except Exception as exc:  # a connection reset, a refused or broken response
                outcome = type(exc).__name__
            with lock:
                outcomes.append((time.monotonic(), outcome))

    def workers() -> list[int]:
        return sorted(p.pid for p in psutil.Process(proc.pid).children())

    threads = [threading.Thread(target=client, daemon=True) for _ in range(6)]
    try:
        deadline = time.monotonic() + 60
        while len(workers()) < 2 or not _answers(base):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "server did not start within 60 s"
            time.sleep(0.2)
        for thread in threads:
            thread.start()
        time.sleep(2)
        victim = workers()[0]
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while victim in workers() or len(workers()) < 2:
            assert time.monotonic() < deadline, "gunicorn did not replace the killed worker"
            time.sleep(0.1)
        replaced = time.monotonic()
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        failed = [(t, o) for t, o in outcomes if o != "200"]
        # At most one request in flight per client thread can be lost with the worker.
        assert len(failed) <= len(threads), failed
        assert all(killed <= t <= replaced + 1 for t, _ in failed), (killed, replaced, failed)
        later = [o for t, o in outcomes if t > replaced + 1]
        assert later and all(o == "200" for o in later)
        assert sum(1 for t, _ in outcomes if t < killed) > 20, "the load had not started"
    finally:
        stop.set()
        proc.terminate()
        proc.wait(timeout=20)


def _answers(base: str) -> bool:
    try:
        return _get(base + "/")[0] == 200
    except OSError:
        return False
