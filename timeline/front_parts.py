"""The front through the parts: the boundary between parts held by different factions.

Once shared districts are carved (:mod:`timeline.partition`), the front runs between whole
districts held by different factions, between a district and a neighbour's part, and
inside shared districts between their parts. :func:`front_pieces` finds it from any parts
table; :func:`front_of_split` finds the same lines from the partitioner's own output,
reusing the pieces of unchanged geometries from one moment to the next. EPSG:4326 in and
out; lengths are measured in the scenario's metric CRS (:func:`geodata.projection.metric_crs`,
the front's own when none is given). Pure: shapely 2, numpy; never Dash or plotly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString
from shapely.geometry.base import BaseGeometry

from geodata.projection import CRSLike, metric_crs

from .shapes import GRID_DEG, NO_LINE, merged_lines, reproject

if TYPE_CHECKING:
    from .partition import Partitioner

__all__ = [
    "front_for_parts",
    "front_length_km",
    "front_of_split",
    "front_pieces",
    "merge_front",
    "pieces_length_km",
]


def front_pieces(
    parts: gpd.GeoDataFrame,
    adjacency: pd.DataFrame | None = None,
    memo: dict | None = None,
) -> list[BaseGeometry]:
    """The front as pieces: the shared boundary of each touching pair of parts of different
    factions (lines, EPSG:4326), whole districts first.

    Between two whole districts the piece is their shared edge: taken from ``adjacency``
    (:func:`geodata.topology.adjacency`, the very geometry object) when given, else computed.
    A carved part's corner on a neighbour's edge is not a vertex of that neighbour, so pairs
    involving a carved part are intersected with snap rounding on a 1e-9 degree grid.
    ``memo`` (a dict the caller keeps) reuses the piece of a pair of unchanged geometries.
    """
    geoms = np.asarray(parts.geometry.to_numpy(), dtype=object)
    faction = parts["faction"].to_numpy()
    district = parts["district"].astype(str).to_numpy().tolist()
    whole = (parts["role"] == "whole").to_numpy() if "role" in parts else np.zeros(len(parts), bool)
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = (left < right) & (faction[left] != faction[right])
    left, right = left[keep], right[keep]
    pieces: list[BaseGeometry] = []
    firm = whole[left] & whole[right]
    if adjacency is not None:
        ends = zip(adjacency["a"].astype(str).tolist(), adjacency["b"].astype(str).tolist())
        known = dict(zip(ends, adjacency.geometry.to_numpy().tolist()))
        for k, m in zip(left[firm].tolist(), right[firm].tolist()):
            a, b = district[k], district[m]
            edge = known.get((a, b), known.get((b, a)))
            if edge is not None:
                pieces.append(edge)
        left, right, firm = left[~firm], right[~firm], firm[~firm]
    memo = {} if memo is None else memo
    todo = [k for k in range(len(left)) if _memo_get(memo, geoms[left[k]], geoms[right[k]]) is None]
    if todo:
        gl, gr = geoms[left[todo]], geoms[right[todo]]
        edge_l, edge_r = shapely.boundary(gl), shapely.boundary(gr)
        found = np.empty(len(todo), dtype=object)
        exact = firm[todo]
        found[exact] = shapely.intersection(edge_l[exact], edge_r[exact])
        found[~exact] = shapely.intersection(edge_l[~exact], edge_r[~exact], grid_size=GRID_DEG)
        for a, b, line in zip(gl, gr, found):
            memo[id(a), id(b)] = (a, b, merged_lines(line))
    for k in range(len(left)):
        line = _memo_get(memo, geoms[left[k]], geoms[right[k]])
        if not line.is_empty:
            pieces.append(line)
    return pieces


def merge_front(pieces: list[BaseGeometry]) -> MultiLineString:
    """Pieces of front merged into one MultiLineString (empty when there is no front)."""
    parts = shapely.get_parts(np.asarray(pieces, dtype=object)) if pieces else np.array([])
    lines = (
        parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)] if len(parts) else parts
    )
    if len(lines) == 0:
        return NO_LINE
    merged = shapely.line_merge(shapely.multilinestrings(lines))
    return MultiLineString([merged]) if merged.geom_type == "LineString" else merged


def front_for_parts(
    parts: gpd.GeoDataFrame, adjacency: pd.DataFrame | None = None
) -> MultiLineString:
    """The front: every stretch of boundary between two parts of different factions.

    It runs between whole districts held by different factions, between a district and a
    neighbour's part, and inside shared districts between their parts; EPSG:4326 in and out.
    See :func:`front_pieces` (``adjacency`` only saves recomputing whole districts' edges);
    :func:`front_length_km` measures it.
    """
    return merge_front(front_pieces(parts, adjacency))


def front_length_km(front: BaseGeometry, crs: CRSLike | None = None) -> float:
    """Length of a front (EPSG:4326) in km, measured in ``crs`` (default: the front's
    :func:`~geodata.projection.metric_crs`)."""
    if front.is_empty:
        return 0.0
    crs = metric_crs(front) if crs is None else crs
    return float(shapely.length(reproject(front, 4326, crs))) / 1000.0


def front_of_split(
    p: Partitioner, holders: np.ndarray, splits: dict[int, list], memo: dict
) -> tuple[BaseGeometry, ...]:
    """The front of a moment as pieces (lines, EPSG:4326), from
    :meth:`~timeline.partition.Partitioner.split`'s output (``holders``, ``splits``).

    The same lines as :func:`front_pieces` over the moment's parts, grouped differently:
    the shared edge of each pair of whole districts held by different factions (the
    adjacency's own geometry object); for each part, its boundary against the edges of
    the whole neighbours held by other factions (one piece); the boundary between each
    pair of parts of different factions, within a district or across neighbouring shared
    districts. ``memo`` (a dict the caller keeps across moments) reuses the piece of
    unchanged geometries, so unchanged pieces are the very same objects.
    """
    a, b = p.pair_codes
    whole = np.ones(len(p.ids), dtype=bool)
    whole[list(splits)] = False
    firm = whole[a] & whole[b] & (holders[a] != holders[b])
    pieces: list[BaseGeometry] = list(p.edges_ll[firm])
    jobs: list[tuple[tuple, Any, Any]] = []
    for i, rows in splits.items():
        region = p.cut_region(rows)
        if region is not None:  # two parts: the region's edge splits them
            _cut_jobs(p, i, rows, region, holders, splits, jobs)
            continue
        for x, (_, faction, _, _, _, part) in enumerate(rows):
            # internal boundaries (parts of one district are of different factions)
            for other in rows[x + 1 :]:
                jobs.append(((id(part), id(other[5])), part, other[5]))
            code = p.factions.index(faction)
            facing = [
                (j, line) for j, line in p.touching(i) if j not in splits and holders[j] != code
            ]
            if facing:
                key = (id(part), *(j for j, _ in facing))
                jobs.append((key, part, [line for _, line in facing]))
            for j, _ in p.touching(i):
                if j in splits and j > i:
                    for other in splits[j]:
                        if other[1] != faction:
                            jobs.append(((id(part), id(other[5])), part, other[5]))
    todo = [(key, g, h) for key, g, h in jobs if key not in memo]
    cuts = [job for job in todo if isinstance(job[1], str)]
    if cuts:
        found = [_cut(op, *h) for _, op, h in cuts]
        for (key, _, h), line in zip(cuts, found):
            memo[key] = (h, None, merged_lines(line))
        todo = [job for job in todo if not isinstance(job[1], str)]
    if todo:
        left = shapely.boundary(np.array([g for _, g, _ in todo], dtype=object))
        right = np.empty(len(todo), dtype=object)
        for k, (_, _, h) in enumerate(todo):
            if isinstance(h, list):  # boundaries shared with whole neighbours
                right[k] = shapely.multilinestrings(shapely.get_parts(np.array(h, dtype=object)))
            else:
                right[k] = shapely.boundary(h)
        found = shapely.intersection(left, right, grid_size=GRID_DEG)
        for (key, g, h), line in zip(todo, found):
            # the memo holds the geometries whose ids make its key, so ids stay unique
            memo[key] = (g, h, merged_lines(line))
    for key, _, _ in jobs:
        line = memo[key][2]
        if not line.is_empty:
            pieces.append(line)
    return tuple(pieces)


def _cut_jobs(
    p: Partitioner,
    i: int,
    rows: list,
    region: BaseGeometry,
    holders: np.ndarray,
    splits: dict[int, list],
    jobs: list,
) -> None:
    """The jobs of a district split in two by ``region``: the region's edge inside it, the
    boundary shared with whole neighbours of the other faction inside the region (first
    part) or outside it (second part); across shared neighbours, as in
    :func:`front_of_split`."""
    jobs.append(((id(rows), "cut"), "cut", (p.polygons_ll[i], region)))
    for x, (_, faction, _, _, _, part) in enumerate(rows):
        code = p.factions.index(faction)
        facing = tuple(
            (j, line) for j, line in p.touching(i) if j not in splits and holders[j] != code
        )
        if facing:
            key = (id(rows), x, *(j for j, _ in facing))
            lines = [line for _, line in facing]
            jobs.append((key, "inside" if x == 0 else "outside", (lines, region)))
        for j, _ in p.touching(i):
            if j in splits and j > i:
                for other in splits[j]:
                    if other[1] != faction:
                        jobs.append(((id(part), id(other[5])), part, other[5]))


def pieces_length_km(
    pieces: tuple[BaseGeometry, ...], memo: dict, crs: CRSLike | None = None
) -> float:
    """Length in km of a front given as pieces (each measured once, in ``crs``; default: the
    pieces' :func:`~geodata.projection.metric_crs`; keep one ``crs`` per ``memo``)."""
    new = [g for g in pieces if id(g) not in memo]
    if new:
        lines = np.array(new, dtype=object)
        crs = metric_crs(lines) if crs is None else crs
        km = shapely.length(reproject(lines, 4326, crs))
        for g, value in zip(new, km / 1000.0):
            memo[id(g)] = (g, float(value))
    return float(sum(memo[id(g)][1] for g in pieces))


def _memo_get(memo: dict, a: BaseGeometry, b: BaseGeometry) -> BaseGeometry | None:
    hit = memo.get((id(a), id(b)))
    return hit[2] if hit is not None and hit[0] is a and hit[1] is b else None


def _cut(op: str, a: Any, region: BaseGeometry) -> BaseGeometry:
    """A piece of front of a district split by ``region``: ``cut`` is the region's edge within
    the district ``a``; ``inside`` and ``outside`` are the lines ``a`` (a list) within or
    outside the region."""
    if op == "cut":
        return shapely.intersection(shapely.boundary(region), a)
    lines = shapely.multilinestrings(shapely.get_parts(np.array(a, dtype=object)))
    if op == "inside":
        return shapely.intersection(lines, region)
    return shapely.difference(lines, region)
