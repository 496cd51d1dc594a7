"""``frontline control``, ``frontline stats`` and ``frontline events``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import FORMAT_JSON_CSV, scenario_option


@click.command()
@scenario_option
@click.option("--date", "date", required=True, help="Day, YYYY-MM-DD.")
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def control(scenario: Path | None, date: str, fmt: str) -> None:
    """Who held each district on DATE: status, shares per faction, since when and why."""
    raise click.ClickException("'frontline control' is not built yet")


@click.command()
@scenario_option
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def stats(scenario: Path | None, fmt: str) -> None:
    """One row per day: km² held per faction, share of the enclave taken, changes, front length."""
    raise click.ClickException("'frontline stats' is not built yet")


@click.command()
@scenario_option
@click.option("--date", "date", default=None, help="Only events of this day, YYYY-MM-DD.")
@click.option("--district", "district", default=None, help="Only events concerning this district.")
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def events(scenario: Path | None, date: str | None, district: str | None, fmt: str) -> None:
    """The dated events, with their sources and disputed figures."""
    raise click.ClickException("'frontline events' is not built yet")
