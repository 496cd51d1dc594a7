"""Where a scenario's files are: its geometry, its timeline and what is derived from them.

A scenario is one folder holding ``scenario.yaml`` (the factions and the battle window),
``districts.geojson``, the optional ``landmarks.geojson``, ``sources.yaml``, ``events.yaml``,
``control.csv`` and the ``candidates.json`` the ingest writes. The bundled scenarios are
folders under ``timeline/data/`` (Aleppo's is ``timeline/data/aleppo_2016/``); passing
``None`` (or the bare name of a bundled scenario that is not a folder here) means one of those.
"""

from __future__ import annotations

from pathlib import Path

SCENARIOS_ROOT = Path(__file__).resolve().parent.parent / "timeline" / "data"
"""The folder holding the bundled scenarios, one folder each."""
DEFAULT_SCENARIO = "aleppo_2016"
CANDIDATES_FILE = "candidates.json"

__all__ = [
    "CANDIDATES_FILE",
    "DEFAULT_SCENARIO",
    "SCENARIOS_ROOT",
    "candidates_path",
    "control_path",
    "districts_path",
    "events_path",
    "geometry_dir",
    "landmarks_path",
    "scenario_dir",
    "scenario_files",
    "scenario_info_path",
    "sources_path",
    "timeline_dir",
]


def scenario_dir(scenario: str | Path | None = None) -> Path:
    """The scenario's folder: ``scenario`` is a folder, the name of a bundled scenario, or
    ``None`` for the default (Aleppo 2016)."""
    if scenario is None:
        return SCENARIOS_ROOT / DEFAULT_SCENARIO
    path = Path(scenario)
    if not path.exists() and (SCENARIOS_ROOT / path.name).is_dir() and len(path.parts) == 1:
        return SCENARIOS_ROOT / path.name
    return path


def geometry_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding the scenario's ``districts.geojson`` and ``landmarks.geojson``
    (the scenario's folder, see :func:`scenario_dir`)."""
    return scenario_dir(scenario)


def timeline_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding the scenario's timeline files (the scenario's folder)."""
    return scenario_dir(scenario)


def districts_path(scenario: str | Path | None = None) -> Path:
    return geometry_dir(scenario) / "districts.geojson"


def landmarks_path(scenario: str | Path | None = None) -> Path:
    """The optional ``landmarks.geojson`` (no file: no landmarks)."""
    return geometry_dir(scenario) / "landmarks.geojson"


def sources_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "sources.yaml"


def events_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "events.yaml"


def control_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "control.csv"


def scenario_info_path(scenario: str | Path | None = None) -> Path:
    """``scenario.yaml``: names, the battle window and the factions."""
    return timeline_dir(scenario) / "scenario.yaml"


def candidates_path(scenario: str | Path | None = None) -> Path:
    """Where the scenario keeps its ``candidates.json`` (next to ``control.csv``)."""
    return timeline_dir(scenario) / CANDIDATES_FILE


def scenario_files(scenario: str | Path | None = None) -> list[Path]:
    """The files a scenario's loaded and derived data depend on, in a fixed order: districts,
    landmarks (which may not exist), sources, events, control and ``scenario.yaml``."""
    return [
        districts_path(scenario),
        landmarks_path(scenario),
        sources_path(scenario),
        events_path(scenario),
        control_path(scenario),
        scenario_info_path(scenario),
    ]
