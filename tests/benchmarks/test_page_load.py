"""Page load on loopback: navigation start to an interactive map, and the bytes transferred.

Each run opens the dashboard from ``frontline serve --workers 2`` in a fresh browser
context (empty HTTP cache). An init script watches the document: the map counts as
interactive at the first animation frame after both (a) the first ``.choroplethlocation``
path exists and (b) the clientside code has rendered a day (``gd.dataset.day`` set), so the
payload is in the page. ``performance.now()`` counts from navigation start. Bytes are the
sum of the encoded (compressed) bodies of the document and every resource the Performance
API lists once the network is idle, cross-checked with CDP's ``Network.loadingFinished``
(which also counts headers).
"""

from __future__ import annotations

import time

from tests.benchmarks.conftest import off_loopback, watch_requests
from tests.benchmarks.report import Results, median

RUNS = 5
INTERACTIVE_TARGET_S = 1.5
BYTES_TARGET_MB = 2.0  # 2,000,000 bytes

WATCH_JS = """
window.__load = {};
(function () {
  const L = window.__load;
  const mark = (key) => { L[key + 'Seen'] = performance.now();
    requestAnimationFrame(() => { L[key] = performance.now(); }); };
  const observer = new MutationObserver(() => {
    if (!L.pathsSeen && document.querySelector('#map .choroplethlocation')) mark('paths');
    const gd = document.querySelector('#map .js-plotly-plot');
    if (!L.readySeen && gd && gd.dataset.day !== undefined) mark('ready');
    if (L.pathsSeen && L.readySeen) observer.disconnect();
  });
  observer.observe(document, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ['data-day']});
})();
"""

STATE_JS = """() => ({load: window.__load,
  day: (document.querySelector('#map .js-plotly-plot') || {dataset: {}}).dataset.day,
  paths: document.querySelectorAll('#map .choroplethlocation').length})"""

ENTRIES_JS = """() => {
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.map(e => ({name: e.name, encoded: e.encodedBodySize,
    decoded: e.decodedBodySize, transfer: e.transferSize,
    start: e.startTime, end: e.responseEnd}));
}"""


def _one_load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(WATCH_JS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        wire: list[float] = []
        cdp.on("Network.loadingFinished", lambda e: wire.append(e["encodedDataLength"]))
        urls = watch_requests(page)
        page.goto(url)
        deadline = time.monotonic() + 90
        while not page.evaluate("() => !!(window.__load.paths && window.__load.ready)"):
            assert time.monotonic() < deadline, f"no interactive map: {page.evaluate(STATE_JS)}"
            page.wait_for_timeout(50)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        marks = page.evaluate("() => window.__load")
        entries = page.evaluate(ENTRIES_JS)
    finally:
        context.close()
    return {
        "interactive_s": max(marks["paths"], marks["ready"]) / 1000,
        "paths_s": marks["paths"] / 1000,
        "ready_s": marks["ready"] / 1000,
        "encoded": sum(e["encoded"] for e in entries),
        "decoded": sum(e["decoded"] for e in entries),
        "wire": sum(wire),
        "entries": entries,
        "urls": urls,
    }


def test_page_load(results: Results, browser, dashboard_server) -> None:
    _one_load(browser, dashboard_server.url)  # warm-up: the server's first requests
    runs = [_one_load(browser, dashboard_server.url) for _ in range(RUNS)]
    for run in runs:
        assert off_loopback(run["urls"]) == []
    times = [r["interactive_s"] for r in runs]
    typical = sorted(runs, key=lambda r: r["interactive_s"])[RUNS // 2]
    results.add(
        "Page load",
        "navigation start to interactive map",
        median([r["interactive_s"] for r in runs]),
        "s",
        INTERACTIVE_TARGET_S,
        f"{RUNS} cold loads: {', '.join(f'{t:.2f}' for t in times)} s; first "
        f"path {median([r['paths_s'] for r in runs]):.2f} s, day rendered "
        f"{median([r['ready_s'] for r in runs]):.2f} s",
    )
    results.add(
        "Page load",
        "bytes transferred (compressed bodies)",
        median([r["encoded"] for r in runs]) / 1e6,
        "MB",
        BYTES_TARGET_MB,
        f"{len(typical['entries'])} responses; "
        f"{median([r['decoded'] for r in runs]) / 1e6:.1f} MB uncompressed; "
        f"CDP wire bytes with headers {median([r['wire'] for r in runs]) / 1e6:.2f} MB",
    )
    biggest = sorted(typical["entries"], key=lambda e: -e["encoded"])[:6]
    results.table(
        "Page load: the largest responses of the median run (times from navigation start)",
        ["Response", "sent kB", "uncompressed kB", "start ms", "end ms"],
        [
            [
                e["name"].split("?")[0].replace(dashboard_server.url, "") or "/",
                e["encoded"] / 1e3,
                e["decoded"] / 1e3,
                e["start"],
                e["end"],
            ]
            for e in biggest
        ],
    )
