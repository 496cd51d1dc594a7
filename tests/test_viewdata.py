"""The view data of a scenario (``dashboard.viewdata``): what it holds, what keys it, and
that it is loaded once per scenario and process.

Most tests use the mini scenario (tests/fixtures/mini: four squares over five days); a copy
of it in a temporary folder shows that the digest follows the scenario's files.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from dashboard.cache import cache_key
from dashboard.viewdata import (
    MOMENTS_PER_DAY,
    VIEW_KEYS,
    ViewData,
    load_view_data,
    scenario_files,
    scenario_key,
)
from timeline import load_scenario

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini() -> ViewData:
    return load_view_data(MINI)


def test_view_data_reads_as_the_mapping_exporters_take(mini):
    assert isinstance(mini, Mapping)
    assert list(mini) == list(VIEW_KEYS) == ["payload", "geojson", "landmarks", "credits"]
    assert mini["payload"] is mini.payload and mini["geojson"] is mini.geojson
    assert mini["payload"]["dates"][0] == "2016-11-15"
    assert mini["payload"]["per_day"] == MOMENTS_PER_DAY
    assert {f["properties"]["id"] for f in mini["geojson"]["features"]} >= {"charlie"}
    assert mini.get("credits") == mini.credits and mini.credits
    assert {**mini}.keys() == set(VIEW_KEYS)
    with pytest.raises(KeyError):
        mini["digest"]  # identification is an attribute, not part of the mapping


def test_view_data_is_frozen(mini):
    with pytest.raises(AttributeError):
        mini.payload = {}  # type: ignore[misc]


def test_a_scenario_is_loaded_once_per_process(mini):
    assert load_view_data(MINI) is mini
    assert load_view_data(str(MINI)) is mini
    assert load_view_data(MINI / ".." / "mini") is mini


def test_the_view_data_knows_its_scenario_files_and_digest(mini):
    assert mini.scenario == scenario_key(MINI) == str(MINI.resolve())
    assert scenario_key(None) is None
    assert mini.files == scenario_files(mini.scenario)
    assert [p.name for p in mini.files] == [
        "districts.geojson",
        "landmarks.geojson",
        "sources.yaml",
        "events.yaml",
        "control.csv",
        "scenario.yaml",
    ]
    assert mini.digest == cache_key(mini.files, extra=f"per_day={MOMENTS_PER_DAY}")


def test_the_digest_follows_the_scenario_s_files(tmp_path, mini):
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    same = load_view_data(copy)
    assert same.scenario == str(copy.resolve()) != mini.scenario
    assert same.digest == mini.digest  # the same bytes: the same key
    assert same["payload"] == mini["payload"]
    events = copy / "events.yaml"
    assert events in same.files
    events.write_text(events.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache_key(same.files, extra=f"per_day={MOMENTS_PER_DAY}") != same.digest


def test_the_bundled_scenario_is_keyed_none_and_credited_by_default():
    data = load_view_data(None)
    assert data.scenario is None and load_view_data() is data
    assert data.credits == load_scenario(None).credits  # from the folder's scenario.yaml
    assert data.credits.startswith("Control of districts: Frontline Atlas")
    assert "Columbia Center for Spatial Research" in data.credits
    assert len(data["payload"]["dates"]) == 38
    assert repr(data).startswith("ViewData(bundled, 38 days, digest ")


def test_factions_and_credits_come_from_the_scenario(tmp_path):
    """A scenario's own factions and credits are drawn; a scenario without credits
    shows none (never the bundled scenario's)."""
    two = Path(__file__).resolve().parent / "fixtures" / "two_sides"
    scenario = load_scenario(two)
    data = load_view_data(two)
    assert data["payload"]["map"]["factions"] == list(scenario.faction_ids)
    assert data["payload"]["map"]["labels"] == {f.id: f.label for f in scenario.factions}
    assert data.credits == scenario.credits and data.credits
    bare = tmp_path / "bare"
    shutil.copytree(two, bare)
    info = yaml.safe_load((bare / "scenario.yaml").read_text(encoding="utf-8"))
    del info["credits"]
    (bare / "scenario.yaml").write_text(yaml.safe_dump(info), encoding="utf-8")
    assert load_view_data(bare).credits == ""
