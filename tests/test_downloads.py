"""The routes added to the dashboard's server: downloads (GIF, HTML page, PNG and SVG
slides) and the ``/embed`` page, through ``app.server.test_client()``.

The app is the mini scenario's (tests/fixtures/mini: four squares over five days, charlie
taken on the 17th); every test gets an empty disk cache of its own. Slow renders are real
where the test is about the file (one PNG, one SVG, one GIF) and replaced by fakes where
it is about caching and errors.
"""

from __future__ import annotations

import io
import re
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

import dashboard.export as export
from dashboard.app import create_app
from dashboard.downloads import register_downloads
from dashboard.embed import PLOTLY_JS, register_embed
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def app():
    app = create_app(MINI)
    data = load_view_data(MINI)
    assert register_downloads(app, data) == [
        "/download/battle.gif",
        "/download/map.html",
        "/download/still.<any(png, svg):fmt>",
        "/download/day.<any(geojson, csv):fmt>",  # the data behind the view (issue 18)
        "/download/diff.<any(geojson, csv, json):fmt>",
        "/download/<any(control, events):table>.<any(csv, json):fmt>",
        "/download/story-<name>.<any(pptx, html):fmt>",
    ]
    assert register_embed(app, data) == "/embed"
    register_embed(app, data)  # a second registration is harmless
    register_downloads(app, data)
    return app


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    return folder


@pytest.fixture
def client(app, cache):
    return app.server.test_client()


def _fake_gif(calls: list, delay: float = 0.0):
    """An exporter that writes a tiny GIF (atomically, like the real one) and counts calls."""

    def fake(data, fmt, out, **opts):
        calls.append(opts)
        time.sleep(delay)
        tmp = Path(out).with_suffix(".part")
        Image.new("RGB", (8, 8), "red").save(tmp, format="GIF")
        tmp.replace(out)
        return Path(out)

    return fake


# --- stills ---------------------------------------------------------------------------------


