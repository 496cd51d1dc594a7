"""Turn anyone's polygon layer into a clean district tiling, reporting every repair.

:func:`read_layer` reads a GeoJSON, GeoPackage or Shapefile layer in any CRS into EPSG:4326,
one row per feature (a MultiPolygon stays one district), with a name and an id for each.
:func:`repair_tiling` then works in a metric CRS local to the layer (the UTM zone of its
centre, north or south) and

1. fixes invalid rings (``shapely.make_valid``, keeping the polygonal parts),
2. gives each small overlap to the feature that comes first in the layer; an overlap larger
   than ``max_overlap`` of the smaller feature is a data error naming both features,
3. closes the gaps between neighbours (holes enclosed by the districts, and open slivers
   narrower than ``sliver_width_m``): each gap goes to the neighbour sharing its longest
   edge; an enclosed hole larger than ``max_gap_m2`` is a data error giving its position.

Every repair is a :class:`Repair` naming the district, what was done and its area in m²;
nothing is dropped silently. The building blocks (:func:`slugify`, :func:`unique_ids`,
:func:`polygonal`, :func:`give_overlaps_to_first`, :func:`longest_edge_neighbour`) are also
what the Aleppo curation script uses. Pure: no Dash, Flask or plotly.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from shapely.geometry import Polygon

from .errors import DataError
from .projection import metric_crs
from .safe_io import MIB, check_file

__all__ = [
    "EDGE_TOLERANCE_M",
    "GAP_MAX_M2",
    "MIN_PART_M2",
    "OVERLAP_MAX_SHARE",
    "SLIVER_WIDTH_M",
    "Repair",
    "Tiling",
    "give_overlaps_to_first",
    "longest_edge_neighbour",
    "polygonal",
    "read_layer",
    "repair_tiling",
    "slugify",
    "unique_ids",
]

WGS84 = "EPSG:4326"
MIN_PART_M2 = 0.01
"""Polygon parts smaller than this (m²) are numerical dust, not territory."""
MAX_LAYER_BYTES = 1024 * MIB
"""The largest layer ``frontline new`` reads (a city's polygons are a few MB at most)."""
OVERLAP_MAX_SHARE = 0.1
"""An overlap covering more than this share of the smaller feature is a data error."""
GAP_MAX_M2 = 50_000.0
"""Enclosed holes up to this area (m²) are closed; larger ones are a data error."""
SLIVER_WIDTH_M = 10.0
"""Open gaps between two neighbours narrower than this (m) are closed."""
EDGE_TOLERANCE_M = 0.05
"""How near (m) a boundary must run to a neighbour to count as a shared edge."""
_GAP_PASSES = 5

_APOSTROPHES = re.compile(r"['‘’ʼ]")
# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "æ": "ae"}
    | {"Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ı": "i"}
)
_NAME_FIELDS = ("name", "name_en", "nom", "nombre", "nazev", "name_1", "label")


@dataclass(frozen=True)
class Repair:
    """One change made to the layer: the district it concerns, what was done, its area."""

    feature: str
    what: str
    area_m2: float | None = None

    def __str__(self) -> str:
        if self.area_m2 is None:
            return f"{self.feature}: {self.what}"
        return f"{self.feature}: {self.what} ({self.area_m2:,.1f} m²)"


@dataclass(frozen=True)
class Tiling:
    """A repaired layer: ``districts`` (id, name, source, geometry; EPSG:4326, in the layer's
    order), every repair made, and the metric CRS the repairs were measured in."""

    districts: gpd.GeoDataFrame
    repairs: tuple[Repair, ...]
    metric_crs: CRS

    def area_km2(self) -> float:
        """Total area of the districts in km², measured in :attr:`metric_crs`."""
        return float(self.districts.to_crs(self.metric_crs).area.sum() / 1e6)


# -- ids ---------------------------------------------------------------------------------------


