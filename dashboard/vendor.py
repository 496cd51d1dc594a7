"""The files the package ships (:data:`ASSETS_DIR`) and in them the vendored plotly.js geo
bundle (``assets/vendor/plotly-geo.min.js``).

plotly.js's ready-made geo bundle holds the choropleth, scattergeo and scatter traces: all
that the offline map, the embed page and the area chart draw. It is a third of the full
bundle to download and to compile. The full bundle (which the ``plotly`` package ships and
Dash serves) is needed only for tile maps: the dashboard fetches it when a reader turns the
street map on. The server serves the geo bundle from memory at :data:`PLOTLY_GEO_ROUTE`
with its version in the query string, so browsers may keep it for a year.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# The repository's assets/ folder, installed as the ``dashboard.assets`` package.
ASSETS_DIR = Path(str(files("dashboard.assets")))
PLOTLY_GEO = "vendor/plotly-geo.min.js"
PLOTLY_GEO_ROUTE = "/_frontline/plotly-geo.min.js"


def plotly_geo_path() -> Path:
    """Where the bundle lives (inside the installed ``dashboard.assets`` package)."""
    return ASSETS_DIR / PLOTLY_GEO


@lru_cache(maxsize=1)
def plotly_geo_js() -> str:
    """The bundle's text (read once per process)."""
    return plotly_geo_path().read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def plotly_geo_version() -> str:
    """The plotly.js version of the bundle, from its header (``"unknown"`` without one)."""
    found = re.search(r"plotly\.js \(geo - minified\) v(\S+)", plotly_geo_js()[:400])
    return found.group(1) if found else "unknown"


def plotly_geo_url() -> str:
    """The bundle's path on the dashboard's server, versioned for caching."""
    return f"{PLOTLY_GEO_ROUTE}?v={plotly_geo_version()}"
