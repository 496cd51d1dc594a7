"""``/embed`` in Chromium: its query parameters, its size, playback and postMessage.

The embed is served by the bundled dashboard (routes registered here) on one loopback
port; a host page, as a CMS or a slide tool would have it, is served from a temporary
folder by a second werkzeug server on another port (another origin), frames the embed and
records every ``frontline:state`` message in ``window.states``. The ``page`` fixture fails
any test whose page (or frame) logs a console error or asks for a non-loopback URL.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from werkzeug.middleware.shared_data import SharedDataMiddleware
from werkzeug.wrappers import Response

from dashboard.app import create_app
from dashboard.downloads import register_downloads
from dashboard.embed import register_embed
from dashboard.figures import frame_fill
from dashboard.palettes import PALETTES
from dashboard.viewdata import load_view_data

from .conftest import LiveServer
from .helpers import hex_to_rgb

READY = "body[data-ready='1']"
GD = "document.getElementById('frontline-map')"
FILLS_JS = """() => Object.fromEntries(
  Array.from(document.querySelectorAll('#frontline-map .choroplethlocation'))
    .map(p => [p.__data__.loc, getComputedStyle(p).fill]))"""
SPOT_JS = """() => {
  const marks = Array.from(document.querySelectorAll('#frontline-map .scattergeo .point'))
    .map(m => m.getBoundingClientRect());
  let best = null;
  for (const p of document.querySelectorAll('#frontline-map .choroplethlocation')) {
    const b = p.getBBox();
    const centre = new DOMPoint(b.x + b.width / 2, b.y + b.height / 2);
    if (!p.isPointInFill(centre)) continue;
    const s = centre.matrixTransform(p.getScreenCTM());
    const near = m => Math.hypot(m.x + m.width / 2 - s.x, m.y + m.height / 2 - s.y) < 20;
    if (marks.some(near)) continue;
    const area = b.width * b.height;
    if (!best || area > best.area) best = {id: p.__data__.loc, x: s.x, y: s.y, area: area};
  }
  return best;
}"""
HOST_HTML = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>An article with a map</title>
<style>body { margin: 0; font: 14px sans-serif; }
iframe { display: block; border: 0; width: 720px; height: 420px; }</style></head>
<body>
<p>Aleppo, late 2016: the map below follows the front day by day.</p>
<iframe id="atlas" title="Frontline Atlas map"></iframe>
<script>
  var frame = document.getElementById("atlas");
  window.states = [];
  window.addEventListener("message", function (e) {
    if (e.source === frame.contentWindow && e.data && e.data.type === "frontline:state") {
      window.states.push(e.data);
    }
  });
  window.send = function (message) { frame.contentWindow.postMessage(message, "*"); };
  frame.src = new URLSearchParams(location.search).get("embed");
</script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def embed():
    """The bundled dashboard with /embed, on loopback; and its payload."""
    app = create_app()
    register_embed(app, load_view_data(None))
    register_downloads(app, load_view_data(None))
    server = LiveServer(app.server).start()
    client = app.server.test_client()
    for palette in PALETTES:  # build both pages now, so no test waits for it
        assert client.get(f"/embed?palette={palette}").status_code == 200
    yield server, load_view_data(None)["payload"]
    server.stop()


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """A host page (another origin) that frames ``?embed=URL`` and records its messages."""
    folder = tmp_path_factory.mktemp("host")
    (folder / "article.html").write_text(HOST_HTML, encoding="utf-8")
    server = LiveServer(SharedDataMiddleware(Response("not found", 404), {"/": str(folder)}))
    yield server.start()
    server.stop()


def _open(page, embed, query: str = "") -> None:
    server, _payload = embed
    page.goto(f"{server.url}/embed{query}", wait_until="commit")
    page.wait_for_selector(READY, timeout=60_000)


def _dataset(page, key: str) -> str:
    return page.evaluate(f"() => {GD}.dataset.{key}")


def _want_fills(payload, day: int, palette: str) -> dict[str, str]:
    fills = frame_fill(payload, day * payload["per_day"], palette)
    return {i: hex_to_rgb(c) for i, c in zip(payload["ids"], fills)}


def _open_host(page, embed, host, query: str = ""):
    """The host page with the embed in its iframe; returns the embed's frame, once ready."""
    server, _payload = embed
    embed_url = quote(f"{server.url}/embed{query}", safe="")
    page.goto(f"{host.url}/article.html?embed={embed_url}", wait_until="commit")
    page.wait_for_function("() => window.states.some(s => s.ready)", timeout=60_000)
    frame = next(f for f in page.frames if "/embed" in f.url)
    frame.wait_for_selector(READY)
    return frame


def _state(page, since: int, check: str) -> dict:
    """The first state message after the first ``since`` for which ``check`` (JS) holds."""
    found = page.wait_for_function(
        f"n => window.states.slice(n).find({check}) || null", arg=since, timeout=20_000
    )
    return found.json_value()


