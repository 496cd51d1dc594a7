"""The server's side of rendering: one browser per worker, a bounded render queue that
answers 503 when full, pages that never wait behind a render, and a clear word when the
port is taken."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
FRONTLINE = [sys.executable, "-c", "from dashboard.cli import main; main()"]


def test_serve_on_a_taken_port_says_so_in_one_line_before_serving():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = subprocess.run(
            [*FRONTLINE, "serve", "--scenario", str(MINI), "--port", str(port)],
            capture_output=True, text=True, timeout=120, cwd=ROOT,
        )  # fmt: skip
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"frontline: error: port {port} on 127.0.0.1 is already in use: stop the program "
        "using it or choose another --port"
    ]
    assert "serving on" not in r.stderr and "gunicorn" not in r.stderr.lower()
