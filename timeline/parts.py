"""Partition of shared districts: one polygon per faction, sized by its share, placed by the front.

A district whose state holds two or three factions (each with a share of at least
:data:`ZERO_SHARE`; smaller shares count as zero) is cut into one part per faction. Parts are
carved one faction after another, in metres (EPSG:32637):

1. The *advancing* faction is carved first. Its part is the district within distance ``d``
   of its *source*, with ``d`` found by bisection (regula falsi on a sampled ``area(d)``
   curve) so that the part's area is its share of the district's area (to 0.2 %).
2. With three factions the next one is carved the same way from what is left.
3. The last faction (the one with the largest share among those not advancing) takes the
   remainder.

The source of a faction, in order of preference (:meth:`Partitioner.parts`):

* ``edges``: the edges the district shares with neighbours that faction holds (its
  majority, as in :mod:`timeline.fronts`): the part grows inward from its own side.
* ``approach``: no neighbour of that faction, but it holds a district elsewhere: the stretch
  of the district's boundary within ``sqrt(area) / 4`` of the point nearest to the nearest
  district it holds (the direction it comes from).
* ``south``: it holds nothing anywhere: a sweep from the district's southern edge northward
  (a half-plane ``y <= y0``), an arbitrary but stable choice.

The advancing faction is the present faction whose share rose most since the district's
previous different state (see :meth:`Partitioner.state`); when none rose (a baseline that is
already shared), the present faction holding the most neighbouring edge length (ties follow
:data:`~timeline.model.FACTIONS`).

The final parts are cut from the district's own EPSG:4326 polygon (only the carving regions
are reprojected), so their outer edges keep the district's exact vertices and meet the
neighbours' edges. Pure: shapely 2, numpy, geopandas; never Dash or plotly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from geodata.areas import METRIC_CRS

from .build import majority_of
from .model import FACTIONS

ZERO_SHARE = 0.005
"""Shares below this count as zero; a district with one faction left stays whole."""
PART_COLUMNS = ["district", "faction", "share", "role", "source", "geometry"]
_AREA_TOL = 0.002  # target accuracy of a part's area, as a fraction of the district's area
_GRID_POINTS = 2500
_QUAD_SEGS = 4
_SIMPLIFY_M = 3.0  # sources are densely digitised: 3 m keeps their shape, buffers 50x faster
_COARSE_M = 10.0
_GRID_DEG = 1e-9

__all__ = [
    "PART_COLUMNS",
    "ZERO_SHARE",
    "Partitioner",
    "PartsInputs",
    "clean_shares",
    "front_for_parts",
    "front_length_km",
    "front_pieces",
    "merge_front",
    "partitioner",
    "parts_for_day",
    "split_district",
]


class ControlInputs(Protocol):
    """What partitioning needs (a :class:`~timeline.scenario.Scenario` has all three)."""

    districts: gpd.GeoDataFrame
    adjacency: pd.DataFrame
    daily: pd.DataFrame


@dataclass(frozen=True, eq=False)
class PartsInputs:
    """Districts (EPSG:4326, indexed by id), their adjacency and the daily control table."""

    districts: gpd.GeoDataFrame
    adjacency: pd.DataFrame
    daily: pd.DataFrame


@lru_cache(maxsize=8)
def _transformer(src: int, dst: int) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _reproject(geom: Any, src: int, dst: int) -> Any:
    t = _transformer(src, dst)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` (overlays may leave stray lines or points), made valid."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    flat = shapely.get_parts(shapely.get_parts(geom))  # collections, then multi-parts
    polys = flat[(shapely.get_type_id(flat) == 3) & ~shapely.is_empty(flat)]
    return shapely.multipolygons(polys) if len(polys) else shapely.Polygon()


def clean_shares(shares: Mapping[str, float]) -> dict[str, float]:
    """Shares with values below :data:`ZERO_SHARE` set to zero, renormalised to sum to 1."""
    unknown = sorted(set(shares) - set(FACTIONS))
    if unknown:
        raise ValueError(f"unknown factions {unknown}: use {', '.join(FACTIONS)}")
    kept = {f: float(shares.get(f, 0.0)) for f in FACTIONS}
    kept = {f: (v if v >= ZERO_SHARE else 0.0) for f, v in kept.items()}
    total = sum(kept.values())
    if total <= 0:
        raise ValueError(f"no faction holds a share of at least {ZERO_SHARE}: {dict(shares)}")
    return {f: v / total for f, v in kept.items()}


class _Field:
    """The distance field of a source over a polygon, and the buffer that cuts a given area.

    ``area(d)``, the area of ``polygon ∩ buffer(source, d)``, is estimated once from the
    sorted distances of a grid of about :data:`_GRID_POINTS` points inside the polygon (its
    empirical distribution function). :meth:`solve` starts from that estimate, corrects its
    bias with exact areas, and finishes by regula falsi (Illinois) if needed.
    """

    def __init__(self, polygon: BaseGeometry, source: BaseGeometry, flat: bool = False):
        self.polygon = polygon
        self.source = shapely.simplify(source, _SIMPLIFY_M)
        self.cap = "flat" if flat else "round"
        self.total = float(polygon.area)
        minx, miny, maxx, maxy = polygon.bounds
        step = max(np.sqrt((maxx - minx) * (maxy - miny) / _GRID_POINTS), 1e-3)
        xs, ys = np.meshgrid(
            np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step)
        )
        inside = shapely.contains_xy(polygon, xs.ravel(), ys.ravel())
        grid = shapely.points(xs.ravel()[inside], ys.ravel()[inside])
        corners = shapely.points(shapely.get_coordinates(polygon))
        self.dists = np.sort(shapely.distance(grid, self.source))
        # A buffer's arcs are inscribed polygons: reach a little farther than the farthest point.
        farthest = max(float(shapely.distance(corners, self.source).max()), *self.dists[-1:])
        self.reach = farthest / np.cos(np.pi / (4 * _QUAD_SEGS)) + step + 1.0

    def _region(self, d: float) -> BaseGeometry:
        return shapely.buffer(self.source, d, quad_segs=_QUAD_SEGS, cap_style=self.cap)

    def _area(self, region: BaseGeometry) -> float:
        return float(shapely.intersection(self.polygon, region).area)

    def _estimate(self, target: float) -> float:
        if len(self.dists) == 0:
            return self.reach * target / self.total
        return float(np.quantile(self.dists, min(max(target / self.total, 0.0), 1.0)))

    def solve(self, target: float) -> BaseGeometry:
        """The carving region (a buffer of the source) cutting ``target`` m² of the polygon."""
        tol = _AREA_TOL * self.total
        if target >= self.total - tol:
            return self._region(self.reach)
        lo, hi = (0.0, 0.0), (self.reach, self.total)
        best, best_err, aim, side = self._region(0.0), target, target, 0
        for k in range(40):
            if k < 3:  # the estimate, its target shifted by the bias the exact areas show
                d = min(max(self._estimate(aim), lo[0]), hi[0])
            else:  # Illinois regula falsi in the bracket
                d = lo[0] + (target - lo[1]) * (hi[0] - lo[0]) / max(hi[1] - lo[1], 1e-12)
            region = self._region(d)
            area = self._area(region)
            if abs(area - target) < best_err:
                best, best_err = region, abs(area - target)
            if best_err <= tol:
                break
            aim = min(max(aim - (area - target), 0.0), self.total)
            if area <= target:
                lo = (d, area)
                if side == -1 and k >= 3:  # the far end is stale: halve its weight
                    hi = (hi[0], target + (hi[1] - target) / 2)
                side = -1
            else:
                hi = (d, area)
                if side == 1 and k >= 3:
                    lo = (lo[0], target - (target - lo[1]) / 2)
                side = 1
        return best


def _south_source(polygon: BaseGeometry) -> BaseGeometry:
    minx, miny, maxx, _ = polygon.bounds
    margin = (maxx - minx) + 10.0
    return LineString([(minx - margin, miny), (maxx + margin, miny)])


def _carve(
    polygon_ll: BaseGeometry,
    polygon_m: BaseGeometry,
    order: list[tuple[str, float, Any]],
    crs_metric: int = METRIC_CRS,
) -> dict[str, BaseGeometry]:
    """Cut ``polygon_ll`` into one part per faction of ``order`` (faction, share, source).

    A source is a :class:`_Field` (first carve, possibly cached), a metric geometry, or
    ``None`` (southern sweep). The last faction takes the remainder.
    """
    total = float(polygon_m.area)
    parts: dict[str, BaseGeometry] = {}
    taken_m = taken_ll = None
    for k, (faction, share, source) in enumerate(order):
        base_ll = polygon_ll if taken_ll is None else shapely.difference(polygon_ll, taken_ll)
        if k == len(order) - 1:
            parts[faction] = _polygonal(base_ll)
            break
        if isinstance(source, _Field):
            field = source
        else:
            base_m = polygon_m if taken_m is None else shapely.difference(polygon_m, taken_m)
            flat = source is None
            field = _Field(base_m, _south_source(polygon_m) if flat else source, flat=flat)
        region_m = field.solve(share * total)
        region_ll = _reproject(region_m, crs_metric, 4326)
        parts[faction] = _polygonal(shapely.intersection(base_ll, region_ll))
        taken_m = region_m if taken_m is None else shapely.union(taken_m, region_m)
        taken_ll = region_ll if taken_ll is None else shapely.union(taken_ll, region_ll)
    return parts


def split_district(
    polygon: BaseGeometry,
    shares: Mapping[str, float],
    sources: Mapping[str, BaseGeometry | None],
    crs_metric: int = METRIC_CRS,
) -> dict[str, BaseGeometry]:
    """Split ``polygon`` (EPSG:4326) into one part per faction with a share (EPSG:4326).

    ``shares`` are cleaned with :func:`clean_shares`. Factions are carved in the order of
    ``sources`` (present factions missing from it come after, largest share first); the last
    present faction takes the remainder, so its source is not used. Each carved part is the
    district within a distance of its source (any EPSG:4326 geometry: shared edges, a stretch
    of boundary, a point) sized to its share; a source of ``None`` sweeps from the south.
    Areas are matched in ``crs_metric`` to 0.2 % of the district's area.
    """
    clean = clean_shares(shares)
    present = [f for f in sources if clean.get(f, 0.0) > 0]
    rest = sorted(
        (f for f in FACTIONS if clean[f] > 0 and f not in present), key=lambda f: -clean[f]
    )
    names = present + rest
    if len(names) == 1:
        return {names[0]: _polygonal(polygon)}
    polygon_m = _reproject(polygon, 4326, crs_metric)
    order = []
    for f in names:
        src = sources.get(f)
        order.append((f, clean[f], None if src is None else _reproject(src, 4326, crs_metric)))
    return _carve(polygon, polygon_m, order, crs_metric)


class Partitioner:
    """Splits the shared districts of a battle at any moment; built once per scenario.

    Holds the districts in both CRSs, each district's neighbours and shared edges (metric),
    the daily shares as a (day x district x faction) array, and two memos: the sampled
    distance field of each (district, source) and the parts of each (district, plan, shares).
    The memos only ever hold results of pure computations, so sharing one is safe.
    """

    def __init__(self, districts: gpd.GeoDataFrame, adjacency: pd.DataFrame, daily: pd.DataFrame):
        self.ids = pd.Index([str(i) for i in districts.index])
        self.polygons_ll = np.asarray(districts.geometry.to_numpy(), dtype=object)
        self.polygons_m = _reproject(self.polygons_ll, 4326, METRIC_CRS)
        self.coarse_m = shapely.simplify(self.polygons_m, _COARSE_M)  # for nearest-district tests
        a = self.ids.get_indexer(adjacency["a"].astype(str))
        b = self.ids.get_indexer(adjacency["b"].astype(str))
        if (a < 0).any() or (b < 0).any():
            raise ValueError("the adjacency names districts that are not in the district layer")
        self.edges_m = _reproject(np.asarray(adjacency.geometry, dtype=object), 4326, METRIC_CRS)
        self.edge_km = adjacency["length_km"].to_numpy(dtype=float)
        self.neighbours: list[list[tuple[int, int]]] = [[] for _ in self.ids]
        for row, (i, j) in enumerate(zip(a, b)):
            self.neighbours[i].append((int(j), row))
            self.neighbours[j].append((int(i), row))
        self.dates = pd.DatetimeIndex(sorted(pd.to_datetime(daily["date"]).unique()))
        day = self.dates.get_indexer(pd.to_datetime(daily["date"]))
        code = self.ids.get_indexer(daily["district"].astype(str))
        if (code < 0).any() or len(daily) != len(self.dates) * len(self.ids):
            raise ValueError("the daily table must hold one row per district per day")
        self.shares = np.zeros((len(self.dates), len(self.ids), len(FACTIONS)))
        self.shares[day, code] = daily[list(FACTIONS)].to_numpy(dtype=float)
        changed = np.ones(self.shares.shape[:2], dtype=bool)
        changed[1:] = (self.shares[1:] != self.shares[:-1]).any(axis=2)
        steps = np.arange(len(self.dates))[:, None]
        self.run_start = np.maximum.accumulate(np.where(changed, steps, 0), axis=0)
        self._fields: dict[tuple, _Field] = {}
        self._splits: dict[tuple, list[tuple]] = {}

    def day_index(self, day: date | str | pd.Timestamp) -> int:
        """Position of ``day`` in the battle; ``ValueError`` naming the range otherwise."""
        stamp = pd.Timestamp(day).normalize()
        k = self.dates.get_indexer([stamp])[0]
        if k < 0:
            first, last = self.dates[0].date(), self.dates[-1].date()
            raise ValueError(f"{stamp.date()} is outside the battle: pick a day in {first}..{last}")
        return int(k)

    def state(self, k: int, fraction: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Shares and rise (both district x faction) at ``fraction`` of the way from day ``k``.

        Shares move linearly from day ``k`` to day ``k + 1``. The rise says who advances: on
        a day, the change since the district's previous different state; between two days
        where the district changes, the change under way.
        """
        now = self.shares[k]
        prev_k = self.run_start[k] - 1
        before = self.shares[np.maximum(prev_k, 0), np.arange(len(self.ids))]
        rise = np.where((prev_k >= 0)[:, None], now - before, 0.0)
        if fraction <= 0 or k + 1 >= len(self.dates):
            return now.copy(), rise
        nxt = self.shares[k + 1]
        moving = (nxt != now).any(axis=1)
        shares = (1.0 - fraction) * now + fraction * nxt
        return shares, np.where(moving[:, None], nxt - now, rise)

    def parts(
        self, shares: np.ndarray, rise: np.ndarray, *, contested_only: bool = False
    ) -> gpd.GeoDataFrame:
        """One row per (district, faction) part: columns of :data:`PART_COLUMNS`, EPSG:4326.

        ``role`` is ``whole``, ``advancing`` (carved first), ``carved`` (second of three) or
        ``remainder``; ``source`` says where a carved part grows from (``edges:ID,...``,
        ``approach:ID`` or ``south``).
        """
        clean = np.where(shares >= ZERO_SHARE, shares, 0.0)
        clean = clean / clean.sum(axis=1, keepdims=True)
        holders = majority_of(clean)
        present = (clean > 0).sum(axis=1)
        rows: list[tuple] = []
        for i, ident in enumerate(self.ids):
            if present[i] <= 1:
                if not contested_only:
                    rows.append(
                        (ident, FACTIONS[holders[i]], 1.0, "whole", "", self.polygons_ll[i])
                    )
                continue
            rows.extend(self._split(i, clean[i], rise[i], holders))
        frame = pd.DataFrame(rows, columns=PART_COLUMNS)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)

    def _split(self, i: int, s: np.ndarray, r: np.ndarray, holders: np.ndarray) -> list[tuple]:
        present = [f for f in range(len(FACTIONS)) if s[f] > 0]
        lengths = np.zeros(len(FACTIONS))
        for j, row in self.neighbours[i]:
            lengths[holders[j]] += self.edge_km[row]
        if max(r[f] for f in present) > 1e-9:
            advancing = max(present, key=lambda f: (r[f], -f))
        else:
            advancing = max(present, key=lambda f: (lengths[f], -f))
        others = [f for f in present if f != advancing]
        remainder = max(others, key=lambda f: (s[f], -f))
        order = [advancing, *(f for f in others if f != remainder), remainder]
        keys = tuple(self._source_key(i, f, holders) for f in order[:-1])
        memo = (i, tuple(order), keys, tuple(np.round(s, 9)))
        if memo not in self._splits:
            plan = [(FACTIONS[order[0]], float(s[order[0]]), self._field(i, keys[0]))]
            for f, key in zip(order[1:-1], keys[1:]):
                plan.append((FACTIONS[f], float(s[f]), self._source(i, key)))
            plan.append((FACTIONS[remainder], float(s[remainder]), None))
            parts = _carve(self.polygons_ll[i], self.polygons_m[i], plan)
            roles = ["advancing", *(["carved"] * (len(order) - 2)), "remainder"]
            labels = [self._label(key) for key in keys] + [""]
            self._splits[memo] = [
                (self.ids[i], FACTIONS[f], float(s[f]), role, label, parts[FACTIONS[f]])
                for f, role, label in zip(order, roles, labels)
            ]
        return self._splits[memo]

    def _source_key(self, i: int, f: int, holders: np.ndarray) -> tuple:
        near = tuple(sorted(j for j, _ in self.neighbours[i] if holders[j] == f))
        if near:
            return ("edges", near)
        held = np.flatnonzero(holders == f)
        held = held[held != i]
        if len(held) == 0:
            return ("south",)
        distance = shapely.distance(self.coarse_m[i], self.coarse_m[held])
        return ("approach", int(held[int(np.argmin(distance))]))

    def _label(self, key: tuple) -> str:
        if key[0] == "edges":
            return "edges:" + ",".join(self.ids[j] for j in key[1])
        if key[0] == "approach":
            return f"approach:{self.ids[key[1]]}"
        return "south"

    def _source(self, i: int, key: tuple) -> BaseGeometry | None:
        polygon = self.polygons_m[i]
        if key[0] == "edges":
            rows = [row for j, row in self.neighbours[i] if j in key[1]]
            return shapely.multilinestrings(shapely.get_parts(self.edges_m[rows]))
        if key[0] == "approach":
            line = shapely.shortest_line(polygon, self.polygons_m[key[1]])
            point = shapely.get_point(line, 0)
            reach = np.sqrt(polygon.area) / 4
            stretch = shapely.intersection(polygon.boundary, shapely.buffer(point, reach))
            return point if stretch.is_empty else stretch
        return None

    def _field(self, i: int, key: tuple) -> _Field:
        if (i, key) not in self._fields:
            source = self._source(i, key)
            polygon = self.polygons_m[i]
            flat = source is None
            self._fields[i, key] = _Field(
                polygon, _south_source(polygon) if flat else source, flat=flat
            )
        return self._fields[i, key]


