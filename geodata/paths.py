"""Where a scenario's files are: its geometry, its timeline and what is derived from them.

A scenario is one folder holding ``districts.geojson`` and ``landmarks.geojson`` (the
geometry) next to ``sources.yaml``, ``events.yaml``, ``control.csv``, the optional
``scenario.yaml`` and the ``candidates.json`` the ingest writes (the timeline). The bundled
Aleppo scenario keeps its geometry under ``geodata/data/aleppo_2016/`` and its timeline
under ``timeline/data/aleppo_2016/``; passing ``None`` (or the bare name of a bundled
scenario that is not a folder here) means those.
"""

from __future__ import annotations

from pathlib import Path

DATA_ROOT = Path(__file__).resolve().parent / "data"
"""The bundled scenarios' geometry folders."""
TIMELINE_ROOT = Path(__file__).resolve().parent.parent / "timeline" / "data"
"""The bundled scenarios' timeline folders."""
DEFAULT_SCENARIO = "aleppo_2016"
CANDIDATES_FILE = "candidates.json"

__all__ = [
    "CANDIDATES_FILE",
    "DATA_ROOT",
    "DEFAULT_SCENARIO",
    "TIMELINE_ROOT",
    "candidates_path",
    "control_path",
    "districts_path",
    "events_path",
    "geometry_dir",
    "landmarks_path",
    "scenario_files",
    "scenario_info_path",
    "sources_path",
    "timeline_dir",
]


def _folder(scenario: str | Path | None, root: Path) -> Path:
    if scenario is None:
        return root / DEFAULT_SCENARIO
    path = Path(scenario)
    if not path.exists() and (root / path.name).is_dir() and len(path.parts) == 1:
        return root / path.name
    return path


def geometry_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding the scenario's ``districts.geojson`` and ``landmarks.geojson``.

    ``scenario`` is a folder, the name of a bundled scenario, or ``None`` for the default.
    """
    return _folder(scenario, DATA_ROOT)


def timeline_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding the scenario's timeline files (see :func:`geometry_dir`)."""
    return _folder(scenario, TIMELINE_ROOT)


def districts_path(scenario: str | Path | None = None) -> Path:
    return geometry_dir(scenario) / "districts.geojson"


def landmarks_path(scenario: str | Path | None = None) -> Path:
    return geometry_dir(scenario) / "landmarks.geojson"


def sources_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "sources.yaml"


def events_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "events.yaml"


def control_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "control.csv"


def scenario_info_path(scenario: str | Path | None = None) -> Path:
    """The optional ``scenario.yaml`` (names and the battle window)."""
    return timeline_dir(scenario) / "scenario.yaml"


def candidates_path(scenario: str | Path | None = None) -> Path:
    """Where the scenario keeps its ``candidates.json`` (next to ``control.csv``)."""
    return timeline_dir(scenario) / CANDIDATES_FILE


def scenario_files(scenario: str | Path | None = None) -> list[Path]:
    """The files a scenario's loaded and derived data depend on, in a fixed order: districts,
    landmarks, sources, events, control and ``scenario.yaml`` (which may not exist)."""
    return [
        districts_path(scenario),
        landmarks_path(scenario),
        sources_path(scenario),
        events_path(scenario),
        control_path(scenario),
        scenario_info_path(scenario),
    ]
