"""The dashboard, /embed and the exports draw any 2 to 6 factions given as data: a synthetic
battle of two factions (``defenders``, ``besiegers``) and one of four (``north``, ``south``,
``east``, ``west``), built without the timeline (tests/synthetic_battle.py)."""

from __future__ import annotations

import io
import itertools
import json
import re

import pytest
from PIL import Image

from dashboard import figures, layout
from dashboard.export import html_document, still_bytes
from dashboard.export._render import caption, slide_figure
from dashboard.export.embed_page import embed_document, embed_figure, favicon, short_names
from dashboard.palettes import (
    CONTESTED_OUTLINE,
    MIN_DELTA_E,
    OKABE_ITO,
    FactionStyle,
    build_palettes,
    colour_name,
    delta_e,
    mix,
    simulate,
)
from tests import synthetic_battle as battle

ALEPPO_WORDS = ("Aleppo", "SDF", "Columbia", "government", "rebel", "Queiq")


@pytest.fixture(scope="module", params=[battle.TWO, battle.FOUR], ids=["two", "four"])
def factions(request):
    return request.param


@pytest.fixture(scope="module")
def data(factions):
    return battle.view_data(factions)


# ------------------------------------------------------------------ palettes


def test_conventional_palette_is_the_factions_colours_and_labels_name_them(factions):
    palettes = build_palettes(factions)
    assert dict(palettes["conventional"].colours) == {f.id: f.colour for f in factions}
    names = ", ".join(colour_name(f.colour) for f in factions)
    assert palettes["conventional"].label == f"Conventional ({names})"
    assert colour_name("#1f77b4") == "blue" and colour_name("#d62728") == "red"


def test_colourblind_colours_are_given_or_derived_and_told_apart_with_every_vision():
    palettes = build_palettes(battle.FOUR)
    cb = palettes["colourblind"].colours
    assert cb["south"] == "#e69f00"  # given in the scenario
    assert set(cb.values()) - {"#e69f00"} <= set(OKABE_ITO)  # the others derived
    assert cb["north"] == "#0072b2" and cb["east"] == "#009e73"  # nearest to their colour
    for view in (None, "deuteranopia", "protanopia"):
        seen = [c if view is None else simulate(c, view) for c in cb.values()]
        outline = CONTESTED_OUTLINE if view is None else simulate(CONTESTED_OUTLINE, view)
        for a, b in itertools.combinations([*seen, outline], 2):
            assert delta_e(a, b) >= MIN_DELTA_E, (view, a, b)


def test_six_factions_of_one_hue_still_get_six_colourblind_colours():
    reds = [FactionStyle(f"f{i}", f"Faction {i}", f"#{200 - 20 * i:02x}3030") for i in range(6)]
    with pytest.raises(ValueError, match="cannot be told apart in the conventional palette"):
        build_palettes(reds)
    spread = [FactionStyle(f"f{i}", f"F{i}", c) for i, c in enumerate(list(OKABE_ITO)[:6])]
    assert len(set(build_palettes(spread)["colourblind"].colours.values())) == 6


def test_indistinguishable_colours_name_both_factions():
    twins = (
        FactionStyle("defenders", "Defenders", "#1f77b4"),
        FactionStyle("besiegers", "Besiegers", "#1f78b6"),
    )
    with pytest.raises(ValueError) as err:
        build_palettes(twins)
    message = str(err.value)
    assert "'defenders' (Defenders)" in message and "'besiegers' (Besiegers)" in message
    assert "scenario.yaml" in message and "\n" not in message
    # Told apart in colour, not as seen with deuteranopia: the colour-blind palette refuses.
    red_green = (
        FactionStyle("a", "A", "#1f77b4", "#d62728"),
        FactionStyle("b", "B", "#2ca02c", "#2ca030"),
    )
    with pytest.raises(ValueError, match=r"'a' .* and 'b' .*colourblind"):
        build_palettes(red_green)