@lru_cache(maxsize=8)
def partitioner(inputs: ControlInputs) -> Partitioner:
    """The :class:`Partitioner` of a scenario (or :class:`PartsInputs`), built once per object."""
    return Partitioner(inputs.districts, inputs.adjacency, inputs.daily)


def parts_for_day(inputs: ControlInputs, day: date | str) -> gpd.GeoDataFrame:
    """Every district's parts on ``day`` (whole districts give one row): :data:`PART_COLUMNS`.

    ``inputs`` is a :class:`~timeline.scenario.Scenario` or a :class:`PartsInputs`.
    """
    p = partitioner(inputs)
    shares, rise = p.state(p.day_index(day))
    return p.parts(shares, rise)


def front_pieces(
    parts: gpd.GeoDataFrame,
    adjacency: pd.DataFrame | None = None,
    memo: dict | None = None,
) -> list[BaseGeometry]:
    """The front as pieces: the shared boundary of each touching pair of parts of different
    factions (lines, EPSG:4326), whole districts first.

    Between two whole districts the piece is their shared edge: taken from ``adjacency``
    (:func:`geodata.topology.adjacency`, the very geometry object) when given, else computed.
    A carved part's corner on a neighbour's edge is not a vertex of that neighbour, so pairs
    involving a carved part are intersected with snap rounding on a 1e-9 degree grid.
    ``memo`` (a dict the caller keeps) reuses the piece of a pair of unchanged geometries.
    """
    geoms = np.asarray(parts.geometry.to_numpy(), dtype=object)
    faction = parts["faction"].to_numpy()
    district = parts["district"].astype(str).to_numpy().tolist()
    whole = (parts["role"] == "whole").to_numpy() if "role" in parts else np.zeros(len(parts), bool)
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = (left < right) & (faction[left] != faction[right])
    left, right = left[keep], right[keep]
    pieces: list[BaseGeometry] = []
    firm = whole[left] & whole[right]
    if adjacency is not None:
        ends = zip(adjacency["a"].astype(str).tolist(), adjacency["b"].astype(str).tolist())
        known = dict(zip(ends, adjacency.geometry.to_numpy().tolist()))
        for k, m in zip(left[firm].tolist(), right[firm].tolist()):
            a, b = district[k], district[m]
            edge = known.get((a, b), known.get((b, a)))
            if edge is not None:
                pieces.append(edge)
        left, right, firm = left[~firm], right[~firm], firm[~firm]
    memo = {} if memo is None else memo
    todo = [k for k in range(len(left)) if _memo_get(memo, geoms[left[k]], geoms[right[k]]) is None]
    if todo:
        gl, gr = geoms[left[todo]], geoms[right[todo]]
        edge_l, edge_r = shapely.boundary(gl), shapely.boundary(gr)
        found = np.empty(len(todo), dtype=object)
        exact = firm[todo]
        found[exact] = shapely.intersection(edge_l[exact], edge_r[exact])
        found[~exact] = shapely.intersection(edge_l[~exact], edge_r[~exact], grid_size=_GRID_DEG)
        for a, b, line in zip(gl, gr, found):
            memo[id(a), id(b)] = (a, b, _lines(line))
    for k in range(len(left)):
        line = _memo_get(memo, geoms[left[k]], geoms[right[k]])
        if not line.is_empty:
            pieces.append(line)
    return pieces


