"""Partition of shared districts (timeline.carving, timeline.partition, timeline.front_parts):
shares, validity, placement, front lines.

Three layers: squares built inline (placement by hand), hypothesis over random convex and
non-convex polygons and random shares (the invariants), and the bundled Aleppo scenario on
every day (fails, never skips, while its control.csv is missing).
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box
from shapely.ops import substring

from geodata.paths import control_path
from geodata.projection import metric_crs
from timeline import load_scenario
from timeline.carving import ZERO_SHARE, clean_shares, split_district
from timeline.front_parts import front_for_parts, front_length_km
from timeline.fronts import front_lines
from timeline.partition import PartsInputs, parts_for_day

MINI = "tests/fixtures/mini"
LON0, LAT0 = 37.15, 36.2
M_PER_DEG_LAT = 110_950.0
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(LAT0))


def _deg(geom):
    """A geometry drawn in metres around (0, 0), placed in Aleppo in degrees."""
    return shapely.transform(
        geom,
        lambda xy: np.column_stack(
            [LON0 + xy[:, 0] / M_PER_DEG_LON, LAT0 + xy[:, 1] / M_PER_DEG_LAT]
        ),
    )


def _area_m2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(metric_crs(geom)).area.iloc[0])


def _check_partition(polygon, parts: dict, shares: dict, tol: float = 0.01) -> None:
    """Shares within ``tol`` of the district area, parts valid, disjoint and covering."""
    total = _area_m2(polygon)
    clean = clean_shares(shares)
    assert set(parts) == {f for f, v in clean.items() if v > 0}
    for faction, part in parts.items():
        assert part.is_valid, faction
        assert part.geom_type in ("Polygon", "MultiPolygon")
        assert abs(_area_m2(part) - clean[faction] * total) <= tol * total, faction
    names = list(parts)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            overlap = shapely.intersection(parts[a], parts[b])
            assert _area_m2(overlap) < 1e-6 * total if not overlap.is_empty else True
    union = shapely.union_all(list(parts.values()))
    assert _area_m2(shapely.symmetric_difference(union, polygon)) < 1e-4 * total


# --- squares drawn by hand ------------------------------------------------------------

SQUARE = _deg(box(0, 0, 1000, 1000))
WEST_EDGE = _deg(LineString([(0, 0), (0, 1000)]))
EAST_EDGE = _deg(LineString([(1000, 0), (1000, 1000)]))


def test_two_factions_split_from_the_source_edge():
    parts = split_district(SQUARE, {"government": 0.3, "rebel": 0.7}, {"government": WEST_EDGE})
    _check_partition(SQUARE, parts, {"government": 0.3, "rebel": 0.7})
    gov = parts["government"]
    assert gov.intersects(WEST_EDGE) and not gov.intersects(EAST_EDGE)
    # a band along the west edge: about 300 m wide
    width_deg = gov.bounds[2] - SQUARE.bounds[0]
    assert width_deg * M_PER_DEG_LON == pytest.approx(300, rel=0.02)


def test_none_source_sweeps_from_the_south():
    parts = split_district(SQUARE, {"government": 0.25, "rebel": 0.75}, {"government": None})
    _check_partition(SQUARE, parts, {"government": 0.25, "rebel": 0.75})
    gov = parts["government"]
    assert gov.bounds[1] == pytest.approx(SQUARE.bounds[1])
    assert gov.centroid.y < parts["rebel"].centroid.y
    # a band along the south edge, 250 m deep (UTM north is ~1 degree off true north here)
    assert (gov.bounds[3] - SQUARE.bounds[1]) * M_PER_DEG_LAT == pytest.approx(250, abs=25)


def test_point_source_grows_a_disc():
    corner = _deg(Point(0, 0))
    parts = split_district(SQUARE, {"rebel": 0.1, "government": 0.9}, {"rebel": corner})
    _check_partition(SQUARE, parts, {"rebel": 0.1, "government": 0.9})
    assert parts["rebel"].distance(corner) < 1e-9
    assert parts["rebel"].distance(_deg(Point(1000, 1000))) > 0


def test_three_factions_carved_in_order():
    shares = {"government": 0.2, "sdf": 0.3, "rebel": 0.5}
    sources = {"government": WEST_EDGE, "sdf": EAST_EDGE}
    parts = split_district(SQUARE, shares, sources)
    _check_partition(SQUARE, parts, shares)
    assert parts["government"].intersects(WEST_EDGE)
    assert parts["sdf"].intersects(EAST_EDGE)
    assert not parts["rebel"].intersects(WEST_EDGE.centroid)


def test_tiny_shares_count_as_zero_and_the_district_stays_whole():
    shares = {"government": 1 - ZERO_SHARE / 2, "rebel": ZERO_SHARE / 2}
    parts = split_district(SQUARE, shares, {"rebel": WEST_EDGE})
    assert list(parts) == ["government"]
    assert parts["government"].equals(SQUARE)


def test_clean_shares_rejects_an_empty_state():
    with pytest.raises(ValueError, match="no faction"):
        clean_shares({"government": 0.001, "rebel": 0.002})
    with pytest.raises(ValueError, match="unknown factions"):
        clean_shares({"government": 0.5, "regime": 0.5}, ("government", "rebel", "sdf"))


# --- random polygons and shares ---------------------------------------------------------


@st.composite
def polygons(draw):
    """A convex hull, a star (non-convex) or buffered points (possibly in pieces), in metres."""
    kind = draw(st.sampled_from(["convex", "star", "blobs"]))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    if kind == "convex":
        geom = shapely.convex_hull(shapely.multipoints(rng.uniform(0, 1500, size=(12, 2))))
    elif kind == "star":
        n = int(rng.integers(5, 40))
        angles = np.sort(rng.uniform(0, 2 * np.pi, n))
        radii = rng.uniform(150, 1000, n)
        geom = Polygon(np.column_stack([radii * np.cos(angles), radii * np.sin(angles)]))
    else:
        pts = shapely.multipoints(rng.uniform(0, 1200, size=(int(rng.integers(2, 7)), 2)))
        geom = shapely.buffer(pts, float(rng.uniform(150, 400)), quad_segs=6)
    geom = shapely.make_valid(geom)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.area < 1e4:
        geom = box(0, 0, 800, 600)
    return _deg(shapely.normalize(geom))


@st.composite
def share_sets(draw):
    factions = draw(
        st.sampled_from([("government", "rebel"), ("rebel", "sdf"), ("government", "rebel", "sdf")])
    )
    raw = [draw(st.floats(0.02, 1.0)) for _ in factions]
    total = sum(raw)
    return {f: v / total for f, v in zip(factions, raw)}


@st.composite
def sources_for(draw, polygon, factions):
    """A source per faction: a stretch of the boundary, a boundary point, or None."""
    ring = shapely.get_exterior_ring(shapely.get_parts(polygon)[0])
    out = {}
    for faction in draw(st.permutations(list(factions))):
        kind = draw(st.sampled_from(["stretch", "point", "none"]))
        a = draw(st.floats(0, 0.9))
        if kind == "stretch":
            out[faction] = substring(ring, a, a + draw(st.floats(0.02, 0.1)), normalized=True)
        elif kind == "point":
            out[faction] = ring.interpolate(a, normalized=True)
        else:
            out[faction] = None
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), polygon=polygons(), shares=share_sets())
def test_random_partitions_hold_their_invariants(data, polygon, shares):
    sources = data.draw(sources_for(polygon, list(shares)))
    parts = split_district(polygon, shares, sources)
    _check_partition(polygon, parts, shares)


# --- the mini scenario ------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def test_mini_whole_districts_give_one_row_each(mini):
    parts = parts_for_day(mini, "2016-11-15")
    assert sorted(parts["district"]) == sorted(mini.districts.index)
    assert set(parts["role"]) == {"whole"}
    assert (parts["share"] == 1.0).all()
    assert parts.crs.to_epsg() == 4326


def test_mini_charlie_is_split_from_alpha_on_the_16th(mini):
    parts = parts_for_day(mini, "2016-11-16")
    charlie = parts[parts["district"] == "charlie"].set_index("faction")
    assert set(charlie.index) == {"government", "rebel"}
    assert charlie.loc["government", "role"] == "advancing"
    assert charlie.loc["government", "source"] == "edges:alpha"
    edge = mini.adjacency.query("a == 'alpha' and b == 'charlie'").geometry.iloc[0]
    assert charlie.loc["government", "geometry"].intersects(edge)
    polygon = mini.districts.geometry["charlie"]
    _check_partition(polygon, dict(charlie["geometry"]), dict(charlie["share"]))


def test_mini_front_matches_the_district_front_when_nothing_is_shared(mini):
    parts = parts_for_day(mini, "2016-11-15")
    state = mini.state_on("2016-11-15").reset_index(drop=True)
    _, expected_km = front_lines(state, mini.adjacency)
    front = front_for_parts(parts)
    assert front.geom_type == "MultiLineString"
    assert front_length_km(front) == pytest.approx(expected_km, rel=1e-6)
    assert front_length_km(front_for_parts(parts, mini.adjacency)) == pytest.approx(expected_km)


def test_mini_front_runs_through_a_shared_district(mini):
    parts = parts_for_day(mini, "2016-11-16")
    front = front_for_parts(parts)
    charlie = mini.districts.geometry["charlie"]
    inside = shapely.intersection(front, shapely.buffer(charlie, -1e-6))
    # the line between Charlie's two parts crosses it from west to east (about 1 km)
    assert front_length_km(inside) == pytest.approx(1.0, rel=0.05)
    assert front_length_km(front_for_parts(parts, mini.adjacency)) == pytest.approx(
        front_length_km(front)
    )


def test_parts_inputs_work_like_a_scenario(mini):
    inputs = PartsInputs(mini.districts, mini.adjacency, mini.daily)
    a = parts_for_day(inputs, "2016-11-19")
    b = parts_for_day(mini, "2016-11-19")
    assert a.drop(columns="geometry").equals(b.drop(columns="geometry"))
    with pytest.raises(ValueError, match="outside the battle"):
        parts_for_day(mini, "2016-12-01")


# --- the bundled Aleppo scenario ----------------------------------------------------------


@pytest.fixture(scope="module")
def aleppo():
    assert control_path().is_file(), f"missing {control_path()}: the bundled scenario needs it"
    return load_scenario(None)


@pytest.fixture(scope="module")
def aleppo_parts(aleppo):
    return {day: parts_for_day(aleppo, day) for day in aleppo.dates}


def test_every_district_every_day_has_parts(aleppo, aleppo_parts):
    ids = set(aleppo.districts.index)
    for day, parts in aleppo_parts.items():
        assert set(parts["district"]) == ids, day
        sums = parts.groupby("district")["share"].sum()
        assert np.allclose(sums, 1.0), day
    assert any((p["role"] != "whole").any() for p in aleppo_parts.values())


def test_every_shared_district_every_day_is_partitioned(aleppo, aleppo_parts):
    polygons = aleppo.districts.geometry
    for day, parts in aleppo_parts.items():
        shared = parts[parts["role"] != "whole"]
        for district, rows in shared.groupby("district"):
            pieces = dict(zip(rows["faction"], rows["geometry"]))
            shares = dict(zip(rows["faction"], rows["share"]))
            try:
                _check_partition(polygons[district], pieces, shares)
            except AssertionError as exc:
                raise AssertionError(f"{district} on {day}: {exc}") from exc


def test_the_advancing_part_touches_the_advancing_side(aleppo, aleppo_parts):
    edges = {
        (a, b): g
        for a, b, g in zip(aleppo.adjacency["a"], aleppo.adjacency["b"], aleppo.adjacency.geometry)
    }
    checked = 0
    for day, parts in aleppo_parts.items():
        advancing = parts[parts["role"] == "advancing"]
        for row in advancing.itertuples(index=False):
            if not row.source.startswith("edges:"):
                continue
            for neighbour in row.source.removeprefix("edges:").split(","):
                edge = edges.get((row.district, neighbour), edges.get((neighbour, row.district)))
                assert edge is not None
                assert row.geometry.intersects(edge), f"{row.district} on {day} vs {neighbour}"
                checked += 1
    assert checked > 0


def test_front_is_the_same_with_or_without_the_adjacency(aleppo, aleppo_parts):
    for day in aleppo.dates[::7]:
        parts = aleppo_parts[day]
        front = front_for_parts(parts, aleppo.adjacency)
        assert front.geom_type == "MultiLineString" and not front.is_empty
        same = front_for_parts(parts)
        assert front_length_km(same) == pytest.approx(front_length_km(front), rel=1e-6)
