"""``frontline export``: slides, stills, animations and the standalone page.

Most tests use the mini scenario (tests/fixtures/mini: four squares over five days, charlie
half taken on the 16th, taken on the 17th, retaken on the 18th) at small sizes; a few run on
the bundled Aleppo scenario. Images come from one headless Chromium kept warm by kaleido
for the whole session, so only the first render pays for the browser start.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from dashboard.export import (
    KIND_PRIORITY,
    RenderError,
    caption,
    check_per_day,
    frame_names,
    html_document,
    html_figure,
    main_event,
    moments,
    slide_figure,
    video_size,
)
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
MINI_DATES = ["2016-11-15", "2016-11-16", "2016-11-17", "2016-11-18", "2016-11-19"]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def export_cli(run_cli):
    """``frontline export ...`` in-process (registers the command if the CLI does not yet)."""
    from dashboard.cli import cli
    from dashboard.cli.export_cmd import export

    if "export" not in cli.commands:
        cli.add_command(export)

    def _run(*args):
        return run_cli("export", *args)

    return _run


@pytest.fixture(scope="module")
def mini():
    return load_view_data(MINI)


def _annotation(fig, name):
    return next(a for a in fig.layout.annotations if a.name == name)


# --- the slide (pure) ---------------------------------------------------------------------


def _payload_with(events):
    return {"dates": ["2016-11-20"], "events": events}


def test_main_event_prefers_capture_then_advance_then_others():
    def ev(eid, kind, districts=()):
        return {"id": eid, "date": "2016-11-20", "kind": kind, "districts": list(districts)}

    events = [ev("a", "strikes", ["x", "y", "z"]), ev("b", "advance"), ev("c", "capture")]
    assert main_event(_payload_with(events), 0)["id"] == "c"
    assert main_event(_payload_with(events[:2]), 0)["id"] == "b"
    # With a district, an event naming it wins over a better kind.
    assert main_event(_payload_with(events), 0, district="y")["id"] == "a"
    assert main_event(_payload_with([]), 0) is None
    assert KIND_PRIORITY[:2] == ("capture", "advance")


def test_slide_has_title_date_caption_credits_and_legend(mini):
    fig = slide_figure(mini, 2, width=1920, height=1080)
    assert fig.layout.width == 1920 and fig.layout.height == 1080
    assert "four squares" in _annotation(fig, "title").text
    assert _annotation(fig, "date").text == "Thursday 17 November 2016"
    assert _annotation(fig, "caption").text == "Charlie falls"  # the capture, that day
    assert "invented for the tests" in _annotation(fig, "credits").text  # scenario.yaml's
    assert fig.layout.showlegend is not False
    assert fig.layout.paper_bgcolor == "#ffffff"


def test_slide_outlines_and_names_a_district(mini):
    fig = slide_figure(mini, 2, district="charlie", palette="colourblind")
    assert "Outlined: Charlie (held by Government and allies)" in _annotation(fig, "caption").text
    outline = [t for t in fig.data if (t.name or "").startswith("Outlined")]
    assert len(outline) == 1 and len(outline[0].lon) > 4
    assert caption(mini["payload"], 0) == "Positions at the start"


def test_slide_refuses_a_day_outside_the_battle_and_a_size_without_room(mini):
    with pytest.raises(ValueError, match="outside"):
        slide_figure(mini, 5)
    with pytest.raises(ValueError, match="no room"):
        slide_figure(mini, 0, width=200, height=60)


def test_slide_spec_is_the_slide_figure_as_a_dict(mini):
    from plotly.io.json import to_json_plotly

    from dashboard.export._render import slide_spec

    for kw in ({}, {"district": "charlie", "frame": 6, "palette": "colourblind"}):
        want = slide_figure(mini, 1, width=960, height=540, **kw).to_dict()
        got = slide_spec(mini, 1, width=960, height=540, **kw)
        assert to_json_plotly(got) == to_json_plotly(want)


def test_gif_frames_share_one_palette_that_keeps_flat_colours_exact(tmp_path):
    from dashboard.export.animation import write_gif

    frames = []
    for shade in range(0, 250, 10):  # many colours: more than a GIF palette holds
        im = Image.new("RGB", (64, 48), (255, 255, 255))
        im.paste((200, 49, 43), (0, 0, 32, 24))
        im.paste((shade, 255 - shade, shade // 2), (32, 24, 64, 48))
        frames.append(im)
    out = write_gif(frames, tmp_path / "flat.gif", fps=2)
    with Image.open(out) as gif:
        assert gif.n_frames == len(frames)
        for i in range(gif.n_frames):
            gif.seek(i)
            rgb = gif.convert("RGB")
            assert rgb.getpixel((40, 2)) == (255, 255, 255)  # the page stays white
            assert rgb.getpixel((2, 2)) == (200, 49, 43)
            assert rgb.getpixel((60, 44)) == frames[i].getpixel((60, 44))  # each frame's own


def test_video_size_rounds_down_to_multiples_of_16():
    assert video_size(1280, 720) == (1280, 720)
    assert video_size(1000, 700) == (992, 688)
    with pytest.raises(ValueError):
        video_size(15, 720)


def test_moments_add_interpolated_frames_between_days(mini):
    payload = mini["payload"]
    assert payload["per_day"] == 4
    assert moments(payload, 1) == [(d, None) for d in range(5)]
    assert moments(payload, 2) == [(0, 0), (0, 2), (1, 4), (1, 6), (2, 8), (2, 10), (3, 12),
                                   (3, 14), (4, 16)]  # fmt: skip
    for n in (1, 2, 4):
        assert len(moments(payload, n)) == (len(MINI_DATES) - 1) * n + 1
        assert len(moments(payload, n, 1, 3)) == 2 * n + 1
    with pytest.raises(ValueError, match="choose 1, 2, 4"):
        check_per_day(payload, 3)
    with pytest.raises(ValueError, match=r"choose 1$"):
        check_per_day({**payload, "frames": None}, 2)


def test_a_moment_slide_draws_that_moment_with_the_day_s_date(mini):
    payload = mini["payload"]
    halfway = slide_figure(mini, 1, frame=6, width=960, height=540)  # 16 Nov, 12:00
    start = slide_figure(mini, 1, width=960, height=540)
    assert _annotation(halfway, "date").text == _annotation(start, "date").text
    assert halfway.data[0].colorscale != start.data[0].colorscale  # charlie is changing hands
    assert payload["frames"]["frames"][6]["moment"] == "2016-11-16T12:00"


# --- stills --------------------------------------------------------------------------------


def test_png_has_the_requested_size(export_cli, tmp_path):
    out = tmp_path / "day.png"
    r = export_cli("png", "--scenario", MINI, "--date", "2016-11-17", "--width", 800,
                   "--height", 450, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    assert r.out.strip() == str(out)
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size == (800, 450)
        colours = {c for _, c in im.convert("RGB").getcolors(800 * 450)}
    assert (200, 49, 43) in colours and (47, 143, 58) in colours  # government and rebels
    assert [p.name for p in tmp_path.iterdir()] == ["day.png"]  # no temporary file left


def test_png_is_the_image_plotly_itself_exports(mini):
    """The warm page's screenshot shows what ``Plotly.toImage`` (kaleido) draws."""
    import kaleido
    import numpy as np

    from dashboard.export import still_bytes
    from dashboard.export._render import topojson_uri

    for district in (None, "charlie"):
        fig = slide_figure(mini, 2, width=640, height=360, district=district)
        want = kaleido.calc_fig_sync(
            fig,
            opts={"format": "png", "width": 640, "height": 360},
            topojson=topojson_uri(),
            kopts={"mathjax": False},
        )
        got = still_bytes(mini, 2, "png", width=640, height=360, district=district)
        a, b = (np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), int) for png in (want, got))
        assert a.shape == b.shape == (360, 640, 3)
        assert (np.abs(a - b).sum(axis=2) > 30).mean() < 0.001  # anti-aliasing aside, equal


