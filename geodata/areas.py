"""Areas and label points measured in the layer's metric CRS (:mod:`geodata.projection`).

Each function takes an optional ``crs``: a scenario passes the one CRS it measures in;
without it the CRS is chosen from the layer's own bounds (:func:`~geodata.projection.metric_crs`),
which for the bundled Aleppo layer is UTM zone 37N (EPSG:32637).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .errors import DataError
from .projection import CRSLike, metric_crs


def to_metric(gdf: gpd.GeoDataFrame | gpd.GeoSeries, crs: CRSLike | None = None) -> gpd.GeoSeries:
    """The geometries reprojected to ``crs`` (metres; default: the layer's
    :func:`~geodata.projection.metric_crs`); the input is left untouched."""
    if gdf.crs is None:
        raise DataError(
            "geometry has no CRS", where="GeoDataFrame", hint="declare it with set_crs(4326)"
        )
    geoms = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    if len(geoms) == 0:
        return geoms.to_crs(crs) if crs is not None else geoms
    return geoms.to_crs(metric_crs(geoms) if crs is None else crs)


def area_km2(gdf: gpd.GeoDataFrame | gpd.GeoSeries, crs: CRSLike | None = None) -> pd.Series:
    """Area of each geometry in km², measured in ``crs`` (default: the layer's metric CRS);
    same index as ``gdf``."""
    return (to_metric(gdf, crs).area / 1e6).rename("area_km2")


def centroids_lonlat(
    gdf: gpd.GeoDataFrame | gpd.GeoSeries, crs: CRSLike | None = None
) -> pd.DataFrame:
    """A label point per geometry as columns ``lon``, ``lat`` (EPSG:4326); same index as ``gdf``.

    The point is shapely's representative point computed in ``crs`` (default: the layer's
    metric CRS), so it always lies inside its polygon (a true centroid can fall outside a
    crescent-shaped district).
    """
    metric = to_metric(gdf, crs)
    points = gpd.GeoSeries(
        shapely.point_on_surface(metric.to_numpy()), index=metric.index, crs=metric.crs
    ).to_crs(4326)
    return pd.DataFrame({"lon": points.x, "lat": points.y}, index=metric.index)
