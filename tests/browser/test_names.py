"""The map's names, outline and scale bar in a real Chromium (the bundled Aleppo data).

The names the dashboard draws are read back from the page: the bounding boxes of the text
elements plotly rendered must not overlap and their font is at least 12 px; the scale bar,
projected with the live map's own projection, is as long as its text says; a click on a
landmark's marker opens the district under it. Screenshots go to $FRONTLINE_SHOTS when set.
"""

from __future__ import annotations

import itertools
import math
import os
from pathlib import Path

import pytest

from dashboard.export import export_html
from dashboard.viewdata import load_view_data
from tests.browser.helpers import wait_ready

TEXTS_JS = """(root) => {
  root = root || '#map';
  const svg = document.querySelector(root + ' .main-svg');
  const o = svg.getBoundingClientRect();
  return Array.from(document.querySelectorAll(root + ' .geo .scatterlayer text'))
    .filter(t => t.textContent.trim() !== '')
    .map(t => { const r = t.getBoundingClientRect(); const css = getComputedStyle(t);
      return {text: t.textContent,
              box: [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top],
              size: parseFloat(css.fontSize), shadow: css.textShadow}; });
}"""


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


def _wait_names(page):
    page.wait_for_function(
        "() => { const gd = document.querySelector('#map .js-plotly-plot');"
        " return gd && gd.__frontlinePlacedNames"
        " && gd.querySelectorAll('.geo .scatterlayer text').length; }",
        timeout=30_000,
    )
    page.wait_for_timeout(300)


def _shoot(page, name: str) -> None:
    folder = os.environ.get("FRONTLINE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1920, 1080)])
def test_names_never_collide_and_read_at_12_px(page, live_server, payload, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/?date=2016-11-28&district=hanano")
    wait_ready(page)
    _wait_names(page)
    texts = page.evaluate(TEXTS_JS)
    _shoot(page, f"names-{width}.png")
    shown = [t["text"] for t in texts]
    assert "Hanano" in shown
    assert len(texts) >= 20
    assert all(t["size"] >= 12 for t in texts)
    assert all("255, 255, 255" in t["shadow"] for t in texts)  # the white halo
    _no_overlaps(texts)
    # Zooming in places the names again for the new view: other names, still no collision.
    page.evaluate(
        "() => { const gd = document.querySelector('#map .js-plotly-plot');"
        " return Plotly.relayout(gd, {'geo.projection.scale': 2.5}); }"
    )
    page.wait_for_timeout(800)
    zoomed = page.evaluate(TEXTS_JS)
    _no_overlaps(zoomed)
    assert {t["text"] for t in zoomed} != set(shown)
    assert "Hanano" in {t["text"] for t in zoomed}


def _no_overlaps(texts) -> None:
    for a, b in itertools.combinations(texts, 2):
        x = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
        y = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
        assert x <= 0.5 or y <= 0.5, (a["text"], b["text"])


def test_scale_bar_is_as_long_as_it_says(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _wait_names(page)
    bar = page.evaluate(
        """(i) => { const gd = document.querySelector('#map .js-plotly-plot');
             const s = gd._fullLayout.geo._subplot; const t = gd.data[i];
             return {a: s.projection([t.lon[1], t.lat[1]]), b: s.projection([t.lon[3], t.lat[3]]),
                     lon: t.lon, lat: t.lat, text: t.text[2],
                     k: s.projection([37.16, 36.2]), k2: s.projection([37.17, 36.2])}; }""",
        payload["map"]["traces"]["scale"],
    )
    km = float(bar["text"].split()[0]) * (1 if bar["text"].endswith("km") else 0.001)
    # Pixels per km from the live projection, 1/100 degree of longitude at 36.2 N.
    px_per_km = (bar["k2"][0] - bar["k"][0]) / (
        6371.0088 * math.cos(math.radians(36.2)) * math.radians(0.01)
    )
    length = math.dist(bar["a"], bar["b"])
    assert length == pytest.approx(km * px_per_km, rel=0.03)
    assert bar["a"][1] == pytest.approx(bar["b"][1], abs=0.5)  # horizontal


def test_a_click_on_a_landmark_marker_opens_the_district_under_it(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _wait_names(page)
    citadel = next(m for m in payload["map"]["places"]["landmarks"] if m["kind"] == "fortress")
    x, y = page.evaluate(
        """(ll) => { const gd = document.querySelector('#map .js-plotly-plot');
             const s = gd._fullLayout.geo._subplot; const p = s.projection(ll);
             const o = gd.querySelector('.main-svg').getBoundingClientRect();
             return [p[0] + o.left, p[1] + o.top]; }""",
        [citadel["lon"], citadel["lat"]],
    )
    page.mouse.move(x - 2, y - 2)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    panel = page.locator("#district-panel h2")
    panel.wait_for()
    name = payload["names"][payload["ids"].index("citadel")]
    assert name in panel.text_content()


def test_the_gif_download_follows_the_palette_shown(page, live_server):
    page.goto(live_server.url + "/?date=2016-12-06&palette=colourblind")
    wait_ready(page)
    gif = page.locator('#share a[data-kind="gif"]')
    page.wait_for_function(
        "() => document.querySelector('#share a[data-kind=\"gif\"]').href.includes('palette=')"
    )
    assert gif.get_attribute("href").endswith("battle.gif?palette=colourblind")
    png = page.locator('#share a[data-kind="png"]').get_attribute("href")
    assert "palette=colourblind" in png


@pytest.mark.parametrize("where", ["html", "embed"])
def test_the_export_and_the_embed_place_names_again_after_a_zoom(
    page, live_server, tmp_path, where
):
    """The HTML export and /embed come with names placed for a nominal size; in the browser
    they are placed for the map's real size and again after a zoom or pan, as in the
    dashboard: other names, still no collision, and a scale bar for the new scale."""
    page.set_viewport_size({"width": 1440, "height": 900})
    if where == "html":
        out = tmp_path / "map.html"
        export_html(load_view_data(), out)
        page.unroute("**/*")
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto(out.as_uri())
    else:
        page.goto(live_server.url + "/embed?date=2016-12-06&district=hanano")
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    gd = "document.getElementById('frontline-map')"
    page.wait_for_function(f"() => {gd}.dataset.names !== undefined", timeout=10_000)
    page.wait_for_timeout(300)
    first = page.evaluate(TEXTS_JS, "#frontline-map")
    assert len(first) >= 10
    assert all(t["size"] >= 12 for t in first)
    _no_overlaps(first)
    placed = page.evaluate(f"() => {gd}.dataset.names")
    page.evaluate(f"() => Plotly.relayout({gd}, {{'geo.projection.scale': 2.5}})")
    page.wait_for_function(f"p => {gd}.dataset.names !== p", arg=placed, timeout=10_000)
    page.wait_for_timeout(300)
    zoomed = page.evaluate(TEXTS_JS, "#frontline-map")
    _no_overlaps(zoomed)
    assert {t["text"] for t in zoomed} != {t["text"] for t in first}
    scale = [t["text"] for t in zoomed if t["text"].endswith(("km", " m"))]
    assert scale and scale != [t["text"] for t in first if t["text"].endswith(("km", " m"))]
    if where == "embed":
        assert "Hanano" in {t["text"] for t in zoomed}  # the chosen district's name first
