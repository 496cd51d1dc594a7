"""The standalone HTML export, opened from disk in Chromium with the network cut off.

The ``page`` fixture fails the test on any console error or page error. Its loopback guard
would refuse ``file:`` URLs, so these tests add a stricter guard on top: ``file:`` and
``data:`` only, every other request is aborted and reported.
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
    page.locator("#frontline-map .updatemenu-button", has_text="Play").click()
    page.wait_for_function(
        f"() => ({ANNOTATIONS_JS})()[0] !== {payload['long_labels'][0]!r}", timeout=10_000
    )
    page.locator("#frontline-map .updatemenu-button", has_text="Pause").click()
    page.wait_for_timeout(300)
    shown, fills_now = page.evaluate(f"() => [({ANNOTATIONS_JS})(), ({FILLS_JS})()]")
    day = payload["long_labels"].index(shown[0])
    assert day > 0
    # The districts wear that day's colours (the conventional palette's).
    want = [_rgb(payload["colours"]["conventional"][s]) for s in payload["days"][day]]
    assert sorted(fills_now) == sorted(want)


def test_slider_jumps_to_a_day_with_its_caption_and_colours(offline_page, mini_page):
    path, payload = mini_page
    page = offline_page
    _open(page, path)
    day = 2  # charlie taken: a capture, and charlie turns government-coloured
    page.evaluate(
        "d => Plotly.animate('frontline-map', [d], "
        "{mode: 'immediate', frame: {duration: 0, redraw: true}, transition: {duration: 0}})",
        payload["dates"][day],
    )
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
    assert "Held by the government" in label.text_content()


def _rgb(colour: str) -> str:
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_play_runs_through_the_moments_between_days(offline_page, tmp_path):
    data = load_view_data(MINI)
    out = tmp_path / "smooth.html"
    export_html(data, out, per_day=4)
    page = offline_page
    _open(page, out)
    page.evaluate(
        "() => { window.__shown = []; document.getElementById('frontline-map').on("
        "'plotly_animatingframe', e => window.__shown.push(e.name)); }"
    )
    page.locator("#frontline-map .updatemenu-button", has_text="Play").click()
    last = data["payload"]["dates"][-1]
    page.wait_for_function(f"() => window.__shown.includes({last!r})", timeout=20_000)
    shown = page.evaluate("() => window.__shown")
    assert shown[:4] == ["2016-11-15", "2016-11-15T06:00", "2016-11-15T12:00", "2016-11-15T18:00"]
    assert len(shown) == (len(data["payload"]["dates"]) - 1) * 4 + 1  # every picture, in order
    assert page.evaluate(ANNOTATIONS_JS)[0] == data["payload"]["long_labels"][-1]


def test_the_page_unpacks_the_figure_as_python_packed_it(offline_page, mini_page):
    """The page's unpacking script gives back exactly the figure (``html_figure``)."""
    from dashboard.export import html_figure
    from dashboard.export._pack import UNPACK_JS, pack

    path, _payload = mini_page
    page = offline_page
    _open(page, path)
    spec = html_figure(load_view_data(MINI), palette="colourblind", per_day=4)
    packed = json.loads(to_json_plotly(pack(spec)))
    got = page.evaluate(f"p => ({UNPACK_JS})(p)", packed)
    assert _numbers_as_floats(got) == _numbers_as_floats(json.loads(to_json_plotly(spec)))


def _numbers_as_floats(value):
    """JSON with every number a float (the browser gives 0 for 0.0)."""
    if isinstance(value, dict):
        return {k: _numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_floats(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value
