"""What the server answers to input it has no use for, and the headers it sends
(``dashboard.security``), for one battle at ``/`` and for battles under ``/<slug>/``."""

from __future__ import annotations

import gzip
import io
import json
import re
import tracemalloc
from pathlib import Path

import pytest
from werkzeug.test import Client

from dashboard.app import create_app
from dashboard.multi import create_server
from dashboard.security import MAX_BODY_BYTES, inline_scripts, script_hash, served_assets

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
TWO = FIXTURES / "two_sides"
CALLBACK = "_dash-update-component"


@pytest.fixture(scope="module")
def app():
    return create_app(MINI)


@pytest.fixture(scope="module")
def battles():
    return Client(create_server([MINI, TWO]))


@pytest.fixture
def client(app):
    return app.server.test_client()


# One battle at / and one of two battles at /mini/: each rule holds for both.
@pytest.fixture(params=["single", "mounted"])
def served(request, app, battles):
    if request.param == "single":
        return app.server.test_client(), "/"
    return battles, "/mini/"


def _callback_body(output: str) -> bytes:
    ident, prop = output.split(".")
    return json.dumps(
        {
            "output": output,
            "outputs": {"id": ident, "property": prop},
            "inputs": [{"id": "date-slider", "property": "value", "value": 1}],
            "changedPropIds": ["date-slider.value"],
        }
    ).encode()


MALFORMED = {
    "empty object": b"{}",
    "empty list": b"[]",
    "null": b"null",
    "a number": b"3",
    "not JSON": b"<html>not json",
    "not UTF-8": b"\xff\xfe\x00{",
    "outputs missing": json.dumps({"output": "rendered.data"}).encode(),
    "inputs not a list": json.dumps(
        {"output": "rendered.data", "outputs": {}, "inputs": "x"}
    ).encode(),
    "nested 50,000 deep": b"[" * 50_000 + b"]" * 50_000,
    "output nested deep": b'{"output":' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    "state not a list": json.dumps(
        {"output": "a.b", "outputs": {}, "inputs": [], "state": {}}
    ).encode(),
    "unknown output": _callback_body("nothing.here"),
    # Every callback of the dashboard runs in the browser: no output is a server's.
    "clientside output": _callback_body("rendered.data"),
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=list(MALFORMED))
def test_malformed_callback_bodies_get_a_4xx_with_one_line(served, body):
    client, prefix = served
    response = client.post(prefix + CALLBACK, data=body, content_type="application/json")
    assert response.status_code in (400, 422), response.status_code
    text = response.get_data(as_text=True).strip()
    assert text and "\n" not in text and "Traceback" not in text


def test_a_body_over_the_limit_is_refused_with_413(served):
    client, prefix = served
    body = b"[" + b"0," * 1_000_000 + b"0]"  # 2 MB of valid JSON
    assert len(body) > MAX_BODY_BYTES
    response = client.post(prefix + CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 413
    assert "larger than 1 MB" in response.get_data(as_text=True)
    # Without a Content-Length (sent in chunks: the server marks the input terminated).
    chunked = client.post(
        prefix + CALLBACK,
        input_stream=io.BytesIO(body),
        headers={"Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )
    assert chunked.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "_dash-component-suites/nothing/x.js",
        "_dash-component-suites/dash/not-a-bundle.js",
        "_dash-component-suites/dash/../../../etc/passwd",
        "_dash-component-suites/dash/dcc/async-graph.v9_9_9m1.js.map.missing",
    ],
)
def test_unknown_component_suite_paths_are_404(served, path):
    client, prefix = served
    assert client.get(prefix + path).status_code == 404


def test_a_component_suite_the_page_names_is_still_served(served):
    client, prefix = served
    page = client.get(prefix).get_data(as_text=True)
    suite = re.search(r'src="[^"]*(_dash-component-suites/[^"]+)"', page).group(1)
    assert client.get(prefix + suite).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "nothing-here",
        "index.html",
        "wp-admin/",
        "assets/__init__.py",
        "assets/js/text.mjs",
        "assets/render/live.html",
        "assets/render/live.js",
        "assets/vendor/README.md",
        "assets/screenshots/dashboard.png",
        "assets/missing.css",
    ],
)
def test_unknown_paths_and_assets_the_page_does_not_need_are_404(served, path):
    client, prefix = served
    response = client.get(prefix + path)
    assert response.status_code == 404
    assert "_dash-config" not in response.get_data(as_text=True)  # not the dashboard


def test_the_assets_the_page_needs_are_served(served):
    client, prefix = served
    page = client.get(prefix).get_data(as_text=True)
    named = re.findall(r'href="([^"]*/assets/[^"]+)"', page)
    assert named, "the page names its style sheet"
    for url in named:
        assert client.get(url).status_code == 200, url
    assert client.get(prefix + "assets/topojson/world_110m.json").status_code == 200


def test_every_response_says_nosniff_and_a_referrer_policy(served):
    client, prefix = served
    for path in ["", "embed", "sources", "_frontline/payload.json", "_dash-layout", "nope"]:
        response = client.get(prefix + path)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", path


