"""``frontline control``, ``frontline stats`` and ``frontline events``.

Thin adapters: load the scenario, check the arguments against it, print rows with ``emit``.
A malformed or out-of-range date and an unknown district are usage errors (exit code 2).
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from datetime import date as Date
from pathlib import Path
from typing import Any

import click

from dashboard.datafiles import event_record as _event_record
from timeline import Event, Scenario, area_column, load_scenario

from ._common import FORMAT_JSON_CSV, emit, scenario_option
from .control_geojson import control_geojson, resolve_moment

FORMAT_CONTROL = click.Choice(["json", "csv", "geojson"], case_sensitive=False)
CONTROL_FIELDS = ["id", "name", "aliases", "status", "shares", "since", "event", "confidence"]
ENCLAVE_FIELD = "attacker_share_of_enclave"
# The columns of `frontline events`: the fields of an event, in their order.
EVENT_FIELDS = [f.name for f in fields(Event) if f.name != "line"]


def _day(scenario: Scenario, value: str, param: str = "--date") -> Date:
    try:
        return scenario.check_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{param}'") from None


def _district(scenario: Scenario, value: str) -> str:
    try:
        return scenario.check_district(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--district'") from None


def _number(value: float, digits: int = 4) -> float | None:
    return None if math.isnan(value) else round(float(value), digits)


@click.command()
@scenario_option
@click.option("--date", "date", default=None, help="Day, YYYY-MM-DD (required unless --at).")
@click.option(
    "--at",
    "at",
    default=None,
    help="Moment, YYYY-MM-DDTHH:MM, shares interpolated between days (geojson only).",
)
@click.option(
    "--fraction",
    "fraction",
    type=float,
    default=None,
    help="With --date: how far into the day, 0 <= F < 1 (geojson only).",
)
@click.option("--format", "fmt", type=FORMAT_CONTROL, default="json", show_default=True)
def control(
    scenario: Path | None, date: str | None, at: str | None, fraction: float | None, fmt: str
) -> None:
    """Who held each district on DATE: status, shares per faction, since when and why.

    With --format geojson: one feature per district part (a shared district is cut into
    one part per faction, sized by its share) and the front line, at --at MOMENT or at
    --date DAY plus --fraction of the day.
    """
    if fmt.lower() != "geojson":
        if at is not None or fraction is not None:
            raise click.UsageError("--at and --fraction go with --format geojson")
        if date is None:
            raise click.UsageError("Missing option '--date'.")
    sc = load_scenario(scenario)
    if fmt.lower() == "geojson":
        if date is not None:
            _day(sc, date)  # the same messages as json/csv for a bad day
        try:
            moment = resolve_moment(sc, at=at, date=date, fraction=fraction)
        except ValueError as exc:
            hint = "'--at' / '--date' / '--fraction'"
            raise click.BadParameter(str(exc), param_hint=hint) from None
        click.echo(json.dumps(control_geojson(sc, moment), ensure_ascii=False))
        return
    state = sc.state_on(_day(sc, date))
    rows = []
    for ident, district in sc.districts.iterrows():
        row = state.loc[ident]
        rows.append(
            {
                "id": ident,
                "name": district["name"],
                "aliases": list(district["aliases"] or []),
                "status": row["status"],
                "shares": {f: float(row[f]) for f in sc.faction_ids},
                "since": row["since"].strftime("%Y-%m-%d"),
                "event": row["event"],
                "confidence": row["confidence"],
            }
        )
    emit(rows, fmt, columns=CONTROL_FIELDS)


@click.command()
@scenario_option
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def stats(scenario: Path | None, fmt: str) -> None:
    """One row per day: km² held per faction, share of the enclave taken, changes, front length."""
    sc = load_scenario(scenario)
    columns = stats_fields(sc)
    rows = []
    for _, row in sc.stats.iterrows():
        record: dict[str, Any] = {"date": row["date"].strftime("%Y-%m-%d")}
        for name in columns[1:-2]:
            record[name] = _number(row[name])
        record["changed_districts"] = list(row["changed_districts"])
        record["front_km"] = _number(row["front_km"], 3)
        rows.append(record)
    emit(rows, fmt, columns=columns)


def stats_fields(scenario: Scenario) -> list[str]:
    """The columns of `frontline stats`: date, ``<faction id>_km2`` per faction in scenario
    order, the attacker's share of the enclave (only when the scenario names an attacker and
    an enclave faction), changed_districts and front_km."""
    enclave = [ENCLAVE_FIELD] if scenario.attacker is not None else []
    areas = [area_column(f) for f in scenario.faction_ids]
    return ["date", *areas, *enclave, "changed_districts", "front_km"]


@click.command()
@scenario_option
@click.option("--date", "date", default=None, help="Only events of this day, YYYY-MM-DD.")
@click.option("--district", "district", default=None, help="Only events concerning this district.")
@click.option("--format", "fmt", type=FORMAT_JSON_CSV, default="json", show_default=True)
def events(scenario: Path | None, date: str | None, district: str | None, fmt: str) -> None:
    """The dated events, with their sources and disputed figures."""
    sc = load_scenario(scenario)
    day = _day(sc, date) if date is not None else None
    ident = _district(sc, district) if district is not None else None
    chosen = sc.events_where(day=day, district=ident)
    emit([_event_record(e) for e in chosen], fmt, columns=EVENT_FIELDS)
