"""The first paint: the requested view's map as an inline SVG, drawn on the server from the
payload the browser paints from (dashboard/firstpaint.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from dashboard.figures import frame_fill
from dashboard.firstpaint import FirstView, browser_mix, first_paint, read_view, skeleton
from dashboard.viewdata import load_view_data

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data():
    return load_view_data()


@pytest.fixture(scope="module")
def draw(data):
    return first_paint(data)


def district_fills(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {p.get("data-id"): p.get("fill") for p in root.iter(f"{SVG}path") if p.get("data-id")}


@pytest.mark.parametrize(
    ("date", "palette"),
    [("2016-11-15", "conventional"), ("2016-12-06", "conventional"), ("2016-12-13", "colourblind")],
)
def test_fills_are_the_payloads_colours_of_the_day(data, draw, date, palette):
    payload = data["payload"]
    view = read_view(payload, {"date": date, "palette": palette})
    assert (view.day, view.palette) == (payload["dates"].index(date), palette)
    fills = district_fills(draw(view))
    expected = dict(
        zip(payload["ids"], frame_fill(payload, view.day * payload["per_day"], palette))
    )
    assert fills.keys() == expected.keys()
    # The same colours, rounded as the browser rounds a mixed colour (a half up, where
    # Python's round goes to even): at most one unit of a channel apart.
    for d, colour in fills.items():
        a, b = bytes.fromhex(colour[1:]), bytes.fromhex(expected[d][1:])
        assert max(abs(x - y) for x, y in zip(a, b)) <= 1, d
    whole = set(payload["palettes"][palette].values())
    assert sum(fills[d] == expected[d] for d in fills) >= len(fills) - 5
    assert sum(c in whole for c in fills.values()) > 80


def test_a_mixed_colour_rounds_halves_up_as_the_browser_does():
    assert browser_mix([0.5, 0.5], ["#000000", "#010101"]) == "#010101"
    assert browser_mix([1, 0], ["#3e8639", "#ffffff"]) == "#3e8639"


def test_days_and_palettes_differ(data, draw):
    payload = data["payload"]
    early = district_fills(draw(read_view(payload, {"date": "2016-11-15"})))
    late = district_fills(draw(read_view(payload, {"date": "2016-12-13"})))
    blind = district_fills(
        draw(read_view(payload, {"date": "2016-12-13", "palette": "colourblind"}))
    )
    assert sum(early[d] != late[d] for d in early) > 20
    assert all(late[d] != blind[d] for d in late)


def test_legend_date_front_river_and_names_are_drawn(data, draw):
    payload = data["payload"]
    day = payload["dates"].index("2016-12-06")
    svg = draw(FirstView(day, "conventional"))
    root = ET.fromstring(svg)
    assert root.get("data-date") == "2016-12-06"
    assert "Tuesday 6 December 2016" in root.find(f"{SVG}title").text
    legend = " ".join(t.text for t in root.iter(f"{SVG}text") if t.text)
    for label in payload["map"]["labels"].values():
        assert label in legend
    assert "Front line" in legend and "Contested" in legend
    front = [p for p in root.iter(f"{SVG}path") if p.get("class") == "fp-front"]
    assert front and len(front[0].get("d")) > 100
    assert front[0].get("stroke") == payload["palettes"]["conventional"]["front"]
    assert [p for p in root.iter(f"{SVG}path") if p.get("class") == "fp-river"]
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert "Sheikh Maqsood" in names or "Hanano" in names
    parts = [p for p in root.iter(f"{SVG}path") if p.get("class") == "fp-part"]
    assert parts  # 6 December has shared districts


def test_bad_parameters_fall_back_as_the_page_does(data):
    payload = data["payload"]
    last = len(payload["dates"]) - 1
    default = payload["map"]["default_palette"]
    assert read_view(payload, {}) == FirstView(0, default)
    assert read_view(payload, {"date": "2016-02-30"}) == FirstView(0, default)
    assert read_view(payload, {"date": "nonsense"}).day == 0
    assert read_view(payload, {"date": "2099-01-01"}).day == last
    assert read_view(payload, {"date": "1999-01-01"}).day == 0
    assert read_view(payload, {"palette": "<b>"}).palette == default
    assert read_view(payload, {"district": '"><script>'}).district is None
    assert read_view(payload, {"district": "hanano"}).district == "hanano"


def test_names_are_escaped(data):
    payload = {**data["payload"]}
    payload["names"] = ["<b>&Bold</b>"] * len(payload["names"])
    payload["title"] = '<script>alert("x")</script>'
    svg = first_paint({**data, "payload": payload})(FirstView(0, "conventional"))
    page = skeleton(payload, FirstView(0, "conventional"), svg)
    assert "<b>" not in svg and "<script>" not in page
    ET.fromstring(svg)  # well-formed
    assert "&lt;b&gt;&amp;Bold&lt;/b&gt;" in svg


def test_the_selected_district_is_outlined(data, draw):
    svg = draw(FirstView(0, "conventional", "hanano"))
    assert svg.count('class="fp-selected"') == 2
    assert 'class="fp-selected"' not in draw(FirstView(0, "conventional"))


def test_the_index_page_carries_the_view_asked_for():
    from dashboard.app import create_app

    client = create_app().server.test_client()
    page = client.get("/?date=2016-12-06&palette=colourblind").get_data(as_text=True)
    entry = page.split('<div id="react-entry-point">', 1)[1]
    assert entry.lstrip().startswith('<div id="first-paint"')
    assert 'data-date="2016-12-06"' in entry and 'data-palette="colourblind"' in entry
    assert "Tuesday 6 December 2016" in entry
    assert "_dash-loading" not in page
    # No inline script in the part (the page's CSP lists the hashes of the page as built).
    first = entry.split("</main></div>", 1)[0]
    assert "<script" not in first
    for bad in ("/?date=%ff%fe", "/?palette=%3Cx%3E&date=2016-99-99", "/?district=%22%3E"):
        response = client.get(bad)
        assert response.status_code == 200
        assert re.search(r'data-date="2016-11-15"', response.get_data(as_text=True))


def test_the_embed_carries_the_view_asked_for():
    from dashboard.app import create_app

    client = create_app().server.test_client()
    page = client.get("/embed?date=2016-12-06").get_data(as_text=True)
    assert '<div id="first-paint" data-day="21">' in page
    assert 'data-date="2016-12-06"' in page
    assert "fp-legend" not in page  # the embed keeps its own key along the bottom
    assert client.get("/embed?date=%ff&palette=%3C").status_code == 200


def test_the_first_paint_reads_names_and_story_steps_as_the_page_does():
    from dashboard.firstpaint import read_view
    from dashboard.viewdata import load_view_data

    payload = load_view_data(None)["payload"]
    step = payload["stories"]["how-the-east-fell"]["steps"][2]
    view = read_view(payload, {"story": "how-the-east-fell", "step": "3"})
    assert payload["dates"][view.day] == step["date"] and view.district == step["focus"]
    assert read_view(payload, {"district": "Sheikh Maqsood"}).district == "sheikh-maqsoud"
    assert read_view(payload, {"palette": "nonsense"}).palette == "conventional"
