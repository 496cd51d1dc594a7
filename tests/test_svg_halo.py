"""The names' halo in an SVG slide is SVG itself (a white stroked copy behind each name), not
CSS ``text-shadow``, which Inkscape, Illustrator, PowerPoint and most converters ignore."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from dashboard.export import still_bytes
from dashboard.export.still import MIN_HALO_WIDTH, svg_halos
from dashboard.viewdata import load_view_data

SVG_NS = "{http://www.w3.org/2000/svg}"
SHADOW = "text-shadow: rgb(255, 255, 255) 2px 0px 1px, rgb(255, 255, 255) 0px 0px 4px;"


def _style(element) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in (element.get("style") or "").split(";") if ":" in p)
    return {k.strip(): v.strip() for k, v in pairs}


def _halos_and_names(svg: bytes):
    """(halo, name) element pairs: each halo right before its name in the same parent."""
    root = ET.fromstring(svg)
    pairs = []
    for parent in root.iter():
        kids = list(parent)
        for a, b in itertools.pairwise(kids):
            if a.tag == b.tag == f"{SVG_NS}text" and "halo" in (a.get("class") or "").split():
                pairs.append((a, b))
    return root, pairs


def test_a_name_gets_a_stroked_copy_behind_it_and_loses_its_text_shadow():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><g>'
        '<text x="0" y="0" transform="translate(5,6)" style="font-size: 24px; fill: rgb(1, 2, 3);'
        f' {SHADOW} white-space: pre;">Hanano</text>'
        '<text class="legendtext" style="font-size: 12px; fill: rgb(0, 0, 0);">Front line</text>'
        '<text style="font-size: 12px; ' + SHADOW + '">al-Bab &amp; co</text>'
        "</g></svg>"
    ).encode()
    out = svg_halos(svg)
    assert b"text-shadow" not in out
    root, pairs = _halos_and_names(out)
    assert [(h.text, n.text) for h, n in pairs] == [("Hanano", "Hanano"), ("al-Bab & co",) * 2]
    halo, name = pairs[0]
    style = _style(halo)
    assert style["stroke"] == style["fill"] == "#ffffff"
    assert style["stroke-linejoin"] == "round"
    assert float(style["stroke-width"].removesuffix("px")) == 4  # a sixth of 24 px
    assert halo.get("transform") == name.get("transform") == "translate(5,6)"
    assert halo.get("aria-hidden") == "true"
    assert _style(name)["fill"] == "rgb(1, 2, 3)" and "stroke" not in _style(name)
    assert float(_style(pairs[1][0])["stroke-width"].removesuffix("px")) == MIN_HALO_WIDTH
    # A text with no CSS halo (the legend's) is left as it was.
    assert len(root.findall(f".//{SVG_NS}text")) == 5


@pytest.fixture(scope="module")
def slide_svg() -> bytes:
    data = load_view_data()
    day = data["payload"]["dates"].index("2016-12-06")
    return still_bytes(data, day, "svg", district="hanano")


def test_every_name_on_the_svg_slide_has_a_real_halo(slide_svg):
    assert b"text-shadow" not in slide_svg
    _, pairs = _halos_and_names(slide_svg)
    names = [n.text for _, n in pairs]
    assert "Hanano" in names and len(names) >= 20
    for halo, name in pairs:
        assert halo.text == name.text
        assert halo.get("transform") == name.get("transform")
        style = _style(halo)
        assert style["stroke"] == "#ffffff" and style["stroke-linejoin"] == "round"
        assert float(style["stroke-width"].removesuffix("px")) >= MIN_HALO_WIDTH
        assert "stroke" not in _style(name)
