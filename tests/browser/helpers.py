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
