"""Partition of shared districts: one polygon per faction, sized by its share, placed by the front.

A district whose state holds two or three factions (each with a share of at least
:data:`ZERO_SHARE`; smaller shares count as zero) is cut into one part per faction. Parts are
carved one faction after another, in metres (EPSG:32637):

1. The *advancing* faction is carved first. Its part is the district within distance ``d``
   of its *source*, with ``d`` found from a sampled ``area(d)`` curve corrected by the exact
   areas already seen (then regula falsi) so that the part's area is its share of the
   district's area (to 0.2 %, measured on the EPSG:4326 part scaled by the district's own
   m² per degree², within about 0.005 % of EPSG:32637).
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
are mapped back, by a quadratic fitted per district to well under a centimetre, or pyproj
where that fit is poor), so their outer edges keep the district's exact vertices and meet
the neighbours' edges. Pure: shapely 2, numpy, geopandas; never Dash or plotly.
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
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.areas import METRIC_CRS

from .build import majority_of
from .model import FACTIONS

ZERO_SHARE = 0.005
"""Shares below this count as zero; a district with one faction left stays whole."""
PART_COLUMNS = ["district", "faction", "share", "role", "source", "geometry"]
_AREA_TOL = 0.002  # target accuracy of a part's area, as a fraction of the district's area
_GRID_POINTS = 800
_TABLE = 512  # distances at which the smoothed area curve is tabulated
_QUAD_SEGS = 4
_SIMPLIFY_M = 3.0  # sources are densely digitised: 3 m keeps their shape, buffers 50x faster
_COARSE_M = 10.0
_GRID_DEG = 1e-9
_NO_LINE = MultiLineString()  # immutable empty results, built once
_NO_POLYGON = Polygon()
_LOCAL_M = 0.01  # largest error of a district's own map to degrees (else pyproj)

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
    return shapely.multipolygons(polys) if len(polys) else _NO_POLYGON


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


class _Local:
    """A quadratic map from a district's metric coordinates to EPSG:4326, and an area scale.

    Fitted on a 7 x 7 grid over the district's bounds widened by half on every side (where
    carving regions reach), it maps a region to degrees without pyproj to well under a
    centimetre. A part's area in m² is its area in degrees² times the district's own ratio
    of the two (the scale varies by about 1e-4 across a district). ``exact`` is False when
    the fit misses by more than :data:`_LOCAL_M` or the polygon is degenerate: callers then
    reproject with pyproj and measure in metres.
    """

    def __init__(self, polygon_ll: BaseGeometry, polygon_m: BaseGeometry, crs_metric: int):
        self.crs_metric = crs_metric
        minx, miny, maxx, maxy = polygon_m.bounds
        self.origin = np.array([(minx + maxx) / 2, (miny + maxy) / 2])
        self.size = max(maxx - minx, maxy - miny, 1.0)
        axis = np.linspace(-1.0, 1.0, 7) * self.size
        x, y = np.meshgrid(self.origin[0] + axis, self.origin[1] + axis)
        t = _transformer(crs_metric, 4326)
        ll = np.column_stack(t.transform(x.ravel(), y.ravel()))
        design = self._design(np.column_stack([x.ravel(), y.ravel()]))
        self.coef = np.linalg.lstsq(design, ll, rcond=None)[0]
        area_ll = float(polygon_ll.area)
        self.m2_per_deg2 = float(polygon_m.area) / area_ll if area_ll > 0 else 0.0
        error = np.abs(design @ self.coef - ll).max() * np.sqrt(self.m2_per_deg2)
        self.exact = bool(self.m2_per_deg2 > 0 and np.isfinite(error) and error < _LOCAL_M)

    def _design(self, xy: np.ndarray) -> np.ndarray:
        u, v = ((xy - self.origin) / self.size).T
        return np.column_stack([np.ones_like(u), u, v, u * u, u * v, v * v])

    def to_ll(self, geom_m: BaseGeometry) -> BaseGeometry:
        if self.exact:
            return shapely.transform(geom_m, lambda xy: self._design(xy) @ self.coef)
        return _reproject(geom_m, self.crs_metric, 4326)


def _simplify(source: BaseGeometry) -> BaseGeometry:
    """A source simplified to :data:`_SIMPLIFY_M` by Douglas-Peucker: 20 times faster than the
    topology-preserving variant and the same lines on the bundled edges; a buffer does not
    mind a line that crosses itself."""
    return shapely.simplify(source, _SIMPLIFY_M, preserve_topology=False)


def _sample(polygon: BaseGeometry) -> tuple[np.ndarray, np.ndarray, float]:
    """About :data:`_GRID_POINTS` grid points inside ``polygon``, its vertices, the grid step."""
    minx, miny, maxx, maxy = polygon.bounds
    step = max(np.sqrt((maxx - minx) * (maxy - miny) / _GRID_POINTS), 1e-3)
    xs, ys = np.meshgrid(
        np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step)
    )
    inside = shapely.contains_xy(polygon, xs.ravel(), ys.ravel())
    grid = shapely.points(xs.ravel()[inside], ys.ravel()[inside])
    return grid, shapely.get_coordinates(polygon), float(step)


def _farthest(corners: np.ndarray, source: BaseGeometry) -> float:
    """An upper bound of the distance from the vertices ``corners`` (n x 2) to ``source``:
    the distance to its nearest vertex (numpy, no point objects)."""
    vertices = shapely.get_coordinates(source)
    if len(corners) == 0 or len(vertices) == 0:
        return 0.0
    gap = corners[:, None, :] - vertices[None, :, :]
    return float(np.sqrt((gap * gap).sum(axis=2).min(axis=1).max()))


def _smooth_cdf(dists: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """(d, fraction of the polygon within d) tabulated, from the sorted grid distances with each
    point spread over its cell (distances within half a step of its own): a smooth curve whose
    bias the exact areas correct, where the raw steps of a point each would show noise."""
    half = step / 2
    xs = np.linspace(0.0, dists[-1] + half, _TABLE)
    cumulative = np.concatenate([[0.0], np.cumsum(dists)])

    def below(x: np.ndarray) -> np.ndarray:  # sum over points of max(0, x - d_i)
        k = np.searchsorted(dists, x, side="right")
        return k * x - cumulative[k]

    fraction = (below(xs + half) - below(xs - half)) / (2 * half * len(dists))
    return xs, np.maximum.accumulate(np.clip(fraction, 0.0, 1.0))


class _Field:
    """The distance field of a source over a polygon, and the buffer that cuts a given area.

    ``area(d)``, the area of ``polygon ∩ buffer(source, d)``, is estimated from the sorted
    distances of a grid of about :data:`_GRID_POINTS` points inside the polygon, each spread
    over its cell (:func:`_smooth_cdf`). The field remembers the exact areas it has been
    shown: their difference from the estimate (the bias of the grid and of the buffer's
    polygonal arcs) is interpolated into later estimates, so a field solved once for one share
    usually needs a single exact area for the next. :meth:`solve` finishes by regula falsi
    (Illinois) if needed. ``sampled`` (grid distances, a bound of the farthest vertex, grid step)
    skips sampling when the caller has them; ``source`` must then be simplified already.
    """

    def __init__(
        self,
        polygon: BaseGeometry,
        source: BaseGeometry,
        flat: bool = False,
        sampled: tuple[np.ndarray, float, float] | None = None,
    ):
        self.polygon = polygon
        self.cap = "flat" if flat else "round"
        self.total = float(polygon.area)
        if sampled is None:
            self.source = _simplify(source)
            grid, corners, step = _sample(polygon)
            dists = shapely.distance(grid, self.source)
            farthest = _farthest(corners, self.source)
        else:
            self.source = source
            dists, farthest, step = sampled
        self.dists = np.sort(dists)
        self._table = _smooth_cdf(self.dists, step) if len(self.dists) > 1 else None
        # A buffer's arcs are inscribed polygons: reach a little farther than the farthest point.
        farthest = max(farthest, *self.dists[-1:])
        self.reach = farthest / np.cos(np.pi / (4 * _QUAD_SEGS)) + step + 1.0
        self._seen: dict[float, float] = {}  # d -> exact area

    def _region(self, d: float) -> BaseGeometry:
        return shapely.buffer(self.source, d, quad_segs=_QUAD_SEGS, cap_style=self.cap)

    def _quantile(self, area: float) -> float:
        q = min(max(area / self.total, 0.0), 1.0)
        if self._table is None:
            return float(self.dists[0]) if len(self.dists) else self.reach * q
        return float(np.interp(q, self._table[1], self._table[0]))

    def _grid_area(self, d: np.ndarray) -> np.ndarray:
        if self._table is None:
            return np.asarray(d) * self.total / self.reach
        return self.total * np.interp(d, *self._table)

    def _estimate(self, target: float) -> float:
        """Distance whose estimated area is ``target``, the estimate corrected by known bias."""
        d = self._quantile(target)
        if not self._seen:
            return d
        seen = {0.0: 0.0, **self._seen, self.reach: self.total}  # no bias at either end
        ds = np.fromiter(sorted(seen), dtype=float)
        bias = np.array([seen[x] for x in ds]) - self._grid_area(ds)
        for _ in range(3):
            d = self._quantile(target - float(np.interp(d, ds, bias)))
        return d

    def solve(self, target: float, evaluate: Any) -> Any:
        """``evaluate(d)`` -> (result, exact area) for the ``d`` cutting ``target`` m²."""
        tol = _AREA_TOL * self.total
        if target >= self.total - tol:
            return evaluate(self.reach)[0]
        lo, hi = (0.0, 0.0), (self.reach, self.total)
        for d, area in self._seen.items():  # the area is monotone in d: known areas bracket
            if area <= target and d > lo[0]:
                lo = (d, area)
            elif area > target and d < hi[0]:
                hi = (d, area)
        best, best_err, side, secant = None, np.inf, 0, False
        for k in range(40):
            # the estimate, corrected by the bias the exact areas show; then (or when the
            # estimate repeats itself) Illinois regula falsi in the bracket
            secant = secant or k >= 3
            if not secant:
                d = min(max(self._estimate(target), lo[0]), hi[0])
                secant = d in self._seen
            if secant:
                d = lo[0] + (target - lo[1]) * (hi[0] - lo[0]) / max(hi[1] - lo[1], 1e-12)
            result, area = evaluate(d)
            self._seen[float(d)] = float(area)
            if abs(area - target) < best_err:
                best, best_err = result, abs(area - target)
            if best_err <= tol:
                break
            if area <= target:
                lo = (d, area)
                if side == -1 and secant:  # the far end is stale: halve its weight
                    hi = (hi[0], target + (hi[1] - target) / 2)
                side = -1
            else:
                hi = (d, area)
                if side == 1 and secant:
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
    local: _Local | None = None,
    regions: list[BaseGeometry] | None = None,
) -> dict[str, BaseGeometry]:
    """Cut ``polygon_ll`` into one part per faction of ``order`` (faction, share, source).

    A source is a :class:`_Field` (first carve, possibly cached), a metric geometry, or
    ``None`` (southern sweep). The last faction takes the remainder. Regions are mapped to
    degrees by ``local`` (fitted here when not given) and parts measured there; ``regions``,
    when given, receives each carving region (EPSG:4326) in order.
    """
    local = _Local(polygon_ll, polygon_m, crs_metric) if local is None else local
    total = float(polygon_m.area)
    parts: dict[str, BaseGeometry] = {}
    taken_m = taken_ll = None
    for k, (faction, share, source) in enumerate(order):
        base_ll = polygon_ll if taken_ll is None else shapely.difference(polygon_ll, taken_ll)
        if k == len(order) - 1:
            parts[faction] = _polygonal(base_ll)
            break
        base_m = polygon_m if taken_m is None else shapely.difference(polygon_m, taken_m)
        if isinstance(source, _Field):
            field = source
        else:
            flat = source is None
            field = _Field(base_m, _south_source(polygon_m) if flat else source, flat=flat)

        def evaluate(d: float, field: _Field = field, base_ll: Any = base_ll, base_m: Any = base_m):
            region_m = field._region(d)
            region_ll = local.to_ll(region_m)
            part = shapely.intersection(base_ll, region_ll)
            if local.exact:
                area = float(part.area) * local.m2_per_deg2
            else:
                area = float(shapely.intersection(base_m, region_m).area)
            return (region_m, region_ll, part), area

        region_m, region_ll, part = field.solve(share * total, evaluate)
        parts[faction] = _polygonal(part)
        if regions is not None:
            regions.append(region_ll)
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
    the daily shares as a (day x district x faction) array, and memos: per district its grid
    of sample points, its map to degrees and the boundary lines it shares with each
    neighbour; per (district, edge) the edge's distances over the grid; the distance field
    of each (district, source) (which also remembers the exact areas it was solved for); the
    parts of each (district, plan, shares) and the carving region of those cut in two. The
    memos only ever hold results of pure computations, so sharing one is safe.
    """

    def __init__(self, districts: gpd.GeoDataFrame, adjacency: pd.DataFrame, daily: pd.DataFrame):
        self.ids = pd.Index([str(i) for i in districts.index])
        self.polygons_ll = np.asarray(districts.geometry.to_numpy(), dtype=object)
        self.polygons_m = _reproject(self.polygons_ll, 4326, METRIC_CRS)
        self._coarse = np.full(len(self.ids), None, dtype=object)  # see _coarse_m
        a = self.ids.get_indexer(adjacency["a"].astype(str))
        b = self.ids.get_indexer(adjacency["b"].astype(str))
        if (a < 0).any() or (b < 0).any():
            raise ValueError("the adjacency names districts that are not in the district layer")
        self.edges_ll = np.asarray(adjacency.geometry, dtype=object)
        self.edges_m = _reproject(self.edges_ll, 4326, METRIC_CRS)
        self.pair_codes = (a, b)
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
        self._rows: dict[tuple, list[tuple]] = {}
        self._locals: dict[int, _Local] = {}
        self._samples: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}
        self._edge_fields: dict[tuple[int, int], tuple[BaseGeometry, np.ndarray]] = {}
        self._approach: dict[tuple, tuple] = {}
        self._touch: dict[int, list[tuple[int, BaseGeometry]]] = {}
        self._cuts: dict[int, tuple[list, BaseGeometry]] = {}
        self._tree: shapely.STRtree | None = None
        self._pair_lines: dict[tuple[int, int], BaseGeometry] = {}

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
        holders, splits = self.split(shares, rise)
        rows: list[tuple] = []
        for i, ident in enumerate(self.ids):
            if i in splits:
                rows.extend(splits[i])
            elif not contested_only:
                rows.append((ident, FACTIONS[holders[i]], 1.0, "whole", "", self.polygons_ll[i]))
        frame = pd.DataFrame(rows, columns=PART_COLUMNS)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)

    def split(self, shares: np.ndarray, rise: np.ndarray) -> tuple[np.ndarray, dict[int, list]]:
        """The majority holder of every district (faction index) and, for each shared district
        (by position, in order), its rows as :meth:`parts` gives them. The lists of rows are
        memoised: an unchanged district gives the very same list (and geometries)."""
        clean = np.where(shares >= ZERO_SHARE, shares, 0.0)
        clean = clean / clean.sum(axis=1, keepdims=True)
        holders = majority_of(clean)
        shared = np.flatnonzero((clean > 0).sum(axis=1) > 1)
        held = holders.tobytes()
        splits = {}
        for i in shared.tolist():  # a district's rows follow from its row and the holders
            key = (i, clean[i].tobytes(), rise[i].tobytes(), held)
            if key not in self._rows:
                self._rows[key] = self._split(i, clean[i], rise[i], holders)
            splits[i] = self._rows[key]
        return holders, splits

    def front(
        self, holders: np.ndarray, splits: dict[int, list], memo: dict
    ) -> tuple[BaseGeometry, ...]:
        """The front of a moment as pieces (lines, EPSG:4326), from :meth:`split`'s output.

        The same lines as :func:`front_pieces` over the moment's parts, grouped differently:
        the shared edge of each pair of whole districts held by different factions (the
        adjacency's own geometry object); for each part, its boundary against the edges of
        the whole neighbours held by other factions (one piece); the boundary between each
        pair of parts of different factions, within a district or across neighbouring shared
        districts. ``memo`` (a dict the caller keeps across moments) reuses the piece of
        unchanged geometries, so unchanged pieces are the very same objects.
        """
        a, b = self.pair_codes
        whole = np.ones(len(self.ids), dtype=bool)
        whole[list(splits)] = False
        firm = whole[a] & whole[b] & (holders[a] != holders[b])
        pieces: list[BaseGeometry] = list(self.edges_ll[firm])
        jobs: list[tuple[tuple, Any, Any]] = []
        for i, rows in splits.items():
            cut = self._cuts.get(id(rows))
            if cut is not None and cut[0] is rows:  # two parts: the region's edge splits them
                self._cut_jobs(i, rows, cut[1], holders, splits, jobs)
                continue
            for x, (_, faction, _, _, _, part) in enumerate(rows):
                # internal boundaries (parts of one district are of different factions)
                for other in rows[x + 1 :]:
                    jobs.append(((id(part), id(other[5])), part, other[5]))
                code = FACTIONS.index(faction)
                facing = [
                    (j, line)
                    for j, line in self._touching(i)
                    if j not in splits and holders[j] != code
                ]
                if facing:
                    key = (id(part), *(j for j, _ in facing))
                    jobs.append((key, part, [line for _, line in facing]))
                for j, _ in self._touching(i):
                    if j in splits and j > i:
                        for other in splits[j]:
                            if other[1] != faction:
                                jobs.append(((id(part), id(other[5])), part, other[5]))
        todo = [(key, g, h) for key, g, h in jobs if key not in memo]
        cuts = [job for job in todo if isinstance(job[1], str)]
        if cuts:
            found = [_cut(op, *h) for _, op, h in cuts]
            for (key, _, h), line in zip(cuts, found):
                memo[key] = (h, None, _lines(line))
            todo = [job for job in todo if not isinstance(job[1], str)]
        if todo:
            left = shapely.boundary(np.array([g for _, g, _ in todo], dtype=object))
            right = np.empty(len(todo), dtype=object)
            for k, (_, _, h) in enumerate(todo):
                if isinstance(h, list):  # boundaries shared with whole neighbours
                    right[k] = shapely.multilinestrings(
                        shapely.get_parts(np.array(h, dtype=object))
                    )
                else:
                    right[k] = shapely.boundary(h)
            found = shapely.intersection(left, right, grid_size=_GRID_DEG)
            for (key, g, h), line in zip(todo, found):
                # the memo holds the geometries whose ids make its key, so ids stay unique
                memo[key] = (g, h, _lines(line))
        for key, _, _ in jobs:
            line = memo[key][2]
            if not line.is_empty:
                pieces.append(line)
        return tuple(pieces)

    def _cut_jobs(
        self,
        i: int,
        rows: list,
        region: BaseGeometry,
        holders: np.ndarray,
        splits: dict[int, list],
        jobs: list,
    ) -> None:
        """The jobs of a district split in two by ``region``: the region's edge inside it, the
        boundary shared with whole neighbours of the other faction inside the region (first
        part) or outside it (second part); across shared neighbours, as in :meth:`front`."""
        jobs.append(((id(rows), "cut"), "cut", (self.polygons_ll[i], region)))
        for x, (_, faction, _, _, _, part) in enumerate(rows):
            code = FACTIONS.index(faction)
            facing = tuple(
                (j, line) for j, line in self._touching(i) if j not in splits and holders[j] != code
            )
            if facing:
                key = (id(rows), x, *(j for j, _ in facing))
                lines = [line for _, line in facing]
                jobs.append((key, "inside" if x == 0 else "outside", (lines, region)))
            for j, _ in self._touching(i):
                if j in splits and j > i:
                    for other in splits[j]:
                        if other[1] != faction:
                            jobs.append(((id(part), id(other[5])), part, other[5]))

    def _touching(self, i: int) -> list[tuple[int, BaseGeometry]]:
        """The districts whose boundary meets district ``i``'s in a line (snap-rounded on the
        grid of :func:`front_pieces`, which finds a few stretches the adjacency misses where
        boundaries are not noded), with that line; computed once per pair of districts."""
        if i not in self._touch:
            if self._tree is None:
                self._tree = shapely.STRtree(self.polygons_ll)
            near = [int(j) for j in self._tree.query(self.polygons_ll[i]) if j != i]
            pairs = self._pair_lines
            todo = [j for j in near if (min(i, j), max(i, j)) not in pairs]
            if todo:
                lines = shapely.intersection(
                    shapely.boundary(self.polygons_ll[i]),
                    shapely.boundary(self.polygons_ll[todo]),
                    grid_size=_GRID_DEG,
                )
                for j, line in zip(todo, lines):
                    pairs[min(i, j), max(i, j)] = _lines(line)
            found = [(j, pairs[min(i, j), max(i, j)]) for j in near]
            self._touch[i] = [(j, line) for j, line in found if not line.is_empty]
        return self._touch[i]

    def front_km(self, pieces: tuple[BaseGeometry, ...], memo: dict) -> float:
        """Length in km of a front given as pieces (each measured once, in EPSG:32637)."""
        new = [g for g in pieces if id(g) not in memo]
        if new:
            km = shapely.length(_reproject(np.array(new, dtype=object), 4326, METRIC_CRS))
            for g, value in zip(new, km / 1000.0):
                memo[id(g)] = (g, float(value))
        return float(sum(memo[id(g)][1] for g in pieces))

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
            regions: list[BaseGeometry] = []
            polygon = self.polygons_ll[i]
            parts = _carve(polygon, self.polygons_m[i], plan, local=self._local(i), regions=regions)
            roles = ["advancing", *(["carved"] * (len(order) - 2)), "remainder"]
            labels = [self._label(key) for key in keys] + [""]
            rows = [
                (self.ids[i], FACTIONS[f], float(s[f]), role, label, parts[FACTIONS[f]])
                for f, role, label in zip(order, roles, labels)
            ]
            self._splits[memo] = rows
            if len(rows) == 2:  # the front pieces of its parts follow from the one region
                self._cuts[id(rows)] = (rows, regions[0])
        return self._splits[memo]

    def _source_key(self, i: int, f: int, holders: np.ndarray) -> tuple:
        near = tuple(sorted(j for j, _ in self.neighbours[i] if holders[j] == f))
        if near:
            return ("edges", near)
        mask = holders == f
        memo = (i, mask.tobytes())
        if memo not in self._approach:
            held = np.flatnonzero(mask)
            held = held[held != i]
            if len(held) == 0:
                self._approach[memo] = ("south",)
            else:
                coarse = self._coarse_m(np.append(held, i))
                distance = shapely.distance(coarse[-1], coarse[:-1])
                self._approach[memo] = ("approach", int(held[int(np.argmin(distance))]))
        return self._approach[memo]

    def _coarse_m(self, rows: np.ndarray) -> np.ndarray:
        """The metric polygons of ``rows`` simplified to :data:`_COARSE_M` (for nearest-district
        tests; Douglas-Peucker, as a distance does not mind an invalid ring, and the exact
        polygon where that leaves nothing), each simplified the first time it is asked for."""
        missing = rows[self._coarse[rows] == None]  # noqa: E711 (elementwise)
        if len(missing):
            exact = self.polygons_m[missing]
            simple = shapely.simplify(exact, _COARSE_M, preserve_topology=False)
            self._coarse[missing] = np.where(shapely.is_empty(simple), exact, simple)
        return self._coarse[rows]

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

    def _local(self, i: int) -> _Local:
        if i not in self._locals:
            self._locals[i] = _Local(self.polygons_ll[i], self.polygons_m[i], METRIC_CRS)
        return self._locals[i]

    def _sample(self, i: int) -> tuple[np.ndarray, np.ndarray, float]:
        if i not in self._samples:
            self._samples[i] = _sample(self.polygons_m[i])
        return self._samples[i]

    def _edge_field(self, i: int, row: int) -> tuple[BaseGeometry, np.ndarray]:
        """One shared edge of district ``i``, simplified, and its distances from the grid
        points of ``i``."""
        if (i, row) not in self._edge_fields:
            edge = _simplify(self.edges_m[row])
            self._edge_fields[i, row] = (edge, shapely.distance(self._sample(i)[0], edge))
        return self._edge_fields[i, row]

    def _field(self, i: int, key: tuple) -> _Field:
        """The distance field of a source: an edges source is the nearest of its edges, so its
        distances are the minimum of the distances each edge has (computed once per edge)."""
        if (i, key) not in self._fields:
            polygon = self.polygons_m[i]
            _, corners, step = self._sample(i)
            if key[0] == "edges":
                rows = [row for j, row in self.neighbours[i] if j in key[1]]
                edges = [self._edge_field(i, row) for row in rows]
                source = shapely.multilinestrings(
                    shapely.get_parts(np.array([e[0] for e in edges], dtype=object))
                )
                dists = np.minimum.reduce([e[1] for e in edges])
                far = _farthest(corners, source)
                self._fields[i, key] = _Field(polygon, source, sampled=(dists, far, step))
            else:
                source = self._source(i, key)
                flat = source is None
                source = _simplify(_south_source(polygon) if flat else source)
                grid = self._sample(i)[0]
                far = _farthest(corners, source)
                sampled = (shapely.distance(grid, source), far, step)
                self._fields[i, key] = _Field(polygon, source, flat=flat, sampled=sampled)
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


def _cut(op: str, a: Any, region: BaseGeometry) -> BaseGeometry:
    """A piece of front of a district split by ``region``: ``cut`` is the region's edge within
    the district ``a``; ``inside`` and ``outside`` are the lines ``a`` (a list) within or
    outside the region."""
    if op == "cut":
        return shapely.intersection(shapely.boundary(region), a)
    lines = shapely.multilinestrings(shapely.get_parts(np.array(a, dtype=object)))
    if op == "inside":
        return shapely.intersection(lines, region)
    return shapely.difference(lines, region)


def _lines(geom: BaseGeometry) -> BaseGeometry:
    """The line parts of an intersection, merged (points where parts only touch are dropped)."""
    parts = shapely.get_parts(geom)
    lines = parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)]
    if len(lines) == 0:
        return _NO_LINE
    return shapely.line_merge(shapely.multilinestrings(lines))


def merge_front(pieces: list[BaseGeometry]) -> MultiLineString:
    """Pieces of front merged into one MultiLineString (empty when there is no front)."""
    parts = shapely.get_parts(np.asarray(pieces, dtype=object)) if pieces else np.array([])
    lines = (
        parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)] if len(parts) else parts
    )
    if len(lines) == 0:
        return _NO_LINE
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
