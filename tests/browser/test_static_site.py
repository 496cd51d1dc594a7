"""The static site (``frontline export site``) served by ``python -m http.server``: the
dashboard's journeys work with no Python of the project at run time, and the browser asks
for no file the site lacks.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dashboard.site import export_site
from dashboard.viewdata import load_view_data
from tests.browser.helpers import district_point, hex_to_rgb, wait_day, wait_ready

DATE = "2016-12-06"


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """The bundled battle's site, with its downloads, served by a stock static server."""
    root = tmp_path_factory.mktemp("static") / "site"
    export_site(None, root)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def missing(page) -> Iterator[list[str]]:
    """Every request the site answered with an error (a file it lacks), checked at the end."""
    seen: list[str] = []
    page.on("response", lambda r: seen.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield seen
    assert seen == [], f"requests for files the site lacks: {seen}"


def test_a_dated_link_shows_its_day_and_the_slider_moves(page, site, payload, missing):
    day = payload["dates"].index(DATE)
    page.goto(f"{site}/?date={DATE}")
    wait_ready(page)
    wait_day(page, day)
    assert page.text_content("#date-display") == payload["long_labels"][day]
    thumb = page.locator("#date-slider [role=slider]")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_day(page, day + 1)
    assert page.text_content("#date-display") == payload["long_labels"][day + 1]
    page.wait_for_url(f"**date={payload['dates'][day + 1]}**")


def test_clicking_a_district_opens_its_panel(page, site, missing):
    page.goto(f"{site}/?date={DATE}")
    wait_ready(page)
    x, y = district_point(page, "hanano")
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    panel = page.locator("#district-panel")
    panel.locator("h2").wait_for()
    assert "Hanano" in panel.locator("h2").text_content()
    assert "Held by" in panel.locator(".status").text_content()
    page.wait_for_url("**district=hanano**")


def test_the_still_link_is_that_days_png(page, site, payload, missing):
    page.goto(f"{site}/?date={DATE}&palette=colourblind")
    wait_ready(page)
    link = page.locator('#share a[data-kind="png"]')
    page.wait_for_function(
        "d => document.querySelector('#share a[data-kind=\"png\"]').href.includes(d)", arg=DATE
    )
    href = link.get_attribute("href")
    assert href.endswith(f"frontline-atlas-{DATE}-colourblind.png"), href
    response = page.request.get(site + href)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    gif = page.locator('#share a[data-kind="gif"]').get_attribute("href")
    assert page.request.get(site + gif).body()[:6] == b"GIF89a"


READY = "body[data-ready='1']"
SWATCHES = """() => Array.from(document.querySelectorAll('#frontline-map .legendpoints path'))
  .map(p => getComputedStyle(p).fill)"""


def test_the_embed_shows_the_asked_day_and_palette(page, site, missing):
    page.goto(f"{site}/embed?date=2016-11-28&controls=none")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator("#badge").text_content() == "28 Nov 2016"
    assert not page.locator("#slider").is_visible()
    # Another palette is another page of the site: the embed goes to it, keeping the view.
    page.goto(f"{site}/embed?date=2016-11-28&palette=colourblind&controls=full")
    page.wait_for_url("**/embed/colourblind.html?date=2016-11-28&palette=colourblind**")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.locator("#date").text_content() == "28 Nov 2016"
    swatches = page.evaluate(SWATCHES)
    assert hex_to_rgb("#d55e00") in swatches and hex_to_rgb("#c8312b") not in swatches
    # Its link to the dashboard opens the dashboard's index, not the embed's folder.
    opened = page.evaluate("() => document.getElementById('open').href")
    assert opened.startswith(f"{site}/?date=2016-11-28"), opened
