"""Where a scenario's timeline files are (``sources.yaml``, ``events.yaml``, ``control.csv``).

The bundled Aleppo scenario keeps them under ``timeline/data/aleppo_2016/``; a scenario
passed as a folder holds them next to its geometry.
"""

from __future__ import annotations

from pathlib import Path

DATA_ROOT = Path(__file__).resolve().parent / "data"
DEFAULT_SCENARIO = "aleppo_2016"


def timeline_dir(scenario: str | Path | None = None) -> Path:
    if scenario is None:
        return DATA_ROOT / DEFAULT_SCENARIO
    path = Path(scenario)
    if not path.exists() and (DATA_ROOT / path.name).is_dir() and len(path.parts) == 1:
        return DATA_ROOT / path.name
    return path


def sources_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "sources.yaml"


def events_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "events.yaml"


def control_path(scenario: str | Path | None = None) -> Path:
    return timeline_dir(scenario) / "control.csv"
