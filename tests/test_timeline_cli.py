"""``frontline control|stats|events`` on the synthetic mini scenario (tests/fixtures/mini)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"


def _json(result):
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_control_json(run_cli):
    rows = _json(run_cli("control", "--date", "2016-11-16", "--scenario", MINI))
    by_id = {r["id"]: r for r in rows}
    assert list(by_id) == ["alpha", "bravo", "charlie", "delta"]
    charlie = by_id["charlie"]
    assert charlie["status"] == "contested"
    assert charlie["shares"] == {"government": 0.5, "rebel": 0.5, "sdf": 0.0}
    assert charlie["since"] == "2016-11-16" and charlie["event"] == "2016-11-16-charlie-push"
    assert charlie["aliases"] == ["Charly"] and charlie["name"] == "Charlie"
    assert by_id["bravo"]["status"] == "sdf" and by_id["bravo"]["confidence"] == "reported"


def test_control_csv(run_cli):
    result = run_cli("control", "--date", "2016-11-19", "--scenario", MINI, "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows[3]["id"] == "delta" and rows[3]["confidence"] == "inferred"
    assert json.loads(rows[3]["shares"])["government"] == 0.75


def test_stats(run_cli):
    rows = _json(run_cli("stats", "--scenario", MINI))
    assert [r["date"] for r in rows] == [f"2016-11-{d}" for d in range(15, 20)]
    assert rows[2]["government_km2"] == pytest.approx(2.0, abs=1e-3)
    assert rows[4]["attacker_share_of_enclave"] == pytest.approx(0.375, abs=1e-4)
    assert rows[3]["changed_districts"] == ["charlie"]
    assert rows[4]["front_km"] == pytest.approx(4.0, abs=1e-3)
    result = run_cli("stats", "--scenario", MINI, "--format", "csv")
    header = result.out.splitlines()[0]
    assert header == (
        "date,government_km2,rebel_km2,sdf_km2,attacker_share_of_enclave,changed_districts,front_km"
    )


def test_events_filters(run_cli):
    everything = _json(run_cli("events", "--scenario", MINI))
    assert everything[0]["id"] == "2016-11-01-background"  # context events may precede
    day = _json(run_cli("events", "--scenario", MINI, "--date", "2016-11-19"))
    assert [e["id"] for e in day] == ["2016-11-19-delta-advance", "2016-11-19-talks"]
    charlie = _json(run_cli("events", "--scenario", MINI, "--district", "charlie"))
    assert len(charlie) == 4
    both = _json(
        run_cli("events", "--scenario", MINI, "--district", "charlie", "--date", "2016-11-18")
    )
    (event,) = both
    assert [c["claimant"] for c in event["claims"]] == ["rebel officials", "Test Army"]
    assert event["sources"][1] == {"id": "mini-outlet", "section": None}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["control", "--date", "2016-12-01"], "2016-11-15..2016-11-19"),
        (["control", "--date", "2016-11-14"], "outside the battle"),
        (["control", "--date", "19/11/2016"], "YYYY-MM-DD"),
        (["control", "--date", "2016-02-30"], "not a date"),
        (["events", "--date", "2017-01-01"], "2016-11-15..2016-11-19"),
        (["events", "--district", "charlei"], "did you mean charlie"),
        (["events", "--district", "nowhere"], "unknown district 'nowhere'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli, args, expected):
    result = run_cli(*args, "--scenario", MINI)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert expected in lines[0]
    assert result.out == ""


def test_control_needs_date(run_cli):
    result = run_cli("control", "--scenario", MINI)
    assert result.code == 2 and "--date" in result.err


def test_broken_scenario_is_a_data_error(run_cli, tmp_path):
    import shutil

    broken = tmp_path / "mini"
    shutil.copytree(MINI, broken)
    text = (broken / "control.csv").read_text()
    (broken / "control.csv").write_text(text.replace("2016-11-17,charlie", "2016-11-17,charly"))
    result = run_cli("stats", "--scenario", broken)
    assert result.code == 1
    assert "control.csv:7" in result.err and "charly" in result.err
    assert len(result.err.strip().splitlines()) == 1
