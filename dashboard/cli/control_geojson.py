"""The map of control at one moment as GeoJSON, for ``frontline control --format geojson``.

Pure functions (no click, no printing): :func:`resolve_moment` turns ``--at`` or
``--date``/``--fraction`` into a moment, :func:`control_geojson` builds the FeatureCollection.
Shares between two days are interpolated linearly (see :mod:`timeline.moments`); shared
districts are cut into one part per faction (see :mod:`timeline.partition`).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from timeline import Scenario
from timeline.diff import provenance
from timeline.front_parts import front_for_parts, front_length_km
from timeline.moments import parts_at, shares_at, timestamp_of

__all__ = ["control_geojson", "resolve_moment"]

_DIGITS = 6  # about 0.1 m, as RFC 7946 suggests


def resolve_moment(
    scenario: Scenario,
    *,
    at: str | None = None,
    date: str | None = None,
    fraction: float | None = None,
) -> pd.Timestamp:
    """The moment ``--at`` names, or ``--date`` plus ``--fraction`` of the day (default 0).

    ``ValueError`` with what to write when both or neither are given, when ``fraction`` is
    not in [0, 1) or comes without ``date``, or when the moment is outside the battle.
    """
    if (at is None) == (date is None):
        raise ValueError("give either --at YYYY-MM-DDTHH:MM or --date YYYY-MM-DD, not both")
    if at is not None:
        if fraction is not None:
            raise ValueError("--fraction goes with --date, not with --at")
        moment = timestamp_of(at)
    else:
        day = scenario.check_date(date)
        share = 0.0 if fraction is None else float(fraction)
        if not 0.0 <= share < 1.0:
            raise ValueError(f"--fraction must be in [0, 1) (0 = midnight), not {fraction}")
        moment = pd.Timestamp(day) + pd.Timedelta(days=share)
    first, last = pd.Timestamp(scenario.start), pd.Timestamp(scenario.end)
    if not first <= moment < last + pd.Timedelta(days=1):
        raise ValueError(
            f"{moment.isoformat()} is outside the battle: pick a moment from {first.date()}T00:00"
            f" to {last.date()}T23:59"
        )
    return moment


def _rounded(geom: BaseGeometry) -> dict[str, Any]:
    return mapping(shapely.transform(geom, lambda xy: np.round(xy, _DIGITS)))


def control_geojson(
    scenario: Scenario, moment: datetime | date | str, *, folder: str | Path | None = None
) -> dict[str, Any]:
    """A FeatureCollection of who held what at ``moment``.

    One feature per district part (a district held whole is one part with share 1):
    properties ``kind: "part"``, ``district``, ``name``, ``faction``, ``share`` (of the
    district), ``role`` (``whole``, ``advancing``, ``carved``, ``remainder``) and ``source``.
    Then the front line as one MultiLineString feature with properties ``kind: "front"``
    and ``length_km``. The collection carries ``moment`` (ISO) and ``shares`` (the
    interpolated shares of every district) as foreign members, and ``metadata``: the
    scenario, its title, the day, the credits and the licence, as every data file does (see
    :mod:`dashboard.datafiles`; ``folder`` names the scenario's licence files). Coordinates:
    EPSG:4326, 6 decimals.
    """
    stamp = timestamp_of(moment)
    parts = parts_at(scenario, stamp)
    names = scenario.districts["name"]
    features: list[dict[str, Any]] = []
    for row in parts.itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "part",
                    "district": row.district,
                    "name": names.get(row.district),
                    "faction": row.faction,
                    "share": round(float(row.share), 4),
                    "role": row.role,
                    "source": row.source or None,
                },
                "geometry": _rounded(row.geometry),
            }
        )
    front = front_for_parts(parts, scenario.adjacency)
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "front", "length_km": round(front_length_km(front), 3)},
            "geometry": _rounded(front),
        }
    )
    shares = shares_at(scenario.daily, stamp).round(4)
    meta = provenance(scenario, stamp.normalize(), folder=folder)
    return {
        "type": "FeatureCollection",
        "metadata": {**meta, "moment": stamp.isoformat(timespec="minutes")},
        "moment": stamp.isoformat(timespec="minutes"),
        "shares": {str(k): v for k, v in shares.to_dict(orient="index").items()},
        "features": features,
    }
