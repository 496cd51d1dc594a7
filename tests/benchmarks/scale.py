"""Synthetic battles for the scale benchmarks, and the timed build of one (run as a script).

A battle of ``n`` districts is a jittered grid of quadrilaterals near Aleppo (EPSG:4326,
cells of about 200 m sharing their corners, so neighbours share whole edges) and a control
table in which a rebel enclave around the centre shrinks over the days while its edge wobbles
back and forth; a band along the edge is contested, and a small SDF pocket sits in the north.
Only the days on which a district's state changes become rows, as in a hand-curated
``control.csv``: about 2-3 % of the districts change on an average day (Aleppo 2016: 114
changes of 133 districts over 37 days, 2.3 % a day).

``python -m tests.benchmarks.scale --districts 10000 --days 365`` generates a battle, builds
its adjacency, daily table, front lines and statistics, times each step and prints one JSON
object with the timings and the process's peak resident memory (``VmHWM``). The
benchmark runs it in a fresh subprocess per size so each peak is measured alone.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

CENTRE_LON, CENTRE_LAT = 37.16, 36.20
CELL_DEG = 0.002  # about 180 m east-west, 220 m north-south at 36° N
START = date(2016, 1, 1)

# District states: (government, rebel, sdf). Contested states sit in a band along the front.
STATES = np.array(
    [
        (1.0, 0.0, 0.0),  # 0 government
        (0.0, 1.0, 0.0),  # 1 rebel
        (0.0, 0.0, 1.0),  # 2 sdf
        (0.75, 0.25, 0.0),  # 3 mostly government
        (0.5, 0.5, 0.0),  # 4 even
        (0.25, 0.75, 0.0),  # 5 mostly rebel
    ]
)

__all__ = ["SyntheticBattle", "battle", "control_changes", "grid_districts", "measure"]


@dataclass(frozen=True)
class SyntheticBattle:
    """Districts (indexed by id, EPSG:4326), control changes, the first and last day."""

    districts: gpd.GeoDataFrame
    control: pd.DataFrame
    start: date
    end: date


def _grid_shape(n: int) -> tuple[int, int]:
    cols = math.ceil(math.sqrt(n))
    return cols, math.ceil(n / cols)


def grid_districts(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` quadrilateral districts on a jittered grid centred on Aleppo, indexed ``d00000``...

    The corners are shared between neighbouring cells (and jittered by at most a quarter of
    a cell), so the layer tiles its area with no gap or overlap and every inner district has
    four neighbours sharing an edge. Columns: ``name``, ``name_ar``, ``geometry``.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    cols, rows = _grid_shape(n)
    rng = np.random.default_rng(seed)
    gx, gy = np.meshgrid(np.arange(cols + 1, dtype=float), np.arange(rows + 1, dtype=float))
    gx += rng.uniform(-0.25, 0.25, gx.shape)
    gy += rng.uniform(-0.25, 0.25, gy.shape)
    lon = CENTRE_LON + (gx - cols / 2) * CELL_DEG
    lat = CENTRE_LAT + (gy - rows / 2) * CELL_DEG
    cell = np.arange(n)
    r, c = cell // cols, cell % cols
    corners = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c), (r, c)]
    ring = np.stack([np.stack([lon[i, j], lat[i, j]], axis=-1) for i, j in corners], axis=1)
    polygons = shapely.polygons(ring)
    ids = [f"d{i:05d}" for i in cell]
    return gpd.GeoDataFrame(
        {"name": [f"District {i}" for i in cell], "name_ar": [""] * n},
        geometry=polygons,
        crs=4326,
        index=pd.Index(ids, name="id"),
    )


def _daily_codes(n: int, days: int, rng: np.random.Generator) -> np.ndarray:
    """A (day x district) matrix of indices into :data:`STATES`."""
    cols, rows = _grid_shape(n)
    cell = np.arange(n)
    x = (cell % cols + 0.5) / cols * 2 - 1
    y = (cell // cols + 0.5) / rows * 2 - 1
    radius, angle = np.hypot(x, y), np.arctan2(y, x)
    sdf = np.hypot(x - 0.1, y - 0.8) < 0.15
    waves = np.arange(1, 6)
    # The enclave's edge: a shrinking circle plus a few waves whose phases random-walk.
    phases = np.cumsum(rng.normal(0, 0.35, (days, len(waves))), axis=0)
    amplitude = 0.05 / waves
    codes = np.empty((days, n), dtype=np.int8)
    for day in range(days):
        edge = 0.6 * (1 - 0.8 * day / max(days - 1, 1))
        edge = edge + (amplitude * np.sin(np.outer(angle, waves) + phases[day])).sum(axis=1)
        depth = (edge - radius) * cols / 2  # cells inside the edge (negative: outside)
        state = np.where(depth > 0, 1, 0)
        band = np.abs(depth) < 1.5
        state[band] = np.select([depth[band] < -0.5, depth[band] < 0.5], [3, 4], default=5)
        state[sdf] = 2
        codes[day] = state
    return codes


def control_changes(n: int, days: int, *, start: date = START, seed: int = 0) -> pd.DataFrame:
    """The control table of a synthetic battle of ``n`` districts (see :func:`grid_districts`).

    Columns as :func:`timeline.io.load_control` gives them: ``date`` (``datetime64[ns]``),
    ``district``, ``government``, ``rebel``, ``sdf``, ``event``, ``confidence``, ``note``,
    ``line``. The first day holds every district (the baseline); later days only changes.
    """
    codes = _daily_codes(n, days, np.random.default_rng(seed + 1))
    changed = np.ones_like(codes, dtype=bool)
    changed[1:] = codes[1:] != codes[:-1]
    day, district = np.nonzero(changed)
    shares = STATES[codes[day, district]]
    dates = pd.Timestamp(start) + pd.to_timedelta(day, unit="D")
    frame = pd.DataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "district": [f"d{i:05d}" for i in district],
            "government": shares[:, 0],
            "rebel": shares[:, 1],
            "sdf": shares[:, 2],
            "event": [f"synthetic-day-{d:03d}" for d in day],
            "confidence": "reported",
            "note": None,
        }
    )
    frame["line"] = np.arange(len(frame)) + 2
    return frame


def battle(n: int, days: int, *, seed: int = 0) -> SyntheticBattle:
    """A whole synthetic battle: ``n`` districts over ``days`` days from 1 January 2016."""
    return SyntheticBattle(
        districts=grid_districts(n, seed=seed),
        control=control_changes(n, days, seed=seed),
        start=START,
        end=START + timedelta(days=days - 1),
    )


def _peak_mb() -> float:
    """Peak resident memory of this process in MB.

    ``VmHWM`` from ``/proc/self/status`` where there is one: unlike ``ru_maxrss`` it starts
    afresh at ``exec``, so a subprocess of a big parent reports its own peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(n: int, days: int, *, seed: int = 0, front_days: int = 25) -> dict[str, Any]:
    """Generate a battle, then time adjacency, daily table, fronts, statistics, one front.

    Returns seconds per step (``build_s`` is their sum), the median and worst time of
    :func:`timeline.fronts.front_lines` for one day over ``front_days`` days, the peak
    resident memory of this process before and after the build, and the size of the data.
    """
    from geodata.areas import area_km2
    from geodata.topology import adjacency
    from timeline.build import build_daily
    from timeline.fronts import front_lines, fronts_by_day
    from timeline.stats import daily_stats

    t = time.perf_counter()
    synthetic = battle(n, days, seed=seed)
    generate_s = time.perf_counter() - t
    before_mb = _peak_mb()
    ids = [str(i) for i in synthetic.districts.index]
    steps: dict[str, float] = {}

    def timed(name: str, fn, *args, **kw):
        t0 = time.perf_counter()
        out = fn(*args, **kw)
        steps[name] = time.perf_counter() - t0
        return out

    adj = timed("adjacency_s", adjacency, synthetic.districts)
    daily = timed("daily_s", build_daily, synthetic.control, ids, synthetic.start, synthetic.end)
    fronts = timed("fronts_s", fronts_by_day, daily, adj)
    areas = timed("areas_s", area_km2, synthetic.districts)
    stats = timed("stats_s", daily_stats, daily, areas, fronts)
    peak_mb = _peak_mb()

    one_day = []
    for k in np.linspace(0, days - 1, min(front_days, days)).astype(int):
        rows = daily.iloc[k * n : (k + 1) * n]
        t0 = time.perf_counter()
        front_lines(rows, adj)
        one_day.append(time.perf_counter() - t0)
    changes_per_day = (len(synthetic.control) - n) / max(days - 1, 1)
    return {
        "districts": n,
        "days": days,
        "generate_s": generate_s,
        **steps,
        "build_s": sum(steps.values()),
        "front_day_median_ms": 1000 * float(np.median(one_day)),
        "front_day_max_ms": 1000 * float(np.max(one_day)),
        "rss_before_build_mb": before_mb,
        "peak_rss_mb": peak_mb,
        "control_rows": len(synthetic.control),
        "changes_per_day_pct": 100 * changes_per_day / n,
        "daily_rows": len(daily),
        "adjacent_pairs": len(adj),
        "front_km_last_day": float(stats["front_km"].iloc[-1]),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: measure one size and print the result as JSON on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    json.dump(measure(args.districts, args.days, seed=args.seed), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
