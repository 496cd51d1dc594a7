"""Read a scenario's district and landmark layers into GeoDataFrames, checked at the boundary.

Both loaders are cached on (resolved path, modification time): a file is parsed once per
process and re-read only when it changes on disk. The frames they return are shared between
callers: **treat them as read-only** (``.copy()`` before adding a column or reprojecting in
place). Every problem in the file raises :class:`~geodata.errors.DataError` naming the file,
the feature and what to do; ``frontline validate`` reports all problems at once instead.
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from .errors import DataError
from .paths import districts_path, landmarks_path
from .safe_io import decode, parse_json, read_bytes, read_text

DISTRICT_COLUMNS = ["id", "name", "name_ar", "aliases", "sector", "group", "ocha_code", "source"]
LANDMARK_COLUMNS = ["id", "name", "aliases", "kind", "district"]
POLYGON_TYPES = frozenset({"Polygon", "MultiPolygon"})
_WGS84 = CRS.from_epsg(4326)


def load_districts(scenario: str | Path | None = None) -> gpd.GeoDataFrame:
    """The scenario's districts: one row per district, indexed by id, in EPSG:4326.

    Columns: id, name, name_ar, aliases (list[str]), sector, group, ocha_code, source,
    geometry (Polygon or MultiPolygon). The index holds the ids (unnamed, so that the ``id``
    column stays unambiguous). The frame is cached and shared: treat it as read-only.
    """
    path = districts_path(scenario)
    return _cached(str(path.resolve()), _mtime(path), "districts")


def load_landmarks(scenario: str | Path | None = None) -> gpd.GeoDataFrame:
    """The scenario's landmarks (points and lines), indexed by id, in EPSG:4326.

    Columns: id, name, aliases (list[str]), kind, district (a district id or None), geometry.
    ``landmarks.geojson`` is optional: without it the frame is empty (same columns). The
    frame is cached and shared: treat it as read-only.
    """
    path = landmarks_path(scenario)
    if not path.exists():
        return _no_landmarks()
    return _cached(str(path.resolve()), _mtime(path), "landmarks")


@lru_cache(maxsize=1)
def _no_landmarks() -> gpd.GeoDataFrame:
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in LANDMARK_COLUMNS})
    return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries([], crs=4326), crs=4326)


def read_feature_collection(path: Path) -> dict[str, Any]:
    """Parse a GeoJSON FeatureCollection (read by :mod:`geodata.safe_io`: a regular file,
    bounded in size and depth, UTF-8), raising DataError with the line if it is not one."""
    return _feature_collection(path, read_text(path))


def _feature_collection(path: Path, text: str) -> dict[str, Any]:
    data = parse_json(text, path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(
            "not a GeoJSON FeatureCollection",
            where=str(path),
            hint='the top level must be {"type": "FeatureCollection", "features": [...]}',
        )
    if not isinstance(data.get("features"), list):
        raise DataError(
            "'features' is missing or not a list", where=str(path), hint="add a features list"
        )
    return data


def declared_crs(data: dict[str, Any]) -> str | None:
    """The CRS a (legacy) GeoJSON ``crs`` member names, or None when it names WGS84 or is absent."""
    crs = data.get("crs")
    if crs is None:
        return None
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    if not isinstance(name, str):
        return repr(crs)
    try:
        if CRS.from_user_input(name).equals(_WGS84, ignore_axis_order=True):
            return None
    except Exception:  # pyproj raises its own CRSError for unknown names
        return name
    return name


def feature_label(feature: Any, index: int) -> str:
    """How messages name a feature: by its id property when it has one, else by its index."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    fid = props.get("id") if isinstance(props, dict) else None
    return f"feature {fid}" if isinstance(fid, str) and fid else f"feature #{index}"


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=16)
def _cached(path_str: str, mtime: int, layer: str) -> gpd.GeoDataFrame:
    del mtime  # part of the cache key only
    return _read(Path(path_str), layer)


