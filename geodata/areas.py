"""Areas and label points measured in a metric CRS: UTM zone 37N (EPSG:32637), covering Aleppo."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .errors import DataError

METRIC_CRS = 32637


def to_metric(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoSeries:
    """The geometries reprojected to UTM 37N (metres); the input is left untouched."""
    if gdf.crs is None:
        raise DataError(
            "geometry has no CRS", where="GeoDataFrame", hint="declare it with set_crs(4326)"
        )
    geoms = gdf.geometry if isinstance(gdf, gpd.GeoDataFrame) else gdf
    return geoms.to_crs(METRIC_CRS)


def area_km2(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in km², measured in EPSG:32637; same index as ``gdf``."""
    return (to_metric(gdf).area / 1e6).rename("area_km2")


def centroids_lonlat(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.DataFrame:
    """A label point per geometry as columns ``lon``, ``lat`` (EPSG:4326); same index as ``gdf``.

    The point is shapely's representative point computed in EPSG:32637, so it always lies
    inside its polygon (a true centroid can fall outside a crescent-shaped district).
    """
    metric = to_metric(gdf)
    points = gpd.GeoSeries(
        shapely.point_on_surface(metric.to_numpy()), index=metric.index, crs=METRIC_CRS
    ).to_crs(4326)
    return pd.DataFrame({"lon": points.x, "lat": points.y}, index=metric.index)
