"""How the dashboard's server answers: the frozen layout, cached compression, the index
page's preloads and scripts, the vendored plotly.js geo bundle and the browser payload."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import plotly.offline
import pytest

from dashboard.app import StaticCompressionCache, create_app
from dashboard.payload import browser_payload
from dashboard.vendor import PLOTLY_GEO_ROUTE, plotly_geo_version
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def client(app):
    return app.server.test_client()


def _body(response) -> bytes:
    data = response.get_data()
    return gzip.decompress(data) if response.headers.get("Content-Encoding") == "gzip" else data


def test_layout_is_the_apps_layout_serialised_once(app, client):
    from dash._utils import to_json

    first = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    second = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert first.status_code == second.status_code == 200
    assert first.headers["Content-Encoding"] == "gzip"
    assert first.get_data() == second.get_data()
    layout = json.loads(_body(first))
    assert layout == json.loads(to_json(app.get_layout()))
    assert app._layout_json is app._layout_json  # built once, then reused


def test_compression_cache_keeps_only_unchanging_responses():
    cache = StaticCompressionCache(max_entries=2)
    cache.set("gzip;/_dash-layout?", b"layout")
    cache.set("zstd;/download/still.png?date=2016-11-20", b"a still")
    cache.set("gzip;/_frontline/payload.json?", b"payload")
    assert cache.get("gzip;/_dash-layout?") == b"layout"
    assert cache.get("zstd;/download/still.png?date=2016-11-20") is None
    cache.set("br;/_dash-component-suites/dash/dcc/async-graph.js?", b"chunk")
    assert cache.get("gzip;/_dash-layout?") is None  # the oldest went first
    assert cache.get("br;/_dash-component-suites/dash/dcc/async-graph.js?") == b"chunk"


def test_index_preloads_the_payload_and_loads_the_geo_bundle_after_dash(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="preload" href="/_frontline/payload.json" as="fetch"' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    renderer = page.index('id="_dash-renderer"')
    geo = page.index(f'src="{PLOTLY_GEO_ROUTE}?v={plotly_geo_version()}"')
    assert geo > renderer, "the geo bundle must come after Dash's renderer has started"
    assert not any("package_data/plotly" in s for s in scripts), scripts


def test_index_loads_no_script_of_the_export_renderer(client):
    """assets/render/ holds the exports' drawing page: the dashboard leaves it out."""
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert any("/_frontline/dashboard.js" in s for s in scripts), scripts
    assert not any("/assets/render/" in s for s in scripts), scripts


def test_geo_bundle_is_the_plotly_js_version_plotly_ships_with(client):
    expected = plotly.offline.get_plotlyjs_version()
    assert plotly_geo_version() == expected, (
        f"assets/vendor/plotly-geo.min.js is plotly.js {plotly_geo_version()} but the "
        f"installed plotly package uses {expected}: run 'make vendor-plotly'"
    )
    response = client.get(f"{PLOTLY_GEO_ROUTE}?v={expected}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert "immutable" in response.headers["Cache-Control"]
    assert _body(response).startswith(b"/**\n* plotly.js (geo - minified) v" + expected.encode())


def test_browser_payload_leaves_out_per_day_fronts_when_frames_exist():
    payload = load_view_data()["payload"]
    assert payload["frames"] and payload["fronts"]
    shipped = browser_payload(payload)
    assert "fronts" not in shipped
    assert set(shipped) == set(payload) - {"fronts"}
    without_frames = {**payload, "frames": None}
    assert browser_payload(without_frames)["fronts"] == payload["fronts"]


def test_payload_route_answers_not_modified_to_its_compressed_tag(client):
    first = client.get("/_frontline/payload.json", headers={"Accept-Encoding": "gzip"})
    tag = first.headers["ETag"]
    assert tag.endswith(':gzip"')
    assert "fronts" not in json.loads(_body(first))
    again = client.get(
        "/_frontline/payload.json", headers={"Accept-Encoding": "gzip", "If-None-Match": tag}
    )
    assert again.status_code == 304


def test_assets_are_compressed_once_and_sent_whole(client, monkeypatch):
    import flask_compress.flask_compress as fc

    calls: list[int] = []
    original = fc._compress_data

    def counting(app, data, algorithm):
        calls.append(len(data))
        return original(app, data, algorithm)

    monkeypatch.setattr(fc, "_compress_data", counting)
    page = client.get("/").get_data(as_text=True)
    asset = re.search(r'href="(/assets/frontline\.css\?m=[^"]+)"', page).group(1)
    calls.clear()
    bodies = [client.get(asset, headers={"Accept-Encoding": "gzip"}).get_data() for _ in range(3)]
    assert len(calls) == 1, "compressed on every request"
    assert bodies[0] == bodies[1] == bodies[2]
    response = client.get(asset, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    assert b"Frontline Atlas" in gzip.decompress(response.get_data())


def test_the_app_knows_its_script_paths_before_any_request(tmp_path):
    """Workers are forked from the process that built the app, and Dash registers the
    component-suite paths a page names only while it renders the page: a worker that had not
    rendered it answered those scripts with 500. Built in a fresh interpreter and asked
    nothing, the app already knows every script path its page names."""
    import json
    import subprocess
    import sys

    probe = (
        "import json; from dashboard.app import create_app; "
        f"app = create_app({str(MINI)!r}); "
        "print(json.dumps({k: sorted(v) for k, v in app.registered_paths.items()}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    known = json.loads(out.stdout.strip().splitlines()[-1])
    page = create_app(MINI).server.test_client().get("/").get_data(as_text=True)
    named = re.findall(r'src="/_dash-component-suites/([^/"]+)/([^"?]+)"', page)
    assert len(named) >= 4
    for package, path in named:
        plain = re.sub(r"\.v[0-9_]+m[0-9]+", "", path)  # the fingerprint Dash adds to each name
        assert plain in known.get(package, []), (package, plain)
