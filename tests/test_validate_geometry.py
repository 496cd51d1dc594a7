"""``geodata.validate_geometry`` and ``frontline validate``: each broken file gives one exact line.

The fixture scenario ``tests/fixtures/geo/three_squares`` is three 0.01° squares in a row
(alpha, bravo, charlie) and two landmarks; each test copies it and breaks one thing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geodata import Problem, validate_geometry

FIXTURES = Path(__file__).parent / "fixtures" / "geo"


def _square(x0: float, y0: float, size: float = 0.01) -> dict:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A writable copy of the valid three-squares scenario."""
    target = tmp_path / "scenario"
    shutil.copytree(FIXTURES / "three_squares", target)
    return target


@pytest.fixture
def no_timeline(monkeypatch):
    """Run ``frontline validate`` on geometry only (the fixture has no timeline files)."""
    monkeypatch.setattr("dashboard.cli.geo._timeline_problems", lambda d: [])


def _edit(folder: Path, name: str, change) -> Path:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _lines(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


def _assert_cli_reports(run_cli, folder: Path, line: str) -> None:
    result = run_cli("validate", folder)
    assert result.code == 1
    assert line in result.out.splitlines()
    assert "Traceback" not in result.out + result.err


def test_valid_scenario_has_no_problems(scenario):
    assert validate_geometry(scenario) == []


def test_cli_ok_line(run_cli, scenario, no_timeline):
    result = run_cli("validate", scenario)
    assert result.code == 0, result.out + result.err
    assert result.out.strip() == f"OK: {scenario}: 3 districts, 2 landmarks"


def test_cli_includes_timeline_problems(run_cli, scenario, monkeypatch):
    fake = Problem("control.csv", "line 3", "share out of range", "use 0..1")
    monkeypatch.setattr("dashboard.cli.geo._timeline_problems", lambda d: [fake])
    result = run_cli("validate", scenario)
    assert result.code == 1
    assert result.out.splitlines() == ["control.csv: line 3: share out of range (use 0..1)"]


def test_cli_timeline_warnings_do_not_fail(run_cli, scenario, monkeypatch):
    warning = Problem("events.yaml", "line 9", "warning: district not mentioned", None)
    monkeypatch.setattr("dashboard.cli.geo._timeline_problems", lambda d: [warning])
    result = run_cli("validate", scenario)
    assert result.code == 0
    assert result.out.splitlines() == [
        "events.yaml: line 9: warning: district not mentioned",
        f"OK: {scenario}: 3 districts, 2 landmarks",
    ]


def test_cli_does_not_repeat_missing_geometry(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "districts.geojson"
    repeat = Problem(str(path), None, "cannot read", None)
    monkeypatch.setattr("dashboard.cli.geo._timeline_problems", lambda d: [repeat])
    result = run_cli("validate", tmp_path)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{path}: file not found (create it)",
    ]


def test_problem_str_is_one_line():
    assert (
        str(Problem("d.geojson", "feature x", "bad", "fix it"))
        == "d.geojson: feature x: bad (fix it)"
    )
    assert str(Problem("d.geojson", None, "file not found")) == "d.geojson: file not found"


def test_self_intersecting_ring(run_cli, scenario, no_timeline):
    def bowtie(data):
        ring = [[37.10, 36.20], [37.11, 36.21], [37.11, 36.20], [37.10, 36.21], [37.10, 36.20]]
        data["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}

    path = _edit(scenario, "districts.geojson", bowtie)
    line = (
        f"{path}: feature alpha: invalid geometry: Self-intersection[37.105 36.205] "
        "(fix with shapely.make_valid)"
    )
    assert line in _lines(validate_geometry(scenario))
    _assert_cli_reports(run_cli, scenario, line)


def test_duplicate_id(run_cli, scenario, no_timeline):
    def duplicate(data):
        data["features"][2]["properties"]["id"] = "bravo"

    path = _edit(scenario, "districts.geojson", duplicate)
    line = f"{path}: feature bravo: duplicate id (also feature #1) (give each feature its own id)"
    assert _lines(validate_geometry(scenario)) == [line]
    _assert_cli_reports(run_cli, scenario, line)


def test_wrong_crs(run_cli, scenario, no_timeline):
    def crs(data):
        data["crs"] = {"type": "name", "properties": {"name": "EPSG:32637"}}

    path = _edit(scenario, "districts.geojson", crs)
    line = f"{path}: CRS is EPSG:32637, not WGS84 (reproject with to_crs(4326))"
    assert _lines(validate_geometry(scenario)) == [line]
    _assert_cli_reports(run_cli, scenario, line)


def test_crs84_is_accepted(scenario):
    def crs(data):
        data["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

    _edit(scenario, "districts.geojson", crs)
    assert validate_geometry(scenario) == []


def test_projected_coordinates_without_crs(scenario):
    def metres(data):
        data["features"][0]["geometry"] = _square(300000.0, 4000000.0, 1000.0)

    path = _edit(scenario, "districts.geojson", metres)
    assert (
        f"{path}: feature alpha: coordinates are not longitude/latitude "
        in "".join(_lines(validate_geometry(scenario))) + " "
    )


def test_overlapping_pair(run_cli, scenario, no_timeline):
    def overlap(data):  # charlie slides half way onto bravo
        data["features"][2]["geometry"] = _square(37.115, 36.20)

    path = _edit(scenario, "districts.geojson", overlap)
    problems = _lines(validate_geometry(scenario))
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: feature bravo: overlaps charlie by 0.4")
    assert problems[0].endswith(" km² (trim one of them so they share an edge)")
    _assert_cli_reports(run_cli, scenario, problems[0])


def test_hole_in_the_outline(run_cli, scenario, no_timeline):
    def ring(data):  # a 3 x 3 ring of squares around an empty middle
        feats = []
        for n, (i, j) in enumerate((i, j) for j in range(3) for i in range(3) if (i, j) != (1, 1)):
            feats.append(
                {
                    "type": "Feature",
                    "properties": {"id": f"d{n}", "name": f"D{n}", "aliases": []},
                    "geometry": _square(37.10 + 0.01 * i, 36.20 + 0.01 * j),
                }
            )
        data["features"] = feats

    path = _edit(scenario, "districts.geojson", ring)
    _edit(scenario, "landmarks.geojson", lambda d: d.update(features=[]))
    problems = _lines(validate_geometry(scenario))
    line = (
        f"{path}: outline: hole of 0.998 km² inside the districts at lon 37.11500, lat 36.21500 "
        "(extend a neighbouring district to cover it)"
    )
    assert problems == [line]
    _assert_cli_reports(run_cli, scenario, line)


def test_tiny_gap_is_not_a_hole(scenario):
    def sliver(data):  # bravo shrinks by ~1 m on its east side: a gap, not an interior ring
        data["features"][1]["geometry"] = _square(37.11, 36.20, 0.00999)

    _edit(scenario, "districts.geojson", sliver)
    assert validate_geometry(scenario) == []


def test_not_json(run_cli, tmp_path, no_timeline):
    folder = tmp_path / "broken"
    shutil.copytree(FIXTURES / "not_json", folder)
    shutil.copy(FIXTURES / "three_squares" / "landmarks.geojson", folder)
    path = folder / "districts.geojson"
    line = (
        f"{path}: line 3:22: not JSON: Expecting property name enclosed in double quotes "
        "(fix the JSON syntax)"
    )
    assert _lines(validate_geometry(folder)) == [line]
    _assert_cli_reports(run_cli, folder, line)


def test_missing_name(run_cli, scenario, no_timeline):
    path = _edit(
        scenario, "districts.geojson", lambda d: d["features"][1]["properties"].pop("name")
    )
    line = f"{path}: feature bravo: has no name (add a non-empty 'name' property)"
    assert _lines(validate_geometry(scenario)) == [line]
    _assert_cli_reports(run_cli, scenario, line)


def test_missing_id_names_the_index(scenario):
    path = _edit(scenario, "districts.geojson", lambda d: d["features"][2]["properties"].pop("id"))
    assert _lines(validate_geometry(scenario)) == [
        f"{path}: feature #2: has no id (add a unique 'id' property (a slug))"
    ]


def test_wrong_geometry_type_and_empty(scenario):
    def broken(data):
        data["features"][0]["geometry"] = {"type": "Point", "coordinates": [37.1, 36.2]}
        data["features"][1]["geometry"] = {"type": "Polygon", "coordinates": []}
        data["features"][2]["geometry"] = None

    path = _edit(scenario, "districts.geojson", broken)
    assert _lines(validate_geometry(scenario)) == [
        f"{path}: feature alpha: geometry is a Point, expected MultiPolygon or Polygon (redraw it)",
        f"{path}: feature bravo: geometry is empty (draw its geometry)",
        f"{path}: feature charlie: has no geometry (draw its geometry)",
    ]


def test_landmark_in_unknown_district(run_cli, scenario, no_timeline):
    path = _edit(
        scenario,
        "landmarks.geojson",
        lambda d: d["features"][0]["properties"].update(district="delta"),
    )
    line = (
        f"{path}: feature bravo-tower: district 'delta' is not a district id "
        "(use an id from districts.geojson, or null)"
    )
    assert _lines(validate_geometry(scenario)) == [line]
    _assert_cli_reports(run_cli, scenario, line)


def test_missing_file(run_cli, scenario, no_timeline):
    (scenario / "landmarks.geojson").unlink()
    assert _lines(validate_geometry(scenario)) == []  # landmarks are optional
    (scenario / "districts.geojson").unlink()
    line = f"{scenario / 'districts.geojson'}: file not found (create it)"
    assert _lines(validate_geometry(scenario)) == [line]
    _assert_cli_reports(run_cli, scenario, line)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "[]",
        "null",
        '{"type": "FeatureCollection", "features": {}}',
        '{"type": "Feature"}',
        '{"type": "FeatureCollection", "features": [1, null, {"type": "Feature"}]}',
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": 3},'
        ' "geometry": {"type": "Polygon", "coordinates": [[[1, "x"]]]}}]}',
        '{"type": "FeatureCollection", "crs": 5, "features": []}',
    ],
)
def test_never_raises(scenario, content):
    (scenario / "districts.geojson").write_text(content, encoding="utf-8")
    problems = validate_geometry(scenario)
    assert problems and all("\n" not in str(p) for p in problems)
