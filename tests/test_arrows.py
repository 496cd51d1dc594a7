"""Advance arrows (timeline/arrows.py) on battles whose advance is known.

1. The synthetic port of ``tests/synthetic_battle.py``: the besiegers (second square from
   the west) take half of the ``shared`` square east of them on the second day. One arrow,
   pointing east, into ``shared``.
2. A grid battle built here on the same squares: ``west`` holds the first column of a 5 x 4
   grid and takes the whole second column on day 2 (a broad push: one arrow, not four),
   then the third column on day 6 (days later: a second arrow, starting from the second
   column); ``north`` holds the top row's two eastern squares and takes the two squares
   below them on day 3 (an arrow pointing south). A square that ``west`` takes on day 2 and
   loses on day 4 gives no arrow.
3. Aleppo, 26 Nov -> 13 Dec: arrows name only districts their faction gained, no district
   twice; ``frontline diff --arrows`` gives them as GeoJSON LineStrings.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import pytest

from geodata.projection import metric_crs
from geodata.topology import adjacency
from tests import synthetic_battle as battle
from timeline.arrows import MIN_GAIN, advance_arrows, arrows_geojson
from timeline.diff import diff_days

EAST, SOUTH = 0.0, -90.0


def _layer(geojson: dict) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame.from_features(geojson["features"], crs=4326)
    return gdf.set_index("id", drop=False).rename_axis(None)


def _bearing(arrow) -> float:
    """Direction origin -> target in degrees (0 = east, 90 = north), on the local plane."""
    (x0, y0), (x1, y1) = arrow.origin, arrow.target
    dx = (x1 - x0) * math.cos(math.radians((y0 + y1) / 2))
    return math.degrees(math.atan2(y1 - y0, dx))


def _arrows(daily, layer, start, end, **kw):
    crs = metric_crs(layer)
    return advance_arrows(daily, layer, adjacency(layer, crs), start, end, crs, **kw)


def test_the_synthetic_port_besiegers_push_east_into_the_shared_square():
    layer = _layer(battle.geojson(battle.TWO))
    daily = battle.daily(battle.TWO)
    arrows = _arrows(daily, layer, battle.DATES[0], battle.DATES[-1])
    assert len(arrows) == 1
    (arrow,) = arrows
    assert arrow.faction == "besiegers"
    assert arrow.districts == ("shared",)
    assert arrow.days == {"shared": battle.DATES[1]}
    assert arrow.first == arrow.last == battle.DATES[1]
    assert abs(_bearing(arrow) - EAST) < 5
    # it starts on the edge between the besiegers' square and the shared one
    assert arrow.origin[0] == pytest.approx(battle.LON + 2 * battle.SIDE, abs=1e-6)
    # and runs through the middle of the shared square, then on into it
    assert arrow.target[0] == pytest.approx(battle.LON + 2.5 * battle.SIDE, abs=1e-4)
    assert arrow.line.coords[2][0] > arrow.target[0]
    area = gpd.GeoSeries([layer.geometry["shared"]], crs=4326).to_crs(metric_crs(layer)).area
    assert arrow.km2 == pytest.approx(0.5 * float(area.iloc[0]) / 1e6)
    assert arrow.weight == 1.0
    # the first day alone has no change: no arrow
    assert _arrows(daily, layer, battle.DATES[0], battle.DATES[0]) == ()


COLS, ROWS = 5, 4
GRID_DATES = [d.strftime("%Y-%m-%d") for d in pd.date_range("2020-03-01", periods=8)]


def _cell(col: int, row: int) -> str:
    return f"c{col}r{row}"


def _grid_layer() -> gpd.GeoDataFrame:
    features = []
    for col in range(COLS):
        for row in range(ROWS):
            # rounded, so that neighbours share their edges exactly
            x0, x1 = (round(battle.LON + c * battle.SIDE, 6) for c in (col, col + 1))
            y0, y1 = (round(battle.LAT + r * battle.SIDE, 6) for r in (row, row + 1))
            ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"id": _cell(col, row), "name": _cell(col, row).upper()},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            )
    return _layer({"type": "FeatureCollection", "features": features})


def _grid_holder(col: int, row: int, day: int) -> str:
    """Who holds a cell on day index ``day`` (0-based) of the grid battle."""
    if col == 0:
        return "west"
    if col == 1 and day >= 1:
        return "west"
    if col == 2 and day >= 5:
        return "west"
    if (col, row) == (4, 0) and 1 <= day < 3:
        return "west"  # taken on day 2, lost on day 4: no arrow
    if col >= 3 and row == ROWS - 1:
        return "north"
    if col >= 3 and row == ROWS - 2 and day >= 2:
        return "north"
    return "east"


def _grid_daily() -> pd.DataFrame:
    factions = ["west", "north", "east"]
    rows = []
    for day, date in enumerate(GRID_DATES):
        for col in range(COLS):
            for row in range(ROWS):
                holder = _grid_holder(col, row, day)
                rows.append(
                    {"date": date, "district": _cell(col, row)}
                    | {f: float(f == holder) for f in factions}
                    | {"status": holder, "since": GRID_DATES[0], "event": None}
                    | {"confidence": "reported", "note": ""}
                )
    return pd.DataFrame(rows)


def test_a_broad_push_is_one_arrow_and_a_later_push_is_another():
    arrows = _arrows(_grid_daily(), _grid_layer(), GRID_DATES[0], GRID_DATES[-1])
    by_first = {(a.faction, a.first): a for a in arrows}
    assert set(by_first) == {
        ("west", GRID_DATES[1]),
        ("west", GRID_DATES[5]),
        ("north", GRID_DATES[2]),
    }
    first_push = by_first[("west", GRID_DATES[1])]
    assert set(first_push.districts) == {_cell(1, r) for r in range(ROWS)}
    assert abs(_bearing(first_push) - EAST) < 10
    # it starts on the first column's edge, the line it crossed
    assert first_push.origin[0] == pytest.approx(battle.LON + battle.SIDE, abs=1e-6)

    second_push = by_first[("west", GRID_DATES[5])]
    assert set(second_push.districts) == {_cell(2, r) for r in range(ROWS)}
    assert abs(_bearing(second_push) - EAST) < 10
    # from the ground the first push took, not from the first column
    assert second_push.origin[0] == pytest.approx(battle.LON + 2 * battle.SIDE, abs=1e-6)

    south = by_first[("north", GRID_DATES[2])]
    assert set(south.districts) == {_cell(3, ROWS - 2), _cell(4, ROWS - 2)}
    assert abs(_bearing(south) - SOUTH) < 10
    assert all(d != _cell(4, 0) for a in arrows for d in a.districts)
    # sized by the area gained: four squares against two
    assert first_push.km2 == pytest.approx(2 * south.km2, rel=0.01)
    assert first_push.weight == 1.0 and south.weight == pytest.approx(0.5, rel=0.01)


def test_a_wide_link_merges_the_two_pushes_and_a_high_bar_drops_half_gains():
    daily, layer = _grid_daily(), _grid_layer()
    merged = _arrows(daily, layer, GRID_DATES[0], GRID_DATES[-1], link_days=10)
    west = [a for a in merged if a.faction == "west"]
    assert len(west) == 1 and len(west[0].districts) == 2 * ROWS
    assert west[0].first == GRID_DATES[1] and west[0].last == GRID_DATES[5]
    port = battle.daily(battle.TWO)
    port_layer = _layer(battle.geojson(battle.TWO))
    assert MIN_GAIN <= 0.5
    assert _arrows(port, port_layer, battle.DATES[0], battle.DATES[-1], min_gain=0.6) == ()


def test_bad_windows_are_refused():
    daily, layer = _grid_daily(), _grid_layer()
    with pytest.raises(ValueError, match="is after"):
        _arrows(daily, layer, GRID_DATES[3], GRID_DATES[1])
    with pytest.raises(ValueError, match=r"pick one in 2020-03-01\.\.2020-03-08"):
        _arrows(daily, layer, "2020-02-01", GRID_DATES[1])


@pytest.fixture(scope="module")
def aleppo():
    from timeline import load_scenario

    return load_scenario(None)


def test_aleppo_arrows_name_only_ground_their_faction_gained(aleppo):
    sc = aleppo
    arrows = advance_arrows(
        sc.daily, sc.districts, sc.adjacency, "2016-11-26", "2016-12-13", sc.crs
    )
    diff = diff_days(sc, "2016-11-26", "2016-12-13")
    gained = {c.district: c.gainer for c in diff.districts}
    seen: list[str] = []
    for arrow in arrows:
        for district in arrow.districts:
            assert gained[district] == arrow.faction
        seen.extend(arrow.districts)
        assert "2016-11-26" < arrow.first <= arrow.last <= "2016-12-13"
        assert arrow.origin != arrow.target
    assert len(seen) == len(set(seen))
    assert 1 < len(arrows) < len(seen)  # grouped: fewer arrows than districts
    assert [a.km2 for a in arrows] == sorted((a.km2 for a in arrows), reverse=True)
    fc = arrows_geojson(arrows)
    assert all(f["geometry"]["type"] == "LineString" for f in fc["features"])


def test_diff_cli_gives_the_arrows_as_geojson_lines(run_cli, tmp_path):
    out = tmp_path / "window.geojson"
    args = ("diff", "--from", "2016-11-26", "--to", "2016-12-13", "--arrows")
    result = run_cli(*args, "--format", "geojson", "--out", out)
    assert result.code == 0, result.err
    fc = json.loads(out.read_text(encoding="utf-8"))
    lines = [f for f in fc["features"] if f["properties"].get("kind") == "arrow"]
    assert lines and all(f["geometry"]["type"] == "LineString" for f in lines)
    for feature in lines:
        props = feature["properties"]
        assert len(props["names"]) == len(props["districts"]) == len(props["days"])
        assert props["first"] <= props["last"]
    as_json = json.loads(run_cli(*args).out)
    assert [f["properties"] for f in as_json["arrows"]] == [f["properties"] for f in lines]
    refused = run_cli(*args, "--format", "csv")
    assert refused.code == 2 and "--arrows" in refused.err
