"""The first paint: the HTML of `/` shows the requested day's map with no script, and the
interactive map takes its place with no other day's fills, no layout shift, and the copy
gone once plotly has painted (dashboard/firstpaint.py, assets/js/firstpaint.mjs)."""

from __future__ import annotations

import pytest

from dashboard.figures import frame_fill
from dashboard.firstpaint import browser_mix
from dashboard.viewdata import load_view_data
from tests.browser.helpers import FILLS_JS, hex_to_rgb, wait_ready

DATE = "2016-12-06"

# Every animation frame from the start: the fills the reader sees (the copy's while it is on
# screen, else plotly's when its map is visible), and the layout shifts.
WATCH = """
window.__fp = { samples: [], cls: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__fp.cls += e.value;
}).observe({ type: "layout-shift", buffered: true });
const fillsOf = (paths, key) => Object.fromEntries(
  Array.from(paths).map((p) => [key(p), getComputedStyle(p).fill]));
const sample = () => {
  const fp = document.getElementById("first-paint");
  const gd = document.querySelector("#map .js-plotly-plot");
  if (fp && fp.isConnected && !document.querySelector("#react-entry-point #first-paint") &&
      document.documentElement.classList.contains("fp-wait")) {
    window.__fp.samples.push(["copy", fillsOf(fp.querySelectorAll("path[data-id]"),
      (p) => p.dataset.id)]);
  } else if (fp && fp.isConnected) {
    window.__fp.samples.push(["copy", fillsOf(fp.querySelectorAll("path[data-id]"),
      (p) => p.dataset.id)]);
  } else if (gd) {
    const shown = gd.dataset.day !== undefined;
    window.__fp.samples.push([shown ? "map" : "blank",
      shown ? fillsOf(gd.querySelectorAll(".choroplethlocation"), (p) => p.__data__.loc) : {}]);
  }
  if (window.__fp.samples.length < 4000) requestAnimationFrame(sample);
};
requestAnimationFrame(sample);
"""


@pytest.fixture(scope="module")
def expected():
    """The day's fills as the browser paints them: the payload's colours of the day's first
    moment, a mixed colour's halves rounded up (assets/js/colour.mjs)."""
    payload = load_view_data()["payload"]
    day = payload["dates"].index(DATE)
    fills = frame_fill(payload, day * payload["per_day"], "conventional")
    out = {d: hex_to_rgb(c) for d, c in zip(payload["ids"], fills)}
    pal = payload["palettes"]["conventional"]
    colours = [pal[f] for f in payload["map"]["factions"]]
    frame = payload["frames"]["frames"][day * payload["per_day"]]
    for d, holder in zip(payload["ids"], frame["holder"]):
        if holder < 0:
            out[d] = hex_to_rgb(browser_mix(frame["shares"][d], colours))
    return out


def test_without_javascript_the_page_shows_the_days_map_and_text(browser, live_server, expected):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/?date={DATE}")
    svg = page.locator("#first-paint svg.fp-svg")
    box = svg.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 350
    shown = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#first-paint path[data-id]')]"
        ".map(p => [p.dataset.id, getComputedStyle(p).fill]))"
    )
    assert shown == expected
    assert page.locator("#first-paint .date-display").inner_text() == "Tuesday 6 December 2016"
    assert page.locator("#first-paint .date-display").is_visible()
    text = page.locator("#first-paint .fp-text")
    assert text.is_visible() and "Government and allies held" in text.inner_text()
    assert page.locator("#first-paint .fp-legend").is_visible()
    context.close()


def test_the_map_replaces_the_copy_with_no_other_day_and_no_shift(page, live_server, expected):
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/?date={DATE}")
    wait_ready(page)
    page.wait_for_timeout(400)
    assert page.evaluate("() => document.getElementById('first-paint')") is None
    assert page.locator(".fp-svg").count() == 0
    assert page.evaluate("() => document.documentElement.classList.contains('fp-wait')") is False
    samples = page.evaluate("() => window.__fp.samples")
    kinds = [k for k, _ in samples]
    assert "copy" in kinds and "map" in kinds, kinds[:5]
    # The copy first, then the map; never a blank map or another day in between.
    assert kinds.index("map") > kinds.index("copy")
    assert "blank" not in kinds
    assert "copy" not in kinds[kinds.index("map") :]
    early = [f for k, f in samples if k == "copy"]
    late = [f for k, f in samples if k == "map"]
    assert all(f == expected for f in early)
    bad = [
        (i, {d: (c, expected.get(d)) for d, c in f.items() if expected.get(d) != c})
        for i, f in enumerate(late)
        if f != expected
    ]
    assert bad == [], (len(late), bad[:2])
    assert page.evaluate("() => window.__fp.cls") < 0.05
    assert page.evaluate(FILLS_JS) == expected


def test_the_embed_shows_the_days_map_first_and_drops_it_once_drawn(
    browser, page, live_server, expected
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 800, "height": 500})
    still = context.new_page()
    still.goto(f"{live_server.url}/embed?date={DATE}")
    box = still.locator("#first-paint svg.fp-svg").bounding_box()
    assert box and box["width"] > 700 and box["height"] > 400
    shown = still.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#first-paint path[data-id]')]"
        ".map(p => [p.dataset.id, getComputedStyle(p).fill]))"
    )
    assert shown == expected
    context.close()
    page.goto(f"{live_server.url}/embed?date={DATE}")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#first-paint").count() == 0
    assert page.evaluate("() => document.getElementById('frontline-map').dataset.day") == str(
        expected_day()
    )


def expected_day() -> int:
    return load_view_data()["payload"]["dates"].index(DATE)


def test_a_step_paints_the_fills_first_and_the_names_of_the_day_after(page, live_server):
    page.goto(f"{live_server.url}/?date={DATE}")
    wait_ready(page)
    day = expected_day()
    names_of = "() => document.querySelector('#map .js-plotly-plot').__frontlineNames"
    page.wait_for_function(f"() => ({names_of})().startsWith('{day}|')")
    # In the keydown's own task the fills change and the names are still the old day's;
    # they follow once that frame is painted.
    during = page.evaluate(
        """() => new Promise((resolve) => {
          const gd = document.querySelector('#map .js-plotly-plot');
          const thumb = document.querySelector('#date-slider [role=slider]');
          thumb.focus();
          thumb.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
          resolve([gd.dataset.day, gd.__frontlineNames.split('|')[0]]);
        })"""
    )
    assert during == [str(day + 1), str(day)]
    page.wait_for_function(f"() => ({names_of})().startsWith('{day + 1}|')", timeout=5000)
