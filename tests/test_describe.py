"""The text alternative of each day's map (dashboard/describe.py), as the payload carries it.

The mini scenario (tests/fixtures/mini: four squares of 1 km², five days) has known answers:
Charlie half taken on day 1 (reported), taken on day 2 (reported), lost on day 3
(reported), Delta three-quarters taken on day 4 (inferred).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.describe import area_text, changes_since, describe_day, holdings, percent_text
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def payload():
    return load_view_data(MINI)["payload"]


def test_every_day_has_a_description_in_the_payload(payload):
    assert len(payload["descriptions"]) == len(payload["dates"]) == 5
    for day, text in enumerate(payload["descriptions"]):
        assert text.startswith(payload["long_labels"][day] + ".")
        assert text == describe_day(payload, day, attacker="government")


def test_district_counts_and_areas_equal_the_stats(payload):
    for day, text in enumerate(payload["descriptions"]):
        counts = holdings(payload, day)
        stats = payload["stats"][day]
        for f in payload["map"]["factions"]:
            label = payload["map"]["labels"][f]
            n = counts.get(f, 0)
            held = {0: "no districts", 1: "1 district"}.get(n, f"{n} districts")
            want = f"{label} held {held} ({area_text(stats[f + '_km2'])})"
            assert want in text, (day, want, text)
        share = stats["share_of_enclave"]
        assert f"Government and allies held {percent_text(share)} of the enclave" in text


def test_known_days_of_the_mini_battle(payload):
    d = payload["descriptions"]
    assert "This is the first day shown." in d[0]
    assert "Government and allies held 1 district (1.0 square kilometre)" in d[0]
    assert "0% of the enclave as it stood on 15 November 2016" in d[0]
    # Day 1: Charlie shared half and half: contested, a reported change.
    assert "1 district was contested." in d[1]
    assert "Since the day before, 1 district changed: Charlie (reported) became contested." in d[1]
    # Day 2: Charlie taken whole; the attacker now holds half of the 2 km² enclave.
    assert "Charlie (reported) passed to Government and allies" in d[2]
    assert "held 50% of the enclave" in d[2]
    # Day 4: Delta's change is inferred.
    assert "Delta (inferred)" in d[4]
    assert "(reported)" not in d[4]


def test_a_day_without_changes_says_so(payload):
    quiet = {**payload, "days": [payload["days"][0], payload["days"][0]]}
    quiet["dates"] = payload["dates"][:2]
    assert changes_since(quiet, 1) == []
    assert "No district changed hands since the day before." in describe_day(quiet, 1)


def test_units_are_spelt_out_and_shares_are_percentages():
    assert area_text(1.0) == "1.0 square kilometre"
    assert area_text(1234.56) == "1,234.6 square kilometres"
    assert area_text(None) == "an unknown area"
    assert percent_text(0.347) == "35%"
    assert percent_text(0.001) == "less than 1%"
    assert percent_text(0) == "0%"


def test_the_bundled_battle_reads_in_sentences():
    payload = load_view_data()["payload"]
    texts = payload["descriptions"]
    assert len(texts) == len(payload["dates"])
    changed = list(payload["change_days"])
    for day in changed:
        assert "changed:" in texts[day], texts[day]
        assert re.search(r"\((reported|inferred)\)", texts[day]), texts[day]
    quiet = [d for d in range(1, len(texts)) if d not in changed]
    for day in quiet:
        assert "No district changed hands" in texts[day]
    # Names never come as ids; no "km2" abbreviation.
    assert all("km2" not in t and "km²" not in t for t in texts)
    hanano = payload["names"][payload["ids"].index("hanano")]
    assert any(hanano + " (" in t for t in texts)


def test_the_chart_is_described_by_its_first_and_last_day_and_biggest_gain(payload):
    from dashboard.describe import chart_description

    text = chart_description(payload)
    first, last = payload["stats"][0], payload["stats"][-1]
    assert text.startswith("Area held by each side, day by day, from 15 November 2016 to ")
    for f, label in payload["map"]["labels"].items():
        want = f"{label} from {area_text(first[f + '_km2'])} to {area_text(last[f + '_km2'])}"
        assert want in text
    # The rebels' counter-attack takes all of Charlie (1 km²) back in one day.
    assert (
        "The biggest gain in one day was 1.0 square kilometre by Rebel groups"
        " on Friday 18 November 2016." in text
    )
