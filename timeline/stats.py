"""Daily statistics: area held per faction, how much of the enclave was taken, changes, fronts.

Areas are share-weighted: a district of 2 km² held 0.75 by the government adds 1.5 km² to
``government_km2``. District areas come from ``geodata.areas.area_km2`` (the scenario's metric CRS).

``gov_share_of_enclave`` (the attacker's share of the enclave) is defined on shares, which
say how much of a district each faction holds but not where inside it:

* the enclave is what the enclave faction (rebels) held on day one:
  ``enclave_km2 = sum(area * rebel_day1)``;
* the part of a district that was rebel on day one and is government's today is estimated as
  the government's net gain since day one, capped by the rebel share of day one:
  ``taken = min(rebel_day1, max(0, gov_today - gov_day1))``. The government's own day-one
  holdings inside a mixed district never count as enclave taken, and gains beyond the
  day-one rebel share (from the SDF, say) do not either;
* ``gov_share_of_enclave = sum(area * taken) / enclave_km2`` (NaN when there is no enclave).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.errors import DataError

from .model import FACTIONS

STATS_COLUMNS = [
    "date",
    "government_km2",
    "rebel_km2",
    "sdf_km2",
    "enclave_km2",
    "gov_share_of_enclave",
    "changed_districts",
    "front_km",
]
_CHANGE_TOLERANCE = 1e-9

__all__ = ["STATS_COLUMNS", "daily_stats"]


def daily_stats(
    daily: pd.DataFrame,
    areas_km2: pd.Series,
    fronts: pd.DataFrame | None = None,
    *,
    enclave_faction: str = "rebel",
    attacker: str = "government",
) -> pd.DataFrame:
    """One row per day of ``daily`` with the columns :data:`STATS_COLUMNS`.

    ``areas_km2`` is indexed by district id. ``fronts`` is the output of
    :func:`timeline.fronts.fronts_by_day` (``front_km`` is NaN without it).
    ``changed_districts`` is a tuple of the ids whose shares differ from the day before
    (empty on the first day). ``enclave_faction``/``attacker`` generalise the enclave
    measure to other battles; the column keeps its name ``gov_share_of_enclave``.
    """
    ordered = daily.sort_values(["date", "district"], kind="stable")
    dates = pd.DatetimeIndex(ordered["date"].unique())
    n_days = len(dates)
    n_districts = len(ordered) // max(n_days, 1)
    ids = pd.Index(ordered["district"].astype(str).to_numpy()[:n_districts])
    missing = ids.difference(areas_km2.index.astype(str))
    if len(missing):
        raise DataError(
            f"no area for district {missing[0]!r}",
            hint="compute areas from the same districts as the daily table",
        )
    area = areas_km2.copy()
    area.index = area.index.astype(str)
    area = area.reindex(ids).to_numpy(dtype=float)
    shares = ordered[list(FACTIONS)].to_numpy(dtype=float).reshape(n_days, n_districts, 3)

    out: dict[str, object] = {"date": dates.astype("datetime64[ns]")}
    held = shares * area[None, :, None]
    for i, faction in enumerate(FACTIONS):
        out[f"{faction}_km2"] = held[:, :, i].sum(axis=1)

    enclave_i, attacker_i = FACTIONS.index(enclave_faction), FACTIONS.index(attacker)
    enclave_day1 = shares[0, :, enclave_i]
    enclave_km2 = float((area * enclave_day1).sum())
    gain = np.clip(shares[:, :, attacker_i] - shares[0, :, attacker_i], 0.0, None)
    taken = np.minimum(gain, enclave_day1[None, :]) @ area
    out["enclave_km2"] = np.full(n_days, enclave_km2)
    out["gov_share_of_enclave"] = (
        taken / enclave_km2 if enclave_km2 > 0 else np.full(n_days, np.nan)
    )

    moved = np.zeros((n_days, n_districts), dtype=bool)
    moved[1:] = (np.abs(np.diff(shares, axis=0)) > _CHANGE_TOLERANCE).any(axis=2)
    id_array = ids.to_numpy(dtype=object)
    out["changed_districts"] = [tuple(id_array[row]) for row in moved]

    if fronts is None:
        out["front_km"] = np.full(n_days, np.nan)
    else:
        by_date = fronts.set_index(pd.DatetimeIndex(fronts["date"]))["length_km"]
        out["front_km"] = by_date.reindex(dates).to_numpy(dtype=float)
    return pd.DataFrame(out, columns=STATS_COLUMNS)
