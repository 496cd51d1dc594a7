"""The dashboard and ``/embed`` on a phone (390×844, touch) and on desktops, in Chromium.

A phone journey: the map first and full width, a thumb-sized date control (a slider across
at least 80 % of the screen, a tap picks the day under the finger, a drag moves day by day,
44 px buttons for the day before and after), nothing over the map, no sideways scrolling,
one finger scrolls the page, a tap still picks a district. On desktops nothing covers
anything and the area chart is on screen; the wheel over the map scrolls the page (the map
keeps its zoom) and Ctrl + wheel zooms. The ``page`` fixture fails any test whose page logs
a console error (e.g. "Unable to preventDefault inside passive event listener").
"""

from __future__ import annotations

import itertools

import pytest

from dashboard.viewdata import load_view_data
from tests.browser.helpers import district_point, hex_to_rgb, shown_day, wait_day, wait_ready

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
phone = pytest.mark.browser_context_args(**PHONE)

BOX_JS = """s => { const e = document.querySelector(s); if (!e) return null;
  const r = e.getBoundingClientRect();
  return {x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height}; }"""
GD = "document.querySelector('#map .js-plotly-plot')"
# The map's zoom: the projection's scale in pixels.
SCALE_JS = f"() => {GD}._fullLayout.geo._subplot.projection.scale()"
RECORD_DAYS_JS = """() => { window.__days = [];
  const gd = document.querySelector('#map .js-plotly-plot');
  new MutationObserver(() => window.__days.push(Number(gd.dataset.day)))
    .observe(gd, {attributes: true, attributeFilter: ['data-day']}); }"""


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


def _box(page, selector: str) -> dict:
    box = page.evaluate(BOX_JS, selector)
    assert box is not None, selector
    return box


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


def _no_sideways_scroll(page) -> None:
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert sizes[0] <= sizes[1], f"the page scrolls sideways: {sizes}"


def _touch(cdp, kind: str, points: list[tuple[float, float]]) -> None:
    """One touch event through Chromium's input pipeline (viewport coordinates)."""
    touches = [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touches})


def _swipe(page, start: tuple[float, float], end: tuple[float, float], steps: int) -> None:
    """One finger from ``start`` to ``end`` in ``steps`` moves."""
    cdp = page.context.new_cdp_session(page)
    _touch(cdp, "touchStart", [start])
    for k in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * k / steps
        y = start[1] + (end[1] - start[1]) * k / steps
        _touch(cdp, "touchMove", [(x, y)])
        page.wait_for_timeout(30)
    _touch(cdp, "touchEnd", [])
    cdp.detach()