def test_the_warm_page_is_its_asset_files_filled_in():
    """assets/render/live.html with live.js inlined, plotly.js and the topojson URL given."""
    import json as _json

    from dashboard.export._render import EMPTY_TOPOLOGY, RENDER_DIR, live_page

    page = live_page(plotlyjs="file:///x/plotly-geo.min.js", topojson="file:///t/</script>/")
    script = (RENDER_DIR / "live.js").read_text(encoding="utf-8")
    assert "{{" not in page and script in page
    assert '<script src="file:///x/plotly-geo.min.js" charset="utf-8"></script>' in page
    assert f"world_110m: {EMPTY_TOPOLOGY}" in page
    config = re.search(r'<script id="render-config" type="application/json">(.*?)</script>', page)
    assert _json.loads(config.group(1)) == {"topojsonURL": "file:///t/</script>/"}
    assert page.count("</script>") == page.count("<script")


def test_svg_is_vector_and_byte_identical_twice(export_cli, tmp_path):
    outs = [tmp_path / "a.svg", tmp_path / "b.svg"]
    for out in outs:
        r = export_cli("svg", "--scenario", MINI, "--date", "2016-11-16", "--district", "Charlie",
                       "--width", 960, "--height", 540, "--out", out)  # fmt: skip
        assert r.code == 0, r.err
    first, second = (p.read_bytes() for p in outs)
    assert first == second
    root = ET.fromstring(first)
    assert root.get("width") == "960" and root.get("height") == "540"
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "path" in tags and "image" not in tags
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 4
    assert b"Outlined: Charlie" in first


