"""Scale: synthetic battles of 1,000, 5,000 and 10,000 districts over 365 days.

Each size is built in a fresh subprocess (``python -m tests.benchmarks.scale``) so its peak
memory (``ru_maxrss``) is its own. The 10,000-district size is the target and runs
:data:`RUNS_10K` times (median); the smaller sizes once, to show how time and memory grow.
The last test draws the 10,000-district map in Chromium once (plotly's geo choropleth, the
dashboard's map figure) and times the first paint and one day change.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.conftest import REPO
from tests.benchmarks.report import Results, median

SIZES = (1_000, 5_000, 10_000)
DAYS = 365
RUNS_10K = 2
BUILD_TARGET_S = 30.0
MEMORY_TARGET_MB = 2048.0
FRONT_TARGET_MS = 50.0


def _measure(n: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.scale",
            "--districts",
            str(n),
            "--days",
            str(DAYS),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _median_run(runs: list[dict]) -> dict:
    """The run with the median build time (so its columns belong together)."""
    ordered = sorted(runs, key=lambda r: r["build_s"])
    return ordered[len(ordered) // 2]


def test_scale_build(results: Results) -> None:
    by_size = {}
    for n in SIZES:
        runs = [_measure(n) for _ in range(RUNS_10K if n == SIZES[-1] else 1)]
        by_size[n] = (runs, _median_run(runs))
    runs, big = by_size[SIZES[-1]]
    builds = ", ".join(f"{r['build_s']:.1f}" for r in runs)
    results.add(
        "Scale",
        f"{SIZES[-1]:,} districts x {DAYS} days: adjacency, daily table, fronts, stats",
        median([r["build_s"] for r in runs]),
        "s",
        BUILD_TARGET_S,
        f"runs {builds} s; {big['control_rows']:,} control rows "
        f"({big['changes_per_day_pct']:.1f}% of districts change a day), "
        f"{big['daily_rows']:,} daily rows",
    )
    results.add(
        "Scale",
        f"{SIZES[-1]:,} districts: peak memory (whole process)",
        max(r["peak_rss_mb"] for r in runs),
        "MB",
        MEMORY_TARGET_MB,
        f"VmHWM; {big['rss_before_build_mb']:.0f} MB before the build (imports + data)",
    )
    results.add(
        "Scale",
        f"{SIZES[-1]:,} districts: one day's front lines",
        median([r["front_day_median_ms"] for r in runs]),
        "ms",
        FRONT_TARGET_MS,
        f"median of 25 days spread over the year; worst day "
        f"{max(r['front_day_max_ms'] for r in runs):.0f} ms",
    )
    rows = []
    for n in SIZES:
        r = by_size[n][1]
        rows.append(
            [
                f"{n:,}",
                r["adjacency_s"],
                r["daily_s"],
                r["fronts_s"],
                r["areas_s"] + r["stats_s"],
                r["build_s"],
                r["peak_rss_mb"],
                r["peak_rss_mb"] - r["rss_before_build_mb"],
                r["front_day_median_ms"],
                r["front_day_max_ms"],
            ]
        )
    small, large = by_size[SIZES[0]][1], big
    growth = lambda key: math.log(large[key] / small[key]) / math.log(SIZES[-1] / SIZES[0])  # noqa: E731
    rows.append(
        [
            "growth n^k",
            f"k={growth('adjacency_s'):.2f}",
            f"k={growth('daily_s'):.2f}",
            f"k={growth('fronts_s'):.2f}",
            "",
            f"k={growth('build_s'):.2f}",
            "",
            "",
            f"k={growth('front_day_median_ms'):.2f}",
            "",
        ]
    )
    results.table(
        f"Scale: synthetic battles over {DAYS} days (seconds unless said; one subprocess each)",
        [
            "Districts",
            "adjacency",
            "daily table",
            "fronts",
            "areas+stats",
            "total",
            "peak MB",
            "MB added by build",
            "1 front ms",
            "worst front ms",
        ],
        rows,
    )
    assert big["adjacent_pairs"] > 1.9 * SIZES[-1], "the grid's neighbours were not found"


# ------------------------------------------------------------------ 10,000 districts in Chromium

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<script>window.PlotlyGeoAssets = {topojson: {world_110m: EMPTY_TOPOLOGY}};</script>
<script src="plotly.min.js"></script></head>
<body style="margin:0"><div id="map" style="width:1400px;height:900px"></div>
<script>
window.__bench = {};
var fig = FIGURE;
Plotly.newPlot("map", fig.data, fig.layout, {topojsonURL: "./"}).then(function () {
  window.__bench.plotted = performance.now();
  requestAnimationFrame(function () { window.__bench.painted = performance.now(); });
});
</script></body></html>
"""

