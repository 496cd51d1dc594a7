"""Where a scenario's geometry files are.

A scenario is one folder holding ``districts.geojson`` and ``landmarks.geojson`` (and the
timeline files). The bundled Aleppo scenario keeps its geometry here, under
``geodata/data/aleppo_2016/``; passing ``None`` means that one.
"""

from __future__ import annotations

from pathlib import Path

DATA_ROOT = Path(__file__).resolve().parent / "data"
DEFAULT_SCENARIO = "aleppo_2016"


def geometry_dir(scenario: str | Path | None = None) -> Path:
    """The folder holding the scenario's ``districts.geojson`` and ``landmarks.geojson``.

    ``scenario`` is a folder, the name of a bundled scenario, or ``None`` for the default.
    """
    if scenario is None:
        return DATA_ROOT / DEFAULT_SCENARIO
    path = Path(scenario)
    if not path.exists() and (DATA_ROOT / path.name).is_dir() and len(path.parts) == 1:
        return DATA_ROOT / path.name
    return path


def districts_path(scenario: str | Path | None = None) -> Path:
    return geometry_dir(scenario) / "districts.geojson"


def landmarks_path(scenario: str | Path | None = None) -> Path:
    return geometry_dir(scenario) / "landmarks.geojson"
