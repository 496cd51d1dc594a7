"""Names on the map (dashboard/labels.py, assets/js/labels.mjs) and the map's furniture
(dashboard/furniture.py): no two names collide, they are big enough, the selected district
and the day's events come first, the scale bar is as long as it says, the exports carry the
names, and the browser's placement agrees with the exports'."""

from __future__ import annotations

import itertools
import json
import math
import shutil
import subprocess

import pytest

from dashboard.export import slide_figure
from dashboard.export._render import slide_label_px
from dashboard.figures import LABEL_PX, frame_front, map_figure, map_view, trace_indices
from dashboard.furniture import nice_km, scale_bar
from dashboard.labels import Item, fit_view, map_labels, place_labels, text_width
from dashboard.viewdata import load_view_data


@pytest.fixture(scope="module")
def aleppo():
    return load_view_data()


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _names(payload, day, highlight, size, margin, px):
    view = map_view(payload, size, margin)
    front = frame_front(payload, day * payload["per_day"])
    x0, y0, x1, y1 = view.map_box()
    box = (max(x0, 0), max(y0, 0), min(x1, size[0]), min(y1, size[1]))
    return view, map_labels(payload, day, highlight, front, view.project, box, px)


def _haversine_km(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_a_name_is_shown_literally_never_as_plotly_markup():
    from dashboard.labels import escape_markup

    assert escape_markup("<b>Bravo</b> & co") == "&lt;b&gt;Bravo&lt;/b&gt; &amp; co"


def test_text_width_uses_the_fonts_advance_widths():
    assert text_width("Hanano", 12) == pytest.approx((722 + 556 + 556 + 556 + 556 + 556) * 0.012)
    assert text_width("Hanano", 24) == 2 * text_width("Hanano", 12)
    assert text_width("ash-Shuhada\u2019", 10) > text_width("ash-Shuhada", 10)


def test_greedy_placement_skips_what_collides_and_tries_other_positions():
    """A name just below another moves below its anchor; one on the same anchor is left out."""
    items = [
        Item("district", 0, "Alpha", 100, 100, 12),
        Item("district", 1, "Bravo", 100, 112, 12),
        Item("district", 2, "Alpha", 100, 100, 12),
    ]
    placed = place_labels(items, viewport=(0, 0, 400, 400))
    assert [(i.index, p) for i, p, _ in placed] == [(0, "middle center"), (1, "bottom center")]
    for (_, _, a), (_, _, b) in itertools.combinations(placed, 2):
        assert not _overlap(a, b)
    # A marker right of the anchor pushes a landmark's name to its left.
    mark = Item("landmark", 0, "Mill", 200, 200, 12, marker=3.5)
    other = (206, 190, 260, 210)
    view = (0, 0, 400, 400)
    (placed_mark,) = place_labels([mark], viewport=view, markers=[(196, 196, 204, 204), other])
    assert placed_mark[1] == "middle left"
    # A landmark's name keeps off the front line; a district's may cross it.
    seg = [(150, 150, 260, 260)]
    assert place_labels([mark], viewport=(0, 0, 400, 400), segments=seg)[0][1] != "middle right"
    district = Item("district", 1, "Beta", 200, 200, 12)
    assert place_labels([district], viewport=view, segments=seg)[0][1] == "middle center"
    # Nothing outside the view.
    assert place_labels([Item("district", 0, "Edge", 2, 2, 12)], viewport=(0, 0, 400, 400)) == []


@pytest.mark.parametrize(
    ("size", "margin", "px"),
    [((1400, 640), None, LABEL_PX), ((1920, 1080), {"t": 150, "b": 80}, 24.0)],
)
def test_no_two_names_collide_on_any_day_and_they_are_big_enough(aleppo, size, margin, px):
    payload = aleppo["payload"]
    for day in range(0, len(payload["dates"]), 3):
        _, names = _names(payload, day, ["hanano"], size, margin, px)
        boxes = [b["box"] for b in names["boxes"]]
        assert len(boxes) >= 20, day
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (day, a, b)
        assert names["districts"]["text"][payload["ids"].index("hanano")] == "Hanano"
    assert px >= 12


def test_the_selected_district_and_the_days_events_come_first(aleppo):
    payload = aleppo["payload"]
    day = payload["dates"].index("2016-11-28")
    todays = {d for e in payload["events"] if e["date"] == "2016-11-28" for d in e["districts"]}
    _, names = _names(payload, day, ["bustan-al-basha"], (1400, 640), None, LABEL_PX)
    shown = {payload["ids"][b["index"]] for b in names["boxes"] if b["kind"] == "district"}
    assert "bustan-al-basha" in shown
    assert len(todays & shown) >= len(todays) / 2  # the Old City's quarters are tiny
    order = [payload["ids"][b["index"]] for b in names["boxes"] if b["kind"] == "district"]
    assert order[0] == "bustan-al-basha"
    # Every event district named is placed before any district named for its area only.
    last_event = max(order.index(d) for d in todays & shown)
    assert all(d in todays for d in order[: last_event + 1])


def test_slides_draw_names_at_24_px_with_a_halo_and_a_north_arrow(aleppo):
    fig = slide_figure(aleppo, 10, district="hanano")
    traces = trace_indices(len(aleppo["payload"]["map"]["factions"]))
    names = fig.data[traces["labels"]]
    assert names.textfont.size == 24 == slide_label_px(1920, 1080)
    assert "#ffffff" in names.textfont.shadow
    assert "Hanano" in names.text
    assert fig.data[traces["landmarks"]].textfont.size == 24
    assert fig.data[traces["landmarks"]].hoverinfo == "skip"
    assert any(a.name == "north" for a in fig.layout.annotations)
    assert slide_label_px(960, 540) == 12


def test_the_scale_bar_is_as_long_as_it_says(aleppo):
    payload = aleppo["payload"]
    for size in ((1400, 640), (1920, 930), (720, 480)):
        view = map_view(payload, size)
        bar = scale_bar(view)
        km = _haversine_km(bar["lon"][1], bar["lat"][1], bar["lon"][3], bar["lat"][3])
        assert km == pytest.approx(bar["km"], rel=0.01)
        assert bar["text"][2] in ("1 km", "2 km", "5 km")
        x0, _, x1, _ = view.map_box()
        assert 0.08 < bar["px"] / (x1 - x0) <= 0.2
    assert [nice_km(v) for v in (0.7, 1, 1.9, 3.3, 7.9, 12)] == [0.5, 1, 1, 2, 5, 10]


def test_the_python_projection_is_plotlys():
    """A view of known ranges in a 1200 x 800 figure: pixel positions measured in Chromium
    (plotly.js 4.1, tests/browser/test_names.py checks the live map the same way)."""
    view = fit_view((37.08, 37.31), (36.13, 36.30), 1200, 800)
    x, y = view.project(37.08, 36.13)
    assert x == pytest.approx(158.178, abs=0.05)
    assert y == pytest.approx(804.542, abs=0.05)
    x, y = view.project(37.31, 36.30)
    assert x == pytest.approx(1041.822, abs=0.05)
    assert y == pytest.approx(-4.982, abs=0.05)


def test_the_browser_places_names_as_the_exports_do(aleppo):
    """assets/js/labels.mjs on the same day, view and obstacles as dashboard/labels.py."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the browser's label placement (node 20 or newer)")
    from dashboard.export.modules import modules_root

    payload = aleppo["payload"]
    day, highlight, size = 12, ["hanano", "sheikh-maqsood"], (1100, 700)
    view, want = _names(payload, day, highlight, size, None, 13)
    front = frame_front(payload, day * payload["per_day"])
    x0, y0, x1, y1 = view.map_box()
    case = {
        "payload": {k: payload[k] for k in ("dates", "events", "names", "ids")}
        | {"map": {"places": payload["map"]["places"]}},
        "day": day,
        "highlight": highlight,
        "front": list(front),
        "ranges": [list(view.lon_range), list(view.lat_range)],
        "extent": list(view.extent),
        "viewport": [max(x0, 0), max(y0, 0), min(x1, size[0]), min(y1, size[1])],
    }
    module = json.dumps((modules_root() / "labels.mjs").as_uri())
    script = (
        f"import {{ mapLabels, mercatorView }} from {module};"
        "let text = ''; process.stdin.on('data', (c) => (text += c));"
        "process.stdin.on('end', () => { const c = JSON.parse(text);"
        " const project = mercatorView(c.ranges[0], c.ranges[1], c.extent);"
        " const out = mapLabels(c.payload, c.day, c.highlight, c.front,"
        " (lon, lat) => project(lon, lat), c.viewport, 13);"
        " process.stdout.write(JSON.stringify(out)); });"
    )
    run = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    got = json.loads(run.stdout)
    assert got["districts"] == want["districts"]
    assert got["landmarks"] == want["landmarks"]
    assert len(got["boxes"]) == len(want["boxes"]) >= 20
    for g, w in zip(got["boxes"], want["boxes"]):
        assert (g["kind"], g["index"]) == (w["kind"], w["index"])
        assert g["box"] == pytest.approx(w["box"], abs=1e-6)


def test_the_map_figure_names_places_and_keeps_the_markers_out_of_the_hover(aleppo):
    payload = aleppo["payload"]
    fig = map_figure(payload, aleppo["geojson"], aleppo["landmarks"], day=0, highlight=["hanano"])
    traces = payload["map"]["traces"]
    assert fig.data[traces["landmarks"]].hoverinfo == "skip"
    assert fig.data[traces["labels"]].hoverinfo == "skip"
    assert sum(1 for t in fig.data[traces["labels"]].text if t) >= 15
    assert fig.layout.geo.fitbounds is False
    outline = fig.data[traces["outline"] + 1]
    assert len(outline.lon) > 4 and outline.line.color == "#d81b60"
    river = fig.data[traces["river"]].line.color
    assert outline.line.color != river
    # The outline is drawn after (above) the front line.
    assert traces["outline"] > traces["front"]


def test_a_gif_holds_its_last_day_for_two_seconds(tmp_path):
    from PIL import Image

    from dashboard.export.animation import LAST_FRAME_MS, write_gif

    frames = [Image.new("RGB", (32, 32), c) for c in ("#c8312b", "#2f8f3a", "#e8b923")]
    out = write_gif(frames, tmp_path / "a.gif", fps=4)
    with Image.open(out) as im:
        durations = []
        for i in range(im.n_frames):
            im.seek(i)
            durations.append(im.info["duration"])
    assert durations[:-1] == [250, 250]
    assert durations[-1] >= LAST_FRAME_MS == 2000


def test_the_locator_inset_shows_the_country_around_the_city(aleppo):
    from shapely.geometry import Point, Polygon

    payload = aleppo["payload"]
    locator = payload["map"]["places"]["locator"]
    assert locator["name"] == "Syria"
    ring = [(x, y) for x, y in zip(locator["lon"], locator["lat"]) if x is not None]
    assert Polygon(ring).contains(Point(*locator["city"]))
    fig = slide_figure(aleppo, 0)
    traces = payload["map"]["traces"]
    assert fig.data[traces["inset"]].geo == "geo2"
    assert fig.data[traces["inset"]].name == "Syria"
    assert fig.data[traces["inset"] + 1].lon[0] == locator["city"][0]
    # On a wide slide the inset sits right of the map, clear of the districts.
    x0, x1 = fig.layout.geo2.domain.x
    assert 0.6 < x0 < x1 <= 1


def test_another_battle_gets_its_own_country():
    from dashboard.labels import locator_of

    assert locator_of(145.0, -37.8)["name"] == "Australia"
    assert locator_of(14.5, 50.1)["name"] == "Czechia"
    assert locator_of(-30.0, 0.0) is None  # mid-Atlantic: no inset


def test_the_svg_slide_carries_the_names_as_text_with_their_halo(aleppo):
    from dashboard.export._render import render

    fig = slide_figure(aleppo, 10, district="hanano", width=960, height=540)
    svg = render(fig, "svg", 960, 540)
    assert b">Hanano<" in svg
    assert b">Sheikh Maqsood<" in svg
    assert b"text-shadow" in svg
    assert b">N<" in svg  # the north arrow
    assert b" km<" in svg  # the scale bar


def test_the_html_page_and_embed_map_carry_the_names(aleppo):
    from dashboard.export import html_figure

    spec = html_figure(aleppo, per_day=1, palette="conventional")
    traces = aleppo["payload"]["map"]["traces"]
    names = spec["data"][traces["labels"]]
    assert sum(1 for t in names["text"] if t) >= 15
    assert names["textfont"]["size"] >= 12
    assert spec["data"][traces["inset"]]["geo"] == "geo2"
