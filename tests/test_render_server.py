"""The server's side of rendering: one browser per worker, a bounded render queue that
answers 503 when full, pages that never wait behind a render, and a clear word when the
port is taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

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


# --- one renderer per process ---------------------------------------------------------------


def test_concurrent_first_renders_start_one_browser(monkeypatch):
    import dashboard.export.renderer as renderer

    started = []

    class SlowToStart:
        def __init__(self):
            started.append(threading.get_ident())
            time.sleep(0.3)  # the window in which other threads ask too

        def close(self):
            pass

    monkeypatch.setattr(renderer, "WarmRenderer", SlowToStart)
    monkeypatch.setattr(renderer, "_PROCESS", renderer._ProcessRenderer())
    got = []
    threads = [
        threading.Thread(target=lambda: got.append(renderer.start_renderer())) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(started) == 1 and renderer.renderer_starts() == 1
    assert len(got) == 8 and len({id(r) for r in got}) == 1


def test_a_forked_child_starts_its_own_renderer(monkeypatch):
    import dashboard.export.renderer as renderer

    class Fake:
        def close(self):
            pass

    monkeypatch.setattr(renderer, "WarmRenderer", Fake)
    monkeypatch.setattr(renderer, "_PROCESS", renderer._ProcessRenderer())
    parent = renderer.start_renderer()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a renderer of its own, not the parent's
        ok = renderer.start_renderer() is not parent and renderer.renderer_starts() == 1
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert renderer.start_renderer() is parent


# --- the render gate ------------------------------------------------------------------------


def test_the_gate_admits_running_plus_waiting_and_refuses_the_rest():
    from dashboard.downloads import Busy, RenderGate

    gate = RenderGate(running=1, waiting=1, wait_s=5)
    entered = threading.Event()

    def second():
        with gate():
            entered.set()

    with gate():  # rendering
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.1)  # admitted, waiting for the slot
        assert not entered.is_set()
        t = time.monotonic()
        with pytest.raises(Busy, match="the renderer is busy: try again in 5 seconds"), gate():
            pass
        assert time.monotonic() - t < 0.1  # refused at once, not queued
    waiter.join(timeout=5)
    assert entered.is_set()  # the waiting one had its turn
    impatient = RenderGate(running=1, waiting=1, wait_s=0.2)
    with impatient(), pytest.raises(Busy), impatient():  # a place is held for wait_s at most
        pass


def test_district_stills_are_capped_oldest_first(tmp_path, monkeypatch):
    from dashboard.downloads import cached_file

    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    for i in range(5):
        cached_file("still-d.png", f"k{i}", lambda out, i=i: out.write_bytes(b"%d" % i), keep=3)
        os.utime(tmp_path / f"still-d-k{i}.png", (1000 + i, 1000 + i))
    kept = sorted(p.name for p in tmp_path.glob("still-d-*.png"))
    assert kept == ["still-d-k2.png", "still-d-k3.png", "still-d-k4.png"]


# --- the server under a flood of uncached stills --------------------------------------------

SLOW_STILLS = """
import time
import urllib.error
import urllib.request
import dashboard.export as export

def slow_still(*_args, **_kw):  # a render that takes 2 s, without a browser
    time.sleep(2)
    return b"PNG"

export.still_bytes = slow_still
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(tmp_path: Path, *args: str, prelude: str = "") -> tuple[subprocess.Popen, str]:
    port = _free_port()
    code = f"{prelude}\nfrom dashboard.cli import main; main()"
    cmd = [sys.executable, "-c", code, "serve", "--scenario", str(MINI), "--port", str(port),
           "--workers", "1", *args]  # fmt: skip
    env = {**os.environ, "FRONTLINE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FRONTLINE_CACHE", None)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(proc.communicate()[1].decode()) from None
            time.sleep(0.2)


def _get(url: str, timeout: float = 60) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_a_flood_of_stills_gets_503_with_retry_after_while_pages_answer_at_once(tmp_path):
    proc, base = _start_server(tmp_path, prelude=SLOW_STILLS)
    try:
        urls = [
            f"{base}/download/still.{fmt}?date=2016-11-{day}&palette={palette}"
            for fmt in ("png", "svg")
            for palette in ("conventional", "colourblind")
            for day in (15, 16, 17, 18)
        ]
        answers: list = []
        clients = [threading.Thread(target=lambda u=u: answers.append(_get(u))) for u in urls]
        for c in clients:
            c.start()
        time.sleep(0.5)  # every still request has arrived
        t = time.monotonic()
        status, _, page = _get(base + "/")
        page_s = time.monotonic() - t
        for c in clients:
            c.join(timeout=60)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert status == 200 and b"<html" in page.lower()
    assert page_s < 1.5, f"/ took {page_s:.2f} s behind the renders"
    assert len(answers) == 16
    codes = sorted(code for code, _h, _b in answers)
    assert codes == [200] * 4 + [503] * 12  # 2 rendering + 2 waiting, the rest refused
    for code, headers, body in answers:
        if code == 503:
            assert headers.get("Retry-After") == "5"
            assert body == b"the renderer is busy: try again in 5 seconds\n"


def _browsers_under(pid: int) -> int:
    """Chromium browser processes (not their helpers) among ``pid``'s descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = 0, list(children.get(pid, []))
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            argv = Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"chromium") and not any(a.startswith(b"--type=") for a in argv):
            found += 1
    return found


def test_serve_warm_renders_every_still_before_forking(tmp_path):
    proc, base = _start_server(tmp_path, "--warm")
    try:
        stills = sorted((tmp_path / "cache").glob("still-*.png"))
        assert len(stills) == 5 * 2  # days x palettes
        assert _browsers_under(proc.pid) == 0  # the master closed its browser before forking
        t = time.monotonic()
        url = f"{base}/download/still.png?date=2016-11-17&palette=colourblind"
        status, _headers, body = _get(url)
        assert status == 200 and body.startswith(b"\x89PNG")
        assert time.monotonic() - t < 2.0
        assert body in {p.read_bytes() for p in stills}
        assert _browsers_under(proc.pid) == 0  # sent from the cache: no browser started
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    assert b"10 still(s) rendered into the disk cache" in err
