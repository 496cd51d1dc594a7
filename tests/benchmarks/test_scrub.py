"""Scrubbing: slider keypress to repainted map, the dashboard against a naive server-side app.

The latency of one step runs from the ``keydown`` (``performance.now()`` in a capture
listener) to the next animation frame after the map changed: the first mutation batch in
which the map's paths were restyled (or plotly finished a plot) *and* the map shows the new
day (``gd.dataset.day`` on the dashboard, ``layout.meta.day`` on the naive app), then
``requestAnimationFrame``. A ``MessageChannel`` message after that frame gives the time with
the paint. Plotly calls and the dashboard's ``render`` are wrapped to say where the time
goes.

The naive alternative is a throwaway Dash app (:func:`naive_app`): the same map figure
(``dashboard.figures.map_figure``) returned whole by a server callback on every slider
change, served from this process. Both run in the same session on the same browser.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.benchmarks.conftest import off_loopback, watch_requests
from tests.benchmarks.report import Results, median, p95

STEPS = 60
SETTLE_MS = 50  # quiet time after each step, so steps never overlap
WARM_UP = 4
PROFILED_STEPS = 8
MEDIAN_TARGET_MS = 20.0
P95_TARGET_MS = 40.0

INSTRUMENT_JS = """(mode) => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const B = window.__scrub = {pending: null, armed: null, records: []};
  const dayOf = mode === 'dashboard'
    ? () => gd.dataset.day
    : () => (gd.layout && gd.layout.meta ? String(gd.layout.meta.day) : undefined);
  const finish = (a) => {
    B.armed = null;
    a.tChanged = performance.now();
    requestAnimationFrame(() => {
      a.tFrame = performance.now();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { a.tPaint = performance.now(); B.records.push(a); };
      channel.port2.postMessage(0);
    });
  };
  // The naive app must have redrawn; the dashboard may skip a redraw when the day looks the
  // same as the one shown (then the map is already right when it says so).
  const check = () => {
    const a = B.armed;
    const drawn = a && (mode === 'dashboard' || a.paths > 0 || a.afterplot > 0);
    if (drawn && dayOf() === String(a.target)) finish(a);
  };
  const isPath = (n) => n.nodeType === 1 && (n.classList.contains('choroplethlocation')
    || !!n.querySelector('.choroplethlocation'));
  new MutationObserver((list) => {
    const a = B.armed;
    if (!a) return;
    for (const m of list) {
      if (m.type === 'attributes' && m.target.classList.contains('choroplethlocation')) a.paths++;
      if (m.type === 'childList') for (const n of m.addedNodes) if (isPath(n)) a.paths++;
    }
    check();
  }).observe(gd, {subtree: true, childList: true, attributes: true,
                  attributeFilter: ['style', 'data-day']});
  gd.on('plotly_afterplot', () => { if (B.armed) { B.armed.afterplot++; check(); } });
  const wrap = (owner, name, key) => {
    const original = owner[name];
    owner[name] = function () {
      const a = B.armed, t0 = performance.now();
      const out = original.apply(this, arguments);
      if (a) {
        a[key] = (a[key] || 0) + performance.now() - t0;
        if (a[key + 'Start'] === undefined) a[key + 'Start'] = t0;
      }
      return out;
    };
  };
  wrap(window.Plotly, 'restyle', 'restyle');
  wrap(window.Plotly, 'relayout', 'relayout');
  wrap(window.Plotly, 'react', 'react');
  const fl = window.dash_clientside && window.dash_clientside.frontline;
  if (fl && fl.render) wrap(fl, 'render', 'render');
  window.addEventListener('keydown', () => {
    if (B.pending === null) return;
    B.armed = {target: B.pending, tKey: performance.now(), paths: 0, afterplot: 0};
    B.pending = null;
  }, true);
  return true;
}"""


def _steps(days: int) -> list[tuple[str, int]]:
    """Right from the first day for up to :data:`STEPS` / 2 days, then back: STEPS steps."""
    far = min(days - 1, STEPS // 2)
    forward = [("ArrowRight", d) for d in range(1, far + 1)]
    back = [("ArrowLeft", d) for d in range(far - 1, -1, -1)]
    return forward + back


def _ready(page) -> None:
    page.wait_for_selector("#map .choroplethlocation", timeout=60_000)
    page.wait_for_function(
        "() => { const gd = document.querySelector('#map .js-plotly-plot');"
        " return gd && gd._fullLayout && window.Plotly; }",
        timeout=60_000,
    )


def _scrub(page, mode: str, steps: list[tuple[str, int]]) -> tuple[list[dict], list[str]]:
    """Press every key of ``steps`` on the slider thumb; the timing records and the URLs asked."""
    assert page.evaluate(INSTRUMENT_JS, mode)
    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    warm = [("ArrowRight", d) for d in range(1, 1 + WARM_UP // 2)]
    warm += [("ArrowLeft", d) for d in range(WARM_UP // 2 - 1, -1, -1)]
    urls: list[str] = []
    for i, (key, target) in enumerate(warm + steps):
        if i == len(warm):
            urls = watch_requests(page)
        page.evaluate("d => { window.__scrub.pending = d; }", target)
        page.keyboard.press(key)
        page.wait_for_function(
            "n => window.__scrub.records.length >= n", arg=i + 1, timeout=20_000, polling=5
        )
        page.wait_for_timeout(SETTLE_MS)
    records = page.evaluate("() => window.__scrub.records")[len(warm) :]
    return records, urls


# ------------------------------------------------------------------ the naive alternative


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


def naive_app(view):
    """A Dash app that rebuilds and sends the whole map figure on every slider change."""
    from dash import Dash, Input, Output, dcc, html

    from dashboard.figures import map_figure
    from dashboard.layout import slider_marks
    from dashboard.vendor import ASSETS_DIR

    payload = view["payload"]

    def figure(day: int):
        fig = map_figure(payload, view["geojson"], view["landmarks"], day=day)
        return fig.update_layout(meta={"day": day})

    app = Dash(__name__, assets_folder=str(ASSETS_DIR / "topojson"), serve_locally=True)
    app.layout = html.Div(
        [
            dcc.Slider(
                id="date-slider",
                min=0,
                max=len(payload["dates"]) - 1,
                step=1,
                value=0,
                marks=slider_marks(payload),
                updatemode="drag",
            ),
            dcc.Graph(
                id="map",
                figure=figure(0),
                config={"topojsonURL": app.get_asset_url("")},
                style={"height": "700px"},
            ),
        ]
    )

    @app.callback(Output("map", "figure"), Input("date-slider", "value"), prevent_initial_call=True)
    def _whole_figure(day: int):
        return figure(day)

    return app


def _thread_server(wsgi_app) -> tuple[str, object, threading.Thread]:
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server, thread


@pytest.fixture(scope="module")
def local_servers(view) -> Iterator[dict[str, str]]:
    """The naive app, served from this process."""
    started = {"naive": _thread_server(naive_app(view).server)}
    yield {n: url for n, (url, _, _) in started.items()}
    for _, server, thread in started.values():
        server.shutdown()
        thread.join(timeout=5)


# ------------------------------------------------------------------ the benchmark


def _latencies(records: list[dict]) -> dict[str, list[float]]:
    return {
        "frame": [r["tFrame"] - r["tKey"] for r in records],
        "paint": [r["tPaint"] - r["tKey"] for r in records],
    }


def _breakdown(records: list[dict]) -> list[float]:
    def column(fn) -> float:
        values = [v for v in map(fn, records) if v is not None]
        return median(values) if values else float("nan")

    return [
        column(lambda r: r["renderStart"] - r["tKey"] if "renderStart" in r else None),
        column(lambda r: r.get("render")),
        column(lambda r: r.get("restyle", 0.0)),
        column(lambda r: r.get("relayout", 0.0)),
        column(lambda r: r.get("react", 0.0)),
        column(lambda r: r["tChanged"] - r["tKey"]),
        column(lambda r: r["tFrame"] - r["tKey"]),
        column(lambda r: r["tPaint"] - r["tKey"]),
    ]


STAGES = [
    "keydown to render() called (Radix slider + Dash dispatch)",
    "render() in all (the dashboard's clientside callback)",
    "  of which Plotly.restyle (map)",
    "  of which Plotly.relayout (area-chart marker)",
    "Plotly.react (naive: the whole new figure)",
    "keydown to the map showing the day (task done)",
    "keydown to the next frame (the measure)",
    "keydown to after that frame's paint",
]


def _open(context, url: str, *, dashboard: bool):
    page = context.new_page()
    page.goto(url)
    _ready(page)
    if dashboard:
        page.wait_for_function(
            "() => document.querySelector('#map .js-plotly-plot').dataset.day !== undefined",
            timeout=60_000,
        )
    page.wait_for_timeout(500)
    return page


def _profile(context, page, steps: int) -> dict[str, float]:
    """Milliseconds of main-thread time by script over ``steps`` more steps (CDP sampling)."""
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    cdp.send("Profiler.start")
    for d in range(1, steps + 1):
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "d => document.querySelector('#map .js-plotly-plot').dataset.day === String(d)",
            arg=d,
            timeout=20_000,
        )
        page.wait_for_timeout(SETTLE_MS)
    profile = cdp.send("Profiler.stop")["profile"]
    cdp.detach()
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    by_script: dict[str, float] = {}
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]
        url = frame["url"].split("?")[0].rsplit("/", 1)[-1]
        if url:
            name = url.split(".v")[0].split("@")[0]
        else:
            special = frame["functionName"].startswith("(")
            name = frame["functionName"] if special else "(browser built-ins: DOM, style)"
        by_script[name] = by_script.get(name, 0.0) + delta / 1000 / steps
    return by_script


def test_scrub(results: Results, browser, dashboard_server, local_servers, view) -> None:
    steps = _steps(len(view["payload"]["dates"]))
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = _open(context, dashboard_server.url, dashboard=True)
        fast, fast_urls = _scrub(page, "dashboard", steps)
        profile = _profile(context, page, PROFILED_STEPS)
        page.close()
        page = _open(context, local_servers["naive"], dashboard=False)
        slow, slow_urls = _scrub(page, "naive", steps)
    finally:
        context.close()

    assert len(fast) == len(slow) == len(steps)
    assert off_loopback(fast_urls + slow_urls) == []
    fast_ms, slow_ms = _latencies(fast), _latencies(slow)
    updates = [u for u in slow_urls if "_dash-update-component" in u]
    results.add(
        "Scrub",
        "keypress to repainted map, median",
        median(fast_ms["frame"]),
        "ms",
        MEDIAN_TARGET_MS,
        f"{len(steps)} steps, {sum(r['paths'] > 0 for r in fast)} of them repainted paths; "
        f"with the paint {median(fast_ms['paint']):.0f} ms",
    )
    results.add(
        "Scrub",
        "keypress to repainted map, p95",
        p95(fast_ms["frame"]),
        "ms",
        P95_TARGET_MS,
        f"worst {max(fast_ms['frame']):.0f} ms; with the paint p95 {p95(fast_ms['paint']):.0f} ms",
    )
    results.add(
        "Scrub",
        "server requests per step",
        len(fast_urls) / len(steps),
        "",
        0,
        f"{len(fast_urls)} requests in {len(steps)} steps",
    )
    results.add(
        "Scrub",
        "naive server callback (whole figure), median",
        median(slow_ms["frame"]),
        "ms",
        None,
        f"p95 {p95(slow_ms['frame']):.0f} ms; {len(updates) / len(steps):.1f} requests per step",
    )
    results.add(
        "Scrub",
        "naive / dashboard, median latency",
        median(slow_ms["frame"]) / median(fast_ms["frame"]),
        "x",
        None,
        "both measured in this session, same browser",
    )
    columns = [_breakdown(fast), _breakdown(slow)]
    results.table(
        "Scrub: where a step's time goes (medians, ms)",
        ["Stage", "dashboard", "naive app"],
        [[stage, *(col[i] for col in columns)] for i, stage in enumerate(STAGES)],
    )
    total = sum(profile.values())
    results.table(
        f"Scrub: main-thread time per step by script (CDP sampling profile, {PROFILED_STEPS} "
        "steps on the dashboard)",
        ["Script", "ms per step", "share"],
        [
            [name, ms, f"{100 * ms / total:.0f}%"]
            for name, ms in sorted(profile.items(), key=lambda kv: -kv[1])
            if ms >= 0.5
        ],
    )
