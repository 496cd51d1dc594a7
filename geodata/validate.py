"""Check a scenario's geometry files and report every problem, one line each.

Unlike the loaders in :mod:`geodata.io`, which stop at the first problem, the checks here
go on and collect all of them, and never raise for any file content: a broken file is a
list of :class:`Problem`, not a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from .errors import DataError
from .io import POLYGON_TYPES, declared_crs, feature_label
from .paths import geometry_dir
from .projection import metric_crs
from .safe_io import read_json

OVERLAP_MIN_KM2 = 0.0001
HOLE_MIN_KM2 = 0.001
SNAP_DEGREES = 1e-6
LANDMARK_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)


@dataclass(frozen=True)
class Problem:
    """One problem in one file: where it is, what is wrong and how to fix it."""

    file: str
    where: str | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        parts = [self.file, self.where, self.message] if self.where else [self.file, self.message]
        text = ": ".join(parts)
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class _Layer:
    """The usable features of one file: ids and parsed geometries, aligned."""

    ids: list[str]
    geoms: list[Any]
    props: list[dict[str, Any]]
    known: set[str]  # every id seen, including features whose geometry is broken


def validate_geometry(directory: str | Path | None = None) -> list[Problem]:
    """Every problem in ``districts.geojson`` and the optional ``landmarks.geojson`` of
    ``directory``.

    ``None`` means the bundled scenario. An empty list means the geometry is usable.
    """
    folder = geometry_dir(directory)
    problems: list[Problem] = []
    districts = _check_file(folder / "districts.geojson", POLYGON_TYPES, problems)
    if districts is not None:
        _check_overlaps(str(folder / "districts.geojson"), districts, problems)
        _check_holes(str(folder / "districts.geojson"), districts, problems)
    landmarks = None
    if (folder / "landmarks.geojson").exists():
        landmarks = _check_file(folder / "landmarks.geojson", LANDMARK_TYPES, problems)
    if landmarks is not None and districts is not None:
        known = districts.known
        for fid, props in zip(landmarks.ids, landmarks.props, strict=True):
            district = props.get("district")
            if district is not None and district not in known:
                problems.append(
                    Problem(
                        str(folder / "landmarks.geojson"),
                        f"feature {fid}",
                        f"district {district!r} is not a district id",
                        "use an id from districts.geojson, or null",
                    )
                )
    return problems


def _check_file(path: Path, types: frozenset[str], problems: list[Problem]) -> _Layer | None:
    file = str(path)
    if not path.exists() and not path.is_symlink():
        problems.append(Problem(file, None, "file not found", "create it"))
        return None
    try:
        data = read_json(path, hint="fix the JSON syntax")
    except DataError as exc:
        problems.append(_from_error(file, exc))
        return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.append(
            Problem(
                file,
                None,
                "not a GeoJSON FeatureCollection",
                'the top level must be {"type": "FeatureCollection", "features": [...]}',
            )
        )
        return None
    crs = declared_crs(data)
    if crs is not None:
        problems.append(
            Problem(file, None, f"CRS is {crs}, not WGS84", "reproject with to_crs(4326)")
        )
    features = data.get("features")
    if not isinstance(features, list):
        problems.append(Problem(file, None, "'features' is not a list", "add a features list"))
        return None
    layer = _Layer([], [], [], set())
    seen: dict[str, int] = {}
    for i, feature in enumerate(features):
        where = feature_label(feature, i)
        fid, geom, props = _check_feature(file, where, feature, types, problems)
        if fid is None:
            continue
        if fid in seen:
            problems.append(
                Problem(
                    file,
                    where,
                    f"duplicate id (also feature #{seen[fid]})",
                    "give each feature its own id",
                )
            )
            continue
        seen[fid] = i
        layer.known.add(fid)
        if geom is None:
            continue
        layer.ids.append(fid)
        layer.geoms.append(geom)
        layer.props.append(props)
    return layer


def _from_error(file: str, error: DataError) -> Problem:
    """A reader's :class:`DataError` (``where`` is FILE, FILE:LINE or FILE:LINE:COLUMN) as a
    :class:`Problem` of ``file`` (``where`` then reads "line LINE[:COLUMN]")."""
    where = error.where or ""
    rest = where[len(file) :].lstrip(":") if where.startswith(file) else ""
    return Problem(file, f"line {rest}" if rest else None, error.message, error.hint)


def _check_feature(
    file: str, where: str, feature: Any, types: frozenset[str], problems: list[Problem]
) -> tuple[str | None, Any, dict[str, Any]]:
    def report(message: str, hint: str) -> None:
        problems.append(Problem(file, where, message, hint))

    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report("not a GeoJSON Feature", 'write {"type": "Feature", "properties": ..., ...}')
        return None, None, {}
    props = feature.get("properties")
    if not isinstance(props, dict):
        report("has no properties", "add id and name properties")
        return None, None, {}
    fid = props.get("id")
    if not isinstance(fid, str) or not fid.strip():
        report("has no id", "add a unique 'id' property (a slug)")
        fid = None
    name = props.get("name")
    if not isinstance(name, str) or not name.strip():
        report("has no name", "add a non-empty 'name' property")
    aliases = props.get("aliases")
    if aliases is not None and not (
        isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
    ):
        report("'aliases' is not a list of strings", 'write ["name", ...]')
    return fid, _parse_geometry(feature.get("geometry"), types, report), props


def _parse_geometry(raw: Any, types: frozenset[str], report: Any) -> Any:
    if not isinstance(raw, dict) or "type" not in raw:
        report("has no geometry", "draw its geometry")
        return None
    if not isinstance(raw["type"], str) or raw["type"] not in types:
        report(f"geometry is a {raw['type']}, expected {' or '.join(sorted(types))}", "redraw it")
        return None
    try:
        geom = shapely.geometry.shape(raw)
    except Exception as exc:  # malformed coordinates raise several exception types
        report(f"geometry cannot be read: {exc}", "check its coordinates")
        return None
    if geom.is_empty:
        report("geometry is empty", "draw its geometry")
        return None
    minx, miny, maxx, maxy = geom.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        report("coordinates are not longitude/latitude", "reproject with to_crs(4326)")
        return None
    if not geom.is_valid:
        report(f"invalid geometry: {shapely.is_valid_reason(geom)}", "fix with shapely.make_valid")
        return None
    return geom


def _check_overlaps(file: str, layer: _Layer, problems: list[Problem]) -> None:
    if len(layer.geoms) < 2:
        return
    geoms = np.array(layer.geoms, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    overlap = gpd.GeoSeries(shapely.intersection(geoms[left], geoms[right]), crs=4326)
    km2 = overlap.to_crs(metric_crs(geoms)).area.to_numpy() / 1e6
    for a, b, area in zip(left, right, km2, strict=True):
        if area > OVERLAP_MIN_KM2:
            first, second = sorted((layer.ids[a], layer.ids[b]))
            problems.append(
                Problem(
                    file,
                    f"feature {first}",
                    f"overlaps {second} by {area:.4f} km²",
                    "trim one of them so they share an edge",
                )
            )


def _check_holes(file: str, layer: _Layer, problems: list[Problem]) -> None:
    if not layer.geoms:
        return
    # Snap to a 1e-6° grid (~0.1 m) so float noise along shared edges does not open a hole.
    union = shapely.union_all(np.array(layer.geoms, dtype=object), grid_size=SNAP_DEGREES)
    rings = [ring for poly in shapely.get_parts(union) for ring in poly.interiors]
    if not rings:
        return
    holes = gpd.GeoSeries([shapely.Polygon(r) for r in rings], crs=4326).to_crs(metric_crs(union))
    km2 = holes.area.to_numpy() / 1e6
    label = holes.centroid.to_crs(4326)
    for area, point in zip(km2, label, strict=True):
        if area > HOLE_MIN_KM2:
            problems.append(
                Problem(
                    file,
                    "outline",
                    f"hole of {area:.3f} km² inside the districts at "
                    f"lon {point.x:.5f}, lat {point.y:.5f}",
                    "extend a neighbouring district to cover it",
                )
            )
