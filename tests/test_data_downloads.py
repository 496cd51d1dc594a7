"""The data behind the view, downloaded: the day, the compare window, the control table and
the events (``download/day.*``, ``download/diff.*``, ``download/control.*``,
``download/events.*``), and the compare slides of ``download/still.*?compare=``.

Each download parses (GeoJSON, CSV, JSON), is byte for byte what ``frontline day`` /
``frontline diff`` write to a file, reads back to the rows of :mod:`timeline.diff` and of the
scenario's tables, and names the scenario, the dates, the credits and the licence. The app
is the mini scenario's (tests/fixtures/mini: Charlie half taken on the 16th, taken on the
17th, retaken on the 18th; most of Delta taken on the 19th), with an empty disk cache.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from dashboard.app import create_app
from dashboard.datafiles import event_record
from timeline import load_scenario
from timeline.diff import day_table, diff_days, diff_table

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
A, B = "2016-11-15", "2016-11-17"


@pytest.fixture(scope="module")
def app():
    return create_app(MINI)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(MINI)


@pytest.fixture
def client(app, tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    return app.server.test_client()


def _cli_file(run_cli, tmp_path, name, *args):
    out = tmp_path / name
    r = run_cli(*args, "--scenario", MINI, "--out", out)
    assert r.code == 0, r.err
    return out.read_bytes()


def _comments(text: str) -> dict[str, str]:
    lines = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    return dict(line.split(": ", 1) for line in lines)


def _names_provenance(meta: dict, *dates: str) -> None:
    assert meta["scenario"] == "mini"
    assert meta["title"] == "A synthetic battle of four squares"
    assert list(meta["dates"]) == list(dates)
    assert "MIT licence" in meta["licence"]
    assert "invented for the tests" in meta["credits"]


# --- the day --------------------------------------------------------------------------------


def test_day_geojson_is_the_file_of_frontline_day(client, run_cli, tmp_path, scenario):
    r = client.get(f"/download/day.geojson?date={B}")
    assert r.status_code == 200 and r.mimetype == "application/geo+json"
    assert f"frontline-atlas-mini-{B}.geojson" in r.headers["Content-Disposition"]
    assert r.data == _cli_file(run_cli, tmp_path, "d.geojson", "day", "--date", B)
    collection = json.loads(r.data)
    assert collection["type"] == "FeatureCollection"
    _names_provenance(collection["metadata"], B)
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"alpha", "bravo", "charlie", "delta"}
    charlie = features["charlie"]
    assert charlie["geometry"]["type"] in ("Polygon", "MultiPolygon")
    props = charlie["properties"]
    assert props["holder"] == "government" and props["shares"]["government"] == 1.0
    assert props["since"] == B and props["changed_today"] is True
    assert props["event"] == "2016-11-17-charlie-captured" and props["confidence"] == "reported"
    assert props["sources"] == ["mini-wire"]


def test_day_csv_round_trips_to_the_day_table(client, run_cli, tmp_path, scenario):
    r = client.get(f"/download/day.csv?date={B}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.data == _cli_file(run_cli, tmp_path, "d.csv", "day", "--date", B, "--format", "csv")
    text = r.data.decode()
    _names_provenance({**_comments(text), "dates": [_comments(text)["dates"]]}, B)
    read = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)
    want = day_table(scenario, B)
    assert read["district"].tolist() == want["district"].tolist()
    assert read["holder"].tolist() == want["holder"].tolist()
    assert read["share_government"].tolist() == want["share_government"].tolist()


# --- the compare window ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["geojson", "json", "csv"])
def test_diff_downloads_are_the_files_of_frontline_diff(client, run_cli, tmp_path, fmt):
    arrows = fmt != "csv"
    r = client.get(f"/download/diff.{fmt}?date={B}&compare={A}" + ("&arrows=1" if arrows else ""))
    assert r.status_code == 200, r.data
    assert f"frontline-atlas-mini-changes-{A}-to-{B}.{fmt}" in r.headers["Content-Disposition"]
    args = ["diff", "--from", A, "--to", B, "--format", fmt] + (["--arrows"] if arrows else [])
    assert r.data == _cli_file(run_cli, tmp_path, f"x.{fmt}", *args)


def test_diff_geojson_lists_diff_s_districts_and_the_arrows(client, scenario):
    r = client.get(f"/download/diff.geojson?date=2016-11-19&compare={A}&arrows=1")
    collection = json.loads(r.data)
    _names_provenance(collection["metadata"], A, "2016-11-19")
    districts = [f for f in collection["features"] if f["properties"].get("kind") != "arrow"]
    arrows = [f for f in collection["features"] if f["properties"].get("kind") == "arrow"]
    assert [f["id"] for f in districts] == list(diff_days(scenario, A, "2016-11-19").ids)
    assert [f["id"] for f in districts] == ["delta"]  # Charlie came back: not listed
    assert arrows and all(f["geometry"]["type"] == "LineString" for f in arrows)
    assert arrows[0]["properties"]["districts"] == ["delta"]
    assert collection["metadata"]["km2"]["government"] == pytest.approx(0.75, abs=1e-3)
    without = json.loads(client.get(f"/download/diff.geojson?date=2016-11-19&compare={A}").data)
    assert all(f["properties"].get("kind") != "arrow" for f in without["features"])


def test_diff_csv_round_trips_to_diff_s_rows(client, scenario):
    text = client.get(f"/download/diff.csv?date={B}&compare={A}&arrows=1").data.decode()
    meta = _comments(text)
    assert meta["scenario"] == "mini" and meta["dates"] == f"{A}, {B}"
    assert "MIT licence" in meta["licence"] and "invented for the tests" in meta["credits"]
    read = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)
    want = diff_table(diff_days(scenario, A, B))
    assert read.columns.tolist() == want.columns.tolist()
    assert read.to_dict(orient="records") == want.to_dict(orient="records")


# --- the whole tables -----------------------------------------------------------------------


def test_control_table_round_trips_to_control_csv(client, scenario):
    text = client.get("/download/control.csv").data.decode()
    meta = _comments(text)
    assert meta["scenario"] == "mini" and meta["dates"] == "2016-11-15, 2016-11-19"
    assert "MIT licence" in meta["licence"]
    read = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)
    control = scenario.control.sort_values(["date", "line"], kind="stable")
    assert len(read) == len(control) == 8
    assert read["district"].tolist() == control["district"].astype(str).tolist()
    assert read["government"].tolist() == control["government"].astype(float).tolist()
    assert read["confidence"].tolist() == control["confidence"].astype(str).tolist()
    delta = read[read["date"] == "2016-11-19"].iloc[0]
    assert delta["note"] == "most of Delta, the south-east corner still held"  # a comma inside
    record = json.loads(client.get("/download/control.json").data)
    _names_provenance(record, "2016-11-15", "2016-11-19")
    assert [r["district"] for r in record["rows"]] == read["district"].tolist()
    assert record["rows"][4]["title"] == "Government pushes into Charlie"
    assert record["rows"][4]["sources"] == "mini-wire"


def test_events_are_the_records_of_frontline_events(client, run_cli, scenario):
    record = json.loads(client.get("/download/events.json").data)
    _names_provenance(record, "2016-11-15", "2016-11-19")
    r = run_cli("events", "--scenario", MINI, "--format", "json")
    assert record["events"] == json.loads(r.out)
    assert [e["id"] for e in record["events"]] == [e.id for e in scenario.events]
    text = client.get("/download/events.csv").data.decode()
    read = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False)
    assert read["id"].tolist() == [e.id for e in scenario.events]
    first = event_record(scenario.events[0])
    assert json.loads(read["sources"][0]) == first["sources"]
    assert _comments(text)["scenario"] == "mini"


# --- errors ---------------------------------------------------------------------------------

BAD = [
    ("/download/day.geojson?date=2016-11-40", "is not a day of the battle"),
    ("/download/day.csv?date=yesterday", "is not a date"),
    ("/download/day.csv?date=2016-11-16&compare=2016-11-15", "unknown parameter 'compare'"),
    (f"/download/diff.json?date={B}", "compare is missing"),
    (f"/download/diff.csv?date={A}&compare={B}", f"compare {B} is after date {A}"),
    (f"/download/diff.geojson?date={B}&compare=2017-01-01", "is not a day of the battle"),
    (f"/download/diff.geojson?date={B}&compare={A}&arrows=maybe", "not a switch"),
    ("/download/control.csv?date=2016-11-16", "unknown parameter 'date'"),
    (f"/download/still.png?date={A}&compare={B}", f"compare {B} is after date {A}"),
    (f"/download/still.svg?date={B}&arrows=2", "not a switch"),
]


@pytest.mark.parametrize(("url", "expected"), BAD, ids=[b[1] for b in BAD])
def test_bad_parameters_get_a_one_line_400(client, url, expected):
    r = client.get(url)
    assert r.status_code == 400
    assert expected in r.data.decode()
    assert r.data.decode().count("\n") == 1 and r.mimetype == "text/plain"


def test_unknown_data_formats_are_404(client):
    assert client.get(f"/download/day.json?date={B}").status_code == 404
    assert client.get("/download/events.geojson").status_code == 404


def test_a_download_asked_again_is_a_304(client):
    first = client.get(f"/download/diff.json?date={B}&compare={A}")
    again = client.get(
        f"/download/diff.json?date={B}&compare={A}",
        headers={"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


# --- compare slides -------------------------------------------------------------------------


def test_still_with_compare_is_the_compare_slide(client):
    r = client.get(f"/download/still.svg?date={B}&compare={A}&arrows=1")
    assert r.status_code == 200, r.data
    assert f"frontline-atlas-{A}-to-{B}.svg" in r.headers["Content-Disposition"]
    root = ET.fromstring(r.data)
    text = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Changes 15 Nov → 17 Nov 2016" in text
    assert "Advances (arrow width: km² taken)" in text
    plain = client.get(f"/download/still.svg?date={B}")
    assert "Changes 15 Nov" not in plain.data.decode()
    again = client.get(
        f"/download/still.svg?date={B}&compare={A}&arrows=1",
        headers={"If-None-Match": r.headers["ETag"]},
    )
    assert again.status_code == 304
