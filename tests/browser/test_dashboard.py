"""The dashboard as a reader uses it, on the bundled Aleppo data, in a real Chromium.

Every test ends with no console error and no request leaving loopback (the ``page``
fixture asserts both).
"""

from __future__ import annotations

import pytest

from dashboard.viewdata import load_view_data
from tests.browser.helpers import (
    district_point,
    fills,
    hex_to_rgb,
    page_state,
    shown_day,
    wait_day,
    wait_ready,
    wait_state,
)


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


def _day(payload, iso: str) -> int:
    return payload["dates"].index(iso)


def _expected_fill(payload, day: int, district: str) -> str:
    i = payload["ids"].index(district)
    return hex_to_rgb(payload["colours"]["conventional"][payload["days"][day][i]])


def _close(rgb_a: str, rgb_b: str, tol: int = 2) -> bool:
    """Same colour within rounding (shares are stored to 3 or 4 decimals)."""
    a = [int(v) for v in rgb_a[4:-1].split(",")]
    b = [int(v) for v in rgb_b[4:-1].split(",")]
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def _record_frames(page) -> None:
    """Collect every frame the map shows from now on in ``window.__frames``."""
    page.evaluate(
        """() => { window.__frames = [];
             const gd = document.querySelector('#map .js-plotly-plot');
             new MutationObserver(() => window.__frames.push(Number(gd.dataset.frame)))
               .observe(gd, {attributes: true, attributeFilter: ['data-frame']}); }"""
    )