RESTYLE_JS = """async ([colorscale]) => {
  const gd = document.getElementById('map');
  const t0 = performance.now();
  await Plotly.restyle(gd, {colorscale: [colorscale]}, [0]);
  const sync = performance.now() - t0;
  await new Promise(r => requestAnimationFrame(() => r()));
  return [sync, performance.now() - t0];
}"""

FILL_JS = """async ([fills]) => {
  const paths = document.querySelectorAll('#map .choroplethlocation');
  const t0 = performance.now();
  for (let i = 0; i < paths.length; i++) paths[i].style.fill = fills[i % fills.length];
  await new Promise(r => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}"""


def _synthetic_map(n: int):
    """The dashboard's map figure of a synthetic battle (first two days), and day two's scale."""
    from dashboard.figures import day_style, map_figure
    from dashboard.palettes import FactionStyle
    from dashboard.payload import build_payload
    from geodata.areas import area_km2
    from geodata.display import display_geojson
    from geodata.topology import adjacency
    from tests.benchmarks.scale import battle
    from timeline.build import build_daily
    from timeline.fronts import fronts_by_day
    from timeline.stats import daily_stats

    synthetic = battle(n, 2)
    ids = [str(i) for i in synthetic.districts.index]
    daily = build_daily(synthetic.control, ids, synthetic.start, synthetic.end)
    fronts = fronts_by_day(daily, adjacency(synthetic.districts))
    # The synthetic battle's three share columns, as a scenario.yaml would declare them.
    factions = [
        FactionStyle("government", "Government", "#c8312b"),
        FactionStyle("rebel", "Rebels", "#2f8f3a"),
        FactionStyle("sdf", "SDF", "#e8b923"),
    ]
    payload = build_payload(
        district_ids=ids,
        factions=factions,
        names=list(synthetic.districts["name"]),
        names_ar=list(synthetic.districts["name_ar"]),
        daily=daily,
        events=(),
        sources={},
        stats=daily_stats(daily, area_km2(synthetic.districts), fronts),
        fronts=fronts,
        title="Synthetic",
    )
    geojson = display_geojson(synthetic.districts)
    fig = map_figure(payload, geojson, {"type": "FeatureCollection", "features": []}, day=0)
    day2 = day_style(payload, 1, "conventional")
    return fig, day2["colorscale"], [c for _, c in day2["colorscale"]]


def test_ten_thousand_districts_in_chromium(results: Results, browser, tmp_path: Path) -> None:
    import plotly.io as pio

    from dashboard.vendor import plotly_geo_js

    n = SIZES[-1]
    try:
        fig, colorscale, fills = _synthetic_map(n)
    except Exception as exc:  # the dashboard's figure code is changing under us: say so
        results.add("Scale", f"{n:,}-district map: first paint in Chromium", None, "s")
        results.note(f"could not build the {n:,}-district map figure: {exc!r}")
        pytest.skip(f"map figure failed: {exc!r}")
    figure_json = pio.to_json(fig, validate=False)
    (tmp_path / "plotly.min.js").write_text(plotly_geo_js(), encoding="utf-8")
    page_html = PAGE.replace("EMPTY_TOPOLOGY", '{"type":"Topology","objects":{},"arcs":[]}')
    (tmp_path / "map.html").write_text(page_html.replace("FIGURE", figure_json), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto((tmp_path / "map.html").as_uri(), timeout=180_000)
        page.wait_for_function("() => window.__bench.painted", timeout=180_000, polling=200)
        painted_s = page.evaluate("() => window.__bench.painted") / 1000
        drawn = page.evaluate("() => document.querySelectorAll('#map .choroplethlocation').length")
        restyles = [page.evaluate(RESTYLE_JS, [colorscale]) for _ in range(3)]
        fill_ms = median([page.evaluate(FILL_JS, [fills]) for _ in range(3)])
        heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
    finally:
        context.close()
    assert drawn == n
    restyle_ms = median([total for _, total in restyles])
    results.add(
        "Scale",
        f"{n:,}-district map: first paint in Chromium",
        painted_s,
        "s",
        None,
        f"navigation start to the frame after Plotly.newPlot; figure JSON "
        f"{len(figure_json) / 1e6:.1f} MB, JS heap {heap / 1e6:.0f} MB",
    )
    results.add(
        "Scale",
        f"{n:,}-district map: one day change (Plotly.restyle colorscale)",
        restyle_ms,
        "ms",
        None,
        f"to the next frame; median of 3 ({', '.join(f'{t:.0f}' for _, t in restyles)} ms)",
    )
    results.add(
        "Scale",
        f"{n:,}-district map: same change painted as the dashboard does (direct path fills)",
        fill_ms,
        "ms",
        None,
        "path.style.fill on the existing SVG paths, to the next frame; median of 3",
    )
