"""``/_frontline/arrows``: the arrows of a window as JSON, cached, 400 on bad days."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.compare import compare_payload
from timeline import load_scenario


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def test_arrows_of_26_nov_to_13_dec(client):
    got = client.get("/_frontline/arrows?from=2016-11-26&to=2016-12-13")
    assert got.status_code == 200
    assert got.mimetype == "application/json"
    assert "max-age" in got.headers["Cache-Control"]
    body = got.get_json()
    assert (body["from"], body["to"]) == ("2016-11-26", "2016-12-13")
    assert body["caption"] == "Changes 26 Nov → 13 Dec 2016"
    scenario = load_scenario(None)
    ids = [str(i) for i in scenario.districts.index]
    want = compare_payload(scenario, "2016-11-26", "2016-12-13", ids)["arrows"]
    assert body["arrows"] == want
    assert len(body["arrows"]) >= 2
    first = body["arrows"][0]
    assert first["faction"] == "government"
    assert first["weight"] == 1.0
    assert len(first["lons"]) == len(first["lats"]) == 3
    # The same window again: the browser's copy is still good.
    again = client.get(
        "/_frontline/arrows?from=2016-11-26&to=2016-12-13",
        headers={"If-None-Match": got.headers["ETag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("from=2016-11-26", "?to=YYYY-MM-DD"),
        ("from=26/11/2016&to=2016-12-06", "not a date"),
        ("from=2016-02-30&to=2016-12-06", "not a date"),
        ("from=2015-11-26&to=2016-12-06", "outside the battle"),
        ("from=2016-12-06&to=2016-11-26", "the first day must come first"),
    ],
)
def test_bad_days_get_one_line_400(client, query, says):
    got = client.get("/_frontline/arrows?" + query)
    assert got.status_code == 400
    text = got.get_data(as_text=True)
    assert says in text
    assert text.count("\n") == 1
    assert "Traceback" not in text


def test_compare_route_has_what_the_embed_draws(client):
    got = client.get("/_frontline/compare?from=2016-11-26&to=2016-12-06")
    assert got.status_code == 200
    body = got.get_json()
    assert body["caption"] == "Changes 26 Nov → 6 Dec 2016"
    assert len(body["rows"]) == 52
    assert body["km2"]["government"] == pytest.approx(24.4464, abs=1e-3)
    lons, lats = body["front_from"]
    assert len(lons) == len(lats) > 10
    assert set(body["palettes"]["conventional"]) >= set(body["factions"])
    assert body["labels"]["government"] == "Government and allies"
    assert client.get("/_frontline/compare?from=2016-12-06&to=2016-11-26").status_code == 400
