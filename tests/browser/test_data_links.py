"""The Download bar's data links (issue 18): they follow the slider and the compare view, and
download files that parse (the bundled Aleppo scenario on the session's live server)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from tests.browser.helpers import page_state, wait_ready

DATA = '[data-share="data"]'
GEOJSON = f'{DATA} a[data-kind="data-geojson"]'
CSV = f'{DATA} a[data-kind="data-csv"]'


def _href(page, selector: str) -> str:
    return page.get_attribute(selector, "href")


def _wait_href(page, selector: str, part: str) -> None:
    page.wait_for_function(
        "([sel, part]) => (document.querySelector(sel).getAttribute('href') || '').includes(part)",
        arg=[selector, part],
        timeout=10_000,
    )


def _download(page, selector: str) -> tuple[str, bytes]:
    if not page.locator(selector).is_visible():  # the links are folded under "Data"
        page.click(f"{DATA} > summary")
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_data_links_follow_the_slider_and_download_the_day(page, live_server):
    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _wait_href(page, GEOJSON, "date=2016-12-06")
    assert _href(page, GEOJSON) == "download/day.geojson?date=2016-12-06"
    assert page.text_content(f"{DATA} [data-scope]") == "this day"
    page.locator("#date-slider [role=slider]").focus()
    page.keyboard.press("ArrowRight")
    _wait_href(page, CSV, "date=2016-12-07")
    assert _href(page, CSV) == "download/day.csv?date=2016-12-07"
    assert _href(page, f'{DATA} a[data-kind="control-json"]') == "download/control.json"

    name, body = _download(page, CSV)
    assert name == "frontline-atlas-aleppo_2016-2016-12-07.csv"
    text = body.decode("utf-8")
    assert "# scenario: aleppo_2016" in text and "# dates: 2016-12-07" in text
    assert "# licence: " in text
    table = pd.read_csv(io.StringIO(text), comment="#")
    assert len(table) == 135 and {"district", "holder", "since", "confidence"} <= set(table)

    name, body = _download(page, GEOJSON)
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 135
    assert collection["metadata"]["dates"] == ["2016-12-07"]

    name, body = _download(page, f'{DATA} a[data-kind="events-csv"]')
    events = pd.read_csv(io.StringIO(body.decode("utf-8")), comment="#")
    assert len(events) > 20 and "title" in events


def test_data_links_follow_the_compare_view(page, live_server):
    from timeline import load_scenario
    from timeline.diff import diff_days

    page.goto(live_server.url + "/?date=2016-12-06")
    wait_ready(page)
    _wait_href(page, GEOJSON, "date=2016-12-06")
    a_day = page_state(page, "s.payload.dates.indexOf('2016-11-26')")
    # The compare view of the page (page.compare, set by the compare controls) ...
    page.evaluate(
        "(a) => { window.__testPageState.compare = {day: a, arrows: true, swipe: false}; }", a_day
    )
    page.click(f"{DATA} > summary")  # ... the bar looks again when it is reached
    _wait_href(page, GEOJSON, "compare=")
    assert _href(page, GEOJSON) == (
        "download/diff.geojson?date=2016-12-06&compare=2016-11-26&arrows=1"
    )
    assert _href(page, CSV) == "download/diff.csv?date=2016-12-06&compare=2016-11-26"
    assert _href(page, '#share a[data-kind="png"]').endswith("compare=2016-11-26&arrows=1")
    assert page.text_content(f"{DATA} [data-scope]") == "changes since 26 Nov"

    name, body = _download(page, GEOJSON)
    assert name == "frontline-atlas-aleppo_2016-changes-2016-11-26-to-2016-12-06.geojson"
    collection = json.loads(body)
    assert collection["metadata"]["dates"] == ["2016-11-26", "2016-12-06"]
    districts = [f["id"] for f in collection["features"] if f["properties"].get("kind") != "arrow"]
    assert districts == list(diff_days(load_scenario(None), "2016-11-26", "2016-12-06").ids)
    assert any(f["properties"].get("kind") == "arrow" for f in collection["features"])

    _name, body = _download(page, CSV)
    table = pd.read_csv(io.StringIO(body.decode("utf-8")), comment="#")
    assert table["district"].tolist() == districts

    # Clearing the compare day brings the day's links back.
    page.evaluate("() => { window.__testPageState.compare = {day: null, arrows: false}; }")
    page.click(f"{DATA} > summary")
    _wait_href(page, CSV, "day.csv")
    assert page.text_content(f"{DATA} [data-scope]") == "this day"
