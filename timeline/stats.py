"""Daily statistics: area held per faction, how much of the enclave was taken, changes, fronts.

Areas are share-weighted: a district of 2 km² held 0.75 by a faction adds 1.5 km² to
``<faction id>_km2``. District areas come from ``geodata.areas.area_km2`` (the scenario's
metric CRS).

When the scenario names an ``attacker`` and an ``enclave_faction``,
``attacker_share_of_enclave`` (the attacker's share of the enclave) is defined on shares,
which say how much of a district each faction holds but not where inside it:

* the enclave is what the enclave faction held on day one:
  ``enclave_km2 = sum(area * enclave_day1)``, leaving out the districts the scenario puts
  ``outside_enclave`` (the same faction's ground elsewhere, which is not the enclave);
* the part of a district that was the enclave faction's on day one and is the attacker's
  today is estimated as the attacker's net gain since day one, capped by the enclave
  faction's share of day one: ``taken = min(enclave_day1, max(0, attacker_today -
  attacker_day1))``. The attacker's own day-one holdings inside a mixed district never count
  as enclave taken, and gains beyond the day-one enclave share (from a third faction, say)
  do not either;
* ``attacker_share_of_enclave = sum(area * taken) / enclave_km2`` (NaN when there is no
  enclave).

Without them both columns are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geodata.errors import DataError

from .model import faction_columns

ENCLAVE_COLUMNS = ("enclave_km2", "attacker_share_of_enclave")
_CHANGE_TOLERANCE = 1e-9

__all__ = ["ENCLAVE_COLUMNS", "area_column", "daily_stats", "stats_columns"]


def area_column(faction: str) -> str:
    """The statistics column of the km² ``faction`` holds: ``<faction id>_km2``."""
    return f"{faction}_km2"


def stats_columns(factions: Sequence[str], *, enclave: bool) -> list[str]:
    """The columns :func:`daily_stats` gives: date, ``<id>_km2`` per faction in order, the
    :data:`ENCLAVE_COLUMNS` when ``enclave``, changed_districts and front_km."""
    return [
        "date",
        *map(area_column, factions),
        *(ENCLAVE_COLUMNS if enclave else ()),
        "changed_districts",
        "front_km",
    ]


def daily_stats(
    daily: pd.DataFrame,
    areas_km2: pd.Series,
    fronts: pd.DataFrame | None = None,
    *,
    enclave_faction: str | None = None,
    attacker: str | None = None,
    outside_enclave: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per day of ``daily`` with the columns :func:`stats_columns` names.

    ``areas_km2`` is indexed by district id. ``fronts`` is the output of
    :func:`timeline.fronts.fronts_by_day` (``front_km`` is NaN without it).
    ``changed_districts`` is a tuple of the ids whose shares differ from the day before
    (empty on the first day). The factions are the daily table's share columns. The enclave
    columns come only with both ``enclave_faction`` and ``attacker`` (faction ids); the
    districts in ``outside_enclave`` count for neither the enclave nor what was taken of it.
    """
    factions = list(faction_columns(daily.columns))
    if (enclave_faction is None) != (attacker is None):
        raise ValueError("give both enclave_faction and attacker, or neither")
    for role in (enclave_faction, attacker):
        if role is not None and role not in factions:
            raise ValueError(f"unknown faction {role!r}: use one of {', '.join(factions)}")
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
    shares = ordered[factions].to_numpy(dtype=float).reshape(n_days, n_districts, len(factions))

    out: dict[str, object] = {"date": dates.astype("datetime64[ns]")}
    held = shares * area[None, :, None]
    for i, faction in enumerate(factions):
        out[area_column(faction)] = held[:, :, i].sum(axis=1)

    enclave = enclave_faction is not None and attacker is not None
    if enclave:
        enclave_i, attacker_i = factions.index(enclave_faction), factions.index(attacker)
        enclave_day1 = np.where(ids.isin(list(outside_enclave)), 0.0, shares[0, :, enclave_i])
        enclave_km2 = float((area * enclave_day1).sum())
        gain = np.clip(shares[:, :, attacker_i] - shares[0, :, attacker_i], 0.0, None)
        taken = np.minimum(gain, enclave_day1[None, :]) @ area
        out["enclave_km2"] = np.full(n_days, enclave_km2)
        out["attacker_share_of_enclave"] = (
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
    return pd.DataFrame(out, columns=stats_columns(factions, enclave=enclave))
