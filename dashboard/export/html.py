"""A standalone HTML page of the whole battle that works opened from disk, offline.

One file: plotly.js inlined, the empty world topojson defined in ``window.PlotlyGeoAssets``
before plotly.js loads (so the geo map fetches nothing), and the map with one plotly frame
per day (district colours, outlines, hover text, front line, date and caption), a slider, a
Play/Pause pair and the data credits. Same data in, same bytes out: the plot's div id is
fixed and nothing depends on the clock.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.figures import TRACE_DISTRICTS, TRACE_FRONT, day_style, map_figure

from ._render import FONT_FAMILY, INK, MUTED, atomic_output, caption

DIV_ID = "frontline-map"
EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'
PLAY_MS = 700

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Frontline Atlas</title>
<style>
body {{ margin: 0; font-family: {font}; color: {ink}; background: #ffffff; }}
header {{ padding: 12px 20px 0; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
header p {{ margin: 0; color: {muted}; font-size: 14px; }}
#map-box {{ height: calc(100vh - 150px); min-height: 520px; padding: 0 12px; }}
footer {{ padding: 4px 20px 12px; color: {muted}; font-size: 12px; max-width: 1100px; }}
</style>
<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {topology}}}}};
// plotly rejects the promise of an animation that Pause or the slider interrupts, with no
// reason: that is not an error, so it must not reach the console as one.
window.addEventListener("unhandledrejection", function (e) {{
  if (e.reason === undefined) {{ e.preventDefault(); }}
}});
</script>
<script>{plotlyjs}</script>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{span}. Press Play or drag the slider; hover over a district to see who held it.</p>
</header>
<main id="map-box">
{plot}
</main>
<footer><p>{credits}</p></footer>
</body>
</html>
"""


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
            "text": html.escape(caption(payload, day), quote=False),
            "yshift": 8,
            "font": {"size": 15, "color": MUTED, "family": FONT_FAMILY},
        },
    ]


def _frames(payload: Mapping[str, Any], palette: str) -> list[dict[str, Any]]:
    """A frame per day (group ``days``) and one per distinct front line (group ``fronts``).

    A front line often stays the same for days and is the heaviest part of a frame, so
    each distinct line is stored once and day frames name it as their ``baseframe``.
    Frames are plain dicts: plotly's validation of 38 x 133 arrays costs seconds.
    """
    frames: list[dict[str, Any]] = []
    front_frame: dict[str, str] = {}
    for day, date in enumerate(payload["dates"]):
        lons, lats, _ = payload["fronts"][day]
        key = json.dumps([lons, lats])
        if key not in front_frame:
            front_frame[key] = f"front-{len(front_frame)}"
            frames.append(
                {
                    "name": front_frame[key],
                    "group": "fronts",
                    "data": [{"type": "scattergeo", "lon": lons, "lat": lats}],
                    "traces": [TRACE_FRONT],
                }
            )
        style = day_style(payload, day, palette)
        districts = {
            "type": "choropleth",
            "colorscale": style["colorscale"],
            "hovertext": style["hovertext"],
            "marker": {"line": {"color": style["line_colour"], "width": style["line_width"]}},
        }
        frames.append(
            {
                "name": date,
                "group": "days",
                "baseframe": front_frame[key],
                "data": [districts],
                "traces": [TRACE_DISTRICTS],
                "layout": {"annotations": _annotations(payload, day)},
            }
        )
    return frames


def _animate(names: list[str] | None, duration: int, redraw: bool = True) -> list[Any]:
    opts = {
        "mode": "immediate",
        "frame": {"duration": duration, "redraw": redraw},
        "transition": {"duration": 0},
    }
    if names is None:  # Play: the days, from the one shown to the last
        return ["days", opts | {"fromcurrent": True}]
    return [names, opts]


def html_figure(data: Mapping[str, Any], *, palette: str = "conventional") -> dict[str, Any]:
    """The figure (as plotly JSON): the first day's map, a frame per day, a date slider and
    Play/Pause (pure)."""
    payload = data["payload"]
    fig = map_figure(payload, data["geojson"], data["landmarks"], day=0, palette=palette)
    steps = [
        {"label": label, "method": "animate", "args": _animate([date], 0)}
        for date, label in zip(payload["dates"], payload["labels"])
    ]
    fig.update_layout(
        autosize=True,
        height=None,
        margin={"l": 8, "r": 8, "t": 72, "b": 96},
        paper_bgcolor="#ffffff",
        font={"family": FONT_FAMILY, "color": INK},
        annotations=_annotations(payload, 0),
        uirevision=None,
        sliders=[
            {
                "active": 0,
                "steps": steps,
                "x": 0.12,
                "len": 0.88,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 36, "b": 8},
                "font": {"size": 10},
                "currentvalue": {"visible": True, "prefix": "Day: ", "font": {"size": 13}},
                "transition": {"duration": 0},
            }
        ],
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.11,
                "y": 0,
                "xanchor": "right",
                "yanchor": "top",
                "pad": {"t": 62, "r": 8},
                "buttons": [
                    {"label": "Play", "method": "animate", "args": _animate(None, PLAY_MS)},
                    {"label": "Pause", "method": "animate", "args": _animate([None], 0, False)},
                ],
            }
        ],
    )
    spec = fig.to_plotly_json()
    spec["frames"] = _frames(payload, palette)
    return spec


def html_document(data: Mapping[str, Any], *, palette: str = "conventional") -> str:
    """The whole standalone page as text (pure; deterministic for the same data)."""
    payload = data["payload"]
    plot = pio.to_html(
        html_figure(data, palette=palette),
        include_plotlyjs=False,
        full_html=False,
        div_id=DIV_ID,
        auto_play=False,
        validate=False,
        default_height="100%",
        config={"displaylogo": False, "responsive": True, "scrollZoom": True},
    )
    dates = payload["long_labels"]
    span = f"{dates[0]} to {dates[-1]}" if dates else ""
    return _PAGE.format(
        title=html.escape(payload.get("title") or "Frontline Atlas"),
        font=FONT_FAMILY,
        ink=INK,
        muted=MUTED,
        topology=EMPTY_TOPOLOGY,
        plotlyjs=get_plotlyjs(),
        span=html.escape(span),
        plot=plot,
        credits=html.escape(data.get("credits") or ""),
    )


def export_html(data: Mapping[str, Any], out: Path, *, palette: str = "conventional") -> Path:
    """Write :func:`html_document` to ``out`` as UTF-8 (atomically)."""
    page = html_document(data, palette=palette).encode("utf-8")
    with atomic_output(out) as tmp:
        tmp.write_bytes(page)
    return Path(out)