def test_bad_faction_lists_are_refused_with_the_fix():
    one = (FactionStyle("alone", "Alone", "#1f77b4"),)
    with pytest.raises(ValueError, match="1 factions: a scenario needs 2 to 6"):
        build_palettes(one)
    seven = [FactionStyle(f"f{i}", f"F{i}", c) for i, c in enumerate(OKABE_ITO)]
    with pytest.raises(ValueError, match="7 factions"):
        build_palettes(seven)
    with pytest.raises(ValueError, match="faction 'b': colour 'blue' is not a hex colour"):
        build_palettes((FactionStyle("a", "A", "#1f77b4"), FactionStyle("b", "B", "blue")))
    with pytest.raises(ValueError, match="too close to the map's outline"):
        build_palettes((FactionStyle("a", "A", "#1f77b4"), FactionStyle("b", "B", "#151515")))


def test_mix_weighs_any_number_of_colours():
    colours = ["#ff0000", "#00ff00", "#0000ff", "#000000", "#ffffff"]
    assert mix([0, 0, 0, 0, 1], colours) == "#ffffff"
    assert mix([1, 1, 1, 1, 0], colours) == "#404040"
    assert mix([0.5, 0.5], colours[:2]) == "#808000"


# ------------------------------------------------------------------ payload


def test_payload_holds_shares_in_faction_order_and_the_factions_in_map(data, factions):
    p = data["payload"]
    ids = [f.id for f in factions]
    n = len(ids)
    m = p["map"]
    assert m["factions"] == ids
    assert m["labels"] == {f.id: f.label for f in factions}
    assert m["held_by"] == {f.id: f"Held by {f.label}" for f in factions} | {
        "contested": "Contested"
    }
    assert m["traces"] == {
        "districts": 0,
        "parts": 1,
        "front": 1 + n,
        "river": 2 + n,
        "roads": 3 + n,
        "landmarks": 4 + n,
        "legend": 5 + n,
        "outline": 6 + 2 * n,
        "scale": 8 + 2 * n,
        "labels": 9 + 2 * n,
        "inset": 10 + 2 * n,
    }
    assert all(len(s["shares"]) == n and set(s) >= {"d", "status"} for s in p["states"])
    assert not any(k in s for s in p["states"] for k in ("g", "r", "s"))
    split = p["states"][p["days"][1][n]]
    assert split["status"] == "contested" and split["shares"][:2] == [0.5, 0.5]
    conv = p["palettes"]["conventional"]
    assert p["colours"]["conventional"][p["days"][0][1]] == factions[1].colour
    assert p["colours"]["conventional"][p["days"][1][n]] == mix(
        [0.5, 0.5], [conv[ids[0]], conv[ids[1]]]
    )
    assert list(p["stats"][1]) == [f"{i}_km2" for i in ids] + ["front_km"]
    assert p["stats"][1][f"{ids[0]}_km2"] == 1.5
    assert list(m["palette_labels"]) == ["conventional", "colourblind"]
    assert not any(w in json.dumps(p) for w in ALEPPO_WORDS)


def test_the_enclave_share_is_in_the_stats_only_when_the_scenario_has_it(factions):
    from dashboard.payload import build_payload

    stats = battle.stats(factions).assign(attacker_share_of_enclave=0.25)
    ids = battle.district_ids(factions)
    p = build_payload(
        district_ids=ids,
        factions=factions,
        names=ids,
        names_ar=[""] * len(ids),
        daily=battle.daily(factions),
        events=(),
        sources={},
        stats=stats,
    )
    assert p["stats"][0]["share_of_enclave"] == 0.25
    assert "share_of_enclave" not in battle.payload(factions)["stats"][0]


def test_a_daily_table_without_a_factions_column_is_refused(factions):
    from dashboard.payload import build_payload

    ids = battle.district_ids(factions)
    with pytest.raises(ValueError, match=f"no share column for faction.*{factions[-1].id}"):
        build_payload(
            district_ids=ids,
            factions=factions,
            names=ids,
            names_ar=[""] * len(ids),
            daily=battle.daily(factions).drop(columns=[factions[-1].id]),
            events=(),
            sources={},
            stats=battle.stats(factions),
        )


# ------------------------------------------------------------------ figures


