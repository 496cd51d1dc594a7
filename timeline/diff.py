"""What changed between two days of a battle: the districts, the changes behind them, km².

:func:`diff_days` compares the daily control table on day ``A`` with day ``B`` (``A <= B``)
and gives a :class:`Diff`:

* every district whose shares differ between the two days (beyond a rounding tolerance),
  and no other, with its shares and holder (status) on each day, the faction that gained
  most of it and the control changes behind it: the rows of ``control.csv`` for that
  district dated after ``A`` up to ``B``, each with its event, whether it is reported or
  inferred, and the sources the event cites. A district that changed hands and came back
  is not listed (its shares on ``B`` equal those on ``A``);
* the net km² each faction gained (positive) or lost (negative): the difference of the
  ``<faction>_km2`` columns of :mod:`timeline.stats` between the two days, so the numbers
  are those of ``frontline stats``;
* the change in the attacker's share of the enclave (``attacker_share_of_enclave`` of
  :mod:`timeline.stats`, same definition), when the scenario has one.

:func:`diff_table` lays the districts out as flat rows (CSV), :func:`diff_geojson` as a
FeatureCollection of district polygons. Every output carries :func:`provenance`: the
scenario, the two days, the credits and the licence; :func:`csv_text` writes a table with
them in ``# key: value`` lines above the header (``pandas.read_csv(..., comment="#")``
reads it back).

:func:`day_geojson` and :func:`day_table` are the map of one day as data (every district's
polygon with its shares, holder, since, the change behind it, confidence and sources), for
downloads of the day.

Pure data code: no Dash, no plotly, no printing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from .model import Event
from .stats import ENCLAVE_COLUMNS, area_column

__all__ = [
    "LICENCE",
    "META_KEYS",
    "ControlChange",
    "Diff",
    "DistrictChange",
    "csv_text",
    "day_geojson",
    "day_table",
    "diff_days",
    "diff_geojson",
    "diff_table",
    "provenance",
]

TOLERANCE = 1e-9
"""Shares closer than this are equal (the tolerance of :mod:`timeline.stats`)."""
_DIGITS = 6  # coordinates: about 0.1 m, as RFC 7946 suggests
LICENCE = (
    "Frontline Atlas control table, events and code: MIT licence. District geometry and "
    "other third-party layers: the licences named in the credits"
)
"""The licence line of every output; a scenario folder's ``LICENSE*`` files are named too."""
META_KEYS = ("scenario", "title", "dates", "credits", "licence", "generator")
"""The provenance keys a CSV names in its comment lines, in order."""


@dataclass(frozen=True)
class ControlChange:
    """One row of ``control.csv`` behind a district's change: its day, the shares it set,
    its event (id and title), ``reported`` or ``inferred``, and the sources the event cites
    (``{"id", "section", "passage"}``, section and passage ``None`` when not named)."""

    date: str
    shares: dict[str, float]
    event: str | None
    title: str | None
    confidence: str
    sources: tuple[dict[str, str | None], ...] = ()


@dataclass(frozen=True)
class DistrictChange:
    """A district whose shares differ between the two days.

    ``before``/``after`` are the shares per faction (scenario order), ``holder_before`` /
    ``holder_after`` the statuses (a faction id or ``contested``). ``gainer`` is the faction
    whose share grew most, ``loser`` the one whose share fell most. ``km2`` is the change
    of km² held per faction inside this district (area times share change).
    """

    district: str
    name: str
    area_km2: float
    before: dict[str, float]
    after: dict[str, float]
    holder_before: str
    holder_after: str
    gainer: str
    loser: str
    km2: dict[str, float]
    changes: tuple[ControlChange, ...] = ()

    @property
    def confidence(self) -> str:
        """``reported`` when every change behind it is reported, else ``inferred``."""
        levels = {c.confidence for c in self.changes}
        return "reported" if levels == {"reported"} else "inferred"

    @property
    def events(self) -> tuple[str, ...]:
        """The event ids behind the change, in date order, each once."""
        return tuple(dict.fromkeys(c.event for c in self.changes if c.event))

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The ids of the sources behind the change, each once."""
        return tuple(dict.fromkeys(s["id"] for c in self.changes for s in c.sources))


@dataclass(frozen=True)
class Diff:
    """The changes from day ``start`` (A) to day ``end`` (B) of a scenario.

    ``km2`` is the net km² gained (positive) or lost per faction, from the statistics;
    ``enclave`` is ``{"before", "after", "change"}`` of the attacker's share of the enclave,
    or ``None`` when the scenario has no enclave statistic. ``meta`` is :func:`provenance`.
    """

    start: str
    end: str
    factions: tuple[str, ...]
    districts: tuple[DistrictChange, ...]
    km2: dict[str, float]
    enclave: dict[str, float] | None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the changed districts, in the order of the district layer."""
        return tuple(d.district for d in self.districts)


