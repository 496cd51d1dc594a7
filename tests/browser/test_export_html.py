"""The standalone HTML export, opened from disk in Chromium with the network cut off.

The ``page`` fixture fails the test on any console error or page error. Its loopback guard
would refuse ``file:`` URLs, so these tests add a stricter guard on top: ``file:`` and
``data:`` only, every other request is aborted and reported. The page plays with its own
controls (``#play``, ``#slider``, ``#date``, ``#speed``, ``#loop``); the plot's element
tells the moment it shows in ``data-frame``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plotly.io.json import to_json_plotly

from dashboard.export import export_html
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
LOCAL = ("file:", "data:", "blob:")
ANNOTATIONS_JS = (
    "() => Array.from(document.querySelectorAll('#frontline-map .annotation-text'))"
    ".map(e => e.textContent)"
)
FILLS_JS = (
    "() => Array.from(document.querySelectorAll('#frontline-map .choroplethlocation'))"
    ".map(p => getComputedStyle(p).fill)"
)
# Every moment the map is drawn at, in order (recorded from the page's first script on).
RECORD_FRAMES = (
    "window.__frames = []; new MutationObserver(ms => ms.forEach(m => window.__frames.push("
    "Number(m.target.dataset.frame)))).observe(document, {subtree: true, attributes: true, "
    "attributeFilter: ['data-frame']});"
)


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory) -> tuple[Path, dict]:
    data = load_view_data(None)
    out = tmp_path_factory.mktemp("html") / "aleppo.html"
    export_html(data, out)
    return out, data["payload"]


@pytest.fixture(scope="module")
def mini_page(tmp_path_factory) -> tuple[Path, dict]:
    data = load_view_data(MINI)
    out = tmp_path_factory.mktemp("html") / "mini.html"
    export_html(data, out, palette="colourblind")
    return out, data["payload"]


@pytest.fixture
def offline_page(page, browser_problems):
    """``page`` with every request that is not ``file:``/``data:`` aborted and reported."""
    requests: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            browser_problems.append(f"request left the file: {url}")
            route.abort()

    page.route("**/*", only_local)  # registered last, so it is asked first
    page.on("request", lambda r: requests.append(r.url))
    yield page
    others = [u for u in requests if not u.startswith(LOCAL)]
    assert others == [], f"the exported page asked the network: {others}"


def _open(page, path: Path) -> None:
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("#frontline-map .choroplethlocation", timeout=30_000)
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)


def test_map_is_drawn_offline_and_play_advances_the_date(offline_page, bundled_page):
    path, payload = bundled_page
    page = offline_page
    _open(page, path)
    fills = page.evaluate(FILLS_JS)
    assert len(fills) == len(payload["ids"])
    assert len(set(fills)) >= 3  # not a blank or single-colour map
    assert page.locator("#frontline-map .scattergeo .js-line").count() >= 1  # front line
    shown = page.evaluate(ANNOTATIONS_JS)
    assert shown[0] == payload["long_labels"][0]
    assert page.locator("#date").text_content() == payload["long_labels"][0]
    page.get_by_role("button", name="Play").click()
    play = page.locator("#play")
    assert play.get_attribute("aria-pressed") == "true" and "Pause" in play.text_content()
    page.wait_for_function(
        f"() => ({ANNOTATIONS_JS})()[0] !== {payload['long_labels'][0]!r}", timeout=10_000
    )
    page.locator("#play").click()  # pause
    assert page.locator("#play").get_attribute("aria-pressed") == "false"
    page.wait_for_timeout(300)
    shown, fills_now = page.evaluate(f"() => [({ANNOTATIONS_JS})(), ({FILLS_JS})()]")
    day = payload["long_labels"].index(shown[0])
    assert day > 0
    # The date beside the slider, and the slider itself, show the same day as the map.
    assert page.locator("#date").text_content() == payload["long_labels"][day]
    assert page.locator("#slider").input_value() == str(day)
    # The districts wear that day's colours (the conventional palette's).
    want = [_rgb(payload["colours"]["conventional"][s]) for s in payload["days"][day]]
    assert sorted(fills_now) == sorted(want)


def test_slider_jumps_to_a_day_with_its_caption_and_colours(offline_page, mini_page):
    path, payload = mini_page
    page = offline_page
    _open(page, path)
    day = 2  # charlie taken: a capture, and charlie turns government-coloured
    slider = page.get_by_role("slider", name="Date")
    slider.fill(str(day))
    assert slider.get_attribute("aria-valuetext") == payload["long_labels"][day]
    assert page.locator("#date").text_content() == payload["long_labels"][day]
    page.wait_for_function(
        f"() => ({ANNOTATIONS_JS})()[0] === {payload['long_labels'][day]!r}", timeout=10_000
    )
    assert page.evaluate(ANNOTATIONS_JS)[1] == "Charlie falls"
    fills = page.evaluate(FILLS_JS)
    want = [_rgb(payload["colours"]["colourblind"][s]) for s in payload["days"][day]]
    assert sorted(fills) == sorted(want)
    # Hover tells that day's story too: charlie is now held by the government (the point
    # is away from the landmark at its centre).
    charlie = payload["ids"].index("charlie")
    box = page.evaluate(
        "i => { const r = Array.from(document.querySelectorAll("
        "'#frontline-map .choroplethlocation')).find(p => p.__data__.index === i)"
        ".getBoundingClientRect(); return [r.x + r.width * 0.8, r.y + r.height * 0.8]; }",
        charlie,
    )
    page.mouse.move(box[0] - 5, box[1] - 5)
    page.mouse.move(*box)
    label = page.wait_for_selector("#frontline-map .hoverlayer .hovertext", timeout=5_000)
    assert "Charlie" in label.text_content()
    assert "Held by Government and allies" in label.text_content()


def _rgb(colour: str) -> str:
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_play_runs_through_the_moments_between_days(offline_page, tmp_path):
    data = load_view_data(MINI)
    payload = data["payload"]
    out = tmp_path / "smooth.html"
    export_html(data, out, per_day=4)
    page = offline_page
    page.add_init_script(RECORD_FRAMES)
    _open(page, out)
    page.evaluate(
        "() => { window.__shown = []; document.getElementById('frontline-map').on("
        "'plotly_animatingframe', e => window.__shown.push(e.name)); }"
    )
    # Half a day a second leaves each moment 500 ms: enough to draw it on a slow machine
    # (when drawing falls behind, playback shows the days and drops the moments between).
    page.select_option("#speed", "0.5")
    page.locator("#play").click()
    last = (len(payload["dates"]) - 1) * 4
    page.wait_for_function(
        f"() => document.body.dataset.playing === '0' && window.__frames.includes({last})",
        timeout=30_000,
    )
    frames = page.evaluate("() => window.__frames")
    assert frames[0] == 0  # the first day, drawn when the page opened
    assert frames[1:] == list(range(1, last + 1))  # then every moment, in order, once
    shown = page.evaluate("() => window.__shown")
    assert shown[:4] == ["2016-11-15T06:00", "2016-11-15T12:00", "2016-11-15T18:00", "2016-11-16"]
    assert len(shown) == last  # every picture after the first, then playback stops
    assert page.evaluate(ANNOTATIONS_JS)[0] == payload["long_labels"][-1]
    assert page.locator("#date").text_content() == payload["long_labels"][-1]


def test_the_page_draws_the_figure_python_made(offline_page, mini_page):
    """The page unpacks its figure (``unpack.mjs``) and draws exactly ``html_figure``'s
    traces and frames."""
    from dashboard.export import html_figure

    path, _payload = mini_page
    page = offline_page
    _open(page, path)
    spec = html_figure(load_view_data(MINI), palette="colourblind")
    got = page.evaluate(
        "() => { const gd = document.getElementById('frontline-map');"
        " return {traces: gd.data.map(t => [t.type, t.name || null, t.locations || null]),"
        " frames: gd._transitionData._frames.map(f => f.name)}; }"
    )
    want = [[t["type"], t.get("name"), t.get("locations")] for t in spec["data"]]
    assert got["traces"] == json.loads(to_json_plotly(want))
    assert got["frames"] == [f["name"] for f in spec["frames"]]


def test_loop_and_speed_controls(offline_page, mini_page):
    """With Loop on, playback comes back to the first day after the last one, and goes on."""
    path, payload = mini_page
    page = offline_page
    page.add_init_script(RECORD_FRAMES)
    _open(page, path)
    assert page.locator("#speed").input_value() == "1"
    page.select_option("#speed", "4")
    page.get_by_label("Loop").check()
    page.locator("#play").click()
    days = len(payload["dates"])
    page.wait_for_function(
        f"() => {{ const f = window.__frames; const i = f.indexOf({days - 1});"
        " return i >= 0 && f.slice(i).includes(1); }",
        timeout=20_000,
    )
    assert page.evaluate("() => document.body.dataset.playing") == "1"
    frames = page.evaluate("() => window.__frames")
    end = frames.index(days - 1)
    assert frames[: end + 1] == list(range(days))  # one day after another
    assert frames[end + 1 : end + 3] == [0, 1]  # then from the start again
    page.locator("#play").click()
    assert page.evaluate("() => document.body.dataset.playing") == "0"


def test_modebar_has_no_share_or_select_buttons_and_play_keeps_its_width(offline_page, mini_page):
    path, _payload = mini_page
    page = offline_page
    _open(page, path)
    page.hover("#frontline-map")
    titles = page.evaluate(
        "() => [...document.querySelectorAll('#frontline-map .modebar-btn')]"
        ".map(b => b.getAttribute('data-title'))"
    )
    assert titles, "the map has no modebar"
    assert not any(t.startswith(("Share", "Box Select", "Lasso")) for t in titles), titles
    idle = page.locator("#play").bounding_box()["width"]
    page.locator("#play").click()
    assert "Pause" in page.locator("#play").text_content()
    assert page.locator("#play").bounding_box()["width"] == idle
    page.locator("#play").click()
