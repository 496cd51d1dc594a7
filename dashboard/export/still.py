"""Still images: one day's slide as PNG (raster) or SVG (true vector), or every day at once.

With ``compare`` (the compare data of :func:`dashboard.compare.compare_payload`, from day A
to the slide's day B) the slide also marks what changed since A (see
:mod:`dashboard.compare_figure`): the changed districts outlined in the gaining faction's
colour, A's front line thin and dashed, the advance arrows when the data has them, a key,
and the caption "Changes 26 Nov → 6 Dec 2016 · ...". ``marks=False`` draws the arrows
alone (the slide of ``--arrows --window N``).

In an SVG the names' white halo is real SVG, not the CSS ``text-shadow`` the browser draws
(which Inkscape, Illustrator, PowerPoint and most converters ignore): :func:`svg_halos`
puts behind each name a copy of it stroked in white with round joins.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dashboard.figures import outline_lonlat

from ._render import render, render_many, slide_spec
from .output import atomic_output

STILL_FORMATS = ("png", "svg")
MAP_ASPECT = 2.2  # width / height of the map's box on a 16:9 slide (below the title lines)
HALO_COLOUR = "#ffffff"
MIN_HALO_WIDTH = 3.0  # px of stroke (half of it shows outside the letters)

_TEXT = re.compile(r"<text\b([^>]*)>(.*?)</text>", re.DOTALL)
_STYLE = re.compile(r'style="([^"]*)"')
_SHADOW = re.compile(r"\s*text-shadow:[^;\"]*;?")
_FONT_SIZE = re.compile(r"font-size:\s*([0-9.]+)px")


def _halo_width(style: str) -> float:
    """The stroke of a name's halo: a sixth of its size, at least :data:`MIN_HALO_WIDTH`."""
    size = _FONT_SIZE.search(style)
    return max(MIN_HALO_WIDTH, round(float(size.group(1)) / 6, 1) if size else 0.0)


def _with_halo(match: re.Match[str]) -> str:
    attrs, body = match.group(1), match.group(2)
    style = _STYLE.search(attrs)
    if not style or "text-shadow" not in style.group(1):
        return match.group(0)
    plain = _SHADOW.sub(" ", style.group(1)).strip()
    if plain and not plain.endswith(";"):
        plain += ";"
    width = _halo_width(plain)
    halo_style = (
        f"{plain} fill: {HALO_COLOUR}; stroke: {HALO_COLOUR}; stroke-width: {width:g}px;"
        " stroke-linejoin: round; stroke-opacity: 1;"
    )
    front = attrs.replace(style.group(0), f'style="{plain}"')
    back = attrs.replace(style.group(0), f'style="{halo_style}"')
    if re.search(r'\sclass="', back):
        back = re.sub(r'(\s)class="', r'\1class="halo ', back, count=1) + ' aria-hidden="true"'
    else:
        back += ' class="halo" aria-hidden="true"'
    return f"<text{back}>{body}</text><text{front}>{body}</text>"


def svg_halos(svg: bytes) -> bytes:
    """``svg`` with every name that has a CSS halo (``text-shadow``) given a real one: a
    copy of the text just behind it, filled and stroked white with round joins, and the
    ``text-shadow`` taken out (pure)."""
    text = svg.decode("utf-8")
    return _TEXT.sub(_with_halo, text).encode("utf-8")


def still_bytes(
    data: Mapping[str, Any],
    day: int,
    fmt: str,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    compare: Mapping[str, Any] | None = None,
    marks: bool = True,
    zoom: float | None = None,
) -> bytes:
    """The slide of ``day`` (an index into the payload's dates) as PNG or SVG bytes; with
    ``compare``, the compare slide (see :func:`compare_spec`); ``zoom`` (> 1) frames the map
    closer, centred on ``district`` (see :func:`zoomed`)."""
    _check_format(fmt)
    data = zoomed(data, district, zoom, aspect=MAP_ASPECT * width / height * 9 / 16)
    if compare is not None:
        fig = compare_spec(
            data,
            day,
            compare,
            width=width,
            height=height,
            palette=palette,
            district=district,
            marks=marks,
        )
    else:
        fig = slide_spec(data, day, width=width, height=height, palette=palette, district=district)
    image = render(fig, fmt, width, height)
    return svg_halos(image) if fmt == "svg" else image


def compare_spec(
    data: Mapping[str, Any],
    day: int,
    compare: Mapping[str, Any],
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    marks: bool = True,
) -> dict[str, Any]:
    """The slide of ``day`` (B) as a figure dict with the compare marks of ``compare`` (from
    day A to B) and its caption. ``ValueError`` when ``compare`` does not end on ``day``."""
    from dashboard.compare_figure import compare_summary, compare_traces, insert_overlay
    from dashboard.markup import plotly_text

    payload = data["payload"]
    if compare["to"] != payload["dates"][day]:
        raise ValueError(f"the compare data ends on {compare['to']}, not {payload['dates'][day]}")
    spec = slide_spec(data, day, width=width, height=height, palette=palette, district=district)
    traces = compare_traces(payload, data["geojson"], compare, palette, marks=marks)
    insert_overlay(spec, payload, traces)
    for note in spec["layout"].get("annotations", []):
        if note.get("name") == "caption":
            note["text"] = plotly_text(compare_summary(payload, compare, marks=marks))
    return spec


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
    compare: Mapping[str, Any] | None = None,
    marks: bool = True,
) -> Path:
    """Write the slide of ``day`` to ``out`` (atomically and checked: whole file or no file);
    ``compare`` and ``marks`` as in :func:`still_bytes`."""
    image = still_bytes(
        data,
        day,
        fmt,
        width=width,
        height=height,
        palette=palette,
        district=district,
        compare=compare,
        marks=marks,
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
            if fmt == "svg":
                image = svg_halos(image)
            path = Path(out_dir) / f"{date}.{fmt}"
            stack.enter_context(atomic_output(path, fmt)).write_bytes(image)
            written.append(path)
            if on_image is not None:
                on_image(path)
    return written


def _check_format(fmt: str) -> None:
    if fmt not in STILL_FORMATS:
        raise ValueError(f"unknown still format {fmt!r}: choose png or svg")
