"""The country a scenario's city lies in, for the map's locator inset.

Reads a world TopoJSON (Natural Earth's Admin 0 countries, as shipped in
``assets/geodata/countries-110m.json``) and returns the outline of the country containing a
point (or, for a point on a coast or border that the coarse outlines miss, the nearest one).
Pure geometry: no Dash, no plotly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Point, Polygon


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat of every arc (delta-decoded and de-quantised)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def countries(path: str | Path) -> list[tuple[str, MultiPolygon]]:
    """Every country of the TopoJSON file at ``path``: (name, outline)."""
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    out = []
    for geom in topology["objects"]["countries"]["geometries"]:
        kind = geom.get("type")
        if kind == "Polygon":
            polygons = [geom["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        shapes = []
        for rings in polygons:
            outer, *holes = (_ring(r, arcs) for r in rings)
            if len(outer) >= 4:
                shapes.append(Polygon(outer, [h for h in holes if len(h) >= 4]))
        if shapes:
            name = (geom.get("properties") or {}).get("name") or str(geom.get("id", ""))
            out.append((name, MultiPolygon(shapes)))
    return out


def country_at(lon: float, lat: float, path: str | Path) -> dict[str, Any] | None:
    """The country holding ``(lon, lat)`` (else the nearest within 2 degrees): its name and
    its outline as lon/lat columns (rings ``None``-separated, 3 decimals); ``None`` if no
    country is near."""
    point = Point(lon, lat)
    best = None
    for name, shape in countries(path):
        d = 0.0 if shape.contains(point) else shape.distance(point)
        if d <= 2.0 and (best is None or d < best[0]):
            best = (d, name, shape)
    if best is None:
        return None
    lons: list[float | None] = []
    lats: list[float | None] = []
    for polygon in best[2].geoms:
        if lons:
            lons.append(None)
            lats.append(None)
        for x, y in polygon.exterior.coords:
            lons.append(round(x, 3))
            lats.append(round(y, 3))
    return {"name": best[1], "lon": lons, "lat": lats}
