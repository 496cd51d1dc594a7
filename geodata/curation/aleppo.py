"""Build the curated Aleppo 2016 district and landmark layers from the reference geodata.

Run from the repository root::

    .venv/bin/python -m geodata.curation.aleppo --reference /work/shared/geodata-reference

which writes into the bundled scenario's folder, ``timeline/data/aleppo_2016/`` (``--out``
picks another).

This is a one-off curation script, not imported at runtime. It reads the Columbia CSR
neighbourhood polygons (after UN-Habitat 2013) and the UNITAR-UNOSAT derived hulls, applies the
judgement calls written down as constants below (each with its reason), closes the street and
river gaps so that the districts tile the study area, and writes ``districts.geojson`` and
``landmarks.geojson`` (EPSG:4326, RFC 7946, coordinates rounded to 6 decimals).

Geometry work is done in the metric CRS :func:`geodata.projection.metric_crs` chooses for the
city (UTM 37N, EPSG:32637) so that buffers, areas and distances are metric.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import shapely.ops
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping

from geodata import tiling
from geodata.curation.aleppo_southwest import add_southwest
from geodata.errors import DataError
from geodata.paths import DEFAULT_SCENARIO, scenario_dir
from geodata.projection import metric_crs
from geodata.text import repair_mojibake

WGS84 = "EPSG:4326"
CITADEL_LONLAT = (37.162975, 36.199214)  # csr_cultural_heritage_points.geojson "Citadel"
METRIC_CRS = metric_crs(Point(*CITADEL_LONLAT))  # the city's UTM zone, 37N (EPSG:32637)

# Gap allocation: district boundaries are sampled every SAMPLE_STEP metres and the gap space
# (streets, river corridor, unmapped holes) goes to the district owning the nearest sample.
SAMPLE_STEP_M = 8.0
# Parts of a district smaller than this (m²) are crumbs and merge into the neighbour they touch
# most; gap-only parts up to GAP_PART_MAX_M2 that are cut off from their district do the same.
CRUMB_M2 = 1000.0
GAP_PART_MAX_M2 = 60000.0
# Reach of the bridges that join the new districts to each other and to the CSR outline.
GLUE_RADIUS_M = 400.0
# Coverage simplification of the voronoi staircase along former streets (metres).
SIMPLIFY_M = 2.0

# ---------------------------------------------------------------------------------------------
# New districts. The UNOSAT hulls (convex hulls of 2015 damage points) guide the four northern
# outskirts; overlaps between hulls are split by the nearest UNOSAT median point, and everything
# already covered by a CSR neighbourhood stays with CSR.
NORTHERN_HULLS = {
    "ard-al-hamra": "Ard Al-Hamra",
    "owaija": "Owaija",
    "handarat": "Handarat",
    "shqayyef": "Shqayyef Industrial Area",
}

# Karm al-Trab: CSR leaves the built-up strip east of Karm aj-Jazmati towards the airport
# uncovered. UNOSAT's "Al Myassar Jazmati" damage hull spills into that strip; we take the part
# of the hull outside CSR coverage and inside this box (lon/lat), i.e. east of Jazmati, north of
# the airport fence and south of al-Besel. Low confidence: no source delineates Karm al-Trab.
KARM_AL_TRAB_BOX = (37.2085, 36.1885, 37.2290, 36.2010)

# The old Sheikh Najjar factories (fought over 19-21 Nov 2016) are not the industrial city CSR
# calls "Sheikh Najjar" but the older factory belt north-east of Hanano, towards Zouhor hill,
# between Hanano, Ard al-Hamra and the industrial city. Hand-digitised (lon/lat) on the CSR and
# UNOSAT layers; the parts overlapping CSR or Ard al-Hamra are cut away.
OLD_FACTORIES_OUTLINE = (
    (37.2190, 36.2370),
    (37.2330, 36.2372),
    (37.2420, 36.2450),
    (37.2450, 36.2560),
    (37.2380, 36.2620),
    (37.2250, 36.2600),
    (37.2200, 36.2500),
)

# ---------------------------------------------------------------------------------------------
# Old City group. Rule: a district belongs to the walled Old City if its label point lies inside
# the wall ring, approximated by the convex hull of the gate points (csr_cultural_heritage_points
# "Bab ..." entries and the "City Wall" point) plus the two eastern gates CSR does not list, grown
# by WALL_MARGIN_M to stand for the wall and glacis. The Citadel and the quarters listed in
# OLD_CITY_CORE are members in any case (they are the historic intra-muros quarters).
EXTRA_GATES_LONLAT = (
    (37.1705, 36.1990),  # Bab al-Ahmar, east wall (approximate; not in the CSR points)
    (37.1690, 36.1925),  # Bab al-Nayrab, south-east corner (approximate; not in the CSR points)
)
WALL_MARGIN_M = 60.0
OLD_CITY_CORE = (
    "souq-al-madina",
    "farafra",
    "bab-qinnasrin",
    "qalet-ash-sharif",
    "sahet-bizzeh",
    "bayyada",
    "altunbogha",
    "aghyor",
    "qastal-mosht",
    "dallaleen",
    "almaji",
    "aajam",
    "asileh",
    "jalloum",
    "ballat",
    "dudu",
    "citadel",
)
CENTRE_RADIUS_M = 800.0

# ---------------------------------------------------------------------------------------------
# Queiq river, hand-digitised (lon/lat) along the middle of the CSR gap corridor, north to south:
# down the east edge of Sheikh Maqsoud (facing Ayn at-Tal and Trab al-Hellok), the meander
# between the Syriac quarter / Sheikh Taha and al-Suleimaniyeh, past the east side of the Public
# Park and Jamal Abd an-Naser park, west between al-Masharqa and Bustan az-Zahra, south down the
# wide valley between al-Ansari / az-Zebdiyeh and Bustan az-Zahra / Bustan al-Qaser, then
# between as-Sukkari (west bank) and Karm ad-Da'ada'a / Sheikh Sa'eed (east bank), and out
# between Sheikh Sa'eed and the Ramouseh industrial districts. The CSR gap corridor is the
# evidence: it is the only continuous wide gap running north-south through the city.
QUEIQ_LONLAT = (
    (37.160824, 36.247330),
    (37.160363, 36.243266),
    (37.160066, 36.236952),
    (37.160415, 36.231549),
    (37.159900, 36.225050),
    (37.158079, 36.222048),
    (37.155373, 36.218851),
    (37.152980, 36.216561),
    (37.151931, 36.213840),
    (37.151088, 36.211844),
    (37.149102, 36.211182),
    (37.147463, 36.209895),
    (37.147441, 36.206109),
    (37.147415, 36.202503),
    (37.147611, 36.198900),
    (37.142487, 36.199271),
    (37.136699, 36.199452),
    (37.137246, 36.195133),
    (37.138486, 36.189744),
    (37.140615, 36.184369),
    (37.144537, 36.183077),
    (37.147168, 36.179963),
    (37.146941, 36.175453),
    (37.145358, 36.171822),
    (37.143766, 36.168643),
    (37.145015, 36.162803),
    (37.146788, 36.158323),
    (37.149138, 36.152951),
)


# The waypoints above are only a guide: the shipped line is pulled onto the shared edges of these
# (west bank, east bank) district pairs, which is where the tiling put the middle of the corridor.
# Reading the corridor this way puts al-Masharqa, al-Ansari, az-Zebdiyeh, Ansari Sharqi and
# as-Sukkari on the west bank and Bustan az-Zahra, Bustan al-Qaser, al-Kallaseh, al-Fardos and
# Sheikh Sa'eed on the east bank (the Masharqa - Bustan al-Qasr crossing ran over the river).
QUEIQ_BANKS = (
    ("sheikh-maqsoud", "ayn-at-tal"),
    ("sheikh-maqsoud", "hallak-fuqani"),
    ("sheikh-maqsoud", "hallak-tahtani"),
    ("sheikh-maqsoud", "bustan-al-basha"),
    ("siryan-syriac-quarter", "bustan-al-basha"),
    ("siryan-syriac-quarter", "suleimaniyeh"),
    ("sheikh-taha", "suleimaniyeh"),
    ("sheikh-taha", "ourubeh"),
    ("the-public-park", "ourubeh"),
    ("the-public-park", "aziziyeh"),
    ("jamal-abd-an-naser-park", "aziziyeh"),
    ("jamal-abd-an-naser-park", "aqabeh"),
    ("masharqa", "bustan-az-zahra"),
    ("masharqa", "jamal-abd-an-naser-park"),
    ("ansari", "bustan-az-zahra"),
    ("zebdiyeh", "bustan-az-zahra"),
    ("zebdiyeh", "bustan-al-qaser"),
    ("ansari-sharqi", "bustan-al-qaser"),
    ("ansari-sharqi", "fardos"),
    ("ansari-sharqi", "karm-ad-daadaa"),
    ("sukkari", "karm-ad-daadaa"),
    ("sukkari", "sheikh-saeed"),
    ("tal-az-zarazir", "sheikh-saeed"),
    ("ramouseh-industrial-district-ii", "sheikh-saeed"),
    ("ramouseh-industrial-district-iii", "sheikh-saeed"),
)
QUEIQ_STEP_M = 30.0
QUEIQ_SNAP_M = 400.0
# The outline leaves the river valley west of Sheikh Sa'eed outside; it is filled (closing with
# this radius, kept within RIVER_FILL_M of the guide) so that both banks meet on the river.
RIVER_CLOSE_M = 400.0
RIVER_FILL_M = 350.0


ARTICLE = r"^(al|as|ash|ad|aj|an|az|at)-"


def slugify(name: str) -> str:
    """District id of a CSR name, per the shared contract (NFKD to ASCII, one article dropped)."""
    return tiling.slugify(name, drop_prefix=ARTICLE)


def district_id(csr_name: str) -> str:
    """Contract id of a CSR name, including the Citadel override."""
    return "citadel" if csr_name == "Aleppo Citadel" else slugify(csr_name)


def _to_metric(geom, src=WGS84):
    return gpd.GeoSeries([geom], crs=src).to_crs(METRIC_CRS).iloc[0]


def _lonlat_poly(coords: Iterable[tuple[float, float]]) -> Polygon:
    return _to_metric(Polygon(list(coords)))


def _largest_parts(geom, min_area: float = 1.0):
    parts = [p for p in getattr(geom, "geoms", [geom]) if p.area >= min_area]
    return MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else Polygon())


_clean = tiling.polygonal


def load_csr(reference: Path) -> gpd.GeoDataFrame:
    """The 126 dissolved CSR neighbourhoods in the metric CRS, with their contract ids."""
    gdf = gpd.read_file(reference / "aleppo_neighbourhoods_csr_dissolved.geojson")
    if len(gdf) != 126 or gdf["csr_name"].duplicated().any():
        raise DataError(
            "expected 126 distinct csr_name values",
            where="aleppo_neighbourhoods_csr_dissolved.geojson",
            hint="use the reference file described in the reference README",
        )
    gdf = gdf.to_crs(METRIC_CRS)
    gdf["id"] = gdf["csr_name"].map(district_id)
    gdf["geometry"] = [_clean(g) for g in gdf.geometry]
    # CSR features overlap by a few m² (Ba'aiedeen / Sheikh Kheder): first in id order keeps it.
    gdf = gdf.sort_values("id").reset_index(drop=True)
    gdf["geometry"] = tiling.give_overlaps_to_first(list(gdf.geometry))
    return gdf


def new_districts(reference: Path, csr_union) -> dict[str, object]:
    """Geometry (metric) of the districts CSR lacks, clipped so they overlap nothing in CSR."""
    hulls = gpd.read_file(reference / "unosat_named_area_hulls.geojson").to_crs(METRIC_CRS)
    by_name = {row.unosat_name: row for row in hulls.itertuples()}
    medians = {
        did: _to_metric(Point(by_name[name].median_lon, by_name[name].median_lat))
        for did, name in NORTHERN_HULLS.items()
    }
    out: dict[str, object] = {}
    for did, name in NORTHERN_HULLS.items():
        hull = by_name[name].geometry
        for other, point in medians.items():
            if other == did:
                continue
            # Keep only the side of the hull nearer to this area's own median point.
            mine = medians[did]
            mid = ((mine.x + point.x) / 2, (mine.y + point.y) / 2)
            nx, ny = point.x - mine.x, point.y - mine.y
            far = 50000.0
            half = Polygon(
                [
                    (mid[0] - ny * far, mid[1] + nx * far),
                    (mid[0] + ny * far, mid[1] - nx * far),
                    (mid[0] + ny * far - nx * far, mid[1] - nx * far - ny * far),
                    (mid[0] - ny * far - nx * far, mid[1] + nx * far - ny * far),
                ]
            )
            hull = hull.intersection(half)
        out[did] = _clean(hull.difference(csr_union))
    jazmati = by_name["Al Myassar Jazmati"].geometry
    trab_box = _to_metric(box(*KARM_AL_TRAB_BOX))
    out["karm-al-trab"] = _largest_parts(
        _clean(jazmati.intersection(trab_box).difference(csr_union)), 5000.0
    )
    factories = _lonlat_poly(OLD_FACTORIES_OUTLINE).difference(csr_union)
    out["sheikh-najjar-old-factories"] = _clean(factories.difference(out["ard-al-hamra"]))
    for did, geom in out.items():
        if geom.is_empty:
            raise DataError(
                f"new district {did} came out empty",
                where="unosat_named_area_hulls.geojson",
                hint="check the hull names in NORTHERN_HULLS and the hand outlines",
            )
    return out


def _bridge(a, b, reach: float):
    """Straight-sided fill between the facing parts of two nearby shapes (hull of those parts)."""
    near_a = a.intersection(b.buffer(reach))
    near_b = b.intersection(a.buffer(reach))
    return near_a.union(near_b).convex_hull


def study_area(reference: Path, extra: Iterable) -> object:
    """The CSR outline, holes filled, extended by the new districts and the river valley.

    Each new district is joined to every shape within GLUE_RADIUS_M of it (other new districts
    and the three outline parts) by the hull of their facing parts, so the northern outskirts
    and Karm al-Trab connect to the city without round closing artefacts.
    """
    outline = gpd.read_file(reference / "aleppo_outline_from_csr.geojson").to_crs(METRIC_CRS)
    parts = [Polygon(p.exterior) for p in shapely.get_parts(outline.geometry.iloc[0])]
    added = [g for g in extra if not g.is_empty]
    bridges = []
    for i, a in enumerate(added):
        # New districts are neighbours of each other (the hulls only stop where the damage
        # points do), so they bridge over twice the distance allowed towards the CSR outline.
        pairs = [(b, 2 * GLUE_RADIUS_M) for b in added[i + 1 :]] + [
            (b, GLUE_RADIUS_M) for b in parts
        ]
        for b, reach in pairs:
            if a.distance(b) < reach:
                bridges.append(_bridge(a, b, reach))
    combined = shapely.union_all(parts + added + bridges)
    guide = _to_metric(LineString(QUEIQ_LONLAT))
    river_closed = combined.buffer(RIVER_CLOSE_M).buffer(-RIVER_CLOSE_M)
    valley = river_closed.difference(combined).intersection(guide.buffer(RIVER_FILL_M))
    area = _clean(combined.union(valley))
    return shapely.union_all([Polygon(p.exterior) for p in shapely.get_parts(area)])


def _boundary_samples(ids: list[str], geoms: list) -> tuple[np.ndarray, np.ndarray]:
    coords, labels = [], []
    for idx, geom in enumerate(geoms):
        ring = shapely.segmentize(geom.boundary, SAMPLE_STEP_M)
        pts = shapely.get_coordinates(ring)
        coords.append(pts)
        labels.append(np.full(len(pts), idx))
    xy = np.vstack(coords)
    lab = np.concatenate(labels)
    _, first = np.unique(np.round(xy, 3), axis=0, return_index=True)
    first.sort()
    return xy[first], lab[first]


def tile(ids: list[str], geoms: list, area) -> list:
    """Share the gap space inside ``area`` out to the nearest district (voronoi of boundaries)."""
    union = shapely.union_all(geoms)
    gap = _clean(area.difference(union))
    xy, lab = _boundary_samples(ids, geoms)
    points = shapely.points(xy)
    cells = shapely.voronoi_polygons(
        shapely.multipoints(points), extend_to=area.envelope.buffer(1000), ordered=True
    )
    cells = np.asarray(shapely.get_parts(cells))
    tree = shapely.STRtree(cells)
    hit = tree.query(gap, predicate="intersects")
    shares: dict[int, list] = {}
    for cell_idx in hit:
        shares.setdefault(int(lab[cell_idx]), []).append(cells[cell_idx])
    result = []
    for idx, geom in enumerate(geoms):
        extra = shapely.union_all(shares.get(idx, [])).intersection(gap)
        result.append(_clean(geom.union(extra)))
    return _merge_crumbs(ids, result, geoms)


def _merge_crumbs(ids: list[str], geoms: list, originals: list) -> list:
    """Hand parts that are crumbs (or cut-off gap pieces) to the neighbour they touch most."""
    geoms = list(geoms)
    for _ in range(3):
        moved = False
        for idx, geom in enumerate(geoms):
            parts = sorted(shapely.get_parts(geom), key=lambda p: -p.area)
            if len(parts) < 2:
                continue
            keep = [parts[0]]
            for part in parts[1:]:
                own = part.intersection(originals[idx]).area
                if part.area >= CRUMB_M2 and (own > 0.5 * part.area or part.area > GAP_PART_MAX_M2):
                    keep.append(part)
                    continue
                best = tiling.longest_edge_neighbour(part, geoms, skip=idx)
                if best is None:
                    keep.append(part)
                    continue
                geoms[best] = _clean(geoms[best].union(part))
                moved = True
            geoms[idx] = shapely.union_all(keep)
        if not moved:
            break
    return geoms


def split_by_latitude(geom) -> tuple[object, object]:
    """Cut ``geom`` with an east-west line at the northing that halves its area (bisection)."""
    minx, miny, maxx, maxy = geom.bounds
    lo, hi = miny, maxy
    for _ in range(60):
        mid = (lo + hi) / 2
        south = geom.intersection(box(minx - 1, miny - 1, maxx + 1, mid)).area
        if south < geom.area / 2:
            lo = mid
        else:
            hi = mid
    cut = (lo + hi) / 2
    north = _clean(geom.intersection(box(minx - 1, cut, maxx + 1, maxy + 1)))
    south = _clean(geom.intersection(box(minx - 1, miny - 1, maxx + 1, cut)))
    return north, south


def old_city_ids(reference: Path, ids: list[str], geoms: list) -> set[str]:
    """Districts of the walled Old City (see the rule next to OLD_CITY_CORE)."""
    points = gpd.read_file(reference / "csr_cultural_heritage_points.geojson")
    gates = points[
        points["FACILITY_N"].str.match(r"^(Bab |City Wall)")
        & ~points["FACILITY_N"].str.contains("Clock")
    ]
    coords = [(p.x, p.y) for p in gates.geometry] + list(EXTRA_GATES_LONLAT)
    ring = _to_metric(shapely.MultiPoint(coords).convex_hull).buffer(WALL_MARGIN_M)
    inside = {
        did for did, g in zip(ids, geoms, strict=True) if ring.contains(g.representative_point())
    }
    missing = set(OLD_CITY_CORE) - set(ids)
    if missing:
        raise DataError(
            f"unknown ids {sorted(missing)}",
            where="OLD_CITY_CORE",
            hint="use ids that exist in the district layer",
        )
    return inside | set(OLD_CITY_CORE)


def sector_of(point, citadel, old_city: bool) -> str:
    """Sector from bearing and distance to the Citadel (metric coordinates)."""
    if old_city:
        return "old-city"
    dx, dy = point.x - citadel.x, point.y - citadel.y
    if math.hypot(dx, dy) < CENTRE_RADIUS_M:
        return "centre"
    bearing = (math.degrees(math.atan2(dx, dy)) + 360.0) % 360.0
    labels = (
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    )
    return labels[int(((bearing + 22.5) % 360) // 45)]


def _round_geom(geom):
    geom = shapely.set_precision(geom, 1e-6)
    geom = shapely.orient_polygons(geom) if geom.geom_type != "LineString" else geom

    return shapely.transform(geom, lambda xy: np.round(xy, 6))


def _feature(fid: str, props: dict, geom) -> dict:
    return {
        "type": "Feature",
        "id": fid,
        "properties": {"id": fid, **props},
        "geometry": mapping(geom),
    }


def _write(path: Path, features: list[dict]) -> None:
    features = sorted(features, key=lambda f: f["id"])
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":"))
    # One feature per line keeps diffs readable.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    path.write_text(text + "\n", encoding="utf-8")


def build_districts(reference: Path, seeds: Path | None) -> tuple[gpd.GeoDataFrame, object]:
    """All district geometries and properties (metric CRS), plus the study area."""
    csr = load_csr(reference)
    csr_union = shapely.union_all(list(csr.geometry))
    added = new_districts(reference, csr_union)
    area = study_area(reference, list(added.values()))
    ids = list(csr["id"]) + list(added)
    geoms = [g.intersection(area) for g in csr.geometry] + [
        g.intersection(area) for g in added.values()
    ]
    tiled = tile(ids, geoms, area)
    split_idx = ids.index("trab-al-hellok")
    north, south = split_by_latitude(tiled[split_idx])
    ids = ids[:split_idx] + ids[split_idx + 1 :] + ["hallak-fuqani", "hallak-tahtani"]
    tiled = tiled[:split_idx] + tiled[split_idx + 1 :] + [north, south]
    simplified = shapely.coverage_simplify(np.asarray(tiled, dtype=object), SIMPLIFY_M)
    tiled = [_clean(g) for g in simplified]
    old_city = old_city_ids(reference, ids, tiled)
    citadel = _to_metric(Point(*CITADEL_LONLAT))
    csr_rows = {row.id: row for row in csr.itertuples()}
    table = district_table(reference, seeds, csr_rows)
    rows = []
    for did, geom in zip(ids, tiled, strict=True):
        info = table[did]
        rows.append(
            {
                "id": did,
                "name": info["name"],
                "name_ar": info["name_ar"],
                "aliases": info["aliases"],
                "sector": sector_of(geom.representative_point(), citadel, did in old_city),
                "group": "old-city" if did in old_city else None,
                "ocha_code": info["ocha_code"],
                "source": info["source"],
                "geometry": geom,
            }
        )
    gdf = gpd.GeoDataFrame(rows, crs=METRIC_CRS).sort_values("id").reset_index(drop=True)
    return gdf, area


def _none_if_missing(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return None if value == "" else value


def write_districts(gdf: gpd.GeoDataFrame, out: Path) -> None:
    """Write ``districts.geojson`` (EPSG:4326, rounded, sorted by id)."""
    wgs = gdf.to_crs(WGS84)
    features = []
    for row in wgs.itertuples():
        props = {
            key: _none_if_missing(getattr(row, key))
            for key in ("name", "name_ar", "aliases", "sector", "group", "ocha_code", "source")
        }
        features.append(_feature(row.id, props, _round_geom(row.geometry)))
    _write(out / "districts.geojson", features)


def queiq_line(districts: gpd.GeoDataFrame) -> LineString:
    """The Queiq river (lon/lat): the waypoint guide pulled onto the bank pairs' shared edges."""
    geoms = districts.set_index("id").geometry
    edges = []
    for west, east in QUEIQ_BANKS:
        shared = geoms[west].buffer(0.5).intersection(geoms[east].buffer(0.5))
        if not shared.is_empty:
            edges.append(shared)
    banks = shapely.union_all(edges)
    guide = _to_metric(LineString(QUEIQ_LONLAT))
    steps = np.arange(0.0, guide.length, QUEIQ_STEP_M)
    coords = []
    for dist in [*steps, guide.length]:
        point = guide.interpolate(dist)
        if banks.distance(point) <= QUEIQ_SNAP_M:
            point = shapely.ops.nearest_points(banks, point)[0]
        coords.append((point.x, point.y))
    line = LineString(coords).simplify(3.0)
    return gpd.GeoSeries([line], crs=METRIC_CRS).to_crs(WGS84).iloc[0]


