"""Figure builders, the browser payload, palettes and layout pieces, on the mini scenario.

The mini scenario (tests/fixtures/mini) is four squares over five days: government in
alpha, SDF in bravo, rebels in charlie and delta; charlie is half taken on the 16th, taken
on the 17th, retaken on the 18th.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import figures, layout
from dashboard.palettes import mix
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def data():
    return load_view_data(MINI)


@pytest.fixture(scope="module")
def payload(data):
    return data["payload"]


def _state(payload, day, district):
    return payload["states"][payload["days"][day][payload["ids"].index(district)]]


def test_mix_gives_exact_colours_for_whole_districts_and_between_for_shared(payload):
    conventional = payload["palettes"]["conventional"]
    colourblind = payload["palettes"]["colourblind"]
    order = payload["map"]["factions"]
    gov, rebel = conventional["government"], conventional["rebel"]
    assert mix([1, 0, 0], [conventional[f] for f in order]) == gov
    assert mix([0, 1, 0], [colourblind[f] for f in order]) == colourblind["rebel"]
    half = mix([0.5, 0.5, 0], [conventional[f] for f in order])
    assert half not in (gov, rebel)
    r_g, g_g, _ = (int(gov[i : i + 2], 16) for i in (1, 3, 5))
    r_r, g_r, _ = (int(rebel[i : i + 2], 16) for i in (1, 3, 5))
    assert int(half[1:3], 16) == round((r_g + r_r) / 2)
    assert int(half[3:5], 16) == round((g_g + g_r) / 2)


def test_unknown_palette_is_refused(payload):
    with pytest.raises(ValueError, match="unknown palette 'neon'"):
        figures.palette_colours(payload, "neon")


def test_payload_has_one_state_per_district_per_day(payload):
    assert len(payload["days"]) == len(payload["dates"]) == 5
    assert all(len(row) == len(payload["ids"]) for row in payload["days"])
    assert all(0 <= s < len(payload["states"]) for row in payload["days"] for s in row)
    for state in payload["states"]:
        assert len(state["shares"]) == len(payload["map"]["factions"])
        assert sum(state["shares"]) == pytest.approx(1.0)
    for key in ("conventional", "colourblind"):
        assert len(payload["colours"][key]) == len(payload["states"])


def test_payload_follows_the_control_changes(payload):
    assert _state(payload, 0, "charlie")["status"] == "rebel"
    assert _state(payload, 1, "charlie")["status"] == "contested"
    assert _state(payload, 2, "charlie")["status"] == "government"
    assert _state(payload, 3, "charlie")["status"] == "rebel"  # the counter-attack
    assert _state(payload, 3, "charlie")["since"] == payload["dates"][3]
    assert _state(payload, 4, "alpha")["since"] == payload["dates"][0]
    assert payload["change_days"] == [1, 2, 3, 4]


def test_payload_links_each_state_to_its_change_and_event(payload):
    state = _state(payload, 2, "charlie")
    change = payload["changes"][state["change"]]
    assert change["date"] == payload["dates"][2]
    assert change["event"] in {e["id"] for e in payload["events"]}
    assert change["confidence"] in ("reported", "inferred")


def test_payload_keeps_disputed_figures_side_by_side(payload):
    claims = [c for e in payload["events"] for c in e["claims"]]
    assert claims, "the mini scenario has claims"
    ranged = [c for c in claims if isinstance(c["value"], list)]
    assert ranged and all(c["claimant"] for c in claims)


def test_colour_scale_hits_each_colour_at_its_index():
    scale = figures.colour_scale(["#000000", "#ff0000", "#00ff00"])
    assert scale == [[0.0, "#000000"], [0.5, "#ff0000"], [1.0, "#00ff00"]]
    assert figures.colour_scale(["#123456"]) == [[0.0, "#123456"], [1.0, "#123456"]]


def test_day_style_outlines_contested_and_highlighted(payload):
    style = figures.day_style(payload, 1, "conventional", highlight=["delta"])
    i_charlie = payload["ids"].index("charlie")
    i_delta = payload["ids"].index("delta")
    i_alpha = payload["ids"].index("alpha")
    assert style["line_width"][i_delta] > style["line_width"][i_charlie]
    assert style["line_width"][i_charlie] > style["line_width"][i_alpha]
    assert "Contested" in style["hovertext"][i_charlie]


def test_map_figure_traces_and_colours(data, payload):
    fig = figures.map_figure(payload, data["geojson"], data["landmarks"], day=2)
    districts = fig.data[figures.TRACE_DISTRICTS]
    assert list(districts.locations) == payload["ids"]
    assert list(districts.customdata) == payload["ids"]
    scale = [c for _, c in districts.colorscale]
    for i, district in enumerate(payload["ids"]):
        expected = payload["colours"]["conventional"][payload["days"][2][i]]
        assert scale[i] == expected, district
    traces = payload["map"]["traces"]
    assert fig.data[traces["front"]].mode == "lines"
    assert len([x for x in fig.data[traces["front"]].lon if x is not None]) >= 2
    names = [t.name for t in fig.data[traces["legend"] :]]
    assert names[:3] == ["Government and allies", "Rebel groups", "SDF / YPG (Kurdish-led)"]
    assert "Alpha" in districts.hovertext[payload["ids"].index("alpha")]


def test_area_figure_marks_the_day(payload):
    fig = figures.area_figure(payload, day=3)
    assert len(fig.data) == 3
    assert fig.layout.shapes[0].x0 == 3 == fig.layout.shapes[0].x1
    gov = fig.data[0].y
    assert gov[2] > gov[0]  # charlie taken on day 2


def test_slider_marks_label_weeks_and_dot_changes(payload):
    marks = layout.slider_marks(payload)
    assert marks[0]["label"] == "15 Nov"
    assert marks[4]["label"] == "19 Nov"  # the last day, four days after the weekly label
    assert marks[2]["label"] == "•"  # a change day with no date label: a dot


def test_map_figure_at_an_interpolated_frame(data, payload):
    """Halfway through the 15th charlie is a quarter government: a part of each colour."""
    per_day = payload["per_day"]
    assert per_day > 1
    fig = figures.map_figure(payload, data["geojson"], data["landmarks"], day=0, frame=per_day // 2)
    gov = fig.data[figures.TRACE_PARTS_FIRST]
    rebel = fig.data[figures.TRACE_PARTS_FIRST + 1]
    assert len(gov.lon) > 3 and len(rebel.lon) > 3
    whole_day = figures.map_figure(payload, data["geojson"], data["landmarks"], day=0)
    assert len(whole_day.data[figures.TRACE_PARTS_FIRST].lon) == 0
    i = payload["ids"].index("charlie")
    fill = figures.frame_fill(payload, per_day // 2, "conventional")[i]
    conventional = payload["palettes"]["conventional"]
    assert fill not in (conventional["government"], conventional["rebel"])


# ------------------------------------------------------------------ the browser's constants

ASSETS_JS = Path(__file__).resolve().parents[1] / "assets" / "js"
PURE_MODULES = ("url", "dates", "colour", "text", "style", "playback")


def test_payload_carries_the_maps_constants_from_figures(payload):
    """The browser draws with the figure builders' trace order, factions, labels, outlines."""
    from dashboard.palettes import CONTESTED_OUTLINE, DEFAULT_PALETTE, PALETTES
    from timeline import load_scenario

    m = payload["map"]
    factions = load_scenario(MINI).factions
    # The map constants, plus the places the names are drawn at (dashboard/labels.py).
    assert {k: v for k, v in m.items() if k != "places"} == figures.map_constants(factions)
    assert len(m["places"]["anchors"]) == len(payload["ids"])
    assert m["traces"] == figures.trace_indices(3)
    assert m["traces"] == {
        "districts": figures.TRACE_DISTRICTS,
        "parts": figures.TRACE_PARTS_FIRST,
        "front": 4,
        "river": 5,
        "roads": 6,
        "landmarks": 7,
        "legend": 8,
        "outline": 12,
        "scale": 14,
        "labels": 15,
        "inset": 16,
    }
    assert m["factions"] == [f.id for f in factions] == ["government", "rebel", "sdf"]
    assert set(m["share_labels"]) == set(m["factions"]) == set(m["labels"])
    assert all(len(s["shares"]) == 3 for s in payload["states"])
    assert m["held_by"] == {f.id: f"Held by {f.label}" for f in factions} | {
        "contested": "Contested"
    }
    assert m["outlines"]["selected"] == {"colour": figures.SELECTED_OUTLINE, "width": 3.5}
    assert m["default_palette"] == DEFAULT_PALETTE
    assert list(m["palette_labels"]) == list(PALETTES) == list(payload["palettes"])
    assert m["palette_labels"]["conventional"] == "Conventional (red, green, yellow)"
    assert m["palette_labels"]["colourblind"] == "Colour-blind safe (vermillion, blue, yellow)"
    # The browser uses one contested outline for every palette, the server's.
    assert m["outlines"]["contested"]["colour"] == CONTESTED_OUTLINE
    # The outlines the browser draws are those of the server's figure.
    style = figures.day_style(payload, 1, "conventional", highlight=["alpha"])
    contested = [
        i for i, s in enumerate(payload["days"][1]) if payload["states"][s]["status"] == "contested"
    ]
    assert contested, "the mini scenario has a contested district on its second day"
    for i, district in enumerate(payload["ids"]):
        kind = "selected" if district == "alpha" else "contested" if i in contested else "plain"
        assert style["line_colour"][i] == m["outlines"][kind]["colour"]
        assert style["line_width"][i] == m["outlines"][kind]["width"]


