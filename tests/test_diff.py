"""``frontline diff`` and ``frontline day``: what changed between two days, and a day as data.

Checked against the daily control table, independently of timeline/diff.py: on every pair
of consecutive days of the Aleppo battle and on a few long windows, the districts listed
are exactly those whose shares differ between the two days, and the km² per faction are
the differences of ``frontline stats``. The mini fixture (charlie: rebel -> half government
-> government -> rebel again; delta three quarters government on the 19th) checks the
changes behind a district and that ground taken and lost again is not listed. The outputs
parse as JSON, CSV (pandas, ``comment="#"``) and GeoJSON (geopandas) and round-trip.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import shape as as_shape

from timeline import load_scenario
from timeline.diff import diff_days, diff_table

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
LONG_WINDOWS = [
    ("2016-11-15", "2016-12-22"),
    ("2016-11-26", "2016-12-06"),
    ("2016-11-26", "2016-12-13"),
    ("2016-12-01", "2016-12-22"),
    ("2016-12-10", "2016-12-10"),
]


@pytest.fixture(scope="module")
def aleppo():
    return load_scenario(None)


@pytest.fixture(scope="module")
def stats_rows():
    """The rows of ``frontline stats``, by date."""
    from dashboard.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), pytest.raises(SystemExit):
        main(["stats"])
    return {row["date"]: row for row in json.loads(buf.getvalue())}


def _differing(daily: pd.DataFrame, factions, a: str, b: str) -> set[str]:
    """The districts whose shares differ between days ``a`` and ``b``, from the table."""
    day_a = daily[daily["date"] == pd.Timestamp(a)].set_index("district")[list(factions)]
    day_b = daily[daily["date"] == pd.Timestamp(b)].set_index("district")[list(factions)]
    day_b = day_b.loc[day_a.index]
    moved = (np.abs(day_b.to_numpy() - day_a.to_numpy()) > 1e-9).any(axis=1)
    return {str(i) for i in day_a.index[moved]}


def _check_against_table(record, sc, stats_rows, a, b):
    assert record["from"] == a and record["to"] == b
    listed = [d["district"] for d in record["districts"]]
    assert len(listed) == len(set(listed)) == record["count"]
    assert set(listed) == _differing(sc.daily, sc.faction_ids, a, b)
    for faction in sc.faction_ids:
        column = f"{faction}_km2"
        expected = stats_rows[b][column] - stats_rows[a][column]
        assert record["km2"][faction] == pytest.approx(expected, abs=2e-4)
        # and the districts' own changes add up to the same
        total = sum(d["km2"][faction] for d in record["districts"])
        assert total == pytest.approx(expected, abs=1e-3 + 1e-4 * len(listed))
    share = "attacker_share_of_enclave"
    expected = stats_rows[b][share] - stats_rows[a][share]
    assert record["enclave"]["change"] == pytest.approx(expected, abs=2e-4)
    for district in record["districts"]:
        assert district["from"]["shares"] != district["to"]["shares"]
        assert district["changes"], f"{district['district']} changed with no control row"
        assert all(a < c["date"] <= b for c in district["changes"])
        assert district["changes"][-1]["shares"] == district["to"]["shares"]


def test_every_pair_of_consecutive_days(run_cli, aleppo, stats_rows):
    sc = aleppo
    listed_days = 0
    for a, b in zip(sc.dates, sc.dates[1:], strict=False):
        result = run_cli("diff", "--from", a, "--to", b)
        assert result.code == 0, result.err
        record = json.loads(result.out)
        _check_against_table(record, sc, stats_rows, a, b)
        # one day apart: the districts that stats counts as changed on day b
        assert sorted(d["district"] for d in record["districts"]) == sorted(
            stats_rows[b]["changed_districts"]
        )
        listed_days += bool(record["districts"])
    assert listed_days > 10  # the battle moves on many days


@pytest.mark.parametrize(("a", "b"), LONG_WINDOWS)
def test_long_windows(run_cli, aleppo, stats_rows, a, b):
    result = run_cli("diff", "--from", a, "--to", b)
    assert result.code == 0, result.err
    record = json.loads(result.out)
    _check_against_table(record, aleppo, stats_rows, a, b)
    if a == b:
        assert record["districts"] == [] and set(record["km2"].values()) == {0.0}


def test_26_nov_to_6_dec(aleppo):
    diff = diff_days(aleppo, "2016-11-26", "2016-12-06")
    assert len(diff.districts) > 30
    assert diff.km2["government"] > 15 and diff.km2["rebel"] < -15
    assert diff.enclave["after"] > diff.enclave["before"]
    gainers = {c.gainer for c in diff.districts}
    assert gainers <= {"government", "sdf"}
    old_city = next(c for c in diff.districts if c.district == "aajam")
    assert old_city.holder_before == "rebel" and old_city.holder_after == "government"
    assert old_city.events == ("2016-12-06-old-city-captured",)
    assert old_city.source_ids == ("wikipedia-aleppo-offensive-2016",)


def test_ground_taken_and_lost_again_is_not_listed(run_cli):
    record = json.loads(
        run_cli("diff", "--scenario", MINI, "--from", "2016-11-15", "--to", "2016-11-18").out
    )
    assert record["districts"] == []
    assert record["km2"] == {"government": 0.0, "rebel": 0.0, "sdf": 0.0}
    assert record["enclave"]["change"] == 0.0


def test_the_changes_behind_a_district_in_order(run_cli):
    result = run_cli("diff", "--scenario", MINI, "--from", "2016-11-15", "--to", "2016-11-17")
    record = json.loads(result.out)
    (charlie,) = record["districts"]
    assert charlie["district"] == "charlie"
    assert charlie["from"] == {
        "holder": "rebel",
        "shares": {"government": 0.0, "rebel": 1.0, "sdf": 0.0},
    }
    assert charlie["to"]["holder"] == "government"
    assert charlie["gainer"] == "government" and charlie["loser"] == "rebel"
    assert [c["date"] for c in charlie["changes"]] == ["2016-11-16", "2016-11-17"]
    assert [c["event"] for c in charlie["changes"]] == [
        "2016-11-16-charlie-push",
        "2016-11-17-charlie-captured",
    ]
    assert charlie["changes"][0]["shares"]["government"] == 0.5
    assert charlie["changes"][0]["sources"] == [
        {"id": "mini-wire", "section": "16 November", "passage": None}
    ]
    assert charlie["km2"]["government"] == pytest.approx(-charlie["km2"]["rebel"])
    assert charlie["km2"]["government"] == pytest.approx(charlie["area_km2"], abs=1e-4)
    delta = json.loads(
        run_cli("diff", "--scenario", MINI, "--from", "2016-11-18", "--to", "2016-11-19").out
    )["districts"]
    assert [d["district"] for d in delta] == ["delta"]
    assert delta[0]["confidence"] == "inferred" and delta[0]["to"]["holder"] == "contested"


def test_every_output_names_scenario_dates_credits_and_licence(run_cli, tmp_path):
    args = ("diff", "--scenario", MINI, "--from", "2016-11-15", "--to", "2016-11-19")
    record = json.loads(run_cli(*args).out)
    fc = json.loads(run_cli(*args, "--format", "geojson").out)
    text = run_cli(*args, "--format", "csv").out
    for meta in (record, fc["metadata"]):
        assert meta["scenario"] == "mini"
        assert meta["dates"] == ["2016-11-15", "2016-11-19"]
        assert "invented for the tests" in meta["credits"]
        assert "MIT" in meta["licence"]
    header = [line for line in text.splitlines() if line.startswith("# ")]
    assert "# scenario: mini" in header and "# dates: 2016-11-15, 2016-11-19" in header
    assert any(line.startswith("# credits: Control of districts: invented") for line in header)
    assert any(line.startswith("# licence: ") for line in header)
    bundled = json.loads(run_cli("diff", "--from", "2016-11-26", "--to", "2016-11-27").out)
    assert "LICENSE-CSR.txt" in bundled["licence"]


def test_csv_and_geojson_round_trip(run_cli, aleppo, tmp_path):
    a, b = "2016-11-26", "2016-12-06"
    csv_file, geo_file = tmp_path / "diff.csv", tmp_path / "diff.geojson"
    assert run_cli("diff", "--from", a, "--to", b, "--format", "csv", "--out", csv_file).code == 0
    assert (
        run_cli("diff", "--from", a, "--to", b, "--format", "geojson", "--out", geo_file).code == 0
    )
    back = pd.read_csv(csv_file, comment="#", keep_default_na=False)
    expected = diff_table(diff_days(aleppo, a, b))
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)

    layer = gpd.read_file(geo_file)
    assert list(layer["district"]) == list(expected["district"])
    assert layer.crs.to_epsg() == 4326
    raw = json.loads(geo_file.read_text(encoding="utf-8"))
    assert raw["metadata"]["count"] == len(layer)
    for feature in raw["features"]:
        shape = aleppo.districts.geometry[feature["id"]]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert as_shape(feature["geometry"]).symmetric_difference(shape).area < 1e-9


@pytest.mark.parametrize(
    ("args", "flag", "words"),
    [
        (("--from", "2016-13-01", "--to", "2016-12-06"), "'--from'", "2016-11-15 and 2016-12-22"),
        (("--from", "2016-11-26", "--to", "2017-01-06"), "'--to'", "2016-11-15..2016-12-22"),
        (("--from", "2016-12-07", "--to", "2016-12-06"), "'--from' / '--to'", "is after"),
        (("--from", "2016-11-26", "--to", "2016-12-06", "--out", "x.txt"), "'--out'", "x.json"),
        (
            ("--from", "2016-11-26", "--to", "2016-12-06", "--out", "/nonexistent/x.json"),
            "'--out'",
            "does not exist",
        ),
        (("--to", "2016-12-06"), "'--from'", "Missing"),
    ],
)
def test_bad_arguments_get_one_line_naming_the_flag(run_cli, args, flag, words):
    result = run_cli("diff", *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert flag in result.err and words in result.err
    assert "Traceback" not in result.err and result.out == ""


def test_day_as_geojson_and_csv_match_control(run_cli, aleppo, tmp_path):
    day = "2016-12-06"
    control = {r["id"]: r for r in json.loads(run_cli("control", "--date", day).out)}
    fc = json.loads(run_cli("day", "--date", day).out)
    assert fc["metadata"]["dates"] == [day] and fc["metadata"]["scenario"] == "aleppo_2016"
    assert "LICENSE-CSR.txt" in fc["metadata"]["licence"]
    assert len(fc["features"]) == len(control) == len(aleppo.districts)
    changed_today = set()
    for feature in fc["features"]:
        props = feature["properties"]
        row = control[props["district"]]
        assert props["holder"] == row["status"] and props["since"] == row["since"]
        assert props["event"] == row["event"] and props["confidence"] == row["confidence"]
        assert props["shares"] == pytest.approx(row["shares"], abs=1e-4)
        assert props["sources"] and len(props["sources"]) == len(set(props["sources"]))
        if props["changed_today"]:
            changed_today.add(props["district"])
    stats = json.loads(run_cli("stats").out)
    assert changed_today == set(next(r for r in stats if r["date"] == day)["changed_districts"])

    out = tmp_path / "day.csv"
    assert run_cli("day", "--date", day, "--format", "csv", "--out", out).code == 0
    table = pd.read_csv(out, comment="#", keep_default_na=False)
    assert list(table["district"]) == [f["properties"]["district"] for f in fc["features"]]
    assert set(table.loc[table["changed_today"], "district"]) == changed_today
    assert list(table["share_government"]) == [
        f["properties"]["shares"]["government"] for f in fc["features"]
    ]
    bad = run_cli("day", "--date", "2016-12-32")
    assert bad.code == 2 and "'--date'" in bad.err and len(bad.err.strip().splitlines()) == 1


def test_compare_payload_rows_are_the_diff_in_map_order(aleppo):
    from dashboard.compare import compare_caption, compare_payload
    from dashboard.viewdata import load_view_data

    ids = load_view_data(None)["payload"]["ids"]
    data = compare_payload(aleppo, "2016-11-26", "2016-12-06", ids)
    diff = diff_days(aleppo, "2016-11-26", "2016-12-06")
    assert data["caption"] == "Changes 26 Nov → 6 Dec 2016"
    assert sorted(r["id"] for r in data["rows"]) == sorted(diff.ids)
    assert [r["d"] for r in data["rows"]] == sorted(r["d"] for r in data["rows"])
    assert all(ids[r["d"]] == r["id"] for r in data["rows"])
    assert data["factions"] == list(aleppo.faction_ids)
    assert data["km2"] == {f: pytest.approx(v, abs=1e-4) for f, v in diff.km2.items()}
    assert data["enclave"]["change"] == pytest.approx(diff.enclave["change"], abs=1e-6)
    assert data["meta"]["dates"] == ["2016-11-26", "2016-12-06"]
    for arrow in data["arrows"]:
        assert len(arrow["lons"]) == len(arrow["lats"]) == 3
        assert len(arrow["districts"]) == len(arrow["days"])
        assert {ids[d] for d in arrow["districts"]} <= set(diff.ids)
    json.dumps(data)  # plain JSON
    assert compare_caption("2016-12-26", "2017-01-02") == "Changes 26 Dec 2016 → 2 Jan 2017"
    with pytest.raises(ValueError, match="is after"):
        compare_payload(aleppo, "2016-12-06", "2016-11-26")
    assert compare_payload(aleppo, "2016-11-26", "2016-11-27", arrows=False)["arrows"] == []


def test_four_sides_without_an_enclave(run_cli):
    """Factions with hyphens in their ids and no enclave statistic: enclave is null, the
    CSV has a column pair per faction, and the km² match the scenario's statistics."""
    four = MINI.parent / "four_sides"
    sc = load_scenario(four)
    a, b = sc.dates[0], sc.dates[-1]
    record = json.loads(run_cli("diff", "--scenario", four, "--from", a, "--to", b).out)
    assert record["enclave"] is None and record["factions"] == list(sc.faction_ids)
    assert {d["district"] for d in record["districts"]} == _differing(
        sc.daily, sc.faction_ids, a, b
    )
    stats = sc.stats.set_index("date")
    for faction in sc.faction_ids:
        column = f"{faction}_km2"
        expected = stats.loc[pd.Timestamp(b), column] - stats.loc[pd.Timestamp(a), column]
        assert record["km2"][faction] == pytest.approx(expected, abs=1e-4)
    table = pd.read_csv(
        io.StringIO(
            run_cli("diff", "--scenario", four, "--from", a, "--to", b, "--format", "csv").out
        ),
        comment="#",
    )
    assert {f"from_{f}" for f in sc.faction_ids} <= set(table.columns)
    assert len(table) == len(record["districts"]) > 0
