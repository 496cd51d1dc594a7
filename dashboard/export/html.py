"""A standalone HTML page of the whole battle that works opened from disk, offline.

One file: plotly.js's geo bundle inlined (:mod:`dashboard.vendor`), the empty world
topojson defined in ``window.PlotlyGeoAssets`` before plotly.js loads (so the geo map
fetches nothing), and the map with one plotly frame per day (district colours, outlines,
hover text, front line, date and caption), a slider, a Play/Pause pair and the data
credits. With ``per_day`` N > 1, Play also runs through N - 1 interpolated moments after
each day (group ``moments``), so the front moves smoothly. Same data in, same bytes out:
the plot's div id is fixed and nothing depends on the clock.

:func:`html_figure` with ``controls=False`` gives the bare animated map (no slider, buttons
or annotations) that the ``/embed`` page drives with controls of its own.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.io as pio

from dashboard.figures import map_figure
from dashboard.vendor import plotly_geo_js

from ._pack import UNPACK_JS, pack
from ._render import EMPTY_TOPOLOGY, FONT_FAMILY, INK, MUTED, atomic_output, caption
from .frames import day_frame, frame_names, plot_frames

DIV_ID = "frontline-map"
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


CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": True}
# The map: the packed figure unpacked, drawn, then its frames added.
_PLOT = """<div style="height:100%; width:100%;">
<div id="{div}" class="plotly-graph-div" style="height:100%; width:100%;"></div>
<script>
(function () {{
  var unpack = {unpack};
  var fig = unpack({packed});
  Plotly.newPlot("{div}", fig.data, fig.layout, {config}).then(function () {{
    Plotly.addFrames("{div}", fig.frames);
  }});
}})();
</script>
</div>"""


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


def _animate(
    names: str | list[str] | list[None], duration: int, redraw: bool = True, play: bool = False
) -> list[Any]:
    """``Plotly.animate`` arguments; ``play``: from the frame shown to the end of ``names``."""
    opts = {
        "mode": "immediate",
        "frame": {"duration": duration, "redraw": redraw},
        "transition": {"duration": 0},
    }
    return [names, opts | {"fromcurrent": True} if play else opts]


def html_figure(
    data: Mapping[str, Any],
    *,
    palette: str = "conventional",
    per_day: int = 1,
    controls: bool = True,
) -> dict[str, Any]:
    """The figure (as plotly JSON): the first day's map, a frame per day (and ``per_day`` - 1
    interpolated moments after each), a date slider and Play/Pause (pure).

    ``controls=False`` leaves out the slider, the buttons and the date and caption
    annotations, and the margins: the bare animated map.
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
    if not controls:
        fig.update_layout(autosize=True, height=None, uirevision=None)
        spec = fig.to_plotly_json()
        spec["frames"] = plot_frames(data, palette, per_day)
        return spec
    play = frame_names(payload, per_day)
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
                    {
                        "label": "Play",
                        "method": "animate",
                        "args": _animate(
                            "days" if per_day == 1 else play, PLAY_MS // per_day, play=True
                        ),
                    },
                    {"label": "Pause", "method": "animate", "args": _animate([None], 0, False)},
                ],
            }
        ],
    )
    spec = fig.to_plotly_json()
    spec["frames"] = plot_frames(
        data, palette, per_day, day_layout=lambda day: {"annotations": _annotations(payload, day)}
    )
    return spec


def html_document(
    data: Mapping[str, Any], *, palette: str = "conventional", per_day: int = 1
) -> str:
    """The whole standalone page as text (pure; deterministic for the same data).

    The figure is written packed (:mod:`dashboard.export._pack`: repeated strings once,
    coordinates as small differences) and unpacked by the page before ``Plotly.newPlot``.
    """
    payload = data["payload"]
    plot = _PLOT.format(
        div=DIV_ID,
        unpack=UNPACK_JS,
        packed=pio.json.to_json_plotly(pack(html_figure(data, palette=palette, per_day=per_day))),
        config=pio.json.to_json_plotly(CONFIG),
    )
    dates = payload["long_labels"]
    span = f"{dates[0]} to {dates[-1]}" if dates else ""
    return _PAGE.format(
        title=html.escape(payload.get("title") or "Frontline Atlas"),
        font=FONT_FAMILY,
        ink=INK,
        muted=MUTED,
        topology=EMPTY_TOPOLOGY,
        plotlyjs=plotly_geo_js(),
        span=html.escape(span),
        plot=plot,
        credits=html.escape(data.get("credits") or ""),
    )


def export_html(
    data: Mapping[str, Any], out: Path, *, palette: str = "conventional", per_day: int = 1
) -> Path:
    """Write :func:`html_document` to ``out`` as UTF-8 (atomically)."""
    page = html_document(data, palette=palette, per_day=per_day).encode("utf-8")
    with atomic_output(out) as tmp:
        tmp.write_bytes(page)
    return Path(out)