def _scroll_to(page, selector: str) -> dict:
    """Scroll ``selector`` to the middle of the screen; its box in viewport coordinates."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'center'})", selector)
    return page.locator(selector).first.bounding_box()


@phone
def test_phone_journey(page, live_server, payload):
    last = len(payload["dates"]) - 1
    page.goto(live_server.url)
    wait_ready(page)
    _no_sideways_scroll(page)

    # The map first, across the whole screen; the date controls below it; nothing over it.
    mapbox, controls = _box(page, ".map-box"), _box(page, ".controls")
    assert mapbox["width"] >= 390 - 1 and mapbox["height"] >= 300
    assert mapbox["y"] + mapbox["height"] <= controls["y"] + 0.5
    for other in ("#district-panel", "#event-feed", "#area-chart", ".controls", ".credits"):
        assert not _overlap(mapbox, _box(page, other)), other
    for a, b in (("#district-panel", "#area-chart"), ("#area-chart", "#event-feed")):
        assert _box(page, a)["y"] + _box(page, a)["height"] <= _box(page, b)["y"] + 0.5

    # A slider for thumbs, 44 px buttons for the day before and after, the date large.
    track = _scroll_to(page, "#date-slider .dash-slider-track")
    assert track["width"] >= 300 and track["width"] >= 0.8 * 390
    for button in ("#prev-day", "#next-day"):
        size = page.locator(button).bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44, button
    font = page.evaluate(
        "() => parseFloat(getComputedStyle(document.getElementById('date-display')).fontSize)"
    )
    assert font >= 20

    # A tap at 70 % of the slider shows the day at 70 % of the battle.
    y = track["y"] + track["height"] / 2
    page.touchscreen.tap(track["x"] + 0.7 * track["width"], y)
    want = round(0.7 * last)
    page.wait_for_function(
        f"w => Math.abs(Number({GD}.dataset.day) - w) <= 1",
        arg=want,
    )
    page.wait_for_timeout(400)
    tapped = shown_day(page)
    assert abs(tapped - want) <= 1
    assert page.text_content("#date-display") == payload["long_labels"][tapped]

    # A drag moves day by day: every day between, none skipped, and ends under the finger.
    page.evaluate(RECORD_DAYS_JS)
    thumb = page.locator("#date-slider [role=slider]").bounding_box()
    start = (thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2)
    per_day = track["width"] / last
    _swipe(page, start, (start[0] - 6 * per_day, start[1]), steps=24)
    page.wait_for_timeout(400)
    days = page.evaluate("() => window.__days")
    assert days, "the drag changed no day"
    seen = [tapped, *days]
    assert all(abs(b - a) == 1 for a, b in itertools.pairwise(seen)), seen
    assert abs(seen[-1] - (tapped - 6)) <= 1, seen

    # The day before and after.
    now = shown_day(page)
    page.locator("#next-day").tap()
    wait_day(page, now + 1)
    page.locator("#prev-day").tap()
    page.locator("#prev-day").tap()
    wait_day(page, now - 1)
    page.wait_for_url(f"**date={payload['dates'][now - 1]}**")
    _no_sideways_scroll(page)


@phone
def test_one_finger_scrolls_the_page_and_a_tap_picks_a_district(page, live_server):
    page.goto(live_server.url + "/?date=2016-11-15")
    wait_ready(page)
    before = page.evaluate(SCALE_JS)
    box = page.locator(".map-box").bounding_box()
    x = box["x"] + box["width"] * 0.8
    _swipe(page, (x, box["y"] + box["height"] * 0.8), (x, box["y"] + box["height"] * 0.3), 10)
    page.wait_for_function("() => window.scrollY > 50")
    assert page.evaluate(SCALE_JS) == before
    page.wait_for_selector(".map-box .map-hint.shown", state="attached")
    assert "two fingers" in page.text_content(".map-box .map-hint")

    # A tap on a district still opens its panel.
    page.evaluate("() => window.scrollTo(0, 0)")
    # A point inside Hanano away from its landmark marker and from the names on the map.
    xy = district_point(page, "hanano", "#map .scattergeo .point, #map .scattergeo text")
    opened = (
        "() => document.querySelector('#district-panel h2') !== null"
        " && document.querySelector('#district-panel h2').textContent.includes('Hanano')"
    )
    # One tap, right after the swipe: the map's gestures find the district under the finger
    # themselves (no waiting for plotly to make a click of the touch).
    page.evaluate(
        "() => { window.__clicks = 0;"
        " document.addEventListener('click', () => { window.__clicks += 1; }, true); }"
    )
    page.touchscreen.tap(xy[0], xy[1])
    page.wait_for_function(opened, timeout=5000)
    page.wait_for_timeout(300)
    # The tap was handled as a tap: the browser made no click of it for plotly to read.
    assert page.evaluate("() => window.__clicks") == 0
    # The open panel is whole (no inner scrolling) and ends before the chart begins.
    panel, chart = _box(page, "#district-panel"), _box(page, "#area-chart")
    assert panel["y"] + panel["height"] <= chart["y"] + 0.5
    assert page.evaluate(
        "() => { const p = document.getElementById('district-panel');"
        " return p.scrollHeight <= p.clientHeight + 1; }"
    )


@phone
def test_a_tap_on_the_embed_after_a_swipe_outlines_the_district(page, live_server):
    """/embed on a phone: one finger scrolls, and the tap that follows outlines the district
    under it at once; a second tap on it takes the outline away."""
    page.goto(live_server.url + "/embed?date=2016-11-20", wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    box = page.locator("#map-box").bounding_box()
    x = box["x"] + box["width"] * 0.85
    _swipe(page, (x, box["y"] + box["height"] * 0.7), (x, box["y"] + box["height"] * 0.3), 10)
    xy = page.evaluate(
        """() => { const gd = document.getElementById('frontline-map');
          const p = [...gd.querySelectorAll('.choroplethlocation')]
            .find(p => p.__data__.loc === 'hanano');
          const r = p.getBoundingClientRect(); const m = p.getScreenCTM();
          const avoid = [...gd.querySelectorAll('.scattergeo .point, .scattergeo text')]
            .map(e => e.getBoundingClientRect());
          const b = p.getBBox();
          for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
            const pt = new DOMPoint(b.x + b.width * i / 20, b.y + b.height * j / 20);
            if (!p.isPointInFill(pt)) continue;
            const s = pt.matrixTransform(m);
            if (avoid.some(a => s.x > a.left - 6 && s.x < a.right + 6 && s.y > a.top - 6
                && s.y < a.bottom + 6)) continue;
            return [s.x, s.y];
          }
          return [r.x + r.width / 2, r.y + r.height / 2]; }"""
    )
    page.touchscreen.tap(xy[0], xy[1])
    page.wait_for_function(
        "() => document.getElementById('frontline-map').dataset.district === 'hanano'",
        timeout=5000,
    )
    page.wait_for_timeout(300)
    page.touchscreen.tap(xy[0], xy[1])
    page.wait_for_function(
        "() => document.getElementById('frontline-map').dataset.district === ''", timeout=5000
    )


@phone
def test_embed_on_a_phone(page, live_server, payload):
    _embed_for_thumbs(page, live_server, payload, 390)


@pytest.mark.browser_context_args(
    viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True
)
def test_embed_on_a_touch_tablet(page, live_server, payload):
    _embed_for_thumbs(page, live_server, payload, 768)


def _embed_for_thumbs(page, live_server, payload, width: int) -> None:
    """/embed on a touch screen ``width`` px wide: map above a bar made for thumbs."""
    last = len(payload["dates"]) - 1
    page.goto(live_server.url + "/embed?date=2016-11-20", wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    _no_sideways_scroll(page)
    mapbox, bar = _box(page, "#map-box"), _box(page, "#bar")
    assert mapbox["width"] >= width - 1 and mapbox["y"] + mapbox["height"] <= bar["y"] + 0.5
    slider = page.locator("#slider").bounding_box()
    assert slider["width"] >= 300 and slider["width"] >= 0.8 * width
    for button in ("#prev", "#next", "#play"):
        size = page.locator(button).bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44, button
    page.touchscreen.tap(slider["x"] + 0.7 * slider["width"], slider["y"] + slider["height"] / 2)
    want = round(0.7 * last)
    page.wait_for_function(
        "w => Math.abs(Number(document.getElementById('frontline-map').dataset.day) - w) <= 1",
        arg=want,
    )
    day = int(page.evaluate("() => document.getElementById('slider').value"))
    page.locator("#next").tap()
    page.wait_for_function(
        "d => document.getElementById('frontline-map').dataset.day === String(d)", arg=day + 1
    )
    page.locator("#prev").tap()
    page.wait_for_function(
        "d => document.getElementById('frontline-map').dataset.day === String(d)", arg=day
    )
    assert page.text_content("#date") == f"{payload['labels'][day]} 2016"


@pytest.mark.parametrize("size", [(1440, 900), (1920, 1080)])
def test_desktop_nothing_covers_anything_and_the_chart_is_on_screen(page, live_server, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _no_sideways_scroll(page)
    blocks = [".top", ".tools", ".controls", ".map-box", "#area-chart"]
    blocks += ["#district-panel", "#event-feed", ".credits", ".chooser"]
    boxes = {b: _box(page, b) for b in blocks}
    for i, a in enumerate(blocks):
        for b in blocks[i + 1 :]:
            assert not _overlap(boxes[a], boxes[b]), (a, b, boxes[a], boxes[b])
    chart = boxes["#area-chart"]
    assert chart["y"] + chart["height"] <= height, "the area chart is below the fold"
    assert boxes[".map-box"]["height"] >= 450

    # No change-day dot on the slider touches a date label.
    marks = page.evaluate(
        """() => [...document.querySelectorAll('#date-slider .dash-slider-mark')].map(m => {
          const r = m.getBoundingClientRect();
          return {dot: m.textContent === '•', x: r.x, y: r.y,
                  width: r.width, height: r.height}; })"""
    )
    dots = [m for m in marks if m["dot"]]
    labels = [m for m in marks if not m["dot"]]
    assert dots and labels
    assert not any(_overlap(d, label) for d in dots for label in labels)

    # Play and Pause are one width.
    idle = page.locator("#play").bounding_box()["width"]
    page.locator("#play").click()
    page.wait_for_function("() => document.getElementById('play').textContent.includes('Pause')")
    playing = page.locator("#play").bounding_box()["width"]
    page.locator("#play").click()
    assert playing == idle


def test_wheel_scrolls_the_page_and_ctrl_wheel_zooms(page, live_server):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url)
    wait_ready(page)
    before = page.evaluate(SCALE_JS)
    box = page.locator(".map-box").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_function("() => window.scrollY > 0")
    page.wait_for_timeout(300)
    assert page.evaluate(SCALE_JS) == before
    assert page.locator(".map-box .map-hint.shown").count() == 1
    assert "Ctrl + scroll" in page.text_content(".map-box .map-hint")

    scrolled = page.evaluate("() => window.scrollY")
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(f"() => ({SCALE_JS})() > {before}")
    assert page.evaluate("() => window.scrollY") == scrolled


def test_dashboard_modebar_has_no_share_or_select_buttons(page, live_server):
    page.goto(live_server.url)
    wait_ready(page)
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#map .modebar-btn')]"
        ".map(b => b.getAttribute('data-title'))"
    )
    assert "Zoom in" in titles and "Reset" in titles
    assert not any(t.startswith(("Share", "Box Select", "Lasso")) for t in titles), titles


def test_a_dated_link_never_shows_the_first_days_colours(page, live_server, payload):
    """Hanano is the rebels' on the first day and the government's on 6 December: while the
    page loads, the map never shows it green."""
    first = hex_to_rgb(payload["colours"]["conventional"][payload["days"][0][_i(payload)]])
    page.add_init_script(
        """window.__seen = [];
        (function watch() {
          const p = [...document.querySelectorAll('#map .choroplethlocation')]
            .find(p => p.__data__ && p.__data__.loc === 'hanano');
          if (p && getComputedStyle(p).visibility === 'visible') {
            window.__seen.push(getComputedStyle(p).fill);
          }
          const date = document.getElementById('date-display');
          if (date && getComputedStyle(date).visibility === 'visible') {
            window.__dates = (window.__dates || []).concat([date.textContent]);
          }
          if (window.__seen.length < 30) requestAnimationFrame(watch);
        })();"""
    )
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    page.wait_for_function("() => window.__seen.length >= 30")
    seen = set(page.evaluate("() => window.__seen"))
    day = payload["dates"].index("2016-12-06")
    want = hex_to_rgb(payload["colours"]["conventional"][payload["days"][day][_i(payload)]])
    assert want != first
    assert first not in seen, seen
    assert want in seen
    assert set(page.evaluate("() => window.__dates")) == {payload["long_labels"][day]}


def _i(payload) -> int:
    return payload["ids"].index("hanano")


def test_a_hover_label_goes_when_the_day_changes(page, live_server):
    page.goto(live_server.url + "/?date=2016-11-20")
    wait_ready(page)
    box = page.locator("#map .choroplethlocation").first.bounding_box()
    page.mouse.move(5, 5)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#map .hovertext")
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#map .hovertext", state="detached")


def test_street_map_with_no_network_says_so(page, live_server, browser_problems):
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url)
    wait_ready(page)
    assert page.locator("#notice").is_hidden()
    page.get_by_label("Street map", exact=False).check()
    page.wait_for_selector("#notice:not([hidden])", timeout=20_000)
    assert "network connection" in page.text_content("#notice")
    page.wait_for_timeout(1000)
    page.get_by_label("Street map", exact=False).uncheck()  # no more tiles asked for
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').data[0].type === 'choropleth'"
    )
    page.wait_for_timeout(500)
    # The browser itself reports each refused tile; nothing else may reach the console.
    browser_problems[:] = [p for p in browser_problems if "net::ERR_FAILED" not in p]


def test_feed_keeps_its_place_on_a_day_without_events(page, live_server, payload):
    page.set_viewport_size({"width": 1440, "height": 900})
    dates = payload["dates"]
    with_events = sorted({dates.index(e["date"]) for e in payload["events"] if e["date"] in dates})
    quiet = next(d for d in range(1, len(payload["dates"])) if d not in with_events)
    before = max(d for d in with_events if d < quiet)
    page.goto(live_server.url + f"/?date={payload['dates'][quiet]}")
    wait_ready(page)
    page.wait_for_selector("#event-feed .day-group")
    page.wait_for_function(
        """d => { const f = document.getElementById('event-feed');
          const g = f.querySelector(`.day-group[data-day="${d}"]`);
          const top = g.getBoundingClientRect().top - f.getBoundingClientRect().top;
          return top >= 0 && top < f.clientHeight / 2; }""",
        arg=before,
        timeout=10_000,
    )
    assert page.locator("#event-feed .day-group.active").count() == 0

    # A clicked event stays in view (the last one of a long day, near the feed's bottom).
    group = max(
        with_events, key=lambda d: sum(payload["dates"][d] == e["date"] for e in payload["events"])
    )
    event = page.locator(f'#event-feed .day-group[data-day="{group}"] .event').last
    event.scroll_into_view_if_needed()
    event.click()
    wait_day(page, group)
    page.wait_for_timeout(600)
    inside = page.evaluate(
        """() => { const f = document.getElementById('event-feed').getBoundingClientRect();
          const e = document.activeElement.getBoundingClientRect();
          return e.top >= f.top - 1 && e.top < f.bottom; }"""
    )
    assert inside


@phone
def test_two_fingers_zoom_the_map_without_scrolling_the_page(page, live_server):
    page.goto(live_server.url)
    wait_ready(page)
    before = page.evaluate(SCALE_JS)
    box = page.locator(".map-box").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    _touch(cdp, "touchStart", [(cx - 20, cy)])
    _touch(cdp, "touchStart", [(cx - 20, cy), (cx + 20, cy)])
    for k in range(1, 11):
        _touch(cdp, "touchMove", [(cx - 20 - 4 * k, cy), (cx + 20 + 4 * k, cy)])
        page.wait_for_timeout(30)
    _touch(cdp, "touchEnd", [])
    cdp.detach()
    page.wait_for_function(f"() => ({SCALE_JS})() > {before} * 2")
    assert page.evaluate("() => window.scrollY") == 0


LEGEND_JS = """() => { const box = document.querySelector('.map-box').getBoundingClientRect();
  return [...document.querySelectorAll('#map .legend .traces')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5
      && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5}; }); }"""


@pytest.mark.parametrize("width", [390, 768, 1440, 1920])
def test_every_legend_entry_is_whole_inside_the_map(browser, live_server, width):
    """The map's key is never cut: every entry (swatch and name) lies inside the map's box,
    on a phone (touch), a tablet and desktops."""
    touch = width < 900
    context = browser.new_context(
        viewport={"width": width, "height": 844 if touch else 1000},
        has_touch=touch,
        is_mobile=touch,
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/?date=2016-12-06")
        wait_ready(page)
        page.wait_for_timeout(500)  # the key moves under the map on a phone
        entries = page.evaluate(LEGEND_JS)
        assert len(entries) >= 4
        assert [e["text"] for e in entries if not e["inside"]] == []
        assert any(e["text"].startswith("Contested") for e in entries)
    finally:
        context.close()


ORDER_JS = """([a, b]) => Boolean(document.querySelector(a).compareDocumentPosition(
  document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING)"""


@phone
def test_the_chooser_follows_the_map_and_date_controls(page, live_server):
    """On a phone the district chooser comes right after the map and its date controls: in
    the document (the keyboard's and screen readers' order) and on screen."""
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    for before, after in [
        (".map-box", ".controls"),
        (".controls", ".chooser"),
        (".chooser", "#area-chart"),
        (".chooser", "#district-panel"),
        (".chooser", "#event-feed"),
    ]:
        assert page.evaluate(ORDER_JS, [before, after]), (before, after)
    controls, chooser = _box(page, ".controls"), _box(page, ".chooser")
    panel = _box(page, "#district-panel")
    assert controls["y"] + controls["height"] <= chooser["y"] + 0.5
    assert chooser["y"] + chooser["height"] <= panel["y"] + 0.5
    assert chooser["width"] >= 300
    # Tab from the last of the date controls ("Compare with…", whose buttons wait disabled
    # until a day is chosen) lands in the chooser.
    page.focus("#loop input")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "compare-with"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "district-chooser"
