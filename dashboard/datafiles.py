"""The data behind the view as files: one day, the changes of a window, the whole control
table, the events. One implementation for the command line and the server: ``frontline day``
and ``frontline diff`` write these texts, and the Download bar's data links
(``download/day.*``, ``download/diff.*``, ``download/control.*``, ``download/events.*``,
:mod:`dashboard.downloads`) send the same bytes.

Every file names the scenario, its title, the day(s), the credits and the licence
(:func:`timeline.diff.provenance`): JSON in top-level members, GeoJSON in its ``metadata``
member, CSV in ``# key: value`` lines above the header (in the file itself, so they cannot
be lost as a sidecar could; ``pandas.read_csv(path, comment="#")`` reads the table back
unchanged, and text fields are quoted so a ``#`` inside one is kept). Every text ends with a
newline.

Pure functions of a loaded :class:`~timeline.scenario.Scenario`: no click, no Flask.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pandas as pd

from timeline.arrows import advance_arrows, arrow_feature
from timeline.diff import (
    csv_text,
    day_geojson,
    day_table,
    diff_days,
    diff_geojson,
    diff_record,
    diff_table,
    provenance,
)
from timeline.model import Event

__all__ = [
    "CONTROL_COLUMNS",
    "EVENT_FIELDS",
    "control_text",
    "day_text",
    "diff_text",
    "event_record",
    "events_text",
]

EVENT_FIELDS = [f.name for f in fields(Event) if f.name != "line"]
"""The fields of an event record, in order (the columns of the events CSV)."""


def _ends(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _json(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def day_text(scenario: Any, day: str, fmt: str, *, folder: str | Path | None = None) -> str:
    """The map of ``day`` (ISO, a day of the battle) as GeoJSON (every district's polygon
    with shares, holder, since, changed_today, event, confidence, sources) or CSV."""
    if fmt == "csv":
        return _ends(csv_text(day_table(scenario, day), provenance(scenario, day, folder=folder)))
    if fmt != "geojson":
        raise ValueError(f"unknown format {fmt!r}: use geojson or csv")
    return _json(day_geojson(scenario, day, folder=folder))


def diff_text(
    scenario: Any,
    start: str,
    end: str,
    fmt: str,
    *,
    arrows: bool = False,
    folder: str | Path | None = None,
) -> tuple[str, int]:
    """What changed from day ``start`` (A) to ``end`` (B) as JSON, CSV or GeoJSON, with the
    advance arrows of the window when ``arrows`` (JSON: an ``arrows`` list of GeoJSON
    features; GeoJSON: LineString features of kind ``arrow``; not in CSV). Returns the text
    and the number of changed districts. ``ValueError`` as :func:`timeline.diff.diff_days`."""
    if fmt not in ("json", "csv", "geojson"):
        raise ValueError(f"unknown format {fmt!r}: use json, csv or geojson")
    if arrows and fmt == "csv":
        raise ValueError("arrows go with json or geojson (arrows are lines)")
    result = diff_days(scenario, start, end, folder=folder)
    count = len(result.districts)
    if fmt == "csv":
        return _ends(csv_text(diff_table(result), result.meta)), count
    extra: list[dict[str, Any]] = []
    if arrows:
        names = {str(k): str(v) for k, v in scenario.districts["name"].items()}
        found = advance_arrows(
            scenario.daily,
            scenario.districts,
            scenario.adjacency,
            result.start,
            result.end,
            scenario.crs,
        )
        extra = [arrow_feature(a, names) for a in found]
    if fmt == "geojson":
        return _json(diff_geojson(result, scenario.districts, extra)), count
    record = diff_record(result)
    if arrows:
        record["arrows"] = extra
    return _json(record), count


def _battle(scenario: Any, folder: str | Path | None) -> dict[str, Any]:
    return provenance(scenario, scenario.dates[0], scenario.dates[-1], folder=folder)


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value


def _control_rows(scenario: Any) -> list[dict[str, Any]]:
    events = {e.id: e for e in scenario.events}
    factions = list(scenario.faction_ids)
    names = scenario.districts["name"]
    rows = []
    table = scenario.control.sort_values(["date", "line"], kind="stable")
    for row in table.to_dict(orient="records"):
        event_id = _cell(row.get("event"))
        event = events.get(str(event_id)) if event_id is not None else None
        district = str(row["district"])
        rows.append(
            {
                "date": pd.Timestamp(row["date"]).strftime("%Y-%m-%d"),
                "district": district,
                "name": str(names.get(district, district)),
                **{f: round(float(row[f]), 4) + 0.0 for f in factions},
                "event": event_id,
                "title": event.title if event else None,
                "confidence": str(row["confidence"]),
                "note": _cell(row.get("note")),
                "sources": ";".join(dict.fromkeys(r.id for r in event.sources)) if event else "",
            }
        )
    return rows


CONTROL_COLUMNS = ("date", "district", "name", "event", "title", "confidence", "note", "sources")
"""The control table's columns, the faction shares coming after ``name``."""


def control_text(scenario: Any, fmt: str, *, folder: str | Path | None = None) -> str:
    """The whole control table (every row of ``control.csv``: the day, the district and its
    name, the shares per faction, the event and its title, reported or inferred, the note and
    the ids of the event's sources) as CSV, or JSON (``rows`` under the provenance)."""
    rows = _control_rows(scenario)
    meta = _battle(scenario, folder)
    if fmt == "json":
        return _json({**meta, "factions": list(scenario.faction_ids), "rows": rows})
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}: use csv or json")
    columns = [*CONTROL_COLUMNS[:3], *scenario.faction_ids, *CONTROL_COLUMNS[3:]]
    return _ends(csv_text(pd.DataFrame(rows, columns=columns), meta))


def event_record(event: Event) -> dict[str, Any]:
    """One event as a JSON-ready mapping (the rows of ``frontline events``)."""
    record = asdict(event)
    record.pop("line", None)
    record["date"] = event.date.isoformat()
    for ref in record["sources"]:  # a passage only where the citation names one
        if ref.get("passage") is None:
            ref.pop("passage", None)
    for claim in record["claims"]:
        if isinstance(claim["value"], tuple):
            claim["value"] = list(claim["value"])
    return {k: list(v) if isinstance(v, tuple) else v for k, v in record.items()}


def events_text(scenario: Any, fmt: str, *, folder: str | Path | None = None) -> str:
    """Every event (the records of ``frontline events``) as JSON (``events`` under the
    provenance) or CSV (nested values, such as sources and claims, JSON-encoded in their
    cell, as ``frontline events --format csv`` writes them)."""
    records = [event_record(e) for e in scenario.events]
    meta = _battle(scenario, folder)
    if fmt == "json":
        return _json({**meta, "events": records})
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}: use csv or json")
    flat = [
        {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
            for k, v in record.items()
        }
        for record in records
    ]
    return _ends(csv_text(pd.DataFrame(flat, columns=EVENT_FIELDS), meta))
