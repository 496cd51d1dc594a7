"""A standalone HTML page of the whole battle that works opened from disk, offline.

One file: plotly.js inlined, the empty world topojson defined in ``window.PlotlyGeoAssets``
before plotly.js loads (so the geo map fetches nothing), and the map with one plotly frame
per day (district colours, outlines, hover text, front line, date and caption), a slider, a
Play/Pause pair and the data credits. With ``per_day`` N > 1, Play also runs through N - 1
interpolated moments after each day (group ``moments``), so the front moves smoothly. Same
data in, same bytes out: the plot's div id is fixed and nothing depends on the clock.

:func:`html_figure` with ``controls=False`` gives the bare animated map (no slider, buttons
or annotations) that the ``/embed`` page drives with controls of its own.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.figures import (
    TRACE_DISTRICTS,
    TRACE_FRONT,
    TRACE_PARTS_FIRST,
    colour_scale,
    frame_fill,
    frame_front,
    frame_parts,
    map_figure,
)

from ._render import FONT_FAMILY, INK, MUTED, atomic_output, caption, moments

DIV_ID = "frontline-map"
EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'
PLAY_MS = 700
_NO_GEOMETRY: Mapping[str, Any] = {"type": "FeatureCollection", "features": []}

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


def _day_frame(payload: Mapping[str, Any], day: int, per_day: int) -> int | None:
    """The interpolated frame a day's picture is drawn from (``None``: the day as it is)."""
    return None if per_day == 1 else day * int(payload["per_day"])


def _day_traces(
    data: Mapping[str, Any], palette: str, per_day: int = 1
) -> list[list[dict[str, Any]]]:
    """Every day's map traces, as plotly JSON, straight from ``figures.map_figure``.

    The district geometry is the same every day and plotly copies it twice per figure
    (most of the cost), so these figures get an empty collection in its place; the page's
    base figure has the real one. With ``per_day`` > 1 a day is drawn as its first
    interpolated moment, so the days and the moments between them match exactly.
    """
    payload = data["payload"]
    days = []
    for day in range(len(payload["dates"])):
        fig = map_figure(
            payload,
            _NO_GEOMETRY,
            data["landmarks"],
            day=day,
            palette=palette,
            frame=_day_frame(payload, day, per_day),
        )
        days.append(fig.to_plotly_json()["data"])
    if len({len(traces) for traces in days}) > 1:
        raise ValueError("map_figure gave a different number of traces on different days")
    return days


def _moment_traces(
    payload: Mapping[str, Any], day_traces: list[dict[str, Any]], frame: int, palette: str
) -> list[dict[str, Any]]:
    """The map at interpolated ``frame``: its day's traces with the moving layers replaced.

    ``map_figure(..., frame=frame)`` differs from the day's figure only in what the frame
    decides (fills, faction parts, front), so this takes those from the same helpers
    ``map_figure`` uses, without building (and validating) a whole figure per moment.
    A test checks the result against ``map_figure`` itself.
    """
    traces = [dict(t) for t in day_traces]
    traces[TRACE_DISTRICTS]["colorscale"] = colour_scale(frame_fill(payload, frame, palette))
    for i, (lons, lats) in enumerate(frame_parts(payload, frame)):
        traces[TRACE_PARTS_FIRST + i] |= {"lon": lons, "lat": lats}
    lons, lats = frame_front(payload, frame)
    traces[TRACE_FRONT] |= {"lon": lons, "lat": lats}
    return traces


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except ValueError:  # arrays: compare their JSON
        return pio.json.to_json_plotly(a) == pio.json.to_json_plotly(b)


def _changing(days: list[list[dict[str, Any]]]) -> dict[int, list[str]]:
    """For each trace that changes from picture to picture, the attributes that do."""
    changing = {}
    for i, first in enumerate(days[0]):
        keys = sorted({key for traces in days for key in traces[i]} - {"type"})
        moved = [k for k in keys if any(not _same(t[i].get(k), first.get(k)) for t in days[1:])]
        if moved:
            changing[i] = moved
    return changing


