"""Invariants of the daily table and the fronts, for any timeline hypothesis can invent.

Districts sit in a row (district i borders i+1 with an edge 1 km long); each gets a
baseline and a few random later changes with random shares summing to 1.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from timeline import build_daily, fronts_by_day, majority_of

ALEPPO_FACTIONS = ("government", "rebel", "sdf")  # the factions of the bundled and mini scenarios

START = date(2016, 11, 15)

# Shares as thousandths summing to 1000, as control.csv writes them (3 decimals).
_shares = st.tuples(st.integers(0, 1000), st.integers(0, 1000)).map(
    lambda t: (min(t) / 1000, (max(t) - min(t)) / 1000, (1000 - max(t)) / 1000)
)


@st.composite
def timelines(draw):
    n_districts = draw(st.integers(1, 6))
    n_days = draw(st.integers(1, 12))
    ids = [f"d{i}" for i in range(n_districts)]
    rows = []
    for ident in ids:
        days = {0} | draw(st.sets(st.integers(0, n_days + 2), max_size=4))
        for offset in sorted(days):
            rows.append((START + timedelta(days=offset), ident, *draw(_shares)))
    control = pd.DataFrame(rows, columns=["date", "district", *ALEPPO_FACTIONS])
    control = control.sample(frac=1, random_state=draw(st.integers(0, 1000)))  # any row order
    control["event"] = [f"e{i}" for i in range(len(control))]
    control["confidence"], control["note"] = "reported", None
    return control, ids, START + timedelta(days=n_days - 1)


def _row_adjacency(ids):
    return pd.DataFrame(
        {
            "a": ids[:-1],
            "b": ids[1:],
            "geometry": [LineString([(i + 1, 0), (i + 1, 1)]) for i in range(len(ids) - 1)],
            "length_km": 1.0,
        }
    )


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_one_state_per_district_per_day(case):
    control, ids, end = case
    daily = build_daily(control, ids, START, end)
    n_days = (end - START).days + 1
    assert len(daily) == n_days * len(ids)
    assert not daily.duplicated(["date", "district"]).any()
    assert daily.groupby("date", observed=True)["district"].nunique().eq(len(ids)).all()


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_state_is_the_last_change_at_or_before(case):
    control, ids, end = case
    daily = build_daily(control, ids, START, end)
    changes = control.assign(date=pd.to_datetime(control["date"]))
    for row in daily.itertuples(index=False):
        past = changes[(changes["district"] == row.district) & (changes["date"] <= row.date)]
        last = past.sort_values("date").iloc[-1]
        assert row.since == last["date"]
        assert row.event == last["event"]
        assert (row.government, row.rebel, row.sdf) == tuple(last[list(ALEPPO_FACTIONS)])


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_shares_sum_to_one(case):
    control, ids, end = case
    daily = build_daily(control, ids, START, end)
    np.testing.assert_allclose(daily[list(ALEPPO_FACTIONS)].sum(axis=1), 1.0, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(timelines())
def test_fronts_only_between_differing_majorities(case):
    control, ids, end = case
    daily = build_daily(control, ids, START, end)
    fronts = fronts_by_day(daily, _row_adjacency(ids))
    assert len(fronts) == (end - START).days + 1
    for (day, rows), front in zip(daily.groupby("date"), fronts.itertuples(), strict=True):
        assert front.date == day
        major = dict(zip(rows["district"].astype(str), majority_of(rows), strict=True))
        expected = {(a, b) for a, b in pairwise(ids) if major[a] != major[b]}
        assert set(front.pairs) == expected
        assert front.length_km == len(expected)
        assert front.geometry.length == len(expected)
