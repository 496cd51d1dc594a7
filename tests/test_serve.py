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
