"""The compare view in Chromium: ``?date=B&compare=A[&arrows=1]`` on ``/`` and ``/embed``.

The list's rows are ``timeline.diff``'s districts (what ``frontline diff`` prints) for
26 Nov → 6 Dec, with its km²; a click on a row, or Enter on it, selects the district; the
comparison survives a reload and back/forward; moving day B while comparing asks the
server for nothing; the controls are reachable by Tab and labelled and the live region
says what changed; the list sits below the map on a 390 px phone; ``/embed?compare=``
outlines the same districts.
"""

from __future__ import annotations

import json

import pytest

from dashboard.viewdata import load_view_data
from tests.browser.helpers import hex_to_rgb, query_of, wait_day, wait_ready
from timeline import load_scenario
from timeline.diff import diff_days

A, B = "2016-11-26", "2016-12-06"
GD = "document.querySelector('#map .js-plotly-plot')"
ROWS_JS = (
    "() => [...document.querySelectorAll('#changes li.change')].map(li => li.dataset.district)"
)
# The overlay's traces, by name: the halo's rings and each faction's outline.
OVERLAY_JS = f"""() => {{ const gd = {GD}; const out = {{}};
  gd.data.forEach(t => {{ if (t.name && (t.name.startsWith('compare-')
      || t.name.startsWith('Front line on') || t.name.startsWith('arrows')))
    out[t.name] = {{points: (t.lon || []).filter(v => v !== null).length,
      colour: t.line && t.line.color, width: t.line && t.line.width,
      dash: t.line && t.line.dash, legend: t.showlegend}}; }});
  return out; }}"""


@pytest.fixture(scope="module")
def payload():
    return load_view_data(None)["payload"]


@pytest.fixture(scope="module")
def diff():
    return diff_days(load_scenario(None), A, B)


