"""The metric CRS chosen for a scenario, and areas, lengths and parts measured in it anywhere.

Synthetic layers of 1 km squares are placed in Prague, south-east Australia, Buenos Aires,
Aleppo, on a UTM zone boundary and across the antimeridian; their areas and shared edges are
checked against the geodesic measures of ``pyproj.Geod`` on the WGS84 ellipsoid, and so are
the parts and fronts of the mini battle moved to 145° E, 38° S and the holes and overlaps
``validate_geometry`` reports there.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import CRS, Geod
from shapely.geometry import Point, box

from geodata import load_districts, metric_crs, validate_geometry
from geodata.areas import area_km2, centroids_lonlat
from geodata.display import display_geojson
from geodata.projection import UTM_REACH_DEG, lonlat_bounds, utm_zone
from geodata.topology import adjacency
from timeline import load_scenario
from timeline.carving import LocalMap
from timeline.front_parts import front_for_parts, front_length_km
from timeline.moments import all_moments
from timeline.partition import Partitioner, PartsInputs, partitioner, parts_for_day
from timeline.shapes import reproject

GEOD = Geod(ellps="WGS84")
KM_DEG_LAT = 110.95  # about right anywhere: the squares only need to be near 1 km
MINI = "tests/fixtures/mini"

# name: (lon, lat of the layer's centre, EPSG code the chooser must give)
PLACES = {
    "prague": (14.4, 50.1, 32633),
    "melbourne-east": (145.0, -38.0, 32755),
    "buenos-aires": (-58.4, -34.6, 32721),
    "aleppo": (37.1, 36.2, 32637),
    "zone-boundary-12e": (12.0, 50.1, 32633),  # half the layer in zone 32, half in 33
}


def _squares(xs: list[float], ys: np.ndarray) -> gpd.GeoDataFrame:
    """One square per pair of consecutive ``xs`` and consecutive ``ys`` (so neighbours share
    their corners exactly)."""
    rows = []
    for i, (x0, x1) in enumerate(itertools.pairwise(xs)):
        for j in range(len(ys) - 1):
            rows.append({"id": f"d{i}{j}", "geometry": box(x0, ys[j], x1, ys[j + 1])})
    return gpd.GeoDataFrame(rows, crs=4326).set_index("id")


def _grid(lon0: float, lat0: float, n: int = 3) -> gpd.GeoDataFrame:
    """``n`` x ``n`` squares of about 1 km centred on (lon0, lat0)."""
    dlat = 1.0 / KM_DEG_LAT
    dlon = dlat / math.cos(math.radians(lat0))
    xs = (lon0 + (np.arange(n + 1) - n / 2) * dlon).tolist()
    return _squares(xs, lat0 + (np.arange(n + 1) - n / 2) * dlat)


def _antimeridian_grid() -> gpd.GeoDataFrame:
    """3 x 3 squares near Fiji (17° S): two columns west of 180°, one east of it (at -180°)."""
    lat0 = -17.0
    dlat = 1.0 / KM_DEG_LAT
    dlon = dlat / math.cos(math.radians(lat0))
    ys = lat0 + (np.arange(4) - 1.5) * dlat
    west = _squares([180.0 - 2 * dlon, 180.0 - dlon, 180.0], ys)
    east = _squares([-180.0, -180.0 + dlon], ys)
    east.index = [f"e{k}" for k in range(len(east))]
    return gpd.GeoDataFrame(pd.concat([west, east]), crs=4326)


def _geodesic_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def _geodesic_km(line) -> float:
    return GEOD.geometry_length(line) / 1000.0


# --- the chooser -------------------------------------------------------------------------


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_chooser_gives_the_utm_zone_of_the_layer(place):
    lon, lat, epsg = PLACES[place]
    assert metric_crs(_grid(lon, lat)).to_epsg() == epsg


def test_the_bundled_aleppo_layer_and_scenario_measure_in_utm_37n():
    assert metric_crs(load_districts(None)).to_epsg() == 32637
    assert load_scenario(None).crs.to_epsg() == 32637
    assert load_scenario(MINI).crs.to_epsg() == 32637


def test_a_layer_across_the_antimeridian_is_centred_on_its_true_middle():
    grid = _antimeridian_grid()
    west, _, east, _ = lonlat_bounds(grid)
    assert west > 179.9 and -180.0 < east < -179.9  # west > east: it wraps
    assert metric_crs(grid).to_epsg() == 32760  # zone 60 south, not zone 31 at Greenwich


def test_the_chooser_takes_any_crs_geometries_and_bounds():
    grid = _grid(145.0, -38.0)
    assert metric_crs(grid.to_crs(3857)).to_epsg() == 32755
    assert metric_crs(grid.geometry.to_numpy()).to_epsg() == 32755
    assert metric_crs(tuple(grid.total_bounds)).to_epsg() == 32755
    assert metric_crs(Point(-58.4, -34.6)).to_epsg() == 32721
    assert metric_crs(grid) is metric_crs(grid)  # one CRS object per zone


def test_the_zone_grid_exceptions_of_norway_and_svalbard():
    assert utm_zone(5.3, 60.4) == 32  # Bergen: 32V, not 31
    assert utm_zone(15.6, 78.2) == 33  # Longyearbyen
    assert utm_zone(8.0, 78.0) == 31
    assert utm_zone(5.3, 50.0) == 31  # south of 56° N the ordinary grid
    assert metric_crs(_grid(5.3, 60.4)).to_epsg() == 32632


@pytest.mark.parametrize(
    "bounds",
    [(-10.0, 40.0, 10.0, 50.0), (35.0, 36.0, 45.0, 37.0), (0.0, 84.5, 1.0, 85.0)],
    ids=["europe-wide", "two-zones", "north-of-utm"],
)
def test_a_layer_too_wide_for_a_zone_or_polar_gets_an_equal_area_projection(bounds):
    crs = metric_crs(bounds)
    assert crs.to_epsg() is None
    operation = crs.coordinate_operation
    assert operation.method_name == "Lambert Azimuthal Equal Area"
    params = {p.name: p.value for p in operation.params}
    assert params["Longitude of natural origin"] == pytest.approx((bounds[0] + bounds[2]) / 2)
    assert params["Latitude of natural origin"] == pytest.approx((bounds[1] + bounds[3]) / 2)


def test_the_utm_reach_keeps_the_area_error_under_one_percent():
    # zone 37 (36-42° E, central meridian 39° E): a layer centred in it may reach 43.5° E
    reach = 39.0 + UTM_REACH_DEG
    assert metric_crs((40.4, -0.2, reach, 0.1)).to_epsg() == 32737
    assert metric_crs((40.4, -0.2, reach + 0.1, 0.1)).to_epsg() is None
    # the worst case the rule allows: on the equator, at the far end of that reach
    square = gpd.GeoSeries([box(reach - 0.01, -0.005, reach, 0.005)], crs=4326)
    measured = area_km2(square, crs=32737).iloc[0]
    assert measured == pytest.approx(_geodesic_km2(square.iloc[0]), rel=0.01)
    assert measured != pytest.approx(_geodesic_km2(square.iloc[0]), rel=0.003)


def test_a_layer_with_nothing_to_measure_still_gets_a_crs():
    assert isinstance(metric_crs(shapely.Polygon()), CRS)
    assert area_km2(gpd.GeoSeries([shapely.Polygon()], crs=4326)).iloc[0] == 0.0
    assert adjacency(gpd.GeoDataFrame(geometry=[], crs=4326)).empty


# --- areas and lengths anywhere ---------------------------------------------------------


def _layers() -> dict[str, gpd.GeoDataFrame]:
    layers = {name: _grid(lon, lat) for name, (lon, lat, _) in PLACES.items()}
    layers["antimeridian"] = _antimeridian_grid()
    return layers


@pytest.mark.parametrize("name", sorted([*PLACES, "antimeridian"]))
def test_areas_match_the_geodesic_area_anywhere(name):
    layer = _layers()[name]
    areas = area_km2(layer)
    geodesic = np.array([_geodesic_km2(g) for g in layer.geometry])
    assert geodesic == pytest.approx(1.0, rel=0.02)  # the squares are about 1 km
    # 0.1 % everywhere but at 180° E, 3° from zone 60's central meridian (0.2 % there)
    rtol = 2.5e-3 if name == "antimeridian" else 1e-3
    np.testing.assert_allclose(areas.to_numpy(), geodesic, rtol=rtol)


def test_a_fixed_zone_far_away_is_wrong_which_the_chooser_avoids():
    layer = _grid(145.0, -38.0)
    geodesic = sum(_geodesic_km2(g) for g in layer.geometry)
    assert area_km2(layer).sum() == pytest.approx(geodesic, rel=1e-3)
    assert area_km2(layer, crs=32637).sum() > 2 * geodesic  # UTM 37N at 145° E


@pytest.mark.parametrize("name", sorted([*PLACES, "antimeridian"]))
def test_shared_edge_lengths_match_the_geodesic_length_anywhere(name):
    layer = _layers()[name]
    pairs = adjacency(layer)
    # 12 edges in a 3 x 3 grid; across ±180° the squares do not touch (7 west of it, 2 east)
    assert len(pairs) == (12 if name != "antimeridian" else 7 + 2)
    geodesic = np.array([_geodesic_km(g) for g in pairs.geometry])
    assert geodesic == pytest.approx(1.0, rel=0.02)
    rtol = 1.5e-3 if name == "antimeridian" else 1e-3
    np.testing.assert_allclose(pairs["length_km"].to_numpy(), geodesic, rtol=rtol)


def test_label_points_and_display_geometry_stay_in_place_in_the_south():
    layer = _grid(-58.4, -34.6)
    points = centroids_lonlat(layer)
    for ident, geom in layer.geometry.items():
        assert geom.contains(Point(points.at[ident, "lon"], points.at[ident, "lat"]))
    drawn = display_geojson(layer, tolerance_m=4.0, ndigits=8)
    for feature, geom in zip(drawn["features"], layer.geometry, strict=True):
        shape = shapely.geometry.shape(feature["geometry"])
        assert _geodesic_km2(shape) == pytest.approx(_geodesic_km2(geom), rel=1e-3)


# --- parts and fronts of a battle in the southern hemisphere -----------------------------


@pytest.fixture(scope="module")
def south():
    """The mini scenario's four districts and days, moved to 145° E, 38° S."""
    mini = load_scenario(MINI)
    x0, y0 = mini.districts.total_bounds[:2]
    moved = mini.districts.copy()
    moved["geometry"] = shapely.transform(
        mini.districts.geometry.to_numpy(), lambda xy: xy + np.array([145.0 - x0, -38.0 - y0])
    )
    moved = gpd.GeoDataFrame(moved, geometry="geometry", crs=4326)
    return PartsInputs(moved, adjacency(moved), mini.daily)


