"""The control table checked against every figure the narrative states about the enclave.

Figures that hold are asserted within the text's own looseness ("about", "more than").
Two cannot hold with this geometry; for those the test asserts that the disagreement is
real and that timeline/data/aleppo_2016/README.md explains it, so the day the table or the
layer changes enough to agree, the explanation has to go too.

The text's areas are of the besieged eastern pocket, so they are checked against
``pocket_km2``: the rebels' km² minus their ground in the districts scenario.yaml puts
``outside_enclave`` (the south-western outskirts, a separate front that outlasts the battle).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata import area_km2
from timeline import load_scenario

README = Path(__file__).resolve().parents[1] / "timeline" / "data" / "aleppo_2016" / "README.md"


@pytest.fixture(scope="module")
def stats():
    scenario = load_scenario(None)
    table = scenario.stats.set_index(scenario.stats["date"].dt.strftime("%Y-%m-%d"))
    areas = area_km2(scenario.districts)
    daily = scenario.daily[scenario.daily["district"].isin(scenario.info.outside_enclave)]
    km2 = daily["rebel"] * daily["district"].astype(str).map(areas).astype(float)
    outside = km2.groupby(daily["date"]).sum()
    outside.index = outside.index.strftime("%Y-%m-%d")
    table = table.assign(pocket_km2=table["rebel_km2"] - outside.reindex(table.index))
    return table, areas


def test_60_percent_of_the_enclave_on_2_december(stats):
    table, _ = stats
    assert table.loc["2016-12-02", "attacker_share_of_enclave"] == pytest.approx(0.60, abs=0.05)


def test_more_than_70_percent_on_6_december(stats):
    table, _ = stats
    assert table.loc["2016-12-06", "attacker_share_of_enclave"] > 0.70


def test_pocket_of_about_3_5_km2_on_13_december(stats):
    table, _ = stats
    assert table.loc["2016-12-13", "pocket_km2"] == pytest.approx(3.5, abs=0.5)
    assert table.loc["2016-12-22", "pocket_km2"] == pytest.approx(0, abs=1e-9)


def test_the_south_western_outskirts_stay_rebel_and_outside_the_enclave(stats):
    table, areas = stats
    # The evacuees of 15 Dec reached rebel-held ground west of the city: the outskirts keep
    # their rebels after the pocket is gone, and never count as enclave.
    assert table.loc["2016-12-22", "rebel_km2"] == pytest.approx(
        areas["rashidin"] + 0.9 * areas["aqrab"]
    )
    assert table["pocket_km2"].iloc[0] == pytest.approx(table["enclave_km2"].iloc[0])


def test_hanano_as_a_quarter_cannot_hold_and_is_explained(stats):
    table, areas = stats
    share = areas["hanano"] / table.loc["2016-11-25", "pocket_km2"]
    assert share < 0.15, "Hanano now is near a quarter: drop the explanation in README.md"
    assert 'Hanano as "a quarter"' in README.read_text(encoding="utf-8")


def test_2_5_km2_on_14_december_cannot_hold_and_is_explained(stats):
    table, areas = stats
    pocket = table.loc["2016-12-14", "pocket_km2"]
    # Even losing all of Sukkari that day could not bring the pocket to 2.5 km².
    floor = table.loc["2016-12-13", "pocket_km2"] - areas["sukkari"]
    assert floor > 2.5 + 0.25
    assert pocket > floor
    assert "2.5 km² on 14 Dec" in README.read_text(encoding="utf-8")