def _memo_get(memo: dict, a: BaseGeometry, b: BaseGeometry) -> BaseGeometry | None:
    hit = memo.get((id(a), id(b)))
    return hit[2] if hit is not None and hit[0] is a and hit[1] is b else None


def _lines(geom: BaseGeometry) -> BaseGeometry:
    """The line parts of an intersection, merged (points where parts only touch are dropped)."""
    parts = shapely.get_parts(geom)
    lines = parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)]
    if len(lines) == 0:
        return MultiLineString()
    return shapely.line_merge(shapely.multilinestrings(lines))


def merge_front(pieces: list[BaseGeometry]) -> MultiLineString:
    """Pieces of front merged into one MultiLineString (empty when there is no front)."""
    parts = shapely.get_parts(np.asarray(pieces, dtype=object)) if pieces else np.array([])
    lines = (
        parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)] if len(parts) else parts
    )
    if len(lines) == 0:
        return MultiLineString()
    merged = shapely.line_merge(shapely.multilinestrings(lines))
    return MultiLineString([merged]) if merged.geom_type == "LineString" else merged


def front_for_parts(
    parts: gpd.GeoDataFrame, adjacency: pd.DataFrame | None = None
) -> MultiLineString:
    """The front: every stretch of boundary between two parts of different factions.

    It runs between whole districts held by different factions, between a district and a
    neighbour's part, and inside shared districts between their parts; EPSG:4326 in and out.
    See :func:`front_pieces` (``adjacency`` only saves recomputing whole districts' edges);
    :func:`front_length_km` measures it.
    """
    return merge_front(front_pieces(parts, adjacency))


def front_length_km(front: BaseGeometry) -> float:
    """Length of a front (EPSG:4326) in km, measured in EPSG:32637."""
    return float(shapely.length(_reproject(front, 4326, METRIC_CRS))) / 1000.0
