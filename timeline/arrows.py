"""Advance arrows, computed from the daily control table, not drawn by hand.

For a window of days ``A..B``, :func:`advance_arrows` finds what each faction took and
draws one arrow per push:

1. **Gains.** A district is *gained* by the faction whose share grew most from ``A`` to
   ``B``, when that growth is at least ``min_gain`` of the district. Its *gain day* is the
   first day in ``A+1..B`` on which that faction's share rose.
2. **Pushes.** Gained districts of one faction form one push when they are neighbours
   (they share an edge, see :func:`geodata.topology.adjacency`) and their gain days are at
   most ``link_days`` apart; a push is a connected group of such links. So a broad advance
   on one front is one arrow, not one per district, while a push a week later, or on the
   other side of the city, is another.
3. **Geometry** (measured in the scenario's metric CRS, returned in EPSG:4326). The
   arrow's *target* is the push's centroid, each district weighted by the km² gained in it.
   Its *origin* is the nearest point to the target on the edge of the territory the faction
   held (a majority share) on the day before the push's first gain day, preferring the
   districts that border the push, since that is where the push came from. The arrow is a
   LineString origin -> target -> a point beyond the target towards the push's far edge
   (half-way from the target to where the ray leaves the push), so it runs *through* the
   centroid into the ground taken.
4. **Size**: ``km2`` is the area gained (the sum of area times share gained); ``weight``
   is ``km2`` over the largest arrow's, for drawing widths.

Pure data code: no Dash, no plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import nearest_points

from .model import faction_columns

__all__ = ["Arrow", "advance_arrows", "arrow_feature", "arrows_geojson"]

MIN_GAIN = 0.25
"""A faction must gain at least this share of a district for it to count as taken."""
LINK_DAYS = 1
"""Neighbouring gains at most this many days apart belong to the same push."""
_TOL = 1e-9
_MAJORITY = 0.5
_DIGITS = 6


@dataclass(frozen=True)
class Arrow:
    """One push of one faction.

    ``districts`` are the district ids taken, in the order of their gain days (then the
    layer's order); ``days`` maps each to its gain day (ISO). ``first``/``last`` are the
    first and last gain days; ``km2`` the area gained; ``weight`` ``km2`` relative to the
    window's largest arrow (0..1]. ``line`` is the arrow in EPSG:4326 (origin, target,
    end); ``origin``/``target`` are its first two points (lon, lat).
    """

    faction: str
    districts: tuple[str, ...]
    days: dict[str, str]
    first: str
    last: str
    km2: float
    weight: float
    line: LineString

    @property
    def origin(self) -> tuple[float, float]:
        x, y = self.line.coords[0]
        return (x, y)

    @property
    def target(self) -> tuple[float, float]:
        x, y = self.line.coords[1]
        return (x, y)


def _components(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _far_end(target: Point, origin: Point, region: Any) -> Point:
    """Half-way from ``target`` to where the ray origin -> target leaves ``region``."""
    dx, dy = target.x - origin.x, target.y - origin.y
    norm = float(np.hypot(dx, dy))
    if norm == 0:
        return target
    minx, miny, maxx, maxy = region.bounds
    reach = float(np.hypot(maxx - minx, maxy - miny)) + norm
    ray = LineString([target, (target.x + dx / norm * reach, target.y + dy / norm * reach)])
    inside = ray.intersection(region)
    if inside.is_empty:
        return target
    distance = 0.0
    for part in getattr(inside, "geoms", [inside]):
        coords = list(part.coords) if hasattr(part, "coords") else []
        if not coords:
            continue
        start = Point(coords[0])
        if start.distance(target) > 1e-6 and distance > 0:  # a later, separate stretch
            break
        distance = max(distance, max(Point(c).distance(target) for c in coords))
    return Point(target.x + dx / norm * distance / 2, target.y + dy / norm * distance / 2)


def _origin(territory: Any, region: Any, target: Point) -> Point:
    """Where the push started: the middle of the line it crossed (the stretch of the held
    territory's edge that the push touches), or, when they do not touch, the point of the
    held territory's edge nearest the target."""
    front = shapely.line_merge(
        shapely.intersection(territory.boundary, region.buffer(1.0).boundary.buffer(2.0))
    )
    if not front.is_empty and front.length > 1.0:
        return nearest_points(front, front.centroid)[0]
    return nearest_points(territory.boundary, target)[0]


def advance_arrows(
    daily: pd.DataFrame,
    districts: gpd.GeoDataFrame,
    adjacency: pd.DataFrame,
    start: date | str,
    end: date | str,
    crs: Any,
    *,
    min_gain: float = MIN_GAIN,
    link_days: int = LINK_DAYS,
) -> tuple[Arrow, ...]:
    """The advance arrows of the window ``start..end`` (days of ``daily``, start <= end).

    ``daily`` is the daily control table (:mod:`timeline.build`), ``districts`` the district
    layer (indexed by id, with a CRS), ``adjacency`` its neighbour pairs (columns ``a``,
    ``b``) and ``crs`` the metric CRS to measure in. Arrows come largest first.
    ``ValueError`` when a day is not in the table or ``start`` is after ``end``.
    """
    factions = list(faction_columns(daily.columns))
    a_ts, b_ts = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    daily = daily.assign(date=pd.to_datetime(daily["date"]).dt.normalize())
    dates = pd.DatetimeIndex(daily["date"].unique()).sort_values()
    for stamp in (a_ts, b_ts):
        if stamp not in dates:
            raise ValueError(
                f"{stamp.date()} is not a day of the table: pick one in "
                f"{dates[0].date()}..{dates[-1].date()}"
            )
    if a_ts > b_ts:
        raise ValueError(f"{a_ts.date()} is after {b_ts.date()}: the first day must come first")
    window = dates[(dates >= a_ts) & (dates <= b_ts)]
    ids = [str(i) for i in districts.index]
    rows = daily[daily["date"].isin(window)].copy()
    rows["district"] = rows["district"].astype(str)
    rows = rows.set_index(["date", "district"]).sort_index()
    shares = np.stack(
        [rows.loc[day].reindex(ids)[factions].to_numpy(dtype=float) for day in window]
    )  # (days, districts, factions)
    delta = shares[-1] - shares[0]
    gainer = np.argmax(delta, axis=1)
    gain = delta[np.arange(len(ids)), gainer]
    if len(window) > 1:
        rises = np.diff(shares, axis=0) > _TOL  # (days-1, districts, factions)
    else:
        rises = np.zeros((0, len(ids), len(factions)), dtype=bool)

    metric = districts.geometry.to_crs(crs)
    geoms = metric.to_numpy()
    areas = shapely.area(geoms) / 1e6
    centroids = shapely.centroid(geoms)
    position = {ident: i for i, ident in enumerate(ids)}
    pairs = [
        (position[str(a)], position[str(b)])
        for a, b in zip(adjacency["a"], adjacency["b"], strict=True)
        if str(a) in position and str(b) in position
    ]
    neighbours: dict[int, set[int]] = {i: set() for i in range(len(ids))}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)

    found: list[dict[str, Any]] = []
    for f_i, faction in enumerate(factions):
        taken = [i for i in range(len(ids)) if gainer[i] == f_i and gain[i] >= min_gain - _TOL]
        if not taken:
            continue
        day_of = {}
        for i in taken:
            steps = np.flatnonzero(rises[:, i, f_i])
            day_of[i] = int(steps[0]) + 1 if len(steps) else len(window) - 1
        local = {d: k for k, d in enumerate(taken)}
        links = [
            (local[a], local[b])
            for a, b in pairs
            if a in local and b in local and abs(day_of[a] - day_of[b]) <= link_days
        ]
        for group in _components(len(taken), links):
            members = sorted((taken[k] for k in group), key=lambda i: (day_of[i], i))
            km2 = float(sum(areas[i] * gain[i] for i in members))
            weights = np.array([areas[i] * gain[i] for i in members])
            xy = np.array([[centroids[i].x, centroids[i].y] for i in members])
            target = Point(*(weights @ xy / weights.sum()))
            region = shapely.union_all([geoms[i] for i in members])
            first_day = min(day_of[i] for i in members)
            held = shares[first_day - 1, :, f_i] >= _MAJORITY - _TOL
            member_set = set(members)
            base = [i for i in np.flatnonzero(held) if i not in member_set]
            if not base:
                base = [
                    i
                    for i in np.flatnonzero(shares[first_day - 1, :, f_i] > _TOL)
                    if i not in member_set
                ]
            if not base:
                continue  # nothing held before: no ground to advance from
            if not region.contains(target):  # a crescent or a ring: keep the target inside
                target = nearest_points(region, target)[0]
            bordering = [i for i in base if neighbours[i] & member_set]
            territory = shapely.union_all([geoms[i] for i in (bordering or base)])
            origin = _origin(territory, region, target)
            if origin.distance(target) < 1.0:  # under a metre: no direction
                continue
            end_point = _far_end(target, origin, region)
            line = LineString([origin, target, end_point])
            found.append(
                {
                    "faction": faction,
                    "districts": tuple(ids[i] for i in members),
                    "days": {ids[i]: window[day_of[i]].strftime("%Y-%m-%d") for i in members},
                    "first": window[first_day].strftime("%Y-%m-%d"),
                    "last": window[max(day_of[i] for i in members)].strftime("%Y-%m-%d"),
                    "km2": km2,
                    "line": line,
                }
            )
    if not found:
        return ()
    largest = max(item["km2"] for item in found)
    lines = gpd.GeoSeries([item["line"] for item in found], crs=crs).to_crs(4326).to_numpy()
    arrows = [
        Arrow(
            **{**item, "line": line},
            weight=item["km2"] / largest if largest > 0 else 1.0,
        )
        for item, line in zip(found, lines, strict=True)
    ]
    arrows.sort(key=lambda a: (-a.km2, a.first, a.faction))
    return tuple(arrows)


def arrow_feature(arrow: Arrow, names: dict[str, str] | None = None) -> dict[str, Any]:
    """An arrow as a GeoJSON LineString feature: ``kind: "arrow"``, the faction, its
    districts (ids, and ``names`` when given), their gain days, the first and last day,
    ``km2`` and ``weight``."""
    props: dict[str, Any] = {
        "kind": "arrow",
        "faction": arrow.faction,
        "districts": list(arrow.districts),
    }
    if names is not None:
        props["names"] = [names.get(d, d) for d in arrow.districts]
    props |= {
        "days": dict(arrow.days),
        "first": arrow.first,
        "last": arrow.last,
        "km2": round(arrow.km2, 4),
        "weight": round(arrow.weight, 4),
    }
    geometry = mapping(shapely.transform(arrow.line, lambda xy: np.round(xy, _DIGITS)))
    return {"type": "Feature", "properties": props, "geometry": geometry}


def arrows_geojson(
    arrows: tuple[Arrow, ...] | list[Arrow], names: dict[str, str] | None = None
) -> dict[str, Any]:
    """The arrows as a FeatureCollection of LineStrings (see :func:`arrow_feature`)."""
    return {"type": "FeatureCollection", "features": [arrow_feature(a, names) for a in arrows]}
