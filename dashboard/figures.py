"""Figure builders: plain functions from data to plotly figures, testable without a browser.

The map is a ``go.Choropleth`` on a geo subplot with the base map hidden: it renders
offline (given the empty world topojson in ``assets/topojson``), exports as true vector
SVG and is the fastest plotly map to recolour. Each district's colour comes from a
per-district colour scale (``z`` is the district's index), so switching days only swaps the
colour scale, the outlines and the hover text: the geometry is sent once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.markup import plotly_text
from dashboard.palettes import (
    CONTESTED_OUTLINE,
    DEFAULT_PALETTE,
    FactionLike,
    Palette,
    build_palettes,
    mix,
    short_label,
)

# The first traces of the map; the clientside code reads every index from the payload's
# ``map.traces`` (:func:`trace_indices`): the traces after the parts move with the
# number of factions.
TRACE_DISTRICTS = 0
TRACE_PARTS_FIRST = 1  # one filled trace per faction: the parts of shared districts
PART_OUTLINE = "#111111"

SELECTED_OUTLINE = "#1565c0"
SELECTED_WIDTH = 3.5
CONTESTED_WIDTH = 1.6
PLAIN_OUTLINE = "rgba(255,255,255,0.85)"
PLAIN_WIDTH = 0.6
CONTESTED = "contested"
CONTESTED_LABEL = "Contested"
# The legend's swatch of a contested district: a mixed tone with the dark outline.
CONTESTED_SWATCH = "#8a6d3b"
RIVER_COLOUR = "#3a86c8"
LABELLED_KINDS = {"fortress", "hill", "airport"}


def trace_indices(n_factions: int) -> dict[str, int]:
    """The index of each of the map's traces for ``n_factions`` factions: districts, one
    parts trace per faction, front, river, roads, landmarks, then the legend's swatches
    (one per faction and the contested one)."""
    front = TRACE_PARTS_FIRST + n_factions
    return {
        "districts": TRACE_DISTRICTS,
        "parts": TRACE_PARTS_FIRST,
        "front": front,
        "river": front + 1,
        "roads": front + 2,
        "landmarks": front + 3,
        "legend": front + 4,
    }


def held_by_text(label: str) -> str:
    """The status text of a district a faction holds whole: "Held by <label>"."""
    return f"Held by {label}"


def map_constants(
    factions: Sequence[FactionLike], palettes: Mapping[str, Palette] | None = None
) -> dict[str, Any]:
    """What the browser draws the map with (the payload's ``map``): trace indices, the
    factions in scenario order with their labels (full, short, "Held by ..."), the
    palettes' labels, outlines and the default palette.

    The clientside code (``assets/js``) reads these instead of keeping its own copies; the
    factions' colours are the payload's ``palettes``.
    """
    palettes = build_palettes(factions) if palettes is None else palettes
    return {
        "traces": trace_indices(len(factions)),
        "factions": [f.id for f in factions],
        "labels": {f.id: f.label for f in factions},
        "share_labels": {f.id: short_label(f.label) for f in factions},
        "held_by": {f.id: held_by_text(f.label) for f in factions} | {CONTESTED: CONTESTED_LABEL},
        "palette_labels": {k: p.label for k, p in palettes.items()},
        "outlines": {
            "selected": {"colour": SELECTED_OUTLINE, "width": SELECTED_WIDTH},
            "contested": {"colour": CONTESTED_OUTLINE, "width": CONTESTED_WIDTH},
            "plain": {"colour": PLAIN_OUTLINE, "width": PLAIN_WIDTH},
        },
        "default_palette": DEFAULT_PALETTE,
    }


def palette_colours(payload: Mapping[str, Any], palette: str | None) -> dict[str, str]:
    """The payload's colours of a palette (faction id -> colour, and ``front``); ``None``
    gives the default palette, an unknown key raises ValueError."""
    palettes = payload["palettes"]
    key = payload["map"]["default_palette"] if palette is None else palette
    if key not in palettes:
        raise ValueError(f"unknown palette {key!r}: choose one of {', '.join(sorted(palettes))}")
    return palettes[key]


def factions_of(payload: Mapping[str, Any]) -> list[str]:
    """The payload's faction ids, in scenario order."""
    return list(payload["map"]["factions"])


def colour_scale(colours: Sequence[str]) -> list[list[Any]]:
    """A colour scale giving ``colours[i]`` exactly at ``z = i`` (with zmin 0, zmax n-1)."""
    n = len(colours)
    if n == 1:
        return [[0.0, colours[0]], [1.0, colours[0]]]
    return [[i / (n - 1), c] for i, c in enumerate(colours)]


def percent(x: float) -> str:
    return f"{round(100 * x)}%"


def hover_text(payload: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    """Hover label of one district state: names, status, shares, since when."""
    i = state["d"]
    name = payload["names"][i]
    name_ar = payload["names_ar"][i]
    status = state["status"]
    m = payload["map"]
    label = plotly_text(m["held_by"].get(status, status))
    shares = [
        f"{plotly_text(m['share_labels'][f])} {percent(v)}"
        for f, v in zip(m["factions"], state["shares"])
        if v > 0
    ]
    title = f"<b>{plotly_text(name)}</b>" + (f"  {plotly_text(name_ar)}" if name_ar else "")
    return f"{title}<br>{label}: {', '.join(shares)}<br>since {plotly_text(state['since'])}"


def day_style(
    payload: Mapping[str, Any],
    day: int,
    palette: str,
    highlight: Sequence[str] = (),
) -> dict[str, list[Any]]:
    """Everything of the district trace that changes with the day, palette or highlight."""
    states = [payload["states"][s] for s in payload["days"][day]]
    colours = payload["colours"][palette]
    fill = [colours[s] for s in payload["days"][day]]
    chosen = set(highlight)
    line_colour, line_width = [], []
    for district, state in zip(payload["ids"], states):
        if district in chosen:
            line_colour.append(SELECTED_OUTLINE)
            line_width.append(SELECTED_WIDTH)
        elif state["status"] == CONTESTED:
            line_colour.append(CONTESTED_OUTLINE)
            line_width.append(CONTESTED_WIDTH)
        else:
            line_colour.append(PLAIN_OUTLINE)
            line_width.append(PLAIN_WIDTH)
    return {
        "colorscale": colour_scale(fill),
        "hovertext": [hover_text(payload, s) for s in states],
        "line_colour": line_colour,
        "line_width": line_width,
    }


def map_figure(
    payload: Mapping[str, Any],
    geojson: Mapping[str, Any],
    landmarks: Mapping[str, Any],
    *,
    day: int,
    palette: str = "conventional",
    highlight: Sequence[str] = (),
    height: int | None = None,
    frame: int | None = None,
) -> go.Figure:
    """The control map of one day: districts, front line, river, roads, landmarks, legend.

    With ``frame`` (an index into the payload's interpolated frames, ``day * per_day +
    step``) the fills, the faction parts and the front are those of that moment; ``day``
    then only sets the hover text.
    """
    pal = palette_colours(payload, palette)
    factions = factions_of(payload)
    labels = payload["map"]["labels"]
    style = day_style(payload, day, palette, highlight)
    if frame is not None and payload.get("frames"):
        style["colorscale"] = colour_scale(frame_fill(payload, frame, palette))
    else:
        frame = day * payload.get("per_day", 1)
    n = len(payload["ids"])
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=geojson,
            featureidkey="properties.id",
            locations=payload["ids"],
            z=list(range(n)),
            zmin=0,
            zmax=max(n - 1, 1),
            colorscale=style["colorscale"],
            showscale=False,
            marker={"line": {"color": style["line_colour"], "width": style["line_width"]}},
            hovertext=style["hovertext"],
            hoverinfo="text",
            customdata=payload["ids"],
            name="Districts",
            showlegend=False,
        )
    )
    for faction, (part_lons, part_lats) in zip(factions, frame_parts(payload, frame)):
        fig.add_trace(
            go.Scattergeo(
                lon=part_lons,
                lat=part_lats,
                mode="lines",
                fill="toself",
                fillcolor=pal[faction],
                line={"color": PART_OUTLINE, "width": 0.8},
                name=f"{plotly_text(labels[faction])} (part of a shared district)",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    lons, lats = (
        frame_front(payload, frame) if payload.get("frames") else payload["fronts"][day][:2]
    )
    fig.add_trace(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": pal["front"], "width": 3.5},
            name="Front line",
            hoverinfo="skip",
        )
    )
    river, roads, points, names = _landmark_layers(landmarks)
    fig.add_trace(
        go.Scattergeo(
            lon=river[0],
            lat=river[1],
            mode="lines",
            line={"color": RIVER_COLOUR, "width": 2.5},
            name=plotly_text(names["river"]),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scattergeo(
            lon=roads[0],
            lat=roads[1],
            mode="lines",
            line={"color": "#555555", "width": 1.5, "dash": "dot"},
            name=plotly_text(names["road"]),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scattergeo(
            lon=points["lon"],
            lat=points["lat"],
            mode="markers+text",
            text=[plotly_text(label) for label in points["label"]],
            textposition="top center",
            textfont={"size": 11, "color": "#222222"},
            marker={
                "size": 7,
                "color": "#ffffff",
                "line": {"color": "#222222", "width": 1.5},
                "symbol": "diamond",
            },
            hovertext=points["hover"],
            hoverinfo="text",
            customdata=points["district"],
            name="Landmarks",
        )
    )
    for faction in factions:
        fig.add_trace(_legend_swatch(plotly_text(labels[faction]), pal[faction]))
    fig.add_trace(
        _legend_swatch(
            f"{CONTESTED_LABEL} (mixed colour, dark outline)", CONTESTED_SWATCH, outline=True
        )
    )
    fig.update_geos(
        fitbounds="locations",
        visible=False,
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        legend={
            "orientation": "v",
            "x": 0.01,
            "y": 0.99,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.85)",
            "font": {"size": 12},
        },
        hoverlabel={"bgcolor": "#ffffff", "font": {"size": 13}},
        hoverdistance=8,
        uirevision="map",
        dragmode="pan",
        height=height,
    )
    return fig


def frame_fill(payload: Mapping[str, Any], index: int, palette: str) -> list[str]:
    """Fill colour of every district (map order) at one interpolated frame."""
    pal = palette_colours(payload, palette)
    colours = [pal[f] for f in factions_of(payload)]
    whole = [1.0] + [0.0] * (len(colours) - 1)
    frame = payload["frames"]["frames"][min(index, len(payload["frames"]["frames"]) - 1)]
    fills = []
    for district, holder in zip(payload["ids"], frame["holder"]):
        if holder >= 0:
            fills.append(colours[holder])
        else:
            fills.append(mix(frame["shares"].get(district, whole), colours))
    return fills


def frame_front(payload: Mapping[str, Any], index: int) -> tuple[list, list]:
    """Lon/lat of the front line (pieces ``None``-separated) at one interpolated frame."""
    frames = payload["frames"]
    frame = frames["frames"][min(index, len(frames["frames"]) - 1)]
    lons: list = []
    lats: list = []
    for g in frame["front"]:
        geom = frames["geometries"][g]
        if lons:
            lons.append(None)
            lats.append(None)
        lons.extend(geom["lon"])
        lats.extend(geom["lat"])
    return lons, lats


def frame_parts(payload: Mapping[str, Any], index: int) -> list[tuple[list, list]]:
    """Lon/lat rings (``None``-separated) of the faction parts in one frame, per faction."""
    frames = payload.get("frames")
    factions = factions_of(payload)
    out: list[tuple[list, list]] = [([], []) for _ in factions]
    if not frames:
        return out
    frame = frames["frames"][min(index, len(frames["frames"]) - 1)]
    for _district, faction, _share, g in frame["parts"]:
        if g is None:
            continue
        lons, lats = out[factions.index(faction)]
        geom = frames["geometries"][g]
        if lons:
            lons.append(None)
            lats.append(None)
        lons.extend(geom["lon"])
        lats.extend(geom["lat"])
    return out


def _legend_swatch(label: str, colour: str, *, outline: bool = False) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker={
            "symbol": "square",
            "size": 14,
            "color": colour,
            "line": {"color": "#111111" if outline else colour, "width": 2 if outline else 0},
        },
        name=label,
        hoverinfo="skip",
    )


def _line_name(names: list[str], default: str) -> str:
    unique = list(dict.fromkeys(n for n in names if n))
    return " / ".join(unique) if unique else default


def _landmark_layers(landmarks: Mapping[str, Any]):
    """The river lines, the road lines, the points, and the names of the two line layers
    (the landmarks' own names: "River" and "Roads" when they have none)."""
    river: tuple[list, list] = ([], [])
    roads: tuple[list, list] = ([], [])
    line_names: dict[str, list[str]] = {"river": [], "road": []}
    points: dict[str, list] = {"lon": [], "lat": [], "label": [], "hover": [], "district": []}
    for feature in landmarks.get("features", []):
        props = feature.get("properties", {})
        geom = feature.get("geometry") or {}
        kind = props.get("kind")
        if geom.get("type") in ("LineString", "MultiLineString"):
            target = river if kind == "river" else roads
            line_names["river" if kind == "river" else "road"].append(props.get("name") or "")
            lines = (
                geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
            )
            for line in lines:
                if target[0]:
                    target[0].append(None)
                    target[1].append(None)
                target[0].extend(round(x, 5) for x, _ in line)
                target[1].extend(round(y, 5) for _, y in line)
        elif geom.get("type") == "Point":
            x, y = geom["coordinates"][:2]
            points["lon"].append(x)
            points["lat"].append(y)
            points["label"].append(props.get("name", "") if kind in LABELLED_KINDS else "")
            name, what = plotly_text(props.get("name", "")), plotly_text(kind or "landmark")
            hover = f"<b>{name}</b><br>{what}"
            points["hover"].append(hover)
            points["district"].append(props.get("district"))
    names = {
        "river": _line_name(line_names["river"], "River"),
        "road": _line_name(line_names["road"], "Roads"),
    }
    return river, roads, points, names


def area_figure(
    payload: Mapping[str, Any], *, day: int, palette: str = "conventional"
) -> go.Figure:
    """Km² held per faction over the battle (one series per faction, from the stats'
    ``<faction id>_km2``), with a marker on the chosen day."""
    pal = palette_colours(payload, palette)
    names = payload["map"]["labels"]
    labels = payload["labels"]
    x = list(range(len(labels)))
    fig = go.Figure()
    for faction in factions_of(payload):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[s.get(f"{faction}_km2") for s in payload["stats"]],
                name=plotly_text(names[faction]),
                mode="lines",
                stackgroup="area",
                line={"width": 0.5, "color": pal[faction]},
                fillcolor=pal[faction],
                customdata=payload["long_labels"],
                hovertemplate="%{customdata}<br>%{y:.1f} km²<extra>%{fullData.name}</extra>",
            )
        )
    ticks = list(range(0, len(labels), 7))
    fig.update_layout(
        margin={"l": 48, "r": 12, "t": 26, "b": 32},
        height=190,
        showlegend=True,
        legend={
            "orientation": "h",
            "traceorder": "normal",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "font": {"size": 12},
        },
        hoverlabel={"bgcolor": "#ffffff", "bordercolor": "#5f5f5a", "font": {"color": "#1d1d1b"}},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis={
            "tickmode": "array",
            "tickvals": ticks,
            "ticktext": [labels[i] for i in ticks],
            "range": [0, max(len(labels) - 1, 1)],
            "fixedrange": True,
        },
        yaxis={"title": {"text": "km²"}, "fixedrange": True, "gridcolor": "#e5e5e5"},
        hovermode="x unified",
        shapes=[_day_marker(day)],
    )
    return fig


def _day_marker(day: int) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day,
        "x1": day,
        "y0": 0,
        "y1": 1,
        "line": {"color": "#111111", "width": 2},
    }
