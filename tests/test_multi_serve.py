"""Several battles from one server (``dashboard.multi.create_server``, ``frontline serve
--scenario A --scenario B``): the index page at ``/``, each battle under ``/<slug>/`` with
its page, payload, assets, ``/embed`` and downloads; an unknown prefix is a 404; bad folders
get one line. Through werkzeug's test client on the combined WSGI application."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from werkzeug.test import Client

from dashboard.multi import create_server, index_page, scenario_slug
from dashboard.viewdata import load_view_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TWO = FIXTURES / "two_sides"
FOUR = FIXTURES / "four_sides"
MINI = FIXTURES / "mini"
SLUGS = {"two-sides": TWO, "four-sides": FOUR}


@pytest.fixture(scope="module")
def client() -> Client:
    return Client(create_server([TWO, FOUR]))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)


def _payload(folder: Path) -> dict:
    return load_view_data(folder)["payload"]


def _values(tree, key: str) -> list:
    """Every value of ``key`` anywhere in a JSON tree."""
    if isinstance(tree, dict):
        found = [tree[key]] if key in tree else []
        return found + [v for x in tree.values() for v in _values(x, key)]
    if isinstance(tree, list):
        return [v for x in tree for v in _values(x, key)]
    return []


def test_slugs_come_from_the_folder_names(tmp_path):
    assert scenario_slug(TWO) == "two-sides"
    assert scenario_slug(tmp_path / "Siège de Brno 1645") == "si-ge-de-brno-1645"
    assert scenario_slug("battles/Saltings_Bay/") == "saltings-bay"


def test_the_index_lists_every_battle_with_its_dates_factions_and_link(client):
    r = client.get("/")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert page.count('<li class="battle"') == 2
    assert page.index('data-slug="two-sides"') < page.index('data-slug="four-sides"')
    for slug, folder in SLUGS.items():
        payload = _payload(folder)
        assert f'<a href="{slug}/">' in page
        assert payload["title"].replace("'", "&#x27;") in page
        assert f"{payload['dates'][0]} to {payload['dates'][-1]}" in page
        for faction in payload["map"]["factions"]:
            label = payload["map"]["labels"][faction].replace("'", "&#x27;")
            colour = payload["palettes"]["conventional"][faction]
            assert f'style="background:{colour}"></span>{label}</span>' in page, faction
    assert "Dockers&#x27; Union" in page and "#cc0033" in page  # "#c03" in scenario.yaml
    assert "Aleppo" not in page


@pytest.mark.parametrize("slug", list(SLUGS))
def test_each_battle_is_served_under_its_prefix(client, slug):
    payload = _payload(SLUGS[slug])
    r = client.get(f"/{slug}/")
    assert r.status_code == 200, r.text
    page = r.get_data(as_text=True)
    # Every URL the page asks for is under the prefix: Dash's config, the preloads, the
    # page's script (the browser modules in one), the geo bundle.
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)
    assert json.loads(config.group(1))["requests_pathname_prefix"] == f"/{slug}/"
    assert f'<link rel="preload" href="/{slug}/_frontline/payload.json" as="fetch"' in page
    assert f'<script src="/{slug}/_frontline/plotly-geo.min.js?v=' in page
    assert re.search(rf'<script src="/{slug}/_frontline/dashboard\.js\?v=[0-9a-f]+"', page)
    for src in re.findall(r'<(?:script|link)[^>]* (?:src|href)="(/[^"]*)"', page):
        assert src.startswith(f"/{slug}/"), src
    for src in re.findall(r'<script src="(/[^"]*)"', page):
        assert client.get(src).status_code == 200, src
    # The layout names the payload's URL under the prefix; the payload is this battle's.
    layout = client.get(f"/{slug}/_dash-layout").get_json()
    assert _values(layout, "payload_url") == [f"/{slug}/_frontline/payload.json"]
    assert _values(layout, "topojsonURL") == [f"/{slug}/assets/topojson/"]
    assert client.get(f"/{slug}/_dash-dependencies").status_code == 200
    shipped = client.get(f"/{slug}/_frontline/payload.json").get_json()
    assert shipped["title"] == payload["title"]
    assert shipped["map"]["factions"] == payload["map"]["factions"]
    assert shipped["dates"] == payload["dates"]


@pytest.mark.parametrize("slug", list(SLUGS))
def test_each_battle_has_its_embed_page(client, slug):
    payload = _payload(SLUGS[slug])
    r = client.get(f"/{slug}/embed?date={payload['dates'][1]}")
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert f'<script src="/{slug}/_frontline/plotly-geo.min.js?v=' in page
    assert 'href="./"' in page  # "Open the atlas": /<slug>/ from /<slug>/embed
    other = next(s for s in SLUGS if s != slug)
    assert _payload(SLUGS[other])["title"] not in page
    assert "frame-ancestors * file:" in r.headers["Content-Security-Policy"]


def test_a_png_still_of_the_four_sided_battle(client, cache):
    payload = _payload(FOUR)
    day = payload["dates"][0]
    r = client.get(f"/four-sides/download/still.png?date={day}")
    assert r.status_code == 200, r.text
    assert r.mimetype == "image/png"
    assert f'filename="frontline-atlas-{day}.png"' in r.headers["Content-Disposition"]
    with Image.open(io.BytesIO(r.data)) as im:
        assert im.size == (1920, 1080)
        colours = {c for _, c in im.convert("RGB").getcolors(1920 * 1080)}
    for faction in payload["map"]["factions"]:
        hex_colour = payload["palettes"]["conventional"][faction]
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, faction


def test_an_svg_still_of_the_two_sided_battle_in_the_colourblind_palette(client, cache):
    payload = _payload(TWO)
    r = client.get(f"/two-sides/download/still.svg?date={payload['dates'][2]}&palette=colourblind")
    assert r.status_code == 200, r.text
    assert r.mimetype == "image/svg+xml"
    root = ET.fromstring(r.data)
    assert root.get("width") == "1920"
    assert b"rgb(230, 159, 0)" in r.data  # the besiegers' colour-blind colour
    bad = client.get("/two-sides/download/still.svg?date=2040-01-10")
    assert bad.status_code == 400
    assert "not a day of the battle: pick one from 2031-03-01 to 2031-03-05" in bad.text


def test_the_bare_prefix_is_redirected_with_its_query(client):
    r = client.get("/four-sides?date=2040-01-12")
    assert r.status_code == 308
    assert r.headers["Location"].endswith("/four-sides/?date=2040-01-12")
    assert client.get("/four-sides").headers["Location"].endswith("/four-sides/")


@pytest.mark.parametrize(
    "path", ["/aleppo/", "/two_sides/", "/_dash-layout", "/_frontline/payload.json", "/embed"]
)
def test_an_unknown_prefix_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_one_scenario_or_none_is_the_dashboard_at_the_root():
    server = create_server([MINI])
    assert isinstance(server, Flask)
    with server.test_client() as c:
        page = c.get("/").get_data(as_text=True)
        assert '<link rel="preload" href="/_frontline/payload.json" as="fetch"' in page
        assert c.get("/embed").status_code == 200
        title = load_view_data(MINI)["payload"]["title"]
        assert c.get("/_frontline/payload.json").get_json()["title"] == title


def test_index_page_escapes_what_the_scenario_says():
    data = load_view_data(TWO)
    page = index_page({"a<b": data})
    assert 'data-slug="a&lt;b"' in page and "a<b" not in page


# --- bad input: one line naming the folder ------------------------------------------------


def _one_line(result) -> str:
    lines = result.err.strip().splitlines()
    assert result.code != 0 and len(lines) == 1, result.err
    return lines[0]


def test_serve_refuses_a_folder_that_is_not_a_scenario(run_cli, tmp_path):
    (tmp_path / "notes").mkdir()
    line = _one_line(run_cli("serve", "--scenario", TWO, "--scenario", tmp_path / "notes"))
    assert "notes" in line and "scenario.yaml" in line
    line = _one_line(run_cli("serve", "--scenario", TWO, "--scenario", tmp_path / "missing"))
    assert "missing" in line and "not a folder" in line


def test_serve_refuses_two_folders_with_the_same_slug(run_cli, tmp_path):
    copy = tmp_path / "Two-Sides"
    shutil.copytree(TWO, copy)
    line = _one_line(run_cli("serve", "--scenario", TWO, "--scenario", copy))
    assert str(copy) in line and "/two-sides/" in line and "rename" in line
    line = _one_line(run_cli("serve", "--scenario", TWO, "--scenario", TWO))
    assert "/two-sides/" in line


def test_frontline_serve_with_two_scenarios_under_gunicorn():
    import gzip
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-c", "from dashboard.cli import main; main()", "serve"]
    cmd += ["--scenario", str(TWO), "--scenario", str(FOUR), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> tuple[dict, bytes]:
        req = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
            headers = dict(resp.headers)
        if headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return headers, body

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                _, index = get("/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "server did not start within 90 s"
                time.sleep(0.3)
        assert b'href="two-sides/"' in index and b'href="four-sides/"' in index
        headers, layout = get("/four-sides/_dash-layout")
        assert headers.get("Server", "").startswith("gunicorn")
        assert _values(json.loads(layout), "payload_url") == ["/four-sides/_frontline/payload.json"]
        _, payload = get("/two-sides/_frontline/payload.json")
        assert json.loads(payload)["map"]["factions"] == ["defenders", "besiegers"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/two-sides/" in err