def slugify(text: str, *, drop_prefix: str | None = None) -> str:
    """Lower-case ASCII id of a name: accents folded ("Žižkov" -> "zizkov"), apostrophes
    dropped, every other run of non-alphanumerics one hyphen.

    ``drop_prefix`` is a regular expression removed from the lower-cased ASCII text before
    the hyphens are placed (an article such as ``^(al|as)-``).
    """
    text = unicodedata.normalize("NFKD", text).translate(_FOLD)
    text = _APOSTROPHES.sub("", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    if drop_prefix:
        text = re.sub(drop_prefix, "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def unique_ids(slugs: Sequence[str], *, fallback: str = "district") -> list[str]:
    """The slugs made unique in order: the second ``x`` becomes ``x-2``, the third ``x-3``;
    an empty slug becomes ``<fallback>-<position>`` (1-based)."""
    taken: set[str] = set()
    out: list[str] = []
    for position, slug in enumerate(slugs, start=1):
        base = slug or f"{fallback}-{position}"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        out.append(candidate)
    return out


# -- geometry steps ----------------------------------------------------------------------------

_SNAP_M = 0.001
"""Grid (m) an overlay falls back to when GEOS cannot node nearly coincident edges."""


def _robust(op: Any, *args: Any) -> Any:
    """``op(*args)``; on a GEOS topology error, the same on a millimetre grid (for
    ``set_precision``: on the input made valid first)."""
    try:
        return op(*args)
    except shapely.errors.GEOSException:
        if op is shapely.set_precision:
            return op(shapely.make_valid(args[0]), *args[1:])
        return op(*args, grid_size=_SNAP_M)


def polygonal(geom: Any, min_area: float = MIN_PART_M2) -> Any:
    """``geom`` made valid, keeping only its polygon parts larger than ``min_area`` (lines and
    points that ``make_valid`` leaves behind go); an empty Polygon if nothing is left."""
    parts = shapely.get_parts(shapely.get_parts(shapely.make_valid(geom)))  # collections too
    polys = [g for g in parts if g.geom_type == "Polygon" and g.area > min_area]
    if not polys:
        return Polygon()
    return shapely.union_all(polys)


def give_overlaps_to_first(geoms: Sequence[Any], min_area: float = MIN_PART_M2) -> list[Any]:
    """Each geometry minus everything before it: an overlap stays with the earlier feature."""
    taken = Polygon()
    out = []
    for geom in geoms:
        out.append(polygonal(_robust(shapely.difference, geom, taken), min_area))
        taken = _robust(shapely.union, taken, geom)
    return out


def longest_edge_neighbour(
    part: Any, geoms: Sequence[Any], skip: int | None = None, tolerance: float = EDGE_TOLERANCE_M
) -> int | None:
    """Index of the geometry sharing the longest edge with ``part`` (the first on a tie);
    ``None`` if none runs within ``tolerance`` of its boundary. ``skip`` is left out."""
    best, best_len = None, 0.0
    boundary = part.boundary
    for other, ogeom in enumerate(geoms):
        if other == skip:
            continue
        shared = boundary.intersection(ogeom.buffer(tolerance)).length
        if shared > best_len:
            best, best_len = other, shared
    return best


def _pairwise_overlaps(geoms: Sequence[Any]) -> list[tuple[int, int, float]]:
    """(i, j, area) for every pair i < j whose interiors overlap by more than MIN_PART_M2."""
    arr = np.array(geoms, dtype=object)
    left, right = shapely.STRtree(arr).query(arr, predicate="intersects")
    out = []
    for i, j in zip(left, right, strict=True):
        if i < j:
            area = polygonal(arr[i].intersection(arr[j])).area
            if area > MIN_PART_M2:
                out.append((int(i), int(j), float(area)))
    return sorted(out)


def _gap_pieces(geoms: Sequence[Any], sliver_width: float) -> list[tuple[Any, bool]]:
    """The gaps of a tiling as (piece, enclosed): holes of the union (enclosed) and open slivers
    narrower than ``sliver_width`` (found by closing the union)."""
    union = _robust(shapely.union_all, list(geoms))
    parts = list(shapely.get_parts(union))
    # A hole may hold an island of the union (a district, or a part of one): not a gap.
    rings = [Polygon(ring) for p in parts for ring in p.interiors]
    holes = Polygon()
    if rings:
        holes = polygonal(_robust(shapely.difference, shapely.union_all(rings), union))
    out = [(h, True) for h in shapely.get_parts(holes) if h.area > MIN_PART_M2]
    filled = shapely.union_all([Polygon(p.exterior) for p in parts])
    radius = sliver_width / 2
    closed = union.buffer(radius, join_style="mitre").buffer(-radius, join_style="mitre")
    open_gaps = polygonal(_robust(shapely.difference, closed, filled))
    out += [(p, False) for p in shapely.get_parts(open_gaps) if p.area > MIN_PART_M2]
    return out


def _touching(part: Any, geoms: Sequence[Any], tolerance: float) -> int:
    zone = part.buffer(tolerance)
    return sum(1 for g in geoms if g.intersects(zone))


# -- reading a layer ---------------------------------------------------------------------------


def _field(columns: list[str], wanted: str | None, role: str, path: Path) -> str | None:
    if wanted is not None:
        if wanted not in columns:
            raise DataError(
                f"no field {wanted!r} (fields: {', '.join(columns) or 'none'})",
                where=str(path),
                hint=f"pass one of the fields as the {role} field",
            )
        return wanted
    if role != "name":
        return None
    lower = {c.lower(): c for c in columns}
    for candidate in _NAME_FIELDS:
        if candidate in lower:
            return lower[candidate]
    raise DataError(
        f"no name field found (fields: {', '.join(columns) or 'none'})",
        where=str(path),
        hint="pass --name-field FIELD",
    )


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def read_layer(
    path: str | Path, *, name_field: str | None = None, id_field: str | None = None
) -> gpd.GeoDataFrame:
    """A polygon layer (GeoJSON, GeoPackage, Shapefile; any CRS) as columns ``name``,
    ``raw_id`` (the id field's text or None) and ``geometry`` in EPSG:4326, one row per feature
    in file order. The name field defaults to the first of name, name_en, nom, ... present.

    Raises :class:`DataError` naming the file (and the feature) for a missing or unreadable
    file, an unknown field, a layer without CRS, a feature without name or polygon geometry.
    """
    path = Path(path)
    if not path.exists():
        raise DataError("file not found", where=str(path), hint="check the path")
    if not path.is_dir():  # a FIFO or a device is refused before GDAL opens it
        check_file(path, limit=MAX_LAYER_BYTES)
    try:
        raw = pyogrio.read_dataframe(path)
    except Exception as exc:  # GDAL raises several types for unreadable data
        raise DataError(
            f"cannot be read as a polygon layer: {str(exc).splitlines()[0]}",
            where=str(path),
            hint="give a GeoJSON, GeoPackage or Shapefile",
        ) from exc
    if len(raw) == 0 or "geometry" not in raw:
        raise DataError("the layer has no features", where=str(path), hint="give a polygon layer")
    if raw.crs is None:
        raise DataError(
            "the layer declares no CRS",
            where=str(path),
            hint="add one (e.g. the .prj of a Shapefile) or save the layer in EPSG:4326",
        )
    columns = [c for c in raw.columns if c != "geometry"]
    name_col = _field(columns, name_field, "name", path)
    id_col = _field(columns, id_field, "id", path)
    names, raw_ids = [], []
    for i, (_, row) in enumerate(raw.iterrows()):
        label = f"feature #{i}"
        geom = row.geometry
        gtype = None if geom is None else geom.geom_type
        if gtype not in ("Polygon", "MultiPolygon"):
            raise DataError(
                f"geometry is {gtype or 'missing'}, not a polygon",
                where=f"{path} {label}",
                hint="districts are areas: remove the feature or draw its polygon",
            )
        name = _text(row[name_col])
        if name is None:
            raise DataError(
                f"has no name in field {name_col!r}",
                where=f"{path} {label}",
                hint="fill in the name, or pass --name-field FIELD",
            )
        names.append(name)
        raw_ids.append(_text(row[id_col]) if id_col else None)
    gdf = gpd.GeoDataFrame(
        {"name": names, "raw_id": raw_ids}, geometry=list(raw.geometry), crs=raw.crs
    )
    return gdf.to_crs(WGS84)


# -- the whole repair --------------------------------------------------------------------------


def repair_tiling(
    layer: gpd.GeoDataFrame,
    *,
    where: str = "layer",
    max_overlap: float = OVERLAP_MAX_SHARE,
    max_gap_m2: float = GAP_MAX_M2,
    sliver_width_m: float = SLIVER_WIDTH_M,
) -> Tiling:
    """Ids, valid rings, no overlaps, no gaps: see the module docstring. ``layer`` is what
    :func:`read_layer` returns; ``where`` names it in errors."""
    if len(layer) == 0:
        raise DataError("the layer has no features", where=where, hint="give a polygon layer")
    crs = metric_crs(layer)
    metric = layer.to_crs(crs)
    names = list(layer["name"])
    slugs = [slugify(raw or name) for raw, name in zip(layer["raw_id"], names, strict=True)]
    ids = unique_ids(slugs)
    repairs: list[Repair] = []
    seen: dict[str, str] = {}
    for fid, slug, raw, name in zip(ids, slugs, layer["raw_id"], names, strict=True):
        if not slug:
            repairs.append(Repair(fid, f"{raw or name!r} has no Latin letters or digits: id {fid}"))
        elif fid != slug:
            repairs.append(Repair(fid, f"id {slug!r} is taken by {seen[slug]}: id {fid}"))
        seen.setdefault(slug, fid)

    geoms = []
    for i, (fid, geom) in enumerate(zip(ids, metric.geometry, strict=True)):
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            geom = polygonal(geom)
            repairs.append(Repair(fid, f"invalid ring fixed ({reason})", geom.area))
        if geom.is_empty or geom.area <= MIN_PART_M2:
            raise DataError(
                "has no area",
                where=f"{where} feature #{i} ({names[i]})",
                hint="draw its polygon, or remove the feature",
            )
        geoms.append(geom)

    for i, j, area in _pairwise_overlaps(geoms):
        smaller = min(geoms[i].area, geoms[j].area)
        if area > max_overlap * smaller:
            raise DataError(
                f"{ids[i]} and {ids[j]} overlap by {area:,.0f} m² "
                f"({100 * area / smaller:.0f}% of the smaller one)",
                where=f"{where} features #{i} and #{j}",
                hint="probably a data error: redraw one of them so that they share an edge",
            )
        repairs.append(Repair(ids[j], f"overlap with {ids[i]} given to {ids[i]}", area))
    geoms = give_overlaps_to_first(geoms)

    # Closing a sliver can enclose a wider gap behind it: look again until nothing changes.
    for _ in range(_GAP_PASSES):
        if not _close_gaps(ids, geoms, repairs, crs, where, max_gap_m2, sliver_width_m):
            break

    # A millimetre grid collapses the hair-thin spikes overlays can leave along shared edges,
    # which reprojection would otherwise turn into self-intersections.
    geoms = [polygonal(_robust(shapely.set_precision, g, _SNAP_M)) for g in geoms]
    out = gpd.GeoDataFrame({"id": ids, "name": names}, geometry=geoms, crs=crs).to_crs(WGS84)
    out["geometry"] = [g if g.is_valid else polygonal(g, 0.0) for g in out.geometry]
    return Tiling(out, tuple(repairs), crs)


def _close_gaps(
    ids: list[str],
    geoms: list[Any],
    repairs: list[Repair],
    crs: CRS,
    where: str,
    max_gap_m2: float,
    sliver_width_m: float,
) -> bool:
    """One pass of gap closing (in place); True if any gap was closed."""
    tree = shapely.STRtree(np.array(geoms, dtype=object))
    closed = False
    for piece, enclosed in _gap_pieces(geoms, sliver_width_m):
        # Gap pieces are disjoint, so their neighbours are among the districts of this pass.
        near = sorted(int(k) for k in tree.query(piece.buffer(EDGE_TOLERANCE_M)))
        if not enclosed and _touching(piece, [geoms[k] for k in near], EDGE_TOLERANCE_M) < 2:
            continue  # a notch in the outline of one district, not a gap between neighbours
        if enclosed and piece.area > max_gap_m2:
            point = gpd.GeoSeries([piece.representative_point()], crs=crs).to_crs(WGS84).iloc[0]
            raise DataError(
                f"hole of {piece.area:,.0f} m² inside the districts at "
                f"lon {point.x:.5f}, lat {point.y:.5f}",
                where=where,
                hint="add a district covering it, or let larger holes close "
                "(frontline new --max-gap-m2)",
            )
        found = longest_edge_neighbour(piece, [geoms[k] for k in near])
        if found is None:
            continue
        best = near[found]
        kind = "hole" if enclosed else "sliver"
        repairs.append(Repair(ids[best], f"{kind} between districts closed", piece.area))
        geoms[best] = polygonal(_robust(shapely.union, geoms[best], piece))
        closed = True
    return closed
