"""Shared by every exporter: the slide figure (the warm renderer lives in ``renderer.py``).

- :func:`slide_figure` (pure) puts one day's map on a slide: scenario title, date, the day's
  main event as a caption, the legend and the data credits, all as layout annotations; with
  ``frame`` it draws an interpolated moment of that day instead of the day itself.
- The renderer (:func:`render`, :func:`render_many`, :class:`WarmRenderer`, ``live_page``)
  is in :mod:`dashboard.export.renderer` and the checked, atomic writing of files
  (:func:`atomic_output`) in :mod:`dashboard.export.output`; both are re-exported here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.figures import TRACE_DISTRICTS, map_figure, outline_lonlat, trace_indices
from dashboard.markup import plotly_text

from .output import atomic_output as atomic_output
from .renderer import EMPTY_TOPOLOGY as EMPTY_TOPOLOGY
from .renderer import RENDER_DIR as RENDER_DIR
from .renderer import RenderError as RenderError
from .renderer import WarmRenderer as WarmRenderer
from .renderer import live_page as live_page
from .renderer import render as render
from .renderer import render_many as render_many
from .renderer import start_renderer as start_renderer
from .renderer import topojson_uri as topojson_uri

# The day's caption prefers these kinds of event, in this order; every other kind comes after.
KIND_PRIORITY: tuple[str, ...] = (
    "capture",
    "advance",
    "counter-attack",
    "repelled-attack",
    "evacuation",
    "ceasefire",
)
NO_EVENT = "No major event recorded for this day"
FONT_FAMILY = "Liberation Sans, Arial, DejaVu Sans, sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"
_NO_GEOMETRY: Mapping[str, Any] = {"type": "FeatureCollection", "features": []}


def main_event(
    payload: Mapping[str, Any], day: int, district: str | None = None
) -> dict[str, Any] | None:
    """The event a slide of ``day`` is captioned with, or ``None`` when the day has none.

    Events naming ``district`` come first; then by kind (:data:`KIND_PRIORITY`, other kinds
    after), then the event naming more districts, then the id (so the choice is stable).
    """
    date = payload["dates"][day]
    todays = [e for e in payload["events"] if e["date"] == date]
    if not todays:
        return None

    def rank(event: Mapping[str, Any]) -> tuple[int, int, int, str]:
        kind = event.get("kind", "")
        kind_rank = KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY)
        concerns = 0 if district and district in event.get("districts", ()) else 1
        return (concerns, kind_rank, -len(event.get("districts", ())), event["id"])

    return min(todays, key=rank)


def caption(payload: Mapping[str, Any], day: int, district: str | None = None) -> str:
    """One line of plain text: the main event's title, and the outlined district's state."""
    event = main_event(payload, day, district)
    text = event["title"] if event else NO_EVENT
    if district is not None:
        i = payload["ids"].index(district)
        state = payload["states"][payload["days"][day][i]]
        status = state["status"]
        held = payload["map"]["held_by"].get(status, status)
        held = held[:1].lower() + held[1:]
        text += f"  ·  Outlined: {payload['names'][i]} ({held})"
    return text


def _escape(text: str) -> str:
    """Plain text made safe for plotly's tiny HTML subset (no stray tags or entities)."""
    return plotly_text(text)


def _wrap(text: str, width_px: float, font_px: float) -> str:
    """Wrap plain text to the width, lines joined with ``<br>`` (average glyph ~0.5 em)."""
    chars = max(20, int(width_px / (0.5 * font_px)))
    return "<br>".join(_escape(line) for line in textwrap.wrap(text, chars))


def slide_spec(
    data: Mapping[str, Any],
    day: int,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    frame: int | None = None,
) -> dict[str, Any]:
    """``slide_figure(...).to_dict()``, built faster: the district geometry goes into the
    dict after plotly has validated the rest (plotly would copy it several times).

    The dict shares ``data["geojson"]`` itself: read it, do not change it.
    """
    spec = slide_figure(
        data,
        day,
        width=width,
        height=height,
        palette=palette,
        district=district,
        frame=frame,
        geometry=False,
    ).to_dict()
    spec["data"][TRACE_DISTRICTS]["geojson"] = data["geojson"]
    return spec


