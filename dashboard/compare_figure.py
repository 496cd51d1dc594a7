"""The compare view's marks as plotly traces: what changed between day A and day B.

Plain functions from the compare data (:func:`dashboard.compare.compare_payload`) and the
payload to plotly traces, so the slide export and the dashboard can draw the same marks
(the browser code draws them with the same constants):

- every changed district outlined :data:`CHANGED_WIDTH` px in the colour of the faction that
  gained most of it, over a :data:`CHANGED_HALO` px white halo, so the outline reads on any
  fill in either palette (:func:`changed_traces`);
- day A's front line, thin and dashed (:data:`PREVIOUS_FRONT`), beside day B's bold one
  (:func:`previous_front_trace`);
- the advance arrows of the window, as wide as the ground they took (:func:`arrow_traces`),
  each point's hover naming the districts, the days and the km²;
- a key for the marks: each kind of mark has one legend entry.

:func:`compare_summary` is the slide's caption ("Changes 26 Nov → 6 Dec 2016 · 52
districts · ..."); :func:`insert_overlay` puts the traces into a figure's dict below the
chosen district's outline, the names and the inset (their trace indices are kept).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import frame_front, outline_lonlat, palette_colours, trace_indices
from dashboard.markup import plotly_text

__all__ = [
    "ARROW_HALO",
    "CHANGED_HALO",
    "CHANGED_WIDTH",
    "PREVIOUS_FRONT",
    "arrow_head",
    "arrow_traces",
    "arrow_width",
    "changed_traces",
    "compare_summary",
    "compare_traces",
    "insert_overlay",
    "previous_front_trace",
    "short_day",
]

CHANGED_WIDTH = 3.0  # px, the gaining faction's colour
CHANGED_HALO = 5.0  # px, white, under the outline
HALO_COLOUR = "#ffffff"
PREVIOUS_FRONT: Mapping[str, Any] = {"color": "#333333", "width": 1.5, "dash": "dash"}
ARROW_MIN, ARROW_MAX = 3.0, 12.0  # px: the smallest arrow and the one that took most ground
ARROW_HALO = 3.0  # px of white added around an arrow
ARROW_INK = "#1a1a1a"
_TEXT_HALO = (
    "1px 1px 1px #ffffff, -1px -1px 1px #ffffff, 1px -1px 1px #ffffff, -1px 1px 1px #ffffff"
)


def short_day(iso: str, *, year: bool = False) -> str:
    """``"26 Nov"`` (``"26 Nov 2016"`` with ``year``)."""
    day = pd.Timestamp(iso)
    text = f"{day.day} {day.strftime('%b')}"
    return f"{text} {day.year}" if year else text


def arrow_width(weight: float) -> float:
    """An arrow's line width from its weight (its km² over the largest arrow's)."""
    return round(ARROW_MIN + (ARROW_MAX - ARROW_MIN) * max(0.0, min(1.0, weight)), 1)


def previous_front_trace(payload: Mapping[str, Any], day: int) -> go.Scattergeo:
    """Day ``day``'s front line (an index into the payload's dates), thin and dashed."""
    if payload.get("frames"):
        lons, lats = frame_front(payload, day * payload.get("per_day", 1))
    else:
        lons, lats = payload["fronts"][day][:2]
    label = short_day(payload["dates"][day])
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines",
        line=dict(PREVIOUS_FRONT),
        name=f"Front line on {label} (dashed)",
        legendgroup="compare-front",
        hoverinfo="skip",
    )


def changed_traces(
    payload: Mapping[str, Any],
    geojson: Mapping[str, Any],
    compare: Mapping[str, Any],
    palette: str,
) -> list[go.Scattergeo]:
    """The changed districts' outlines: one white halo under all of them, then one trace per
    gaining faction (in scenario order) in its colour, named in the legend."""
    colours = palette_colours(payload, palette)
    labels = payload["map"]["labels"]
    since = short_day(compare["from"])
    rows = compare["rows"]
    lons, lats = outline_lonlat(geojson, [row["id"] for row in rows])
    traces = [
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": HALO_COLOUR, "width": CHANGED_HALO},
            name="Changed: halo",
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    for faction in payload["map"]["factions"]:
        ids = [row["id"] for row in rows if row["gainer"] == faction]
        if not ids:
            continue
        lons, lats = outline_lonlat(geojson, ids)
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": colours[faction], "width": CHANGED_WIDTH},
                name=f"Changed since {since}: gained by {plotly_text(labels[faction])}",
                legendgroup=f"compare-{faction}",
                hoverinfo="skip",
            )
        )
    return traces


def _arrow_hover(payload: Mapping[str, Any], arrow: Mapping[str, Any]) -> str:
    label = plotly_text(payload["map"]["labels"].get(arrow["faction"], arrow["faction"]))
    names = [payload["names"][d] for d in arrow["districts"]]
    listed = "<br>".join(
        plotly_text(line) for line in textwrap.wrap(", ".join(names), 60, break_long_words=False)
    )
    first, last = short_day(arrow["first"]), short_day(arrow["last"], year=True)
    days = f"on {last}" if arrow["first"] == arrow["last"] else f"{first} → {last}"
    return (
        f"<b>{label} advance</b>, {days}<br>{arrow['km2']:.1f} km² taken: "
        f"{len(names)} district{'s' if len(names) != 1 else ''}<br>{listed}"
    )


def arrow_head(
    lons: Sequence[float], lats: Sequence[float], width: float
) -> tuple[list[float], list[float], tuple[float, float]]:
    """The arrowhead at the end of the line ``lons``/``lats`` as a closed triangle (lon and
    lat lists) and where the shaft should stop (the middle of the head's base). The head is
    a third of the line's length long (at most twice the last segment) and ``width`` times
    0.08 of its length wide on each side, measured in local metres-like units (longitude
    scaled by the cosine of the latitude)."""
    scale = math.cos(math.radians(lats[-1]))
    xs = [x * scale for x in lons]
    ys = list(lats)
    total = sum(math.hypot(xs[i + 1] - xs[i], ys[i + 1] - ys[i]) for i in range(len(xs) - 1))
    dx, dy = xs[-1] - xs[-2], ys[-1] - ys[-2]
    last = math.hypot(dx, dy) or 1e-12
    ux, uy = dx / last, dy / last
    length = min(total / 3, 2 * last)
    half = length * min(0.75, 0.25 + 0.04 * width)
    bx, by = xs[-1] - ux * length, ys[-1] - uy * length
    corners = [
        (xs[-1], ys[-1]),
        (bx - uy * half, by + ux * half),
        (bx + uy * half, by - ux * half),
        (xs[-1], ys[-1]),
    ]
    return (
        [round(x / scale, 6) for x, _ in corners],
        [round(y, 6) for _, y in corners],
        (round(bx / scale, 6), round(by, 6)),
    )


def arrow_traces(
    payload: Mapping[str, Any], compare: Mapping[str, Any], palette: str
) -> list[go.Scattergeo]:
    """Each arrow of the compare data, bottom first: a white halo, a dark edge and the shaft
    in the gaining faction's colour, then the head (:func:`arrow_head`) filled in that colour
    with a dark edge over a white halo, so an arrow reads on its own faction's fill. Its
    width grows with the ground taken (:func:`arrow_width`), its km² is written at the tip,
    and the hover of every point names the districts and the days. The first arrow's shaft
    is the key's entry."""
    colours = palette_colours(payload, palette)
    traces: list[go.Scattergeo] = []
    for k, arrow in enumerate(compare.get("arrows") or []):
        width = arrow_width(arrow["weight"])
        colour = colours[arrow["faction"]]
        hover = _arrow_hover(payload, arrow)
        head_lon, head_lat, base = arrow_head(arrow["lons"], arrow["lats"], width)
        shaft_lon = [*arrow["lons"][:-1], base[0]]
        shaft_lat = [*arrow["lats"][:-1], base[1]]
        common = {"mode": "lines", "legendgroup": "compare-arrows", "showlegend": False}
        for line_colour, line_width, name in (
            (HALO_COLOUR, width + 2 + ARROW_HALO, "Advance: halo"),
            (ARROW_INK, width + 2, "Advance: edge"),
        ):
            traces.append(
                go.Scattergeo(
                    lon=shaft_lon,
                    lat=shaft_lat,
                    line={"color": line_colour, "width": line_width},
                    name=name,
                    hoverinfo="skip",
                    **common,
                )
            )
        traces.append(
            go.Scattergeo(
                lon=shaft_lon,
                lat=shaft_lat,
                line={"color": colour, "width": width},
                name="Advances (arrow width: km² taken)" if k == 0 else f"Advance {k + 1}",
                hovertext=[hover] * len(shaft_lon),
                hoverinfo="text",
                **{**common, "showlegend": k == 0},
            )
        )
        traces.append(
            go.Scattergeo(
                lon=head_lon,
                lat=head_lat,
                line={"color": HALO_COLOUR, "width": ARROW_HALO + 1.5},
                name="Advance head: halo",
                hoverinfo="skip",
                **common,
            )
        )
        traces.append(
            go.Scattergeo(
                lon=head_lon,
                lat=head_lat,
                mode="lines+text",
                fill="toself",
                fillcolor=colour,
                line={"color": ARROW_INK, "width": 1.5},
                text=[f"{arrow['km2']:.1f} km²", "", "", ""],
                textposition="middle right",
                textfont={"size": 14, "color": ARROW_INK, "shadow": _TEXT_HALO},
                name=f"Advance {k + 1}: head",
                hovertext=[hover] * len(head_lon),
                hoverinfo="text",
                legendgroup="compare-arrows",
                showlegend=False,
            )
        )
    return traces


def compare_traces(
    payload: Mapping[str, Any],
    geojson: Mapping[str, Any],
    compare: Mapping[str, Any],
    palette: str,
    *,
    marks: bool = True,
) -> list[go.Scattergeo]:
    """Every compare mark, bottom first: day A's front, the changed districts' halo and
    outlines (only with ``marks``: ``False`` draws the arrows alone), then the arrows."""
    traces: list[go.Scattergeo] = []
    if marks:
        day = payload["dates"].index(compare["from"])
        traces.append(previous_front_trace(payload, day))
        traces += changed_traces(payload, geojson, compare, palette)
    traces += arrow_traces(payload, compare, palette)
    return traces


def _signed(value: float) -> str:
    return f"{'+' if value >= 0 else '−'}{abs(value):.1f}"


def compare_summary(
    payload: Mapping[str, Any], compare: Mapping[str, Any], *, marks: bool = True
) -> str:
    """The slide's caption (plain text): the compare caption ("Changes 26 Nov → 6 Dec
    2016"), how many districts changed, net km² per faction that moved and the change in
    the enclave share; with ``marks=False`` (arrows alone) it reads "Advances ..."."""
    caption = compare["caption"]
    if not marks:
        caption = "Advances" + caption.removeprefix("Changes")
        n = len(compare.get("arrows") or [])
        return f"{caption}  ·  {n} arrow{'s' if n != 1 else ''}"
    labels = payload["map"]["share_labels"]
    n = len(compare["rows"])
    parts = [caption, f"{n} district{'s' if n != 1 else ''} changed"]
    moved = [
        f"{labels.get(f, f)} {_signed(v)} km²" for f, v in compare["km2"].items() if abs(v) >= 0.05
    ]
    if moved:
        parts.append(", ".join(moved))
    enclave = compare.get("enclave")
    if enclave and abs(enclave["change"]) >= 0.0005:
        parts.append(
            f"enclave taken {round(100 * enclave['before'])}% → {round(100 * enclave['after'])}%"
        )
    return "  ·  ".join(parts)


def insert_overlay(
    spec: dict[str, Any], payload: Mapping[str, Any], traces: Sequence[go.Scattergeo]
) -> dict[str, Any]:
    """Put ``traces`` into a map figure's dict (``fig.to_dict()`` of
    :func:`dashboard.figures.map_figure`) just below the chosen district's outline: above
    the fills, the front and the legend's swatches, under the outline, names and inset."""
    at = trace_indices(len(payload["map"]["factions"]))["outline"]
    spec["data"][at:at] = [t.to_plotly_json() for t in traces]
    return spec
