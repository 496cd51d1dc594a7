"""The ``/embed`` page: the animated map alone, sized to its frame, driven from the URL and
by ``postMessage`` (pure: data in, HTML text out).

The figure is :func:`dashboard.export.html_figure` without its date and caption: the first
day's map plus a plotly frame per day and per interpolated moment, so playback moves the
front smoothly. plotly.js is not inlined but loaded from ``plotly_src`` (the Dash server's own
copy); the empty world topojson is defined inline, so the page asks nothing of any other
host. Two empty line traces at the end of the figure draw the outline of the chosen
district (frames never touch them).

On a phone (480 px wide or less, or a touch screen up to 900 px) the bar takes two rows:
the date large between the day before and after (44 px targets) and Play, then the slider
across the whole width. The wheel and one finger over the map scroll the host page (see
assets/js/gestures.mjs).

Everything that depends on the query string (date, district, autoplay, speed, controls)
is read in the browser, so one page serves every view of a palette. The page's script is
the browser module ``assets/js/embed.mjs`` and its imports (the playback engine the
dashboard and the standalone page share, the shared date parsing), inlined by
:mod:`dashboard.export.modules`; ``embed-params.mjs`` and ``embed-messaging.mjs`` document
the parameters and messages. Same data in, same bytes out.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from dashboard.figures import (
    CONTESTED_LABEL,
    SELECTED_OUTLINE,
    factions_of,
    palette_colours,
    trace_indices,
)
from dashboard.labels import live_names_meta
from dashboard.markup import plotly_text
from dashboard.palettes import DEFAULT_PALETTE, PALETTES

from ._render import FONT_FAMILY, INK, MUTED
from .frames import frame_names
from .html import (
    DEFAULT_SPEED,
    EMPTY_TOPOLOGY,
    SPEEDS,
    html_figure,
    script_json,
    speed_options,
)
from .modules import inline_script

DIV_ID = "frontline-map"


def favicon(payload: Mapping[str, Any], palette: str) -> str:
    """An inline icon (so the browser asks the server for no favicon.ico): a stripe of
    each faction's colour in the palette."""
    colours = [palette_colours(payload, palette)[f] for f in factions_of(payload)]
    width = 16 / len(colours)
    rects = "".join(
        f"%3Crect x='{i * width:g}' width='{width:g}' height='16' fill='%23{c.lstrip('#')}'/%3E"
        for i, c in enumerate(colours)
    )
    return (
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
        f"{rects}%3C/svg%3E"
    )


CONTROLS = ("none", "slider", "full")
SPEED_RANGE = (0.5, 4.0)  # days per second (the menu's SPEEDS are the standalone page's)
ENTRY = ("embed.mjs", "startEmbed")


def short_names(payload: Mapping[str, Any]) -> dict[int, str]:
    """The embed's key, one short row: trace index -> short name of each faction's swatch,
    the contested one and the front (the river, road and landmarks explain themselves)."""
    m = payload["map"]
    traces = trace_indices(len(m["factions"]))
    names = {
        traces["legend"] + i: plotly_text(m["share_labels"][f]) for i, f in enumerate(m["factions"])
    }
    names[traces["legend"] + len(m["factions"])] = CONTESTED_LABEL
    names[traces["front"]] = "Front line"
    return names