# ---------------------------------------------------------------------------------------------
# Names. English ``name`` is the form the narrative (seed 002) uses where it names the place;
# otherwise the CSR transliteration.
NARRATIVE_NAMES = {
    "ard-al-hamra": "Ard al-Hamra",
    "ayn-at-tal": "Ayn al-Tal",
    "baaiedeen": "Ba'ibdeen",
    "bustan-al-basha": "Bustan al-Basha",
    "bustan-al-qaser": "Bustan al-Qasr",
    "citadel": "Aleppo Citadel",
    "dahret-awwad": "Dahret Awwad",
    "fardos": "Fardous",
    "hallak-fuqani": "Hallak Fuqani",
    "hallak-tahtani": "Hallak Tahtani",
    "haydariyeh": "Haydariyah",
    "helwaniyeh": "al-Helwaniyah",
    "karm-aj-jabal": "Karm al-Jabal",
    "karm-aj-jazmati": "al-Jazmati",
    "karm-al-myassar": "Mayssar",
    "karm-al-trab": "Karm al-Trab",
    "maasaraniyeh-youth-housing": "Ma'saraniyah Youth Housing",
    "marjeh": "Marjeh",
    "salheen": "Salheen",
    "sakhour": "Sakhour",
    "shaar": "Sha'ar",
    "sheikh-fares": "Sheikh Fares",
    "sheikh-kheder": "Sheikh Kheder",
    "sheikh-maqsoud": "Sheikh Maqsood",
    "sheikh-saeed": "Sheikh Saeed",
    "sukkari": "Sukkari",
    "zahra": "Jamiat al-Zahra",
    "handarat": "Handarat",
    "owaija": "Owaija",
    "shqayyef": "Shqayyef",
    "sheikh-najjar-old-factories": "Old Sheikh Najjar factories",
}