def test_map_draws_every_district_in_its_colour(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    drawn = fills(page)
    assert set(drawn) == set(payload["ids"])
    for district in payload["ids"]:
        assert _close(drawn[district], _expected_fill(payload, 0, district)), district
    # Day one really shows the three factions, not a blank or single-colour map.
    colours = set(drawn.values())
    for faction in ("government", "rebel", "sdf"):
        assert hex_to_rgb(payload["palettes"]["conventional"][faction]) in colours
    assert page.locator("#map .scattergeo").count() >= 3  # front line, river, landmarks


def test_keyboard_scrubs_without_server_requests(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    assert thumb.get_attribute("aria-label") == "Date"
    page.keyboard.press("ArrowRight")
    wait_day(page, 1)
    assert page.text_content("#date-display") == payload["long_labels"][1]
    assert thumb.get_attribute("aria-valuetext") == payload["long_labels"][1]
    page.keyboard.press("PageUp")
    wait_day(page, 8)
    page.keyboard.press("PageDown")
    wait_day(page, 1)
    page.keyboard.press("End")
    last = len(payload["dates"]) - 1
    wait_day(page, last)
    drawn = fills(page)
    for district in payload["ids"]:
        assert _close(drawn[district], _expected_fill(payload, last, district)), district
    page.keyboard.press("Home")
    wait_day(page, 0)
    page.keyboard.press("ArrowLeft")  # already at the start: stays
    page.wait_for_timeout(200)
    assert shown_day(page) == 0
    assert requests == [], f"scrubbing asked the server: {requests}"
    page.wait_for_url(f"**date={payload['dates'][0]}**")


def test_dragging_the_slider_changes_the_day(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    page.locator("#date-slider").scroll_into_view_if_needed()
    thumb = page.locator("#date-slider [role=slider]").bounding_box()
    track = page.locator("#date-slider").bounding_box()
    y = thumb["y"] + thumb["height"] / 2
    page.mouse.move(thumb["x"] + thumb["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.5, y, steps=8)
    page.wait_for_function(
        "() => Number(document.querySelector('#map .js-plotly-plot').dataset.day) > 0"
    )
    mid = shown_day(page)
    assert 0 < mid < len(payload["dates"]) - 1
    page.mouse.move(track["x"] + track["width"] - 2, y, steps=8)
    page.mouse.up()
    wait_day(page, len(payload["dates"]) - 1)


def test_dragging_right_after_keys_keeps_the_dragged_day(page, live_server, payload):
    """Keys commit their day to Dash after a pause; a drag in that pause must win."""
    page.goto(live_server.url)
    wait_ready(page)
    page.locator("#date-slider").scroll_into_view_if_needed()
    page.locator("#date-slider [role=slider]").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_day(page, 10)
    track = page.locator("#date-slider .dash-slider-track").bounding_box()
    y = track["y"] + track["height"] / 2
    page.mouse.move(track["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(track["x"] + 3, y, steps=2)
    page.mouse.up()
    wait_day(page, 0)
    page.wait_for_timeout(800)  # past the keys' commit delay
    assert shown_day(page) == 0
    page.wait_for_url("**date=2016-11-15**")


def test_play_and_pause(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    _record_frames(page)
    page.locator("#speed").click()
    page.get_by_role("option", name="4 day/s").click()
    page.click("#play")
    page.wait_for_function("() => document.querySelector('#play').ariaPressed === 'true'")
    page.wait_for_function(
        "() => Number(document.querySelector('#map .js-plotly-plot').dataset.day) >= 3",
        timeout=10_000,
    )
    played = page.evaluate("() => window.__frames.slice()")
    page.click("#play")
    page.wait_for_function("() => document.querySelector('#play').ariaPressed === 'false'")
    stopped = shown_day(page)
    page.wait_for_timeout(800)
    assert shown_day(page) == stopped
    # While playing, the map moved forward through moments, never skipping a day.
    per_day = payload["per_day"]
    assert per_day > 1
    assert played == sorted(played), played
    days = sorted({f // per_day for f in played})
    assert days == list(range(days[0], days[-1] + 1)), played


def test_space_toggles_playback_from_the_slider(page, live_server):
    page.goto(live_server.url)
    wait_ready(page)
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('#play').ariaPressed === 'true'")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelector('#play').ariaPressed === 'false'")


def _click_district(page, district: str) -> None:
    # The point of the district's drawn path nearest the middle of its bounding box.
    box = page.evaluate(
        """id => {
             const path = Array.from(document.querySelectorAll('#map .choroplethlocation'))
               .find(q => q.__data__.loc === id);
             const bb = path.getBBox();
             const ctm = path.getScreenCTM();
             const cx = bb.x + bb.width / 2, cy = bb.y + bb.height / 2;
             const marks = Array.from(document.querySelectorAll('#map .scattergeo .point'))
               .map(m => m.getBoundingClientRect())
               .map(r => [r.x + r.width / 2, r.y + r.height / 2]);
             let best = null;
             for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
               const x = bb.x + bb.width * i / 20, y = bb.y + bb.height * j / 20;
               if (!path.isPointInFill(new DOMPoint(x, y))) continue;
               const s = new DOMPoint(x, y).matrixTransform(ctm);
               if (marks.some(([mx, my]) => Math.hypot(mx - s.x, my - s.y) < 20)) continue;
               const d = (x - cx) ** 2 + (y - cy) ** 2;
               if (!best || d < best[2]) best = [s.x, s.y, d];
             }
             return best; }""",
        district,
    )
    assert box, f"no free point inside {district} on the map"
    # Move onto the polygon first, then click (plotly needs the hover to register).
    page.mouse.move(box[0] - 3, box[1] - 3)
    page.mouse.move(box[0], box[1])
    page.mouse.click(box[0], box[1])


def test_click_a_district_and_read_its_panel(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _click_district(page, "hanano")
    panel = page.locator("#district-panel")
    panel.locator("h2").wait_for()
    assert "Hanano" in panel.locator("h2").text_content()
    assert "هنانو" in panel.locator("h2").text_content()
    assert "Held by Government and allies" in panel.locator(".status").text_content()
    assert panel.locator(".strip .cell").count() == len(payload["dates"])
    assert panel.locator(".badge").text_content() in ("reported", "inferred")
    assert panel.locator(".district-events li").count() >= 3
    page.wait_for_url("**district=hanano**")


def test_click_an_event_moves_the_slider(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    event = next(e for e in payload["events"] if e["date"] == "2016-11-26" and e["districts"])
    page.locator(f'#event-feed button[data-event="{event["id"]}"]').click()
    wait_day(page, _day(payload, "2016-11-26"))
    # The feed follows once the map is painted (in idle time).
    page.wait_for_selector('#event-feed .day-group.active[data-date="2016-11-26"]')
    assert page.locator("#event-feed .day-group.active").count() == 1
    page.wait_for_url("**date=2016-11-26**")
    # The event's districts are outlined on the map.
    widths = page.evaluate(
        "() => document.querySelector('#map .js-plotly-plot').data[0].marker.line.width"
    )
    for district in event["districts"]:
        assert widths[payload["ids"].index(district)] > 3


def test_url_reproduces_a_view_and_history_works(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-12-06&district=hanano")
    wait_ready(page)
    wait_day(page, _day(payload, "2016-12-06"))
    assert page.text_content("#date-display") == "Tuesday 6 December 2016"
    page.locator("#district-panel h2").wait_for()
    assert "Hanano" in page.text_content("#district-panel h2")
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    wait_day(page, _day(payload, "2016-12-07"))
    page.wait_for_url("**date=2016-12-07**")
    page.go_back()
    wait_day(page, _day(payload, "2016-12-06"))
    page.go_forward()
    wait_day(page, _day(payload, "2016-12-07"))


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?date=yesterday", "not a date"),
        ("?date=2017-03-01", "outside the battle"),
        ("?district=%3Cscript%3E", "unknown district"),
        ("?date=2016-13-45&district=nowhere", "not a date"),
    ],
)
def test_bad_url_parameters_fall_back_with_a_notice(page, live_server, query, notice):
    page.goto(live_server.url + "/" + query)
    wait_ready(page)
    page.locator("#notice").wait_for(state="visible")
    assert notice in page.text_content("#notice")


def test_area_chart_click_sets_the_date(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    page.wait_for_selector("#area-chart .scatterlayer")
    page.locator("#area-chart").scroll_into_view_if_needed()
    box = page.locator("#area-chart .nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5 - 5, box["y"] + box["height"] * 0.5)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_function(
        "() => Number(document.querySelector('#map .js-plotly-plot').dataset.day) > 0"
    )
    assert abs(shown_day(page) - (len(payload["dates"]) - 1) / 2) <= 1


def test_palette_switch_recolours(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    page.get_by_label("Colour-blind safe", exact=False).check()
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').dataset.palette === 'colourblind'"
    )
    drawn = fills(page)
    i = 0
    district = payload["ids"][i]
    expected = payload["colours"]["colourblind"][payload["days"][0][i]]
    assert drawn[district] == hex_to_rgb(expected)
    page.wait_for_url("**palette=colourblind**")


def test_payload_is_shipped_once(page, live_server, payload):
    """The layout carries the whole battle; no callback ever goes to the server."""
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(live_server.url)
    wait_ready(page)
    page.locator("#date-slider [role=slider]").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert posts == []
    assert page_state(page, "s.payload.dates") == payload["dates"]


def test_playing_slowly_shows_moments_between_days(page, live_server, payload):
    """At half a day per second every interpolated frame has time to be drawn."""
    page.goto(live_server.url + "/?date=2016-11-22&district=hanano")
    wait_ready(page)
    _record_frames(page)
    page.locator("#speed").click()
    page.get_by_role("option", name="0.5 day/s").click()
    page.click("#play")
    page.wait_for_function("() => window.__frames.filter(f => f % 4).length >= 2", timeout=15_000)
    page.click("#play")
    frames = page.evaluate("() => window.__frames")
    per_day = payload["per_day"]
    assert any(f % per_day for f in frames), frames


def test_share_links_follow_the_view(page, live_server):
    page.goto(live_server.url + "/?date=2016-12-06&district=hanano")
    wait_ready(page)
    page.wait_for_function(
        "() => document.querySelector('#share a[data-kind=png]').getAttribute('href')"
        ".includes('2016-12-06')"
    )
    href = page.get_attribute('#share a[data-kind="svg"]', "href")
    assert href == "download/still.svg?date=2016-12-06&district=hanano"
    # The browser names no file: the server's name (Content-Disposition) is the one used.
    assert page.get_attribute('#share a[data-kind="svg"]', "download") == ""
    page.click("#copy-embed")
    snippet = wait_state(page, "s.copied")
    assert snippet.startswith("<iframe src=")
    assert "/embed?date=2016-12-06&amp;district=hanano" in snippet
    page.click("#copy-link")
    wait_state(page, "s.copied.includes('district=hanano') && !s.copied.startsWith('<iframe')")


def _tile_png() -> bytes:
    """A plain 256×256 map tile, so the test needs no internet."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (236, 232, 224)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_street_basemap_is_optional_and_keeps_scrubbing(page, live_server, payload):
    """Off by default (nothing fetched); on, the same layers sit over map tiles."""
    tiles: list[str] = []
    tile = _tile_png()

    def serve_tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=tile)

    page.route("https://tile.openstreetmap.org/**", serve_tile)
    full_bundle: list[str] = []
    page.on("request", lambda r: full_bundle.append(r.url) if "package_data/plotly" in r.url else 0)
    page.goto(live_server.url + "/?date=2016-11-26")
    wait_ready(page)
    assert tiles == [] and full_bundle == []
    page.get_by_label("Street map", exact=False).check()
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').data[0].type === 'choroplethmap'"
    )
    page.wait_for_function("() => document.querySelector('#map .maplibregl-canvas') !== null")
    page.wait_for_timeout(500)
    assert tiles, "the street map asked for no tiles"
    assert len(full_bundle) == 1, "tile maps need the full plotly.js, fetched once"
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    wait_day(page, _day(payload, "2016-11-27"))
    page.get_by_label("Street map", exact=False).uncheck()
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').data[0].type === 'choropleth'"
    )
    drawn = fills(page)
    day = _day(payload, "2016-11-27")
    assert _close(drawn["hanano"], _expected_fill(payload, day, "hanano"))


def _hover_text(page, district: str) -> str:
    """Move the mouse onto a district (a point inside it, away from any landmark marker,
    nearest its middle) and read plotly's hover label."""
    x, y = district_point(page, district)
    page.mouse.move(5, 5)
    page.mouse.move(x, y)
    page.wait_for_selector("#map .hovertext")
    return page.locator("#map .hovertext").first.text_content()


def test_hover_text_follows_the_day_shown(page, live_server, payload):
    """The map is repainted without plotly redrawing it; its hover text must follow."""
    page.goto(live_server.url + "/?date=2016-11-15")
    wait_ready(page)
    assert "Held by Rebel groups" in _hover_text(page, "hanano")
    page.locator("#date-slider [role=slider]").focus()
    taken = _day(payload, "2016-11-26")
    for _ in range(taken):
        page.keyboard.press("ArrowRight")
    wait_day(page, taken)
    text = _hover_text(page, "hanano")
    assert "Held by Government and allies" in text and "since 2016-11-26" in text, text


def test_colours_survive_a_redraw_by_plotly(page, live_server, payload):
    """Resizing makes plotly redraw the map from its own records: same day, same colours."""
    page.goto(live_server.url)
    wait_ready(page)
    page.locator("#date-slider [role=slider]").focus()
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    wait_day(page, 12)
    page.wait_for_timeout(400)
    before = fills(page)
    page.set_viewport_size({"width": 1100, "height": 800})
    page.wait_for_function(
        "() => document.querySelector('#map .main-svg').getAttribute('width') < 900"
    )
    page.wait_for_timeout(300)
    after = fills(page)
    assert after == before
    for district in ("hanano", "jabal-badro", "sakhour"):
        if district in payload["ids"]:
            assert _close(after[district], _expected_fill(payload, 12, district)), district


def test_page_loads_plotly_geo_bundle_only(page, live_server):
    """The full plotly.js (tile maps) is fetched only when the street map is asked for."""
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if "plotly" in r.url else None)
    page.goto(live_server.url)
    wait_ready(page)
    assert any("plotly-geo.min.js" in url for url in scripts), scripts
    assert not any("package_data/plotly" in url for url in scripts), scripts
    assert page.evaluate("() => !!window.Plotly && !!document.querySelector('#map .geo')")
