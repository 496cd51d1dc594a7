"""Playback at 4 days per second through the whole battle, in headless Chromium.

``#speed`` is set to 4 day/s and ``#play`` pressed on the first day. A MutationObserver on
the map records every day (``data-day``) and interpolated frame (``data-frame``, when the
payload has them) the map shows, with its time; a ``requestAnimationFrame`` loop records
every browser frame; ``Plotly.restyle`` is wrapped to time each map update. A day is
dropped if the map never shows it. The frame budget is the time one drawn frame has at this
speed: 1000 / (4 days/s x frames per day) ms.
"""

from __future__ import annotations

import itertools

from tests.benchmarks.conftest import off_loopback, watch_requests
from tests.benchmarks.report import Results, median, p95
from tests.browser.helpers import KEEP_STATE

SPEED = 4  # days per second

RECORD_JS = """async () => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const P = window.__play = {events: [], frames: [], restyle: [], on: true};
  new MutationObserver(() => {
    P.events.push({t: performance.now(), day: gd.dataset.day, frame: gd.dataset.frame});
  }).observe(gd, {attributes: true, attributeFilter: ['data-day', 'data-frame']});
  const tick = (t) => { P.frames.push(t); if (P.on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const restyle = window.Plotly.restyle;
  window.Plotly.restyle = function () {
    const t0 = performance.now();
    const out = restyle.apply(this, arguments);
    P.restyle.push(performance.now() - t0);
    return out;
  };
  const state = window.__testPageState || {};
  const payload = state.payload || {};
  return {days: (payload.dates || []).length,
          perDay: payload.frames ? (payload.per_day || 1) : 1};
}"""


def _choose_speed(page) -> None:
    page.click("#speed")
    page.click(f"[role=option]:has(input[value='{SPEED}'])")
    page.wait_for_function(
        "s => document.querySelector('#speed').textContent.trim().startsWith(String(s))",
        arg=SPEED,
        timeout=10_000,
    )


def test_playback_at_four_days_per_second(results: Results, browser, dashboard_server) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(KEEP_STATE)
        page.goto(dashboard_server.url)
        page.wait_for_function(
            "() => { const gd = document.querySelector('#map .js-plotly-plot');"
            " return gd && gd.dataset.day === '0' && gd.dataset.palette; }",
            timeout=60_000,
        )
        _choose_speed(page)
        page.wait_for_timeout(300)
        info = page.evaluate(RECORD_JS)
        last = info["days"] - 1
        urls = watch_requests(page)
        started = page.evaluate("() => performance.now()")
        page.click("#play")
        pressed = "() => document.querySelector('#play').getAttribute('aria-pressed')"
        page.wait_for_function(f"() => ({pressed})() === 'true'", timeout=10_000)
        # The player stops by itself at the last day (or earlier, which counts as dropped days).
        page.wait_for_function(
            f"() => ({pressed})() !== 'true'", timeout=30_000 + 4000 * last // SPEED, polling=100
        )
        page.wait_for_timeout(300)
        record = page.evaluate("() => { window.__play.on = false; return window.__play; }")
    finally:
        context.close()

    per_day = info["perDay"]
    events = record["events"]
    shown_days = [0] + [int(e["day"]) for e in events if e["day"] is not None]
    dropped = sorted(set(range(last + 1)) - set(shown_days))
    stopped_at = max(shown_days)
    first_seen = {}
    for e in events:
        first_seen.setdefault(int(e["day"]), e["t"])
    day_gaps = [first_seen[d] - first_seen[d - 1] for d in range(2, last + 1) if d in first_seen]
    drawn = {int(e["frame"]) for e in events if e.get("frame") not in (None, "")}
    expected_frames = last * per_day + 1
    frames = [t for t in record["frames"] if t >= started]
    frame_ms = [b - a for a, b in itertools.pairwise(frames)]
    budget = 1000 / (SPEED * per_day)
    duration = (first_seen.get(last, float("nan")) - started) / 1000
    assert off_loopback(urls) == []
    results.add(
        "Playback",
        f"days dropped at {SPEED} days/s",
        len(dropped),
        "",
        0,
        f"{last + 1 - len(dropped)} of {last + 1} days shown (stopped on day {stopped_at}); "
        f"first to last day in "
        f"{duration:.1f} s (nominal {last / SPEED:.2f} s); {len(urls)} requests",
    )
    if per_day > 1:
        results.add(
            "Playback",
            "interpolated frames drawn",
            len(drawn | {0}),
            "",
            None,
            f"of {expected_frames} ({per_day} a day); playback skips frames when one is late",
        )
    results.add(
        "Playback",
        "browser frame time while playing, p95",
        p95(frame_ms),
        "ms",
        budget,
        f"budget {budget:.1f} ms = one drawn frame at {SPEED} days/s x {per_day}/day; median "
        f"{median(frame_ms):.1f} ms, worst {max(frame_ms, default=float('nan')):.0f} ms",
    )
    results.add(
        "Playback",
        "Plotly.restyle per drawn frame, median",
        median(record["restyle"]),
        "ms",
        None,
        f"p95 {p95(record['restyle']):.0f} ms over {len(record['restyle'])} calls; day-to-day "
        f"interval median {median(day_gaps):.0f} ms (nominal {1000 / SPEED:.0f})",
    )