def test_the_partitioner_measures_in_the_scenarios_crs(south):
    p = Partitioner(south.districts, south.adjacency, south.daily)
    assert CRS(p.crs).to_epsg() == 32755
    given = Partitioner(south.districts, south.adjacency, south.daily, crs=32755)
    assert given.crs == 32755
    local = LocalMap(p.polygons_ll[0], p.polygons_m[0], p.crs)
    assert local.exact  # the fitted local map is good to a centimetre there too
    corners = shapely.get_coordinates(p.polygons_m[0])
    back = reproject(shapely.multipoints(corners), p.crs, 4326)
    fitted = local.to_ll(shapely.multipoints(corners))
    assert shapely.get_coordinates(fitted) == pytest.approx(shapely.get_coordinates(back), abs=1e-9)


def test_parts_of_shared_districts_in_the_south_sum_to_the_district(south):
    districts = south.districts
    checked = 0
    for moment in all_moments(south, per_day=4):
        parts = moment.parts
        for district, rows in parts.groupby("district"):
            total = _geodesic_km2(districts.geometry[district])
            measured = [_geodesic_km2(g) for g in rows.geometry]
            assert sum(measured) == pytest.approx(total, rel=1e-4), (moment.at, district)
            for share, km2 in zip(rows["share"], measured, strict=True):
                assert abs(km2 - share * total) <= 0.01 * total, (moment.at, district)
            checked += 1
    assert checked >= 8  # charlie and delta, split on several moments


