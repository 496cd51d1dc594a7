"""The browser's diff (assets/js/compare.mjs, run by node) equals timeline.diff's on the
bundled battle: every pair of consecutive days and a few long windows, the same districts,
holders, shares, gainer, changes behind them (dates, events, confidence), net km² per
faction and enclave share."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.viewdata import load_view_data
from timeline import load_scenario
from timeline.diff import diff_days

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")

SCRIPT = """
import { readFileSync } from "node:fs";
import { diffDays } from "%s";
const payload = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pairs = JSON.parse(process.argv[3]);
const out = pairs.map(([a, b]) => diffDays(payload, a, b));
process.stdout.write(JSON.stringify(out, (k, v) => (k === "sources" ? undefined : v)));
"""


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(None)


@pytest.fixture(scope="module")
def browser_diffs(tmp_path_factory):
    assert NODE, "node is needed to run the browser's diff"
    payload = load_view_data(None)["payload"]
    folder = tmp_path_factory.mktemp("cmp")
    data = folder / "payload.json"
    data.write_text(json.dumps(payload), encoding="utf-8")
    script = folder / "run.mjs"
    script.write_text(SCRIPT % (ROOT / "assets/js/compare.mjs").as_uri(), encoding="utf-8")
    n = len(payload["dates"])
    pairs = [(i, i + 1) for i in range(n - 1)] + [(0, n - 1), (11, 21), (5, 28), (21, 21)]
    done = subprocess.run(
        [NODE, str(script), str(data), json.dumps(pairs)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return payload, pairs, json.loads(done.stdout)


def test_window_26_nov_to_6_dec_is_the_one_in_the_notes(browser_diffs):
    _payload, pairs, diffs = browser_diffs
    diff = diffs[pairs.index((11, 21))]
    assert (diff["from"], diff["to"]) == ("2016-11-26", "2016-12-06")
    assert len(diff["rows"]) == 52


def test_browser_diff_equals_timeline_diff(browser_diffs, scenario):
    payload, pairs, diffs = browser_diffs
    factions = payload["map"]["factions"]
    for (a, b), got in zip(pairs, diffs, strict=True):
        want = diff_days(scenario, payload["dates"][a], payload["dates"][b])
        where = f"{want.start} → {want.end}"
        assert [r["id"] for r in got["rows"]] == list(want.ids), where
        for row, change in zip(got["rows"], want.districts, strict=True):
            assert row["from"]["holder"] == change.holder_before, (where, row["id"])
            assert row["to"]["holder"] == change.holder_after, (where, row["id"])
            assert row["from"]["shares"] == pytest.approx(
                [change.before[f] for f in factions], abs=1e-4
            )
            after = [change.after[f] for f in factions]
            assert row["to"]["shares"] == pytest.approx(after, abs=1e-4)
            assert row["gainer"] == change.gainer, (where, row["id"])
            assert row["confidence"] == change.confidence, (where, row["id"])
            assert [(c["date"], c["event"], c["confidence"]) for c in row["changes"]] == [
                (c.date, c.event, c.confidence) for c in change.changes
            ], (where, row["id"])
            titles = [c["title"] for c in row["changes"]]
            assert titles == [c.title for c in change.changes], (where, row["id"])
        for f in factions:
            assert got["km2"][f] == pytest.approx(want.km2[f], abs=1e-3), (where, f)
        if want.enclave is None:
            assert got["enclave"] is None
        else:
            assert got["enclave"]["change"] == pytest.approx(want.enclave["change"], abs=1e-5)