# Arabic fixes and additions (CSR NAME_A is used otherwise).
NAME_AR_FIXES = {
    # CSR labels Ayn at-Tal عين التينة ("spring of the fig tree"), a different place name; the
    # transliteration, the names file alternative مساكن عين التل and OCHA all say عين التل.
    "ayn-at-tal": "عين التل",
    # al-Asileh: the names file offers only القصيلة / القصيله (plus an unrelated حي المعادي). In
    # Aleppine Arabic ق is spoken as a glottal stop, so "al-Asileh" is the local pronunciation of
    # al-Qasileh; no source spells it الأصيلة. We keep القصيلة (CSR was right).
    "asileh": "القصيلة",
    # al-Besel has no Arabic in CSR or the names file; the OCHA/IOM list calls it "Al-Basel",
    # which is written الباسل. Inferred, medium confidence.
    "besel": "الباسل",
    "hallak-fuqani": "الهلك الفوقاني",
    "hallak-tahtani": "الهلك التحتاني",
    "ard-al-hamra": "أرض الحمرا",
    "owaija": "العويجة",
    "handarat": "حندرات",
    "shqayyef": "الشقيف",
    "karm-al-trab": "كرم الطراب",
    # Our own label for the factory belt (no source gives one).
    "sheikh-najjar-old-factories": "معامل الشيخ نجار القديمة",
}