def slide_figure(
    data: Mapping[str, Any],
    day: int,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    frame: int | None = None,
    geometry: bool = True,
) -> go.Figure:
    """One day's map as a slide of ``width`` x ``height`` pixels (pure: no I/O).

    ``data`` is what :func:`dashboard.viewdata.load_view_data` returns. The map is
    :func:`dashboard.figures.map_figure`; above it the scenario title, the date and a caption
    (the day's main event, see :func:`main_event`); below it the data credits. ``district``
    (an id) is outlined on the map and named in the caption. ``frame`` (an interpolated
    frame index, see :func:`dashboard.export.moments`) draws that moment of the day: fills,
    faction parts and front move, while the date, caption and hover text stay the day's.
    ``geometry=False`` leaves the districts' GeoJSON empty (see :func:`slide_spec`).
    """
    payload = data["payload"]
    if not 0 <= day < len(payload["dates"]):
        raise ValueError(f"day {day} is outside 0..{len(payload['dates']) - 1}")
    highlight: Sequence[str] = (district,) if district else ()
    s = min(width / 1920, height / 1080)
    pad = round(36 * s)
    title_px, date_px, caption_px, credits_px = 38 * s, 30 * s, 24 * s, max(9.0, 14 * s)
    credits = _wrap(data.get("credits") or "", width - 2 * pad, credits_px)
    credit_lines = credits.count("<br>") + 1 if credits else 0
    top = round(pad + title_px * 1.3 + caption_px * 1.6 + 12 * s)
    bottom = round(pad * 0.6 + credit_lines * credits_px * 1.35 + 8 * s)
    plot_h = height - top - bottom
    if plot_h < 40:
        raise ValueError(f"{width}x{height} leaves no room for the map: make the image larger")
    x_left, x_right = pad / width, 1 - pad / width
    fig = map_figure(
        payload,
        data["geojson"] if geometry else _NO_GEOMETRY,
        data["landmarks"],
        day=day,
        palette=palette,
        highlight=highlight,
        frame=frame,
        size=(width, height),
        margin={"l": 0, "r": 0, "t": top, "b": bottom},
        label_px=slide_label_px(width, height),
        legend={
            "orientation": "v",
            "x": x_left,
            "xanchor": "left",
            "y": 0.0,
            "yanchor": "bottom",
            "font": {"size": round(max(10.0, 17 * s), 1)},
        },
    )
    if district:
        name = payload["names"][payload["ids"].index(district)]
        _outline(fig, payload, data["geojson"], district, name)

    def y_at(px_from_top: float) -> float:
        return (height - bottom - px_from_top) / plot_h

    def text(x: float, y_px: float, body: str, size: float, colour: str, **kw) -> dict:
        return {
            "text": body,
            "x": x,
            "y": y_at(y_px),
            "xref": "paper",
            "yref": "paper",
            "yanchor": "top",
            "showarrow": False,
            "align": kw.get("xanchor", "left"),
            "font": {"size": round(size, 1), "color": colour, "family": FONT_FAMILY},
            **kw,
        }

    title = _escape(payload.get("title") or "Frontline Atlas")
    annotations = [
        text(x_left, pad, f"<b>{title}</b>", title_px, INK, xanchor="left", name="title"),
        text(x_right, pad, payload["long_labels"][day], date_px, INK, xanchor="right", name="date"),
        text(
            x_left,
            pad + title_px * 1.35,
            _escape(caption(payload, day, district)),
            caption_px,
            MUTED,
            xanchor="left",
            name="caption",
        ),
    ]
    if credits:
        annotations.append(
            text(x_left, height - bottom + 8 * s, credits, credits_px, MUTED, xanchor="left")
        )
        annotations[-1]["name"] = "credits"
    fig.update_layout(
        width=width,
        height=height,
        margin={"l": 0, "r": 0, "t": top, "b": bottom, "autoexpand": False},
        paper_bgcolor="#ffffff",
        font={"family": FONT_FAMILY, "color": INK},
        annotations=[*fig.layout.annotations, *annotations],
        showlegend=True,
    )
    return fig


def slide_label_px(width: int, height: int) -> float:
    """The names' size on a slide: 24 px on 1920x1080, in proportion, never under 12 px."""
    return round(max(12.0, 24 * min(width / 1920, height / 1080)), 1)


def _outline(
    fig: go.Figure, payload: Mapping[str, Any], geojson: Mapping[str, Any], district: str, name: str
) -> None:
    """The map's outline traces (white halo, magenta line, above the front line) drawn
    around ``district`` from the full geometry, named in the legend."""
    traces = trace_indices(len(payload["map"]["factions"]))
    lons, lats = outline_lonlat(geojson, [district])
    fig.data[traces["outline"]].update(lon=lons, lat=lats, line={"width": 8})
    fig.data[traces["outline"] + 1].update(
        lon=lons,
        lat=lats,
        line={"width": 4},
        name=f"Outlined: {plotly_text(name)}",
        showlegend=True,
    )
