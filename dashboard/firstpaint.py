"""The map of a view as an inline SVG, drawn on the server: the page's first paint.

The dashboard's interactive map needs Dash's renderer, React and plotly.js before it draws
a district (one to two seconds on a slow machine). The HTML of ``/`` and ``/embed`` carries
this drawing instead, so the browser shows the requested day's map with no script at all;
the interactive map takes its place once plotly has painted the same day (see
``assets/js/firstpaint.mjs``). Readers with scripts off keep it, with the day's text.

Everything is drawn from the same payload the browser paints from
(:mod:`dashboard.payload`): the fills of a day are the fills of its first interpolated
moment (:func:`dashboard.figures.frame_fill`, as ``assets/js/style.mjs`` paints them), the
parts of shared districts, the front line, the river and roads, the landmarks, the names
placed by :func:`dashboard.labels.map_labels`, the legend and the date. The map is fitted
into its box as plotly fits a geo subplot with explicit ranges (centred, aspect kept), so
the picture sits where plotly will draw it.

Pure: no Dash, no plotly. :func:`first_paint` caches one drawing per view (bounded LRU).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dashboard.describe import CONTESTED
from dashboard.labels import LABEL_FONT, View, fit_view, map_labels, view_ranges

# The box the names are placed for: about the dashboard's map on a laptop (1366 x 768 and
# 1400 x 900 give a map box 900-950 px wide, 370-500 px tall). The SVG scales with its box.
SIZE = (960.0, 480.0)
LABEL_PX = 12.0
# Coordinates are written in units of half a pixel of SIZE, as whole numbers.
UNIT = 2
CACHE_VIEWS = 256

PLAIN_OUTLINE = "rgba(255,255,255,0.85)"
PART_OUTLINE = "#111111"
RIVER = "#3a86c8"
ROADS = "#555555"
LABEL_INK = "#1a1a1a"
LANDMARK_INK = "#3b2f6b"
SELECTED = "#d81b60"
CONTESTED_SWATCH = "#8a6d3b"


@dataclass(frozen=True)
class FirstView:
    """The view a query asks for, read as the page reads it (``assets/js/url.mjs``): a bad
    parameter falls back to the first day, no district, the default palette."""

    day: int
    palette: str
    district: str | None = None


def read_view(payload: Mapping[str, Any], args: Mapping[str, str]) -> FirstView:
    """The view of a request's query parameters, read as the page reads them
    (:func:`dashboard.views.read_view`: ``date``, ``palette``, ``district`` by id, name or
    alias, or a story's step).

    Never raises: anything it cannot read falls back as the page does (a date outside the
    battle shows its first or last day; an unknown palette the default one).
    """
    from dashboard.views import read_view as read

    view = read(payload, args)
    palette = view.palette if view.palette in payload["palettes"] else None
    return FirstView(view.day, palette or payload["map"]["default_palette"], view.district)


def _num(v: float) -> int:
    return round(v * UNIT)


def _path(rings: Sequence[Sequence[tuple[float, float]]], close: bool) -> str:
    """SVG path data of pixel rings: whole numbers, relative moves, repeated points dropped."""
    out = []
    for ring in rings:
        pts = [(_num(x), _num(y)) for x, y in ring]
        if len(pts) < 2:
            continue
        x0, y0 = pts[0]
        s = [f"M{x0} {y0}"]
        px, py = x0, y0
        steps = []
        for x, y in pts[1:]:
            if x == px and y == py:
                continue
            steps.append(f"{x - px} {y - py}")
            px, py = x, y
        if not steps:
            continue
        s.append("l" + " ".join(steps))
        if close:
            s.append("z")
        out.append("".join(s))
    return "".join(out).replace(" -", "-")


def _columns_to_rings(
    lons: Sequence[float | None], lats: Sequence[float | None], project: Callable
) -> list[list[tuple[float, float]]]:
    rings: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    for lon, lat in zip(lons, lats):
        if lon is None or lat is None:
            if cur:
                rings.append(cur)
            cur = []
        else:
            cur.append(project(lon, lat))
    if cur:
        rings.append(cur)
    return rings


def _feature_rings(feature: Mapping[str, Any], project: Callable) -> list:
    geom = feature.get("geometry") or {}
    polys = geom.get("coordinates") or []
    if geom.get("type") == "Polygon":
        polys = [polys]
    return [[project(p[0], p[1]) for p in ring] for poly in polys for ring in poly]


def map_view(payload: Mapping[str, Any], size: tuple[float, float] = SIZE) -> View | None:
    """The map's projection in a box of ``size`` (None without the payload's places)."""
    places = payload["map"].get("places")
    if not places or not places.get("bounds"):
        return None
    lo0, la0, lo1, la1 = places["bounds"]
    lon_range, lat_range = view_ranges([lo0, lo1], [la0, la1])
    return fit_view(lon_range, lat_range, *size)


class Drawing:
    """What does not change with the view, made once: the projection, every district's
    path, the river, roads and landmark markers."""

    def __init__(
        self,
        payload: Mapping[str, Any],
        geojson: Mapping[str, Any],
        landmarks: Mapping[str, Any],
        size: tuple[float, float] = SIZE,
        legend: bool = True,
    ) -> None:
        self.payload = payload
        self.legend = legend
        self.size = size
        view = map_view(payload, size)
        if view is None:
            view = _fit_features(geojson, size)
        self.view = view
        project = view.project
        by_id = {(f.get("properties") or {}).get("id"): f for f in geojson.get("features", [])}
        self.district_paths = [
            _path(_feature_rings(by_id[d], project), True) if d in by_id else ""
            for d in payload["ids"]
        ]
        self.geojson = geojson
        river, roads, marks, self.line_names = _landmark_lines(landmarks)
        self.river = _path(_columns_to_rings(*river, project), False)
        self.roads = _path(_columns_to_rings(*roads, project), False)
        self.marks = [project(lon, lat) for lon, lat in marks]
        x0, y0, x1, y1 = view.map_box()
        self.box = (x0, y0, x1, y1)

    def svg(self, view: FirstView) -> str:
        """The SVG of one view (see the module)."""
        p = self.payload
        day, palette = view.day, view.palette
        project = self.view.project
        fills = day_fills(p, day, palette)
        contested = day_contested(p, day)
        pal = p["palettes"][palette]
        factions = list(p["map"]["factions"])
        labels = p["map"]["labels"]
        x0, y0, x1, y1 = self.box
        vb = f"{_num(x0)} {_num(y0)} {_num(x1 - x0)} {_num(y1 - y0)}"
        title = f"{p.get('title') or 'Map'}: who held each district on {p['long_labels'][day]}"
        out = [
            f'<svg class="fp-svg" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="fp-title" data-day="{day}" data-date="{p["dates"][day]}" '
            f'data-palette="{html.escape(palette)}">',
            f'<title id="fp-title">{html.escape(title)}</title>',
            f'<svg class="fp-map" viewBox="{vb}" preserveAspectRatio="xMidYMid meet" '
            f'width="100%" height="100%">',
            f'<g class="fp-districts" stroke="{PLAIN_OUTLINE}" stroke-width="{0.6 * UNIT:g}" '
            'stroke-linejoin="round">',
        ]
        outline = p["map"].get("outlines", {}).get("contested", {})
        for i, d in enumerate(p["ids"]):
            path = self.district_paths[i]
            if not path:
                continue
            extra = ""
            if contested[i]:
                extra = (
                    f' stroke="{outline.get("colour", "#111")}" '
                    f'stroke-width="{outline.get("width", 1.6) * UNIT:g}"'
                )
            out.append(f'<path data-id="{html.escape(d)}" fill="{fills[i]}"{extra} d="{path}"/>')
        out.append("</g>")
        parts, front = day_lines(p, day)
        for faction, (lons, lats) in zip(factions, parts):
            d = _path(_columns_to_rings(lons, lats, project), True)
            if d:
                out.append(
                    f'<path class="fp-part" data-faction="{html.escape(faction)}" '
                    f'fill="{pal[faction]}" stroke="{PART_OUTLINE}" '
                    f'stroke-width="{0.8 * UNIT:g}" d="{d}"/>'
                )
        if self.roads:
            out.append(
                f'<path class="fp-roads" fill="none" stroke="{ROADS}" '
                f'stroke-width="{1.5 * UNIT:g}" stroke-dasharray="3 3" d="{self.roads}"/>'
            )
        if self.river:
            out.append(
                f'<path class="fp-river" fill="none" stroke="{RIVER}" '
                f'stroke-width="{2.5 * UNIT:g}" d="{self.river}"/>'
            )
        front_d = _path(_columns_to_rings(front[0], front[1], project), False)
        out.append(
            f'<path class="fp-front" fill="none" stroke="{pal["front"]}" '
            f'stroke-width="{3.5 * UNIT:g}" stroke-linejoin="round" d="{front_d}"/>'
        )
        if view.district and view.district in p["ids"]:
            i = p["ids"].index(view.district)
            for colour, width in (("#ffffff", 7.0), (SELECTED, 3.5)):
                out.append(
                    f'<path class="fp-selected" fill="none" stroke="{colour}" '
                    f'stroke-width="{width * UNIT:g}" d="{self.district_paths[i]}"/>'
                )
        out.append(self._marks())
        out.append(self._names(day, view))
        out.append("</svg>")
        if self.legend:
            out.append(_legend(p, palette, factions, labels, self.line_names))
        out.append("</svg>")
        return "".join(out)

    def _marks(self) -> str:
        r = 3.5 * UNIT
        dots = "".join(
            f"M{_num(x)} {_num(y) - r:g}l{r:g} {r:g}-{r:g} {r:g}-{r:g}-{r:g}z"
            for x, y in self.marks
        )
        if not dots:
            return ""
        return (
            f'<path class="fp-marks" fill="#ffffff" stroke="#222222" '
            f'stroke-width="{1.5 * UNIT:g}" d="{dots}"/>'
        )

    def _names(self, day: int, view: FirstView) -> str:
        p = self.payload
        places = p["map"].get("places")
        if not places:
            return ""
        highlight = [view.district] if view.district else []
        x0, y0, x1, y1 = self.box
        w, h = self.size
        viewport = (max(x0, 0), max(y0, 0), min(x1, w), min(y1, h))
        _parts, front = day_lines(p, day)
        names = map_labels(
            p, day, highlight, front, self.view.project, viewport, LABEL_PX, keepout=[]
        )
        size = LABEL_PX * UNIT
        out = [
            f'<g class="fp-names" font-family="{LABEL_FONT}" font-size="{size:g}" '
            f'fill="{LABEL_INK}" stroke="#ffffff" stroke-width="{2 * UNIT:g}" '
            'paint-order="stroke" stroke-linejoin="round">'
        ]
        layers = (
            ("districts", places["anchors"], LABEL_INK, 0.0),
            ("landmarks", [(m["lon"], m["lat"]) for m in places["landmarks"]], LANDMARK_INK, 1.0),
        )
        for layer, anchors, ink, marker in layers:
            texts = names[layer]["text"]
            positions = names[layer]["position"]
            for (lon, lat), text, position in zip(anchors, texts, positions):
                if not text or lon is None:
                    continue
                x, y = self.view.project(lon, lat)
                r = (places.get("marker_px", 7.0) / 2 / 0.8 + 1) * marker
                out.append(_text(x, y, text, position, r, ink))
        out.append("</g>")
        return "".join(out)


def _text(x: float, y: float, text: str, position: str, r: float, ink: str) -> str:
    """A name at plotly ``textposition`` ``position`` around (x, y) (see labels.label_box)."""
    v, h = position.split(" ")
    anchor = {"left": "end", "right": "start", "center": "middle"}[h]
    sign = {"start": 1, "end": -1, "middle": 0, "bottom": 1, "top": -1}
    dx = sign[anchor] * r
    dy = LABEL_PX * 0.75 + sign[v] * r + (sign[v] - 1) * LABEL_PX / 2
    fill = "" if ink == LABEL_INK else f' fill="{ink}"'
    # The text is plotly-escaped markup (&amp; &lt; &gt;): valid as SVG text as it is.
    return f'<text x="{_num(x + dx)}" y="{_num(y + dy)}" text-anchor="{anchor}"{fill}>{text}</text>'


def _legend(
    payload: Mapping[str, Any],
    palette: str,
    factions: list[str],
    labels: Mapping[str, str],
    line_names: Mapping[str, str],
) -> str:
    """The key in the map box's top-left corner at screen size, with plotly's entries in
    plotly's order (the front, the river, the roads, the landmarks, the factions, contested)."""
    from dashboard.labels import text_width

    pal = payload["palettes"][palette]
    rows: list[tuple[str, str]] = [
        (
            "Front line",
            f'<path d="M10 0h30" stroke="{pal["front"]}" stroke-width="3.5"/>',
        ),
        (
            line_names["river"],
            f'<path d="M10 0h30" stroke="{RIVER}" stroke-width="2.5"/>',
        ),
        (
            line_names["road"],
            f'<path d="M10 0h30" stroke="{ROADS}" stroke-width="1.5" stroke-dasharray="3 3"/>',
        ),
        (
            "Landmarks",
            '<path d="M25-5l5 5-5 5-5-5z" fill="#fff" stroke="#222" stroke-width="1.5"/>',
        ),
    ]
    for f in factions:
        rows.append(
            (
                str(labels[f]),
                f'<rect class="fp-swatch" x="18" y="-7" width="14" height="14" fill="{pal[f]}"/>',
            )
        )
    rows.append(
        (
            "Contested (mixed colour, dark outline)",
            f'<rect class="fp-swatch" x="18" y="-6" width="12" height="12" '
            f'fill="{CONTESTED_SWATCH}" stroke="#111111" stroke-width="2"/>',
        )
    )
    height = 19 * len(rows) + 6
    width = 52 + max(text_width(text, 12) for text, _ in rows)
    out = [
        f'<g class="fp-legend" transform="translate(10 5)" font-family="{LABEL_FONT}" '
        f'font-size="12" fill="#444444">',
        f'<rect width="{width:.0f}" height="{height}" fill="rgba(255,255,255,0.85)"/>',
    ]
    for k, (text, symbol) in enumerate(rows):
        out.append(
            f'<g transform="translate(0 {13 + 19 * k})">{symbol}'
            f'<text x="46" y="4">{html.escape(text)}</text></g>'
        )
    out.append("</g>")
    return "".join(out)