# Spellings of district names as they occur in /work/shared/seeds (after repairing the
# cp1252-as-UTF-8 damage, e.g. "Maâ€™saraniyah" -> "Ma’saraniyah"). The script checks that each
# one really occurs in the repaired seed text.
SEED_SPELLINGS = {
    "hanano": ("Hanano", "Hanano housings"),
    "bustan-al-basha": ("Bustan Al-Basha",),
    "sheikh-saeed": ("Sheikh Saeed",),
    "ard-al-hamra": ("Ard Al-Hamra", "'Ard Al-Hamra"),
    "maqar-al-anbiyaa": ("Sheikh Lutfi", "Sheikh Lufti", "Maadi"),
    "jabal-badro": ("Jabal Badro", "Jabal-Badro"),
    "baaiedeen": ("Ba'ibdeen",),
    "sakhour": ("Sakhour", "Al-Sakhour"),
    "ayn-at-tal": ("Ayn Al-Tal",),
    "hallak-fuqani": ("Hallak Fuqani", "Hallak Al-Fukani", "Hallak"),
    "hallak-tahtani": ("Hallak Tahtani", "Hallak Al-Tahtani", "Hallak"),
    "haydariyeh": ("Haydariyah", "Inzarat"),
    "sheikh-kheder": ("Sheikh Kheder", "Sheikh Khider"),
    "sheikh-fares": ("Sheikh Fares",),
    "sheikh-maqsoud": ("Sheikh Maqsood",),
    "helwaniyeh": ("Tariq al-Bab", "al-Helwania", "al-Helwaniyah"),
    "maasaraniyeh-youth-housing": ("Ma'saraniyah Youth housing", "al-Ma’saraniyah", "Ma'saraniyah"),
    "karm-aj-jazmati": ("al-Jazmati",),
    "sukkari": ("Sukkari",),
    "karm-al-trab": ("Karm al-Trab",),
    "karm-al-myassar": ("Mayssar", "al-Tahhan"),
    "dahret-awwad": ("Dahret Awwad",),
    "karm-al-qaterji": ("al-Qaterrji",),
    "qadi-askar": ("Qadi Askar",),
    "shaar": ("al-Sha'ar", "Sha'ar"),
    "karm-aj-jabal": ("Karm al-Jabal",),
    "marjeh": ("Marjeh", "Marjah"),
    "muhammad-bek": ("Bab Al-Nayrab",),
    "salheen": ("Salheen",),
    "fardos": ("Fardous",),
    "bustan-al-qaser": ("Bustan Al-Qasr",),
    "zahra": ("Jamiat al-Zahra",),
    "amiriyeh": ("Aqrab",),
    "citadel": ("Citadel of Aleppo", "Aleppo Citadel"),
    # Croatian seed 003, locative case ("u sektoru Salahedinu"); nominative Salahedin.
    "salah-ad-deen": ("Salahedinu",),
    "sheikh-najjar-old-factories": ("old Sheikh Najjar factories",),
}