def unlisted(payload: Mapping[str, Any]) -> tuple[int, ...]:
    """The traces the embed's key leaves out: river, roads, landmarks."""
    traces = trace_indices(len(factions_of(payload)))
    return (traces["river"], traces["roads"], traces["landmarks"])


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Frontline Atlas</title>
<link rel="icon" href="{favicon}">
<style>
html, body {{ margin: 0; padding: 0; width: 100%; height: 100%; overflow: hidden; }}
body {{ font: 13px/1.3 {font}; color: {ink}; background: #ffffff; }}
#embed {{ display: flex; flex-direction: column; width: 100vw; height: 100vh; }}
#map-box {{ position: relative; flex: 1 1 auto; min-height: 0; }}
#map-box {{ touch-action: pan-x pan-y; }}
#{div} {{ position: absolute; inset: 0; }}
.map-hint {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; padding: 0 16px; text-align: center; font-size: 18px;
  font-weight: 700; color: #ffffff; background: rgba(29, 29, 27, 0.45);
  pointer-events: none; opacity: 0; transition: opacity 0.2s; }}
.map-hint.shown {{ opacity: 1; }}
#badge {{ position: absolute; top: 6px; right: 8px; padding: 2px 6px; border-radius: 3px;
  background: rgba(255, 255, 255, 0.85); font-weight: 600; pointer-events: none; }}
#bar {{ flex: 0 0 auto; display: flex; align-items: center; gap: 8px; padding: 4px 8px;
  border-top: 1px solid #dddddd; }}
#bar button, #bar select {{ font: inherit; height: 26px; }}
#play {{ min-width: 30px; }}
#slider {{ flex: 1 1 auto; min-width: 60px; margin: 0; }}
#date {{ white-space: nowrap; font-weight: 600; min-width: 6.5em; }}
#open {{ color: {muted}; white-space: nowrap; }}
body.controls-none #bar, body:not(.controls-none) #badge {{ display: none; }}
body:not(.controls-full) .full {{ display: none; }}
.step {{ display: none; }}
#first-paint {{ position: absolute; inset: 0; background: #ffffff; pointer-events: none; }}
#first-paint .fp-svg {{ display: block; width: 100%; height: 100%; }}
@media (max-width: 480px), (max-width: 900px) and (pointer: coarse) {{
  #bar {{ flex-wrap: wrap; gap: 4px 8px; padding: 6px 10px 8px; }}
  #bar .step, #bar #play {{ display: block; width: 44px; height: 44px; font-size: 20px;
    flex: 0 0 auto; }}
  #prev {{ order: 1; }} #date {{ order: 2; flex: 1 1 auto; text-align: center;
    font-size: 20px; }} #next {{ order: 3; }} #play {{ order: 4; }}
  #slider {{ order: 5; flex: 1 1 100%; height: 36px; }}
  #speed {{ order: 6; }} #open {{ order: 7; }}
}}
</style>
</head>
<body class="controls-slider">
<main id="embed">
<div id="map-box">
<div id="{div}" role="figure" aria-label="{title}: map of control by district"></div>
<div id="badge" aria-hidden="true"></div>
<!--first-paint-->
</div>
<div id="bar">
<button id="prev" class="step" type="button" aria-label="Previous day">&#8249;</button>
<button id="next" class="step" type="button" aria-label="Next day">&#8250;</button>
<button id="play" type="button" aria-pressed="false" aria-label="Play">&#9654;</button>
<input id="slider" type="range" min="0" max="{last}" step="1" value="0" aria-label="Date">
<span id="date" aria-live="polite"></span>
<select id="speed" class="full" aria-label="Speed, days per second">{speeds}</select>
<a id="open" class="full" href="./" target="_blank" rel="noopener">Open the atlas</a>
</div>
</main>
<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {topology}}}}};
// plotly rejects the promise of an animation that another one interrupts, with no reason:
// that is not an error, so it must not reach the console as one.
window.addEventListener("unhandledrejection", function (e) {{
  if (e.reason === undefined) {{ e.preventDefault(); }}
}});
</script>
<script src="{plotly_src}"></script>
<script type="application/json" id="frontline-figure">{figure}</script>
<script type="application/json" id="frontline-meta">{meta}</script>
<script>{script}</script>
</body>
</html>
"""


def _outline_trace(colour: str, width: float, name: str) -> dict[str, Any]:
    return {
        "type": "scattergeo",
        "lon": [],
        "lat": [],
        "mode": "lines",
        "line": {"color": colour, "width": width},
        "hoverinfo": "skip",
        "showlegend": False,
        "name": name,
    }


def embed_figure(data: Mapping[str, Any], *, palette: str, per_day: int) -> dict[str, Any]:
    """The bare animated map (see :func:`html_figure`) with two empty outline traces at the end."""
    fig = html_figure(data, palette=palette, per_day=per_day, captions=False)
    for i, name in short_names(data["payload"]).items():
        fig["data"][i]["name"] = name
    for i in unlisted(data["payload"]):
        fig["data"][i]["showlegend"] = False
    fig["data"] = [
        *fig["data"],
        _outline_trace("#ffffff", 8, "outline-halo"),
        _outline_trace(SELECTED_OUTLINE, 4, "outline"),
    ]
    fig["layout"]["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    # A compact key along the bottom: a legend in the corner hides the map in small frames.
    fig["layout"]["legend"] = {
        **fig["layout"].get("legend", {}),
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 0,
        "yanchor": "bottom",
        "font": {"size": 11},
        "itemwidth": 30,
    }
    return fig


def embed_meta(payload: Mapping[str, Any], *, palette: str, per_day: int) -> dict[str, Any]:
    """What the page's script needs besides the figure: days, districts, frame names, limits."""
    return {
        "title": payload.get("title") or "Frontline Atlas",
        "dates": payload["dates"],
        "labels": payload["labels"],
        "long_labels": payload["long_labels"],
        "ids": payload["ids"],
        "names": payload["names"],
        "aliases": payload.get("aliases") or [],
        "per_day": per_day,
        "frames": frame_names(payload, per_day),
        "palette": palette,
        "default_palette": DEFAULT_PALETTE,
        "palettes": sorted(PALETTES),
        "controls": list(CONTROLS),
        "speed": {"min": SPEED_RANGE[0], "max": SPEED_RANGE[1], "default": DEFAULT_SPEED},
        "div": DIV_ID,
        "stories": payload.get("stories") or {},
        "traces": {
            k: v
            for k, v in trace_indices(len(factions_of(payload))).items()
            if k in ("districts", "landmarks")
        },
        "names_layer": live_names_meta(payload, trace_indices(len(factions_of(payload)))),
    }