def day_fills(payload: Mapping[str, Any], day: int, palette: str) -> list[str]:
    """The fill of every district (map order) as the browser paints ``day``: its first
    interpolated moment when the payload has moments, else the day's state colours."""
    frames = payload.get("frames")
    if frames:
        pal = payload["palettes"][palette]
        colours = [pal[f] for f in payload["map"]["factions"]]
        whole = [1.0] + [0.0] * (len(colours) - 1)
        frame = frames["frames"][min(day * payload.get("per_day", 1), len(frames["frames"]) - 1)]
        return [
            colours[h] if h >= 0 else browser_mix(frame["shares"].get(d, whole), colours)
            for d, h in zip(payload["ids"], frame["holder"])
        ]
    colours = payload["colours"][palette]
    return [colours[s] for s in payload["days"][day]]


def browser_mix(shares: Sequence[float], colours: Sequence[str]) -> str:
    """:func:`dashboard.palettes.mix` as the browser computes it (``mixColour`` in
    assets/js/colour.mjs): halves round up there, to even in Python's ``round``, so a mixed
    fill could differ by one unit of a channel from the map that replaces the drawing."""
    import math

    weights = [max(0.0, float(v)) for v in shares]
    total = sum(weights) or 1.0
    rgb = [0.0, 0.0, 0.0]
    for w, colour in zip(weights, colours):
        h = colour.lstrip("#")
        for k in range(3):
            rgb[k] += w / total * int(h[2 * k : 2 * k + 2], 16)
    return "#" + "".join(f"{max(0, min(255, math.floor(v + 0.5))):02x}" for v in rgb)