def test_still_png_is_a_slide_of_the_day_with_the_district(client):
    r = client.get("/download/still.png?date=2016-11-17&district=charlie")
    assert r.status_code == 200, r.text
    assert r.mimetype == "image/png"
    assert r.headers["Content-Disposition"] == (
        'attachment; filename="frontline-atlas-2016-11-17-charlie.png"'
    )
    with Image.open(io.BytesIO(r.data)) as im:
        assert im.size == (1920, 1080)
        colours = {c for _, c in im.convert("RGB").getcolors(1920 * 1080)}
    assert (200, 49, 43) in colours  # the government's red
    assert (216, 27, 96) in colours  # the outline of charlie (magenta since the names came)
    # Asked again with its ETag: 304, no rendering.
    etag = r.headers["ETag"]
    assert r.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(
        "/download/still.png?date=2016-11-17&district=charlie", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.data == b""


def test_still_svg_is_vector_in_the_chosen_palette(client):
    r = client.get("/download/still.svg?date=2016-11-18&palette=colourblind")
    assert r.status_code == 200, r.text
    assert r.mimetype == "image/svg+xml"
    assert (
        'filename="frontline-atlas-2016-11-18-colourblind.svg"' in r.headers["Content-Disposition"]
    )
    root = ET.fromstring(r.data)
    assert root.get("width") == "1920" and root.get("height") == "1080"
    assert b"rgb(213, 94, 0)" in r.data  # the colour-blind palette's government
    assert b"rgb(200, 49, 43)" not in r.data


def test_still_defaults_to_the_first_day(client, monkeypatch):
    seen = []
    monkeypatch.setattr(export, "still_bytes", lambda data, day, fmt, **kw: seen.append(
        (day, fmt, kw)) or b"PNG")  # fmt: skip
    r = client.get("/download/still.png")
    assert r.status_code == 200 and r.data == b"PNG"
    assert seen == [(0, "png", {"width": 1920, "height": 1080, "palette": "conventional",
                                "district": None})]  # fmt: skip
    assert 'filename="frontline-atlas-2016-11-15.png"' in r.headers["Content-Disposition"]


BAD = [
    ("/download/still.png?date=2016-11-31", "date 2016-11-31 is not a day of the battle"),
    ("/download/still.png?date=17-11-2016", "is not a date: use YYYY-MM-DD"),
    ("/download/still.png?date=2017-01-01", "pick one from 2016-11-15 to 2016-11-19"),
    ("/download/still.svg?district=echo", "unknown district 'echo'"),
    ("/download/still.svg?district=%3Cscript%3E", "unknown district '<script>'"),
    ("/download/still.png?palette=pink", "unknown palette 'pink'"),
    ("/download/still.png?dstrict=alpha", "unknown parameter 'dstrict'"),
    ("/download/still.png?date=2016-11-16&date=2016-11-17", "given 2 times"),
    ("/download/battle.gif?palette=grey", "unknown palette 'grey'"),
    ("/download/battle.gif?date=2016-11-16", "this download takes palette"),
    ("/download/map.html?per_day=4", "unknown parameter 'per_day'"),
]


@pytest.mark.parametrize(("url", "message"), BAD, ids=[b[1] for b in BAD])
def test_bad_parameters_get_a_400_with_one_line(client, cache, url, message):
    r = client.get(url)
    assert r.status_code == 400
    assert r.mimetype == "text/plain"
    assert message in r.text
    assert r.text.endswith("\n") and r.text.count("\n") == 1
    assert not cache.exists() or not any(cache.glob("battle-*"))


def test_a_renderer_failure_is_a_503_with_one_line(client, monkeypatch):
    def broken(*_a, **_kw):
        raise export.RenderError("rendering a png image took longer than 120 s")

    monkeypatch.setattr(export, "still_bytes", broken)
    r = client.get("/download/still.png?date=2016-11-16")
    assert r.status_code == 503
    assert r.text == (
        "the image could not be rendered: rendering a png image took longer than 120 s\n"
    )


# --- the battle GIF and the page: rendered once, then from the disk cache -------------------


def test_battle_gif_renders_once_then_comes_from_the_disk_cache(client, cache, monkeypatch):
    t0 = time.perf_counter()
    first = client.get("/download/battle.gif")
    t1 = time.perf_counter()
    assert first.status_code == 200, first.text
    assert first.mimetype == "image/gif"
    assert first.headers["Content-Disposition"] == (
        "attachment; filename=frontline-atlas-battle.gif"
    )
    with Image.open(io.BytesIO(first.data)) as im:
        assert im.n_frames == 5 and im.size == (1280, 720) and im.info["loop"] == 0
    stored = list(cache.glob("battle-*.gif"))
    assert len(stored) == 1 and stored[0].read_bytes() == first.data

    def no_render(*_a, **_kw):
        raise AssertionError("the cached GIF was rendered again")

    monkeypatch.setattr(export, "export_animation", no_render)
    t2 = time.perf_counter()
    second = client.get("/download/battle.gif")
    t3 = time.perf_counter()
    assert second.status_code == 200 and second.data == first.data
    assert t3 - t2 < min(0.5, (t1 - t0) / 5)
    etag = second.headers["ETag"]
    assert client.get("/download/battle.gif", headers={"If-None-Match": etag}).status_code == 304


def test_concurrent_first_requests_render_the_gif_once(app, cache, monkeypatch):
    calls: list = []
    monkeypatch.setattr(export, "export_animation", _fake_gif(calls, delay=0.5))
    results: list = []

    def fetch():
        r = app.server.test_client().get("/download/battle.gif?palette=colourblind")
        results.append((r.status_code, r.data))

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(calls) == 1
    assert calls[0] == {"width": 1280, "height": 720, "per_day": 1, "palette": "colourblind"}
    assert len(results) == 4 and len(set(results)) == 1 and results[0][0] == 200
    assert [p.name.split("-")[0] for p in cache.glob("battle-*.gif")] == ["battle"]


def test_each_palette_is_its_own_file(client, cache, monkeypatch):
    calls: list = []
    monkeypatch.setattr(export, "export_animation", _fake_gif(calls))
    for url in ["/download/battle.gif", "/download/battle.gif?palette=colourblind"] * 2:
        assert client.get(url).status_code == 200
    assert [c["palette"] for c in calls] == ["conventional", "colourblind"]
    assert len(list(cache.glob("battle-*.gif"))) == 2


def test_without_a_cache_every_request_renders(client, cache, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE", "0")
    calls: list = []
    monkeypatch.setattr(export, "export_animation", _fake_gif(calls))
    for _ in range(2):
        r = client.get("/download/battle.gif")
        assert r.status_code == 200 and r.data.startswith(b"GIF8")
        assert "frontline-atlas-battle.gif" in r.headers["Content-Disposition"]
    assert len(calls) == 2 and not cache.exists()


def test_an_unwritable_cache_folder_still_serves(client, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(export, "export_animation", _fake_gif([]))
    r = client.get("/download/battle.gif")
    assert r.status_code == 200 and r.data.startswith(b"GIF8")


def test_map_html_is_the_standalone_page(client, cache):
    r = client.get("/download/map.html?palette=colourblind")
    assert r.status_code == 200, r.text
    assert r.mimetype == "text/html"
    assert "frontline-atlas-map-colourblind.html" in r.headers["Content-Disposition"]
    text = r.data.decode("utf-8")
    assert "Plotly.addFrames" in text and "* plotly.js" in text  # standalone: plotly inlined
    assert text == export.html_document(load_view_data(MINI), palette="colourblind")
    assert len(list(cache.glob("map-*.html"))) == 1
    compressed = client.get("/download/map.html", headers={"Accept-Encoding": "gzip"})
    assert compressed.status_code == 200 and compressed.headers["Content-Encoding"] == "gzip"
    assert int(compressed.headers["Content-Length"]) < len(r.data) / 3
    etag = r.headers["ETag"]
    again = client.get("/download/map.html?palette=colourblind", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_downloads_are_named_in_one_place():
    from dashboard.downloads import download_name

    data = load_view_data(MINI)
    assert download_name(data, "gif") == "frontline-atlas-battle.gif"
    assert download_name(data, "html", palette="colourblind") == (
        "frontline-atlas-map-colourblind.html"
    )
    assert download_name(data, "png", day=2, district="charlie") == (
        "frontline-atlas-2016-11-17-charlie.png"
    )
    assert download_name(data, "svg", day=0, palette="colourblind") == (
        "frontline-atlas-2016-11-15-colourblind.svg"
    )
    with pytest.raises(ValueError, match="give the day"):
        download_name(data, "png")
    with pytest.raises(ValueError, match="unknown download"):
        download_name(data, "mp4")


def test_gif_and_page_are_downloaded_under_their_names(client, cache, monkeypatch):
    monkeypatch.setattr(export, "export_animation", _fake_gif([]))
    gif = client.get("/download/battle.gif?palette=colourblind")
    assert gif.headers["Content-Disposition"] == (
        "attachment; filename=frontline-atlas-battle-colourblind.gif"
    )
    page = client.get("/download/map.html")
    assert page.headers["Content-Disposition"] == (
        'attachment; filename="frontline-atlas-map.html"'
    )


def test_the_routes_serve_the_view_data_they_are_given(cache):
    """Registered on a bare Dash app with the mini scenario's view data, the routes answer
    from that data alone: its districts, its dates, its title."""
    from dash import Dash, html

    app = Dash(__name__)
    app.layout = html.Div()
    data = load_view_data(MINI)
    register_downloads(app, data)
    register_embed(app, data)
    client = app.server.test_client()
    assert client.get("/download/still.png?district=aajam").status_code == 400
    r = client.get("/download/still.png?date=2016-11-22")
    assert r.status_code == 400 and "2016-11-15 to 2016-11-19" in r.text
    assert data["payload"]["title"] in client.get("/embed").text


# --- the embed page ---------------------------------------------------------------------------


def test_embed_page_can_be_framed_and_loads_plotly_from_the_server(client):
    r = client.get("/embed?date=2016-11-17&district=charlie")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert "frame-ancestors * file:" in r.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in r.headers
    text = r.text
    assert "* plotly.js" not in text  # not inlined
    srcs = re.findall(r'<script[^>]*\ssrc="([^"]+)"', text)
    assert srcs == [PLOTLY_JS]
    # Nothing from another host: the only absolute addresses are the page's own link-preview
    # links (canonical, oEmbed), on the host it was asked of.
    absolute = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', text)
    assert absolute and all(u.startswith("http://localhost/") for u in absolute)
    assert text.index("window.PlotlyGeoAssets") < text.index(f'src="{PLOTLY_JS}"')
    js = client.get(PLOTLY_JS, headers={"Accept-Encoding": "gzip"})
    assert js.status_code == 200 and js.headers["Content-Encoding"] == "gzip"
    assert js.mimetype in ("application/javascript", "text/javascript")


# The link-preview tags (dashboard.preview) follow the view the URL asks for.
PREVIEW_TAG = re.compile(
    rb'<(?:meta (?:property="og:|name="(?:twitter:|description))'
    rb'|link rel="(?:canonical|alternate)")[^>]*>\n'
)


def test_embed_page_is_one_document_per_palette(client):
    plain = client.get("/embed")
    assert client.get("/embed?autoplay=1&controls=none").data == plain.data
    # The date changes only the link-preview tags (they follow the URL) and the first paint
    # (the server's picture of the day, issue 20).
    dated = client.get("/embed?date=2016-11-18&autoplay=1&controls=none").data
    assert dated != plain.data and b'data-date="2016-11-18"' in dated

    def view_free(body: bytes) -> bytes:
        body = PREVIEW_TAG.sub(b"", body)
        return re.sub(rb'<div id="first-paint".*?</svg></div>', b"", body, flags=re.S)

    assert view_free(dated) == view_free(plain.data)
    assert client.get("/embed?palette=nonsense").data == plain.data  # the page notes it
    blind = client.get("/embed?palette=colourblind")
    assert blind.data != plain.data
    assert b'"palette":"colourblind"' in blind.data and b'"palette":"conventional"' in plain.data
    assert not UUID.search(plain.text)
    again = client.get("/embed", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304
    gz = client.get("/embed", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and len(gz.data) < len(plain.data) / 3.5


def test_embed_document_is_deterministic_and_escapes_the_data():
    from dashboard.export.embed_page import embed_document

    data = load_view_data(MINI)
    evil = {**data, "payload": {**data["payload"], "title": "</script><script>alert(1)//"}}
    first = embed_document(evil, palette="conventional", plotly_src="/p.js")
    assert first == embed_document(evil, palette="conventional", plotly_src="/p.js")
    assert "</script><script>alert(1)" not in first
    assert first.count("</script>") == first.count("<script")
    with pytest.raises(ValueError, match="unknown palette"):
        embed_document(data, palette="sepia", plotly_src="/p.js")
