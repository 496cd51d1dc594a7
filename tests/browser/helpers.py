"""Small page helpers shared by the browser tests."""

from __future__ import annotations

import re

FILLS_JS = """() => Object.fromEntries(
  Array.from(document.querySelectorAll('#map .choroplethlocation'))
    .map(p => [p.__data__.loc, getComputedStyle(p).fill]))"""


def hex_to_rgb(colour: str) -> str:
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def wait_ready(page) -> None:
    """Wait until the map is drawn and the clientside code has rendered the first day."""
    page.wait_for_selector("#map .choroplethlocation", timeout=30_000)
    page.wait_for_function(
        "() => { const gd = document.querySelector('#map .js-plotly-plot');"
        " return gd && gd.dataset.day !== undefined; }",
        timeout=30_000,
    )


# Added to every test page (tests/browser/conftest.py): keeps the page state the dashboard
# hands over when it starts, for tests that read it.
KEEP_STATE = (
    "document.addEventListener('frontline:ready', (e) => { window.__testPageState = e.detail; });"
)


def page_state(page, expression: str):
    """Evaluate ``expression`` about the dashboard's page state (``s``: the object of
    ``assets/js/state.mjs`` that the page runs, as the event "frontline:ready" hands it over;
    :data:`KEEP_STATE`, an init script of every browser test's page, keeps it)."""
    return page.evaluate(f"() => {{ const s = window.__testPageState; return ({expression}); }}")


def wait_state(page, expression: str, timeout_ms: int = 10_000):
    """Wait until ``expression`` about the page state (see :func:`page_state`) is truthy."""
    for _ in range(timeout_ms // 50):
        value = page_state(page, expression)
        if value:
            return value
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def shown_day(page) -> int:
    return int(page.evaluate("() => document.querySelector('#map .js-plotly-plot').dataset.day"))


def wait_day(page, day: int) -> None:
    page.wait_for_function(
        "d => document.querySelector('#map .js-plotly-plot').dataset.day === String(d)",
        arg=day,
        timeout=10_000,
    )


def fills(page) -> dict[str, str]:
    return page.evaluate(FILLS_JS)


def query_of(url: str) -> dict[str, str]:
    return dict(re.findall(r"[?&]([^=&]+)=([^&]*)", url))


# The point of a district nearest its middle that is inside it and clear (by 8 px) of every
# element matching ``avoid`` (landmark markers, names on the map), in page pixels.
_DISTRICT_POINT_JS = """([d, avoid]) => {
  const p = [...document.querySelectorAll('#map .choroplethlocation')]
    .find(p => p.__data__.loc === d);
  const boxes = [...document.querySelectorAll(avoid)].map(m => m.getBoundingClientRect());
  const b = p.getBBox(); const m = p.getScreenCTM(); let best = null;
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const pt = new DOMPoint(b.x + b.width * i / 20, b.y + b.height * j / 20);
    if (!p.isPointInFill(pt)) continue;
    const s = pt.matrixTransform(m);
    if (boxes.some(r => s.x > r.left - 8 && s.x < r.right + 8 && s.y > r.top - 8
        && s.y < r.bottom + 8)) continue;
    const off = Math.hypot(i - 10, j - 10);
    if (!best || off < best[2]) best = [s.x, s.y, off];
  }
  return best.slice(0, 2); }"""


def district_point(page, district: str, avoid: str = "#map .scattergeo .point") -> list[float]:
    """Where to point at ``district`` on the map: inside it, nearest its middle, away from
    the elements matching ``avoid`` (by default the landmark markers)."""
    return page.evaluate(_DISTRICT_POINT_JS, [district, avoid])
