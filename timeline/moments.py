"""Moments between days: shares interpolated in time, parts and fronts for each, ready to ship.

The state of day ``D`` holds at ``D 00:00``; until ``D+1 00:00`` every share moves linearly
towards the state of day ``D+1``, so ``2016-11-19T12:00`` sits halfway between the 19th and
the 20th. After the last day's midnight the state stays that of the last day (to 23:59:59).
A :class:`Moment` holds one instant: the shares, the whole districts by holder, the parts of
the shared ones (see :mod:`timeline.partition`) and the front (:mod:`timeline.front_parts`).
:func:`all_moments` computes every moment of a battle once per scenario and step;
:func:`moments_payload` turns them into a compact JSON-ready dict for the browser (which
plays them as the frames of its animation). Pure: never Dash or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from .front_parts import front_of_split, merge_front, pieces_length_km
from .model import faction_columns
from .partition import PART_COLUMNS, Partitioner, partitioner

__all__ = [
    "Moment",
    "all_moments",
    "moment_at",
    "moments_payload",
    "parts_at",
    "shares_at",
    "timestamp_of",
]

_DAY = pd.Timedelta(days=1)
_DIGITS = 5
_SIMPLIFY_DEG = 2e-5  # about 2 m: the source outlines zigzag at this scale


@dataclass(frozen=True, eq=False)
class Moment:
    """One instant of the battle.

    ``at``: ISO ``YYYY-MM-DDTHH:MM`` (seconds only when not zero). ``shares``: the
    interpolated shares, indexed by district id, one column per faction. ``holders``: the
    district id -> faction of every district held whole. ``parts``: the parts of the shared
    districts only (columns of :data:`timeline.partition.PART_COLUMNS`, EPSG:4326). ``front``:
    the front line (EPSG:4326) and ``front_km`` its length; ``front_pieces`` the same line
    in pieces (:func:`timeline.front_parts.front_of_split`: the same lines as
    :func:`timeline.front_parts.front_pieces` gives, grouped by part), shared between moments
    where they do not change, which keeps :func:`moments_payload` small.
    """

    at: str
    shares: pd.DataFrame
    holders: dict[str, str]
    parts: gpd.GeoDataFrame
    front: MultiLineString
    front_km: float
    front_pieces: tuple[BaseGeometry, ...] = ()


def timestamp_of(value: datetime | date | str | pd.Timestamp) -> pd.Timestamp:
    """``value`` as a naive timestamp (a date is its midnight); ``ValueError`` if unreadable."""
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"{value!r} is not a moment: write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from exc
    if stamp is pd.NaT:
        raise ValueError(f"{value!r} is not a moment: write YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.isoformat(timespec="seconds" if stamp.second else "minutes")


def _locate(dates: pd.DatetimeIndex, moment: pd.Timestamp) -> tuple[int, float]:
    """(day index, fraction of the way to the next day) of ``moment``."""
    first, last = dates[0], dates[-1]
    if not first <= moment < last + _DAY:
        raise ValueError(
            f"{_iso(moment)} is outside the battle: pick a moment from {first.date()}T00:00 "
            f"to {last.date()}T23:59"
        )
    k = int((moment - first) // _DAY)
    fraction = float((moment - first - k * _DAY) / _DAY)
    return (k, 0.0) if k >= len(dates) - 1 else (k, fraction)


def shares_at(daily: pd.DataFrame, moment: datetime | date | str) -> pd.DataFrame:
    """Each district's shares at ``moment``: linear in time between two consecutive days.

    Returns a frame indexed by district id (in the daily table's order) with one column per
    faction. ``ValueError`` if ``moment`` falls outside the battle.
    """
    stamp = timestamp_of(moment)
    dates = pd.DatetimeIndex(sorted(pd.to_datetime(daily["date"]).unique()))
    k, fraction = _locate(dates, stamp)
    cols = list(faction_columns(daily.columns))

    def day(i: int) -> pd.DataFrame:
        rows = daily[pd.to_datetime(daily["date"]) == dates[i]]
        return rows.set_index(rows["district"].astype(str).rename(None))[cols].astype(float)

    now = day(k)
    if fraction == 0:
        return now
    return (1.0 - fraction) * now + fraction * day(k + 1).reindex(now.index)


def _state(p: Partitioner, moment: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    return p.state(*_locate(p.dates, moment))


def parts_at(scenario: Any, moment: datetime | date | str) -> gpd.GeoDataFrame:
    """Every district's parts at ``moment`` (whole districts give one row), EPSG:4326.

    ``scenario`` is a :class:`~timeline.scenario.Scenario` (or anything with ``districts``,
    ``adjacency`` and ``daily``). Columns: :data:`timeline.partition.PART_COLUMNS`.
    """
    p = partitioner(scenario)
    return p.parts(*_state(p, timestamp_of(moment)))


def _moment_fields(p: Partitioner, stamp: pd.Timestamp, memo: dict) -> dict[str, Any]:
    """A :class:`Moment`'s fields but its parts table, and ``lists`` (the rows of each shared
    district). ``memo`` (kept across the moments of one call) shares what did not change:
    parts and front pieces (through the partitioner), the merged front and its length."""
    shares, rise = _state(p, stamp)
    holders, splits = p.split(shares, rise)
    pieces = front_of_split(p, holders, splits, memo.setdefault("pieces", {}))
    key = tuple(map(id, pieces))
    fronts = memo.setdefault("fronts", {})
    if key not in fronts:  # the pieces stay alive in the memo, so their ids are stable
        front = merge_front(list(pieces))
        fronts[key] = (pieces, front, pieces_length_km(pieces, memo.setdefault("km", {}), p.crs))
    _, front, km = fronts[key]
    whole = np.ones(len(p.ids), dtype=bool)
    whole[list(splits)] = False
    names = np.asarray(p.factions, dtype=object)[holders[whole]]
    return {
        "at": _iso(stamp),
        "shares": pd.DataFrame(shares, index=p.ids, columns=list(p.factions)),
        "holders": dict(zip(p.ids[whole].tolist(), names.tolist())),
        "front": front,
        "front_km": km,
        "front_pieces": pieces,
        "lists": tuple(splits.values()),
    }


def _tables(moments: list[tuple[list, ...]]) -> list[gpd.GeoDataFrame]:
    """The parts table of each moment (given as its lists of rows), cut from one table of
    every distinct row; moments with the same lists share one table."""
    start: dict[int, int] = {}
    rows: list[tuple] = []
    for lists in moments:
        for group in lists:
            if id(group) not in start:  # the lists stay alive in the partitioner's memo
                start[id(group)] = len(rows)
                rows.extend(group)
    every = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=PART_COLUMNS), geometry="geometry", crs=4326
    )
    tables: dict[tuple, gpd.GeoDataFrame] = {}
    out = []
    for lists in moments:
        key = tuple(map(id, lists))
        if key not in tables:
            at = [start[id(group)] + k for group in lists for k in range(len(group))]
            tables[key] = every.take(at).reset_index(drop=True)
        out.append(tables[key])
    return out


def _build(moments: list[dict[str, Any]]) -> tuple[Moment, ...]:
    tables = _tables([m.pop("lists") for m in moments])
    return tuple(Moment(parts=table, **m) for m, table in zip(moments, tables))


def moment_at(scenario: Any, moment: datetime | date | str) -> Moment:
    """The :class:`Moment` at ``moment`` (not cached; :func:`all_moments` is)."""
    return _build([_moment_fields(partitioner(scenario), timestamp_of(moment), {})])[0]


def all_moments(scenario: Any, per_day: int = 1) -> tuple[Moment, ...]:
    """Every moment of the battle, ``per_day`` per day: ``(days - 1) * per_day + 1`` moments.

    Computed once per (scenario object, ``per_day``) and cached: the moments are shared, treat
    them as read-only. ``scenario`` is a :class:`~timeline.scenario.Scenario`.
    """
    if not isinstance(per_day, int | np.integer) or isinstance(per_day, bool) or per_day < 1:
        raise ValueError(f"per_day must be a whole number >= 1, not {per_day!r}")
    return _all_moments(scenario, int(per_day))


@lru_cache(maxsize=8)
def _all_moments(scenario: Any, per_day: int) -> tuple[Moment, ...]:
    p = partitioner(scenario)
    start, n = p.dates[0], len(p.dates)
    steps = [start + (k + j / per_day) * _DAY for k in range(n - 1) for j in range(per_day)]
    steps.append(p.dates[-1])
    memo: dict = {}
    return _build([_moment_fields(p, pd.Timestamp(s), memo) for s in steps])


def _lonlat(geom: BaseGeometry) -> dict[str, list[float | None]]:
    """None-separated lon/lat arrays of every ring (polygons) or line, rounded to 5 decimals."""
    geom = shapely.simplify(geom, _SIMPLIFY_DEG, preserve_topology=True)
    lon: list[float | None] = []
    lat: list[float | None] = []
    for piece in shapely.get_parts(geom):
        rings = [piece.exterior, *piece.interiors] if piece.geom_type == "Polygon" else [piece]
        for ring in rings:
            xy = np.round(np.asarray(ring.coords)[:, :2], _DIGITS)
            if lon:
                lon.append(None)
                lat.append(None)
            lon.extend(xy[:, 0].tolist())
            lat.extend(xy[:, 1].tolist())
    return {"lon": lon, "lat": lat}


def moments_payload(moments: tuple[Moment, ...] | list[Moment]) -> dict[str, Any]:
    """The moments as a compact JSON-ready dict for the browser, which plays them as frames.

    ``{"factions", "districts", "geometries": [{"lon", "lat"}...], "frames": [...]}``: one
    entry of ``frames`` per moment, with ``moment`` (its ISO time), ``holder`` (faction index
    per district in ``districts`` order, -1 when shared), ``shares`` (``{district: [a share
    per faction, in the order of factions]}`` for shared districts, 3 decimals), ``parts``
    (``[district, faction, share, geometry index]``), ``front`` (geometry indices of its
    pieces) and ``front_km``. Geometries are simplified to about 1 m,
    rounded to 5 decimals, with rings separated by None, and stored once however many moments
    use them.
    """
    moments = list(moments)
    districts = [str(i) for i in moments[0].shares.index] if moments else []
    factions = [str(f) for f in moments[0].shares.columns] if moments else []
    code = {f: i for i, f in enumerate(factions)}
    geometries: list[dict[str, list[float | None]]] = []
    index: dict[int, int] = {}

    def ref(geom: BaseGeometry) -> int | None:
        if geom is None or geom.is_empty:
            return None
        if id(geom) not in index:
            index[id(geom)] = len(geometries)
            geometries.append(_lonlat(geom))
        return index[id(geom)]

    out = []
    for moment in moments:
        holder = [code[moment.holders[d]] if d in moment.holders else -1 for d in districts]
        shared = sorted(set(moment.parts["district"]))
        out.append(
            {
                "moment": moment.at,
                "holder": holder,
                "shares": {
                    d: np.round(moment.shares.loc[d].to_numpy(), 3).tolist() for d in shared
                },
                "parts": [
                    [row.district, row.faction, round(float(row.share), 4), ref(row.geometry)]
                    for row in moment.parts.itertuples(index=False)
                ],
                "front": [
                    i for i in map(ref, moment.front_pieces or (moment.front,)) if i is not None
                ],
                "front_km": round(moment.front_km, 3),
            }
        )
    return {
        "factions": factions,
        "districts": districts,
        "geometries": geometries,
        "frames": out,
    }
