"""Geometry ready to draw: simplified without opening gaps, rounded, as GeoJSON mappings."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from .projection import CRSLike, metric_crs


def _round(coords: Any, ndigits: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), ndigits) for c in coords[:2]]
    return [_round(c, ndigits) for c in coords]


def display_geojson(
    frame: gpd.GeoDataFrame,
    *,
    tolerance_m: float = 4.0,
    ndigits: int = 5,
    properties: tuple[str, ...] = ("name",),
    crs: CRSLike | None = None,
) -> dict[str, Any]:
    """A FeatureCollection of ``frame`` for drawing: ``properties.id`` is the index.

    Polygons are simplified as a coverage (``shapely.coverage_simplify``) so that shared
    edges stay shared and no gaps open between districts; lines are simplified alone.
    Coordinates are rounded to ``ndigits`` decimals (5 is about 1 m). ``tolerance_m`` is
    in metres of ``crs`` (default: the frame's :func:`~geodata.projection.metric_crs`).
    """
    if frame.empty:
        return {"type": "FeatureCollection", "features": []}
    crs = metric_crs(frame) if crs is None else crs
    metric = frame.geometry.to_crs(crs)
    polygonal = metric.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    geoms = metric.to_numpy().copy()
    if tolerance_m > 0 and polygonal.all():
        geoms = shapely.coverage_simplify(geoms, tolerance_m, simplify_boundary=False)
    elif tolerance_m > 0:
        geoms = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
    simplified = gpd.GeoSeries(geoms, crs=crs, index=frame.index).to_crs("EPSG:4326")
    features = []
    for ident, geom in simplified.items():
        mapping = shapely.geometry.mapping(geom)
        props = {"id": str(ident)}
        for p in properties:
            if p in frame.columns:
                value = frame.at[ident, p]
                plain = isinstance(value, (str, int, float)) and value == value  # not NaN
                props[p] = value if plain else None
        features.append(
            {
                "type": "Feature",
                "id": str(ident),
                "properties": props,
                "geometry": {
                    "type": mapping["type"],
                    "coordinates": _round(mapping["coordinates"], ndigits),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