def _open(page, url: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector("#changes:not([hidden]) li.change", timeout=20_000)


def test_list_rows_are_the_diffs_districts(page, live_server, payload, diff, run_cli):
    _open(page, f"{live_server.url}/?date={B}&compare={A}")
    rows = page.evaluate(ROWS_JS)
    assert rows == list(diff.ids)
    assert len(rows) == 52
    printed = run_cli("diff", "--from", A, "--to", B, "--format", "json")
    assert printed.code == 0, printed.err
    assert rows == [d["district"] for d in json.loads(printed.out)["districts"]]
    assert page.text_content("#changes-title") == "Changes 26 Nov → 6 Dec 2016"
    status = page.text_content("#changes-status")
    assert status.startswith("Comparing 6 December with 26 November: 52 districts changed")
    assert page.text_content("#changes .changes-count") == "52 districts changed:"
    net = page.text_content("#changes .net")
    assert f"+{diff.km2['government']:.2f} km²" in net
    assert f"−{-diff.km2['rebel']:.2f} km²" in net
    assert "21.9% → 71.3%" in page.text_content("#changes .enclave")
    # A row: from → to, the change behind it with its confidence and a source link.
    first = diff.districts[0]
    row = page.locator(f'#changes li.change[data-district="{first.district}"]')
    assert first.name in row.text_content()
    assert "→" in row.locator(".change-shares").text_content()
    assert row.locator(".change-why").count() == len(first.changes)
    assert first.changes[0].confidence in row.locator(".confidence").first.text_content()
    assert row.locator("ul.sources a[href^='http']").count() >= 1
    # The map: every changed district ringed (halo), each in its gainer's outline, A's front
    # dashed and dark grey in the legend.
    overlay = page.evaluate(OVERLAY_JS)
    assert overlay["compare-halo"]["points"] > 52 * 4
    assert overlay["compare-halo"]["width"] == 5
    assert overlay["compare-halo"]["colour"] == "#ffffff"
    gov = overlay["compare-government"]
    assert gov["points"] > 0 and gov["width"] == 3
    assert gov["colour"] == payload["palettes"]["conventional"]["government"]
    front = overlay["Front line on 26 Nov"]
    assert (front["colour"], front["width"], front["dash"], front["legend"]) == (
        "#333333",
        1.5,
        "dash",
        True,
    )
    assert front["points"] > 10
    assert page.input_value("#compare-with") == A


def test_clicking_a_row_or_enter_selects_the_district(page, live_server, diff):
    _open(page, f"{live_server.url}/?date={B}&compare={A}")
    first, second = diff.districts[0], diff.districts[1]
    page.click(f'#changes li.change[data-district="{first.district}"] button.change-show')
    page.wait_for_url(f"**district={first.district}**")
    page.locator("#district-panel h2").wait_for()
    assert first.name in page.text_content("#district-panel h2")
    assert query_of(page.url)["compare"] == A
    button = page.locator(f'#changes li.change[data-district="{second.district}"] button')
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**district={second.district}**")
    page.wait_for_function(
        "n => document.querySelector('#district-panel h2').textContent.includes(n)",
        arg=second.name,
    )
    # The selected district's outline is on the map too.
    widths = page.evaluate(f"() => {GD}.data[0].marker.line.width")
    ids = page.evaluate("() => window.__testPageState.payload.ids")
    assert widths[ids.index(second.district)] > 3


def test_compare_survives_reload_and_history(page, live_server, payload):
    page.goto(f"{live_server.url}/?date={B}")
    wait_ready(page)
    assert page.locator("#changes").is_hidden()
    page.select_option("#compare-with", A)
    page.wait_for_url(f"**compare={A}**")
    page.wait_for_selector("#changes:not([hidden]) li.change")
    page.click("#compare-arrows")
    page.wait_for_url("**arrows=1**")
    page.wait_for_function(
        f"() => {GD}.data.some(t => t.name === 'arrows' && t.hovertext && t.hovertext.length)"
    )
    hover = page.evaluate(f"() => {GD}.data.find(t => t.name === 'arrows').hovertext[0]")
    assert "advance" in hover and "km²" in hover and "Nov" in hover
    page.reload()
    wait_ready(page)
    page.wait_for_selector("#changes:not([hidden]) li.change")
    assert page.input_value("#compare-with") == A
    assert page.get_attribute("#compare-arrows", "aria-pressed") == "true"
    assert len(page.evaluate(ROWS_JS)) == 52
    page.go_back()  # before the arrows
    page.wait_for_function("() => !location.search.includes('arrows')")
    page.wait_for_function(
        "() => document.querySelector('#compare-arrows').getAttribute('aria-pressed') === 'false'"
    )
    page.go_back()  # before the comparison
    page.wait_for_function("() => !location.search.includes('compare')")
    page.wait_for_selector("#changes", state="hidden")
    assert page.input_value("#compare-with") == ""
    halo = page.evaluate(OVERLAY_JS)["compare-halo"]["points"]
    assert halo == 0
    page.go_forward()
    page.wait_for_selector("#changes:not([hidden]) li.change")
    assert page.input_value("#compare-with") == A


def test_scrubbing_day_b_while_comparing_stays_in_the_browser(page, live_server, payload):
    _open(page, f"{live_server.url}/?date={B}&compare={A}")
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    slider = page.locator("#date-slider [role=slider]")
    slider.focus()
    day = payload["dates"].index(B)
    counts = []
    for step in range(1, 4):
        page.keyboard.press("ArrowRight")
        wait_day(page, day + step)
        page.wait_for_function(
            "d => document.querySelector('#changes-title').textContent.endsWith(d)",
            arg=payload["labels"][day + step] + " 2016",
        )
        counts.append(len(page.evaluate(ROWS_JS)))
    scenario = load_scenario(None)
    want = [len(diff_days(scenario, A, payload["dates"][day + s]).ids) for s in range(1, 4)]
    assert counts == want
    assert asked == []
    # Back before A: the list says so instead of listing.
    page.goto(f"{live_server.url}/?date=2016-11-20&compare={A}")
    wait_ready(page)
    page.wait_for_selector("#changes:not([hidden])")
    assert "before 26 November" in page.text_content("#changes-status")
    assert page.evaluate(ROWS_JS) == []


def test_keyboard_and_screen_reader_path(page, live_server):
    page.goto(f"{live_server.url}/?date={B}")
    wait_ready(page)
    select = page.get_by_label("Compare with…")
    assert select.evaluate("e => e.id") == "compare-with"
    group = page.get_by_role("group", name="Compare two dates")
    assert group.count() == 1
    # From the slider, Tab reaches the select (through playback's controls).
    page.locator("#date-slider [role=slider]").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "compare-with":
            break
    assert page.evaluate("() => document.activeElement.id") == "compare-with"
    select.select_option(A)
    page.wait_for_selector("#changes:not([hidden]) li.change")
    status = page.locator("#changes-status")
    assert status.get_attribute("role") == "status"
    assert status.text_content().startswith(
        "Comparing 6 December with 26 November: 52 districts changed"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "compare-clear"
    page.keyboard.press("Enter")
    page.wait_for_selector("#changes", state="hidden")
    assert "compare" not in page.url
    assert page.evaluate("() => document.activeElement.id") == "compare-with"


@pytest.mark.browser_context_args(
    viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
)
def test_phone_shows_the_list_below_the_map(page, live_server):
    _open(page, f"{live_server.url}/?date={B}&compare={A}")
    boxes = page.evaluate(
        """() => ['.map-box', '#changes', '.controls'].map(s => {
          const r = document.querySelector(s).getBoundingClientRect();
          return {top: r.top + scrollY, bottom: r.bottom + scrollY,
                  left: r.left, right: r.right}; })"""
    )
    box_map, changes, controls = boxes
    assert changes["top"] >= box_map["bottom"]
    assert changes["top"] >= controls["bottom"] - 1
    assert changes["left"] >= 0 and changes["right"] <= 390
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    assert len(page.evaluate(ROWS_JS)) == 52
    assert page.locator("#compare-swipe").is_hidden()  # the swipe is for wide screens


def test_embed_compare_outlines_the_changed_districts(page, live_server, diff):
    page.goto(f"{live_server.url}/embed?date={B}&compare={A}&arrows=1")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("[data-compared='52']", timeout=20_000)
    assert page.text_content("#badge").endswith("changes since 26 Nov")
    names = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.name)")
    assert "compare-halo" in names and "Front line on 26 Nov" in names
    hovers = page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data"
        ".find(t => t.name === 'arrows').hovertext"
    )
    assert len(hovers) >= 1
    assert f"compare={A}" in page.get_attribute("#open", "href")