def test_front_lengths_in_the_south_match_the_geodesic_length(south):
    parts = parts_for_day(south, "2016-11-19")
    assert (parts["role"] != "whole").any()
    front = front_for_parts(parts, south.adjacency)
    assert front_length_km(front) == pytest.approx(_geodesic_km(front), rel=1e-3)
    assert front_length_km(front, 32755) == pytest.approx(front_length_km(front))
    moment = all_moments(south, per_day=1)[-1]
    assert moment.front_km == pytest.approx(_geodesic_km(moment.front), rel=1e-3)


def test_parts_measured_in_an_equal_area_projection_keep_their_shares(south):
    laea = metric_crs((140.0, -42.0, 150.0, -34.0))  # a layer wider than a zone allows
    assert laea.to_epsg() is None
    inputs = PartsInputs(south.districts, south.adjacency, south.daily, crs=laea)
    p = partitioner(inputs)
    assert p.crs is laea
    assert all(LocalMap(ll, m, laea).exact for ll, m in zip(p.polygons_ll, p.polygons_m))
    for day in ("2016-11-16", "2016-11-19"):
        parts = parts_for_day(inputs, day)
        shared = parts[parts["role"] != "whole"]
        assert len(shared) == 2
        total = _geodesic_km2(south.districts.geometry[shared["district"].iloc[0]])
        for share, geom in zip(shared["share"], shared.geometry, strict=True):
            assert abs(_geodesic_km2(geom) - share * total) <= 0.01 * total, day


