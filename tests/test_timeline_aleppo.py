"""The bundled Aleppo 2016 scenario, loaded once for the module.

These tests fail (never skip) when a data file is missing: the scenario is the product.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.paths import (
    control_path,
    districts_path,
    events_path,
    landmarks_path,
    sources_path,
    timeline_dir,
)
from timeline import load_scenario, validate_timeline

ALEPPO_FACTIONS = ("government", "rebel", "sdf")  # the factions of the bundled and mini scenarios


@pytest.fixture(scope="module")
def aleppo():
    return load_scenario(None)


def test_all_files_exist():
    files = [
        districts_path(),
        landmarks_path(),
        sources_path(),
        events_path(),
        control_path(),
        timeline_dir() / "scenario.yaml",
    ]
    missing = [str(p) for p in files if not p.is_file()]
    assert not missing, f"missing scenario files: {missing}"


def test_validate_timeline_is_clean():
    problems = [str(p) for p in validate_timeline(None)]
    assert problems == [], "\n".join(problems)


def test_battle_window(aleppo):
    assert len(aleppo.dates) == 38
    assert (aleppo.dates[0], aleppo.dates[-1]) == ("2016-11-15", "2016-12-22")
    assert aleppo.title == "Aleppo offensive, 15 November – 22 December 2016"


def test_aleppo_declares_its_factions_credits_and_groups(aleppo):
    assert [(f.id, f.label, f.colour, f.colourblind) for f in aleppo.factions] == [
        ("government", "Government and allies", "#c8312b", "#d55e00"),
        ("rebel", "Rebel groups", "#2f8f3a", "#0072b2"),
        ("sdf", "SDF / YPG (Kurdish-led)", "#e8b923", "#f0e442"),
    ]
    assert (aleppo.attacker, aleppo.enclave_faction) == ("government", "rebel")
    assert "Old Aleppo" in aleppo.groups["old-city"]
    assert "Columbia Center for Spatial Research" in aleppo.credits
    names = {f.id: f.names for f in aleppo.factions}
    assert {"regime", "army"} <= set(names["government"])
    assert {"rebels", "opposition"} <= set(names["rebel"])
    assert {"ypg", "kurdish"} <= set(names["sdf"])


def test_every_district_has_a_state_every_day(aleppo):
    daily, ids = aleppo.daily, set(aleppo.districts.index)
    assert len(daily) == 38 * len(ids)
    per_day = daily.groupby("date", observed=True)["district"].agg(lambda s: set(s.astype(str)))
    assert all(day == ids for day in per_day)
    assert not daily[list(ALEPPO_FACTIONS)].isna().any().any()
    assert (daily[list(ALEPPO_FACTIONS)].sum(axis=1) - 1).abs().max() < 1e-6


def test_stats_and_fronts_cover_every_day(aleppo):
    assert len(aleppo.stats) == len(aleppo.fronts) == 38
    assert aleppo.stats["attacker_share_of_enclave"].iloc[0] == 0
    assert aleppo.stats["enclave_km2"].iloc[0] > 0
    assert (aleppo.fronts["length_km"] >= 0).all()
    assert aleppo.stats["date"].tolist() == list(pd.to_datetime(list(aleppo.dates)))


def test_every_change_has_its_event(aleppo):
    events = {e.id for e in aleppo.events}
    assert set(aleppo.control["event"]) <= events
    first = aleppo.control["district"].iloc[0]
    in_force = aleppo.state_on(aleppo.dates[-1]).loc[first, "event"]
    event = next(e for e in aleppo.events if e.id == in_force)
    assert [r.id for r in event.sources if r.id in aleppo.sources]


def test_the_enclave_is_gone_by_the_last_day(aleppo):
    """By 22 December no district of the enclave is held by the rebels; the government holds
    most of the day-one enclave (the SDF took part of it). The south-western outskirts, outside
    the enclave, are still rebel-held."""
    last = aleppo.state_on(aleppo.dates[-1])
    outside = list(aleppo.info.outside_enclave)
    assert sorted(outside) == ["aqrab", "rashidin"]
    assert (last.drop(index=outside)["rebel"] == 0).all()
    assert (last.loc[outside, "rebel"] > 0.5).all()
    assert aleppo.stats["attacker_share_of_enclave"].iloc[-1] > 0.9


def test_the_16_november_assault_points_at_the_south_western_districts(aleppo):
    """The narrative's assault on Rashidun and Aqrab names districts, not only a landmark,
    and both were rebel-held that day (the attack was beaten back: no change of hands)."""
    event = next(e for e in aleppo.events if e.id == "2016-11-16-rashidin-aqrab-repelled")
    assert {"rashidin", "aqrab"} <= set(event.districts)
    day = aleppo.state_on("2016-11-16")
    assert (day.loc[["rashidin", "aqrab"], "rebel"] == 1).all()
    advance = aleppo.control[aleppo.control["event"] == "2016-11-19-aqrab-advance"]
    assert advance["district"].astype(str).tolist() == ["aqrab"]