# Alias names from the shared contract, by the district that absorbs them.
CONTRACT_ALIASES = {
    "helwaniyeh": ("Tariq al-Bab", "Tareeq al-Bab", "al-Helwania"),
    "karm-al-myassar": ("Tahhan", "al-Tahhan", "Mayssar"),
    "muhammad-bek": ("Bab al-Nayrab",),
    "maqar-al-anbiyaa": ("Sheikh Lutfi", "Sheikh Lufti", "Maadi"),
    "haydariyeh": ("Inzarat",),
    "amiriyeh": ("Aqrab",),
    "zahra": ("Jamiat al-Zahra",),
    "karm-aj-jazmati": ("Jazmati",),
    "karm-al-qaterji": ("Qaterji", "al-Qaterrji"),
    "fardos": ("Fardous",),
    "bustan-al-qaser": ("Bustan al-Qasr",),
    "ansari-mashhad": ("Mashhad",),
    "sheikh-maqsoud": ("Sheikh Maqsood",),
    "sheikh-kheder": ("Sheikh Khodr", "Sheikh Khider", "Sheikh Kheder"),
    "baaiedeen": ("Ba'ibdeen",),
    "sakhour": ("Sakhour",),
    "salheen": ("Salheen",),
    "marjeh": ("Marjeh", "Marjah"),
    "hanano": ("Hanano housings", "Masakin Hanano"),
}

# Where an alias names a place without a polygon, ``source`` says so.
ALIAS_NOTES = {
    "helwaniyeh": "alias: Tariq al-Bab has no polygon of its own; UNOSAT's Tareeq al-Bab damage "
    "points fall mostly inside al-Helwaniyeh (the rest in Karm aj-Jazmati).",
    "karm-al-myassar": "alias: Tahhan (Karm al-Tahhan) has no polygon of its own; the reference "
    "places its GeoNames point inside Karm al-Myassar.",
    "muhammad-bek": "alias: Bab al-Nayrab has no polygon of its own; 79% of UNOSAT's Bab "
    "al-Nayrab hull lies in Muhammad Bek.",
    "maqar-al-anbiyaa": "alias: Sheikh Lutfi and Maadi have no polygon of their own; the "
    "reference puts both (approximate points, low confidence) in or beside Maqar al-Anbiya'a.",
    "haydariyeh": "alias: Inzarat was not located in any reference file; the narrative calls it "
    "north-eastern and the contract assigns it to al-Haydariyeh.",
    "amiriyeh": "alias: Aqrab was not located in any reference file; the narrative puts it in "
    "the south-west and the contract assigns it to al-'Amiriyeh.",
    "zahra": "alias: the narrative's Jamiat al-Zahra is CSR az-Zahra'.",
}

