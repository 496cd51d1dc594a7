"""Checks over the shipped Aleppo 2016 district and landmark layers.

These read the GeoJSON files directly with geopandas (not through the geodata API), so they guard
the data itself: tiling, validity, ids, aliases, and a few positions that real geography fixes.
Areas are measured in UTM 37N (EPSG:32637).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon

from tests.shared_docs import REFERENCE, require

DATA = Path(__file__).resolve().parents[1] / "timeline" / "data" / "aleppo_2016"
METRIC = "EPSG:32637"
TOLERANCE_KM2 = 0.01

# The alias table of the shared contract: every name must resolve to an existing district.
CONTRACT_ALIASES = {
    "Tariq al-Bab": "helwaniyeh",
    "Tareeq al-Bab": "helwaniyeh",
    "al-Helwania": "helwaniyeh",
    "Tahhan": "karm-al-myassar",
    "al-Tahhan": "karm-al-myassar",
    "Bab al-Nayrab": "muhammad-bek",
    "Sheikh Lutfi": "maqar-al-anbiyaa",
    "Sheikh Lufti": "maqar-al-anbiyaa",
    "Maadi": "maqar-al-anbiyaa",
    "Inzarat": "haydariyeh",
    "Aqrab": "aqrab",
    "Rashidun": "rashidin",
    "Jamiat al-Zahra": "zahra",
    "Mayssar": "karm-al-myassar",
    "Jazmati": "karm-aj-jazmati",
    "Qaterji": "karm-al-qaterji",
    "al-Qaterrji": "karm-al-qaterji",
    "Fardous": "fardos",
    "Bustan al-Qasr": "bustan-al-qaser",
    "Mashhad": "ansari-mashhad",
    "Sheikh Maqsood": "sheikh-maqsoud",
    "Sheikh Khodr": "sheikh-kheder",
    "Sheikh Khider": "sheikh-kheder",
    "Sheikh Kheder": "sheikh-kheder",
    "Ba'ibdeen": "baaiedeen",
    "Sakhour": "sakhour",
    "Salheen": "salheen",
    "Marjeh": "marjeh",
    "Marjah": "marjeh",
    "Hanano housings": "hanano",
    "Masakin Hanano": "hanano",
}
NEW_IDS = {
    "ard-al-hamra",
    "owaija",
    "handarat",
    "shqayyef",
    "karm-al-trab",
    "sheikh-najjar-old-factories",
    "hallak-fuqani",
    "hallak-tahtani",
    "rashidin",
    "aqrab",
}
LANDMARK_IDS = {
    "aleppo-citadel",
    "zouhor-hill",
    "hill-420",
    "sheikh-najjar-factories",
    "jandoul-factories",
    "hanano-cemetery",
    "talet-barakat",
    "scientific-research-housing",
    "maasaraniyah-youth-housing",
    "sadkop",
    "old-ramouseh",
    "eye-hospital",
    "umayyad-mosque",
    "sakhour-bridge",
    "aleppo-airport",
    "airport-road",
    "queiq-river",
}
SECTORS = {
    "north",
    "north-east",
    "east",
    "south-east",
    "south",
    "south-west",
    "west",
    "north-west",
    "centre",
    "old-city",
}
LANDMARK_KINDS = {
    "hill",
    "factory",
    "cemetery",
    "housing",
    "hospital",
    "mosque",
    "bridge",
    "airport",
    "road",
    "river",
    "fortress",
    "area",
}


def _contract_slug(name: str) -> str:
    """The contract's id rule, written out independently of the curation script."""
    text = unicodedata.normalize("NFKD", name)
    text = re.sub(r"['‘’ʼ]", "", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"^(al|as|ash|ad|aj|an|az|at)-", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@pytest.fixture(scope="session")
def raw_districts() -> dict:
    return json.loads((DATA / "districts.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def districts() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "districts.geojson").set_index("id", drop=False)


@pytest.fixture(scope="session")
def metric(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return districts.to_crs(METRIC)


@pytest.fixture(scope="session")
def landmarks() -> gpd.GeoDataFrame:
    return gpd.read_file(DATA / "landmarks.geojson").set_index("id", drop=False)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _union(metric: gpd.GeoDataFrame):
    return shapely.union_all(list(metric.geometry))


def test_file_is_rfc7946_sorted_and_rounded(raw_districts: dict) -> None:
    assert raw_districts["type"] == "FeatureCollection"
    assert "crs" not in raw_districts
    ids = [f["id"] for f in raw_districts["features"]]
    assert ids == sorted(ids)
    for feature in raw_districts["features"]:
        assert feature["properties"]["id"] == feature["id"]
        for x, y in shapely.get_coordinates(shapely.geometry.shape(feature["geometry"])):
            assert round(x, 6) == x and round(y, 6) == y
            assert 36.9 < x < 37.4 and 36.0 < y < 36.4


def test_geometries_valid_and_polygonal(districts: gpd.GeoDataFrame) -> None:
    assert districts.crs.to_epsg() == 4326
    assert districts.is_valid.all()
    assert not districts.is_empty.any()
    assert set(districts.geom_type) <= {"Polygon", "MultiPolygon"}


def test_districts_tile_without_overlaps(metric: gpd.GeoDataFrame) -> None:
    union = _union(metric)
    overlap_km2 = (metric.area.sum() - union.area) / 1e6
    assert overlap_km2 < TOLERANCE_KM2


def test_no_holes_inside_the_outline(metric: gpd.GeoDataFrame) -> None:
    union = _union(metric)
    outline = shapely.union_all([Polygon(p.exterior) for p in shapely.get_parts(union)])
    hole_km2 = (outline.area - union.area) / 1e6
    assert hole_km2 < TOLERANCE_KM2


def test_no_slivers_or_crumbs(metric: gpd.GeoDataFrame) -> None:
    for did, geom in metric.geometry.items():
        for part in shapely.get_parts(geom):
            assert part.area >= 1000.0, f"{did} has a crumb of {part.area:.0f} m²"
            # A sliver is long and thin: compare its area to that of a circle of equal perimeter.
            compact = 4 * 3.141592653589793 * part.area / part.length**2
            assert compact > 0.02, f"{did} has a sliver part (compactness {compact:.3f})"


def test_ids_unique_and_follow_the_contract(districts: gpd.GeoDataFrame) -> None:
    ids = list(districts["id"])
    assert len(ids) == len(set(ids))
    assert len(ids) >= 120
    assert "trab-al-hellok" not in ids
    assert set(ids) >= NEW_IDS
    for did in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", did), did


def test_every_csr_name_has_its_district(districts: gpd.GeoDataFrame) -> None:
    ids = set(districts["id"])
    expected = {"sheikh-saeed", "sheikh-maqsoud", "haydariyeh", "sakhour-i", "karm-aj-jazmati"}
    assert expected <= ids
    for did, row in districts.iterrows():
        aliases = list(row["aliases"])
        csr_like = [a for a in aliases if _contract_slug(a) == did]
        if did not in NEW_IDS and did != "citadel":
            assert csr_like, f"{did}: no alias slugs to its id"


def test_properties_complete(districts: gpd.GeoDataFrame) -> None:
    for did, row in districts.iterrows():
        assert row["name"] and row["name_ar"], did
        assert isinstance(list(row["aliases"]), list) and len(row["aliases"]) >= 1, did
        assert row["sector"] in SECTORS, did
        assert _missing(row["group"]) or row["group"] == "old-city", did
        assert row["source"], did
    for did in NEW_IDS:
        assert districts.loc[did, "source"].split(":")[0] in {"new", "new, low confidence", "split"}


def test_known_arabic_fixes(districts: gpd.GeoDataFrame) -> None:
    assert districts.loc["ayn-at-tal", "name_ar"] == "عين التل"
    assert districts.loc["asileh", "name_ar"] == "القصيلة"
    assert districts.loc["besel", "name_ar"]
    assert "عين التينة" not in list(districts.loc["ayn-at-tal", "aliases"])


def test_contract_aliases_resolve(districts: gpd.GeoDataFrame) -> None:
    for alias, did in CONTRACT_ALIASES.items():
        assert did in districts.index, did
        assert alias in list(districts.loc[did, "aliases"]), (alias, did)


def test_repaired_seed_spelling_is_an_alias(districts: gpd.GeoDataFrame) -> None:
    aliases = list(districts.loc["maasaraniyeh-youth-housing", "aliases"])
    assert "al-Ma’saraniyah" in aliases
    assert not any("â€" in a for row in districts["aliases"] for a in row)


def test_old_city_group(districts: gpd.GeoDataFrame, landmarks: gpd.GeoDataFrame) -> None:
    members = set(districts.index[districts["group"] == "old-city"])
    assert {"citadel", "souq-al-madina", "farafra", "bab-qinnasrin"} <= members
    citadel = landmarks.loc["aleppo-citadel", "geometry"]
    holder = districts[districts.contains(citadel)]
    assert len(holder) == 1 and holder["group"].iloc[0] == "old-city"


def test_positions_relative_to_old_city(metric: gpd.GeoDataFrame) -> None:
    old = shapely.union_all(list(metric.geometry[metric["group"] == "old-city"])).centroid
    maqsoud = metric.geometry["sheikh-maqsoud"].centroid
    saeed = metric.geometry["sheikh-saeed"].centroid
    hanano = metric.geometry["hanano"].centroid
    assert maqsoud.y > old.y
    assert saeed.y < old.y
    assert hanano.y > old.y and hanano.x > old.x


def test_queiq_separates_sukkari_from_sheikh_saeed(
    metric: gpd.GeoDataFrame, landmarks: gpd.GeoDataFrame
) -> None:
    river = landmarks.to_crs(METRIC).loc["queiq-river", "geometry"]
    sukkari = metric.geometry["sukkari"].centroid
    saeed = metric.geometry["sheikh-saeed"].centroid
    # The straight line between the two centroids must cross the river once ...
    crossing = LineString([sukkari, saeed]).intersection(river)
    assert not crossing.is_empty
    # ... and at each one's northing the river runs east of Sukkari and west of Sheikh Saeed.
    for point, river_is_east in ((sukkari, True), (saeed, False)):
        minx, _, maxx, _ = river.bounds
        probe = LineString([(minx - 1, point.y), (maxx + 1, point.y)]).intersection(river)
        xs = [g.x for g in shapely.get_parts(probe)]
        assert xs, "the river does not reach this northing"
        assert (min(xs) > point.x) if river_is_east else (max(xs) < point.x)


def test_river_runs_on_district_edges(
    metric: gpd.GeoDataFrame, landmarks: gpd.GeoDataFrame
) -> None:
    river = landmarks.to_crs(METRIC).loc["queiq-river", "geometry"]
    boundaries = shapely.STRtree(list(metric.geometry.boundary))
    samples = [river.interpolate(d) for d in range(0, int(river.length), 20)]
    _, dist = boundaries.query_nearest(samples, return_distance=True, all_matches=False)
    near = sum(1 for d in dist if d <= 15)
    assert near > 0.85 * len(samples)


def test_area_sum_equals_union(metric: gpd.GeoDataFrame) -> None:
    assert abs(metric.area.sum() - _union(metric).area) / 1e6 < TOLERANCE_KM2


def test_new_districts_keep_their_place(metric: gpd.GeoDataFrame) -> None:
    hanano = metric.geometry["hanano"].centroid
    for did in ("ard-al-hamra", "owaija", "handarat", "shqayyef"):
        assert metric.geometry[did].centroid.y > hanano.y, did
    fuqani = metric.geometry["hallak-fuqani"]
    tahtani = metric.geometry["hallak-tahtani"]
    assert fuqani.centroid.y > tahtani.centroid.y
    assert abs(fuqani.area - tahtani.area) < 0.02 * (fuqani.area + tahtani.area)


def test_south_western_outskirts_meet_the_city(metric: gpd.GeoDataFrame) -> None:
    """Rashidin and Aqrab lie west of New Aleppo and Tishreen and share real edges with them."""
    for did, neighbours in (("rashidin", ("new-aleppo", "aqrab")), ("aqrab", ("tishreen",))):
        geom = metric.geometry[did]
        assert geom.centroid.x < metric.geometry["new-aleppo"].centroid.x, did
        for other in neighbours:
            shared = geom.boundary.intersection(metric.geometry[other].boundary.buffer(1.0))
            assert shared.length > 500, (did, other, shared.length)
            assert geom.intersection(metric.geometry[other]).area < 1.0, (did, other)
    assert metric.geometry["rashidin"].centroid.y > metric.geometry["aqrab"].centroid.y
    point = gpd.GeoSeries([Point(37.070193, 36.207071)], crs=4326).to_crs(METRIC).iloc[0]
    assert metric.geometry["rashidin"].contains(point)  # UNOSAT's Al Rashida median


def test_landmarks(landmarks: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> None:
    assert set(landmarks.index) == LANDMARK_IDS
    assert landmarks.is_valid.all()
    for lid, row in landmarks.iterrows():
        assert row["kind"] in LANDMARK_KINDS, lid
        assert row["name"] and len(row["aliases"]) >= 1, lid
        if not _missing(row["district"]):
            assert row["district"] in districts.index, lid
            assert districts.loc[row["district"], "geometry"].contains(row["geometry"]), lid
    assert set(landmarks.loc[["queiq-river", "airport-road"], "geometry"].geom_type) == {
        "LineString"
    }
    assert landmarks.loc["aleppo-citadel", "geometry"].equals(Point(37.162975, 36.199214))


def test_every_reference_name_is_a_district(districts: gpd.GeoDataFrame) -> None:
    """Each of the 126 CSR names gives one district (Trab al-Hellok gives the two Hallak halves)."""
    require(REFERENCE)
    csr = gpd.read_file(REFERENCE / "aleppo_neighbourhoods_csr_dissolved.geojson")
    assert csr["csr_name"].nunique() == 126
    for name in csr["csr_name"]:
        did = "citadel" if name == "Aleppo Citadel" else _contract_slug(name)
        if did == "trab-al-hellok":
            assert {"hallak-fuqani", "hallak-tahtani"} <= set(districts.index)
        else:
            assert did in districts.index, name
    # + the Citadel, 6 new districts of the first curation stage, Rashidin and Aqrab.
    assert len(districts) == 126 + 1 + 6 + 2
