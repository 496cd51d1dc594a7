"""The daily control table: one row per (day, district) for every day of the battle.

A district keeps the state of its last change until the next one. The table is built with
numpy over a (district x day) matrix of change positions filled forward, so it scales to
10,000 districts x 365 days in well under a few seconds.

Columns of the daily table (date-major: sorted by date, then districts in the given order):

``date``        ``datetime64[ns]`` at midnight (normalised); ``to_records`` gives ISO strings.
``district``    category, categories = the district ids in the given order.
one column per faction (the scenario's ids, in scenario order): float shares summing to 1.
``status``      category: the faction holding >= 0.95, else ``"contested"``.
``since``       ``datetime64[ns]``: date of the change that set the current state.
``event``       category: the events.yaml id behind that change.
``confidence``  category: ``reported`` or ``inferred``.
``note``        category (missing notes are NaN).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from geodata.errors import DataError

from .model import CONTESTED, STATUS_THRESHOLD, faction_columns

_EPS = 1e-9

__all__ = [
    "build_daily",
    "daily_columns",
    "majority_of",
    "status_of",
    "statuses",
    "to_records",
]


def daily_columns(factions: Sequence[str]) -> list[str]:
    """The columns of the daily table of a scenario with ``factions`` (ids in order)."""
    return ["date", "district", *factions, "status", "since", "event", "confidence", "note"]


def statuses(factions: Sequence[str]) -> list[str]:
    """The categories of the daily ``status`` column: the factions, then ``contested``."""
    return [*factions, CONTESTED]


def status_of(
    shares: Mapping[str, float] | pd.DataFrame | np.ndarray,
    factions: Sequence[str] | None = None,
) -> str | np.ndarray:
    """The status of one state (a mapping of shares) or of many (a control or daily frame, or
    an (n, factions) array in the order of ``factions``): the faction holding >= 0.95, else
    ``"contested"``. ``factions`` may be left out for a mapping (its keys) or a frame (its
    share columns, see :func:`~timeline.model.faction_columns`)."""
    if isinstance(shares, Mapping):
        for faction in factions if factions is not None else list(shares):
            if float(shares.get(faction, 0.0)) >= STATUS_THRESHOLD - _EPS:
                return faction
        return CONTESTED
    if factions is None:
        if not isinstance(shares, pd.DataFrame):
            raise ValueError("status_of needs the faction ids for an array of shares")
        factions = faction_columns(shares.columns)
    matrix = _share_matrix(shares, factions)
    holder = matrix >= STATUS_THRESHOLD - _EPS
    labels = np.array(statuses(factions), dtype=object)
    return np.where(holder.any(axis=1), labels[holder.argmax(axis=1)], CONTESTED)


def majority_of(shares: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Index (in scenario order) of the faction with the largest share of each row of an
    (n, factions) array, or of a control or daily frame (its share columns).

    Ties go to the faction listed first in ``scenario.yaml``, so a 50/50 district of the
    first two factions counts as the first one's.
    """
    return _share_matrix(shares).argmax(axis=1)


def _share_matrix(
    shares: pd.DataFrame | np.ndarray, factions: Sequence[str] | None = None
) -> np.ndarray:
    if isinstance(shares, pd.DataFrame):
        cols = list(factions) if factions is not None else list(faction_columns(shares.columns))
        return shares[cols].to_numpy(dtype=float)
    matrix = np.asarray(shares, dtype=float)
    width = len(factions) if factions is not None else matrix.shape[-1]
    return matrix.reshape(-1, width)


def _day(value: date | str | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def build_daily(
    control: pd.DataFrame,
    district_ids: Sequence[str],
    start: date | str,
    end: date | str,
    factions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The state of every district on every day ``start..end`` (inclusive).

    ``control`` holds the changes (columns date, district, one share column per faction,
    event, confidence, note); ``factions`` are the faction ids in scenario order (by default
    the control table's share columns, see :func:`~timeline.model.faction_columns`). The
    state on a day is the last change at or before it; changes after ``end`` are ignored.
    The changes must be sound, as :func:`~timeline.scenario.load_scenario`
    makes sure (:func:`timeline.validate.check_references` reports every breach, naming its
    line): a change dated ``start`` (a baseline) for every district, none before ``start``,
    only districts of ``district_ids``, one change per district per day. Raises
    :class:`DataError` when ``end`` is before ``start`` or ``district_ids`` repeat.
    """
    factions = list(factions) if factions is not None else list(faction_columns(control.columns))
    start_ts, end_ts = _day(start), _day(end)
    if end_ts < start_ts:
        raise DataError(f"battle ends ({end_ts.date()}) before it starts ({start_ts.date()})")
    ids = pd.Index(list(district_ids))
    if not ids.is_unique:
        raise DataError(f"district ids repeat: {sorted(ids[ids.duplicated()].unique())[:5]}")
    n_days = (end_ts - start_ts).days + 1
    changes = control.copy()
    changes["date"] = pd.to_datetime(changes["date"]).dt.normalize().astype("datetime64[ns]")
    changes = changes[changes["date"] <= end_ts]

    codes = ids.get_indexer(changes["district"])
    days = ((changes["date"] - start_ts).dt.days).to_numpy()
    order = np.lexsort((days, codes))  # by district, then day: row numbers grow with time
    codes, days = codes[order], days[order]
    changes = changes.iloc[order].reset_index(drop=True)

    position = np.full((n_days, len(ids)), -1, dtype=np.int64)
    position[days, codes] = np.arange(len(changes))
    np.maximum.accumulate(position, axis=0, out=position)
    flat = position.ravel()  # date-major

    out = {
        "date": np.repeat(pd.date_range(start_ts, periods=n_days, freq="D").to_numpy(), len(ids)),
        "district": pd.Categorical.from_codes(np.tile(np.arange(len(ids)), n_days), ids),
    }
    shares = changes[factions].to_numpy(dtype=float)[flat]
    for i, faction in enumerate(factions):
        out[faction] = shares[:, i]
    out["status"] = pd.Categorical(status_of(shares, factions), categories=statuses(factions))
    out["since"] = changes["date"].to_numpy()[flat]
    for column in ("event", "confidence", "note"):
        codes_c, uniques = pd.factorize(changes[column], use_na_sentinel=True)
        out[column] = pd.Categorical.from_codes(codes_c[flat], pd.Index(uniques, dtype=object))
    daily = pd.DataFrame(out, columns=daily_columns(factions))
    daily["date"] = daily["date"].astype("datetime64[ns]")
    daily["since"] = daily["since"].astype("datetime64[ns]")
    return daily


def to_records(daily: pd.DataFrame) -> list[dict]:
    """The daily table as plain dicts, with ``date``/``since`` as ISO strings and no NaN."""
    frame = daily.copy()
    for column in ("date", "since"):
        if column in frame:
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict(orient="records")
