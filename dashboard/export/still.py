"""Still images: one day's slide as PNG (raster) or SVG (true vector), or every day at once."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dashboard.figures import outline_lonlat

from ._render import render, render_many, slide_spec
from .output import atomic_output

STILL_FORMATS = ("png", "svg")
MAP_ASPECT = 2.2  # width / height of the map's box on a 16:9 slide (below the title lines)


def still_bytes(
    data: Mapping[str, Any],
    day: int,
    fmt: str,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    zoom: float | None = None,
) -> bytes:
    """The slide of ``day`` (an index into the payload's dates) as PNG or SVG bytes;
    ``zoom`` (> 1) frames the map closer, centred on ``district`` (see :func:`zoomed`)."""
    _check_format(fmt)
    data = zoomed(data, district, zoom, aspect=MAP_ASPECT * width / height * 9 / 16)
    fig = slide_spec(data, day, width=width, height=height, palette=palette, district=district)
    return render(fig, fmt, width, height)


def zoomed(
    data: Mapping[str, Any],
    centre: str | None = None,
    zoom: float | None = None,
    *,
    aspect: float = MAP_ASPECT,
) -> Mapping[str, Any]:
    """``data`` with the map framed ``zoom`` times closer than the whole map, centred on the
    district ``centre`` (an id; ``None``: the middle of the map), for :func:`slide_spec`
    (pure). ``aspect`` is the width / height of the map's box on the slide.

    The slide frames the map on the payload's ``map.places.bounds``: this gives a copy whose
    bounds are the zoomed window, as wide as the map's box (so the map fills it), so the
    names, the scale bar and the north arrow are placed for what the slide shows. The rest of
    ``data`` is shared, not copied. ``zoom`` of ``None`` or at most 1 changes nothing.
    """
    if not zoom or zoom <= 1:
        return data
    payload = data["payload"]
    places = payload["map"].get("places") or {}
    if not places.get("bounds"):
        return data
    lo0, la0, lo1, la1 = places["bounds"]
    cx, cy = (lo0 + lo1) / 2, (la0 + la1) / 2
    if centre is not None:
        lons, lats = outline_lonlat(data["geojson"], [centre])
        lons, lats = [x for x in lons if x is not None], [y for y in lats if y is not None]
        if lons:
            cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    # Degrees of longitude the whole map's box shows across, then ``zoom`` times fewer; a
    # degree of latitude is 1 / cos(lat) degrees of longitude long on a Mercator map.
    stretch = 1 / math.cos(math.radians(cy))
    across = max(lo1 - lo0, (la1 - la0) * stretch * aspect) / zoom
    half_lon, half_lat = across / 2, across / aspect / stretch / 2
    bounds = [cx - half_lon, cy - half_lat, cx + half_lon, cy + half_lat]
    view_map = {**payload["map"], "places": {**places, "bounds": bounds}}
    return {**data, "payload": {**payload, "map": view_map}}


def export_still(
    data: Mapping[str, Any],
    day: int,
    fmt: str,
    out: Path,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
) -> Path:
    """Write the slide of ``day`` to ``out`` (atomically and checked: whole file or no file)."""
    image = still_bytes(
        data, day, fmt, width=width, height=height, palette=palette, district=district
    )
    with atomic_output(out, fmt) as tmp:
        tmp.write_bytes(image)
    return Path(out)


def export_all_stills(
    data: Mapping[str, Any],
    fmt: str,
    out_dir: Path,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    on_image: Callable[[Path], None] | None = None,
) -> list[Path]:
    """One slide per day as ``out_dir/YYYY-MM-DD.<fmt>``; ``on_image`` is told of each file.

    All or nothing: every image goes to a temporary file and is checked; only when all are
    written are they renamed to their dates, so a failure (a full disk, a signal) leaves the
    folder as it was.
    """
    _check_format(fmt)
    dates = data["payload"]["dates"]
    figs = (
        slide_spec(data, day, width=width, height=height, palette=palette, district=district)
        for day in range(len(dates))
    )
    written = []
    with contextlib.ExitStack() as stack:
        for date, image in zip(dates, render_many(figs, fmt, width, height)):
            path = Path(out_dir) / f"{date}.{fmt}"
            stack.enter_context(atomic_output(path, fmt)).write_bytes(image)
            written.append(path)
            if on_image is not None:
                on_image(path)
    return written


def _check_format(fmt: str) -> None:
    if fmt not in STILL_FORMATS:
        raise ValueError(f"unknown still format {fmt!r}: choose png or svg")
