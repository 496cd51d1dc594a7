"""The distance field of a source over a district, and the buffer that cuts a given area.

A faction's part grows from its *source* (shared edges, a stretch of boundary, a point, or
a southern sweep): the part is the district within distance ``d`` of the source, and
:class:`DistanceField` finds the ``d`` whose part has a given area. All in metres
(the scenario's metric CRS, :func:`geodata.projection.metric_crs`). Pure: shapely 2, numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

AREA_TOL = 0.002
"""Target accuracy of a part's area, as a fraction of the district's area."""
_GRID_POINTS = 800
_TABLE = 512  # distances at which the smoothed area curve is tabulated
_QUAD_SEGS = 4
_SIMPLIFY_M = 3.0  # sources are densely digitised: 3 m keeps their shape, buffers 50x faster

__all__ = [
    "AREA_TOL",
    "DistanceField",
    "farthest_bound",
    "sample_grid",
    "simplify_source",
    "south_source",
]


def simplify_source(source: BaseGeometry) -> BaseGeometry:
    """A source simplified to :data:`_SIMPLIFY_M` by Douglas-Peucker: 20 times faster than the
    topology-preserving variant and the same lines on the bundled edges; a buffer does not
    mind a line that crosses itself."""
    return shapely.simplify(source, _SIMPLIFY_M, preserve_topology=False)


def sample_grid(polygon: BaseGeometry) -> tuple[np.ndarray, np.ndarray, float]:
    """About :data:`_GRID_POINTS` grid points inside ``polygon``, its vertices, the grid step."""
    minx, miny, maxx, maxy = polygon.bounds
    step = max(np.sqrt((maxx - minx) * (maxy - miny) / _GRID_POINTS), 1e-3)
    xs, ys = np.meshgrid(
        np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step)
    )
    inside = shapely.contains_xy(polygon, xs.ravel(), ys.ravel())
    grid = shapely.points(xs.ravel()[inside], ys.ravel()[inside])
    return grid, shapely.get_coordinates(polygon), float(step)


def farthest_bound(corners: np.ndarray, source: BaseGeometry) -> float:
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


class DistanceField:
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
            self.source = simplify_source(source)
            grid, corners, step = sample_grid(polygon)
            dists = shapely.distance(grid, self.source)
            farthest = farthest_bound(corners, self.source)
        else:
            self.source = source
            dists, farthest, step = sampled
        self.dists = np.sort(dists)
        self._table = _smooth_cdf(self.dists, step) if len(self.dists) > 1 else None
        # A buffer's arcs are inscribed polygons: reach a little farther than the farthest point.
        farthest = max(farthest, *self.dists[-1:])
        self.reach = farthest / np.cos(np.pi / (4 * _QUAD_SEGS)) + step + 1.0
        self._seen: dict[float, float] = {}  # d -> exact area

    def region(self, d: float) -> BaseGeometry:
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
        tol = AREA_TOL * self.total
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


def south_source(polygon: BaseGeometry) -> BaseGeometry:
    """A line along the southern edge of ``polygon``'s bounds, wider than it: the source of a
    faction that holds nothing anywhere (carved with flat caps, a sweep northward)."""
    minx, miny, maxx, _ = polygon.bounds
    margin = (maxx - minx) + 10.0
    return LineString([(minx - margin, miny), (maxx + margin, miny)])