# Where a server-drawn first paint of the view goes (see :func:`with_first_paint`).
FIRST_PAINT_MARK = "<!--first-paint-->"


def with_first_paint(page: str, svg: str, day: int) -> str:
    """``page`` (an :func:`embed_document`) with ``svg`` (:mod:`dashboard.firstpaint`) over
    its map until the map has drawn (assets/js/embed.mjs drops it)."""
    part = f'<div id="first-paint" data-day="{day}">{svg}</div>'
    return page.replace(FIRST_PAINT_MARK, part, 1)


def embed_document(
    data: Mapping[str, Any], *, palette: str, plotly_src: str, per_day: int | None = None
) -> str:
    """The whole ``/embed`` page as text (pure; deterministic for the same arguments).

    ``plotly_src`` is the URL plotly.js is loaded from; ``per_day`` the pictures a day
    (default: every interpolated moment the payload holds).
    """
    payload = data["payload"]
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}: choose one of {', '.join(PALETTES)}")
    if per_day is None:
        per_day = int(payload.get("per_day") or 1) if payload.get("frames") else 1
    return _PAGE.format(
        title=html.escape(payload.get("title") or "Frontline Atlas"),
        favicon=favicon(payload, palette),
        font=FONT_FAMILY,
        ink=INK,
        muted=MUTED,
        div=DIV_ID,
        last=len(payload["dates"]) - 1,
        speeds=speed_options(SPEEDS, DEFAULT_SPEED),
        topology=EMPTY_TOPOLOGY,
        plotly_src=html.escape(plotly_src),
        figure=script_json(embed_figure(data, palette=palette, per_day=per_day)),
        meta=script_json(embed_meta(payload, palette=palette, per_day=per_day)),
        script=inline_script(*ENTRY),
    )
