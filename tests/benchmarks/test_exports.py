"""Exports through ``dashboard.export``'s public API: a still, the GIF of every day, the HTML.

The still is timed with the renderer already warm (one warm-up image first, then
:data:`STILLS` images of different days, median). The GIF renders all days at the default
1280x720 and writes them; it runs once (it is the longest export). The standalone HTML is
measured by size (and time).
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.benchmarks.report import Results, median

STILLS = 5
STILL_TARGET_S = 1.0
GIF_TARGET_S = 20.0
HTML_TARGET_MB = 6.0


def test_exports(results: Results, view, tmp_path: Path) -> None:
    from dashboard.export import (
        export_animation,
        export_html,
        slide_figure,
        start_renderer,
        still_bytes,
    )

    days = len(view["payload"]["dates"])
    t0 = time.perf_counter()
    start_renderer()
    still_bytes(view, 0, "png")  # warm-up: Chromium started, plotly.js loaded
    warm_up_s = time.perf_counter() - t0
    times, sizes = [], []
    for day in range(1, days, max(1, days // STILLS))[:STILLS]:
        t0 = time.perf_counter()
        png = still_bytes(view, day, "png")
        times.append(time.perf_counter() - t0)
        sizes.append(len(png))
        assert png.startswith(b"\x89PNG")
    figure_s = []
    for day in range(1, days, max(1, days // STILLS))[:STILLS]:
        t0 = time.perf_counter()
        slide_figure(view, day, width=1920, height=1080)
        figure_s.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    svg = still_bytes(view, days - 1, "svg")
    svg_s = time.perf_counter() - t0
    results.add(
        "Export",
        "one PNG still (1920x1080), warm renderer",
        median(times),
        "s",
        STILL_TARGET_S,
        f"{len(times)} days: {', '.join(f'{t:.2f}' for t in times)} s, of which building the "
        f"figure {median(figure_s):.2f} s; SVG {svg_s:.2f} s; first image incl. Chromium "
        f"start {warm_up_s:.1f} s",
    )

    gif = tmp_path / "battle.gif"
    t0 = time.perf_counter()
    export_animation(view, "gif", gif)
    gif_s = time.perf_counter() - t0
    assert gif.stat().st_size > 0
    results.add(
        "Export",
        f"GIF of all {days} days (1280x720)",
        gif_s,
        "s",
        GIF_TARGET_S,
        f"{gif.stat().st_size / 1e6:.1f} MB; one run",
    )

    page = tmp_path / "battle.html"
    t0 = time.perf_counter()
    export_html(view, page)
    html_s = time.perf_counter() - t0
    results.add(
        "Export",
        "self-contained HTML",
        page.stat().st_size / 1e6,
        "MB",
        HTML_TARGET_MB,
        f"written in {html_s:.1f} s; SVG still {len(svg) / 1e3:.0f} kB",
    )
