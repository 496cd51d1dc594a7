"""The dashboard, ``/embed`` and the standalone HTML export play alike.

All three play with the engine of ``assets/js/playback.mjs``. This plays the mini scenario
(tests/fixtures/mini: five days, four moments a day) in each, from its third day at 4 days a
second with Loop on, records every moment the map is drawn at (the plot's ``data-frame``)
and when, and checks that the three walk the same row of moments in the same order: on to
the last day, the last day held on screen for a day's time, then the first day again.

The engine draws every moment when painting keeps up, and when it falls behind (a loaded
machine) it drops moments but never a day. So each page must show the moments of one
expected row, in its order, with every day's first moment and some moments between days;
only a dropped moment may differ from page to page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.export import export_html
from dashboard.viewdata import load_view_data

from .conftest import LiveServer
from .helpers import wait_ready

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
PER_DAY = 4
START_DAY = 2
# Every moment after the start, the last day's, then the first day's and the second's.
WANT = [*range(START_DAY * PER_DAY + 1, 4 * PER_DAY + 1), *range(PER_DAY + 1)]
DAY_MS = 250  # one day's time at 4 days a second
RECORD = (
    "window.__shown = []; new MutationObserver(ms => ms.forEach(m => window.__shown.push("
    "[Number(m.target.dataset.frame), performance.now()]))).observe(document, {subtree: true, "
    "attributes: true, attributeFilter: ['data-frame']});"
)


@pytest.fixture(scope="module")
def mini_server():
    """The dashboard of the mini scenario (with its /embed) on loopback."""
    server = LiveServer(create_app(MINI).server).start()
    yield server
    server.stop()


def _played(page) -> list[list[float]]:
    """``[moment, ms]`` of each moment drawn after the start day's, up to the second day's
    first moment after the loop."""
    start = START_DAY * PER_DAY
    page.wait_for_function(
        f"() => {{ const f = window.__shown.map(s => s[0]); const i = f.lastIndexOf({start});"
        f" const j = f.indexOf(0, i); return i >= 0 && j > i && f.indexOf({PER_DAY}, j) > j; }}",
        timeout=20_000,
    )
    shown = page.evaluate("() => window.__shown")
    first = max(i for i, (f, _t) in enumerate(shown) if f == start)
    end = next(i for i, (f, _t) in enumerate(shown) if i > first and f == PER_DAY)
    return [[int(f), t] for f, t in shown[first + 1 : end + 1]]


def _check(shown: list[list[float]], where: str) -> None:
    """Check one page's moments (and their times) against the expected row."""
    moments = [f for f, _t in shown]
    rest = iter(WANT)
    assert all(f in rest for f in moments), (where, moments)  # WANT's moments, in its order
    days = [f for f in WANT if f % PER_DAY == 0]
    assert [f for f in moments if f % PER_DAY == 0] == days, (where, moments)  # no day skipped
    assert any(f % PER_DAY for f in moments), (where, moments)  # moments between days drawn
    # 4 days a second: a day takes a quarter of a second (a page may be late, never early).
    day_before, last = moments.index(3 * PER_DAY), moments.index(4 * PER_DAY)
    assert shown[last][1] - shown[day_before][1] >= DAY_MS * 0.6, (where, shown)
    # The last day stays on screen for about a day's time, then the first day comes back.
    back = moments.index(0)
    assert back == last + 1, (where, moments)
    held = shown[back][1] - shown[last][1]
    assert held >= DAY_MS * 0.6, (where, held)


def test_dashboard_embed_and_export_play_the_same_moments(page, mini_server, tmp_path):
    date = load_view_data(MINI)["payload"]["dates"][START_DAY]
    page.add_init_script(RECORD)

    # The exported file is opened from disk: let file: through (the page fixture's guard,
    # asked next, keeps every other request on loopback).
    def local_file(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.fallback()

    page.route("**/*", local_file)

    page.goto(f"{mini_server.url}/embed?date={date}&autoplay=1&speed=4&loop=1")
    embed = _played(page)

    out = tmp_path / "mini.html"
    export_html(load_view_data(MINI), out, per_day=PER_DAY)
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    page.get_by_role("slider", name="Date").fill(str(START_DAY))
    page.select_option("#speed", "4")
    page.get_by_label("Loop").check()
    page.click("#play")
    standalone = _played(page)

    page.goto(f"{mini_server.url}/?date={date}")
    wait_ready(page)
    page.locator("#speed").click()
    page.get_by_role("option", name="4 day/s").click()
    page.get_by_label("Loop").check()
    page.click("#play")
    dashboard = _played(page)

    _check(embed, "embed")
    _check(standalone, "standalone export")
    _check(dashboard, "dashboard")
