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

# The chosen district's outline: magenta over a white halo, drawn above the front line, so it
# differs from the blue river and from every faction colour in both palettes.
SELECTED_OUTLINE = "#d81b60"
SELECTED_HALO = "#ffffff"
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
LABEL_PX = 12.0  # the names' size on screen (a 1920x1080 slide draws them at 24 px)


def trace_indices(n_factions: int) -> dict[str, int]:
    """The index of each of the map's traces for ``n_factions`` factions: districts, one
    parts trace per faction, front, river, roads, landmarks, then the legend's swatches
    (one per faction and the contested one)."""
    front = TRACE_PARTS_FIRST + n_factions
    extra = front + 4 + n_factions + 1  # after the legend's swatches
    return {
        "districts": TRACE_DISTRICTS,
        "parts": TRACE_PARTS_FIRST,
        "front": front,
        "river": front + 1,
        "roads": front + 2,
        "landmarks": front + 3,
        "legend": front + 4,
        "outline": extra,  # the chosen districts' outline: halo, then line (extra + 1)
        "scale": extra + 2,
        "labels": extra + 3,
        "inset": extra + 4,  # the locator: the country, then the city (extra + 5)
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
    size: tuple[float, float] | None = None,
    margin: Mapping[str, float] | None = None,
    label_px: float = LABEL_PX,
    legend: Mapping[str, Any] | None = None,
) -> go.Figure:
    """The control map of one day: districts, front line, river, roads, landmarks, legend,
    the chosen districts' outline, a scale bar, a north arrow and the names of places.

    The names are placed for a figure of ``size`` (width, height; default
    :data:`NOMINAL_SIZE`, small enough that any larger map shows them without collisions)
    with plotly ``margin``, at ``label_px`` pixels (see :func:`add_names`); ``legend``
    (plotly legend attributes) moves the legend, which the names keep out of.

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
            hoverinfo="skip",  # a marker never takes the hover or click of its district
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
    add_outline(fig, geojson, highlight)
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
    if legend:
        fig.update_layout(legend=legend)
    add_names(fig, payload, day, highlight, size=size, margin=margin, label_px=label_px)
    return fig


# --- names, outline, scale bar and north arrow --------------------------------------------

NOMINAL_SIZE = (720, 480)  # names placed for a map this small show at any larger size
LABEL_INK = "#1a1a1a"
LANDMARK_INK = "#3b2f6b"
# A white halo around each name (CSS text-shadow, which plotly.js draws as textfont.shadow),
# so it reads on any fill: a ring of sharp copies one twelfth of the size out, and a blur.


def halo(size: float) -> str:
    """The text-shadow of a name of ``size`` pixels."""
    d = round(max(1.0, size / 12), 1)
    ring = [(d, 0), (-d, 0), (0, d), (0, -d), (d, d), (-d, -d), (d, -d), (-d, d)]
    return ", ".join(f"{x:g}px {y:g}px 1px #ffffff" for x, y in ring) + f", 0 0 {2 * d:g}px #ffffff"


def outline_lonlat(geojson: Mapping[str, Any], districts: Sequence[str]) -> tuple[list, list]:
    """Lon/lat of the rings of ``districts`` (pieces ``None``-separated)."""
    chosen = set(districts)
    lons: list[float | None] = []
    lats: list[float | None] = []
    for feature in geojson.get("features", []):
        if (feature.get("properties") or {}).get("id") not in chosen:
            continue
        geom = feature.get("geometry") or {}
        polygons = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polygons = [polygons]
        for ring in (r for polygon in polygons for r in polygon):
            if lons:
                lons.append(None)
                lats.append(None)
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    return lons, lats


def add_outline(fig: go.Figure, geojson: Mapping[str, Any], highlight: Sequence[str]) -> None:
    """The chosen districts' outline above the front line: a white halo, then the line."""
    lons, lats = outline_lonlat(geojson, highlight)
    for colour, width, name in (
        (SELECTED_HALO, SELECTED_WIDTH + 3.5, "Outline halo"),
        (SELECTED_OUTLINE, SELECTED_WIDTH, "Outlined"),
    ):
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": colour, "width": width},
                name=name,
                hoverinfo="skip",
                showlegend=False,
            )
        )


def map_view(
    payload: Mapping[str, Any],
    size: tuple[float, float] | None = None,
    margin: Mapping[str, float] | None = None,
):
    """The :class:`dashboard.labels.View` of the map in a figure of ``size`` (``None``
    without the payload's places)."""
    from dashboard.labels import fit_view, view_ranges

    places = payload["map"].get("places")
    if not places or not places.get("bounds"):
        return None
    lo0, la0, lo1, la1 = places["bounds"]
    lon_range, lat_range = view_ranges([lo0, lo1], [la0, la1])
    w, h = size or NOMINAL_SIZE
    return fit_view(lon_range, lat_range, w, h, margin)


