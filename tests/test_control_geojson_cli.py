"""``frontline control --format geojson``: district parts and the front at any moment.

Mini scenario: charlie goes from rebel (15 Nov) to half government (16 Nov), so halfway
through the 15th it is a quarter government.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _charlie(fc):
    parts = [f for f in fc["features"] if f["properties"].get("district") == "charlie"]
    return {f["properties"]["faction"]: f["properties"]["share"] for f in parts}


@pytest.mark.parametrize(
    "args",
    [("--at", "2016-11-15T12:00"), ("--date", "2016-11-15", "--fraction", "0.5")],
)
def test_interpolated_moment(run_cli, args):
    result = run_cli("control", "--scenario", MINI, "--format", "geojson", *args)
    assert result.code == 0, result.err
    fc = json.loads(result.out)
    assert fc["type"] == "FeatureCollection"
    assert _charlie(fc) == pytest.approx({"government": 0.25, "rebel": 0.75})
    fronts = [f for f in fc["features"] if f["properties"].get("kind") == "front"]
    assert len(fronts) == 1 and fronts[0]["geometry"]["type"] in ("LineString", "MultiLineString")


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--at", "2017-01-01T00:00"),
        ("--date", "2016-11-15", "--fraction", "1.5"),
    ],
)
def test_bad_moments_exit_2(run_cli, args):
    result = run_cli("control", "--scenario", MINI, "--format", "geojson", *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("flag", [("--at", "2016-11-15T12:00"), ("--fraction", "0.5")])
def test_moment_options_need_geojson(run_cli, flag):
    result = run_cli("control", "--scenario", MINI, "--date", "2016-11-15", *flag)
    assert result.code == 2
    assert "--format geojson" in result.err