def test_all_days_writes_one_still_per_day(export_cli, tmp_path):
    out = tmp_path / "stills"
    r = export_cli("png", "--scenario", MINI, "--all", "--width", 480, "--height", 270,
                   "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    assert sorted(p.name for p in out.iterdir()) == [f"{d}.png" for d in MINI_DATES]


# --- animations ----------------------------------------------------------------------------


def test_gif_has_a_frame_per_day(export_cli, tmp_path):
    out = tmp_path / "battle.gif"
    r = export_cli("gif", "--scenario", MINI, "--width", 480, "--height", 270, "--fps", 4,
                   "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    with Image.open(out) as im:
        assert im.n_frames == len(MINI_DATES) and im.size == (480, 270)
        assert im.info["loop"] == 0 and im.info["duration"] == 250


def test_gif_of_a_date_range(export_cli, tmp_path):
    out = tmp_path / "part.gif"
    r = export_cli("gif", "--scenario", MINI, "--from", "2016-11-16", "--to", "2016-11-18",
                   "--width", 320, "--height", 240, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    with Image.open(out) as im:
        assert im.n_frames == 3


@pytest.mark.parametrize("per_day", [2, 4])
def test_gif_per_day_has_interpolated_frames(export_cli, tmp_path, per_day):
    out = tmp_path / "smooth.gif"
    r = export_cli("gif", "--scenario", MINI, "--per-day", per_day, "--width", 320,
                   "--height", 180, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    with Image.open(out) as im:
        pictures, durations = [], []
        for i in range(im.n_frames):
            im.seek(i)
            pictures.append(im.convert("RGB").tobytes())
            durations.append(im.info["duration"])
    # Still 2 days a second (a GIF counts in hundredths: 125 ms is stored as 120).
    unit = min(durations)
    assert abs(unit - 1000 / (2 * per_day)) <= 10
    # Every moment is shown for one unit, the last day held 2 s. Pillow stores a moment that
    # looks like the one before once, with both durations, so count time, not stored frames.
    shown = sum(round(d / unit) for d in durations)
    moments = (len(MINI_DATES) - 1) * per_day
    assert shown in (moments + round(2000 / unit), moments + round(2000 / unit) + 1)
    assert len(set(pictures)) > len(MINI_DATES)  # the moments differ from the days


def test_mp4_per_day_and_a_range(export_cli, tmp_path):
    import imageio.v3 as iio

    out = tmp_path / "part.mp4"
    r = export_cli("mp4", "--scenario", MINI, "--from", "2016-11-16", "--to", "2016-11-18",
                   "--per-day", 4, "--fps", 8, "--width", 320, "--height", 176,
                   "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    assert iio.imread(out, plugin="FFMPEG").shape[0] == 2 * 4 + 1
    assert iio.immeta(out, plugin="FFMPEG")["fps"] == 8.0


def test_mp4_rounds_its_size_and_has_a_frame_per_day(export_cli, tmp_path):
    import imageio.v3 as iio

    out = tmp_path / "battle.mp4"
    r = export_cli("mp4", "--scenario", MINI, "--width", 650, "--height", 360, "--out", out)
    assert r.code == 0, r.err
    assert "650x360 rounded down to 640x352" in r.err
    frames = iio.imread(out, plugin="FFMPEG")
    assert frames.shape == (len(MINI_DATES), 352, 640, 3)
    meta = iio.immeta(out, plugin="FFMPEG")
    assert meta["codec"] == "h264" and meta["fps"] == 2.0
    assert meta["pix_fmt"].startswith("yuv420p")


# --- standalone HTML -----------------------------------------------------------------------


def test_html_is_standalone_and_byte_identical_twice(export_cli, tmp_path):
    outs = [tmp_path / "a.html", tmp_path / "b.html"]
    for out in outs:
        r = export_cli("html", "--scenario", MINI, "--out", out)
        assert r.code == 0, r.err
    first, second = (p.read_bytes() for p in outs)
    assert first == second
    text = first.decode("utf-8")
    assert not UUID.search(text)
    geo_assets = text.index("window.PlotlyGeoAssets = {topojson: {world_110m:")
    assert geo_assets < text.index("* plotly.js") < text.index("Plotly.newPlot")
    assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", text)  # nothing to fetch
    assert 'id="frontline-map"' in text and "Plotly.addFrames" in text
    assert all(f'"name":"{d}"' in text for d in MINI_DATES)  # a frame per day
    # The page's own controls play it (plotly's buttons and slider are gone).
    assert text.count('<button id="play"') == 1 and text.count('type="range"') == 1
    figure = text[text.index('id="frontline-figure"') : text.index('id="frontline-meta"')]
    assert '"updatemenus"' not in figure and '"sliders"' not in figure


def test_html_frames_redraw_exactly_the_map_of_each_day(mini):
    """Base figure + a day's frame (and its baseframe) = ``map_figure`` of that day."""
    from dashboard.figures import map_figure

    spec = html_figure(mini)
    frames = {f["name"]: f for f in spec["frames"]}
    payload = mini["payload"]
    assert [f["name"] for f in spec["frames"] if f["group"] == "days"] == payload["dates"]
    for day, date in enumerate(payload["dates"]):
        traces = [dict(t) for t in spec["data"]]
        chain = [frames[date]]
        while "baseframe" in chain[-1]:
            chain.append(frames[chain[-1]["baseframe"]])
        for frame in reversed(chain):
            for i, part in zip(frame["traces"], frame["data"]):
                traces[i].update(part)
        want = map_figure(payload, mini["geojson"], mini["landmarks"], day=day)
        assert traces == want.to_plotly_json()["data"], date
        assert frames[date]["layout"]["annotations"][0]["text"] == (
            f"<b>{payload['long_labels'][day]}</b>"
        )


def test_html_per_day_frames_redraw_every_moment_exactly(mini):
    """Base + a moment's frame chain = ``map_figure(..., frame=...)`` of that moment."""
    from dashboard.figures import map_figure

    payload = mini["payload"]
    spec = html_figure(mini, per_day=4, palette="colourblind")
    frames = {f["name"]: f for f in spec["frames"]}
    names = frame_names(payload, 4)
    assert len(names) == (len(MINI_DATES) - 1) * 4 + 1
    assert names[:3] == ["2016-11-15", "2016-11-15T06:00", "2016-11-15T12:00"]
    assert [f["name"] for f in spec["frames"] if f["group"] == "days"] == payload["dates"]
    for index, name in enumerate(names):
        traces = [dict(t) for t in spec["data"]]
        chain = [frames[name]]
        while "baseframe" in chain[-1]:
            chain.append(frames[chain[-1]["baseframe"]])
        for frame in reversed(chain):
            for i, part in zip(frame["traces"], frame["data"]):
                traces[i].update(part)
        want = map_figure(payload, mini["geojson"], mini["landmarks"], day=index // 4,
                          frame=index, palette="colourblind")  # fmt: skip
        assert traces == want.to_plotly_json()["data"], name
    # The page plays exactly these frames, in this order, at the shared default speed.
    meta = _page_meta(html_document(mini, per_day=4, palette="colourblind"))
    assert meta["frames"] == names and meta["per_day"] == 4
    assert meta["dates"] == payload["dates"] and meta["speed"]["default"] == 1


def _page_meta(page: str) -> dict:
    """The ``#frontline-meta`` JSON of a page."""
    import json

    found = re.search(r'<script type="application/json" id="frontline-meta">(.*?)</script>', page)
    assert found, "the page has no #frontline-meta"
    return json.loads(found[1])


def _unpack_in_node(packed: dict) -> object:
    """``unpack()`` of assets/js/unpack.mjs, run by node on ``packed`` (as the page runs it)."""
    import json
    import shutil
    import subprocess

    from dashboard.export.modules import modules_root

    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run the page's unpacker (node 20 or newer)")
    from plotly.io.json import to_json_plotly

    script = (
        f"import {{ unpack }} from {json.dumps((modules_root() / 'unpack.mjs').as_uri())};"
        "let text = '';"
        "process.stdin.on('data', (d) => { text += d; });"
        "process.stdin.on('end', () => "
        "process.stdout.write(JSON.stringify(unpack(JSON.parse(text)))));"
    )

    done = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=to_json_plotly(packed),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _numbers_as_floats(value):
    """JSON with every number a float (JavaScript writes 0.0 as 0)."""
    if isinstance(value, dict):
        return {k: _numbers_as_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_floats(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


@pytest.mark.parametrize("per_day", [1, 4])
def test_the_page_s_packed_figure_unpacks_to_the_figure(mini, per_day):
    import json

    from plotly.io.json import to_json_plotly

    from dashboard.export._pack import pack

    spec = html_figure(mini, per_day=per_day, palette="colourblind")
    packed = pack(spec)
    want = json.loads(to_json_plotly(spec))
    assert _numbers_as_floats(_unpack_in_node(packed)) == _numbers_as_floats(want)
    assert len(to_json_plotly(packed)) < len(to_json_plotly(spec))


def test_packing_rounds_coordinates_to_5_decimals_and_keeps_the_rest():
    from dashboard.export._pack import pack

    fig = {
        "data": [
            {"lon": [37.123456789, None, 37.1], "lat": [36.2, 36.200004, None],
             "geojson": {"type": "Polygon", "coordinates": [[[37.1, 36.2], [37.100016, 36.3]]]},
             "text": ["a", "<b>b</b>", "a"], "z": [1, 2], "colorscale": [[0, "red"], [1, "blue"]]}
        ],
        "layout": {"colorscale": {"sequential": [[0, "red"], [0.3, "blue"], [1, "green"]]}},
    }  # fmt: skip
    back = _unpack_in_node(pack(fig))
    trace = back["data"][0]
    assert trace["lon"] == [37.12346, None, 37.1] and trace["lat"] == [36.2, 36.2, None]
    assert trace["geojson"]["coordinates"] == [[[37.1, 36.2], [37.10002, 36.3]]]
    assert trace["text"] == ["a", "<b>b</b>", "a"] and trace["z"] == [1, 2]
    assert trace["colorscale"] == [[0, "red"], [1, "blue"]]
    assert back["layout"] == fig["layout"]


def test_html_cli_per_day(export_cli, tmp_path):
    out = tmp_path / "smooth.html"
    r = export_cli("html", "--scenario", MINI, "--per-day", 2, "--out", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    assert '"name":"2016-11-16T12:00"' in text and '"group":"moments"' in text
    assert '"name":"2016-11-16T06:00"' not in text  # 2 a day: days and noons only
    r = export_cli("html", "--scenario", MINI, "--per-day", 3, "--out", out)
    assert r.code == 2 and "choose 1, 2, 4" in r.err


def test_html_escapes_text_from_the_data(mini):
    evil = {**mini, "payload": {**mini["payload"], "title": "<script>alert(1)</script>"}}
    page = html_document(evil)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- errors --------------------------------------------------------------------------------

ERRORS = [
    (["jpg", "--out", "{tmp}/x.jpg"], "unknown format 'jpg'"),
    (["png", "--date", "2016-11-32", "--out", "{tmp}/x.png"], "not a date"),
    (["png", "--date", "17/11/2016", "--out", "{tmp}/x.png"], "not a date"),
    (["png", "--date", "2017-01-01", "--out", "{tmp}/x.png"], "outside the battle"),
    (
        ["svg", "--date", "2016-11-17", "--district", "echo", "--out", "{tmp}/x.svg"],
        "unknown district 'echo'",
    ),
    (["png", "--out", "{tmp}/x.png"], "either --date"),
    (["png", "--date", "2016-11-17", "--all", "--out", "{tmp}/x"], "either --date"),
    (["png", "--date", "2016-11-17", "--width", "0", "--out", "{tmp}/x.png"], "--width"),
    (["gif", "--height", "-5", "--out", "{tmp}/x.gif"], "--height"),
    (["png", "--date", "2016-11-17", "--out", "{tmp}/missing/x.png"], "does not exist"),
    (["png", "--date", "2016-11-17", "--out", "{tmp}/x.svg"], "does not end in .png"),
    (["png", "--date", "2016-11-17", "--out", "{tmp}"], "does not end in .png"),
    (["png", "--all", "--out", "{tmp}/x.png"], "must be a folder"),
    (
        ["gif", "--from", "2016-11-18", "--to", "2016-11-16", "--out", "{tmp}/x.gif"],
        "comes after",
    ),
    (["mp4", "--width", "8", "--out", "{tmp}/x.mp4"], "too small for a video"),
    (["gif", "--per-day", "3", "--out", "{tmp}/x.gif"], "choose 1, 2, 4"),
    (["gif", "--per-day", "0", "--out", "{tmp}/x.gif"], "--per-day"),
    (
        ["png", "--date", "2016-11-17", "--width", "200", "--height", "60", "--out", "{tmp}/x.png"],
        "no room for the map",
    ),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=[e[1] for e in ERRORS])
def test_bad_arguments_are_usage_errors_with_one_line(export_cli, tmp_path, args, expected):
    before = sorted(tmp_path.iterdir())
    fmt, *rest = (a.replace("{tmp}", str(tmp_path)) for a in args)
    scenario = [] if fmt == "jpg" else ["--scenario", MINI]  # an unknown format has no options
    r = export_cli(fmt, *scenario, *rest)
    assert r.code == 2, r.err
    assert expected in r.err
    assert r.err.strip().count("\n") == 0, r.err
    assert r.err.startswith("frontline export")
    assert r.out == ""
    assert sorted(tmp_path.iterdir()) == before  # nothing written


def test_export_without_a_format_is_a_usage_error(export_cli):
    r = export_cli()
    assert r.code == 2 and r.err.strip().count("\n") == 0
    assert "Missing command" in r.err


def test_a_broken_scenario_is_a_data_error(export_cli, tmp_path):
    out = tmp_path / "page.html"
    r = export_cli("html", "--scenario", tmp_path, "--out", out)
    assert r.code == 1 and "scenario.yaml" in r.err
    # One line saying the scenario does not pass validate, then one line per problem,
    # exactly as 'frontline validate' prints them (issue 16, item 8).
    head, *lines = r.err.strip().splitlines()
    assert head.startswith("frontline: error: ") and "does not pass 'frontline validate'" in head
    assert lines and all(line.startswith(str(tmp_path)) for line in lines)
    assert "Traceback" not in r.err
    assert not out.exists()


def test_a_missing_browser_is_reported_not_waited_for(monkeypatch):
    from dashboard.export._render import WarmRenderer

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(RenderError, match="Chromium not found"):
        WarmRenderer(timeout=30)


def test_a_failing_render_leaves_the_old_file_and_no_temporary(export_cli, tmp_path, monkeypatch):
    import dashboard.export.still as still

    def broken(*_args, **_kw):
        raise RenderError("rendering the png image failed: Chromium went away")

    monkeypatch.setattr(still, "render", broken)
    out = tmp_path / "day.png"
    out.write_bytes(b"previous")
    r = export_cli("png", "--scenario", MINI, "--date", "2016-11-17", "--out", out)
    assert r.code == 1
    assert r.err.strip() == ("frontline: error: rendering the png image failed: Chromium went away")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["day.png"]


def test_a_failing_write_removes_the_half_written_file(export_cli, tmp_path, monkeypatch):
    import dashboard.export.animation as animation

    def half_then_fail(self, fp, *args, **kwargs):
        Path(fp).write_bytes(b"GIF89a half")
        raise OSError("No space left on device")

    png = _tiny_png()
    # No browser needed to test the writer.
    monkeypatch.setattr(animation, "render_many", lambda figs, *a: (png for _ in figs))
    monkeypatch.setattr(Image.Image, "save", half_then_fail)
    out = tmp_path / "battle.gif"
    r = export_cli("gif", "--scenario", MINI, "--width", 320, "--height", 240, "--out", out)
    assert r.code == 1
    # Stderr: the progress label, then the error on one line.
    # The line names the file it could not write (since the exports check what they write).
    assert r.err.strip().splitlines()[-1] == (
        f"frontline: error: cannot write {out}: no space left on device"
    )
    assert list(tmp_path.iterdir()) == []


def _tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buf, format="PNG")
    return buf.getvalue()


# --- the bundled scenario ------------------------------------------------------------------


def test_bundled_png_with_a_district(export_cli, tmp_path):
    out = tmp_path / "hanano.png"
    r = export_cli("png", "--date", "2016-11-28", "--district", "hanano", "--width", 960,
                   "--height", 540, "--out", out)  # fmt: skip
    assert r.code == 0, r.err
    with Image.open(out) as im:
        assert im.size == (960, 540)
        assert len(im.convert("RGB").getcolors(960 * 540) or []) > 20


def test_bundled_html_has_a_frame_per_day_and_is_deterministic():
    data = load_view_data(None)
    first, second = html_document(data), html_document(data)
    assert first == second
    dates = data["payload"]["dates"]
    assert len(dates) == 38
    assert all(f'"name":"{d}"' in first for d in dates)
    assert not UUID.search(first)


# --- the slide recipes ---------------------------------------------------------------------


def test_every_command_in_the_slides_guide_runs(export_cli, tmp_path, monkeypatch):
    """dashboard/SLIDES.md cannot drift: each ``frontline export`` line runs as written
    (images faked at a tenth of the size, so this takes seconds)."""
    import shlex

    import dashboard.export as export

    def tiny(w, h):
        return Image.new("RGB", (max(16, w // 10 // 16 * 16), max(16, h // 10 // 16 * 16)))

    def frames(data, days, *, width, height, per_day=1, on_frame=None, **_kw):
        days = list(days)
        pictures = moments(data["payload"], per_day, days[0], days[-1])
        return [tiny(width, height) for _ in pictures]

    def write(out, *_a, **_kw):
        Path(out).write_bytes(b"fake")
        return Path(out)

    def fake_steps(data, story, **_kw):  # the story decks' pictures (pptx, deck)
        buf = io.BytesIO()
        tiny(1920, 1080).save(buf, format="PNG")
        return [buf.getvalue()] * len(story["steps"])

    monkeypatch.setattr(export, "render_frames", frames)
    monkeypatch.setattr(export, "export_still", lambda d, day, fmt, out, **kw: write(out))
    monkeypatch.setattr(export, "export_all_stills", lambda d, fmt, out, **kw: [write(out / "x")])
    monkeypatch.setattr(export, "export_html", lambda d, out, **kw: write(out))
    monkeypatch.setattr("dashboard.export.deck.render_steps", fake_steps)
    monkeypatch.chdir(tmp_path)
    guide = (Path(__file__).resolve().parents[1] / "dashboard" / "SLIDES.md").read_text("utf-8")
    commands = re.findall(r"^frontline export (.+)$", guide, flags=re.M)
    assert len(commands) >= 8
    (tmp_path / "aleppo-days").mkdir()
    for line in commands:
        r = export_cli(*shlex.split(line))
        assert r.code == 0, f"{line}: {r.err}"
        assert Path(shlex.split(line)[-1]).exists(), line
