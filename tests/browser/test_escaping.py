"""Text from the data is shown as text: markup in an event or a name never runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import LiveServer
from tests.browser.helpers import wait_ready

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def test_markup_in_the_data_is_escaped(page, tmp_path):
    scenario = tmp_path / "hostile"
    shutil.copytree(MINI, scenario)
    events_file = scenario / "events.yaml"
    events = yaml.safe_load(events_file.read_text(encoding="utf-8"))
    target = next(e for e in events if e.get("districts"))
    target["title"] = "Title " + PAYLOAD
    target["summary"] = "Summary " + PAYLOAD
    events_file.write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")

    from dashboard.app import create_app

    server = LiveServer(create_app(scenario).server).start()
    try:
        page.goto(server.url + f"/?district={target['districts'][0]}")
        wait_ready(page)
        feed_text = page.text_content("#event-feed")
        assert "Summary <img src=x" in feed_text
        assert page.locator("#event-feed img").count() == 0
        assert page.locator("#district-panel img, #district-panel script").count() == 0
        assert page.evaluate("() => window.__pwned === undefined")
    finally:
        server.stop()


# Names holding plotly's label markup: plotly would draw a live link and bold text.
LINK = '<a href="https://x">x</a>'
DISTRICT_NAME = LINK + " Alpha"
BOLD_DISTRICT = "<b>Bravo</b>"
LANDMARK_NAME = LINK + " silo"
RIVER_NAME = "<b>River</b> <i>Queiq</i>"
FACTION_LABEL = "<b>Gov</b> " + LINK


def hostile_names(folder: Path) -> Path:
    """A copy of the mini scenario whose district, landmark and faction names hold markup."""
    import json

    shutil.copytree(MINI, folder)
    districts = json.loads((folder / "districts.geojson").read_text(encoding="utf-8"))
    names = {"alpha": DISTRICT_NAME, "bravo": BOLD_DISTRICT}
    for feature in districts["features"]:
        props = feature["properties"]
        props["name"] = names.get(props["id"], props["name"])
    (folder / "districts.geojson").write_text(json.dumps(districts), encoding="utf-8")
    landmarks = json.loads((folder / "landmarks.geojson").read_text(encoding="utf-8"))
    for feature in landmarks["features"]:
        props = feature["properties"]
        if props["kind"] == "river":
            props["name"] = RIVER_NAME
        else:  # a labelled kind: its name is drawn on the map
            props["name"], props["kind"] = LANDMARK_NAME, "fortress"
    (folder / "landmarks.geojson").write_text(json.dumps(landmarks), encoding="utf-8")
    info = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
    info["factions"][0]["label"] = FACTION_LABEL
    (folder / "scenario.yaml").write_text(yaml.safe_dump(info), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_names(tmp_path_factory.mktemp("markup") / "hostile")


# What plotly drew in a plot: its links, and the text of its legend, labels and annotations.
DRAWN_JS = """sel => { const root = document.querySelector(sel);
  return { links: root.querySelectorAll('a').length,
    bold: root.querySelectorAll('.legendtext tspan[style*="bold"], text tspan[style*="bold"]')
      .length,
    text: Array.from(root.querySelectorAll('text')).map(t => t.textContent).join('\\n') }; }"""


def _hover(page, plot: str, district: str) -> str:
    x, y = page.evaluate(
        """([plot, d]) => { const p = [...document.querySelectorAll(plot + ' .choroplethlocation')]
            .find(p => p.__data__.loc === d);
          const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }""",
        [plot, district],
    )
    page.mouse.move(5, 5)
    page.mouse.move(x, y)
    page.wait_for_selector(plot + " .hovertext")
    return page.evaluate(
        "sel => ({ text: document.querySelector(sel + ' .hovertext').textContent,"
        " links: document.querySelectorAll(sel + ' .hoverlayer a').length })",
        plot,
    )


def _assert_literal(drawn: dict) -> None:
    assert drawn["links"] == 0, drawn
    for literal in (LANDMARK_NAME, RIVER_NAME, FACTION_LABEL):
        assert literal in drawn["text"], (literal, drawn["text"])


def test_names_with_markup_are_drawn_as_text_in_the_dashboard(page, hostile):
    from dashboard.app import create_app

    server = LiveServer(create_app(hostile).server).start()
    try:
        page.goto(server.url + "/?date=2016-11-15")
        wait_ready(page)
        _assert_literal(page.evaluate(DRAWN_JS, "#map"))
        hover = _hover(page, "#map", "alpha")
        assert hover["links"] == 0 and DISTRICT_NAME in hover["text"], hover
        hover = _hover(page, "#map", "bravo")
        assert BOLD_DISTRICT in hover["text"], hover
        # The page's own text (panel, feed) shows the name as it is, through textContent.
        page.goto(server.url + "/?date=2016-11-15&district=alpha")
        wait_ready(page)
        page.wait_for_function(
            "t => document.querySelector('#district-panel').textContent.includes(t)",
            arg=DISTRICT_NAME,
        )
        assert page.locator("#district-panel a[href='https://x']").count() == 0
    finally:
        server.stop()


def test_names_with_markup_are_drawn_as_text_in_the_embed(page, hostile):
    from dashboard.app import create_app

    server = LiveServer(create_app(hostile).server).start()
    try:
        page.goto(server.url + "/embed?date=2016-11-15&controls=full")
        page.wait_for_selector(".js-plotly-plot .choroplethlocation", timeout=30_000)
        drawn = page.evaluate(DRAWN_JS, ".js-plotly-plot")
        assert drawn["links"] == 0, drawn
        assert LANDMARK_NAME in drawn["text"], drawn["text"]
        hover = _hover(page, ".js-plotly-plot", "alpha")
        assert hover["links"] == 0 and DISTRICT_NAME in hover["text"], hover
    finally:
        server.stop()


def test_names_with_markup_are_drawn_as_text_in_the_html_export(page, hostile, tmp_path):
    from dashboard.export import export_html
    from dashboard.viewdata import load_view_data

    out = tmp_path / "hostile.html"
    export_html(load_view_data(hostile), out)
    page.unroute("**/*")  # the page is a file: the loopback guard would refuse it
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    page.goto(out.resolve().as_uri())
    page.wait_for_selector("#frontline-map .choroplethlocation", timeout=30_000)
    _assert_literal(page.evaluate(DRAWN_JS, "#frontline-map"))
    hover = _hover(page, "#frontline-map", "alpha")
    assert hover["links"] == 0 and DISTRICT_NAME in hover["text"], hover


def test_names_with_markup_are_drawn_as_text_in_the_svg_export(hostile):
    from xml.etree import ElementTree

    from dashboard.export.still import still_bytes
    from dashboard.viewdata import load_view_data

    data = load_view_data(hostile)
    svg = still_bytes(data, 0, "svg", width=960, height=540, district="alpha").decode("utf-8")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.findall(f".//{ns}a") == []
    text = "\n".join("".join(t.itertext()) for t in root.iter(f"{ns}text"))
    for literal in (LANDMARK_NAME, RIVER_NAME, FACTION_LABEL, "Outlined: " + DISTRICT_NAME):
        assert literal in text, (literal, text)
