"""The pure ``geodata`` API: loaders, areas, label points, adjacency, ``frontline districts``.

Logic is tested on synthetic squares (``tests/fixtures/geo/three_squares``: alpha, bravo,
charlie, each 0.01° wide, in a row from west to east at 36.20°N) and on grids built inline.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geodata import (
    DataError,
    adjacency,
    area_km2,
    centroids_lonlat,
    load_districts,
    load_landmarks,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "geo"
THREE = FIXTURES / "three_squares"


def grid(n: int, size: float = 0.01) -> gpd.GeoDataFrame:
    """An n x n grid of square districts ``r{row}c{col}`` starting at 37.10°E, 36.20°N."""
    ids, polys = [], []
    for row in range(n):
        for col in range(n):
            ids.append(f"r{row}c{col}")
            x, y = round(37.10 + col * size, 9), round(36.20 + row * size, 9)
            polys.append(shapely.box(x, y, round(x + size, 9), round(y + size, 9)))
    return gpd.GeoDataFrame({"id": ids}, geometry=polys, crs=4326, index=ids)


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    target = tmp_path / "scenario"
    shutil.copytree(THREE, target)
    return target


def test_load_districts_columns_index_crs():
    gdf = load_districts(THREE)
    assert list(gdf.columns) == [
        "id", "name", "name_ar", "aliases", "sector", "group", "ocha_code", "source", "geometry",
    ]  # fmt: skip
    assert list(gdf.index) == ["alpha", "bravo", "charlie"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.at["alpha", "aliases"] == ["Alfa", "al-Alpha"]
    assert gdf.at["charlie", "aliases"] == []
    assert gdf.at["alpha", "group"] is None and gdf.at["bravo", "group"] == "old-city"
    assert gdf.at["bravo", "name_ar"] is None and gdf.at["alpha", "name_ar"] == "ألفا"


def test_load_landmarks():
    gdf = load_landmarks(THREE)
    assert list(gdf.index) == ["bravo-tower", "long-road"]
    assert list(gdf.columns) == ["id", "name", "aliases", "kind", "district", "geometry"]
    assert gdf.at["long-road", "district"] is None
    assert gdf.geometry.geom_type.tolist() == ["Point", "LineString"]


def test_loader_is_cached_until_the_file_changes(scenario):
    first = load_districts(scenario)
    assert load_districts(scenario) is first
    path = scenario / "districts.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["name"] = "Alpha Renamed"
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_districts(scenario).at["alpha", "name"] == "Alpha Renamed"


def _rewrite(folder: Path, change) -> Path:
    path = folder / "districts.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_missing_file_names_it(tmp_path):
    with pytest.raises(DataError) as exc:
        load_districts(tmp_path)
    assert exc.value.where == str(tmp_path / "districts.geojson")
    assert exc.value.message == "file not found"


def test_not_json_gives_line_and_column():
    with pytest.raises(DataError) as exc:
        load_districts(FIXTURES / "not_json")
    assert exc.value.where == f"{FIXTURES / 'not_json' / 'districts.geojson'}:3:22"
    assert exc.value.message.startswith("not JSON: ")


def test_wrong_crs_says_reproject(scenario):
    path = _rewrite(
        scenario, lambda d: d.update(crs={"type": "name", "properties": {"name": "EPSG:3857"}})
    )
    with pytest.raises(DataError) as exc:
        load_districts(scenario)
    assert exc.value.where == str(path)
    assert "to_crs(4326)" in exc.value.hint


def test_missing_name_names_the_feature(scenario):
    path = _rewrite(scenario, lambda d: d["features"][1]["properties"].pop("name"))
    with pytest.raises(DataError) as exc:
        load_districts(scenario)
    assert exc.value.one_line() == (
        f"{path} feature bravo: property 'name' is missing or empty "
        "(give the feature a non-empty 'name')"
    )


def test_missing_id_names_the_index(scenario):
    _rewrite(scenario, lambda d: d["features"][2]["properties"].pop("id"))
    with pytest.raises(DataError, match="feature #2: property 'id' is missing"):
        load_districts(scenario)


def test_duplicate_ids(scenario):
    _rewrite(scenario, lambda d: d["features"][2]["properties"].update(id="alpha"))
    with pytest.raises(DataError, match="duplicate ids: alpha"):
        load_districts(scenario)


def test_point_district_is_refused(scenario):
    point = {"type": "Point", "coordinates": [37.1, 36.2]}
    _rewrite(scenario, lambda d: d["features"][0].update(geometry=point))
    with pytest.raises(DataError, match="feature alpha: geometry is a Point"):
        load_districts(scenario)


def test_area_km2_in_utm():
    areas = area_km2(load_districts(THREE))
    assert list(areas.index) == ["alpha", "bravo", "charlie"]
    # 0.01° of longitude at 36.2°N is ~0.898 km, 0.01° of latitude ~1.109 km.
    assert areas.round(2).tolist() == [1.0, 1.0, 1.0]
    assert 0.99 < areas.iloc[0] < 1.01


def test_area_needs_a_crs():
    with pytest.raises(DataError, match="no CRS"):
        area_km2(gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)]))


def test_centroids_are_inside_and_lonlat():
    gdf = load_districts(THREE)
    points = centroids_lonlat(gdf)
    assert list(points.columns) == ["lon", "lat"]
    assert points.at["alpha", "lon"] == pytest.approx(37.105, abs=1e-4)
    assert points.at["alpha", "lat"] == pytest.approx(36.205, abs=1e-4)
    crescent = shapely.box(0, 0, 3, 3).difference(shapely.box(1, 1, 3, 3))
    lshape = gpd.GeoDataFrame(geometry=[shapely.affinity.translate(crescent, 37, 36)], crs=4326)
    p = centroids_lonlat(lshape).iloc[0]
    assert lshape.geometry.iloc[0].contains(shapely.Point(p["lon"], p["lat"]))


def test_adjacency_on_a_3x3_grid():
    pairs = adjacency(grid(3))
    assert len(pairs) == 12
    assert list(pairs.columns) == ["a", "b", "geometry", "length_km"]
    assert (pairs["a"] < pairs["b"]).all()
    assert pairs.crs.to_epsg() == 4326
    row = pairs.set_index(["a", "b"])
    # A north-south edge is 0.01° of latitude, an east-west edge 0.01° of longitude.
    assert row.at[("r0c0", "r0c1"), "length_km"] == pytest.approx(1.109, abs=0.005)
    assert row.at[("r0c0", "r1c0"), "length_km"] == pytest.approx(0.899, abs=0.005)
    assert ("r0c0", "r1c1") not in row.index  # corners touch at a point only
    edge = row.at[("r1c1", "r1c2"), "geometry"]
    assert edge.geom_type == "LineString"
    assert edge.equals(shapely.LineString([(37.12, 36.21), (37.12, 36.22)]))


def test_adjacency_edge_in_two_pieces_is_multilinestring():
    """u is a C around s: strips north and south of s joined by a bar that keeps its distance."""

    def cell(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
        return shapely.box(37.10 + x0 / 100, 36.20 + y0 / 100, 37.10 + x1 / 100, 36.20 + y1 / 100)

    s = cell(1, 1, 2, 2)
    u = shapely.union_all([cell(0, 2, 3, 3), cell(0, 0, 3, 1), cell(2.5, 1, 3, 2)])
    gdf = gpd.GeoDataFrame({"id": ["s", "u"]}, geometry=[s, u], crs=4326, index=["s", "u"])
    pairs = adjacency(gdf)
    assert len(pairs) == 1
    assert pairs.geometry.iloc[0].geom_type == "MultiLineString"
    assert pairs["length_km"].iloc[0] == pytest.approx(2 * 0.899, abs=0.01)


def test_districts_json(run_cli):
    result = run_cli("districts", "--scenario", THREE, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == ["alpha", "bravo", "charlie"]
    assert rows[0] == {
        "id": "alpha",
        "name": "Alpha",
        "name_ar": "ألفا",
        "aliases": ["Alfa", "al-Alpha"],
        "sector": "west",
        "area_km2": rows[0]["area_km2"],
        "lon": rows[0]["lon"],
        "lat": rows[0]["lat"],
    }
    assert rows[0]["area_km2"] == pytest.approx(1.0, abs=0.01)
    assert rows[0]["area_km2"] == round(rows[0]["area_km2"], 3)
    assert rows[1]["lon"] == pytest.approx(37.115, abs=1e-4)
    assert rows[1]["lon"] == round(rows[1]["lon"], 6)


def test_districts_csv(run_cli):
    result = run_cli("districts", "--scenario", THREE, "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert list(rows[0]) == ["id", "name", "name_ar", "aliases", "sector", "area_km2", "lon", "lat"]
    assert [r["id"] for r in rows] == ["alpha", "bravo", "charlie"]
    assert json.loads(rows[0]["aliases"]) == ["Alfa", "al-Alpha"]
    assert len(rows[2]["lat"].split(".")[1]) <= 6


def test_districts_on_a_missing_scenario_is_one_line(run_cli, tmp_path):
    result = run_cli("districts", "--scenario", tmp_path)
    assert result.code == 1
    assert result.err.strip() == (
        f"frontline: error: {tmp_path / 'districts.geojson'}: file not found "
        "(create it, or pass the scenario folder)"
    )


BANNED = ("dash", "flask", "plotly")


@pytest.mark.parametrize("package", ["geodata", "timeline"])
def test_data_packages_never_import_the_ui(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [f"{path}:{node.lineno} {n}" for n in names if n.split(".")[0] in BANNED]
    assert offenders == []


def _imports_between_data_modules() -> dict[str, set[str]]:
    """Module -> the modules of geodata and timeline it imports, at module level or inside
    functions (``from .x import y`` counts as importing ``x`` and, when it is one, ``x.y``)."""
    modules: dict[str, tuple[Path, bool]] = {}
    for package in ("geodata", "timeline"):
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    edges: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        base = name.split(".") if is_package else name.split(".")[:-1]
        edges[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                parent = base[: len(base) - node.level + 1] if node.level else []
                module = ".".join(parent + ([node.module] if node.module else []))
                targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
            else:
                continue
            edges[name] |= {t for t in targets if t in modules and t != name}
    return edges


def test_data_packages_have_no_import_cycle():
    edges = _imports_between_data_modules()
    assert "timeline.ingest.documents" in edges["timeline.ingest.dates"]  # the walk sees imports
    cycles = []
    for start in sorted(edges):
        seen, todo = set(), list(edges[start])
        while todo:
            module = todo.pop()
            if module == start:
                cycles.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo.extend(edges[module])
    assert cycles == [], f"modules importing themselves through others: {cycles}"


def test_adjacency_scales_to_10000_districts():
    """A 100 x 100 grid (10,000 districts) in about a second; counts only, no timing."""
    pairs = adjacency(grid(100, size=0.001))
    assert len(pairs) == 2 * 100 * 99
