"""``frontline diff`` (what changed between two days) and ``frontline day`` (one day's map
as data).

Thin adapters over :mod:`dashboard.datafiles` (which the server's data downloads share, so
a download and a command write the same bytes): load the scenario, check the arguments,
write JSON, CSV or GeoJSON to stdout or ``--out``.

Every output names the scenario, its title, the day(s), the credits and the licence:
JSON and GeoJSON in top-level members (GeoJSON: ``metadata``), CSV in ``# key: value``
comment lines above the header, so that ``pandas.read_csv(path, comment="#")`` reads the
table back unchanged (text fields are quoted, so a ``#`` inside one is kept).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from dashboard.datafiles import day_text, diff_text
from geodata.paths import scenario_dir
from timeline import Scenario, load_scenario

from ._common import scenario_option

__all__ = ["day", "diff"]

FORMAT_DIFF = click.Choice(["json", "csv", "geojson"], case_sensitive=False)


def _day(scenario: Scenario, value: str, flag: str) -> str:
    try:
        return scenario.check_date(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None


def _check_out(out: Path | None, fmt: str) -> None:
    if out is None:
        return
    suffix = {"json": ".json", "csv": ".csv", "geojson": ".geojson"}[fmt]
    if out.suffix.lower() not in (suffix, ".json" if fmt == "geojson" else suffix):
        raise click.BadParameter(
            f"{out} does not end in {suffix}: name the file {out.stem}{suffix}",
            param_hint="'--out'",
        )
    if out.is_dir():
        raise click.BadParameter(f"{out} is a folder: give a file name", param_hint="'--out'")
    folder = out.parent
    if not folder.is_dir():
        raise click.BadParameter(
            f"folder {folder} does not exist: create it first", param_hint="'--out'"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise click.BadParameter(
            f"cannot write in {folder}: choose another place", param_hint="'--out'"
        )


def _write(text: str, out: Path | None, what: str) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"{out} ({what})")


@click.command()
@scenario_option
@click.option("--from", "start", required=True, help="First day, YYYY-MM-DD (A).")
@click.option("--to", "end", required=True, help="Second day, YYYY-MM-DD (B), not before A.")
@click.option("--format", "fmt", type=FORMAT_DIFF, default="json", show_default=True)
@click.option(
    "--arrows",
    "arrows",
    is_flag=True,
    help="Add the advance arrows of the window (json: an 'arrows' list of GeoJSON "
    "features; geojson: LineString features of kind 'arrow').",
)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Write here.")
def diff(
    scenario: Path | None, start: str, end: str, fmt: str, arrows: bool, out: Path | None
) -> None:
    """What changed from day A (--from) to day B (--to): every district whose holder or
    shares differ, from -> to, the control changes behind it (event, reported or inferred,
    sources), net km² gained or lost per faction (as 'frontline stats' counts them) and the
    change in the share of the enclave taken.
    """
    fmt = fmt.lower()
    if arrows and fmt == "csv":
        raise click.UsageError("--arrows goes with --format json or geojson (arrows are lines)")
    _check_out(out, fmt)
    sc = load_scenario(scenario)
    a_day, b_day = _day(sc, start, "--from"), _day(sc, end, "--to")
    if a_day > b_day:
        raise click.BadParameter(
            f"--from {a_day} is after --to {b_day}: give the earlier day first",
            param_hint="'--from' / '--to'",
        )
    text, count = diff_text(sc, a_day, b_day, fmt, arrows=arrows, folder=scenario_dir(scenario))
    _write(text, out, f"{count} districts changed")


@click.command()
@scenario_option
@click.option("--date", "date", required=True, help="Day, YYYY-MM-DD.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "csv"], case_sensitive=False),
    default="geojson",
    show_default=True,
)
@click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Write here.")
def day(scenario: Path | None, date: str, fmt: str, out: Path | None) -> None:
    """The map of DATE as data: every district's polygon (geojson) or row (csv) with its
    shares, holder, since when, whether it changed that day, the event behind it, reported
    or inferred, and the sources.
    """
    fmt = fmt.lower()
    _check_out(out, fmt)
    sc = load_scenario(scenario)
    iso = _day(sc, date, "--date")
    text = day_text(sc, iso, fmt, folder=scenario_dir(scenario))
    _write(text, out, f"{len(sc.districts)} districts")