def _frames(
    data: Mapping[str, Any], palette: str, per_day: int = 1, *, annotations: bool = True
) -> list[dict[str, Any]]:
    """A frame per day (group ``days``) holding what changes in the map, the date and caption.

    The frames are derived from ``map_figure`` itself, so they follow whatever the map
    draws: only the attributes that change between days are kept. The district colours
    change most days and stay in the day's frame; the other changing traces (front line,
    parts of shared districts...) are heavy and often the same for days, so each distinct
    set is stored once (group ``layers``) and day frames name it as their ``baseframe``.
    With ``per_day`` > 1 every day but the last is followed by its interpolated moments
    (group ``moments``, named by the moment, e.g. ``2016-11-19T06:00``): each holds only
    what differs from its day and names the day frame as its ``baseframe``, so it inherits
    the day's hover text, date and caption. Frames are plain dicts: plotly's validation of
    38 x 133 arrays costs seconds.
    """
    payload = data["payload"]
    days = _day_traces(data, palette, per_day)
    between: dict[int, list[tuple[int, list[dict[str, Any]]]]] = {}
    for day, frame in moments(payload, per_day):
        if frame is not None and frame != _day_frame(payload, day, per_day):
            between.setdefault(day, []).append(
                (frame, _moment_traces(payload, days[day], frame, palette))
            )
    pictures = [*days, *(traces for steps in between.values() for _f, traces in steps)]
    changing = _changing(pictures) if len(pictures) > 1 else {}
    own = [i for i in changing if i == TRACE_DISTRICTS]
    shared = [i for i in changing if i != TRACE_DISTRICTS]

    def part(traces: list[dict[str, Any]], i: int, keys: list[str]) -> dict[str, Any]:
        return {"type": traces[i]["type"], **{k: traces[i].get(k) for k in keys}}

    frames: list[dict[str, Any]] = []
    layer_names: dict[str, str] = {}
    for day, traces in enumerate(days):
        frame: dict[str, Any] = {
            "name": payload["dates"][day],
            "group": "days",
            "data": [part(traces, i, changing[i]) for i in own],
            "traces": own,
        }
        if annotations:
            frame["layout"] = {"annotations": _annotations(payload, day)}
        if shared:
            layer = [part(traces, i, changing[i]) for i in shared]
            key = pio.json.to_json_plotly(layer)
            if key not in layer_names:
                layer_names[key] = f"layers-{len(layer_names)}"
                frames.append(
                    {"name": layer_names[key], "group": "layers", "data": layer, "traces": shared}
                )
            frame["baseframe"] = layer_names[key]
        frames.append(frame)
        for index, moment in between.get(day, []):
            moved = {
                i: [k for k in keys if not _same(moment[i].get(k), traces[i].get(k))]
                for i, keys in changing.items()
            }
            moved = {i: keys for i, keys in moved.items() if keys}
            frames.append(
                {
                    "name": payload["frames"]["frames"][index]["moment"],
                    "group": "moments",
                    "data": [part(moment, i, keys) for i, keys in moved.items()],
                    "traces": list(moved),
                    "baseframe": payload["dates"][day],
                }
            )
    return frames


def frame_names(payload: Mapping[str, Any], per_day: int = 1) -> list[str]:
    """Names of the frames :func:`html_figure` makes, in playing order (days and moments)."""
    names = []
    for day, frame in moments(payload, per_day):
        if frame is None or frame == _day_frame(payload, day, per_day):
            names.append(payload["dates"][day])
        else:
            names.append(payload["frames"]["frames"][frame]["moment"])
    return names


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
        frame=_day_frame(payload, 0, per_day),
    )
    if not controls:
        fig.update_layout(autosize=True, height=None, uirevision=None)
        spec = fig.to_plotly_json()
        spec["frames"] = _frames(data, palette, per_day, annotations=False)
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
    spec["frames"] = _frames(data, palette, per_day)
    return spec


def html_document(
    data: Mapping[str, Any], *, palette: str = "conventional", per_day: int = 1
) -> str:
    """The whole standalone page as text (pure; deterministic for the same data)."""
    payload = data["payload"]
    plot = pio.to_html(
        html_figure(data, palette=palette, per_day=per_day),
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


def export_html(
    data: Mapping[str, Any], out: Path, *, palette: str = "conventional", per_day: int = 1
) -> Path:
    """Write :func:`html_document` to ``out`` as UTF-8 (atomically)."""
    page = html_document(data, palette=palette, per_day=per_day).encode("utf-8")
    with atomic_output(out) as tmp:
        tmp.write_bytes(page)
    return Path(out)
