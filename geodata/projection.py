"""The metric CRS of a scenario: where areas, lengths, buffers and parts are measured.

:func:`metric_crs` chooses one CRS for a layer from where it lies:

* the **UTM zone** of the layer's centre (EPSG:326zz north of the equator, EPSG:327zz south
  of it; the Norway and Svalbard exceptions of the zone grid included) when the whole layer
  lies within :data:`UTM_REACH_DEG` degrees of longitude of that zone's central meridian and
  between 80° S and 84° N. There UTM's scale error is under 0.3 % (0.6 % in area), and
  under 0.1 % in area for a city within 2° of the central meridian;
* otherwise (a layer wider than a zone allows, or near a pole) a **Lambert azimuthal
  equal-area** projection centred on the layer (``+proj=laea``, WGS84): areas are exact
  anywhere, lengths good to 0.1 % within about 450 km of the centre.

A layer that crosses the antimeridian (longitudes on both sides of ±180°) is centred on
its true middle, not on the Greenwich meridian. A layer with nothing to measure (only empty
geometries) gets the UTM zone of 0° E, 0° N. The bundled Aleppo layer lies in UTM zone
37N (EPSG:32637). Pure: pyproj, shapely, numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeAlias

import numpy as np
import shapely
from pyproj import CRS

CRSLike: TypeAlias = int | str | CRS
"""A CRS as the geometry code takes it: an EPSG code, a CRS string or a pyproj ``CRS``."""
UTM_REACH_DEG = 4.5
"""How far (degrees of longitude) a layer may reach from its UTM zone's central meridian."""
_UTM_SOUTH, _UTM_NORTH = -80.0, 84.0

__all__ = ["UTM_REACH_DEG", "CRSLike", "lonlat_bounds", "metric_crs", "utm_zone"]


def utm_zone(lon: float, lat: float) -> int:
    """The UTM zone (1-60) of a point, with the Norway (32V) and Svalbard (31X-37X) exceptions."""
    lon = (lon + 180.0) % 360.0 - 180.0
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    if 56.0 <= lat < 64.0 and 3.0 <= lon < 12.0:
        return 32
    if 72.0 <= lat <= 84.0 and 0.0 <= lon < 42.0:
        return 31 if lon < 9.0 else 33 if lon < 21.0 else 35 if lon < 33.0 else 37
    return zone


def lonlat_bounds(source: Any) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` in degrees of ``source``: a GeoDataFrame or GeoSeries in
    any CRS (none means longitude/latitude), a shapely geometry or array of them in
    longitude/latitude, or a bounds tuple. ``west > east`` when the layer crosses the
    antimeridian (then ``east`` is below 180 and ``west`` above -180); all zeros when the
    geometries have no coordinates (all empty)."""
    crs = getattr(source, "crs", None)
    if crs is not None and not CRS.from_user_input(crs).is_geographic:
        source = source.to_crs(4326)
    if hasattr(source, "geometry") and hasattr(source, "total_bounds"):
        geoms = np.asarray(source.geometry.to_numpy(), dtype=object)
    elif isinstance(source, shapely.Geometry):
        geoms = np.array([source], dtype=object)
    elif isinstance(source, np.ndarray) and source.dtype == object:
        geoms = source
    elif isinstance(source, Sequence) and len(source) == 4:
        west, south, east, north = (float(v) for v in source)
        return west, south, east, north
    else:
        raise TypeError(f"cannot take the bounds of {type(source).__name__}")
    coords = shapely.get_coordinates(geoms)
    if len(coords) == 0:
        return 0.0, 0.0, 0.0, 0.0
    lon, lat = coords[:, 0], coords[:, 1]
    west, east = float(lon.min()), float(lon.max())
    if east - west > 180.0:  # across the antimeridian: measure eastward from the west edge
        shifted = np.where(lon < 0.0, lon + 360.0, lon)
        if float(shifted.max() - shifted.min()) < east - west:
            west, east = float(shifted.min()), float(shifted.max()) - 360.0
    return west, float(lat.min()), east, float(lat.max())


def metric_crs(source: Any) -> CRS:
    """The metric CRS for a layer (see the module docstring for the rule): a UTM zone or a
    Lambert azimuthal equal-area projection at the layer's centre.

    ``source`` is what :func:`lonlat_bounds` accepts (a GeoDataFrame, geometries or bounds).
    The same CRS object is returned for the same zone, so it is cheap to call per layer.
    """
    west, south, east, north = lonlat_bounds(source)
    span = (east - west) % 360.0 if east != west else 0.0
    lon0 = (west + span / 2.0 + 180.0) % 360.0 - 180.0
    lat0 = (south + north) / 2.0
    zone = utm_zone(lon0, lat0)
    meridian = zone * 6.0 - 183.0
    reach = max(abs(_wrap(west - meridian)), abs(_wrap(west + span - meridian)))
    if reach <= UTM_REACH_DEG and south >= _UTM_SOUTH and north <= _UTM_NORTH:
        return _utm(zone, lat0 < 0.0)
    return _laea(round(lon0, 4), round(min(max(lat0, -90.0), 90.0), 4))


def _wrap(degrees: float) -> float:
    return (degrees + 180.0) % 360.0 - 180.0


@lru_cache(maxsize=128)
def _utm(zone: int, south: bool) -> CRS:
    return CRS.from_epsg((32700 if south else 32600) + zone)


@lru_cache(maxsize=128)
def _laea(lon0: float, lat0: float) -> CRS:
    if not (math.isfinite(lon0) and math.isfinite(lat0)):
        raise ValueError("the layer's bounds are not finite")
    return CRS.from_proj4(f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