def _iso(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _licence_files(folder: str | Path | None) -> list[str]:
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(p.name for p in Path(folder).glob("LICEN[CS]E*") if p.is_file())


def provenance(
    scenario: Any, *days: date | str, folder: str | Path | None = None
) -> dict[str, Any]:
    """What every download names: ``scenario`` (its folder name), ``title``, the ``dates``
    (ISO), ``credits``, ``licence`` (naming the ``LICENSE*`` files of the scenario's
    ``folder``, when given) and the ``generator``."""
    files = _licence_files(folder)
    licence = LICENCE + (f" (shipped: {', '.join(files)})" if files else "")
    return {
        "scenario": scenario.name,
        "title": scenario.title,
        "dates": [_iso(d) for d in days],
        "credits": " ".join(str(scenario.credits or "").split()) or None,
        "licence": licence,
        "generator": "Frontline Atlas",
    }


def _event_index(events: tuple[Event, ...]) -> dict[str, Event]:
    return {e.id: e for e in events}


def _refs(event: Event | None) -> tuple[dict[str, str | None], ...]:
    if event is None:
        return ()
    return tuple({"id": r.id, "section": r.section, "passage": r.passage} for r in event.sources)


def _text(value: Any) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _day_index(scenario: Any, day: date | str) -> int:
    return scenario.dates.index(_iso(scenario.check_date(day)))


def diff_days(
    scenario: Any, start: date | str, end: date | str, *, folder: str | Path | None = None
) -> Diff:
    """The changes from day ``start`` (A) to day ``end`` (B) of ``scenario`` (a
    :class:`~timeline.scenario.Scenario`); ``ValueError`` naming the range for a day
    outside the battle, or when ``start`` is after ``end``. ``folder`` (the scenario's
    folder) only serves to name its licence files in the provenance."""
    a_i, b_i = _day_index(scenario, start), _day_index(scenario, end)
    if a_i > b_i:
        raise ValueError(
            f"{scenario.dates[a_i]} is after {scenario.dates[b_i]}: the first day must come first"
        )
    a_day, b_day = scenario.dates[a_i], scenario.dates[b_i]
    factions = tuple(scenario.faction_ids)
    before = scenario.state_on(a_day)
    after = scenario.state_on(b_day)
    ids = [str(i) for i in scenario.districts.index]
    from geodata.areas import area_km2

    areas = area_km2(scenario.districts, scenario.crs)
    old = before.loc[ids, list(factions)].to_numpy(dtype=float)
    new = after.loc[ids, list(factions)].to_numpy(dtype=float)
    delta = new - old
    moved = (np.abs(delta) > TOLERANCE).any(axis=1)

    events = _event_index(scenario.events)
    control = scenario.control
    window = control[
        (control["date"] > pd.Timestamp(a_day)) & (control["date"] <= pd.Timestamp(b_day))
    ].sort_values(["date", "line"], kind="stable")
    by_district = {str(k): g for k, g in window.groupby("district", sort=False, observed=True)}

    changed = []
    for i in np.flatnonzero(moved):
        ident = ids[i]
        area = float(areas.loc[ident])
        rows = by_district.get(ident)
        changes = []
        if rows is not None:
            for row in rows.to_dict(orient="records"):  # faction ids may not be names
                event_id = _text(row.get("event"))
                event = events.get(event_id) if event_id else None
                changes.append(
                    ControlChange(
                        date=_iso(row["date"]),
                        shares={f: float(row[f]) for f in factions},
                        event=event_id,
                        title=event.title if event else None,
                        confidence=str(row["confidence"]),
                        sources=_refs(event),
                    )
                )
        changed.append(
            DistrictChange(
                district=ident,
                name=str(scenario.districts.loc[ident, "name"]),
                area_km2=area,
                before=dict(zip(factions, map(float, old[i]), strict=True)),
                after=dict(zip(factions, map(float, new[i]), strict=True)),
                holder_before=str(before.loc[ident, "status"]),
                holder_after=str(after.loc[ident, "status"]),
                gainer=factions[int(np.argmax(delta[i]))],
                loser=factions[int(np.argmin(delta[i]))],
                km2={f: float(area * d) for f, d in zip(factions, delta[i], strict=True)},
                changes=tuple(changes),
            )
        )

    stats = scenario.stats.set_index(pd.DatetimeIndex(scenario.stats["date"]))
    row_a, row_b = stats.loc[pd.Timestamp(a_day)], stats.loc[pd.Timestamp(b_day)]
    km2 = {f: float(row_b[area_column(f)] - row_a[area_column(f)]) for f in factions}
    enclave = None
    share = ENCLAVE_COLUMNS[1]
    if share in stats.columns:
        enclave = {
            "before": float(row_a[share]),
            "after": float(row_b[share]),
            "change": float(row_b[share] - row_a[share]),
        }
    return Diff(
        start=a_day,
        end=b_day,
        factions=factions,
        districts=tuple(changed),
        km2=km2,
        enclave=enclave,
        meta=provenance(scenario, a_day, b_day, folder=folder),
    )


def _round(value: float, digits: int = 4) -> float:
    return round(float(value), digits) + 0.0  # + 0.0: no "-0.0"


def _shares(shares: dict[str, float]) -> dict[str, float]:
    return {k: _round(v) for k, v in shares.items()}


def change_record(change: DistrictChange) -> dict[str, Any]:
    """One changed district as a JSON-ready mapping."""
    return {
        "district": change.district,
        "name": change.name,
        "area_km2": _round(change.area_km2),
        "from": {"holder": change.holder_before, "shares": _shares(change.before)},
        "to": {"holder": change.holder_after, "shares": _shares(change.after)},
        "gainer": change.gainer,
        "loser": change.loser,
        "km2": {k: _round(v) for k, v in change.km2.items()},
        "confidence": change.confidence,
        "changes": [
            {
                "date": c.date,
                "shares": _shares(c.shares),
                "event": c.event,
                "title": c.title,
                "confidence": c.confidence,
                "sources": [dict(s) for s in c.sources],
            }
            for c in change.changes
        ],
    }


def diff_record(diff: Diff) -> dict[str, Any]:
    """The whole diff as one JSON-ready mapping: the provenance, ``from``/``to``, the
    ``districts`` (see :func:`change_record`), ``km2`` per faction and ``enclave``."""
    enclave = None if diff.enclave is None else {k: _round(v, 6) for k, v in diff.enclave.items()}
    return {
        **diff.meta,
        "from": diff.start,
        "to": diff.end,
        "factions": list(diff.factions),
        "count": len(diff.districts),
        "km2": {k: _round(v) for k, v in diff.km2.items()},
        "enclave": enclave,
        "districts": [change_record(c) for c in diff.districts],
    }


def diff_columns(factions: tuple[str, ...] | list[str]) -> list[str]:
    """The columns of :func:`diff_table`."""
    return [
        "district",
        "name",
        "area_km2",
        "from_holder",
        "to_holder",
        *(f"from_{f}" for f in factions),
        *(f"to_{f}" for f in factions),
        *(f"{f}_km2" for f in factions),
        "gainer",
        "confidence",
        "change_dates",
        "events",
        "sources",
    ]


def diff_table(diff: Diff) -> pd.DataFrame:
    """One row per changed district, flat (for CSV): holders and shares on each day, km²
    per faction, the gainer, the confidence, and the change dates, event ids and source
    ids joined with ``;``."""
    rows = []
    for c in diff.districts:
        row: dict[str, Any] = {
            "district": c.district,
            "name": c.name,
            "area_km2": _round(c.area_km2),
            "from_holder": c.holder_before,
            "to_holder": c.holder_after,
        }
        row |= {f"from_{f}": _round(c.before[f]) for f in diff.factions}
        row |= {f"to_{f}": _round(c.after[f]) for f in diff.factions}
        row |= {f"{f}_km2": _round(c.km2[f]) for f in diff.factions}
        row |= {
            "gainer": c.gainer,
            "confidence": c.confidence,
            "change_dates": ";".join(dict.fromkeys(x.date for x in c.changes)),
            "events": ";".join(c.events),
            "sources": ";".join(c.source_ids),
        }
        rows.append(row)
    return pd.DataFrame(rows, columns=diff_columns(diff.factions))


def _geometry(geom: Any) -> dict[str, Any]:
    return mapping(shapely.transform(geom, lambda xy: np.round(xy, _DIGITS)))


def diff_geojson(
    diff: Diff, districts: Any, extra: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The changed districts as a FeatureCollection (EPSG:4326): each district's polygon
    with the properties of :func:`change_record`, plus ``extra`` features (arrows, say).
    The collection's ``metadata`` member holds the provenance, the days, km² per faction
    and the enclave change. ``districts`` is the scenario's district layer."""
    record = diff_record(diff)
    features = []
    for change in record.pop("districts"):
        geom = districts.geometry.loc[change["district"]]
        features.append(
            {
                "type": "Feature",
                "id": change["district"],
                "properties": change,
                "geometry": _geometry(geom),
            }
        )
    return {
        "type": "FeatureCollection",
        "metadata": record,
        "features": features + list(extra or []),
    }


def _day_rows(scenario: Any, day: date | str) -> tuple[str, list[dict[str, Any]]]:
    iso = _iso(scenario.check_date(day))
    state = scenario.state_on(iso)
    events = _event_index(scenario.events)
    factions = scenario.faction_ids
    rows = []
    for ident, district in scenario.districts.iterrows():
        row = state.loc[str(ident)]
        event_id = _text(row["event"])
        event = events.get(event_id) if event_id else None
        since = _iso(row["since"])
        rows.append(
            {
                "district": str(ident),
                "name": str(district["name"]),
                "holder": str(row["status"]),
                "shares": {f: _round(row[f]) for f in factions},
                "since": since,
                "changed_today": since == iso and iso != scenario.dates[0],
                "event": event_id,
                "title": event.title if event else None,
                "confidence": str(row["confidence"]),
                "sources": list(dict.fromkeys(s["id"] for s in _refs(event))),
            }
        )
    return iso, rows


def day_geojson(
    scenario: Any, day: date | str, *, folder: str | Path | None = None
) -> dict[str, Any]:
    """Every district on ``day`` as a FeatureCollection (EPSG:4326): its polygon with
    ``district``, ``name``, ``holder`` (a faction id or ``contested``), ``shares``,
    ``since`` (the day of the change that set it), ``changed_today``, ``event`` and its
    ``title`` (the change behind it), ``confidence`` and ``sources`` (ids). The
    ``metadata`` member holds the provenance (see :func:`provenance`)."""
    iso, rows = _day_rows(scenario, day)
    geoms = scenario.districts.geometry
    return {
        "type": "FeatureCollection",
        "metadata": {**provenance(scenario, iso, folder=folder), "date": iso},
        "features": [
            {
                "type": "Feature",
                "id": row["district"],
                "properties": row,
                "geometry": _geometry(geoms.loc[row["district"]]),
            }
            for row in rows
        ],
    }


def day_table(scenario: Any, day: date | str) -> pd.DataFrame:
    """Every district on ``day`` as flat rows (for CSV): the fields of :func:`day_geojson`
    with one ``share_<faction>`` column per faction and the source ids joined with ``;``."""
    _, rows = _day_rows(scenario, day)
    flat = []
    for row in rows:
        out = {k: v for k, v in row.items() if k not in ("shares", "sources")}
        out |= {f"share_{f}": v for f, v in row["shares"].items()}
        out["sources"] = ";".join(row["sources"])
        flat.append(out)
    return pd.DataFrame(flat)


def csv_text(table: pd.DataFrame, meta: dict[str, Any]) -> str:
    """``table`` as CSV under ``# key: value`` lines of ``meta`` (read it back with
    ``pandas.read_csv(..., comment="#")``)."""
    lines = []
    for key in META_KEYS:
        if key in meta and meta[key] is not None:
            value = meta[key]
            text = ", ".join(value) if isinstance(value, list) else str(value)
            lines.append(f"# {key}: {' '.join(text.split())}")
    body = table.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    return "\n".join(lines) + "\n" + body
