"""Accessibility in Chromium: axe-core finds nothing critical or serious on the dashboard
(with and without a district open), on ``/embed`` in each controls mode and on the HTML
export; a keyboard-only reader chooses a district and steps through the days; the feed has
one Tab stop per event and no control inside another.

axe-core is the copy ``axe-playwright-python`` (pinned in the test extra) ships and injects
from disk: nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from dashboard.export import export_html
from dashboard.viewdata import load_view_data
from tests.browser.helpers import shown_day, wait_day, wait_ready

BLOCKING = ("critical", "serious")
EMBED_READY = "body[data-ready='1']"


@pytest.fixture(scope="module")
def payload():
    return load_view_data()["payload"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _blocking(axe, page) -> list[str]:
    """The critical and serious violations axe finds on the page, one line each."""
    found = axe.run(page).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("query", ["", "?district=hanano&date=2016-11-27"])
def test_axe_finds_nothing_serious_on_the_dashboard(page, live_server, axe, query):
    page.goto(live_server.url + "/" + query)
    wait_ready(page)
    if query:
        page.wait_for_selector("#district-panel h2")
        # With the table view open too.
        page.locator("#control-table summary").click()
        page.wait_for_selector("#control-table tbody tr")
    # The day's text arrived (the map's description and the live region).
    page.wait_for_function("() => document.getElementById('day-announce').textContent.length > 40")
    assert _blocking(axe, page) == []


@pytest.mark.parametrize("query", ["", "?district=hanano&date=2016-12-06"])
def test_axe_finds_nothing_at_all_on_the_dashboard(page, live_server, axe, query):
    """No violation of any impact: every block is inside a landmark (the options and share
    bar too, axe's moderate rule "region")."""
    page.goto(live_server.url + "/" + query)
    wait_ready(page)
    if query:
        page.wait_for_selector("#district-panel h2")
    page.wait_for_function("() => document.getElementById('day-announce').textContent.length > 40")
    found = axe.run(page).response["violations"]
    assert [(v["impact"], v["id"], len(v["nodes"])) for v in found] == []


@pytest.mark.parametrize("controls", ["none", "slider", "full"])
def test_axe_finds_nothing_serious_on_the_embed(page, live_server, axe, controls):
    page.goto(f"{live_server.url}/embed?controls={controls}")
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    assert _blocking(axe, page) == []


@pytest.mark.parametrize("controls", ["none", "slider", "full"])
def test_axe_finds_nothing_at_all_on_the_embed(page, live_server, axe, controls):
    """Every part of /embed is inside a landmark (axe's moderate rule "region"), and axe
    has nothing else to say either, whatever its impact."""
    page.goto(f"{live_server.url}/embed?controls={controls}&date=2016-12-06")
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    found = axe.run(page).response["violations"]
    assert [(v["impact"], v["id"], len(v["nodes"])) for v in found] == []


@pytest.mark.parametrize(
    ("where", "first", "last"),
    [("/?date={}", "#prev-day", "#next-day"), ("/embed?controls=full&date={}", "#prev", "#next")],
)
def test_no_day_before_the_first_or_after_the_last(page, live_server, payload, where, first, last):
    """The day before is a button that cannot be pressed on the first day, the day after on
    the last (disabled and aria-disabled), in the dashboard and /embed."""
    dates = payload["dates"]

    def state(selector):
        return page.evaluate(
            "s => { const b = document.querySelector(s);"
            " return [b.disabled, b.getAttribute('aria-disabled')]; }",
            selector,
        )

    page.set_viewport_size({"width": 390, "height": 844})  # the embed shows them on a phone
    for date, off, on in ((dates[0], first, last), (dates[-1], last, first)):
        page.goto(live_server.url + where.format(date))
        if "embed" in where:
            page.wait_for_selector(EMBED_READY, timeout=60_000)
        else:
            wait_ready(page)
        page.wait_for_function("s => document.querySelector(s).disabled", arg=off)
        assert state(off) == [True, "true"], (date, off)
        assert state(on) == [False, "false"], (date, on)
    # One step back from the last day: both can be pressed again.
    page.locator(first).click()
    page.wait_for_function("s => !document.querySelector(s).disabled", arg=last)
    assert state(last) == [False, "false"] and state(first) == [False, "false"]


def test_axe_finds_nothing_serious_on_the_html_export(page, axe, tmp_path, payload):
    out = tmp_path / "map.html"
    export_html(load_view_data(), out)
    page.unroute("**/*")
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(out.as_uri())
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    assert _blocking(axe, page) == []
    # The map is described by the first day's text.
    assert page.locator("#map-description").text_content() == payload["descriptions"][0]


def _tab_to(page, selector: str, limit: int = 80, *, key: str = "Tab") -> int:
    """Press Tab (or ``key``, e.g. Shift+Tab) until the element matching ``selector`` has
    the focus; the presses taken."""
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return n
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journey(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-11-20")
    wait_ready(page)
    # The skip link comes first and leads to the map's part of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert page.evaluate("() => getComputedStyle(document.activeElement).top") == "8px"

    _tab_to(page, "#district-chooser")
    page.keyboard.type("Hanano")
    page.keyboard.press("Enter")
    page.wait_for_url("**district=hanano**")
    heading = page.locator("#district-panel h2")
    heading.wait_for()
    assert heading.text_content().startswith("Hanano")
    i = payload["ids"].index("hanano")
    page.wait_for_function(
        "i => { const gd = document.querySelector('#map .js-plotly-plot');"
        " const w = gd.data[0].marker.line.width; return Array.isArray(w) && w[i] > 1; }",
        arg=i,
    )
    assert "Hanano" in page.locator("#district-chooser-status").text_content()

    # Play, reached by the keyboard, shows a focus ring.
    page.focus("#play")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "play"
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"

    # Tab to the slider; the arrows change the day and, once it settles, the live region.
    # (the date controls come before the chooser in reading order: back up to them)
    _tab_to(page, "#date-slider [role=slider]", key="Shift+Tab")
    day = shown_day(page)
    before = page.locator("#day-announce").text_content()
    page.keyboard.press("ArrowRight")
    wait_day(page, day + 1)
    page.wait_for_function(
        "t => document.getElementById('day-announce').textContent === t",
        arg=payload["descriptions"][day + 1],
    )
    assert page.locator("#day-announce").text_content() != before
    assert payload["long_labels"][day + 1] in page.locator("#map-description").text_content()


def test_a_district_chosen_by_an_alias_or_arabic_name(page, live_server, payload):
    page.goto(live_server.url + "/?district=Sheikh%20Maqsood")
    wait_ready(page)
    page.wait_for_url("**district=sheikh-maqsoud**")
    assert page.locator("#district-panel h2").text_content().startswith("Sheikh Maqsood")
    assert page.locator("#notice").is_hidden()
    page.fill("#district-chooser", "هنانو")
    page.press("#district-chooser", "Enter")
    page.wait_for_url("**district=hanano**")
    page.fill("#district-chooser", "Sheikh")
    page.press("#district-chooser", "Enter")
    assert "No single district" in page.locator("#district-chooser-status").text_content()


def test_feed_events_are_one_tab_stop_each_with_no_control_inside_another(
    page, live_server, payload
):
    page.goto(live_server.url)
    wait_ready(page)
    page.wait_for_selector("#event-feed li.event")
    counts = page.evaluate(
        """() => {
        const focusable = 'a[href], button, input, select, textarea, [tabindex]';
        const items = Array.from(document.querySelectorAll('#event-feed li.event'));
        const stops = items.map(li => Array.from(li.querySelectorAll(focusable))
            .filter(e => e.tabIndex >= 0).length);
        const nested = Array.from(document.querySelectorAll('#event-feed ' + focusable))
            .filter(e => e.parentElement.closest('a[href], button')).length;
        return {items: items.length, stops, nested};
    }"""
    )
    assert counts["items"] == len(payload["events"])
    assert counts["stops"] == [1] * counts["items"]
    assert counts["nested"] == 0
    # Choosing an event (Enter on its button) moves the day and lets Tab reach its sources.
    event = next(e for e in payload["events"] if e["date"] == "2016-11-26" and e["sources"])
    button = page.locator(f'#event-feed button.event-show[data-event="{event["id"]}"]')
    button.focus()
    page.keyboard.press("Enter")
    wait_day(page, payload["dates"].index("2016-11-26"))
    item = page.locator(f'#event-feed li.event[data-event="{event["id"]}"]')
    links = item.locator("ul.sources a")
    if links.count():
        page.keyboard.press("Tab")
        assert (
            page.evaluate("() => document.activeElement.closest('li.event').dataset.event")
            == (event["id"])
        )


def test_table_view_of_the_day(page, live_server, payload):
    page.goto(live_server.url + "/?date=2016-11-27")
    wait_ready(page)
    page.locator("#control-table summary").click()
    rows = page.locator("#control-table tbody tr")
    rows.first.wait_for()
    assert rows.count() == len(payload["ids"])
    day = payload["dates"].index("2016-11-27")
    caption = page.locator("#control-table caption").text_content()
    assert payload["long_labels"][day] in caption
    hanano = page.locator('#control-table tr[data-district="hanano"]').text_content()
    assert "Held by Government and allies" in hanano
    assert "reported" in hanano or "inferred" in hanano


def test_area_chart_has_a_legend_and_an_opaque_hover(page, live_server, payload):
    page.goto(live_server.url)
    wait_ready(page)
    page.wait_for_selector("#area-chart .legend .traces")
    names = page.eval_on_selector_all(
        "#area-chart .legend .traces .legendtext", "ts => ts.map(t => t.textContent)"
    )
    assert sorted(names) == sorted(payload["map"]["labels"].values())
    bg = page.evaluate(
        "() => document.querySelector('#area-chart .js-plotly-plot')._fullLayout.hoverlabel.bgcolor"
    )
    assert bg.lower() in ("#ffffff", "#fff", "white", "rgb(255, 255, 255)")


def test_html_export_plays_and_steps_from_the_keyboard(page, tmp_path, payload):
    out = tmp_path / "map.html"
    export_html(load_view_data(), out)
    page.unroute("**/*")
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(out.as_uri())
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # the skip link takes the focus to Play
    assert page.evaluate("() => document.activeElement.id") == "play"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-playing='1']")
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-playing='0']")
    _tab_to(page, "#slider", limit=5)
    start = int(page.locator("#slider").input_value())
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert int(page.locator("#slider").input_value()) == start + 2
    assert page.locator("#date").text_content() == payload["long_labels"][start + 2]
    page.wait_for_function(
        "t => document.getElementById('announce').textContent === t",
        arg=payload["descriptions"][start + 2],
    )
    # The space bar plays from the slider too.
    page.keyboard.press(" ")
    page.wait_for_selector("body[data-playing='1']")


