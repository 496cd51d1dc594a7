"""Carving a shared district: one polygon per faction, sized by its share.

A district whose state holds two or more factions (each with a share of at least
:data:`ZERO_SHARE`; smaller shares count as zero) is cut into one part per faction. Parts are
carved one faction after another, in metres (the scenario's metric CRS,
:func:`geodata.projection.metric_crs`):

1. The first faction (the *advancing* one, see :mod:`timeline.partition`) is carved first.
   Its part is the district within distance ``d`` of its *source*, with ``d`` found by
   :class:`~timeline.distance_field.DistanceField` so that the part's area is its share of
   the district's area (to 0.2 %, measured on the EPSG:4326 part scaled by the district's
   own m² per degree², within about 0.005 % of the metric CRS).
2. With three or more factions the next ones are carved the same way from what is left.
3. The last faction takes the remainder.

The final parts are cut from the district's own EPSG:4326 polygon (only the carving regions
are mapped back, by a quadratic fitted per district to well under a centimetre, or pyproj
where that fit is poor), so their outer edges keep the district's exact vertices and meet
the neighbours' edges. Pure: shapely 2, numpy; never Dash or plotly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geodata.projection import CRSLike, metric_crs

from .distance_field import DistanceField, south_source
from .shapes import polygonal, reproject, transformer

ZERO_SHARE = 0.005
"""Shares below this count as zero; a district with one faction left stays whole."""
_LOCAL_M = 0.01  # largest error of a district's own map to degrees (else pyproj)

__all__ = ["ZERO_SHARE", "LocalMap", "carve", "clean_shares", "split_district"]


def clean_shares(
    shares: Mapping[str, float], factions: Sequence[str] | None = None
) -> dict[str, float]:
    """Shares with values below :data:`ZERO_SHARE` set to zero, renormalised to sum to 1.

    ``factions`` (the scenario's ids, in order) are the keys of the result; by default the
    keys of ``shares``. A share for a faction not among them is a ``ValueError``.
    """
    factions = list(factions) if factions is not None else list(shares)
    unknown = sorted(set(shares) - set(factions))
    if unknown:
        raise ValueError(f"unknown factions {unknown}: use {', '.join(factions)}")
    kept = {f: float(shares.get(f, 0.0)) for f in factions}
    kept = {f: (v if v >= ZERO_SHARE else 0.0) for f, v in kept.items()}
    total = sum(kept.values())
    if total <= 0:
        raise ValueError(f"no faction holds a share of at least {ZERO_SHARE}: {dict(shares)}")
    return {f: v / total for f, v in kept.items()}


class LocalMap:
    """A quadratic map from a district's metric coordinates to EPSG:4326, and an area scale.

    Fitted on a 7 x 7 grid over the district's bounds widened by half on every side (where
    carving regions reach), it maps a region to degrees without pyproj to well under a
    centimetre. A part's area in m² is its area in degrees² times the district's own ratio
    of the two (the scale varies by about 1e-4 across a district). ``exact`` is False when
    the fit misses by more than :data:`_LOCAL_M` or the polygon is degenerate: callers then
    reproject with pyproj and measure in metres.
    """

    def __init__(self, polygon_ll: BaseGeometry, polygon_m: BaseGeometry, crs_metric: CRSLike):
        self.crs_metric = crs_metric
        minx, miny, maxx, maxy = polygon_m.bounds
        self.origin = np.array([(minx + maxx) / 2, (miny + maxy) / 2])
        self.size = max(maxx - minx, maxy - miny, 1.0)
        axis = np.linspace(-1.0, 1.0, 7) * self.size
        x, y = np.meshgrid(self.origin[0] + axis, self.origin[1] + axis)
        t = transformer(crs_metric, 4326)
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
        return reproject(geom_m, self.crs_metric, 4326)


def carve(
    polygon_ll: BaseGeometry,
    polygon_m: BaseGeometry,
    order: list[tuple[str, float, Any]],
    crs_metric: CRSLike | None = None,
    local: LocalMap | None = None,
    regions: list[BaseGeometry] | None = None,
) -> dict[str, BaseGeometry]:
    """Cut ``polygon_ll`` into one part per faction of ``order`` (faction, share, source).

    A source is a :class:`~timeline.distance_field.DistanceField` (first carve, possibly
    cached), a metric geometry, or ``None`` (southern sweep). The last faction takes the
    remainder. ``polygon_m`` is ``polygon_ll`` in ``crs_metric`` (default: the polygon's
    :func:`~geodata.projection.metric_crs`). Regions are mapped to degrees by ``local``
    (fitted here when not given) and parts measured there; ``regions``, when given, receives
    each carving region (EPSG:4326) in order.
    """
    if local is None:
        crs = metric_crs(polygon_ll) if crs_metric is None else crs_metric
        local = LocalMap(polygon_ll, polygon_m, crs)
    total = float(polygon_m.area)
    parts: dict[str, BaseGeometry] = {}
    taken_m = taken_ll = None
    for k, (faction, share, source) in enumerate(order):
        base_ll = polygon_ll if taken_ll is None else shapely.difference(polygon_ll, taken_ll)
        if k == len(order) - 1:
            parts[faction] = polygonal(base_ll)
            break
        base_m = polygon_m if taken_m is None else shapely.difference(polygon_m, taken_m)
        if isinstance(source, DistanceField):
            field = source
        else:
            flat = source is None
            field = DistanceField(base_m, south_source(polygon_m) if flat else source, flat=flat)

        def evaluate(
            d: float, field: DistanceField = field, base_ll: Any = base_ll, base_m: Any = base_m
        ):
            region_m = field.region(d)
            region_ll = local.to_ll(region_m)
            part = shapely.intersection(base_ll, region_ll)
            if local.exact:
                area = float(part.area) * local.m2_per_deg2
            else:
                area = float(shapely.intersection(base_m, region_m).area)
            return (region_m, region_ll, part), area

        region_m, region_ll, part = field.solve(share * total, evaluate)
        parts[faction] = polygonal(part)
        if regions is not None:
            regions.append(region_ll)
        taken_m = region_m if taken_m is None else shapely.union(taken_m, region_m)
        taken_ll = region_ll if taken_ll is None else shapely.union(taken_ll, region_ll)
    return parts


def split_district(
    polygon: BaseGeometry,
    shares: Mapping[str, float],
    sources: Mapping[str, BaseGeometry | None],
    crs_metric: CRSLike | None = None,
) -> dict[str, BaseGeometry]:
    """Split ``polygon`` (EPSG:4326) into one part per faction with a share (EPSG:4326).

    ``shares`` are cleaned with :func:`clean_shares`. Factions are carved in the order of
    ``sources`` (present factions missing from it come after, largest share first); the last
    present faction takes the remainder, so its source is not used. Each carved part is the
    district within a distance of its source (any EPSG:4326 geometry: shared edges, a stretch
    of boundary, a point) sized to its share; a source of ``None`` sweeps from the south.
    Areas are matched in ``crs_metric`` (default: the polygon's
    :func:`~geodata.projection.metric_crs`) to 0.2 % of the district's area.
    """
    clean = clean_shares(shares)
    present = [f for f in sources if clean.get(f, 0.0) > 0]
    rest = sorted((f for f in clean if clean[f] > 0 and f not in present), key=lambda f: -clean[f])
    names = present + rest
    if len(names) == 1:
        return {names[0]: polygonal(polygon)}
    crs_metric = metric_crs(polygon) if crs_metric is None else crs_metric
    polygon_m = reproject(polygon, 4326, crs_metric)
    order = []
    for f in names:
        src = sources.get(f)
        order.append((f, clean[f], None if src is None else reproject(src, 4326, crs_metric)))
    return carve(polygon, polygon_m, order, crs_metric)