def test_validation_measures_holes_and_overlaps_where_the_layer_is(tmp_path):
    folder = tmp_path / "south"
    shutil.copytree(Path(__file__).parent / "fixtures" / "geo" / "three_squares", folder)
    squares = [
        box(145.0 + 0.01 * i, -38.0 + 0.01 * j, 145.01 + 0.01 * i, -37.99 + 0.01 * j)
        for j in range(3)
        for i in range(3)
        if (i, j) != (1, 1)
    ]  # a ring around a hole
    squares[-1] = shapely.affinity.translate(squares[-1], xoff=-0.005)  # overlaps its west
    features = [
        {
            "type": "Feature",
            "properties": {"id": f"d{n}", "name": f"D{n}", "aliases": []},
            "geometry": shapely.geometry.mapping(geom),
        }
        for n, geom in enumerate(squares)
    ]
    districts = {"type": "FeatureCollection", "features": features}
    (folder / "districts.geojson").write_text(json.dumps(districts), encoding="utf-8")
    landmarks = {"type": "FeatureCollection", "features": []}
    (folder / "landmarks.geojson").write_text(json.dumps(landmarks), encoding="utf-8")
    lines = [str(p) for p in validate_geometry(folder)]
    overlap = [line for line in lines if "overlaps" in line]
    hole = [line for line in lines if "hole of" in line]
    assert len(overlap) == 1 and len(hole) == 1, lines
    half = _geodesic_km2(shapely.intersection(squares[-1], squares[-2]))
    assert float(re.search(r"by ([0-9.]+) km²", overlap[0])[1]) == pytest.approx(half, rel=2e-3)
    middle = _geodesic_km2(box(145.01, -37.99, 145.02, -37.98))
    assert float(re.search(r"hole of ([0-9.]+) km²", hole[0])[1]) == pytest.approx(middle, rel=2e-3)
