"""Computing every moment of the battle on a fresh Scenario object (cold caches).

:func:`timeline.moments.all_moments` caches on the scenario object (and so does the
partitioner behind it): ``dataclasses.replace`` gives a new object holding the same tables,
so each run starts cold while the scenario's files are read only once. A cProfile run of
``per_day=1`` says where the time goes.
"""

from __future__ import annotations

import cProfile
import dataclasses
import pstats
import time

from tests.benchmarks.report import Results, median

REPEATS = 3
TARGET_S = 0.5


def _cold_frames(scn, per_day: int) -> tuple[float, int]:
    from timeline.moments import all_moments

    fresh = dataclasses.replace(scn)  # a new object: every cache keyed on it is cold
    t0 = time.perf_counter()
    out = all_moments(fresh, per_day=per_day)
    return time.perf_counter() - t0, len(out)


def test_every_frame_cold(results: Results) -> None:
    from timeline import load_scenario

    scn = load_scenario(None)
    days = len(scn.dates)
    for per_day in (1, 4):
        runs = [_cold_frames(scn, per_day) for _ in range(REPEATS)]
        count = runs[0][1]
        assert count == (days - 1) * per_day + 1
        results.add(
            "Frames",
            f"all_moments(scenario, per_day={per_day}), cold",
            median([t for t, _ in runs]),
            "s",
            TARGET_S,
            f"{count} frames; runs {', '.join(f'{t:.2f}' for t, _ in runs)} s",
        )


def test_where_frames_spend_their_time(results: Results) -> None:
    from timeline import load_scenario
    from timeline.moments import all_moments

    fresh = dataclasses.replace(load_scenario(None))
    profile = cProfile.Profile()
    profile.enable()
    all_moments(fresh, per_day=1)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(value[3] for value in stats.values())  # the outermost call
    wanted = {
        "split": "Partitioner.split (split shared districts)",
        "_split": "  _split (one district's parts)",
        "carve": "  carve (grow a faction's part)",
        "_field": "  _field (distance field of a district)",
        "front_of_split": "front_of_split (front through the parts)",
        "touching": "  Partitioner.touching (boundaries shared with neighbours)",
        "_moment_fields": "one moment (all of the above but the parts tables)",
        "intersection": "shapely.intersection (all calls)",
        "distance": "shapely.distance (all calls)",
        "simplify": "shapely.simplify (all calls)",
    }
    rows = []
    for (path, _line, name), (_cc, calls, _tt, cumulative, _callers) in stats.items():
        if name in wanted and ("timeline" in path or "shapely" in path):
            rows.append([wanted[name], calls, cumulative, f"{100 * cumulative / total:.0f}%"])
    rows.sort(key=lambda r: -r[2])
    results.table(
        "Where all_moments(per_day=1) spends its time"
        " (cProfile, cumulative; profiling slows it ~2x)",
        ["Function", "Calls", "Seconds", "Share"],
        rows,
    )
    assert rows, "the profile found none of the expected functions"
