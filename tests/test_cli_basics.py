"""The command line: help lists the subcommands; bad arguments give one line, no traceback."""

from __future__ import annotations

import subprocess
import sys

SUBCOMMANDS = ["serve", "districts", "validate", "control", "stats", "events"]


def test_help_lists_subcommands(run_cli):
    result = run_cli("--help")
    assert result.code == 0
    for name in SUBCOMMANDS:
        assert f"  {name} " in result.out


def test_unknown_subcommand_is_one_line(run_cli):
    result = run_cli("frobnicate")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "No such command 'frobnicate'" in lines[0]


def test_bad_option_value_is_one_line(run_cli):
    result = run_cli("serve", "--port", "notaport")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "--port" in lines[0]
    assert "Traceback" not in result.err


def test_console_script_is_installed():
    """The ``frontline`` entry point runs as a program, not only in-process."""
    exe = [sys.executable, "-c", "from dashboard.cli import main; main()", "--version"]
    proc = subprocess.run(exe, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "frontline" in proc.stdout
