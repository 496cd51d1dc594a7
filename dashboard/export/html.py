"""A standalone HTML page of the whole battle that works opened from disk, offline.

One file: plotly.js's geo bundle inlined (:mod:`dashboard.vendor`), the empty world
topojson defined in ``window.PlotlyGeoAssets`` before plotly.js loads (so the geo map
fetches nothing), the map with one plotly frame per day (district colours, outlines, hover
text, front line, date and caption) and the data credits. With ``per_day`` N > 1, N - 1
interpolated moments follow each day (group ``moments``), so the front moves smoothly.

The page plays the battle with the browser modules the dashboard and ``/embed`` use
(``assets/js/standalone.mjs`` and its imports, inlined by :mod:`dashboard.export.modules`,
since a page opened from disk cannot import modules): the same playback engine, so the same
moments at the same speed and the same loop. Its controls are plain HTML: Play/Pause, a
date slider, the date, the speed and a loop switch. Same data in, same bytes out: the
plot's div id is fixed and nothing depends on the clock.

:func:`html_figure` with ``captions=False`` gives the bare animated map (no date or caption
above it, no margins) that the ``/embed`` page draws.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.io as pio

from dashboard.figures import map_figure, trace_indices
from dashboard.labels import live_names_meta
from dashboard.markup import plotly_text
from dashboard.vendor import plotly_geo_js

from ._pack import pack
from ._render import EMPTY_TOPOLOGY, FONT_FAMILY, INK, MUTED, atomic_output, caption
from .frames import day_frame, frame_names, plot_frames
from .modules import inline_script

DIV_ID = "frontline-map"
SPEEDS = (0.5, 1.0, 2.0, 4.0)  # days per second, as in the dashboard's and /embed's menus
DEFAULT_SPEED = 1.0
ENTRY = ("standalone.mjs", "startStandalone")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Frontline Atlas</title>
<style>
body {{ margin: 0; font-family: {font}; color: {ink}; background: #ffffff;
  display: flex; flex-direction: column; min-height: 100vh; }}
header {{ padding: 12px 20px 0; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
header p {{ margin: 0; color: {muted}; font-size: 14px; }}
main {{ flex: 1 1 auto; display: flex; flex-direction: column; }}
#map-box {{ flex: 1 1 auto; height: calc(100vh - 170px); min-height: 480px; padding: 0 12px; }}
#{div} {{ width: 100%; height: 100%; }}
#bar {{ display: flex; align-items: center; gap: 12px; padding: 6px 20px;
  border-top: 1px solid #dddddd; font-size: 14px; }}
#bar button, #bar select {{ font: inherit; height: 30px; }}
#play {{ width: 7em; white-space: nowrap; }}
#slider {{ flex: 1 1 auto; min-width: 120px; margin: 0; }}
#date {{ white-space: nowrap; font-weight: 600; min-width: 11em; }}
#bar label {{ white-space: nowrap; color: {muted}; }}
footer {{ padding: 4px 20px 12px; color: {muted}; font-size: 12px; max-width: 1100px; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
.skip {{ position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: #ffffff;
  color: {ink}; border: 2px solid #1a4f8b; z-index: 10; }}
.skip:focus {{ top: 8px; }}
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible {{
  outline: 3px solid #1a4f8b; outline-offset: 2px; }}
</style>
<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {topology}}}}};
// plotly rejects the promise of an animation that another one interrupts, with no reason:
// that is not an error, so it must not reach the console as one.
window.addEventListener("unhandledrejection", function (e) {{
  if (e.reason === undefined) {{ e.preventDefault(); }}
}});
</script>
<script>{plotlyjs}</script>
</head>
<body>
<a class="skip" href="#play">Skip to Play and the date slider</a>
<header>
<h1>{title}</h1>
<p>{span}. Press Play (or the space bar) or move the slider (arrow keys step a day);
hover over a district to see who held it.</p>
</header>
<main>
<div id="map-box">
<div id="{div}" role="figure" aria-label="{title}: map of control by district"
 aria-describedby="map-description"></div>
</div>
<p id="map-description" class="sr-only">{description}</p>
<div id="announce" class="sr-only" role="status"></div>
<div id="bar" role="group" aria-label="Playback">
<button id="play" type="button" aria-pressed="false">&#9654; Play</button>
<input id="slider" type="range" min="0" max="{last}" step="1" value="0" aria-label="Date">
<span id="date">{first}</span>
<label>Speed <select id="speed" aria-label="Speed, days per second">{speeds}</select></label>
<label><input id="loop" type="checkbox"> Loop</label>
</div>
</main>
<footer><p>{credits}</p></footer>
<script type="application/json" id="frontline-figure">{figure}</script>
<script type="application/json" id="frontline-meta">{meta}</script>
<script>{script}</script>
</body>
</html>
"""


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&``)."""
    text = pio.json.to_json_plotly(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def speed_options(speeds: tuple[float, ...], default: float) -> str:
    """The ``<option>`` elements of a speed menu (days per second)."""
    return "".join(
        f'<option value="{s:g}"{" selected" if s == default else ""}>{s:g} day/s</option>'
        for s in speeds
    )


def _annotations(payload: Mapping[str, Any], day: int) -> list[dict[str, Any]]:
    """The date and the day's caption, above the map."""
    common = {"xref": "paper", "yref": "paper", "x": 0, "y": 1, "xanchor": "left"}
    common |= {"yanchor": "bottom", "showarrow": False, "align": "left"}
    return [
        common
        | {
            "name": "date",
            "text": f"<b>{payload['long_labels'][day]}</b>",
            "yshift": 34,
            "font": {"size": 20, "color": INK, "family": FONT_FAMILY},
        },
        common
        | {
            "name": "caption",
            "text": plotly_text(caption(payload, day)),
            "yshift": 8,
            "font": {"size": 15, "color": MUTED, "family": FONT_FAMILY},
        },
    ]


