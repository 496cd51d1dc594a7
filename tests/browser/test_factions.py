"""The dashboard of a synthetic four-faction battle (ids, labels and colours unlike the
bundled scenario's; tests/synthetic_battle.py) in a real Chromium: the legend names the four
factions, the districts are filled in their colours, both palettes switch all four, and the
page shows nothing of the bundled scenario."""

from __future__ import annotations

import pytest

from tests import synthetic_battle as battle
from tests.browser.conftest import LiveServer
from tests.browser.helpers import fills, hex_to_rgb, wait_ready, wait_state

CREDITS = "Districts drawn for the test by Frontline Atlas."


@pytest.fixture(scope="module")
def data():
    return battle.view_data(battle.FOUR, credits=CREDITS)


@pytest.fixture(scope="module")
def four_server(data):
    from dashboard.app import create_app

    server = LiveServer(create_app(data).server).start()
    yield server
    server.stop()


def test_four_factions_in_legend_fills_and_palettes(page, four_server, data):
    payload = data["payload"]
    page.goto(four_server.url)
    wait_ready(page)
    legend = page.locator("#map .legend").text_content()
    for faction in battle.FOUR:
        assert faction.label in legend
    assert "Contested" in legend
    drawn = fills(page)
    assert set(drawn) == set(payload["ids"])
    for faction in battle.FOUR:
        assert drawn[f"d-{faction.id}"] == hex_to_rgb(faction.colour), faction.id
    text = page.locator("body").inner_text()
    assert CREDITS in text
    for word in ("Aleppo", "SDF", "Columbia", "Government", "Rebel", "Queiq"):
        assert word not in text, word
    palette = page.get_by_text(payload["map"]["palette_labels"]["colourblind"])
    assert "Colour-blind safe (blue, orange, bluish green, reddish purple)" in palette.inner_text()
    palette.click()
    colourblind = payload["palettes"]["colourblind"]
    wait_state(
        page,
        "document.querySelector('#map .js-plotly-plot').dataset.palette === 'colourblind'",
    )
    drawn = fills(page)
    for faction in battle.FOUR:
        assert drawn[f"d-{faction.id}"] == hex_to_rgb(colourblind[faction.id]), faction.id


def test_the_panel_names_the_holder_and_the_shares(page, four_server, data):
    page.goto(four_server.url + "?district=shared&date=2020-03-02")
    wait_ready(page)
    panel = page.locator("#district-panel")
    panel.locator(".status").wait_for()
    status = panel.locator(".status").inner_text()
    assert "Contested" in status, status
    assert "Northern league 50%, Southern front 50%" in status, status
