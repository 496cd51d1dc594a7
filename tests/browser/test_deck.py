"""The HTML deck of the bundled story, opened from disk in Chromium with the network cut off.

The ``page`` fixture fails the test on any console error (a Content-Security-Policy
violation included) or page error; on top of it every request that is not ``file:`` or
``data:`` is aborted and reported. The pictures are plain PNGs here (the deck's words and
keys are under test; tests/test_deck.py checks the real pictures).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dashboard.export.deck import export_deck, step_text, story_of
from dashboard.viewdata import load_view_data

BUNDLED = "how-the-east-fell"
LOCAL = ("file:", "data:")


def _png(colour: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (1920, 1080), colour).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def deck_page(tmp_path_factory):
    data = load_view_data(None)
    story = story_of(data, BUNDLED)
    colours = ["#c8312b", "#2e8b3a", "#e5b92b"]
    images = [_png(colours[i % 3]) for i in range(len(story["steps"]))]
    out = tmp_path_factory.mktemp("deck") / "east.html"
    export_deck(data, BUNDLED, out, images=images)
    return out, [step_text(data, s) for s in story["steps"]]


@pytest.fixture
def offline_page(page, browser_problems):
    requests: list[str] = []

    def only_local(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            browser_problems.append(f"request left the file: {route.request.url}")
            route.abort()

    page.route("**", only_local)  # registered last, so it is asked first
    page.on("request", lambda r: requests.append(r.url))
    yield page
    others = [u for u in requests if not u.startswith(LOCAL)]
    assert others == [], f"the deck asked the network: {others}"


def _shown(page) -> str:
    return page.locator("section.slide:not([hidden])").inner_text()


def test_the_deck_advances_by_keyboard_and_shows_every_caption(offline_page, deck_page):
    path, texts = deck_page
    page = offline_page
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']")
    n = 1 + len(texts) + 1
    assert page.locator("section.slide").count() == n
    assert page.locator("#counter").inner_text() == f"1 / {n}"
    assert "How eastern Aleppo fell" in _shown(page)
    assert page.locator("#prev").is_disabled()
    for i, text in enumerate(texts):
        page.keyboard.press("ArrowRight")
        assert page.locator("#counter").inner_text() == f"{i + 2} / {n}"
        shown = page.locator("section.slide:not([hidden])")
        assert shown.count() == 1
        words = shown.inner_text()
        assert text["caption"] in words and text["title"] in words and text["date"] in words
        assert all(s["outlet"] in words for s in text["sources"])  # sources visible
        img = shown.locator("img")
        assert img.get_attribute("alt") == text["alt"]
        assert img.evaluate("i => i.complete && i.naturalWidth") == 1920
        assert img.is_visible()
    page.keyboard.press("ArrowRight")
    assert page.locator("#counter").inner_text() == f"{n} / {n}"
    assert "Credits" in _shown(page) and "Sources" in _shown(page)
    assert page.locator("#next").is_disabled()
    page.keyboard.press("ArrowRight")  # the last slide stays
    assert page.locator("#counter").inner_text() == f"{n} / {n}"
    page.keyboard.press("Home")
    assert page.locator("#counter").inner_text() == f"1 / {n}"
    page.keyboard.press("End")
    assert page.locator("body").get_attribute("data-slide") == str(n)
    page.keyboard.press("ArrowLeft")
    assert page.locator("#counter").inner_text() == f"{n - 1} / {n}"
    assert texts[-1]["caption"] in _shown(page)


def test_the_buttons_and_the_address_move_through_the_deck(offline_page, deck_page):
    path, texts = deck_page
    page = offline_page
    page.goto(path.resolve().as_uri() + "#slide-4")
    page.wait_for_selector("body[data-ready='1']")
    assert texts[2]["caption"] in _shown(page)
    page.get_by_role("button", name="Next slide").click()
    assert texts[3]["caption"] in _shown(page)
    assert page.evaluate("location.hash") == "#slide-5"
    page.get_by_role("button", name="Previous slide").click()
    page.get_by_role("button", name="Previous slide").click()
    assert texts[1]["caption"] in _shown(page)
    page.get_by_role("button", name="Last slide").click()
    assert "Credits" in _shown(page)
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert "Credits" in _shown(page)  # the address keeps the slide