def test_swipe_shows_day_a_left_of_the_divider(page, live_server, payload, diff):
    _open(page, f"{live_server.url}/?date={B}&compare={A}")
    page.click("#compare-swipe")
    assert page.get_attribute("#compare-swipe", "aria-pressed") == "true"
    a = payload["dates"].index(A)
    page.wait_for_selector(f".swipe-map[data-day='{a}']")
    # A district that changed hands: A's holder's colour in the copy, B's on the map.
    first = diff.districts[0]
    colour = page.evaluate(
        """d => { const fill = root => getComputedStyle([...root.querySelectorAll(
            '.choroplethlocation')].find(p => p.__data__.loc === d)).fill;
          return [fill(document.querySelector('.swipe-map')),
                  fill(document.querySelector('#map .js-plotly-plot'))]; }""",
        first.district,
    )
    conventional = payload["palettes"]["conventional"]
    assert colour[0] == hex_to_rgb(conventional[first.holder_before])
    assert colour[1] == hex_to_rgb(conventional[first.holder_after])
    handle = page.get_by_role("slider", name="Divider: Saturday 26 November 2016 on the left")
    assert handle.get_attribute("aria-valuenow") == "50"
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert handle.get_attribute("aria-valuenow") == "40"
    clip = page.evaluate("() => document.querySelector('.swipe-map').style.clipPath")
    assert clip == "inset(0px 60% 0px 0px)"
    # The map's day did not move with the divider's keys.
    assert query_of(page.url)["date"] == B
    page.click("#compare-swipe")
    page.wait_for_selector(".swipe-layer", state="detached")
