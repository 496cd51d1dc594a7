"""``frontline export site``: the dashboard as static files that need no Python to serve.

One site of the small fixture scenario (tests/fixtures/mini) is built once, published
under ``/atlas/`` (a project page's path), and served by a plain static file server.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from dashboard import site as site_mod
from dashboard.app import PagePart
from dashboard.downloads import download_name
from dashboard.export import ExportError
from dashboard.export.site import site_prefix
from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.site import export_site
from dashboard.viewdata import load_view_data

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
PREFIX = "/atlas/"
REF = re.compile(r'\s(?:src|href)="([^"]*)"')
TEXT_SUFFIXES = (".html", ".js", ".json", ".css", ".svg")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("sites") / "site"
    report = export_site(MINI, out, base_url="https://example.org/atlas")
    return out, report


def _file_of(root: Path, url: str) -> Path:
    """The file a static host serves for a URL of the site (a folder: its index.html)."""
    path = urlsplit(url).path
    assert path.startswith(PREFIX), f"{url} is outside the site's path {PREFIX}"
    rel = path[len(PREFIX) :]
    target = root / rel
    return target / "index.html" if rel == "" or target.is_dir() else target


def _local_refs(html: str) -> list[str]:
    return [r for r in REF.findall(html) if r.startswith("/")]


def test_every_file_the_pages_name_exists(built):
    root, _report = built
    pages = ["index.html", "embed/index.html", "sources/index.html"]
    pages += [f"embed/{p}.html" for p in PALETTES if p != DEFAULT_PALETTE]
    named = 0
    for page in pages:
        html = (root / page).read_text(encoding="utf-8")
        for ref in _local_refs(html):
            assert _file_of(root, ref).is_file(), f"{page} names {ref}, which is not in the site"
            named += 1
    assert named >= 15
    # Dash's renderer asks for these two by name; the scripts the index names are there.
    for name in ("_dash-layout", "_dash-dependencies", "_frontline/payload.json"):
        json.loads((root / name).read_text(encoding="utf-8"))


def test_relocated_pages_link_back_to_the_dashboard(built):
    """/sources is sources/index.html: its links to views ('./?date=') still open the index."""
    root, _report = built
    html = (root / "sources" / "index.html").read_text(encoding="utf-8")
    views = re.findall(r'href="([^"]*\?date=[^"]*)"', html)
    assert views, "the sources page links no view"
    assert all(v.startswith(PREFIX + "?date=") for v in views), views[:3]


def test_no_address_of_the_build_machine(built):
    root, _report = built
    for path in root.rglob("*"):
        if path.is_file() and (path.suffix in TEXT_SUFFIXES or path.name.startswith("_dash-")):
            text = path.read_text(encoding="utf-8", errors="replace")
            for host in ("http://127.0.0.1", "http://localhost", "http://example.org"):
                assert host not in text, f"{path.relative_to(root)} names {host}"
    assert not list(root.rglob("*.py")), "the site holds Python files"


def test_every_callback_runs_in_the_browser(built):
    root, _report = built
    deps = json.loads((root / "_dash-dependencies").read_text(encoding="utf-8"))
    assert deps and all(d.get("clientside_function") for d in deps)


def test_downloads_are_there_for_every_day_and_palette(built):
    root, report = built
    data = load_view_data(MINI)
    dates = data["payload"]["dates"]
    folder = root / "download"
    for day in range(len(dates)):
        for palette in PALETTES:
            png = folder / download_name(data, "png", palette=palette, day=day)
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            svg = folder / download_name(data, "svg", palette=palette, day=day)
            assert b"<svg" in svg.read_bytes()[:400]
    for palette in PALETTES:
        assert (folder / download_name(data, "gif", palette=palette)).read_bytes()[:6] == b"GIF89a"
        assert b"<html" in (folder / download_name(data, "html", palette=palette)).read_bytes()
    # The links the page has before its script runs (the first day, default palette).
    first = download_name(data, "png", day=0)
    assert (folder / "still.png").read_bytes() == (folder / first).read_bytes()
    assert report.images == len(dates) * len(PALETTES) * 2
    assert report.files == sum(1 for p in root.rglob("*") if p.is_file())


def test_the_download_templates_lead_to_the_files(built):
    """The page's meta names templates (read by assets/js/share.mjs) that fill to real files."""
    root, _report = built
    html = (root / "index.html").read_text(encoding="utf-8")
    content = re.search(r"<meta name=\"frontline-downloads\" content='([^']*)'>", html).group(1)
    templates = json.loads(content.replace("&#39;", "'").replace("&amp;", "&"))
    dates = load_view_data(MINI)["payload"]["dates"]
    for palette in PALETTES:
        suffix = "" if palette == templates["default_palette"] else f"-{palette}"
        for kind in ("png", "svg"):
            url = templates["still"].format(date=dates[-1], suffix=suffix, kind=kind)
            assert _file_of(root, url).is_file(), url
        for kind in ("gif", "html"):
            assert _file_of(root, templates[kind].format(suffix=suffix)).is_file()