# Rows of offensive_names_to_polygons.csv whose csr_polygon is not a plain list of CSR names.
OFFENSIVE_ROW_TARGETS = {
    "Ard al-Hamra": ("ard-al-hamra",),
    "Tariq al-Bab": ("helwaniyeh",),
    "Karm al-Trab": ("karm-al-trab",),
    "Tahhan": ("karm-al-myassar",),
    "Sheikh Lutfi": ("maqar-al-anbiyaa",),
    "Bab al-Nayrab": ("muhammad-bek",),
    "Maadi": ("maqar-al-anbiyaa",),
    "Old City / Citadel": ("citadel",),
    "Ramouseh": tuple(f"ramouseh-industrial-district-{n}" for n in ("i", "ii", "iii", "iv")),
    "Rashidun": (),  # western outskirts, a landmark (rashidin), not a district
    "Hallak (Fuqani/Tahtani)": ("hallak-fuqani", "hallak-tahtani"),
    # The contract resolves "Sakhour" to sakhour; as-Sakhour I keeps only its own name.
    "Sakhour": ("sakhour",),
}
# Spellings in the reference that are not names of the place itself: other areas lumped in by
# UNOSAT ("part", "adjacent", "combined"), descriptions, group names, or known-wrong Arabic.
NOT_ALIASES = {
    "Kurdish-held (YPG) enclave in 2016",
    "Tariq al-Bab area",
    "Old City",
    "Souq al-Madina",
}
NOT_ALIASES_BY_ID = {
    # The CSR label error and two names of other places the YouTube geocoder filed here.
    "ayn-at-tal": {"عين التينة", "عين التينه", "الهلك", "حي الهلك", "الجندول"},
    # Maadi is resolved to maqar-al-anbiyaa by the contract; the geocoder's guess is dropped.
    "asileh": {"حي المعادي"},
}
_QUALIFIER = re.compile(r"\s*\((UNOSAT|OCHA|UNOSAT/OCHA|UNOSAT, sic)\)$")
_LUMPED = re.compile(r"\((?:[^)]*\b(?:part|partly|adjacent|combined)\b[^)]*)\)|\(Al-Ameria\)")


def _seed_text(seeds: Path | None) -> str | None:
    if seeds is None:
        return None
    return "\n".join(
        repair_mojibake(p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))
    )


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _norm_ar(text: str) -> str:
    text = re.sub("[أإآ]", "ا", text).replace("ة", "ه").replace("ى", "ي")
    return re.sub(r"^حي ", "", text.strip())


def _same_arabic(alt: str, name_ar: str | None) -> bool:
    """True if ``alt`` is a spelling of ``name_ar`` (hamza/ta marbuta variants, "حي" prefix).

    The names file's alternative_arabic also lists places the CSR YouTube geocoder filed under a
    neighbourhood (roundabouts, gates, other quarters: e.g. كرم الطراب under Ma'asaraniyeh);
    those are not spellings of the district and are dropped.
    """
    return bool(name_ar) and _norm_ar(name_ar) in _norm_ar(alt)


def _clean_alt(alt: str) -> str | None:
    alt = alt.strip()
    if not alt or alt in NOT_ALIASES or _LUMPED.search(alt):
        return None
    alt = re.sub(r"^UNOSAT: ", "", alt)
    alt = _QUALIFIER.sub("", alt)
    return re.sub(r" - Aleppo$", "", alt)


def _reference_spellings(reference: Path, csr_ids: dict[str, str]) -> dict[str, list[str]]:
    spell: dict[str, list[str]] = {}
    names = json.loads((reference / "csr_neighborhoods_names.json").read_text(encoding="utf-8"))
    for entry in names.values():
        did = csr_ids[entry["original_name"]]
        targets = ("hallak-fuqani", "hallak-tahtani") if did == "trab-al-hellok" else (did,)
        arabic = NAME_AR_FIXES.get(did, entry["original_name_a"])
        alts = [entry["original_name"], *entry["alternative_english"], *entry["alternative_arabic"]]
        alts = [a for a in alts if a and (not _is_arabic(a) or _same_arabic(a, arabic))]
        for target in targets:
            spell.setdefault(target, []).extend(a for a in alts if a)
    rows = gpd.pd.read_csv(reference / "offensive_names_to_polygons.csv")
    for row in rows.to_dict("records"):
        if row["name"] in OFFENSIVE_ROW_TARGETS:
            targets = OFFENSIVE_ROW_TARGETS[row["name"]]
        else:
            targets = tuple(csr_ids[n.strip()] for n in row["csr_polygon"].split(" + "))
        for raw in str(row["alt_names"]).split(";"):
            alt = _clean_alt(raw)
            if alt is None:
                continue
            chosen = targets
            if row["name"].startswith("Hallak"):
                if "Fawqani" in alt:
                    chosen = ("hallak-fuqani",)
                elif "Tahtani" in alt:
                    chosen = ("hallak-tahtani",)
            citadel_alt = "Citadel" in alt or "Qal" in alt or alt == "قلعة حلب"
            if row["name"] == "Old City / Citadel" and not citadel_alt:
                continue
            for target in chosen:
                spell.setdefault(target, []).append(alt)
    return spell


