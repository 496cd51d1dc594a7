"""Moments between days (timeline.moments) and the GeoJSON of one moment (control_geojson).

The mini scenario (four squares over five days) for the logic; the bundled Aleppo scenario
for Hanano's fall over 22-26 November and the size of the browser payload (fails, never
skips, while its control.csv is missing).
"""

from __future__ import annotations

import itertools
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.cli.control_geojson import control_geojson, resolve_moment
from geodata.paths import control_path
from geodata.projection import metric_crs
from timeline import load_scenario
from timeline.moments import (
    Moment,
    all_moments,
    moment_at,
    moments_payload,
    parts_at,
    shares_at,
)

ALEPPO_FACTIONS = ("government", "rebel", "sdf")  # the factions of the bundled and mini scenarios

MINI = "tests/fixtures/mini"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def _area(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(metric_crs(geom)).area.iloc[0])


# --- interpolation ------------------------------------------------------------------------


def test_shares_midway_between_two_days_are_their_mean(mini):
    day1, day2 = mini.state_on("2016-11-15"), mini.state_on("2016-11-16")
    mid = shares_at(mini.daily, "2016-11-15T12:00")
    expected = (day1[list(ALEPPO_FACTIONS)] + day2[list(ALEPPO_FACTIONS)]) / 2
    pd.testing.assert_frame_equal(mid, expected.loc[mid.index].astype(float))
    assert mid.loc["charlie"].tolist() == pytest.approx([0.25, 0.75, 0.0])


def test_shares_move_linearly_and_hold_after_the_last_day(mini):
    quarter = shares_at(mini.daily, "2016-11-18T06:00")  # delta: rebel 1 -> government 0.75
    assert quarter.loc["delta", "government"] == pytest.approx(0.75 * 0.25)
    assert shares_at(mini.daily, "2016-11-16").loc["charlie"].tolist() == [0.5, 0.5, 0.0]
    last = shares_at(mini.daily, "2016-11-19T20:00")
    assert last.loc["delta"].tolist() == [0.75, 0.25, 0.0]
    for outside in ("2016-11-14T23:00", "2016-11-20T00:00"):
        with pytest.raises(ValueError, match="outside the battle"):
            shares_at(mini.daily, outside)
    with pytest.raises(ValueError, match="not a moment"):
        shares_at(mini.daily, "soon")


# --- moments --------------------------------------------------------------------------------


@pytest.mark.parametrize("per_day", [1, 2, 4])
def test_moment_count_and_times(mini, per_day):
    got = all_moments(mini, per_day)
    assert len(got) == (len(mini.dates) - 1) * per_day + 1
    assert got[0].at == "2016-11-15T00:00"
    assert got[-1].at == "2016-11-19T00:00"
    if per_day == 4:
        assert got[1].at == "2016-11-15T06:00"


def test_moments_are_computed_once(mini):
    assert all_moments(mini, 2) is all_moments(mini, 2)
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="per_day"):
            all_moments(mini, bad)


def test_moment_holds_parts_of_shared_districts_only(mini):
    moment = all_moments(mini, 2)[1]  # 2016-11-15T12:00: charlie 25 % government
    assert set(moment.parts["district"]) == {"charlie"}
    assert moment.holders == {"alpha": "government", "bravo": "sdf", "delta": "rebel"}
    gov = moment.parts.set_index("faction").loc["government"]
    assert gov["share"] == pytest.approx(0.25)
    charlie = mini.districts.geometry["charlie"]
    assert _area(gov["geometry"]) == pytest.approx(0.25 * _area(charlie), rel=0.01)
    assert moment.front_km > 0 and moment.front.geom_type == "MultiLineString"
    again = moment_at(mini, "2016-11-15T12:00")
    assert again.front_km == pytest.approx(moment.front_km)


def test_parts_at_a_moment_cover_every_district(mini):
    parts = parts_at(mini, "2016-11-18T12:00")
    assert sorted(set(parts["district"])) == sorted(mini.districts.index)
    delta = parts[parts["district"] == "delta"].set_index("faction")["share"]
    assert delta.to_dict() == pytest.approx({"government": 0.375, "rebel": 0.625})


def test_payload_is_compact_and_json_ready(mini):
    payload = moments_payload(all_moments(mini, 4))
    text = json.dumps(payload)
    assert "NaN" not in text
    assert payload["factions"] == list(ALEPPO_FACTIONS)
    assert payload["districts"] == list(mini.districts.index)
    assert len(payload["frames"]) == 17
    n_geoms = len(payload["geometries"])
    for frame in payload["frames"]:
        assert len(frame["holder"]) == len(payload["districts"])
        assert all(0 <= p[3] < n_geoms for p in frame["parts"])
        assert all(0 <= i < n_geoms for i in frame["front"])
        assert set(frame["shares"]) == {p[0] for p in frame["parts"]}
    for geom in payload["geometries"]:
        assert len(geom["lon"]) == len(geom["lat"])
        values = [v for v in geom["lon"] + geom["lat"] if v is not None]
        assert all(round(v, 5) == v for v in values)


