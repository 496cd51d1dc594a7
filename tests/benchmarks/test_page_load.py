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


# --- first paint (issue 20): navigation to the requested day's map, before and after ------

FIRST_PAINT_TARGET_S = 0.3
FIRST_DATE = "2016-12-06"
# The first animation frame in which a map of the districts is on screen: the server's
# first paint (#first-paint, dashboard/firstpaint.py) or plotly's map once it shows a day
# (the dashboard hides plotly's map until the link's day is drawn; the embed draws the
# link's moment at once), with the fills it shows then. Then the frame the page is
# interactive in (the dashboard: plotly's map with a day; the embed: body[data-ready]).
FIRST_JS = """
window.__first = null; window.__inter = null;
(function () {
  const fillsOf = (paths, key) => {
    const o = {}; for (const p of paths) o[key(p)] = getComputedStyle(p).fill; return o; };
  const look = (t) => {
    if (!window.__first) {
      const copy = document.querySelector('#first-paint svg.fp-svg');
      const gd = document.querySelector('#map .js-plotly-plot[data-day]');
      const embed = document.querySelector('#frontline-map .choroplethlocation');
      if (copy && copy.getBoundingClientRect().width > 0) {
        window.__first = {kind: 'copy', t: performance.now(),
          fills: fillsOf(copy.querySelectorAll('path[data-id]'), (p) => p.dataset.id)};
      } else if (gd || embed) {
        const root = gd || document.getElementById('frontline-map');
        window.__first = {kind: 'plotly', t: performance.now(),
          fills: fillsOf(root.querySelectorAll('.choroplethlocation'), (p) => p.__data__.loc)};
      }
    }
    if (!window.__inter) {
      const gd = document.querySelector('#map .js-plotly-plot[data-day]');
      const ready = document.body && document.body.dataset.ready === '1';
      if ((gd && gd.querySelector('.choroplethlocation') && !document.getElementById('first-paint'))
          || ready) window.__inter = performance.now();
    }
    if (!window.__first || !window.__inter) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


def _expected_fills(view) -> dict[str, str]:
    """The requested day's fills as the browser paints them (rgb() strings)."""
    from dashboard.firstpaint import day_fills, read_view

    payload = view["payload"]
    day = read_view(payload, {"date": FIRST_DATE}).day
    fills = day_fills(payload, day, payload["map"]["default_palette"])
    return {
        d: "rgb({}, {}, {})".format(*bytes.fromhex(c[1:])) for d, c in zip(payload["ids"], fills)
    }


def _first_load(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(FIRST_JS)
        urls = watch_requests(page)
        page.goto(url, wait_until="commit")
        deadline = time.monotonic() + 90
        while not page.evaluate("() => !!(window.__first && window.__inter)"):
            assert time.monotonic() < deadline, f"no map: {url}"
            page.wait_for_timeout(50)
        first = page.evaluate("() => window.__first")
        inter = page.evaluate("() => window.__inter")
        entries = page.evaluate(ENTRIES_JS)
    finally:
        context.close()
    before = sum(e["encoded"] for e in entries if e["end"] <= first["t"])
    # What the first paint needs: the document and its style sheets (the server's first
    # paint is in the document; plotly's map needs every script and the payload too).
    needed = entries[0]["encoded"] + sum(
        e["encoded"] for e in entries[1:] if e["name"].split("?")[0].endswith(".css")
    )
    if first["kind"] == "plotly":
        needed = before
    return {
        "first_s": first["t"] / 1000,
        "kind": first["kind"],
        "fills": first["fills"],
        "interactive_s": inter / 1000,
        "bytes_before": before,
        "bytes_needed": needed,
        "urls": urls,
    }


def test_first_paint(results: Results, browser, dashboard_server, serve_base, view) -> None:
    """Navigation to the first paint of the requested day's map for / and /embed, and to an
    interactive page, on this branch and (with FRONTLINE_BENCH_BASE, a checkout of the code
    to compare with) on the base, loads interleaved so both see the same machine."""
    expected = _expected_fills(view)
    servers = {"after": dashboard_server}
    if serve_base is not None:
        servers["before"] = serve_base
    paths = {"/": f"/?date={FIRST_DATE}", "/embed": f"/embed?date={FIRST_DATE}"}
    runs: dict[tuple[str, str], list[dict]] = {(s, p): [] for s in servers for p in paths}
    for server in servers.values():
        for query in paths.values():
            _first_load(browser, server.url + query)  # warm-up
    for _ in range(RUNS):
        for (name, path), out in runs.items():
            out.append(_first_load(browser, servers[name].url + paths[path]))
    for (name, path), out in runs.items():
        for run in out:
            assert off_loopback(run["urls"]) == []
        right = sum(run["fills"] == expected for run in out)
        firsts = [r["first_s"] for r in out]
        results.add(
            "First paint",
            f"{path} ({name}): navigation to the requested day's map",
            median(firsts),
            "s",
            FIRST_PAINT_TARGET_S,
            f"{RUNS} cold loads: {', '.join(f'{t:.2f}' for t in firsts)} s; drawn by "
            f"{out[0]['kind']}; first fills = the day's in {right} of {RUNS}",
        )
        results.add(
            "First paint",
            f"{path} ({name}): navigation to interactive",
            median([r["interactive_s"] for r in out]),
            "s",
            INTERACTIVE_TARGET_S,
            ", ".join(f"{r['interactive_s']:.2f}" for r in out) + " s",
        )
        results.add(
            "First paint",
            f"{path} ({name}): bytes the first paint needs",
            median([r["bytes_needed"] for r in out]) / 1e3,
            "kB",
            None,
            "compressed bodies: the document and its style sheets (for plotly's map, every "
            "response complete by then); on loopback "
            f"{median([r['bytes_before'] for r in out]) / 1e3:.0f} kB had arrived by then",
        )
        if name == "after":
            assert right == RUNS, f"{path}: a first paint showed other fills"