def test_url_meta_names_the_default_palette(payload):
    meta = layout.url_meta(payload, "_frontline/payload.json")
    assert meta["map"] == {"default_palette": payload["map"]["default_palette"]}
    assert meta["palettes"][0] == payload["map"]["default_palette"]


def test_browser_modules_use_only_the_plain_module_forms():
    """One import form and declared exports only (the offline export inlines the modules)."""
    import re

    modules = sorted(ASSETS_JS.glob("*.mjs"))
    assert {f"{name}.mjs" for name in PURE_MODULES} <= {p.name for p in modules}
    for path in modules:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("import "):
                assert re.fullmatch(r'import \{ [\w, ]+ \} from "\./[\w-]+\.mjs";', line), line
            if line.startswith("export "):
                assert re.match(r"export (function|const|class) \w+", line), (path.name, line)
        assert "export default" not in text and "export {" not in text, path.name
        assert "import * as" not in text and "import(" not in text, path.name


def test_pure_browser_modules_need_no_page_and_no_faction_names():
    """The pure modules run anywhere (node, the export); no module hard-codes factions."""
    import re

    for name in PURE_MODULES:
        text = (ASSETS_JS / f"{name}.mjs").read_text(encoding="utf-8")
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
        assert not re.search(r"\b(document|window|dash_clientside)\b", code), name
    # The dashboard's modules: the entry and all it imports.
    names, todo = set(), ["dashboard.mjs"]
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            text = (ASSETS_JS / name).read_text(encoding="utf-8")
            todo += re.findall(r'^import [^;]* from "\./([\w.-]+\.mjs)";', text, flags=re.M)
    assert {f"{name}.mjs" for name in PURE_MODULES} <= names
    for name in names:
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", (ASSETS_JS / name).read_text("utf-8"), flags=re.S)
        assert not re.search(r"\"(government|rebel|sdf)\"|#[0-9a-fA-F]{6}\b", code), name