def legend_box(fig: go.Figure, width: float, height: float) -> tuple[float, float, float, float]:
    """About the pixels the legend covers (names keep out of it)."""
    from dashboard.labels import text_width

    legend = fig.layout.legend
    font = (legend.font.size if legend.font and legend.font.size else None) or 12
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    w = max((text_width(n, font) for n in names), default=0) + 50
    h = len(names) * (font * 1.25 + 7) + 12
    x = (legend.x if legend.x is not None else 0.01) * width
    y = (1 - (legend.y if legend.y is not None else 0.99)) * height
    if legend.yanchor == "bottom":
        y -= h
    return (x, y, x + w, y + h)


def add_names(
    fig: go.Figure,
    payload: Mapping[str, Any],
    day: int,
    highlight: Sequence[str],
    *,
    size: tuple[float, float] | None = None,
    margin: Mapping[str, float] | None = None,
    label_px: float = LABEL_PX,
) -> None:
    """Frame the map on the district layer (explicit ranges, so the exports know the
    projection), and add the scale bar, the north arrow and the names of the day, placed
    without collisions by :func:`dashboard.labels.map_labels`. Without the payload's places
    (a payload built without a layer) the map keeps plotly's fit and draws no names."""
    from dashboard.furniture import north_arrow, north_box, scale_bar
    from dashboard.labels import LABEL_FONT, map_labels

    traces = trace_indices(len(factions_of(payload)))
    view = map_view(payload, size, margin)
    if view is None:
        fig.add_trace(go.Scattergeo(lon=[], lat=[], mode="lines", name="Scale", showlegend=False))
        fig.add_trace(go.Scattergeo(lon=[], lat=[], mode="text", name="Names", showlegend=False))
        fig.add_trace(go.Scattergeo(lon=[], lat=[], mode="lines", name="Country", showlegend=False))
        fig.add_trace(go.Scattergeo(lon=[], lat=[], mode="markers", name="City", showlegend=False))
        return
    fig.update_geos(
        domain={"x": [0, 1], "y": [0, 1]},
        fitbounds=False,
        lonaxis_range=list(view.lon_range),
        lataxis_range=list(view.lat_range),
        center={"lon": sum(view.lon_range) / 2, "lat": sum(view.lat_range) / 2},
    )
    bar = scale_bar(view)
    fig.add_trace(
        go.Scattergeo(
            lon=bar["lon"],
            lat=bar["lat"],
            text=bar["text"],
            mode="lines+text",
            textposition="top center",
            textfont={
                "size": label_px,
                "color": LABEL_INK,
                "family": LABEL_FONT,
                "shadow": halo(label_px),
            },
            line={"color": LABEL_INK, "width": 2.5},
            name="Scale",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    width, height = size or NOMINAL_SIZE
    fig.add_annotation(
        north_arrow(
            view,
            width,
            height,
            label_px,
            below=_below_inset(view, inset_box(view, width, height, payload["map"]["places"])),
        )
    )
    # The names follow the day's own front, not the moments between days: they stay put
    # while the front moves through a day.
    if payload.get("frames"):
        front = frame_front(payload, day * payload.get("per_day", 1))
    else:
        front = tuple(payload["fronts"][day][:2])
    box = view.map_box()
    inset = inset_box(view, width, height, payload["map"]["places"])
    names = map_labels(
        payload,
        day,
        highlight,
        front,
        view.project,
        (max(box[0], 0), max(box[1], 0), min(box[2], width), min(box[3], height)),
        label_px,
        keepout=[
            bar["box"],
            north_box(view, label_px, below=_below_inset(view, inset)),
            legend_box(fig, width, height),
            inset,
        ],
    )
    marks = fig.data[traces["landmarks"]]
    marks.text = names["landmarks"]["text"]
    marks.textposition = names["landmarks"]["position"]
    marks.textfont = {
        "size": label_px,
        "color": LANDMARK_INK,
        "family": LABEL_FONT,
        "shadow": halo(label_px),
    }
    anchors = payload["map"]["places"]["anchors"]
    fig.add_trace(
        go.Scattergeo(
            lon=[a[0] for a in anchors],
            lat=[a[1] for a in anchors],
            text=names["districts"]["text"],
            textposition=names["districts"]["position"],
            mode="text",
            textfont={
                "size": label_px,
                "color": LABEL_INK,
                "family": LABEL_FONT,
                "shadow": halo(label_px),
            },
            name="Names",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    add_inset(fig, payload["map"]["places"].get("locator"), view, inset, width, height)


def inset_box(
    view: Any, width: float, height: float, places: Mapping[str, Any] | None = None
) -> tuple[float, float, float, float]:
    """The locator inset's pixel box, a sixth of the map's width: right of the map where the
    figure has room (a wide slide), else the map's top-right or bottom-left corner, whichever
    covers less of the districts (by the area of those whose label point it covers)."""
    x0, y0, x1, y1 = view.map_box()
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
    w = max(90.0, min(220.0, (x1 - x0) / 6))
    h = w * 0.8
    if width - x1 >= w + 60:
        return (x1 + 30, y0 + 10, x1 + 30 + w, y0 + 10 + h)
    corners = [
        (x1 - 10 - w, y0 + 10, x1 - 10, y0 + 10 + h),
        (x0 + 10, y1 - 10 - h, x0 + 10 + w, y1 - 10),
    ]
    if not places:
        return corners[0]

    def covered(box: tuple[float, float, float, float]) -> float:
        total = 0.0
        for (lon, lat), area in zip(places["anchors"], places["area_km2"]):
            x, y = view.project(lon, lat)
            if box[0] - 20 <= x <= box[2] + 20 and box[1] - 20 <= y <= box[3] + 20:
                total += area
        return total

    return min(corners, key=covered)


def _geo2_ranges(
    lons: Sequence[float | None], lats: Sequence[float | None], w: float, h: float
) -> tuple[list[float], list[float]]:
    """Lon and lat ranges around the country whose mercator box has the inset's shape, so
    the inset's background fills its whole box."""
    import math

    xs = [x for x in lons if x is not None]
    ys = [y for y in lats if y is not None]
    lo0, lo1, la0, la1 = min(xs), max(xs), min(ys), max(ys)
    pad_lo, pad_la = 0.1 * (lo1 - lo0), 0.1 * (la1 - la0)
    lo0, lo1, la0, la1 = lo0 - pad_lo, lo1 + pad_lo, la0 - pad_la, la1 + pad_la

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    def unmerc(m: float) -> float:
        return math.degrees(2 * math.atan(math.exp(m)) - math.pi / 2)

    dx, dy = math.radians(lo1 - lo0), merc(la1) - merc(la0)
    if dx / dy < w / h:  # too tall: widen
        extra = math.degrees((w / h) * dy - dx) / 2
        lo0, lo1 = lo0 - extra, lo1 + extra
    else:  # too wide: heighten
        mid, half = (merc(la0) + merc(la1)) / 2, dx * h / w / 2
        la0, la1 = unmerc(mid - half), unmerc(mid + half)
    return [round(lo0, 4), round(lo1, 4)], [round(la0, 4), round(la1, 4)]


def _below_inset(view: Any, inset: tuple[float, float, float, float]) -> float | None:
    """Where the north arrow starts: under the inset when the inset is in the map's top-right
    corner."""
    _x0, y0, x1, _y1 = view.map_box()
    return inset[3] if inset[0] < x1 and inset[1] < y0 + 20 and inset[2] > x1 - 40 else None


def add_inset(
    fig: go.Figure,
    locator: Mapping[str, Any] | None,
    view: Any,
    box: tuple[float, float, float, float],
    width: float,
    height: float,
) -> None:
    """A small second map in ``box``: the country (Natural Earth, see assets/geodata) and a
    square where the city is. Nothing is drawn without a ``locator``."""
    lons = list(locator["lon"]) if locator else []
    lats = list(locator["lat"]) if locator else []
    city = locator["city"] if locator else [None, None]
    fig.add_trace(
        go.Scattergeo(
            geo="geo2",
            lon=lons,
            lat=lats,
            mode="lines",
            fill="toself",
            fillcolor="#e4e1d8",
            line={"color": "#6b6b6b", "width": 1},
            name=locator["name"] if locator else "Country",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scattergeo(
            geo="geo2",
            lon=[city[0]],
            lat=[city[1]],
            mode="markers",
            marker={
                "symbol": "square",
                "size": 9,
                "color": "#d81b60",
                "line": {"color": "#ffffff", "width": 1.5},
            },
            name="City",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    left, top, w, h = view.extent
    ranges: dict[str, Any] = {"fitbounds": "locations"}
    if locator:
        lon_range, lat_range = _geo2_ranges(lons, lats, box[2] - box[0], box[3] - box[1])
        ranges = {
            "fitbounds": False,
            "lonaxis": {"range": lon_range},
            "lataxis": {"range": lat_range},
            "center": {"lon": sum(lon_range) / 2, "lat": sum(lat_range) / 2},
        }
    fig.update_layout(
        geo2={
            "domain": {
                "x": [max(0.0, (box[0] - left) / w), min(1.0, (box[2] - left) / w)],
                "y": [max(0.0, 1 - (box[3] - top) / h), min(1.0, 1 - (box[1] - top) / h)],
            },
            "visible": False,
            **ranges,
            "projection": {"type": "mercator"},
            "bgcolor": "#ffffff",
        }
    )


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
