"""Small geometry helpers shared by carving, the partitioner and the front through the parts.

Reprojection between EPSG:4326 and the metric CRS (one pyproj transformer per pair of CRSs),
the polygons or merged lines left by an overlay, and the snap-rounding grid on which the
boundaries of carved parts are intersected. Pure: shapely 2, numpy, pyproj.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.projection import CRSLike

GRID_DEG = 1e-9
"""Snap-rounding grid (degrees) for intersecting boundaries that are not noded together."""
NO_LINE = MultiLineString()  # immutable empty results, built once
_NO_POLYGON = Polygon()

__all__ = ["GRID_DEG", "NO_LINE", "merged_lines", "polygonal", "reproject", "transformer"]


def transformer(src: CRSLike, dst: CRSLike) -> Transformer:
    """The pyproj transformer from ``src`` to ``dst`` (x, y order), built once per pair.

    Each CRS is an EPSG code, a CRS string or a pyproj ``CRS`` (such as
    :func:`geodata.projection.metric_crs` gives).
    """
    return _transformer(_crs_key(src), _crs_key(dst))


@lru_cache(maxsize=16)
def _transformer(src: int | str, dst: int | str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _crs_key(crs: CRSLike) -> int | str:
    return crs.srs if isinstance(crs, CRS) else crs


def reproject(geom: Any, src: CRSLike, dst: CRSLike) -> Any:
    """``geom`` (a geometry or an array of them) from CRS ``src`` to CRS ``dst``."""
    t = transformer(src, dst)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` (overlays may leave stray lines or points), made valid."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    flat = shapely.get_parts(shapely.get_parts(geom))  # collections, then multi-parts
    polys = flat[(shapely.get_type_id(flat) == 3) & ~shapely.is_empty(flat)]
    return shapely.multipolygons(polys) if len(polys) else _NO_POLYGON


def merged_lines(geom: BaseGeometry) -> BaseGeometry:
    """The line parts of an intersection, merged (points where parts only touch are dropped)."""
    parts = shapely.get_parts(geom)
    lines = parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)]
    if len(lines) == 0:
        return NO_LINE
    return shapely.line_merge(shapely.multilinestrings(lines))
