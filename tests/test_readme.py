"""The README cannot drift from the program: its command reference matches ``--help``."""

from __future__ import annotations

import re
from pathlib import Path

import click

from dashboard.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _reference() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Command line")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_command_and_option_is_documented():
    reference = _reference()
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert re.search(rf"frontline {name}\b", reference), f"README lacks 'frontline {name}'"
        for param in command.params:
            if isinstance(param, click.Option):
                long = [o for o in param.opts if o.startswith("--") and o != "--help"]
                for opt in long:
                    assert opt in reference, f"README lacks {opt} of 'frontline {name}'"


def test_documented_commands_exist():
    ctx = click.Context(cli)
    known = set(cli.list_commands(ctx))
    documented = set(re.findall(r"^frontline (\w+)", _reference(), flags=re.M))
    assert documented <= known, f"README documents unknown commands: {documented - known}"


def test_the_two_commands_are_there():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