def test_no_mode_bar_button_for_sharing_or_selecting_in_the_export(page, tmp_path):
    out = Path(tmp_path) / "map.html"
    export_html(load_view_data(), out)
    page.unroute("**/*")
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(out.as_uri())
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    titles = page.eval_on_selector_all(
        ".modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))"
    )
    assert titles and not any(t in ("Share chart...", "Box Select", "Lasso Select") for t in titles)


def test_the_panel_strip_is_one_tab_stop_and_keeps_the_focus(page, live_server, payload):
    day = payload["dates"].index("2016-11-27")
    page.goto(live_server.url + "/?district=hanano&date=2016-11-27")
    wait_ready(page)
    page.wait_for_selector("#district-panel .strip button.cell")
    stops = page.eval_on_selector_all(
        "#district-panel .strip button.cell", "cs => cs.filter(c => c.tabIndex >= 0).length"
    )
    assert stops == 1
    page.focus("#district-panel .strip button.cell[tabindex='0']")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    wait_day(page, day - 2)
    # The panel was rebuilt for the new day; the focus is on that day's cell.
    page.wait_for_function(
        "d => { const a = document.activeElement;"
        " return a && a.classList.contains('cell') && a.dataset.day === String(d); }",
        arg=day - 2,
    )


def test_the_embed_takes_a_district_by_its_name(page, live_server):
    page.goto(f"{live_server.url}/embed?district=Sheikh%20Maqsood&controls=full")
    page.wait_for_selector(EMBED_READY, timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('.js-plotly-plot').dataset.district === 'sheikh-maqsoud'"
    )
    href = page.get_attribute("#open", "href")
    assert "district=sheikh-maqsoud" in href
