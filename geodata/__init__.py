"""District geometry, landmarks, the gazetteer, topology and validation.

Pure data code: this package never imports Dash or plotly.
"""

from .areas import METRIC_CRS, area_km2, centroids_lonlat
from .errors import DataError
from .gazetteer import Gazetteer, normalise
from .io import load_districts, load_landmarks
from .paths import DEFAULT_SCENARIO, districts_path, geometry_dir, landmarks_path
from .text import repair_mojibake
from .topology import adjacency
from .validate import Problem, validate_geometry

__all__ = [
    "DEFAULT_SCENARIO",
    "METRIC_CRS",
    "DataError",
    "Gazetteer",
    "Problem",
    "adjacency",
    "area_km2",
    "centroids_lonlat",
    "districts_path",
    "geometry_dir",
    "landmarks_path",
    "load_districts",
    "load_landmarks",
    "normalise",
    "repair_mojibake",
    "validate_geometry",
]
