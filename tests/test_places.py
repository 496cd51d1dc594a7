"""Where each place the sources name lands (timeline/places.py), in the coverage report and
as validate's warnings; and the enclave statistic leaving out a faction's other front."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from geodata.gazetteer import Gazetteer
from tests.shared_docs import SEEDS, require
from timeline import daily_stats
from timeline.build import build_daily
from timeline.places import (
    DISTRICT,
    GROUP,
    LANDMARK,
    NOWHERE,
    OFF_MAP,
    WHOLE_MAP,
    Exceptions,
    load_gazetteer,
    named_in_text,
    place_coverage,
    place_problems,
    read_exceptions,
    resolve_place,
)

ALEPPO = Path(__file__).resolve().parents[1] / "timeline" / "data" / "aleppo_2016"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(None)


@pytest.fixture(scope="module")
def report():
    return place_coverage(None, require(SEEDS))


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "aleppo"
    shutil.copytree(ALEPPO, folder)
    return folder


def test_resolve_each_kind_of_landing(gazetteer):
    exceptions, problems = read_exceptions(None)
    assert problems == []
    assert resolve_place("Rashidun", gazetteer, exceptions).ids == ("rashidin",)
    assert resolve_place("Aqrab", gazetteer, exceptions).kind == DISTRICT
    assert resolve_place("Zouhor hill", gazetteer, exceptions).kind == LANDMARK
    old_city = resolve_place("Old Aleppo", gazetteer, exceptions)
    assert old_city.kind == GROUP and "citadel" in old_city.ids and len(old_city.ids) == 19
    assert resolve_place("eastern Aleppo", gazetteer, exceptions).kind == WHOLE_MAP
    assert resolve_place("Khan Tuman", gazetteer, exceptions).kind == OFF_MAP
    assert resolve_place("Khan Tuman", gazetteer).kind == NOWHERE  # without places.yaml
    assert resolve_place("Atlantis", gazetteer, Exceptions()).kind == NOWHERE


def test_names_the_text_calls_places(gazetteer):
    text = (
        "Troops stormed the Foo and Bar-Baz districts, then the Kurdish-controlled Sheikh "
        "Maqsood district and Zouhor hill. Buses left the villages of Qux and al-Quux; the "
        "fighters were taken to Khan Tuman near Idlib. the army said nothing else."
    )
    names = [name for _, name in named_in_text(text, gazetteer)]
    assert names == [
        "Foo",
        "Bar-Baz",
        "Sheikh Maqsood",
        "Zouhor hill",
        "Qux",
        "al-Quux",
        "Khan Tuman",
        "Idlib",
    ]
    offsets = [start for start, _ in named_in_text(text, gazetteer)]
    assert text[offsets[0] : offsets[0] + 3] == "Foo"


def test_coverage_of_the_bundled_sources(report):
    assert len(report.documents_read) == 5 and report.documents_missing == []
    rows = {r["name"]: r for r in report.rows}
    rashidin = next(r for r in report.rows if r["ids"] == ["rashidin"])
    assert rashidin["lands"] == DISTRICT and "Rashidun" in rashidin["spellings"]
    assert "wikipedia-aleppo-offensive-2016" in rashidin["sources"]
    assert rows["Aqrab"]["ids"] == ["aqrab"] and rows["Aqrab"]["mentions"] == 2
    assert rows["Zouhor hill"]["lands"] == LANDMARK
    assert rows["Aleppo"]["lands"] == WHOLE_MAP
    assert rows["Khan Tuman"]["lands"] == OFF_MAP
    assert "Foua" in rows["Al-Fu'ah"]["spellings"]
    # Every place named lands somewhere: nothing is left unplaced in the bundled scenario.
    assert [r["name"] for r in report.rows if r["lands"] == NOWHERE] == []
    # The Croatian article's places are read too (by known spelling).
    assert any("hr-portal-2016-12-15" in r["sources"] for r in report.rows)


def test_coverage_without_the_documents_keeps_the_recorded_places(tmp_path):
    report = place_coverage(None, tmp_path / "no-seeds")
    assert report.documents_read == [] and len(report.documents_missing) == 5
    ids = {tuple(r["ids"]) for r in report.rows}
    assert ("rashidin",) in ids and ("aqrab",) in ids  # from events.yaml and candidates.json
    assert all(r["lands"] in (DISTRICT, LANDMARK) for r in report.rows)


def test_the_bundled_scenario_has_no_place_warnings():
    require(SEEDS)
    assert place_problems(None, SEEDS) == []


def test_a_place_that_lands_nowhere_is_a_warning(tmp_path, run_cli):
    require(SEEDS)
    folder = _copy(tmp_path)
    places = folder / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8").replace("  - Khan Tuman", "  - Elsewhere"),
        encoding="utf-8",
    )
    problems = place_problems(folder, SEEDS)
    assert len(problems) == 1
    file, line, message, hint = problems[0]
    assert file.endswith("002_9c78f77e1fedc513.txt") and int(line) > 100
    assert message == (
        "warning: place 'Khan Tuman' named in the source (wikipedia-aleppo-offensive-2016) "
        "resolves to no district or landmark"
    )
    assert "alias" in hint and "landmark" in hint and "places.yaml" in hint

    result = run_cli("validate", str(folder))
    assert result.code == 0, result.out
    warning = [x for x in result.out.splitlines() if "Khan Tuman" in x]
    assert len(warning) == 1 and warning[0].startswith(f"{file}:{line}: warning: place")


def test_broken_places_file_and_unknown_outside_enclave(tmp_path, run_cli):
    folder = _copy(tmp_path)
    (folder / "places.yaml").write_text("off_map: Foua\n", encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace(
            "outside_enclave: [rashidin, aqrab]", "outside_enclave: [rashidin, atlantis]"
        ),
        encoding="utf-8",
    )
    result = run_cli("validate", str(folder))
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        x.endswith(
            "places.yaml: warning: off_map must be a list of names "
            "(places.yaml holds whole_map: [names] and off_map: [names])"
        )
        for x in lines
    ), lines
    assert any("outside_enclave names 'atlantis', which is no district" in x for x in lines)
    assert "Traceback" not in result.out + result.err


def test_coverage_cli_lists_the_places(run_cli):
    require(SEEDS)
    result = run_cli("sources", "--coverage", "--seeds", str(SEEDS))
    assert result.code == 0, result.err
    report = json.loads(result.out)
    lands = {r["name"]: r["lands"] for r in report["places"]}
    assert lands["al-Rashidin"] == DISTRICT and lands["Palmyra"] == OFF_MAP
    assert len(report["documents_read"]) == 5


def _changes(rows):
    frame = pd.DataFrame(rows, columns=["date", "district", "government", "rebel", "sdf"])
    frame["event"] = [f"e{i}" for i in range(len(frame))]
    frame["confidence"] = "reported"
    frame["note"] = None
    return frame


def test_outside_enclave_is_left_out_of_the_enclave_statistic():
    control = _changes(
        [
            ("2016-11-15", "pocket", 0, 1, 0),
            ("2016-11-15", "outskirts", 0, 1, 0),
            ("2016-11-16", "pocket", 1, 0, 0),
            ("2016-11-16", "outskirts", 0.5, 0.5, 0),
        ]
    )
    daily = build_daily(control, ["outskirts", "pocket"], "2016-11-15", "2016-11-16")
    areas = pd.Series({"pocket": 2.0, "outskirts": 3.0})
    kw = {"enclave_faction": "rebel", "attacker": "government"}
    both = daily_stats(daily, areas, **kw)
    pocket = daily_stats(daily, areas, **kw, outside_enclave=["outskirts"])
    assert both["enclave_km2"].tolist() == [5.0, 5.0]
    assert both["attacker_share_of_enclave"].tolist() == pytest.approx([0, 3.5 / 5])
    assert pocket["enclave_km2"].tolist() == [2.0, 2.0]
    assert pocket["attacker_share_of_enclave"].tolist() == [0.0, 1.0]
    assert pocket["rebel_km2"].tolist() == [5.0, 1.5]  # the faction's area still counts it