def html_figure(
    data: Mapping[str, Any],
    *,
    palette: str = "conventional",
    per_day: int = 1,
    captions: bool = True,
) -> dict[str, Any]:
    """The figure (as plotly JSON): the first day's map and a frame per day (and ``per_day``
    - 1 interpolated moments after each), named in playing order by :func:`frame_names`
    (pure). Each day's frame sets the date and caption above the map.

    ``captions=False`` leaves out the date and caption and the margins: the bare animated map.
    """
    payload = data["payload"]
    fig = map_figure(
        payload,
        data["geojson"],
        data["landmarks"],
        day=0,
        palette=palette,
        frame=day_frame(payload, 0, per_day),
    )
    if not captions:
        fig.update_layout(autosize=True, height=None, uirevision=None)
        spec = fig.to_plotly_json()
        spec["frames"] = plot_frames(data, palette, per_day)
        return spec
    north = [a.to_plotly_json() for a in fig.layout.annotations]  # the map's north arrow
    fig.layout.annotations = ()
    fig.update_layout(
        autosize=True,
        height=None,
        margin={"l": 8, "r": 8, "t": 72, "b": 8},
        paper_bgcolor="#ffffff",
        font={"family": FONT_FAMILY, "color": INK},
        annotations=[*_annotations(payload, 0), *north],
        uirevision=None,
    )
    spec = fig.to_plotly_json()
    spec["frames"] = plot_frames(
        data,
        palette,
        per_day,
        day_layout=lambda day: {"annotations": [*_annotations(payload, day), *north]},
    )
    return spec


def html_meta(payload: Mapping[str, Any], *, per_day: int) -> dict[str, Any]:
    """What the page's script needs besides the figure: days, labels, frame names, speeds."""
    return {
        "dates": payload["dates"],
        "long_labels": payload["long_labels"],
        "per_day": per_day,
        "frames": frame_names(payload, per_day),
        "speed": {"default": DEFAULT_SPEED},
        "descriptions": payload.get("descriptions") or [],
        "div": DIV_ID,
        "names_layer": live_names_meta(payload, trace_indices(len(payload["map"]["factions"]))),
    }


def html_document(
    data: Mapping[str, Any], *, palette: str = "conventional", per_day: int = 1
) -> str:
    """The whole standalone page as text (pure; deterministic for the same data).

    The figure is written packed (:mod:`dashboard.export._pack`: repeated strings once,
    coordinates as small differences) and unpacked by the page before ``Plotly.newPlot``.
    """
    payload = data["payload"]
    dates = payload["long_labels"]
    span = f"{dates[0]} to {dates[-1]}" if dates else ""
    figure = pack(html_figure(data, palette=palette, per_day=per_day))
    return _PAGE.format(
        title=html.escape(payload.get("title") or "Frontline Atlas"),
        font=FONT_FAMILY,
        ink=INK,
        muted=MUTED,
        div=DIV_ID,
        topology=EMPTY_TOPOLOGY,
        plotlyjs=plotly_geo_js(),
        span=html.escape(span),
        last=len(payload["dates"]) - 1,
        first=html.escape(dates[0] if dates else ""),
        description=html.escape((payload.get("descriptions") or [""])[0]),
        speeds=speed_options(SPEEDS, DEFAULT_SPEED),
        credits=html.escape(data.get("credits") or ""),
        figure=script_json(figure),
        meta=script_json(html_meta(payload, per_day=per_day)),
        script=inline_script(*ENTRY),
    )


def export_html(
    data: Mapping[str, Any], out: Path, *, palette: str = "conventional", per_day: int = 1
) -> Path:
    """Write :func:`html_document` to ``out`` as UTF-8 (atomically)."""
    page = html_document(data, palette=palette, per_day=per_day).encode("utf-8")
    with atomic_output(out, "html") as tmp:
        tmp.write_bytes(page)
    return Path(out)