def _count(page) -> int:
    return page.evaluate("() => window.states.length")


# --- query parameters ------------------------------------------------------------------------


def test_embed_fills_its_frame_without_scrollbars(page, embed):
    page.set_viewport_size({"width": 640, "height": 360})
    _open(page, embed, "?date=2016-11-28")
    size = page.evaluate(
        "() => { const e = document.scrollingElement; const m = document.querySelector("
        "'#frontline-map .main-svg').getBoundingClientRect(); const b = document."
        "getElementById('bar').getBoundingClientRect(); return {sh: e.scrollHeight, "
        "sw: e.scrollWidth, w: m.width, h: m.height, bar: b.height, top: b.top}; }"
    )
    assert size["sh"] <= 360 and size["sw"] <= 640  # no scrollbars
    assert size["w"] == 640 and 0 < size["bar"] <= 40
    assert size["h"] + size["bar"] == pytest.approx(360, abs=2)
    assert page.locator("#slider").is_visible() and page.locator("#play").is_visible()
    assert page.locator("#date").text_content() == "28 Nov 2016"
    assert not page.locator("#speed").is_visible()
    page.set_viewport_size({"width": 900, "height": 500})  # the map follows its frame
    page.wait_for_function(
        "() => document.querySelector('#frontline-map .main-svg').getBoundingClientRect()"
        ".width === 900"
    )


def test_date_district_and_palette_parameters(page, embed):
    _server, payload = embed
    _open(page, embed, "?date=2016-11-28&district=hanano&palette=colourblind")
    day = payload["dates"].index("2016-11-28")
    page.wait_for_function(f"() => {GD}.dataset.district === 'hanano'")
    assert _dataset(page, "day") == str(day)
    assert page.evaluate("() => document.getElementById('slider').value") == str(day)
    assert page.evaluate(FILLS_JS) == _want_fills(payload, day, "colourblind")
    outline = page.evaluate(f"() => {GD}.data.slice(-2).map(t => t.lon.length)")
    assert min(outline) > 4  # halo and line around hanano
    swatches = page.evaluate(
        "() => Array.from(document.querySelectorAll('#frontline-map .legendpoints path'))"
        ".map(p => getComputedStyle(p).fill)"
    )
    assert hex_to_rgb("#d55e00") in swatches and hex_to_rgb("#c8312b") not in swatches


def test_controls_none_shows_only_the_map_and_full_adds_speed_and_link(page, embed):
    page.set_viewport_size({"width": 600, "height": 400})
    _open(page, embed, "?controls=none&date=2016-12-13")
    assert not page.locator("#bar").is_visible()
    assert not page.locator("#slider").is_visible()
    assert page.locator("#badge").text_content() == "13 Dec 2016"  # the date stays on the map
    height = page.evaluate(
        "() => document.querySelector('#frontline-map .main-svg').getBoundingClientRect().height"
    )
    assert height == 400
    _open(page, embed, "?controls=full&date=2016-12-13&district=hanano")
    for control in ("#play", "#slider", "#date", "#speed", "#open"):
        assert page.locator(control).is_visible(), control
    assert page.locator("#open").get_attribute("href") == "./?date=2016-12-13&district=hanano"


