"""The map's furniture: a scale bar in kilometres and a north arrow.

The scale bar is a line on the map itself (lon/lat), so plotly draws it with the map's own
projection and its length is right at any size; :func:`scale_bar` picks a round length
(1, 2 or 5 times a power of ten, in km) about a fifth of the map's width and puts it in the
map's bottom-right corner. ``assets/js/labels.mjs`` does the same for the dashboard's map
at its current zoom. The north arrow is a layout annotation (the map is an unrotated
mercator: north is up). Pure Python: no plotly.
"""

from __future__ import annotations

import math
from typing import Any

from dashboard.labels import View

SCALE_SHARE = 0.2  # the bar is about this share of the map's width
SCALE_INSET_PX = 28  # from the map's right and bottom edges
INK = "#1a1a1a"


def nice_km(km: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``km``."""
    if km <= 0:
        return 0.0
    p = 10 ** math.floor(math.log10(km))
    for step in (5, 2, 1):
        if step * p <= km:
            return step * p
    return p


def km_text(km: float) -> str:
    if km >= 1:
        return f"{km:g} km"
    return f"{round(km * 1000):d} m"


def scale_bar(view: View) -> dict[str, Any]:
    """Lon/lat of the bar (with end ticks) and its text, for a scattergeo trace drawn as
    ``lines+text``; ``km`` is its length and ``px`` its length on screen."""
    x0, _y0, x1, y1 = view.map_box()
    right, base = x1 - SCALE_INSET_PX, y1 - SCALE_INSET_PX
    lat = view.invert(right, base)[1]
    mpp = view.metres_per_pixel(lat)
    km = nice_km(SCALE_SHARE * (x1 - x0) * mpp / 1000)
    px = km * 1000 / mpp
    left = right - px
    tick = 6
    points = [
        (left, base - tick),
        (left, base),
        ((left + right) / 2, base),
        (right, base),
        (right, base - tick),
    ]
    lonlat = [view.invert(x, y) for x, y in points]
    return {
        "lon": [round(p[0], 5) for p in lonlat],
        "lat": [round(p[1], 5) for p in lonlat],
        "text": ["", "", km_text(km), "", ""],
        "km": km,
        "px": px,
        "box": (left - 4, base - 30, right + 4, base + 4),
    }


def north_arrow(
    view: View, width: float, height: float, size: float = 12, below: float | None = None
) -> dict[str, Any]:
    """A layout annotation: an arrow pointing up with an N at its foot, at the map's
    top-right corner, or under the pixel row ``below`` (paper coordinates of a ``width`` x
    ``height`` figure)."""
    head_x, head_y = _north_head(view, below)
    length = 2.2 * size
    return {
        "name": "north",
        "x": head_x / width,
        "y": 1 - head_y / height,
        "xref": "paper",
        "yref": "paper",
        "ax": 0,
        "ay": length,
        "text": "<b>N</b>",
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1.3,
        "arrowwidth": max(2.0, size / 6),
        "arrowcolor": INK,
        "font": {"size": size * 1.2, "color": INK},
        "bgcolor": "rgba(255,255,255,0.8)",
    }


def _north_head(view: View, below: float | None) -> tuple[float, float]:
    _x0, y0, x1, _y1 = view.map_box()
    top = y0 if below is None else below + 8
    return x1 - SCALE_INSET_PX, top + SCALE_INSET_PX * 0.6


def north_box(
    view: View, size: float = 12, below: float | None = None
) -> tuple[float, float, float, float]:
    """Pixels the north arrow covers (labels keep out)."""
    head_x, head_y = _north_head(view, below)
    return (head_x - size, head_y - 4, head_x + size, head_y + 3.6 * size)
