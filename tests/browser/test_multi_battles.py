"""Two battles from one server (``dashboard.multi.create_server``) in a real Chromium: the
2-faction fixture (tests/fixtures/two_sides, near 14° E 50° N) and the 4-faction one
(tests/fixtures/four_sides, near 145° E 38° S), each under its own path. For each: the legend
names its factions, the districts are filled in its colours, the keyboard scrubs the date and
the URL follows, and nothing of the bundled battle shows; the index page's links lead to
them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.viewdata import load_view_data
from tests.browser.conftest import LiveServer
from tests.browser.helpers import fills, hex_to_rgb, page_state, query_of, wait_day, wait_ready

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BATTLES = {"two-sides": FIXTURES / "two_sides", "four-sides": FIXTURES / "four_sides"}
FOREIGN = ("Aleppo", "SDF", "Columbia")


@pytest.fixture(scope="module")
def battles_server():
    from dashboard.multi import create_server

    server = LiveServer(create_server(list(BATTLES.values()))).start()
    yield server
    server.stop()


def _payload(slug: str) -> dict:
    return load_view_data(BATTLES[slug])["payload"]


def _expected_fills(payload: dict, day: int, palette: str = "conventional") -> dict[str, str]:
    colours = payload["colours"][palette]
    return {d: hex_to_rgb(colours[payload["days"][day][i]]) for i, d in enumerate(payload["ids"])}


def _rgb(text: str) -> list[int]:
    return [int(v) for v in text[4:-1].split(",")]


def _assert_fills(drawn: dict[str, str], expected: dict[str, str]) -> None:
    """The same districts in the same colours (within rounding for mixed fills)."""
    assert set(drawn) == set(expected)
    for district, colour in expected.items():
        got = _rgb(drawn[district])
        assert max(abs(a - b) for a, b in zip(got, _rgb(colour))) <= 2, (district, got, colour)


def _query_date(url: str, date: str) -> bool:
    return query_of(url).get("date") == date


@pytest.mark.parametrize("slug", list(BATTLES))
def test_each_battle_draws_its_factions_and_scrubs_under_its_path(page, battles_server, slug):
    payload = _payload(slug)
    page.goto(f"{battles_server.url}/{slug}/")
    wait_ready(page)
    legend = page.locator("#map .legend").text_content()
    for faction in payload["map"]["factions"]:
        assert payload["map"]["labels"][faction] in legend, faction
    drawn = fills(page)
    _assert_fills(drawn, _expected_fills(payload, 0))
    held = {payload["palettes"]["conventional"][f] for f in payload["map"]["factions"]}
    assert {hex_to_rgb(c) for c in held} <= set(drawn.values())  # every faction holds some
    text = page.locator("body").inner_text()
    for word in FOREIGN:
        assert word not in text, word

    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_day(page, 1)
    assert page.text_content("#date-display") == payload["long_labels"][1]
    page.wait_for_url(
        lambda url: (
            url.startswith(f"{battles_server.url}/{slug}/?")
            and _query_date(url, payload["dates"][1])
        )
    )
    page.keyboard.press("End")
    last = len(payload["dates"]) - 1
    wait_day(page, last)
    page.wait_for_url(lambda url: _query_date(url, payload["dates"][last]))
    _assert_fills(fills(page), _expected_fills(payload, last))

    # The link reproduces the view; the page's download links stay under its path.
    page.goto(f"{battles_server.url}/{slug}/?date={payload['dates'][2]}&palette=colourblind")
    wait_ready(page)
    wait_day(page, 2)
    page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot').dataset.palette === 'colourblind'"
    )
    _assert_fills(fills(page), _expected_fills(payload, 2, "colourblind"))
    png = page.locator('#share a[data-kind="png"]').evaluate("a => a.href")
    assert png.startswith(f"{battles_server.url}/{slug}/download/still.png?")
    assert query_of(png) == {"date": payload["dates"][2], "palette": "colourblind"}
    assert query_of(page.url)["date"] == payload["dates"][2]
    # The embed snippet points at this battle's /embed (share.mjs, from the page's path).
    page.click("#copy-embed")
    snippet = _copied(page)
    src = f'src="{battles_server.url}/{slug}/embed?date={payload["dates"][2]}&amp;palette='
    assert src in snippet, snippet


def _copied(page, timeout_ms: int = 10_000) -> str:
    """What the page put on the clipboard (its state, as helpers.page_state reads it)."""
    for _ in range(timeout_ms // 50):
        text = page_state(page, "s.copied || ''")
        if text:
            return text
        page.wait_for_timeout(50)
    raise AssertionError("nothing was copied")


@pytest.mark.parametrize("slug", list(BATTLES))
def test_each_battle_embed_draws_its_colours(page, battles_server, slug):
    payload = _payload(slug)
    page.goto(f"{battles_server.url}/{slug}/embed?date={payload['dates'][0]}")
    page.wait_for_selector(".choroplethlocation", timeout=30_000)
    colours = set(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('.choroplethlocation'))"
            ".map(p => getComputedStyle(p).fill)"
        )
    )
    for faction in payload["map"]["factions"]:
        assert hex_to_rgb(payload["palettes"]["conventional"][faction]) in colours, faction


def test_the_index_page_links_to_each_battle(page, battles_server):
    page.goto(battles_server.url + "/")
    items = page.locator("li.battle")
    assert items.count() == 2
    for slug in BATTLES:
        payload = _payload(slug)
        page.goto(battles_server.url + "/")
        item = page.locator(f'li.battle[data-slug="{slug}"]')
        for faction in payload["map"]["factions"]:
            swatch = item.locator(f'[data-faction="{faction}"] .swatch')
            colour = payload["palettes"]["conventional"][faction]
            assert swatch.evaluate("s => getComputedStyle(s).backgroundColor") == hex_to_rgb(colour)
        item.get_by_role("link", name=payload["title"]).click()
        page.wait_for_url(f"{battles_server.url}/{slug}/")
        wait_ready(page)
        assert page.title() == "Frontline Atlas"
        assert set(fills(page)) == set(payload["ids"])
