"""Compare stills: ``frontline export png|svg --date B --compare A [--arrows]``.

The figure tests are pure (no browser); the file tests render with the session's warm
Chromium: the mini scenario (tests/fixtures/mini: Charlie half taken on the 16th, taken on
the 17th, retaken on the 18th; most of Delta taken on the 19th) at small sizes, and one
slide of the bundled Aleppo scenario (26 Nov -> 6 Dec).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from dashboard.compare import compare_payload
from dashboard.compare_figure import (
    CHANGED_HALO,
    CHANGED_WIDTH,
    arrow_head,
    arrow_width,
    compare_summary,
    compare_traces,
)
from dashboard.export.still import compare_spec
from dashboard.figures import outline_lonlat, trace_indices
from dashboard.viewdata import load_view_data
from timeline import load_scenario
from timeline.diff import diff_days

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI), load_view_data(MINI)


@pytest.fixture(scope="module")
def aleppo():
    return load_scenario(None), load_view_data(None)


def _compare(pair, a, b, arrows=True):
    sc, data = pair
    return compare_payload(sc, a, b, data["payload"]["ids"], arrows=arrows)


def _named(spec, prefix):
    return [t for t in spec["data"] if (t.get("name") or "").startswith(prefix)]


# --- the figure (pure) ----------------------------------------------------------------------


def test_compare_slide_marks_the_changed_districts_in_the_gaining_colour(mini):
    sc, data = mini
    payload = data["payload"]
    spec = compare_spec(data, 2, _compare(mini, "2016-11-15", "2016-11-17"), width=960, height=540)
    caption = next(a for a in spec["layout"]["annotations"] if a["name"] == "caption")
    assert caption["text"].startswith("Changes 15 Nov → 17 Nov 2016  ·  1 district changed")
    assert "Government +1.0 km², Rebel groups −1.0 km²" in caption["text"]
    [marked] = _named(spec, "Changed since 15 Nov: gained by Government")
    assert marked["line"] == {"color": payload["palettes"]["conventional"]["government"],
                              "width": CHANGED_WIDTH}  # fmt: skip
    want = outline_lonlat(data["geojson"], list(diff_days(sc, "2016-11-15", "2016-11-17").ids))
    assert (list(marked["lon"]), list(marked["lat"])) == tuple(map(list, want))
    [halo] = _named(spec, "Changed: halo")
    assert halo["line"] == {"color": "#ffffff", "width": CHANGED_HALO}
    assert spec["data"].index(halo) < spec["data"].index(marked)
    [front] = _named(spec, "Front line on 15 Nov")
    assert front["line"] == {"color": "#333333", "width": 1.5, "dash": "dash"}
    assert len([x for x in front["lon"] if x is not None]) >= 2
    # The chosen district's outline, the names and the inset keep their place above the marks.
    n = len(payload["map"]["factions"])
    added = spec["data"].index(_named(spec, "Outline halo")[0]) - trace_indices(n)["outline"]
    compare = _compare(mini, "2016-11-15", "2016-11-17")
    assert added == len(compare_traces(payload, data["geojson"], compare, "conventional"))
    assert spec["data"][-1]["geo"] == "geo2"


def test_the_colourblind_palette_outlines_in_its_own_colours(mini):
    _sc, data = mini
    spec = compare_spec(data, 4, _compare(mini, "2016-11-15", "2016-11-19"), palette="colourblind",
                        width=960, height=540)  # fmt: skip
    [marked] = _named(spec, "Changed since 15 Nov: gained by Government")
    assert marked["line"]["color"] == data["payload"]["palettes"]["colourblind"]["government"]


def test_a_district_taken_and_retaken_is_not_marked(mini):
    """Charlie is rebel on the 15th and again on the 18th: nothing changed over the window."""
    _sc, data = mini
    spec = compare_spec(data, 3, _compare(mini, "2016-11-15", "2016-11-18"), width=960, height=540)
    assert not _named(spec, "Changed since")
    assert "0 districts changed" in next(
        a["text"] for a in spec["layout"]["annotations"] if a["name"] == "caption"
    )


def test_arrows_only_when_asked_sized_by_area_and_named_in_hover(mini):
    _sc, data = mini
    payload = data["payload"]
    without = compare_spec(data, 2, _compare(mini, "2016-11-15", "2016-11-17", arrows=False),
                           width=960, height=540)  # fmt: skip
    assert not _named(without, "Advance")
    compare = _compare(mini, "2016-11-15", "2016-11-17")
    spec = compare_spec(data, 2, compare, width=960, height=540)
    [shaft] = _named(spec, "Advances (arrow width")
    assert shaft["showlegend"] is True
    assert shaft["line"]["width"] == arrow_width(1.0)
    assert "Government and allies advance" in shaft["hovertext"][0]
    assert "Charlie" in shaft["hovertext"][0] and "16 Nov 2016" in shaft["hovertext"][0]
    [head] = _named(spec, "Advance 1: head")
    assert head["fill"] == "toself" and head["text"][0] == "1.0 km²"
    # The arrow points the way the push went: Charlie taken from Alpha, north of it.
    assert compare["arrows"][0]["lats"][-1] < compare["arrows"][0]["lats"][0]
    assert head["lat"][0] == compare["arrows"][0]["lats"][-1]  # the tip is the arrow's end
    assert arrow_width(0.1) < arrow_width(0.5) < arrow_width(1.0)
    assert payload["names"][compare["arrows"][0]["districts"][0]] == "Charlie"


def test_arrow_head_is_a_closed_triangle_at_the_end_of_the_line():
    lons, lats, base = arrow_head([37.0, 37.0, 37.0], [36.02, 36.01, 36.0], 6)
    assert len(lons) == 4 and (lons[0], lats[0]) == (lons[-1], lats[-1]) == (37.0, 36.0)
    assert base[1] > 36.0 and lats[1] == lats[2] == pytest.approx(base[1])
    assert lons[1] != lons[2]


def test_arrows_alone_read_as_advances(mini):
    _sc, data = mini
    compare = _compare(mini, "2016-11-15", "2016-11-17")
    assert compare_summary(data["payload"], compare, marks=False) == (
        "Advances 15 Nov → 17 Nov 2016  ·  1 arrow"
    )
    spec = compare_spec(data, 2, compare, marks=False, width=960, height=540)
    assert not _named(spec, "Changed since") and not _named(spec, "Front line on")
    assert _named(spec, "Advances (arrow width")


def test_the_compare_data_must_end_on_the_slide_s_day(mini):
    _sc, data = mini
    with pytest.raises(ValueError, match="ends on 2016-11-17"):
        compare_spec(data, 3, _compare(mini, "2016-11-15", "2016-11-17"))


def test_aleppo_marks_exactly_the_districts_diff_lists(aleppo):
    sc, data = aleppo
    payload = data["payload"]
    compare = _compare(aleppo, "2016-11-26", "2016-12-06", arrows=False)
    diff = diff_days(sc, "2016-11-26", "2016-12-06")
    traces = compare_traces(payload, data["geojson"], compare, "conventional")
    by_gainer: dict[str, list[str]] = {}
    for change in diff.districts:
        by_gainer.setdefault(change.gainer, []).append(change.district)
    marked = [t for t in traces if (t.name or "").startswith("Changed since 26 Nov: gained by")]
    assert len(marked) == len(by_gainer)
    for trace in marked:
        faction = next(f for f, lab in payload["map"]["labels"].items() if trace.name.endswith(lab))
        ids = [d for d in payload["ids"] if d in by_gainer[faction]]
        want = outline_lonlat(data["geojson"], ids)
        assert (list(trace.lon), list(trace.lat)) == (list(want[0]), list(want[1]))
    assert sum(len(v) for v in by_gainer.values()) == len(compare["rows"]) == 52


# --- files (rendered) -----------------------------------------------------------------------


@pytest.fixture
def export_cli(run_cli):
    def _run(*args):
        return run_cli("export", *args)

    return _run


def _texts(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_svg_with_compare_has_caption_key_a_day_line_and_arrows(export_cli, tmp_path):
    plain, marked, arrows = (tmp_path / f"{n}.svg" for n in ("plain", "marked", "arrows"))
    base = ["--scenario", MINI, "--date", "2016-11-17", "--width", 960, "--height", 540]
    assert export_cli("svg", *base, "--out", plain).code == 0
    r = export_cli("svg", *base, "--compare", "2016-11-15", "--out", marked)
    assert r.code == 0, r.err
    assert r.out.strip() == str(marked)
    r = export_cli("svg", *base, "--compare", "2016-11-15", "--arrows", "--out", arrows)
    assert r.code == 0, r.err
    text = _texts(marked.read_bytes())
    assert "Changes 15 Nov → 17 Nov 2016" in text and "1 district changed" in text
    assert "Front line on 15 Nov (dashed)" in text
    assert "Changed since 15 Nov: gained by Government and allies" in text
    assert "Advances" not in text and "km² taken" not in text
    assert "Changes" not in _texts(plain.read_bytes())
    svg = marked.read_bytes().decode()
    # A's front: a dashed #333 line 1.5 px wide; the changed district: 3 px in red over 5 px white.
    styles = re.findall(r'style="([^"]*)"', svg)

    def drawn(*parts):
        return any(all(p in style for p in parts) for style in styles)

    assert drawn("stroke: rgb(51, 51, 51)", "stroke-width: 1.5px", "stroke-dasharray")
    assert drawn("stroke: rgb(200, 49, 43)", "stroke-width: 3px")
    assert drawn("stroke: rgb(255, 255, 255)", "stroke-width: 5px")
    with_arrows = _texts(arrows.read_bytes())
    assert "Advances (arrow width: km² taken)" in with_arrows and "1.0 km²" in with_arrows


def test_png_with_compare_differs_from_the_plain_slide(export_cli, tmp_path):
    plain, marked = tmp_path / "plain.png", tmp_path / "marked.png"
    base = ["--scenario", MINI, "--date", "2016-11-19", "--width", 640, "--height", 360]
    assert export_cli("png", *base, "--out", plain).code == 0
    r = export_cli("png", *base, "--compare", "2016-11-16", "--arrows", "--out", marked)
    assert r.code == 0, r.err
    a, b = (Image.open(io.BytesIO(p.read_bytes())) for p in (plain, marked))
    assert b.size == (640, 360) and a.tobytes() != b.tobytes()


def test_arrows_alone_cover_the_window_before_the_day(export_cli, tmp_path):
    out = tmp_path / "w.svg"
    r = export_cli("svg", "--scenario", MINI, "--date", "2016-11-17", "--arrows", "--window", 2,
                   "--width", 960, "--height", 540, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    text = _texts(out.read_bytes())
    assert "Advances 15 Nov → 17 Nov 2016" in text and "Changed since" not in text


ERRORS = [
    (["png", "--date", "2016-11-17", "--compare", "2016-11-32"], "is not a date"),
    (["png", "--date", "2016-11-17", "--compare", "2017-01-01"], "outside the battle"),
    (["svg", "--date", "2016-11-16", "--compare", "2016-11-18"], "is after --date 2016-11-16"),
    (["png", "--all", "--compare", "2016-11-15"], "go with --date, not with --all"),
    (["png", "--date", "2016-11-17", "--window", "2"], "--window goes with --arrows"),
    (
        ["png", "--date", "2016-11-17", "--arrows", "--compare", "2016-11-15", "--window", "2"],
        "not both",
    ),
    (["gif", "--compare", "2016-11-15"], "--compare is not supported by 'export gif'"),
    (["mp4", "--compare", "2016-11-15"], "--compare is not supported by 'export mp4'"),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=[e[1] for e in ERRORS])
def test_bad_compare_arguments_are_one_line_usage_errors(export_cli, tmp_path, args, expected):
    fmt, *rest = args
    out = tmp_path / ("x" if "--all" in rest else f"x.{fmt}")
    r = export_cli(fmt, "--scenario", MINI, *rest, "--out", out)
    assert r.code == 2, r.err
    assert expected in r.err
    assert r.err.strip().count("\n") == 0 and r.err.startswith("frontline export")
    assert list(tmp_path.iterdir()) == []


def test_animations_say_in_their_help_that_they_refuse_compare(export_cli):
    for fmt in ("gif", "mp4"):
        r = export_cli(fmt, "--help")
        assert r.code == 0 and "--compare" in r.out and "refused" in r.out


@pytest.mark.parametrize("palette", ["conventional", "colourblind"])
def test_aleppo_compare_png(export_cli, tmp_path, palette):
    out = tmp_path / f"compare-{palette}.png"
    r = export_cli("png", "--date", "2016-12-06", "--compare", "2016-11-26", "--arrows",
                   "--palette", palette, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    image = Image.open(out)
    assert image.size == (1920, 1080)
