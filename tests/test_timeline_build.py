"""The daily table, fronts and statistics on tiny synthetic battles.

The scenario in ``tests/fixtures/mini`` is four 1 km squares drawn in EPSG:32637 (so areas
and shared edges are known exactly) and reprojected to EPSG:4326::

    alpha (government) | bravo (sdf)
    -------------------+------------
    charlie (rebel)    | delta (rebel)

15 Nov baseline; 16 Nov half of charlie taken (contested); 17 Nov charlie taken; 18 Nov a
counter-attack reverts charlie to the rebels; 19 Nov delta 0.75 government (inferred).
"""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, box

from geodata.errors import DataError
from timeline import (
    build_daily,
    daily_stats,
    front_lines,
    fronts_by_day,
    load_control,
    load_scenario,
    majority_of,
    status_of,
    to_records,
)

MINI = Path(__file__).parent / "fixtures" / "mini"
ALEPPO_FACTIONS = ("government", "rebel", "sdf")  # the factions of the mini scenario
IDS = ["alpha", "bravo", "charlie", "delta"]


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def _changes(rows):
    """A control frame from (date, district, government, rebel, sdf) tuples."""
    frame = pd.DataFrame(rows, columns=["date", "district", "government", "rebel", "sdf"])
    frame["event"] = [f"e{i}" for i in range(len(frame))]
    frame["confidence"] = "reported"
    frame["note"] = None
    return frame


def _state(daily, day, district):
    row = daily[(daily["date"] == pd.Timestamp(day)) & (daily["district"] == district)]
    assert len(row) == 1
    return row.iloc[0]


def test_state_is_carried_forward(mini):
    daily = mini.daily
    assert len(daily) == 5 * 4
    alpha = daily[daily["district"] == "alpha"]
    assert (alpha["government"] == 1.0).all()
    assert (alpha["since"] == pd.Timestamp("2016-11-15")).all()
    assert str(daily["date"].dtype) == "datetime64[ns]"


def test_counter_attack_reverts_gain(mini):
    daily = mini.daily
    assert _state(daily, "2016-11-17", "charlie")["status"] == "government"
    reverted = _state(daily, "2016-11-18", "charlie")
    assert reverted["status"] == "rebel"
    assert reverted["since"] == pd.Timestamp("2016-11-18")
    assert reverted["event"] == "2016-11-18-charlie-counter-attack"


def test_contested_status(mini):
    half = _state(mini.daily, "2016-11-16", "charlie")
    assert half["status"] == "contested"
    assert (half["government"], half["rebel"]) == (0.5, 0.5)
    assert _state(mini.daily, "2016-11-19", "delta")["status"] == "contested"


def test_status_of_threshold():
    assert status_of({"government": 0.95, "rebel": 0.05, "sdf": 0}) == "government"
    assert status_of({"government": 0.94, "rebel": 0.06, "sdf": 0}) == "contested"
    many = status_of(np.array([[0, 0, 1], [0.5, 0.5, 0], [0.0, 0.96, 0.04]]), ALEPPO_FACTIONS)
    assert list(many) == ["sdf", "contested", "rebel"]


def test_majority_ties_go_to_government_then_rebel():
    assert list(majority_of(np.array([[0.5, 0.5, 0], [0, 0.5, 0.5], [0.2, 0.3, 0.5]]))) == [0, 1, 2]


