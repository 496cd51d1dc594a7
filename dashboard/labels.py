"""Names on the map: which district and landmark labels fit, and where, without collisions.

One algorithm, written twice: here for the exports (slides, GIF and MP4 frames, the HTML page
and ``/embed``, placed for a known picture size) and in ``assets/js/labels.mjs`` for the
dashboard's map at its current size and zoom; tests/test_labels.py runs both on one fixture
and checks they agree.

Placement is greedy by priority over label boxes in screen pixels (y down): the selected
district first, then the districts and landmarks in the day's events, then the landmarks
of the kinds always worth naming, then the other districts by area (largest first), then the
other landmarks. Each label tries a few positions around its anchor (the district's label
point, or beside the landmark's marker) and takes the first whose box stays inside the view
and touches no box already placed and no landmark marker; a landmark's name also keeps off
the front line.
The positions are plotly's ``textposition`` values, and a box is computed the way plotly.js
places the text (``textPointPosition`` in its drawing code), with the advance widths of
Liberation Sans (metric-compatible with Arial), the font the labels are drawn in.

Also here: the projection plotly.js uses for a geo subplot with explicit lon/lat ranges
(:func:`fit_view`), so the exports know where each anchor lands before plotly draws it.
Pure Python: no plotly, no Dash.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LABEL_FONT = "Liberation Sans, Arial, sans-serif"
# Always named when they fit (before the districts by area): the landmarks readers orient by.
NAMED_KINDS = ("fortress", "airport", "hill")
# plotly.js shrinks the range box by this much (degrees) on each side before fitting it.
RANGE_PAD_DEG = 1e-3
# Extra pixels around each box: the text's halo must not touch another label.
HALO_PX = 2.0
# Text box above and below the baseline, in ems (Liberation Sans ascent and descent).
ASCENT_EM = 0.905
DESCENT_EM = 0.212
DISTRICT_POSITIONS = ("middle center", "top center", "bottom center", "middle right", "middle left")
LANDMARK_POSITIONS = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)
_SIGN = {"start": 1, "end": -1, "middle": 0, "bottom": 1, "top": -1}

# Advance widths (1/1000 em) of Liberation Sans / Arial, printable ASCII from the space.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER_WIDTHS = {"\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333, "\u2013": 556}
UNKNOWN_WIDTH = 667  # any other character: as wide as a capital, to be safe


def text_width(text: str, size: float) -> float:
    """Width in pixels of one line of ``text`` at ``size`` px in the label font."""
    total = 0
    for ch in text:
        code = ord(ch)
        if 32 <= code < 127:
            total += _ASCII_WIDTHS[code - 32]
        else:
            total += _OTHER_WIDTHS.get(ch, UNKNOWN_WIDTH)
    return total * size / 1000


def escape_markup(text: str) -> str:
    """A name as plotly text shows it literally (plotly reads a subset of HTML in text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- the projection


def _merc(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class View:
    """A plotly geo subplot (mercator, explicit ``lonaxis``/``lataxis`` ranges, scale 1) drawn
    in the pixel box ``extent`` = (left, top, width, height) of the figure."""

    lon_range: tuple[float, float]
    lat_range: tuple[float, float]
    extent: tuple[float, float, float, float]

    @property
    def k(self) -> float:
        """Pixels per radian of longitude (d3's mercator scale)."""
        (lo0, lo1), (la0, la1) = self.lon_range, self.lat_range
        _, _, w, h = self.extent
        dx = math.radians(lo1 - lo0 - 2 * RANGE_PAD_DEG)
        dy = _merc(la1 - RANGE_PAD_DEG) - _merc(la0 + RANGE_PAD_DEG)
        return min(w / dx, h / dy)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position (x right, y down) of a lon/lat in the figure."""
        (lo0, lo1), (la0, la1) = self.lon_range, self.lat_range
        left, top, w, h = self.extent
        k = self.k
        x = left + w / 2 + k * math.radians(lon - (lo0 + lo1) / 2)
        y = top + h / 2 - k * (_merc(lat) - _merc((la0 + la1) / 2))
        return x, y

    def invert(self, x: float, y: float) -> tuple[float, float]:
        """The lon/lat at pixel ``(x, y)`` (the inverse of :meth:`project`)."""
        (lo0, lo1), (la0, la1) = self.lon_range, self.lat_range
        left, top, w, h = self.extent
        k = self.k
        lon = (lo0 + lo1) / 2 + math.degrees((x - left - w / 2) / k)
        m = _merc((la0 + la1) / 2) - (y - top - h / 2) / k
        return lon, math.degrees(2 * math.atan(math.exp(m)) - math.pi / 2)

    def map_box(self) -> tuple[float, float, float, float]:
        """The pixel box (x0, y0, x1, y1) the ranges fill: the map's drawn area."""
        (lo0, lo1), (la0, la1) = self.lon_range, self.lat_range
        x0, y1 = self.project(lo0 + RANGE_PAD_DEG, la0 + RANGE_PAD_DEG)
        x1, y0 = self.project(lo1 - RANGE_PAD_DEG, la1 - RANGE_PAD_DEG)
        return x0, y0, x1, y1

    def metres_per_pixel(self, lat: float) -> float:
        """Ground metres per pixel at latitude ``lat`` (the sphere of radius 6371 km)."""
        return 6_371_008.8 * math.cos(math.radians(lat)) / self.k


def view_ranges(
    lons: Sequence[float], lats: Sequence[float], pad: float = 0.04
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Lon and lat ranges around the points, widened by ``pad`` of their span on each side
    (room for the names at the edges)."""
    lo0, lo1, la0, la1 = min(lons), max(lons), min(lats), max(lats)
    dlo, dla = max(lo1 - lo0, 1e-3), max(la1 - la0, 1e-3)
    return (
        (round(lo0 - pad * dlo, 6), round(lo1 + pad * dlo, 6)),
        (round(la0 - pad * dla, 6), round(la1 + pad * dla, 6)),
    )


def fit_view(
    lon_range: Sequence[float],
    lat_range: Sequence[float],
    width: float,
    height: float,
    margin: Mapping[str, float] | None = None,
) -> View:
    """The :class:`View` of a figure of ``width`` x ``height`` with plotly margins ``margin``."""
    m = {"l": 0, "r": 0, "t": 0, "b": 0, **(margin or {})}
    extent = (m["l"], m["t"], width - m["l"] - m["r"], height - m["t"] - m["b"])
    return View(
        (float(lon_range[0]), float(lon_range[1])),
        (float(lat_range[0]), float(lat_range[1])),
        extent,
    )


# --------------------------------------------------------------------------- placement


@dataclass(frozen=True)
class Item:
    """A name to place: ``kind`` "district" or "landmark", its index in its trace, the text,
    the anchor in pixels, the font size and the marker radius (landmarks)."""

    kind: str
    index: int
    text: str
    x: float
    y: float
    size: float
    marker: float = 0.0


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def label_box(item: Item, position: str) -> Box:
    """The box of ``item``'s text at plotly ``textposition`` ``position`` (halo included)."""
    v, h = position.split(" ")
    h = {"left": "end", "right": "start", "center": "middle"}[h]
    r = item.marker / 0.8 + 1 if item.marker else 0.0
    dx = _SIGN[h] * r
    dy = item.size * 0.75 + _SIGN[v] * r + (_SIGN[v] - 1) * item.size / 2
    w = text_width(item.text, item.size)
    x = item.x + dx
    x0 = {"start": x, "end": x - w, "middle": x - w / 2}[h]
    base = item.y + dy
    return (
        x0 - HALO_PX,
        base - ASCENT_EM * item.size - HALO_PX,
        x0 + w + HALO_PX,
        base + DESCENT_EM * item.size + HALO_PX,
    )


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_hits(box: Box, x1: float, y1: float, x2: float, y2: float) -> bool:
    """Whether the segment crosses the box (Liang-Barsky clipping)."""
    if max(x1, x2) < box[0] or min(x1, x2) > box[2] or max(y1, y2) < box[1] or min(y1, y2) > box[3]:
        return False
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def place_labels(
    items: Sequence[Item],
    *,
    viewport: Box,
    markers: Sequence[Box] = (),
    segments: Sequence[tuple[float, float, float, float]] = (),
) -> list[tuple[Item, str, Box]]:
    """Place ``items`` (already in priority order): ``(item, position, box)`` of each that
    fits, in the order placed. Greedy: an item takes the first of its positions whose box
    is inside ``viewport`` and clear of the boxes placed and the ``markers`` (and, for a
    landmark, of the ``segments``: the front line); an item with no such position is left
    out. District names may cross the front: it runs through the districts it divides.
    ``markers[k]`` is the marker of landmark ``k`` (its own name may touch it: plotly sets
    the name beside it); boxes after the markers are other areas to keep out of."""
    placed: list[tuple[Item, str, Box]] = []
    boxes: list[Box] = []
    for item in items:
        positions = LANDMARK_POSITIONS if item.kind == "landmark" else DISTRICT_POSITIONS
        for position in positions:
            box = label_box(item, position)
            if not (
                box[0] >= viewport[0]
                and box[1] >= viewport[1]
                and box[2] <= viewport[2]
                and box[3] <= viewport[3]
            ):
                continue
            if any(_overlaps(box, b) for b in boxes):
                continue
            own = item.index if item.kind == "landmark" else -1
            if any(_overlaps(box, m) for k, m in enumerate(markers) if k != own):
                continue
            if item.kind == "landmark" and any(_segment_hits(box, *s) for s in segments):
                continue
            placed.append((item, position, box))
            boxes.append(box)
            break
    return placed


# --------------------------------------------------------------------------- the day's names


def _segments(
    lons: Sequence[float | None],
    lats: Sequence[float | None],
    project: Callable[[float, float], tuple[float, float]],
) -> list[tuple[float, float, float, float]]:
    out = []
    prev = None
    for lon, lat in zip(lons, lats):
        if lon is None or lat is None:
            prev = None
            continue
        p = project(lon, lat)
        if prev is not None:
            out.append((prev[0], prev[1], p[0], p[1]))
        prev = p
    return out


def day_items(
    places: Mapping[str, Any],
    names: Sequence[str],
    events_today: Sequence[Mapping[str, Any]],
    highlight: Sequence[str],
    ids: Sequence[str],
    project: Callable[[float, float], tuple[float, float]],
    size: float,
) -> list[Item]:
    """Every name that could go on the map, in priority order (see the module)."""
    index_of = {d: i for i, d in enumerate(ids)}
    chosen = [index_of[d] for d in highlight if d in index_of]
    in_events = {index_of[d] for e in events_today for d in e.get("districts", ()) if d in index_of}
    landmark_ids = {lid for e in events_today for lid in e.get("landmarks", ())}
    area = places["area_km2"]

    def tier_district(i: int) -> int:
        if i in chosen:
            return 0
        return 1 if i in in_events else 3

    def tier_landmark(mark: Mapping[str, Any]) -> int:
        if mark.get("id") in landmark_ids:
            return 1
        return 2 if mark.get("kind") in NAMED_KINDS else 4

    ranked: list[tuple[tuple, Item]] = []
    for i, (lon, lat) in enumerate(places["anchors"]):
        if lon is None or not names[i]:
            continue
        x, y = project(lon, lat)
        rank = (tier_district(i), chosen.index(i) if i in chosen else 0, -area[i], i)
        ranked.append((rank, Item("district", i, names[i], x, y, size)))
    district_names = {n.casefold() for n in names if n}
    for j, mark in enumerate(places["landmarks"]):
        if not mark["name"] or mark["name"].casefold() in district_names:
            continue  # named already: a district of the same name
        x, y = project(mark["lon"], mark["lat"])
        rank = (tier_landmark(mark), 0, 0.0, j)
        item = Item("landmark", j, mark["name"], x, y, size, places["marker_px"] / 2)
        ranked.append((rank, item))
    ranked.sort(key=lambda r: (r[0][0], r[1].kind != "district", r[0][1:]))
    return [item for _, item in ranked]


def marker_boxes(
    places: Mapping[str, Any], project: Callable[[float, float], tuple[float, float]]
) -> list[Box]:
    """The box of every landmark marker (a label must not cover one)."""
    r = places["marker_px"] / 2 + 1
    out = []
    for mark in places["landmarks"]:
        x, y = project(mark["lon"], mark["lat"])
        out.append((x - r, y - r, x + r, y + r))
    return out


def map_labels(
    payload: Mapping[str, Any],
    day: int,
    highlight: Sequence[str],
    front: tuple[Sequence[float | None], Sequence[float | None]],
    project: Callable[[float, float], tuple[float, float]],
    viewport: Box,
    size: float,
    keepout: Sequence[Box] = (),
) -> dict[str, Any]:
    """The names on the map of ``day``: for the districts' label trace and the landmarks'
    trace, a text (``""``: not shown) and a ``textposition`` per point, in trace order, and
    the placed boxes (for tests)."""
    places = payload["map"]["places"]
    date = payload["dates"][day]
    todays = [e for e in payload.get("events", ()) if e.get("date") == date]
    items = day_items(places, payload["names"], todays, highlight, payload["ids"], project, size)
    placed = place_labels(
        items,
        viewport=viewport,
        markers=[*marker_boxes(places, project), *keepout],
        segments=_segments(front[0], front[1], project),
    )
    n, m = len(payload["ids"]), len(places["landmarks"])
    out: dict[str, Any] = {
        "districts": {"text": [""] * n, "position": ["middle center"] * n},
        "landmarks": {"text": [""] * m, "position": ["middle right"] * m},
        "boxes": [],
    }
    for item, position, box in placed:
        layer = out["districts" if item.kind == "district" else "landmarks"]
        layer["text"][item.index] = escape_markup(item.text)
        layer["position"][item.index] = position
        out["boxes"].append({"kind": item.kind, "index": item.index, "box": list(box)})
    return out


def places_payload(
    anchors: Sequence[tuple[float, float]],
    areas: Sequence[float],
    landmarks: Mapping[str, Any],
    marker_px: float,
) -> dict[str, Any]:
    """``payload["map"]["places"]``: each district's label point and area (map order), and
    each point landmark (id, name, kind, lon, lat; the order of the landmarks' trace)."""
    points = []
    for feature in landmarks.get("features", []):
        geom = feature.get("geometry") or {}
        if geom.get("type") != "Point":
            continue
        props = feature.get("properties") or {}
        lon, lat = geom["coordinates"][:2]
        points.append(
            {
                "id": props.get("id", feature.get("id")),
                "name": props.get("name") or "",
                "kind": props.get("kind") or "",
                "lon": round(float(lon), 5),
                "lat": round(float(lat), 5),
            }
        )
    return {
        "anchors": [[round(float(x), 5), round(float(y), 5)] for x, y in anchors],
        "area_km2": [round(float(a), 4) for a in areas],
        "landmarks": points,
        "marker_px": marker_px,
    }


def places_of(districts: Any, landmarks: Mapping[str, Any], marker_px: float = 7.0) -> dict:
    """:func:`places_payload` of a district layer (a GeoDataFrame in map order) and the
    landmarks' display GeoJSON, with the layer's lon/lat ``bounds``."""
    from geodata.anchors import label_anchors

    anchors = label_anchors(districts)
    out = places_payload(
        list(zip(anchors["lon"], anchors["lat"])), list(anchors["area_km2"]), landmarks, marker_px
    )
    lo0, la0, lo1, la1 = (float(v) for v in districts.to_crs(4326).total_bounds)
    out["bounds"] = [round(lo0, 5), round(la0, 5), round(lo1, 5), round(la1, 5)]
    out["locator"] = locator_of((lo0 + lo1) / 2, (la0 + la1) / 2)
    return out


def locator_of(lon: float, lat: float) -> dict[str, Any] | None:
    """The country around the city's centre, for the locator inset (``None``: none near)."""
    from dashboard.vendor import ASSETS_DIR
    from geodata.locator import country_at

    found = country_at(lon, lat, ASSETS_DIR / "geodata" / "countries-110m.json")
    if found is not None:
        found["city"] = [round(lon, 4), round(lat, 4)]
    return found


def live_names_meta(payload: Mapping[str, Any], traces: Mapping[str, int]) -> dict[str, Any] | None:
    """What a page that places the names again in the browser (the standalone HTML export,
    ``/embed``; ``assets/js/names.mjs``) needs besides its figure: the places, the days, the
    events' districts and landmarks (the day's names go first), the names and ids, and the
    indices (``traces``: :func:`dashboard.figures.trace_indices`) of the traces it reads and
    restyles. ``None`` without the payload's places."""
    places = payload["map"].get("places")
    if not places or not places.get("anchors"):
        return None
    keep = ("anchors", "area_km2", "landmarks", "marker_px")
    return {
        "map": {"places": {k: places[k] for k in keep if k in places}},
        "dates": payload["dates"],
        "events": [
            {
                "date": e["date"],
                "districts": e.get("districts", []),
                "landmarks": e.get("landmarks", []),
            }
            for e in payload.get("events", [])
        ],
        "names": payload["names"],
        "ids": payload["ids"],
        "traces": {k: traces[k] for k in ("front", "landmarks", "scale", "labels")},
    }