def test_payload_separates_rings_with_none():
    """A part with a hole ships as exterior, None, interior."""
    square = shapely.Polygon(
        [(37.0, 36.0), (37.01, 36.0), (37.01, 36.01), (37.0, 36.01)],
        [[(37.004, 36.004), (37.006, 36.004), (37.006, 36.006)]],
    )
    parts = gpd.GeoDataFrame(
        {"district": ["x"], "faction": ["rebel"], "share": [0.5], "role": ["remainder"]},
        geometry=[square],
        crs=4326,
    )
    shares = pd.DataFrame([[0.5, 0.5, 0.0]], index=["x"], columns=list(ALEPPO_FACTIONS))
    moment = Moment("2016-11-15T00:00", shares, {}, parts, shapely.MultiLineString(), 0.0)
    payload = moments_payload([moment])
    geom = payload["geometries"][payload["frames"][0]["parts"][0][3]]
    assert geom["lon"].count(None) == 1 and len(geom["lon"]) == 5 + 1 + 4
    assert payload["frames"][0]["front"] == []
    assert payload["frames"][0]["holder"] == [-1]


# --- control_geojson ------------------------------------------------------------------------


def test_resolve_moment_from_at_or_date_and_fraction(mini):
    assert resolve_moment(mini, at="2016-11-16T12:00") == pd.Timestamp("2016-11-16T12:00")
    assert resolve_moment(mini, date="2016-11-16", fraction=0.25) == pd.Timestamp(
        "2016-11-16T06:00"
    )
    assert resolve_moment(mini, date="2016-11-16") == pd.Timestamp("2016-11-16")
    for kwargs, message in [
        ({}, "either"),
        ({"at": "2016-11-16T12:00", "date": "2016-11-16"}, "either"),
        ({"at": "2016-11-16T12:00", "fraction": 0.5}, "--fraction goes with --date"),
        ({"date": "2016-11-16", "fraction": 1.0}, r"\[0, 1\)"),
        ({"at": "2016-12-01T00:00"}, "outside the battle"),
        ({"date": "2016-12-01"}, "outside the battle"),
        ({"at": "later"}, "not a moment"),
    ]:
        with pytest.raises(ValueError, match=message):
            resolve_moment(mini, **kwargs)


def test_control_geojson_has_parts_and_the_front(mini):
    collection = control_geojson(mini, resolve_moment(mini, date="2016-11-15", fraction=0.5))
    json.dumps(collection)
    assert collection["type"] == "FeatureCollection"
    assert collection["moment"] == "2016-11-15T12:00"
    parts = [f for f in collection["features"] if f["properties"]["kind"] == "part"]
    fronts = [f for f in collection["features"] if f["properties"]["kind"] == "front"]
    assert len(fronts) == 1 and fronts[0]["geometry"]["type"] == "MultiLineString"
    assert fronts[0]["properties"]["length_km"] > 0
    by_district = {}
    for feature in parts:
        props = feature["properties"]
        assert {"district", "faction", "share"} <= set(props)
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        by_district.setdefault(props["district"], {})[props["faction"]] = props["share"]
    assert by_district["charlie"] == {"government": 0.25, "rebel": 0.75}
    assert by_district["alpha"] == {"government": 1.0}
    assert collection["shares"]["charlie"]["government"] == 0.25


# --- the bundled Aleppo scenario --------------------------------------------------------------


@pytest.fixture(scope="module")
def aleppo():
    assert control_path().is_file(), f"missing {control_path()}: the bundled scenario needs it"
    return load_scenario(None)


def test_bundled_moments_count_and_payload_size(aleppo):
    got = all_moments(aleppo, 4)
    assert len(got) == (len(aleppo.dates) - 1) * 4 + 1
    size = len(json.dumps(moments_payload(all_moments(aleppo, 1)), separators=(",", ":")))
    assert size < 1_000_000, f"per_day=1 payload is {size} bytes"


def test_hanano_falls_steadily_from_the_22nd_to_the_26th(aleppo):
    hanano = aleppo.districts.geometry["hanano"]
    total = _area(hanano)
    start, end = pd.Timestamp("2016-11-22"), pd.Timestamp("2016-11-26")
    chosen = [f for f in all_moments(aleppo, 4) if start <= pd.Timestamp(f.at) <= end]
    assert len(chosen) == 17
    areas, parts = [], []
    for moment in chosen:
        rows = moment.parts[moment.parts["district"] == "hanano"].set_index("faction")
        if moment.holders.get("hanano") == "government":
            areas.append(total)
            parts.append(hanano)
        else:
            gov = rows.loc["government"]
            assert rows.loc["government", "role"] == "advancing"
            assert abs(_area(gov["geometry"]) - gov["share"] * total) <= 0.01 * total
            areas.append(_area(gov["geometry"]))
            parts.append(gov["geometry"])
    assert all(b > a for a, b in itertools.pairwise(areas)), np.round(np.array(areas) / total, 3)
    for (f1, p1), (f2, p2) in itertools.pairwise(zip(chosen, parts)):
        assert _area(shapely.symmetric_difference(p1, p2)) > 0.001 * total, (f1.at, f2.at)
        assert not f1.front.equals(f2.front), (f1.at, f2.at)
