"""Shared fixtures: the command line, run in-process through its real entry point."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run ``frontline ARGS`` through ``dashboard.cli.main``; return its exit code and output."""
    from dashboard.cli import main

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exc:
            main([str(a) for a in args])
        out, err = capsys.readouterr()
        return CliResult(int(exc.value.code or 0), out, err)

    return _run
