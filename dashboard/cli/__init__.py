"""The ``frontline`` command line.

Every subcommand lives in a module of its own and is registered here. Errors reach the
user as one line on stderr with a non-zero exit code, never as a traceback
(set ``FRONTLINE_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys

import click

from geodata.errors import DataError

from ._common import EXIT_DATA, EXIT_USAGE
from .diff_cmd import day, diff
from .export_cmd import export
from .geo import districts, validate
from .ingest_cmd import ingest
from .new_cmd import new
from .serve import serve
from .site_cmd import site
from .sources_cmd import sources
from .timeline_cmds import control, events, stats

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="frontline-atlas", prog_name="frontline")
def cli() -> None:
    """Frontline Atlas: who held which district of a city, day by day, and why."""


cli.add_command(serve)
cli.add_command(districts)
cli.add_command(validate)
cli.add_command(control)
cli.add_command(stats)
cli.add_command(events)
cli.add_command(sources)
cli.add_command(ingest)
export.add_command(site)  # frontline export site: crawls the app, so not in export_cmd
cli.add_command(export)
cli.add_command(new)
cli.add_command(diff)
cli.add_command(day)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: run ``cli`` and turn every error into one line."""
    try:
        code = cli.main(args=argv, prog_name="frontline", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("frontline: aborted", err=True)
        code = 1
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "frontline"
        click.echo(f"{cmd}: error: {exc.format_message()} (see '{cmd} --help')", err=True)
        code = EXIT_USAGE
    except click.ClickException as exc:
        click.echo(f"frontline: error: {exc.format_message()}", err=True)
        code = exc.exit_code
    except DataError as exc:
        click.echo(f"frontline: error: {exc.one_line()}", err=True)
        code = EXIT_DATA
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:  # the last line of defence against tracebacks
        if os.environ.get("FRONTLINE_DEBUG"):
            raise
        click.echo(
            f"frontline: internal error: {type(exc).__name__}: {exc} "
            "(run again with FRONTLINE_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        code = 1
    sys.exit(code or 0)
