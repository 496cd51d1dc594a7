"""Exports that never lie: a full disk, a cut file or a signal leaves no file and one line.

The full disk is real: each export runs in a user and mount namespace (``unshare -rm``)
with a tiny tmpfs mounted on the target folder. Signals go to a running export process.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from dashboard.export import ExportError, check_file

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
FRONTLINE = [sys.executable, "-c", "from dashboard.cli import main; main()"]


def _error_lines(stderr: str) -> list[str]:
    """stderr without the progress bar's label (``Rendering N ...``)."""
    return [line for line in stderr.strip().splitlines() if not line.startswith("Rendering")]


def _full_disk_export(folder: Path, size: str, *args: str) -> tuple[int, str, str, str]:
    """``frontline ARGS`` with ``folder`` a tmpfs of ``size`` (a full disk): its exit code,
    stdout, stderr and what it left in ``folder`` (listed before the tmpfs goes away)."""
    script = (
        'mount -t tmpfs -o size="$1" none "$2" || exit 99; dir="$2"; shift 2; "$@"; rc=$?; '
        'echo "LEFT:$(ls -A "$dir" | tr "\\n" " ")"; exit $rc'
    )
    cmd = ["unshare", "-rm", "sh", "-c", script, "sh", size, str(folder), *FRONTLINE, *args]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
    out, _, left = r.stdout.rpartition("LEFT:")
    return r.returncode, out, r.stderr, left.strip()


@pytest.mark.parametrize(
    ("fmt", "args", "size"),
    [
        ("mp4", ["--width", "320", "--height", "240"], "8k"),
        ("gif", ["--width", "640", "--height", "480"], "8k"),
        ("png", ["--date", "2016-11-17", "--width", "640", "--height", "480"], "8k"),
        ("html", [], "64k"),
        # Room for the first SVG but not the rest: --all is all or nothing.
        ("svg", ["--all", "--width", "640", "--height", "480"], "20k"),
    ],
)
def test_a_full_disk_is_one_line_and_leaves_no_file(tmp_path, fmt, args, size):
    folder = tmp_path / "full"
    folder.mkdir()
    args = [*args, "--out", str(folder if "--all" in args else folder / f"battle.{fmt}")]
    code, stdout, stderr, left = _full_disk_export(
        folder, size, "export", fmt, "--scenario", str(MINI), *args
    )
    assert code == 1, stderr
    lines = _error_lines(stderr)
    assert len(lines) == 1, stderr
    assert lines[0].startswith("frontline: error: cannot write "), stderr
    assert "the disk is full" in lines[0]
    assert "Traceback" not in stderr and "Task" not in stderr
    assert stdout == ""
    assert left == ""  # no file, no temporary file, not even the first SVG of --all


def _run_until_writing(fmt: str, out: Path) -> subprocess.Popen:
    """Start an export and return once its temporary file exists (it is encoding)."""
    cmd = [*FRONTLINE, "export", fmt, "--scenario", str(MINI), "--per-day", "4",
           "--width", "960", "--height", "544", "--out", str(out)]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(f".{out.stem}.part-") for p in out.parent.iterdir()):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the export never started writing"
        time.sleep(0.005)
    return proc


@pytest.mark.parametrize(
    ("fmt", "sig", "code"), [("gif", signal.SIGTERM, 143), ("mp4", signal.SIGINT, 130)]
)
def test_a_signal_while_writing_removes_the_temporary_file(tmp_path, fmt, sig, code):
    out = tmp_path / f"battle.{fmt}"
    proc = _run_until_writing(fmt, out)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert list(tmp_path.iterdir()) == []
    assert stdout == ""
    assert _error_lines(stderr) == [
        f"frontline export: stopped by {sig.name}; nothing was written"
    ], stderr
    assert "Task was destroyed" not in stderr and "Traceback" not in stderr


def _png(size=(32, 32)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "red").save(buf, format="PNG")
    return buf.getvalue()


def _gif(n: int, ms: int) -> bytes:
    buf = io.BytesIO()
    frames = [Image.new("RGB", (32, 32), c) for c in ["red", "red", "blue"][:n]]
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=ms)
    return buf.getvalue()


def test_the_checks_refuse_cut_files_and_accept_whole_ones(tmp_path):
    cases = {
        "png": _png(),
        "gif": _gif(3, 125),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>\n',
        "html": b"<!DOCTYPE html><html><body></body></html>\n",
    }
    for fmt, whole in cases.items():
        path = tmp_path / f"x.{fmt}"
        path.write_bytes(whole)
        check_file(path, fmt, frames=3 if fmt == "gif" else None, frame_ms=125)
        path.write_bytes(whole[: len(whole) * 2 // 3])
        with pytest.raises(ExportError, match="not complete"):
            check_file(path, fmt, frames=3 if fmt == "gif" else None, frame_ms=125)
        path.write_bytes(b"")
        with pytest.raises(ExportError, match="empty"):
            check_file(path, fmt)
    # Two equal pictures are stored as one shown twice as long: still three frames.
    gif = tmp_path / "x.gif"
    gif.write_bytes(_gif(3, 125))
    with pytest.raises(ExportError, match="shows 3 of 4 frames"):
        check_file(gif, "gif", frames=4, frame_ms=125)


# --- the renderer stays on the machine -----------------------------------------------------

_INET = re.compile(r'inet_(?:addr|pton)\((?:AF_INET6, )?"([^"]+)"')
_PROBE = "2001:4860:4860::8888"  # Chromium's IPv6 route probe: a UDP connect(), no datagram


def _network_calls(prelude: str, tmp_path: Path) -> list[str]:
    """The network system calls of ``frontline export png`` (and of its Chromium), run under
    strace after ``prelude`` (Python run before the CLI, in the same process)."""
    log = tmp_path / "strace.log"
    code = f"{prelude}\nfrom dashboard.cli import main; main()"
    cmd = ["strace", "-f", "-qq", "-yy", "-s", "120", "-o", str(log),
           "-e", "trace=connect,sendto,sendmsg,sendmmsg",
           sys.executable, "-c", code, "export", "png", "--scenario", str(MINI),
           "--date", "2016-11-16", "--width", "640", "--height", "480",
           "--out", str(tmp_path / "day.png")]  # fmt: skip
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return log.read_text().splitlines()


def _off_machine(calls: list[str]) -> list[str]:
    """The calls that look a name up or reach (or could send to) a host off loopback."""
    bad = []
    for call in calls:
        hosts = [h for h in _INET.findall(call) if not (h.startswith("127.") or h == "::1")]
        if "htons(53)" in call or "nscd" in call or "resolve" in call:
            bad.append(call)  # a DNS server, the name service cache, systemd-resolved
        elif re.search(r"^\d+ send(?:to|msg|mmsg)\(\d+<UDP", call):
            bad.append(call)  # the renderer needs no datagram at all
        elif hosts and not (re.search(r"connect\(\d+<UDPv6", call) and hosts == [_PROBE]):
            bad.append(call)
    return bad


def test_the_renderer_looks_up_no_name_and_reaches_no_host_off_loopback(tmp_path):
    calls = _network_calls("", tmp_path)
    assert any("connect(" in c for c in calls)  # strace saw the browser's sockets
    assert _off_machine(calls) == []


def test_the_network_check_catches_a_browser_left_online(tmp_path):
    """The same check on a renderer without its offline switches finds what it looks for
    (Chromium resolving Google's hosts), so the test above can fail."""
    prelude = "import dashboard.export.renderer as r; r.OFFLINE_SWITCHES = ()"
    assert _off_machine(_network_calls(prelude, tmp_path)) != []