def day_contested(payload: Mapping[str, Any], day: int) -> list[bool]:
    """Whether each district is drawn with the contested outline on ``day``."""
    frames = payload.get("frames")
    if frames:
        frame = frames["frames"][min(day * payload.get("per_day", 1), len(frames["frames"]) - 1)]
        return [h < 0 for h in frame["holder"]]
    return [payload["states"][s]["status"] == CONTESTED for s in payload["days"][day]]


def day_lines(payload: Mapping[str, Any], day: int) -> tuple[list, tuple]:
    """The parts of shared districts (per faction) and the front line of ``day``."""
    from dashboard.figures import frame_front, frame_parts

    if payload.get("frames"):
        f = day * payload.get("per_day", 1)
        return frame_parts(payload, f), frame_front(payload, f)
    factions = payload["map"]["factions"]
    return [([], []) for _ in factions], tuple(payload["fronts"][day][:2])


def _landmark_lines(landmarks: Mapping[str, Any]):
    """The river's and the roads' lines (lon/lat columns), the points, and the names of the
    two line layers as the map's legend gives them (:func:`dashboard.figures._landmark_layers`)."""
    river: tuple[list, list] = ([], [])
    roads: tuple[list, list] = ([], [])
    names: dict[str, list[str]] = {"river": [], "road": []}
    marks = []
    for feature in landmarks.get("features", []):
        props = feature.get("properties") or {}
        geom = feature.get("geometry") or {}
        if geom.get("type") in ("LineString", "MultiLineString"):
            is_river = props.get("kind") == "river"
            target = river if is_river else roads
            names["river" if is_river else "road"].append(props.get("name") or "")
            lines = (
                geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
            )
            for line in lines:
                if target[0]:
                    target[0].append(None)
                    target[1].append(None)
                target[0].extend(x for x, *_ in line)
                target[1].extend(y for _, y, *_ in line)
        elif geom.get("type") == "Point":
            marks.append(tuple(geom["coordinates"][:2]))

    def joined(found: list[str], default: str) -> str:
        unique = list(dict.fromkeys(n for n in found if n))
        return " / ".join(unique) if unique else default

    line_names = {"river": joined(names["river"], "River"), "road": joined(names["road"], "Roads")}
    return river, roads, marks, line_names