def test_autoplay_moves_the_front_smoothly_without_skipping_a_day(page, embed):
    _server, payload = embed
    page.add_init_script(
        "window.__frames = []; new MutationObserver(ms => ms.forEach(m => window.__frames.push("
        "Number(m.target.dataset.frame)))).observe(document, {subtree: true, attributes: true, "
        "attributeFilter: ['data-frame']});"
    )
    start = payload["dates"].index("2016-11-20")
    # Half a day a second leaves each moment 500 ms: enough to draw it on a slow machine
    # (when drawing falls behind, playback shows the days and drops the moments between).
    _open(page, embed, "?date=2016-11-20&autoplay=1&speed=0.5")
    assert page.evaluate("() => document.body.dataset.playing") == "1"
    page.wait_for_function(f"() => Number({GD}.dataset.day) >= {start + 2}", timeout=30_000)
    seen = page.evaluate("() => window.__frames")
    per_day = payload["per_day"]
    assert any(f % per_day for f in seen), seen  # moments between days were drawn
    days = sorted({f // per_day for f in seen})
    assert days == list(range(days[0], days[-1] + 1)), seen  # no day skipped
    assert days[0] == start and seen == sorted(seen)
    page.click("#play")  # pause
    assert page.evaluate("() => document.body.dataset.playing") == "0"


# --- postMessage -----------------------------------------------------------------------------


def test_host_sets_the_view_and_hears_every_change(page, embed, host):
    _server, payload = embed
    frame = _open_host(page, embed, host, "?date=2016-11-20")
    ready = page.evaluate("() => window.states[0]")
    assert ready == {
        "type": "frontline:state",
        "ready": True,
        "date": "2016-11-20",
        "district": None,
        "palette": "conventional",
        "playing": False,
        "speed": 1,
        "notice": None,
    }
    n = _count(page)
    page.evaluate("() => send({type: 'frontline:set', date: '2016-12-01', district: 'hanano'})")
    state = _state(page, n, "s => s.date === '2016-12-01'")
    assert state["district"] == "hanano" and state["notice"] is None
    day = payload["dates"].index("2016-12-01")
    frame.wait_for_function(
        f"() => {GD}.dataset.day === '{day}' && {GD}.dataset.district === 'hanano'"
    )
    assert frame.evaluate(FILLS_JS) == _want_fills(payload, day, "conventional")

    # Play: a state says so, then one per day as the map moves on; pause stops it.
    n = _count(page)
    page.evaluate("() => send({type: 'frontline:set', play: true, speed: 4})")
    _state(page, n, "s => s.playing && s.speed === 4")
    later = _state(page, n, "s => s.date > '2016-12-03'")
    dates = [s["date"] for s in page.evaluate("() => window.states")[n:]]
    assert dates == sorted(dates) and later["playing"]
    n = _count(page)
    page.evaluate("() => send({type: 'frontline:set', play: false})")
    paused = _state(page, n, "s => !s.playing")

    # A malformed message changes nothing and says why.
    n = _count(page)
    page.evaluate(
        "() => send({type: 'frontline:set', date: '2016-02-30', district: 'nowhere', "
        "speed: 'fast', play: 'maybe'})"
    )
    bad = _state(page, n, "s => s.notice")
    assert bad["date"] == paused["date"] and bad["district"] == "hanano"
    for part in ("not a date", "unknown district 'nowhere'", "speed 'fast'", "play 'maybe'"):
        assert part in bad["notice"]

    # Messages of other types, or from other windows, are ignored.
    n = _count(page)
    page.evaluate("() => send({type: 'something-else', date: '2016-11-16'})")
    frame.evaluate("() => window.postMessage({type: 'frontline:set', date: '2016-11-16'}, '*')")
    page.wait_for_timeout(300)
    assert _count(page) == n

    # A new palette reloads the embed at the same view.
    page.evaluate("() => send({type: 'frontline:set', palette: 'colourblind', district: null})")
    again = _state(page, n, "s => s.ready")
    assert again["palette"] == "colourblind" and again["district"] is None
    assert again["date"] == paused["date"]
    frame.wait_for_selector(READY)
    shown = payload["dates"].index(paused["date"])
    assert frame.evaluate(FILLS_JS) == _want_fills(payload, shown, "colourblind")


def test_clicking_a_district_outlines_it_and_tells_the_host(page, embed, host):
    frame = _open_host(page, embed, host, "?date=2016-12-01")
    # The largest district whose centre is inside it and away from every landmark.
    spot = frame.evaluate(SPOT_JS)
    assert spot is not None
    box = page.locator("#atlas").bounding_box()
    n = _count(page)
    page.mouse.move(box["x"] + spot["x"] - 4, box["y"] + spot["y"] - 4)
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    state = _state(page, n, "s => s.district")
    assert state["district"] == spot["id"] and state["date"] == "2016-12-01"
    frame.wait_for_function(f"id => {GD}.dataset.district === id", arg=spot["id"])


def test_malformed_parameters_fall_back_with_a_notice(page, embed, host):
    _server, payload = embed
    query = (
        "?date=2016-13-45&district=%3Cscript%3Ealert(1)%3C/script%3E&autoplay=maybe"
        "&speed=9&controls=huge&palette=sepia"
    )
    frame = _open_host(page, embed, host, query)
    ready = page.evaluate("() => window.states.find(s => s.ready)")
    assert ready["date"] == payload["dates"][0] and ready["district"] is None
    assert ready["palette"] == "conventional" and ready["playing"] is False
    assert ready["speed"] == 4  # clamped into 0.5..4
    for part in (
        "date '2016-13-45' is not a date",
        "unknown district '<script>alert(1)</script>'",
        "autoplay 'maybe'",
        "speed 9 is outside 0.5..4; using 4",
        "controls 'huge'",
        "unknown palette 'sepia'",
    ):
        assert part in ready["notice"], part
    assert frame.locator("#slider").is_visible()  # the default controls
    assert frame.evaluate("() => document.querySelectorAll('script:not([src]):not([type])')"
                          ".length") == 2  # fmt: skip
    n = _count(page)
    page.evaluate("() => send({type: 'frontline:set', date: '2017-03-01'})")
    clamped = _state(page, n, "s => s.notice")
    assert clamped["date"] == payload["dates"][-1]
    assert "outside 2016-11-15..2016-12-22" in clamped["notice"]