def _read(path: Path, layer: str) -> gpd.GeoDataFrame:
    raw = read_bytes(path)
    data = _feature_collection(path, decode(raw, path))
    crs_name = declared_crs(data)
    if crs_name is not None:
        raise DataError(
            f"CRS is {crs_name}, not WGS84 (EPSG:4326)",
            where=str(path),
            hint="reproject with to_crs(4326) and drop the crs member",
        )
    columns = DISTRICT_COLUMNS if layer == "districts" else LANDMARK_COLUMNS
    _check_properties(path, data["features"], polygons=layer == "districts")
    try:
        # GDAL reads the bytes already read and checked, not the file a second time.
        gdf = pyogrio.read_dataframe(io.BytesIO(raw))
    except Exception as exc:  # GDAL errors come in several types
        raise DataError(
            f"GDAL cannot read it: {exc}", where=str(path), hint="run 'frontline validate'"
        ) from exc
    if gdf.crs is not None and not gdf.crs.equals(_WGS84, ignore_axis_order=True):
        raise DataError(
            f"CRS is {gdf.crs.to_string()}, not WGS84",
            where=str(path),
            hint="reproject with to_crs(4326)",
        )
    gdf = gdf.set_crs(4326, allow_override=True)
    _check_lonlat(path, gdf)
    for col in columns:
        if col not in gdf.columns:
            gdf[col] = None
    gdf["aliases"] = pd.Series([_as_list(v) for v in gdf["aliases"]], index=gdf.index, dtype=object)
    for col in columns:
        if col not in ("id", "name", "aliases"):
            values = [None if _is_missing(v) else v for v in gdf[col]]
            gdf[col] = pd.Series(values, index=gdf.index, dtype=object)
    extra = [c for c in gdf.columns if c not in columns and c != "geometry"]
    gdf = gdf[[*columns, *extra, "geometry"]]
    # set_index(verify_integrity=True) is deprecated in pandas 3.1: check uniqueness directly.
    if gdf["id"].duplicated().any():
        dup = sorted(set(gdf["id"][gdf["id"].duplicated()]))
        raise DataError(
            f"duplicate ids: {', '.join(dup)}", where=str(path), hint="give each feature its own id"
        )
    return gdf.set_index(gdf["id"].rename(None))


def _check_properties(path: Path, features: list[Any], *, polygons: bool) -> None:
    for i, feature in enumerate(features):
        where = f"{path} {feature_label(feature, i)}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise DataError("has no properties", where=where, hint="add id and name properties")
        for key in ("id", "name"):
            value = props.get(key)
            if not isinstance(value, str) or not value.strip():
                raise DataError(
                    f"property '{key}' is missing or empty",
                    where=where,
                    hint=f"give the feature a non-empty '{key}'",
                )
        aliases = props.get("aliases")
        if aliases is not None and not (
            isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
        ):
            raise DataError(
                "'aliases' is not a list of strings", where=where, hint='write ["name", ...]'
            )
        geometry = feature.get("geometry")
        gtype = geometry.get("type") if isinstance(geometry, dict) else None
        if gtype is None:
            raise DataError("has no geometry", where=where, hint="draw its geometry")
        if polygons and (not isinstance(gtype, str) or gtype not in POLYGON_TYPES):
            raise DataError(
                f"geometry is a {gtype}, not a Polygon or MultiPolygon",
                where=where,
                hint="districts are areas: draw a polygon",
            )


def _check_lonlat(path: Path, gdf: gpd.GeoDataFrame) -> None:
    bounds = gdf.geometry.bounds
    bad = (bounds["minx"] < -180) | (bounds["maxx"] > 180)
    bad |= (bounds["miny"] < -90) | (bounds["maxy"] > 90)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            "coordinates are not longitude/latitude degrees",
            where=f"{path} feature {gdf['id'].iloc[i]}",
            hint="the data looks projected: reproject with to_crs(4326)",
        )


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return [value]
        return [str(v) for v in parsed] if isinstance(parsed, list) else [value]
    return [str(v) for v in value]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