def district_table(reference: Path, seeds: Path | None, csr_rows: dict) -> dict[str, dict]:
    """name, name_ar, aliases, ocha_code and source for every district id."""
    csr_ids = {row.csr_name: row.id for row in csr_rows.values()}
    csr_ids["Trab al-Hellok"] = "trab-al-hellok"
    raw = gpd.read_file(reference / "csr_aleppo_neighborhoods.geojson")
    n_features = raw["NAME"].value_counts().to_dict()
    spellings = _reference_spellings(reference, csr_ids)
    text = _seed_text(seeds)
    if text is not None:
        missing = [s for vals in SEED_SPELLINGS.values() for s in vals if s not in text]
        if missing:
            raise DataError(
                f"spellings not found in the seeds: {missing}",
                where=f"SEED_SPELLINGS ({seeds})",
                hint="copy the spelling exactly as the repaired seed text has it",
            )
    table: dict[str, dict] = {}
    base = (
        "CSR Conflict Urbanism: Aleppo neighbourhood polygon (after UN-Habitat 2013){dissolved}; "
        "street and river gaps shared out to the nearest districts."
    )
    for row in csr_rows.values():
        if row.id == "trab-al-hellok":
            continue
        count = n_features.get(row.csr_name, 1)
        dissolved = f", dissolved from {count} CSR features" if count > 1 else ""
        source = base.format(dissolved=dissolved)
        if row.id in ALIAS_NOTES:
            source += " " + ALIAS_NOTES[row.id]
        table[row.id] = {
            "name": NARRATIVE_NAMES.get(row.id, row.csr_name),
            "name_ar": NAME_AR_FIXES.get(row.id, row.name_ar),
            "csr_name": row.csr_name,
            "ocha_code": row.ocha_ncode if isinstance(row.ocha_ncode, str) else None,
            "source": source,
        }
    hellok = csr_rows["trab-al-hellok"]
    for did, half in (("hallak-fuqani", "northern"), ("hallak-tahtani", "southern")):
        table[did] = {
            "name": NARRATIVE_NAMES[did],
            "name_ar": NAME_AR_FIXES[did],
            "csr_name": "Trab al-Hellok",
            "ocha_code": hellok.ocha_ncode,
            "source": f"split: the {half} half of CSR Trab al-Hellok (after UN-Habitat 2013, gaps "
            "shared out), cut by the east-west line that halves its area. The narrative names "
            "Hallak Fuqani (upper) and Hallak Tahtani (lower) but no source draws the line.",
        }
    new_sources = {
        "ard-al-hamra": "new: outlined with the UNITAR-UNOSAT 2015 damage-point hull for Ard "
        "al-Hamra (CSR does not cover it), clipped off CSR districts and the other hulls.",
        "owaija": "new: outlined with the UNITAR-UNOSAT 2015 damage-point hull for Owaija, "
        "clipped off CSR districts and the neighbouring hulls.",
        "handarat": "new: outlined with the UNITAR-UNOSAT 2015 damage-point hull for Handarat, "
        "clipped off the neighbouring hulls.",
        "shqayyef": "new: outlined with the UNITAR-UNOSAT 2015 damage-point hull for the "
        "Shqayyef industrial area, clipped off CSR districts and the neighbouring hulls.",
        "karm-al-trab": "new, low confidence: carved from the built-up strip east of Karm "
        "aj-Jazmati towards the airport that CSR leaves uncovered (the part of UNOSAT's Al Myassar "
        "Jazmati hull outside CSR); no source delineates Karm al-Trab.",
        "sheikh-najjar-old-factories": "new: hand-digitised factory belt north-east of Hanano "
        "towards Zouhor hill, between Hanano, Ard al-Hamra and the Sheikh Najjar industrial city "
        "(CSR's Sheikh Najjar is the whole industrial city, not these older factories).",
    }
    for did, source in new_sources.items():
        table[did] = {
            "name": NARRATIVE_NAMES[did],
            "name_ar": NAME_AR_FIXES[did],
            "csr_name": None,
            "ocha_code": None,
            "source": source,
        }
    own_names = {info["name"] for info in table.values()}
    own_names |= {info["csr_name"] for info in table.values() if info["csr_name"]}
    for did, info in table.items():
        candidates = [info["name"]]
        if info["csr_name"]:
            candidates.append(info["csr_name"])
        candidates += list(SEED_SPELLINGS.get(did, ()))
        candidates += spellings.get(did, [])
        candidates += list(CONTRACT_ALIASES.get(did, ()))
        if info["name_ar"]:
            candidates.append(info["name_ar"])
        # A spelling that is another district's own name (as-Sakhour I, al-Hamdaniyeh II, ...)
        # is not an alias of this one.
        drop = NOT_ALIASES_BY_ID.get(did, set()) | (own_names - {info["name"], info["csr_name"]})
        aliases: list[str] = []
        for cand in candidates:
            cand = cand.strip()
            if cand and cand not in drop and cand not in aliases:
                aliases.append(cand)
        info["aliases"] = aliases
    return table