def test_index_page_loads_the_modules_as_one_script_before_dash_starts():
    """One script holds the entry and every module it reaches (one request, not one per
    module), before Dash's renderer so the clientside callbacks exist when Dash calls them;
    no module is added again as a module script."""
    import re

    from dashboard.app import BUNDLE_ROUTE, create_app
    from dashboard.export.modules import module_order

    app = create_app(MINI)
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    bundles = re.findall(
        rf'<script src="({re.escape(BUNDLE_ROUTE)}\?v=[0-9a-f]{{16}})"></script>', page
    )
    assert len(bundles) == 1
    assert page.index(bundles[0]) < page.index('id="_dash-renderer"')
    assert 'type="module"' not in page and "modulepreload" not in page
    assert "/assets/js/" not in page
    script = client.get(bundles[0])
    assert script.status_code == 200 and script.mimetype == "application/javascript"
    assert "immutable" in script.headers["Cache-Control"]
    body = script.get_data(as_text=True)
    reached = [m.name for m in module_order("dashboard.mjs")]
    assert {f"{name}.mjs" for name in PURE_MODULES} | {"dashboard.mjs", "state.mjs"} <= set(reached)
    for name in reached:
        assert f"// {name}\n" in body
    assert body.rstrip().endswith('modules["dashboard.mjs"].startDashboard();\n})();')
