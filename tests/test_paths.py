"""Where a scenario's files are (geodata.paths): bundled scenario and scenario folders."""

from __future__ import annotations

from pathlib import Path

from geodata.paths import (
    candidates_path,
    control_path,
    districts_path,
    events_path,
    geometry_dir,
    landmarks_path,
    scenario_dir,
    scenario_files,
    scenario_info_path,
    sources_path,
    timeline_dir,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = "tests/fixtures/mini"


def test_bundled_scenario_is_one_folder():
    assert scenario_dir() == ROOT / "timeline" / "data" / "aleppo_2016"
    assert geometry_dir() == timeline_dir() == scenario_dir()
    assert not (ROOT / "geodata" / "data").exists()
    assert scenario_dir("aleppo_2016") == scenario_dir(None)
    assert geometry_dir("aleppo_2016") == geometry_dir(None)
    assert timeline_dir("aleppo_2016") == timeline_dir(None)
    for path in (districts_path(), landmarks_path(), sources_path(), events_path()):
        assert path.is_file(), path
    assert control_path().is_file() and scenario_info_path().is_file()
    assert candidates_path() == timeline_dir() / "candidates.json"


def test_a_folder_holds_every_file():
    files = scenario_files(MINI)
    assert [p.name for p in files] == [
        "districts.geojson",
        "landmarks.geojson",
        "sources.yaml",
        "events.yaml",
        "control.csv",
        "scenario.yaml",
    ]
    assert {p.parent for p in files} == {Path(MINI)}
    assert candidates_path(MINI) == Path(MINI) / "candidates.json"


def test_scenario_files_of_the_bundled_scenario():
    """What the dashboard keys its caches on: geometry, timeline files and scenario.yaml."""
    assert scenario_files(None) == [
        districts_path(),
        landmarks_path(),
        sources_path(),
        events_path(),
        control_path(),
        timeline_dir() / "scenario.yaml",
    ]
    assert scenario_files("aleppo_2016") == scenario_files(None)