def _fit_features(geojson: Mapping[str, Any], size: tuple[float, float]) -> View:
    lons: list[float] = []
    lats: list[float] = []
    for f in geojson.get("features", []):
        geom = f.get("geometry") or {}
        polys = geom.get("coordinates") or []
        if geom.get("type") == "Polygon":
            polys = [polys]
        for ring in (r for poly in polys for r in poly):
            lons += [p[0] for p in ring]
            lats += [p[1] for p in ring]
    if not lons:
        lons, lats = [0.0, 1.0], [0.0, 1.0]
    lon_range, lat_range = view_ranges(lons, lats)
    return fit_view(lon_range, lat_range, *size)


def first_paint(
    data: Mapping[str, Any],
    size: tuple[float, float] = SIZE,
    cache: int = CACHE_VIEWS,
    *,
    legend: bool = True,
) -> Callable[[FirstView], str]:
    """A function giving the SVG of a view of ``data`` (view data: ``payload``,
    ``geojson``, ``landmarks``), each drawn once and kept (at most ``cache`` views).
    ``legend=False`` leaves the key out (``/embed`` keeps its own along the bottom)."""
    drawing = Drawing(data["payload"], data["geojson"], data["landmarks"], size, legend)

    @lru_cache(maxsize=cache)
    def svg(view: FirstView) -> str:
        return drawing.svg(view)

    return svg


