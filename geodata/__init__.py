"""District geometry, landmarks, the gazetteer, topology and validation.

Pure data code: this package never imports Dash or plotly.
"""

from .errors import DataError
from .paths import DEFAULT_SCENARIO, districts_path, geometry_dir, landmarks_path

__all__ = [
    "DEFAULT_SCENARIO",
    "DataError",
    "districts_path",
    "geometry_dir",
    "landmarks_path",
]
