"""Front lines: the shared edges between neighbouring districts held by different factions.

Two neighbours face each other across a front when their *majority* controllers differ.
The majority is the faction with the largest share; ties go to the faction listed first in
``scenario.yaml`` (see :func:`timeline.build.majority_of`). The adjacency comes from
``geodata.topology.adjacency``: columns ``a``, ``b``, ``geometry`` (the shared edge, EPSG:4326)
and ``length_km``.

``fronts_by_day`` works on arrays: one (day x pair) boolean matrix says which pairs are
fronts; lengths are a matrix product, and a day's geometry is rebuilt only when its set of
front pairs differs from the day before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiLineString

from geodata.errors import DataError

from .build import majority_of

FRONT_COLUMNS = ["date", "geometry", "length_km", "pairs"]

__all__ = ["FRONT_COLUMNS", "front_lines", "fronts_by_day"]


def _pair_codes(adjacency: pd.DataFrame, ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    a = ids.get_indexer(adjacency["a"].astype(str))
    b = ids.get_indexer(adjacency["b"].astype(str))
    bad = (a < 0) | (b < 0)
    if bad.any():
        row = adjacency.iloc[int(np.argmax(bad))]
        raise DataError(
            f"adjacency pair ({row['a']}, {row['b']}) names a district with no daily state",
            hint="build the adjacency and the daily table from the same districts",
        )
    return a, b


class _EdgeParts:
    """The adjacency's edges exploded into single LineStrings, grouped by pair."""

    def __init__(self, geometry: np.ndarray):
        parts, index = shapely.get_parts(geometry, return_index=True)
        keep = ~shapely.is_empty(parts)
        self.parts = parts[keep]
        self.pair = index[keep]

    def union(self, mask: np.ndarray) -> MultiLineString:
        chosen = self.parts[mask[self.pair]]
        lines = chosen[shapely.get_type_id(chosen) == 1]  # LineStrings only, no stray points
        if len(lines) == 0:
            return MultiLineString()
        return shapely.multilinestrings(lines)


def front_lines(daily_day: pd.DataFrame, adjacency: pd.DataFrame) -> tuple[MultiLineString, float]:
    """The front on one day: (MultiLineString in EPSG:4326, length in km).

    ``daily_day`` holds one row per district (the rows of one date of the daily table).
    """
    ids = pd.Index(daily_day["district"].astype(str))
    majority = majority_of(daily_day)
    a, b = _pair_codes(adjacency, ids)
    mask = majority[a] != majority[b]
    length = float(adjacency["length_km"].to_numpy(dtype=float)[mask].sum())
    # Only the front's edges are taken apart (a few percent of all shared edges).
    chosen = np.asarray(adjacency.geometry, dtype=object)[mask]
    return _EdgeParts(chosen).union(np.ones(len(chosen), dtype=bool)), length


def fronts_by_day(daily: pd.DataFrame, adjacency: pd.DataFrame) -> pd.DataFrame:
    """The front of every day of the daily table.

    Returns a frame with columns ``date`` (``datetime64[ns]``), ``geometry`` (MultiLineString,
    EPSG:4326, possibly empty), ``length_km`` (float) and ``pairs`` (tuple of ``(a, b)``
    district-id pairs facing each other), one row per day in date order.
    """
    dates = pd.DatetimeIndex(daily["date"].unique()).sort_values()
    ordered = daily.sort_values(["date", "district"], kind="stable")
    n_days = len(dates)
    n_districts = len(ordered) // max(n_days, 1)
    ids = pd.Index(ordered["district"].astype(str).to_numpy()[:n_districts])
    if n_days * n_districts != len(ordered) or not ids.is_unique:
        raise DataError("the daily table does not hold one row per district per day")
    majority = majority_of(ordered).reshape(n_days, n_districts)

    a, b = _pair_codes(adjacency, ids)
    front = majority[:, a] != majority[:, b]  # (day x pair)
    lengths = front @ adjacency["length_km"].to_numpy(dtype=float)
    parts = _EdgeParts(np.asarray(adjacency.geometry, dtype=object))
    pair_ids = np.array(
        list(zip(adjacency["a"].astype(str), adjacency["b"].astype(str), strict=True)),
        dtype=object,
    )
    geometries, pairs = [], []
    previous = None
    for day in range(n_days):
        row = front[day]
        if previous is None or not np.array_equal(row, front[previous]):
            geometry = parts.union(row)
            chosen = tuple(tuple(p) for p in pair_ids[row]) if len(pair_ids) else ()
            previous = day
        geometries.append(geometry)
        pairs.append(chosen)
    return pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "geometry": geometries,
            "length_km": lengths.astype(float),
            "pairs": pairs,
        },
        columns=FRONT_COLUMNS,
    )