def skeleton(payload: Mapping[str, Any], view: FirstView, svg: str) -> str:
    """The page before the app renders: the title, the date, the map (``svg``) and the
    day's text, with the classes and sizes of the Dash layout (dashboard/layout.py) so the
    interactive page takes its place without a jump. Its ids are ``fp-``: no clash."""
    e = html.escape
    long = payload["long_labels"][view.day]
    text = (payload.get("descriptions") or [""] * len(payload["dates"]))[view.day]
    return (
        f'<div id="first-paint" class="atlas fp-page" data-day="{view.day}" '
        f'data-palette="{e(view.palette)}">'
        '<header class="top"><div><span class="brand">Frontline Atlas</span>'
        f"<h1>{e(payload.get('title') or '')}</h1></div></header>"
        f"{_tools(payload)}"
        '<main class="stage">'
        '<div class="controls fp-controls"><div class="date-row">'
        '<span class="step fp-step" aria-hidden="true">&#8249;</span>'
        f'<div class="date-display fp-date">{e(long)}</div>'
        '<span class="step fp-step" aria-hidden="true">&#8250;</span></div>'
        '<div class="slider-wrap fp-slider"></div></div>'
        f'<div class="map-box fp-box"><div class="map fp-mapframe">{svg}</div></div>'
        f'<div class="fp-text"><p>{e(text)}</p></div>'
        "</main></div>"
    )


def _tools(payload: Mapping[str, Any]) -> str:
    """The options and share bar as the app lays them out (same classes and texts, no
    controls: hidden, only holding their room, so the title wraps as it will)."""
    e = html.escape
    labels = payload["map"].get("palette_labels") or {}

    def opt(text: Any) -> str:
        return f'<label class="fp-opt"><span class="fp-tick"></span>{e(str(text))}</label>'

    options = (
        f"<span>{opt('Street map (online: OpenStreetMap tiles)')}</span>"
        f'<span class="palette">{"".join(opt(t) for t in labels.values())}</span>'
    )
    share = (
        '<span class="share-label">Download</span>'
        + "".join(f'<span class="dl">{k}</span>' for k in ("PNG", "SVG", "GIF", "HTML"))
        + '<span class="share-label">Share</span>'
        + '<span class="copy">Copy link</span><span class="copy">Copy embed code</span>'
    )
    return (
        '<div class="tools fp-tools" aria-hidden="true">'
        f'<div class="options">{options}</div><div class="share">{share}</div></div>'
    )
