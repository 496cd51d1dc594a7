"""The Partitioner: every shared district's parts at any moment, with the memos that make it fast.

A district whose state holds two or more factions is carved into one part per faction
(:mod:`timeline.carving`). The Partitioner decides, for each such district, the order in
which factions are carved and where each grows from, and remembers what it computed.

The source of a faction, in order of preference (:meth:`Partitioner.parts`):

* ``edges``: the edges the district shares with neighbours that faction holds (its
  majority, as in :mod:`timeline.fronts`): the part grows inward from its own side.
* ``approach``: no neighbour of that faction, but it holds a district elsewhere: the stretch
  of the district's boundary within ``sqrt(area) / 4`` of the point nearest to the nearest
  district it holds (the direction it comes from).
* ``south``: it holds nothing anywhere: a sweep from the district's southern edge northward
  (a half-plane ``y <= y0``), an arbitrary but stable choice.

The advancing faction (carved first) is the present faction whose share rose most since the
district's previous different state (see :meth:`Partitioner.state`); when none rose (a
baseline that is already shared), the present faction holding the most neighbouring edge
length (ties follow the order of ``scenario.yaml``). The last faction (the one with the
largest share among those not advancing) takes the remainder. Pure: shapely 2, numpy,
geopandas; never Dash or plotly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geodata.projection import CRSLike, metric_crs

from .build import majority_of
from .carving import ZERO_SHARE, LocalMap, carve
from .distance_field import (
    DistanceField,
    farthest_bound,
    sample_grid,
    simplify_source,
    south_source,
)
from .model import faction_columns
from .shapes import GRID_DEG, merged_lines, reproject

PART_COLUMNS = ["district", "faction", "share", "role", "source", "geometry"]
_COARSE_M = 10.0

__all__ = [
    "PART_COLUMNS",
    "ControlInputs",
    "Partitioner",
    "PartsInputs",
    "partitioner",
    "parts_for_day",
]


class ControlInputs(Protocol):
    """What partitioning needs (a :class:`~timeline.scenario.Scenario` has all three; its
    ``crs``, when it has one, is the metric CRS the parts are measured in)."""

    districts: gpd.GeoDataFrame
    adjacency: pd.DataFrame
    daily: pd.DataFrame


@dataclass(frozen=True, eq=False)
class PartsInputs:
    """Districts (EPSG:4326, indexed by id), their adjacency and the daily control table;
    ``crs`` is the metric CRS (default: the districts' :func:`~geodata.projection.metric_crs`)."""

    districts: gpd.GeoDataFrame
    adjacency: pd.DataFrame
    daily: pd.DataFrame
    crs: CRSLike | None = None


class Partitioner:
    """Splits the shared districts of a battle at any moment; built once per scenario.

    Holds the districts in both CRSs (EPSG:4326 and ``crs``, the metric CRS the parts are
    measured in: the scenario's, or the layer's :func:`~geodata.projection.metric_crs` when
    not given), each district's neighbours and shared edges (metric),
    the daily shares as a (day x district x faction) array, and memos: per district its grid
    of sample points, its map to degrees and the boundary lines it shares with each
    neighbour; per (district, edge) the edge's distances over the grid; the distance field
    of each (district, source) (which also remembers the exact areas it was solved for); the
    parts of each (district, plan, shares) and the carving region of those cut in two. The
    memos only ever hold results of pure computations, so sharing one is safe.
    """

    def __init__(
        self,
        districts: gpd.GeoDataFrame,
        adjacency: pd.DataFrame,
        daily: pd.DataFrame,
        crs: CRSLike | None = None,
    ):
        self.crs = metric_crs(districts) if crs is None else crs
        self.ids = pd.Index([str(i) for i in districts.index])
        self.polygons_ll = np.asarray(districts.geometry.to_numpy(), dtype=object)
        self.polygons_m = reproject(self.polygons_ll, 4326, self.crs)
        self._coarse = np.full(len(self.ids), None, dtype=object)  # see _coarse_m
        a = self.ids.get_indexer(adjacency["a"].astype(str))
        b = self.ids.get_indexer(adjacency["b"].astype(str))
        if (a < 0).any() or (b < 0).any():
            raise ValueError("the adjacency names districts that are not in the district layer")
        self.edges_ll = np.asarray(adjacency.geometry, dtype=object)
        self.edges_m = reproject(self.edges_ll, 4326, self.crs)
        self.pair_codes = (a, b)
        self.edge_km = adjacency["length_km"].to_numpy(dtype=float)
        self.neighbours: list[list[tuple[int, int]]] = [[] for _ in self.ids]
        for row, (i, j) in enumerate(zip(a, b)):
            self.neighbours[i].append((int(j), row))
            self.neighbours[j].append((int(i), row))
        self.dates = pd.DatetimeIndex(sorted(pd.to_datetime(daily["date"]).unique()))
        day = self.dates.get_indexer(pd.to_datetime(daily["date"]))
        code = self.ids.get_indexer(daily["district"].astype(str))
        if (code < 0).any() or len(daily) != len(self.dates) * len(self.ids):
            raise ValueError("the daily table must hold one row per district per day")
        self.factions: tuple[str, ...] = faction_columns(daily.columns)
        """The faction ids in scenario order (the daily table's share columns)."""
        self.shares = np.zeros((len(self.dates), len(self.ids), len(self.factions)))
        self.shares[day, code] = daily[list(self.factions)].to_numpy(dtype=float)
        changed = np.ones(self.shares.shape[:2], dtype=bool)
        changed[1:] = (self.shares[1:] != self.shares[:-1]).any(axis=2)
        steps = np.arange(len(self.dates))[:, None]
        self.run_start = np.maximum.accumulate(np.where(changed, steps, 0), axis=0)
        self._fields: dict[tuple, DistanceField] = {}
        self._splits: dict[tuple, list[tuple]] = {}
        self._rows: dict[tuple, list[tuple]] = {}
        self._locals: dict[int, LocalMap] = {}
        self._samples: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}
        self._edge_fields: dict[tuple[int, int], tuple[BaseGeometry, np.ndarray]] = {}
        self._approach: dict[tuple, tuple] = {}
        self._touch: dict[int, list[tuple[int, BaseGeometry]]] = {}
        self._cuts: dict[int, tuple[list, BaseGeometry]] = {}
        self._tree: shapely.STRtree | None = None
        self._pair_lines: dict[tuple[int, int], BaseGeometry] = {}

    def day_index(self, day: date | str | pd.Timestamp) -> int:
        """Position of ``day`` in the battle; ``ValueError`` naming the range otherwise."""
        stamp = pd.Timestamp(day).normalize()
        k = self.dates.get_indexer([stamp])[0]
        if k < 0:
            first, last = self.dates[0].date(), self.dates[-1].date()
            raise ValueError(f"{stamp.date()} is outside the battle: pick a day in {first}..{last}")
        return int(k)

    def state(self, k: int, fraction: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Shares and rise (both district x faction) at ``fraction`` of the way from day ``k``.

        Shares move linearly from day ``k`` to day ``k + 1``. The rise says who advances: on
        a day, the change since the district's previous different state; between two days
        where the district changes, the change under way.
        """
        now = self.shares[k]
        prev_k = self.run_start[k] - 1
        before = self.shares[np.maximum(prev_k, 0), np.arange(len(self.ids))]
        rise = np.where((prev_k >= 0)[:, None], now - before, 0.0)
        if fraction <= 0 or k + 1 >= len(self.dates):
            return now.copy(), rise
        nxt = self.shares[k + 1]
        moving = (nxt != now).any(axis=1)
        shares = (1.0 - fraction) * now + fraction * nxt
        return shares, np.where(moving[:, None], nxt - now, rise)

    def parts(
        self, shares: np.ndarray, rise: np.ndarray, *, contested_only: bool = False
    ) -> gpd.GeoDataFrame:
        """One row per (district, faction) part: columns of :data:`PART_COLUMNS`, EPSG:4326.

        ``role`` is ``whole``, ``advancing`` (carved first), ``carved`` (second of three) or
        ``remainder``; ``source`` says where a carved part grows from (``edges:ID,...``,
        ``approach:ID`` or ``south``).
        """
        holders, splits = self.split(shares, rise)
        rows: list[tuple] = []
        for i, ident in enumerate(self.ids):
            if i in splits:
                rows.extend(splits[i])
            elif not contested_only:
                rows.append(
                    (ident, self.factions[holders[i]], 1.0, "whole", "", self.polygons_ll[i])
                )
        frame = pd.DataFrame(rows, columns=PART_COLUMNS)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=4326)

    def split(self, shares: np.ndarray, rise: np.ndarray) -> tuple[np.ndarray, dict[int, list]]:
        """The majority holder of every district (faction index) and, for each shared district
        (by position, in order), its rows as :meth:`parts` gives them. The lists of rows are
        memoised: an unchanged district gives the very same list (and geometries)."""
        clean = np.where(shares >= ZERO_SHARE, shares, 0.0)
        clean = clean / clean.sum(axis=1, keepdims=True)
        holders = majority_of(clean)
        shared = np.flatnonzero((clean > 0).sum(axis=1) > 1)
        held = holders.tobytes()
        splits = {}
        for i in shared.tolist():  # a district's rows follow from its row and the holders
            key = (i, clean[i].tobytes(), rise[i].tobytes(), held)
            if key not in self._rows:
                self._rows[key] = self._split(i, clean[i], rise[i], holders)
            splits[i] = self._rows[key]
        return holders, splits

    def cut_region(self, rows: list) -> BaseGeometry | None:
        """The carving region (EPSG:4326) of a district cut in two, given its rows as
        :meth:`split` gives them; ``None`` for a district cut in three."""
        cut = self._cuts.get(id(rows))
        return cut[1] if cut is not None and cut[0] is rows else None

    def touching(self, i: int) -> list[tuple[int, BaseGeometry]]:
        """The districts whose boundary meets district ``i``'s in a line (snap-rounded on the
        grid of :func:`timeline.front_parts.front_pieces`, which finds a few stretches the
        adjacency misses where boundaries are not noded), with that line; computed once per
        pair of districts."""
        if i not in self._touch:
            if self._tree is None:
                self._tree = shapely.STRtree(self.polygons_ll)
            near = [int(j) for j in self._tree.query(self.polygons_ll[i]) if j != i]
            pairs = self._pair_lines
            todo = [j for j in near if (min(i, j), max(i, j)) not in pairs]
            if todo:
                lines = shapely.intersection(
                    shapely.boundary(self.polygons_ll[i]),
                    shapely.boundary(self.polygons_ll[todo]),
                    grid_size=GRID_DEG,
                )
                for j, line in zip(todo, lines):
                    pairs[min(i, j), max(i, j)] = merged_lines(line)
            found = [(j, pairs[min(i, j), max(i, j)]) for j in near]
            self._touch[i] = [(j, line) for j, line in found if not line.is_empty]
        return self._touch[i]

    def _split(self, i: int, s: np.ndarray, r: np.ndarray, holders: np.ndarray) -> list[tuple]:
        present = [f for f in range(len(self.factions)) if s[f] > 0]
        lengths = np.zeros(len(self.factions))
        for j, row in self.neighbours[i]:
            lengths[holders[j]] += self.edge_km[row]
        if max(r[f] for f in present) > 1e-9:
            advancing = max(present, key=lambda f: (r[f], -f))
        else:
            advancing = max(present, key=lambda f: (lengths[f], -f))
        others = [f for f in present if f != advancing]
        remainder = max(others, key=lambda f: (s[f], -f))
        order = [advancing, *(f for f in others if f != remainder), remainder]
        keys = tuple(self._source_key(i, f, holders) for f in order[:-1])
        memo = (i, tuple(order), keys, tuple(np.round(s, 9)))
        if memo not in self._splits:
            names = self.factions
            plan = [(names[order[0]], float(s[order[0]]), self._field(i, keys[0]))]
            for f, key in zip(order[1:-1], keys[1:]):
                plan.append((names[f], float(s[f]), self._source(i, key)))
            plan.append((names[remainder], float(s[remainder]), None))
            regions: list[BaseGeometry] = []
            polygon = self.polygons_ll[i]
            parts = carve(polygon, self.polygons_m[i], plan, local=self._local(i), regions=regions)
            roles = ["advancing", *(["carved"] * (len(order) - 2)), "remainder"]
            labels = [self._label(key) for key in keys] + [""]
            rows = [
                (self.ids[i], names[f], float(s[f]), role, label, parts[names[f]])
                for f, role, label in zip(order, roles, labels)
            ]
            self._splits[memo] = rows
            if len(rows) == 2:  # the front pieces of its parts follow from the one region
                self._cuts[id(rows)] = (rows, regions[0])
        return self._splits[memo]

    def _source_key(self, i: int, f: int, holders: np.ndarray) -> tuple:
        near = tuple(sorted(j for j, _ in self.neighbours[i] if holders[j] == f))
        if near:
            return ("edges", near)
        mask = holders == f
        memo = (i, mask.tobytes())
        if memo not in self._approach:
            held = np.flatnonzero(mask)
            held = held[held != i]
            if len(held) == 0:
                self._approach[memo] = ("south",)
            else:
                coarse = self._coarse_m(np.append(held, i))
                distance = shapely.distance(coarse[-1], coarse[:-1])
                self._approach[memo] = ("approach", int(held[int(np.argmin(distance))]))
        return self._approach[memo]

    def _coarse_m(self, rows: np.ndarray) -> np.ndarray:
        """The metric polygons of ``rows`` simplified to :data:`_COARSE_M` (for nearest-district
        tests; Douglas-Peucker, as a distance does not mind an invalid ring, and the exact
        polygon where that leaves nothing), each simplified the first time it is asked for."""
        missing = rows[self._coarse[rows] == None]  # noqa: E711 (elementwise)
        if len(missing):
            exact = self.polygons_m[missing]
            simple = shapely.simplify(exact, _COARSE_M, preserve_topology=False)
            self._coarse[missing] = np.where(shapely.is_empty(simple), exact, simple)
        return self._coarse[rows]

    def _label(self, key: tuple) -> str:
        if key[0] == "edges":
            return "edges:" + ",".join(self.ids[j] for j in key[1])
        if key[0] == "approach":
            return f"approach:{self.ids[key[1]]}"
        return "south"

    def _source(self, i: int, key: tuple) -> BaseGeometry | None:
        polygon = self.polygons_m[i]
        if key[0] == "edges":
            rows = [row for j, row in self.neighbours[i] if j in key[1]]
            return shapely.multilinestrings(shapely.get_parts(self.edges_m[rows]))
        if key[0] == "approach":
            line = shapely.shortest_line(polygon, self.polygons_m[key[1]])
            point = shapely.get_point(line, 0)
            reach = np.sqrt(polygon.area) / 4
            stretch = shapely.intersection(polygon.boundary, shapely.buffer(point, reach))
            return point if stretch.is_empty else stretch
        return None

    def _local(self, i: int) -> LocalMap:
        if i not in self._locals:
            self._locals[i] = LocalMap(self.polygons_ll[i], self.polygons_m[i], self.crs)
        return self._locals[i]

    def _sample(self, i: int) -> tuple[np.ndarray, np.ndarray, float]:
        if i not in self._samples:
            self._samples[i] = sample_grid(self.polygons_m[i])
        return self._samples[i]

    def _edge_field(self, i: int, row: int) -> tuple[BaseGeometry, np.ndarray]:
        """One shared edge of district ``i``, simplified, and its distances from the grid
        points of ``i``."""
        if (i, row) not in self._edge_fields:
            edge = simplify_source(self.edges_m[row])
            self._edge_fields[i, row] = (edge, shapely.distance(self._sample(i)[0], edge))
        return self._edge_fields[i, row]

    def _field(self, i: int, key: tuple) -> DistanceField:
        """The distance field of a source: an edges source is the nearest of its edges, so its
        distances are the minimum of the distances each edge has (computed once per edge)."""
        if (i, key) not in self._fields:
            polygon = self.polygons_m[i]
            _, corners, step = self._sample(i)
            if key[0] == "edges":
                rows = [row for j, row in self.neighbours[i] if j in key[1]]
                edges = [self._edge_field(i, row) for row in rows]
                source = shapely.multilinestrings(
                    shapely.get_parts(np.array([e[0] for e in edges], dtype=object))
                )
                dists = np.minimum.reduce([e[1] for e in edges])
                far = farthest_bound(corners, source)
                self._fields[i, key] = DistanceField(polygon, source, sampled=(dists, far, step))
            else:
                source = self._source(i, key)
                flat = source is None
                source = simplify_source(south_source(polygon) if flat else source)
                grid = self._sample(i)[0]
                far = farthest_bound(corners, source)
                sampled = (shapely.distance(grid, source), far, step)
                self._fields[i, key] = DistanceField(polygon, source, flat=flat, sampled=sampled)
        return self._fields[i, key]


@lru_cache(maxsize=8)
def partitioner(inputs: ControlInputs) -> Partitioner:
    """The :class:`Partitioner` of a scenario (or :class:`PartsInputs`), built once per object."""
    crs = getattr(inputs, "crs", None)
    return Partitioner(inputs.districts, inputs.adjacency, inputs.daily, crs)


def parts_for_day(inputs: ControlInputs, day: date | str) -> gpd.GeoDataFrame:
    """Every district's parts on ``day`` (whole districts give one row): :data:`PART_COLUMNS`.

    ``inputs`` is a :class:`~timeline.scenario.Scenario` or a :class:`PartsInputs`.
    """
    p = partitioner(inputs)
    shares, rise = p.state(p.day_index(day))
    return p.parts(shares, rise)