def test_map_figure_has_a_parts_trace_and_a_legend_entry_per_faction(data, factions):
    p = data["payload"]
    n = len(factions)
    for palette in ("conventional", "colourblind"):
        fig = figures.map_figure(p, data["geojson"], data["landmarks"], day=1, palette=palette)
        colours = p["palettes"][palette]
        # districts, parts, front/river/roads/landmarks, swatches, outline (2), scale, names,
        # the locator inset (country, city)
        assert len(fig.data) == 1 + n + 4 + n + 1 + 6
        parts = fig.data[1 : 1 + n]
        assert [t.name for t in parts] == [
            f"{f.label} (part of a shared district)" for f in factions
        ]
        assert [t.fillcolor for t in parts] == [colours[f.id] for f in factions]
        assert fig.data[p["map"]["traces"]["front"]].name == "Front line"
        legend = fig.data[p["map"]["traces"]["legend"] : p["map"]["traces"]["outline"]]
        assert [t.name for t in legend] == [f.label for f in factions] + [
            "Contested (mixed colour, dark outline)"
        ]
        assert [t.marker.color for t in legend[:n]] == [colours[f.id] for f in factions]
        scale = [c for _, c in fig.data[0].colorscale]
        assert scale[:n] == [colours[f.id] for f in factions]
    hover = figures.day_style(p, 1, "conventional")["hovertext"][n]
    assert f"Contested: {factions[0].label} 50%, {factions[1].label} 50%" in hover


def test_area_chart_has_one_series_per_faction_from_its_km2(data, factions):
    p = data["payload"]
    fig = figures.area_figure(p, day=1, palette="colourblind")
    assert [t.name for t in fig.data] == [f.label for f in factions]
    assert [t.fillcolor for t in fig.data] == [p["palettes"]["colourblind"][f.id] for f in factions]
    assert list(fig.data[0].y) == [2.0, 1.5, 1.5]  # its own district and the shared one
    assert list(fig.data[1].y) == [1.0, 1.5, 1.5]


def test_page_radio_labels_and_credits_come_from_the_scenario(data, factions):
    page = layout.page(
        data["payload"],
        figures.map_figure(data["payload"], data["geojson"], data["landmarks"], day=0),
        figures.area_figure(data["payload"], day=0),
        topojson_url="topojson/",
        credits=data["credits"],
        initial_day=0,
    )
    text = json.dumps(page.to_plotly_json(), default=lambda o: o.to_plotly_json())
    palette_labels = data["payload"]["map"]["palette_labels"]
    assert palette_labels["conventional"] in text and palette_labels["colourblind"] in text
    assert not any(w in text for w in ALEPPO_WORDS)


# ------------------------------------------------------------------ exports and /embed


def test_slide_legend_and_caption_follow_the_factions(data, factions):
    fig = slide_figure(data, 1, district="shared", width=960, height=540)
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    for f in factions:
        assert f.label in names
    assert caption(data["payload"], 0, "d-" + factions[1].id).endswith(
        f"(held by {factions[1].label})"
    )
    credits = [a for a in fig.layout.annotations if a.name == "credits"]
    assert credits == []  # a scenario without credits shows none


def test_html_and_embed_pages_draw_the_factions_and_nothing_of_aleppo(data, factions):
    page = html_document(data, palette="colourblind")
    embed = embed_document(data, palette="conventional", plotly_src="plotly.js")
    for text in (page, embed):
        assert not any(w in text for w in ALEPPO_WORDS)
    names = short_names(data["payload"])
    legend = data["payload"]["map"]["traces"]["legend"]
    assert [names[legend + i] for i in range(len(factions))] == [f.label for f in factions]
    fig = embed_figure(data, palette="conventional", per_day=1)
    assert fig["data"][legend + len(factions)]["name"] == "Contested"
    icon = favicon(data["payload"], "conventional")
    assert icon.count("%3Crect") == len(factions)
    assert all(f"%23{f.colour[1:]}" in icon for f in factions)
    assert re.search(r'<link rel="icon" href="data:image/svg\+xml,', embed)


def test_png_export_paints_every_factions_colour(data, factions):
    png = still_bytes(data, 1, "png", width=640, height=360)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (640, 360)
    seen = {rgb for _count, rgb in image.getcolors(maxcolors=1 << 20)}
    for f in factions:
        rgb = tuple(int(f.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in seen, f.id