def test_the_page_sends_a_csp_that_allows_only_its_own_inline_script(served):
    client, prefix = served
    response = client.get(prefix)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["frame-ancestors"] == "'self'"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    script_src = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    page = response.get_data(as_text=True)
    inline = inline_scripts(page)
    assert inline, "Dash's renderer starts from an inline script"
    for script in inline:
        assert script_hash(script) in script_src
    # The config is data (type application/json), not a script the policy must allow.
    assert '<script id="_dash-config" type="application/json">' in page


def _directives(policy: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


def test_the_embed_may_be_framed_by_any_site_and_runs_only_its_own_scripts(served):
    client, prefix = served
    response = client.get(prefix + "embed")
    directives = _directives(response.headers["Content-Security-Policy"])
    assert directives["frame-ancestors"] == "* file:"
    assert "X-Frame-Options" not in response.headers
    script_src = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    inline = inline_scripts(response.get_data(as_text=True))
    assert len(inline) >= 2, "the embed's topology and its module bundle are inline scripts"
    assert {script_hash(s) for s in inline} <= set(script_src)
    assert directives["object-src"] == "'none'"


def test_the_sources_page_runs_no_script_and_is_not_framed_elsewhere(served):
    client, prefix = served
    response = client.get(prefix + "sources")
    assert response.status_code == 200
    directives = _directives(response.headers["Content-Security-Policy"])
    assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'self'"
    assert "<script" not in response.get_data(as_text=True)


def test_the_battles_index_is_not_frameable_and_runs_no_script(battles):
    response = battles.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    missing = battles.get("/nope")
    assert missing.status_code == 404 and missing.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_page_config_names_no_versions(served):
    import sys

    import dash

    client, prefix = served
    page = client.get(prefix).get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert not {k for k in config if k.endswith("version") or k.endswith("version_url")}, config
    assert sys.version.split()[0] not in page
    assert f'"{dash.__version__}"' not in page


def test_responses_name_no_server_version(served):
    """The app adds no Server header; gunicorn (``frontline serve``) writes its own, which
    is its bare name (``gunicorn.SERVER``), without a version."""
    import gunicorn

    client, prefix = served
    assert "Server" not in client.get(prefix).headers
    assert not re.search(r"\d", gunicorn.SERVER), gunicorn.SERVER


def test_a_new_query_on_a_cached_path_is_not_compressed_again(monkeypatch, client):
    """plotly-geo.min.js?v=<anything>: compressed once per encoding, memory flat."""
    import flask_compress.flask_compress as fc

    from dashboard.vendor import PLOTLY_GEO_ROUTE

    calls = []
    compress = fc._compress_data

    def counting(app, data, algorithm):
        calls.append((len(data), algorithm))
        return compress(app, data, algorithm)

    monkeypatch.setattr(fc, "_compress_data", counting)
    headers = {"Accept-Encoding": "gzip"}
    first = client.get(f"{PLOTLY_GEO_ROUTE}?v=first", headers=headers)
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(first.get_data())
    tracemalloc.start()
    try:
        for i in range(10):
            client.get(f"{PLOTLY_GEO_ROUTE}?v=warm-{i}", headers=headers)
        before = tracemalloc.get_traced_memory()[0]
        for i in range(50):
            response = client.get(f"{PLOTLY_GEO_ROUTE}?v={i}-{'x' * i}", headers=headers)
            assert gzip.decompress(response.get_data()) == body
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len([c for c in calls if c[0] == len(body)]) <= 1, len(calls)
    # One more cached copy of the compressed bundle would be about 1.5 MB.
    assert grown < 500_000, grown


def test_a_long_date_in_the_link_is_cut_in_the_notice():
    """The notice quotes at most 40 characters of a bad parameter (assets/js/url.mjs)."""
    import subprocess

    script = """
import { parseQuery } from "./assets/js/url.mjs";
const payload = { dates: ["2016-11-15", "2016-11-16"], long_labels: ["a", "b"], ids: [],
  palettes: { conventional: {} } };
const out = parseQuery("?date=" + "9".repeat(3000), payload, { day: 0, palette: "conventional" });
console.log(JSON.stringify(out.notices));
"""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    notices = json.loads(done.stdout)
    assert notices and all(len(n) < 200 for n in notices), notices
    assert "9" * 40 + "…" in notices[0]


def test_assets_a_style_sheet_names_are_served_too(tmp_path):
    """A font or image the style sheet asks for with url(...) is one the page needs."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "page.css").write_text(
        "@font-face { src: url('../fonts/a.woff2') }\n"
        'body { background: url("bg.png?v=2") } i { background: url(data:image/png;base64,x) }'
        " b { background: url(https://elsewhere.example/x.png) }",
        encoding="utf-8",
    )
    index = '<link rel="stylesheet" href="/b/assets/css/page.css?m=1">'
    assert served_assets(index, "/b/assets/", tmp_path) == {
        "css/page.css",
        "fonts/a.woff2",
        "css/bg.png",
        "topojson/world_110m.json",
    }
