"""District geometry, landmarks, the gazetteer, topology and validation.

Pure data code: this package never imports Dash or plotly.
"""

from .areas import area_km2, centroids_lonlat
from .errors import DataError
from .gazetteer import Gazetteer, normalise
from .io import load_districts, load_landmarks
from .paths import DEFAULT_SCENARIO, districts_path, geometry_dir, landmarks_path
from .projection import metric_crs
from .text import repair_mojibake
from .topology import adjacency
from .validate import Problem, validate_geometry

__all__ = [
    "DEFAULT_SCENARIO",
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
    "metric_crs",
    "normalise",
    "repair_mojibake",
    "validate_geometry",
]