# ---------------------------------------------------------------------------------------------
# Landmarks. Points come from the CSR heritage file, from offensive_names_to_polygons.csv, from a
# district polygon, or (HAND_POINTS) are placed by hand to agree with the narrative's geography.
HERITAGE_POINTS = {
    "aleppo-citadel": "Citadel",
    "umayyad-mosque": "Mosque, Umayyad Mosque",
}
OFFENSIVE_POINTS = {"rashidin": "Rashidun"}  # UNOSAT "Al Rashida" median point, via the csv
HAND_POINTS = {
    # North-east of Hanano, at the far (north-east) end of the old factory belt: the Tiger
    # Forces moved south-west from the hill into the factories.
    "zouhor-hill": (37.2400, 36.2520),
    # Centre of the old factory belt, south-west of Zouhor hill.
    "sheikh-najjar-factories": (37.2290, 36.2450),
    # South-east edge of Maqar al-Anbiya'a, where the reference puts Sheikh Lutfi; the hill
    # overlooks that district.
    "hill-420": (37.1830, 36.1840),
    # North of Sheikh Kheder on the way to Ayn at-Tal (Jandoul roundabout, north-east edge).
    "jandoul-factories": (37.1790, 36.2440),
    # The Islamic cemetery next to the Hanano housing blocks (east side of Hanano).
    "hanano-cemetery": (37.2095, 36.2305),
    # Both south of Jabal Badro, on the way towards al-Helwaniyeh / al-Besel.
    "talet-barakat": (37.2035, 36.2085),
    "scientific-research-housing": (37.2110, 36.2070),
    # South of Sheikh Sa'eed: the fuel depot (Sadkop) just outside the mapped area (district
    # null), old Ramouseh south-west of it at the edge of Ramouseh industrial district III.
    "sadkop": (37.1590, 36.1545),
    "old-ramouseh": (37.1470, 36.1580),
    # Between Qadi Askar and ash-Sha'ar, inside Qadi Askar.
    "eye-hospital": (37.1745, 36.2010),
    # On the eastern side of as-Sakhour.
    "sakhour-bridge": (37.1935, 36.2175),
}
# The airport road, hand-digitised westward from the airport terminal area through Karm
# aj-Jazmati and the Ma'saraniyeh edge towards the city (lon/lat).
# Where each hand-placed point must land; the script stops if a later geometry change moves it.
HAND_POINT_DISTRICTS = {
    "zouhor-hill": "sheikh-najjar-old-factories",
    "sheikh-najjar-factories": "sheikh-najjar-old-factories",
    "hill-420": "maqar-al-anbiyaa",
    "jandoul-factories": "ayn-at-tal",
    "hanano-cemetery": "hanano",
    "sadkop": None,
    "old-ramouseh": "ramouseh-industrial-district-iii",
    "eye-hospital": "qadi-askar",
    "sakhour-bridge": "sakhour",
}
AIRPORT_ROAD_LONLAT = (
    (37.2220, 36.1815),
    (37.2150, 36.1870),
    (37.2080, 36.1925),
    (37.2010, 36.1975),
    (37.1930, 36.2005),
    (37.1850, 36.2030),
)
LANDMARK_INFO = {
    "aleppo-citadel": (
        "Aleppo Citadel",
        "fortress",
        ("Citadel of Aleppo", "Citadel", "Qal'at Halab", "قلعة حلب"),
    ),
    "zouhor-hill": ("Zouhor hill", "hill", ("Zouhor hill", "Zuhour hill")),
    "hill-420": ("Hill 420", "hill", ("Hill 420", "Police Hill")),
    "sheikh-najjar-factories": (
        "Old Sheikh Najjar factories",
        "factory",
        ("old Sheikh Najjar factories", "Sheikh Najjar factories"),
    ),
    "jandoul-factories": (
        "Jandoul factories",
        "factory",
        ("Jandoul Factories", "Jandoul roundabout", "الجندول"),
    ),
    "hanano-cemetery": ("Hanano Islamic cemetery", "cemetery", ("Islamic cemetery",)),
    "talet-barakat": ("Talet Barakat", "area", ("Talet Barakat",)),
    "scientific-research-housing": (
        "Scientific Research Housing",
        "housing",
        ("Scientific Research Housing",),
    ),
    "maasaraniyah-youth-housing": (
        "Ma'saraniyah Youth Housing",
        "housing",
        ("Ma'saraniyah Youth housing", "Maasaraniyeh Youth Housing"),
    ),
    "sadkop": ("Sadkop", "area", ("Sadkop",)),
    "old-ramouseh": ("Old Ramouseh", "area", ("Old Ramouseh",)),
    "eye-hospital": ("Eye Hospital", "hospital", ("Eye Hospital",)),
    "umayyad-mosque": ("Umayyad Mosque", "mosque", ("Umayyad Mosque", "Great Mosque of Aleppo")),
    "sakhour-bridge": ("Sakhour bridge", "bridge", ("Al-Sakhour Bridge",)),
    "aleppo-airport": (
        "Aleppo International Airport",
        "airport",
        ("Aleppo International Airport", "مطار حلب الدولي"),
    ),
    "airport-road": ("Airport road", "road", ("airport road", "airport highway")),
    "queiq-river": ("Queiq River", "river", ("Queiq River", "Queiq", "Quweiq", "نهر قويق")),
    "rashidin": (
        "Rashidin",
        "area",
        ("Rashidun", "Rashidin", "al-Rashideen", "Al Rashida", "الراشدين"),
    ),
}


def landmark_geometries(reference: Path, districts: gpd.GeoDataFrame) -> dict[str, object]:
    """Landmark geometries in lon/lat."""
    heritage = gpd.read_file(reference / "csr_cultural_heritage_points.geojson")
    by_name = dict(zip(heritage["FACILITY_N"], heritage.geometry, strict=True))
    rows = gpd.pd.read_csv(reference / "offensive_names_to_polygons.csv").set_index("name")
    out: dict[str, object] = {lid: by_name[name] for lid, name in HERITAGE_POINTS.items()}
    for lid, name in OFFENSIVE_POINTS.items():
        out[lid] = Point(rows.loc[name, "lon"], rows.loc[name, "lat"])
    out.update({lid: Point(*xy) for lid, xy in HAND_POINTS.items()})
    wgs = districts.to_crs(WGS84).set_index("id")
    csr = gpd.read_file(reference / "aleppo_neighbourhoods_csr_dissolved.geojson").to_crs(
        METRIC_CRS
    )
    airport = csr.loc[csr["csr_name"] == "Aleppo International Airport", "geometry"].iloc[0]
    out["aleppo-airport"] = gpd.GeoSeries([airport.centroid], crs=METRIC_CRS).to_crs(WGS84).iloc[0]
    youth = districts.set_index("id").geometry["maasaraniyeh-youth-housing"].representative_point()
    out["maasaraniyah-youth-housing"] = gpd.GeoSeries([youth], crs=METRIC_CRS).to_crs(WGS84).iloc[0]
    out["airport-road"] = LineString(AIRPORT_ROAD_LONLAT)
    out["queiq-river"] = queiq_line(districts)
    missing = set(LANDMARK_INFO) - set(out)
    if missing or not wgs.index.is_unique:
        raise DataError(
            f"landmarks without geometry: {sorted(missing)}",
            where="LANDMARK_INFO",
            hint="give each landmark a point, a line or a source row",
        )
    return out


def write_landmarks(reference: Path, districts: gpd.GeoDataFrame, out: Path) -> None:
    """Write ``landmarks.geojson``; a point's ``district`` is the district containing it."""
    geoms = landmark_geometries(reference, districts)
    wgs = districts.to_crs(WGS84)
    features = []
    for lid, (name, kind, aliases) in LANDMARK_INFO.items():
        geom = _round_geom(geoms[lid])
        district = None
        if geom.geom_type == "Point":
            hits = wgs[wgs.contains(geom)]
            district = hits["id"].iloc[0] if len(hits) else None
        if lid in HAND_POINT_DISTRICTS and HAND_POINT_DISTRICTS[lid] != district:
            raise DataError(
                f"fell in {district}, not {HAND_POINT_DISTRICTS[lid]}",
                where=f"HAND_POINTS[{lid!r}]",
                hint="move the point or update HAND_POINT_DISTRICTS",
            )
        props = {"name": name, "aliases": list(aliases), "kind": kind, "district": district}
        features.append(_feature(lid, props, geom))
    _write(out / "landmarks.geojson", features)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True)
    parser.add_argument(
        "--out",
        type=Path,
        default=scenario_dir(DEFAULT_SCENARIO),
        help="the scenario folder to write to (default: the bundled Aleppo folder)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=Path(__file__).resolve().parents[2].parent / "shared" / "seeds",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = args.seeds if args.seeds.is_dir() else None
    districts, _area = build_districts(args.reference, seeds)
    write_districts(districts, args.out)
    write_landmarks(args.reference, districts, args.out)
    add_southwest(args.reference, args.out)  # second stage: Rashidin and Aqrab
    print(f"wrote {len(districts)} districts, {districts.area.sum() / 1e6:.3f} km²")


if __name__ == "__main__":
    main()
