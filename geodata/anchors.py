"""Where a district's name goes: a label point deep inside each polygon, and its area.

The point is the pole of inaccessibility (shapely's ``polylabel``) of the district's largest
part, computed in the layer's metric CRS: the interior point farthest from the edges, so a
name centred on it sits well inside a long or crescent-shaped district, where a centroid or
an arbitrary interior point may sit near an edge. Pure geometry: no Dash, no plotly.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.ops import polylabel

from .areas import to_metric
from .projection import CRSLike

# The pole is found to within this many metres (a label's few pixels are tens of metres).
POLE_TOLERANCE_M = 5.0


def _largest_part(geom):
    parts = getattr(geom, "geoms", None)
    return max(parts, key=lambda g: g.area) if parts else geom


def label_anchors(
    gdf: gpd.GeoDataFrame | gpd.GeoSeries, crs: CRSLike | None = None
) -> pd.DataFrame:
    """Columns ``lon``, ``lat`` (EPSG:4326: the label point) and ``area_km2``, one row per
    geometry, same index; measured in ``crs`` (default: the layer's metric CRS)."""
    metric = to_metric(gdf, crs)
    points = []
    for geom in metric:
        if geom is None or geom.is_empty:
            points.append(None)
            continue
        part = _largest_part(geom)
        try:
            points.append(polylabel(part, tolerance=POLE_TOLERANCE_M))
        except Exception:  # a degenerate part: any interior point will do
            points.append(part.representative_point())
    lonlat = gpd.GeoSeries(points, index=metric.index, crs=metric.crs).to_crs(4326)
    return pd.DataFrame(
        {"lon": lonlat.x, "lat": lonlat.y, "area_km2": metric.area / 1e6}, index=metric.index
    )