def _mini_with_control(tmp_path, old: str, new: str) -> Path:
    """A copy of the mini scenario whose control.csv has ``old`` replaced by ``new``."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    text = (folder / "control.csv").read_text(encoding="utf-8")
    assert old in text
    (folder / "control.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_missing_baseline_names_district(tmp_path):
    folder = _mini_with_control(tmp_path, "2016-11-15,bravo", "2016-11-16,bravo")
    with pytest.raises(DataError, match="'bravo' has no baseline"):
        load_scenario(folder)


def test_unknown_district_and_duplicates_are_errors(tmp_path):
    folder = _mini_with_control(tmp_path / "a", "2016-11-17,charlie", "2016-11-17,zz")
    with pytest.raises(DataError, match="unknown district 'zz'"):
        load_scenario(folder)
    folder = _mini_with_control(tmp_path / "b", "2016-11-17,charlie", "2016-11-16,charlie")
    with pytest.raises(DataError, match="second row for 'charlie' on 2016-11-16"):
        load_scenario(folder)
    folder = _mini_with_control(tmp_path / "c", "2016-11-15,bravo", "2016-11-14,bravo")
    with pytest.raises(DataError, match="date 2016-11-14 is outside the battle"):
        load_scenario(folder)


def test_changes_after_end_are_ignored_and_records_are_plain():
    control = _changes([("2016-11-15", "a", 1, 0, 0), ("2016-12-01", "a", 0, 1, 0)])
    daily = build_daily(control, ["a"], "2016-11-15", "2016-11-16")
    assert list(daily["rebel"]) == [0.0, 0.0]
    record = to_records(daily)[1]
    assert record["date"] == "2016-11-16" and record["since"] == "2016-11-15"
    assert record["note"] is None and record["status"] == "government"


def test_fronts_between_differing_majorities(mini):
    fronts = mini.fronts
    assert list(fronts.columns) == ["date", "geometry", "length_km", "pairs"]
    assert fronts["length_km"].tolist() == pytest.approx([3, 3, 3, 3, 4], abs=1e-3)
    first = set(fronts["pairs"].iloc[0])
    assert first == {("alpha", "bravo"), ("alpha", "charlie"), ("bravo", "delta")}
    # 50/50 charlie counts as government's: the front moves to charlie|delta.
    assert ("charlie", "delta") in fronts["pairs"].iloc[1]
    assert ("alpha", "charlie") not in fronts["pairs"].iloc[1]
    assert fronts["geometry"].iloc[4].geom_type == "MultiLineString"


def test_front_lines_on_one_day_matches_fronts_by_day(mini):
    day = mini.daily[mini.daily["date"] == pd.Timestamp("2016-11-19")]
    geometry, length = front_lines(day, mini.adjacency)
    assert length == pytest.approx(4.0, abs=1e-3)
    assert geometry.equals(mini.fronts["geometry"].iloc[4])


def test_no_front_when_one_faction_holds_everything():
    squares = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)])
    adjacency = pd.DataFrame(
        {"a": ["a"], "b": ["b"], "geometry": [LineString([(1, 0), (1, 1)])], "length_km": [1.0]}
    )
    daily = build_daily(
        _changes([("2016-11-15", i, 1, 0, 0) for i in squares["id"]]),
        list(squares["id"]),
        "2016-11-15",
        "2016-11-16",
    )
    fronts = fronts_by_day(daily, adjacency)
    assert fronts["length_km"].tolist() == [0.0, 0.0]
    assert fronts["geometry"].iloc[0].is_empty and fronts["pairs"].iloc[0] == ()


def test_stats_on_known_squares(mini):
    stats = mini.stats
    assert stats["government_km2"].tolist() == pytest.approx([1, 1.5, 2, 1, 1.75], abs=1e-3)
    assert stats["rebel_km2"].tolist() == pytest.approx([2, 1.5, 1, 2, 1.25], abs=1e-3)
    assert stats["sdf_km2"].tolist() == pytest.approx([1] * 5, abs=1e-3)
    assert stats["enclave_km2"].tolist() == pytest.approx([2] * 5, abs=1e-3)
    assert stats["attacker_share_of_enclave"].tolist() == pytest.approx(
        [0, 0.25, 0.5, 0, 0.375], abs=1e-4
    )
    assert stats["changed_districts"].tolist() == [
        (),
        ("charlie",),
        ("charlie",),
        ("charlie",),
        ("delta",),
    ]
    assert stats["front_km"].tolist() == pytest.approx([3, 3, 3, 3, 4], abs=1e-3)


def test_enclave_share_ignores_day_one_government_holdings():
    """A district half government on day one: only the gain since then counts as taken."""
    control = _changes([("2016-11-15", "a", 0.5, 0.5, 0), ("2016-11-16", "a", 1, 0, 0)])
    daily = build_daily(control, ["a"], "2016-11-15", "2016-11-16")
    stats = daily_stats(
        daily, pd.Series({"a": 2.0}), enclave_faction="rebel", attacker="government"
    )
    assert stats["enclave_km2"].tolist() == [1.0, 1.0]
    assert stats["attacker_share_of_enclave"].tolist() == [0.0, 1.0]
    assert math.isnan(stats["front_km"].iloc[0])


def test_scenario_accessors(mini):
    assert mini.dates[0] == "2016-11-15" and len(mini.dates) == 5
    assert mini.title == "A synthetic battle of four squares"
    assert [e.id for e in mini.events_where(day="2016-11-19")] == [
        "2016-11-19-delta-advance",
        "2016-11-19-talks",
    ]
    assert len(mini.events_where(district="Charly")) == 4  # alias resolves to charlie
    assert [e.id for e in mini.events_where(day="2016-11-18", district="charlie")] == [
        e.id for e in mini.events_where(day="2016-11-18") if "charlie" in e.districts
    ]
    assert mini.events_where() == mini.events
    with pytest.raises(ValueError, match="unknown district 'nowhere'"):
        mini.events_where(district="nowhere")
    # the change in force for charlie on the 17th: its control.csv line, event and sources
    state = mini.state_on("2016-11-17")
    assert state.loc["charlie", "event"] == "2016-11-17-charlie-captured"
    change = mini.control[mini.control["event"] == state.loc["charlie", "event"]]
    assert change["line"].tolist() == [7]
    (event,) = mini.events_where(day=state.loc["charlie", "since"].date(), district="charlie")
    assert event.kind == "capture" and [r.id for r in event.sources] == ["mini-wire"]
    assert all(r.id in mini.sources for r in event.sources)
    state = mini.state_on(date(2016, 11, 18))
    assert state.loc["charlie", "status"] == "rebel"
    with pytest.raises(ValueError, match=r"2016-11-15\.\.2016-11-19"):
        mini.state_on("2016-12-01")


def test_load_control_gives_lines():
    control = load_control(MINI / "control.csv", ALEPPO_FACTIONS)
    assert control["line"].tolist() == list(range(2, 10))
    assert str(control["date"].dtype) == "datetime64[ns]"


def test_scale_10000_districts_by_365_days():
    """A synthetic 100 x 100 grid over a year builds in a few seconds."""
    import time

    n, days = 10_000, 365
    ids = [f"d{i}" for i in range(n)]
    rng = np.random.default_rng(1)
    base = pd.DataFrame(
        {
            "date": pd.Timestamp("2016-01-01"),
            "district": ids,
            "government": 0.0,
            "rebel": 1.0,
            "sdf": 0.0,
        }
    )
    moved = pd.DataFrame(
        {
            "date": pd.Timestamp("2016-01-02") + pd.to_timedelta(rng.integers(0, days - 1, n), "D"),
            "district": ids,
            "government": 1.0,
            "rebel": 0.0,
            "sdf": 0.0,
        }
    )
    control = pd.concat([base, moved], ignore_index=True)
    control["event"], control["confidence"], control["note"] = "e", "reported", None
    tic = time.perf_counter()
    daily = build_daily(control, ids, "2016-01-01", "2016-12-30")
    elapsed = time.perf_counter() - tic
    assert len(daily) == n * days
    assert elapsed < 10, elapsed


def test_timeline_never_imports_the_ui():
    """``timeline`` is pure data code: importing it (and loading a scenario) pulls in no Dash
    or plotly."""
    import subprocess
    import sys

    code = (
        "import sys, timeline; timeline.load_scenario(sys.argv[1]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('dash', 'plotly')]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(MINI)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