@pytest.fixture(scope="module")
def served(built):
    """The site under a plain static file server (no Python of the project runs)."""
    root, _report = built
    handler = functools.partial(_Quiet, directory=str(root.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # Published under /atlas/: serve the folder holding the site, named atlas.
    (root.parent / "atlas").symlink_to(root.name)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_static_server_serves_the_pages_and_data(served):
    for path, kind in [
        ("/atlas/", "text/html"),
        ("/atlas/embed/", "text/html"),
        ("/atlas/sources/", "text/html"),
        ("/atlas/_frontline/payload.json", "application/json"),
        ("/atlas/download/still.png", "image/png"),
    ]:
        with urlopen(served + path, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith(kind), path
    with urlopen(served + "/atlas/embed?date=2020-01-02&controls=none", timeout=10) as response:
        # /embed is redirected to /embed/ with its query: the embed page.
        assert response.url.endswith("/atlas/embed/?date=2020-01-02&controls=none")
        assert b"frontline" in response.read().lower()


def test_the_index_makes_dashs_files_json_and_embeds_route_palettes(built):
    """A static host serves _dash-layout as octet-stream: the index's shim makes it JSON;
    each embed page goes to its palette's page when the query asks for another."""
    root, _report = built
    html = (root / "index.html").read_text(encoding="utf-8")
    assert '"/atlas/_dash-layout"' in html and "application/json" in html
    embed = (root / "embed" / "index.html").read_text(encoding="utf-8")
    assert "location.replace" in embed
    for palette in PALETTES:
        if palette != DEFAULT_PALETTE:
            assert f'"/atlas/embed/{palette}.html"' in embed


def test_a_full_folder_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="not empty: choose a new folder or pass --force"):
        export_site(MINI, out, downloads=False)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    report = export_site(MINI, out, force=True, downloads=False)
    assert (out / "index.html").is_file() and not (out / "keep.txt").exists()
    assert report.images == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "temporary folders remain"


def test_a_server_side_callback_is_refused_in_one_line(tmp_path, monkeypatch):
    from dash import Input, Output

    import dashboard.app as app_mod

    real = app_mod.create_app

    def with_server_callback(*args, **kwargs):
        app = real(*args, **kwargs)
        app.callback(Output("notice", "title"), Input("notice", "children"))(lambda c: str(c))
        return app

    monkeypatch.setattr(app_mod, "create_app", with_server_callback)
    with pytest.raises(ExportError) as err:
        export_site(MINI, tmp_path / "site", downloads=False)
    message = str(err.value)
    assert "notice.title runs on the server" in message and "\n" not in message
    assert not (tmp_path / "site").exists()
    assert list(tmp_path.iterdir()) == [], "the temporary folder remains"


def test_each_days_first_paint_is_written_and_swapped_in(tmp_path, monkeypatch):
    """With a page part that draws the asked day, each day's markup is a file and the index
    has the script that puts the asked one in place (none for the default view)."""
    import dashboard.app as app_mod

    real = app_mod.create_app
    dates = load_view_data(MINI)["payload"]["dates"]

    def paint(args):
        return PagePart(
            entry=f'<svg class="first-paint" data-date="{args.get("date", dates[0])}"/>'
        )

    def with_paint(*args, **kwargs):
        app = real(*args, **kwargs)
        app.page_parts = (paint,)
        return app

    monkeypatch.setattr(app_mod, "create_app", with_paint)
    out = tmp_path / "site"
    export_site(MINI, out, downloads=False)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'data-date="{dates[0]}"' in index  # the default view, painted with no script
    folder = out / site_mod.FIRST_PAINT_DIR
    for date in dates[1:]:
        for palette in PALETTES:
            assert f'data-date="{date}"' in (folder / f"{date}_{palette}.html").read_text()
    assert not (folder / f"{dates[0]}_{DEFAULT_PALETTE}.html").exists()
    keys = json.loads(re.search(r"(\[[^\]]*\])\.indexOf\(k\)", index).group(1))
    assert f"{dates[1]}_{DEFAULT_PALETTE}" in keys
    assert index.index("first-paint/") < index.index('<div class="dash-scripts">')


@pytest.mark.parametrize(
    ("given", "prefix"),
    [("/", "/"), ("/atlas", "/atlas/"), ("https://example.org/a/b/", "/a/b/"), ("", "/")],
)
def test_site_prefix(given, prefix):
    assert site_prefix(given) == prefix


@pytest.mark.parametrize("bad", ["atlas/", "ftp://host/x/", "/x/?y=1"])
def test_site_prefix_refuses(bad):
    with pytest.raises(ValueError, match="base URL"):
        site_prefix(bad)


def test_cli_refuses_a_full_folder_and_a_bad_base_url(run_cli, tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    (out / "x").write_text("x")
    result = run_cli("export", "site", "--out", str(out))
    assert result.code == 2
    assert "is not empty: choose a new folder or pass --force" in result.err
    assert "Traceback" not in result.err
    result = run_cli("export", "site", "--base-url", "ftp://x/", "--out", str(tmp_path / "new"))
    assert result.code == 2 and "'--base-url'" in result.err
