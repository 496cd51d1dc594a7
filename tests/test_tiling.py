"""geodata.tiling: ids, ring repair, overlaps, gaps, and the Aleppo curation's use of them."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Polygon, box

from geodata import tiling
from geodata.curation import aleppo
from geodata.errors import DataError
from geodata.paths import districts_path
from geodata.projection import metric_crs
from geodata.tiling import (
    Repair,
    give_overlaps_to_first,
    longest_edge_neighbour,
    polygonal,
    read_layer,
    repair_tiling,
    slugify,
    unique_ids,
)
from tests.shared_docs import REFERENCE, SEEDS, require


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Žižkov", "zizkov"),
        ("Holešovice – Bubny", "holesovice-bubny"),
        ("Łódź Bałuty", "lodz-baluty"),
        ("Großer Garten", "grosser-garten"),
        ("Nørrebro", "norrebro"),
        ("Ma’saraniyeh", "masaraniyeh"),
        ("  Sheikh  Sa'eed ", "sheikh-saeed"),
        ("Ørestad (Syd)", "orestad-syd"),
        ("שכונה", ""),
    ],
)
def test_slugify_folds_accents(name, slug):
    assert slugify(name) == slug


def test_slugify_drops_a_prefix_only_when_asked():
    assert slugify("al-Ansari") == "al-ansari"
    assert slugify("al-Ansari", drop_prefix=aleppo.ARTICLE) == "ansari"
    assert aleppo.slugify("as-Sukkari") == "sukkari"
    assert aleppo.district_id("Aleppo Citadel") == "citadel"


def test_unique_ids_suffix_in_order():
    assert unique_ids(["a", "b", "a", "a", "", "a-2"]) == [
        "a",
        "b",
        "a-2",
        "a-3",
        "district-5",
        "a-2-2",
    ]


def test_polygonal_keeps_every_polygon_part():
    bow_tie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    fixed = polygonal(bow_tie)
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon"
    assert fixed.area == pytest.approx(2.0)
    # A collection holding a MultiPolygon and a line: the polygons stay, the line goes.
    mixed = GeometryCollection(
        [MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)]), LineString([(5, 5), (6, 6)])]
    )
    assert polygonal(mixed).area == pytest.approx(2.0)
    assert polygonal(LineString([(0, 0), (1, 1)])).is_empty
    assert polygonal(box(0, 0, 0.05, 0.05)).is_empty  # below MIN_PART_M2


def test_overlaps_stay_with_the_first():
    first, second, third = give_overlaps_to_first(
        [box(0, 0, 2, 2), box(1, 0, 3, 2), box(0, 0, 4, 2)]
    )
    assert first.area == 4 and second.area == 2
    assert third.equals(box(3, 0, 4, 2))


def test_longest_edge_neighbour():
    part = box(1, 1, 2, 1.2)  # 1 m along the bottom one, 0.2 m along the right one
    geoms = [box(0, 0, 3, 1), box(2, 1, 3, 3), part]
    assert longest_edge_neighbour(part, geoms, skip=2) == 0
    assert longest_edge_neighbour(part, geoms[1:2]) == 0  # index within the given list
    assert longest_edge_neighbour(box(10, 10, 11, 11), geoms) is None


def _layer(geoms, names, crs="EPSG:32755"):
    frame = gpd.GeoDataFrame(
        {"name": names, "raw_id": [None] * len(names)}, geometry=geoms, crs=crs
    )
    return frame.to_crs(4326)


def test_repair_tiling_measures_in_the_local_zone():
    x0, y0 = 320000.0, 5790000.0
    layer = _layer(
        [box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 1000, y0, x0 + 2000, y0 + 1000)],
        ["Nord", "Süd"],
    )
    result = repair_tiling(layer)
    assert result.metric_crs.to_epsg() == 32755
    assert list(result.districts["id"]) == ["nord", "sud"]
    assert result.repairs == ()
    assert result.area_km2() == pytest.approx(2.0, rel=1e-6)


def test_repair_tiling_reports_each_repair():
    x0, y0 = 320000.0, 5790000.0
    ring = box(x0, y0, x0 + 300, y0 + 300).difference(box(x0 + 100, y0 + 100, x0 + 120, y0 + 120))
    layer = _layer([ring, box(x0 + 295, y0, x0 + 600, y0 + 300)], ["A", "B"])
    result = repair_tiling(layer)
    assert (
        Repair("b", "overlap with a given to a", pytest.approx(1500.0, rel=1e-6)) in result.repairs
    )
    holes = [r for r in result.repairs if r.what == "hole between districts closed"]
    assert len(holes) == 1 and holes[0].feature == "a"
    assert holes[0].area_m2 == pytest.approx(400.0, rel=1e-6)
    assert str(holes[0]) == "a: hole between districts closed (400.0 m²)"
    metric = result.districts.to_crs(32755)
    assert shapely.union_all(list(metric.geometry)).area == pytest.approx(180_000, rel=1e-6)


def test_repair_tiling_refuses_a_feature_without_area():
    x0, y0 = 320000.0, 5790000.0
    layer = _layer(
        [box(x0, y0, x0 + 100, y0 + 100), Polygon([(x0, y0), (x0 + 1, y0), (x0 + 2, y0)])],
        ["A", "Flat"],
    )
    with pytest.raises(DataError, match=r"feature #1 \(Flat\).*has no area"):
        repair_tiling(layer, where="flat.geojson")


def test_read_layer_reprojects_and_names(tmp_path):
    path = tmp_path / "l.geojson"
    gpd.GeoDataFrame(
        {"Name": ["Café", "Bär"], "code": [7.0, 8.0]},
        geometry=[box(320000, 5790000, 321000, 5791000), box(321000, 5790000, 322000, 5791000)],
        crs=32755,
    ).to_crs(3857).to_file(path)
    layer = read_layer(path, id_field="code")
    assert layer.crs.to_epsg() == 4326
    assert list(layer["name"]) == ["Café", "Bär"]
    assert list(layer["raw_id"]) == ["7", "8"]
    with pytest.raises(DataError, match="no field 'nom'"):
        read_layer(path, name_field="nom")
    with pytest.raises(DataError, match="file not found"):
        read_layer(tmp_path / "none.geojson")


def test_aleppo_curation_uses_the_tiling_steps():
    """The curation's own ring cleaning is the tiling module's, not a copy of it."""
    assert aleppo._clean is tiling.polygonal


def test_aleppo_curation_reproduces_the_shipped_layer(tmp_path):
    """Re-running the curation (which repairs through this module) gives the shipped districts:
    same ids and properties, each outline within 0.5% of its area (byte-identical today)."""
    reference = require(REFERENCE)
    aleppo.main(["--reference", str(reference), "--out", str(tmp_path), "--seeds", str(SEEDS)])
    shipped = gpd.read_file(districts_path(None)).set_index("id")
    rebuilt = gpd.read_file(tmp_path / "districts.geojson").set_index("id")
    assert list(rebuilt.index) == list(shipped.index)
    for column in ("name", "name_ar", "sector", "group", "source"):
        assert list(rebuilt[column]) == list(shipped[column]), column
    crs = metric_crs(shipped)
    old, new = shipped.to_crs(crs).geometry, rebuilt.to_crs(crs).geometry
    changed = new.symmetric_difference(old, align=True).area / old.area
    assert changed.max() < 0.005, changed.idxmax()


def test_a_hole_around_an_island_is_closed_without_covering_the_island():
    x0, y0 = 320000.0, 5790000.0
    ring = box(x0, y0, x0 + 300, y0 + 300).difference(box(x0 + 100, y0 + 100, x0 + 200, y0 + 200))
    island = box(x0 + 140, y0 + 140, x0 + 160, y0 + 160)
    result = repair_tiling(_layer([ring, island], ["Ring", "Island"]))
    metric = result.districts.to_crs(32755).set_index("id")
    assert metric.area["island"] == pytest.approx(400.0, rel=1e-6)
    assert metric.geometry["ring"].intersection(metric.geometry["island"]).area < 1e-6
    assert metric.area.sum() == pytest.approx(90_000, rel=1e-6)
    assert [(r.feature, round(r.area_m2)) for r in result.repairs] == [("ring", 9_600)]


def test_closing_a_sliver_can_enclose_a_hole_that_is_closed_next():
    """Two blocks 30 m apart whose gap is shut at both ends by 4 m slivers: the 30 m street
    only becomes a hole once the slivers are closed."""
    x0, y0 = 320000.0, 5790000.0
    geoms = [
        box(x0, y0, x0 + 100, y0 + 300),
        box(x0 + 130, y0, x0 + 230, y0 + 300),
        box(x0 + 96, y0 + 300, x0 + 134, y0 + 400),  # 4 m from the two blocks' tops
        box(x0 + 96, y0 - 100, x0 + 134, y0),  # and from their bottoms
    ]
    # The plugs sit 4 m off the blocks' sides too: leave them touching only across slivers.
    geoms[2] = geoms[2].difference(box(x0 + 96, y0 + 300, x0 + 134, y0 + 304))
    geoms[3] = geoms[3].difference(box(x0 + 96, y0 - 4, x0 + 134, y0))
    result = repair_tiling(_layer(geoms, ["West", "East", "North", "South"]))
    kinds = [r.what.split()[0] for r in result.repairs]
    assert "sliver" in kinds and "hole" in kinds
    assert kinds.index("hole") > kinds.index("sliver")
    assert all(g.is_valid for g in result.districts.geometry)
    metric = result.districts.to_crs(32755)
    union = shapely.union_all(list(metric.geometry), grid_size=0.01)
    assert union.geom_type == "Polygon" and not union.interiors
