"""A plain (non-editable) install ships the code, the assets and every data file."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _data_files() -> set[str]:
    wanted = set()
    for folder, prefix in (
        ("timeline/data", "timeline/data"),
        ("assets", "dashboard/assets"),
    ):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                wanted.add(f"{prefix}/{path.relative_to(ROOT / folder).as_posix()}")
    return wanted


def test_wheel_ships_data_and_runs_without_the_source_tree(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheel_dir.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(f for f in _data_files() if f not in names and not f.endswith("__init__.py"))
    assert missing == [], f"files missing from the wheel: {missing}"

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = (
        "import geodata, timeline, dashboard.vendor as a;"
        "print(geodata.__file__); print(timeline.__file__); print(a.ASSETS_DIR)"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    assert all(line.startswith(str(target)) for line in out), out
    assert (Path(out[2]) / "topojson" / "world_110m.json").is_file()
