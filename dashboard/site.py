"""``frontline export site``: the whole dashboard as plain files any static host serves.

The site is not rebuilt by hand: the Dash app is built with
:func:`dashboard.app.create_app` (under the path the site will be published at) and crawled
with Flask's test client, so whatever the app serves later (a compare view, stories, a first
paint) comes along with no code here. Crawled:

- the pages ``/``, ``/embed`` (one page per palette) and ``/sources``, and every script,
  style sheet, asset and file a page, a style sheet or Dash's config names;
- Dash's ``_dash-layout`` and ``_dash-dependencies`` (plain JSON files without an extension:
  Dash's renderer reads them with ``fetch().json()``, whatever their content type), and every
  file of the component suites Dash registers (the chunks the components load on demand);
- the downloads, pre-rendered: each day's slide in every palette as PNG and SVG (by the
  warm renderer, two pages at once), the battle's GIF and the standalone page per palette.

Rewritten, and only so a static host can serve it: a page at a path without an extension
becomes ``<path>/index.html`` (``/embed`` is ``embed/index.html``; static hosts answer
``/embed`` with a redirect to ``/embed/``, keeping the query) with its relative links made
absolute; the index gains a ``<meta name="frontline-downloads">`` whose URL templates the
page's download links follow (``assets/js/share.mjs``), since a static host ignores a query.

Every callback of the dashboard runs in the browser (no POST to ``_dash-update-component``);
an app with a server-side callback is refused with one line. When the app's index page
depends on the query (page parts, see :class:`dashboard.app.PagePart`), each day's and
palette's first-paint markup is written under ``_frontline/first-paint/``; a small script
first in the head fetches the asked one and swaps it in before the entry is painted (see
:data:`FIRST_PAINT_START`).

The folder is written whole or not at all: everything goes to a temporary folder next to
``out``, renamed onto it at the end.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from dashboard.export.output import ExportError
from dashboard.export.site import (
    STILL_FORMATS,
    Progress,
    SiteReport,
    census,
    check_out,
    download_templates,
    replace_folder,
    site_prefix,
)
from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.viewdata import ViewData, load_view_data

# Pages of the app a reader opens by URL, beside the index (their names in the app's routes).
PAGES = ("embed", "sources")
# Files Dash's renderer asks for that no page names.
DASH_ENDPOINTS = ("_dash-layout", "_dash-dependencies")
FIRST_PAINT_DIR = "_frontline/first-paint"
DOWNLOADS_META = "frontline-downloads"
# Source maps are read only by a browser's developer tools: left out (a few MB).
SKIPPED_SUFFIXES = (".map",)
_REF = re.compile(r'(\s(?:src|href)=")([^"]*)(")')
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def export_site(
    scenario: str | Path | ViewData | None,
    out: Path,
    *,
    base_url: str = "/",
    force: bool = False,
    on_progress: Progress | None = None,
    downloads: bool = True,
) -> SiteReport:
    """Write the static site of ``scenario`` to the folder ``out`` (see the module's doc).

    ``on_progress(label, done, total)`` is told of each pre-rendered image. A problem is one
    :class:`ExportError` line; ``out`` is then left as it was. ``downloads=False`` leaves the
    downloads out (a preview of the pages in seconds; its download links lead nowhere).
    """
    start = time.perf_counter()
    out = Path(out)
    prefix = site_prefix(base_url)
    check_out(out, force)
    data = scenario if isinstance(scenario, ViewData) else load_view_data(scenario)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.part-", dir=out.resolve().parent))
    except OSError as exc:
        raise ExportError(f"{out}: cannot make a temporary folder beside it ({exc})") from None
    try:
        steps = {}
        _Crawler(data, prefix, tmp).run()
        steps["pages"] = time.perf_counter() - start
        images = render_downloads(data, tmp, on_progress, steps) if downloads else 0
        files, size = census(tmp)
        replace_folder(tmp, out)
    except OSError as exc:
        raise ExportError(f"{out}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - start
    return SiteReport(out, files, size, seconds, images, tuple(steps.items()))


class _Crawler:
    """Fetches the app's pages and everything they name, writing each as a file under ``root``."""

    def __init__(self, data: ViewData, prefix: str, root: Path) -> None:
        from dashboard.app import create_app

        self.app = create_app(data, prefix=prefix)
        self.client = self.app.server.test_client()
        self.prefix = prefix
        self.root = root
        self.done: set[str] = set()
        self.queue: list[str] = []

    def get(self, url: str) -> Any:
        """The app's response to a URL the browser would ask for (under the prefix)."""
        parts = urlsplit(url)
        route = "/" + parts.path[len(self.prefix) :]
        response = self.client.get(route, query_string=parts.query)
        if response.status_code != 200:
            raise ExportError(
                f"the app answered {response.status_code} to {url}: cannot publish it"
            )
        return response

    def run(self) -> None:
        check_clientside(json.loads(self.get(self.prefix + "_dash-dependencies").data))
        self.index()
        for name in PAGES:
            self.page(name)
        for name in DASH_ENDPOINTS:
            self.enqueue(self.prefix + name)
        for namespace, paths in self.app.registered_paths.items():
            for path in sorted(paths):
                self.enqueue(f"{self.prefix}_dash-component-suites/{namespace}/{path}")
        while self.queue:
            url = self.queue.pop()
            response = self.get(url)
            body = response.data
            if response.mimetype == "text/css":
                self.scan(url, body.decode("utf-8", "replace"), _CSS_URL)
            self.write(url, body)

    def enqueue(self, url: str) -> None:
        path = urlsplit(url).path
        if path in self.done or path.endswith(SKIPPED_SUFFIXES):
            return
        self.done.add(path)
        self.queue.append(path)

    def scan(self, base: str, text: str, pattern: re.Pattern[str]) -> None:
        """Queue every file of the site that ``text`` (at URL ``base``) names."""
        for match in pattern.finditer(text):
            ref = match.group(2 if pattern is _REF else 1)
            url = self.local(base, ref)
            if url is not None and urlsplit(url).path not in self.page_paths():
                self.enqueue(url)

    def page_paths(self) -> set[str]:
        return {self.prefix} | {self.prefix + name for name in PAGES}

    def local(self, base: str, ref: str) -> str | None:
        """The URL of a file of this site that ``ref`` names from ``base``, or ``None``."""
        if not ref or ref.startswith(("#", "data:", "mailto:", "javascript:", "blob:")):
            return None
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            return None
        url = urljoin(base, ref)
        path = urlsplit(url).path
        if not path.startswith(self.prefix) or path.startswith(self.prefix + "download/"):
            return None  # the downloads are written by render_downloads
        return url

    def index(self) -> None:
        """``/`` as ``index.html``, with the download templates and, when the page follows
        the query, each view's first paint and the script that shows the right one."""
        from dashboard.security import served_assets

        html = self.get(self.prefix).data.decode("utf-8")
        self.scan(self.prefix, html, _REF)
        assets_url = self.prefix + "assets/"
        for name in served_assets(html, assets_url, self.app.config.assets_folder):
            self.enqueue(assets_url + name)
        meta = json.dumps(download_templates(self.prefix), separators=(",", ":"))
        tag = f"<meta name=\"{DOWNLOADS_META}\" content='{_attr(meta)}'>"
        html = html.replace("</head>", tag + "</head>", 1)
        marker = '<div class="dash-scripts">'
        if marker not in html:
            raise ExportError("the index page has no Dash scripts: cannot publish it")
        paths = json.dumps([self.prefix + name for name in DASH_ENDPOINTS])
        html = html.replace(marker, JSON_TYPE_SHIM.format(paths=paths) + marker, 1)
        html = self.first_paints(html)
        self.write(self.prefix, html.encode("utf-8"))

    def first_paints(self, html: str) -> str:
        """Write the first-paint markup of each (date, palette) that differs from the index's
        (none when the app has no page parts) and add the script that swaps it in."""
        parts = getattr(self.app, "page_parts", ())
        if not parts:
            return html
        default = "".join(part({}).entry for part in parts)
        dates = self.app_payload_dates()
        written = []
        for date in dates:
            for palette in PALETTES:
                entry = "".join(part({"date": date, "palette": palette}).entry for part in parts)
                if entry and entry != default:
                    key = f"{date}_{palette}"
                    path = self.root / FIRST_PAINT_DIR / f"{key}.html"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(entry, encoding="utf-8")
                    written.append(key)
        if not written:
            return html
        start = FIRST_PAINT_START.format(
            keys=json.dumps(sorted(written)),
            base=json.dumps(self.prefix + FIRST_PAINT_DIR + "/"),
            first=json.dumps(dates[0]),
            palette=json.dumps(DEFAULT_PALETTE),
        )
        head = re.search(r"<head[^>]*>", html)
        marker = '<div class="dash-scripts">'
        if head is None or marker not in html:
            raise ExportError("the index page has no head or no Dash scripts: cannot publish it")
        html = html[: head.end()] + start + html[head.end() :]
        return html.replace(marker, FIRST_PAINT_END.format() + marker, 1)

    def app_payload_dates(self) -> list[str]:
        meta = json.loads(self.get(self.prefix + "_frontline/payload.json").data)
        return list(meta["dates"])

    def page(self, name: str) -> None:
        """A page at ``/<name>``, and ``/embed`` once per palette (the server picks the page
        by ``?palette=``: on the static site a small script goes to the right one)."""
        url = self.prefix + name
        if name != "embed":
            self.write_page(url, self.get(url).data.decode("utf-8"), url + "/index.html")
            return
        pages = {
            p: url + "/" + ("" if p == DEFAULT_PALETTE else f"{p}.html") for p in sorted(PALETTES)
        }
        for palette, target in pages.items():
            html = self.get(f"{url}?palette={palette}").data.decode("utf-8")
            router = EMBED_ROUTER.format(
                pages=json.dumps(pages),
                palette=json.dumps(palette),
                default=json.dumps(DEFAULT_PALETTE),
            )
            head = re.search(r"<head[^>]*>", html)
            if head is not None:
                html = html[: head.end()] + router + html[head.end() :]
            file_url = target if target.endswith(".html") else target + "index.html"
            self.write_page(url, html, file_url)

    def write_page(self, url: str, html: str, file_url: str) -> None:
        """Write a page served at ``url`` as the file at ``file_url``.

        The page is now read from a folder (``/embed`` is ``/embed/``): a ``<base>`` of the
        folder ``url`` was in keeps relative links, those its script makes included,
        resolving as before, and its own fragment links (``#id``) name the new address.
        Relative links in its markup are made absolute too.
        """
        here = file_url[: -len("index.html")] if file_url.endswith("/index.html") else file_url

        def absolute(match: re.Match[str]) -> str:
            ref = match.group(2)
            if ref.startswith("#"):
                return match.group(1) + here + ref + match.group(3)
            if ref.startswith("/") or ":" in ref.split("/")[0] or not ref:
                return match.group(0)
            return match.group(1) + urljoin(url, ref) + match.group(3)

        self.scan(url, html, _REF)
        html = _REF.sub(absolute, html)
        head = re.search(r"<head[^>]*>", html)
        if head is not None:
            base = f'<base href="{url.rsplit("/", 1)[0]}/">'
            html = html[: head.end()] + base + html[head.end() :]
        self.write(file_url, html.encode("utf-8"))

    def write(self, url: str, body: bytes) -> None:
        rel = urlsplit(url).path[len(self.prefix) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if rel.endswith(".html"):
            body = without_previews(body.decode("utf-8")).encode("utf-8")
        target = self.root / posixpath.normpath(rel)
        if self.root.resolve() not in target.resolve().parents:
            raise ExportError(f"{url} would be written outside the site: cannot publish it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)


# The server's link-preview tags (dashboard.preview): absolute URLs of the build's test host,
# a preview image and an oEmbed answer that need the server. The description stays.
_PREVIEW_TAGS = re.compile(
    r'<(?:meta (?:property="og:|name="twitter:)'
    r'|link rel="canonical"|link rel="alternate" type="application/json\+oembed")[^>]*>\n?'
)


def without_previews(html: str) -> str:
    """A page without the server's link-preview tags (a static site has no preview images
    and no oEmbed; its pages keep their description)."""
    return _PREVIEW_TAGS.sub("", html)


def check_clientside(dependencies: Iterable[dict[str, Any]]) -> None:
    """Refuse an app with a callback that runs on the server (a static host cannot run it)."""
    for dep in dependencies:
        if not dep.get("clientside_function"):
            output = dep.get("output", "?")
            raise ExportError(
                f"callback for {output} runs on the server: a static site cannot answer it; "
                "make it a clientside callback or publish with 'frontline serve'"
            )


def render_downloads(
    data: ViewData, root: Path, on_progress: Progress | None, steps: dict[str, float]
) -> int:
    """Pre-render the downloads into ``root/download``: every day's slide in every palette
    as PNG and SVG, and per palette the battle's GIF and the standalone page. The files the
    page's links name before its script runs (``still.png``...) are the first day's, in the
    default palette. Returns how many images were rendered."""
    from dashboard.downloads import GIF_OPTIONS, download_name
    from dashboard.export import export_animation, export_html, render_many
    from dashboard.export._render import slide_spec
    from dashboard.export.warm import STILL_SIZE

    folder = root / "download"
    folder.mkdir(parents=True, exist_ok=True)
    width, height = STILL_SIZE
    days = range(len(data["payload"]["dates"]))
    total = len(days) * len(PALETTES) * len(STILL_FORMATS)
    done = 0
    start = time.perf_counter()
    for fmt in STILL_FORMATS:
        for palette in sorted(PALETTES):
            figs = (slide_spec(data, d, width=width, height=height, palette=palette) for d in days)
            for day, image in zip(days, render_many(figs, fmt, width, height)):
                name = download_name(data, fmt, palette=palette, day=day)
                (folder / name).write_bytes(image)
                done += 1
                if on_progress is not None:
                    on_progress("stills", done, total)
        first = download_name(data, fmt, palette=DEFAULT_PALETTE, day=0)
        shutil.copyfile(folder / first, folder / f"still.{fmt}")
    steps["stills"] = time.perf_counter() - start
    start = time.perf_counter()
    for palette in sorted(PALETTES):
        gif = folder / download_name(data, "gif", palette=palette)
        export_animation(data, "gif", gif, **{**GIF_OPTIONS, "palette": palette})
        export_html(data, folder / download_name(data, "html", palette=palette), palette=palette)
        if on_progress is not None:
            on_progress("battle", sorted(PALETTES).index(palette) + 1, len(PALETTES))
    shutil.copyfile(folder / download_name(data, "gif"), folder / "battle.gif")
    shutil.copyfile(folder / download_name(data, "html"), folder / "map.html")
    steps["battle"] = time.perf_counter() - start
    start = time.perf_counter()
    write_data_files(data, folder)
    steps["data"] = time.perf_counter() - start
    return done


def write_data_files(data: ViewData, folder: Path) -> None:
    """The data behind the view as the server's Download bar gives it
    (:mod:`dashboard.datafiles`): each day's map as GeoJSON and CSV (``day-<date>.<fmt>``,
    the template the page's links follow), the whole control table and the events at the
    server's own URLs (``control.csv``...). A compare window's files are the server's only:
    the static page links the day's."""
    from dashboard.datafiles import control_text, day_text, events_text
    from geodata.paths import scenario_dir
    from timeline import load_scenario

    scenario = load_scenario(data.scenario)
    where = scenario_dir(data.scenario)
    for date in data["payload"]["dates"]:
        for fmt in ("geojson", "csv"):
            text = day_text(scenario, date, fmt, folder=where)
            (folder / f"day-{date}.{fmt}").write_text(text, encoding="utf-8")
    for fmt in ("csv", "json"):
        (folder / f"control.{fmt}").write_text(
            control_text(scenario, fmt, folder=where), encoding="utf-8"
        )
        (folder / f"events.{fmt}").write_text(
            events_text(scenario, fmt, folder=where), encoding="utf-8"
        )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")


# On the static site the dashboard's index is one file whose entry point holds the default
# view's first paint; another day's is a file of _frontline/first-paint/ (the keys that exist
# are listed: a view with none asks for nothing). FIRST_PAINT_START, first in <head> so it
# waits for no style sheet, starts fetching the asked view's file at once and hides the entry
# point (visibility: its box keeps its place, so nothing shifts) so the default day is never
# painted; FIRST_PAINT_END, right after the entry point, says the entry is parsed. Once both
# the file and the entry are there, the markup is swapped and shown. It is never swapped over
# what Dash's renderer has drawn meanwhile, and shown after 1.5 s whatever happens.
FIRST_PAINT_START = (
    "<script>(function(){{var q=new URLSearchParams(location.search),"
    "k=(q.get('date')||{first})+'_'+(q.get('palette')||{palette});"
    "if({keys}.indexOf(k)<0)return;var d=document.documentElement,"
    "F=window.__frontlineFirstPaint={{html:undefined,node:undefined}};"
    "d.classList.add('fl-first-paint');var s=document.createElement('style');"
    "s.textContent='.fl-first-paint #react-entry-point{{visibility:hidden}}';"
    "document.head.appendChild(s);"
    "var show=function(){{d.classList.remove('fl-first-paint');}};"
    "F.swap=function(){{if(F.html===undefined||F.node===undefined)return;"
    "var e=document.getElementById('react-entry-point');"
    "if(F.html!==null&&e&&e.firstElementChild===F.node)e.innerHTML=F.html;show();}};"
    "setTimeout(show,1500);"
    "fetch({base}+k+'.html').then(function(r){{return r.ok?r.text():null;}})"
    ".catch(function(){{return null;}}).then(function(h){{F.html=h;F.swap();}});}})();</script>"
)
FIRST_PAINT_END = (
    "<script>(function(){{var F=window.__frontlineFirstPaint;if(!F)return;"
    "var e=document.getElementById('react-entry-point');"
    "F.node=e?e.firstElementChild:null;F.swap();}})();</script>"
)

# Dash's renderer reads _dash-layout and _dash-dependencies only when the response says
# application/json; a static host guesses a file's type from its extension and these have
# none (python -m http.server says application/octet-stream). Before Dash's scripts run,
# this wraps fetch so that those two answers carry the JSON type (their bodies are JSON).
JSON_TYPE_SHIM = (
    "<script>(function(){{var f=window.fetch,paths={paths};if(!f)return;"
    "window.fetch=function(){{return f.apply(this,arguments).then(function(r){{"
    "if(paths.indexOf(new URL(r.url,location.href).pathname)<0||"
    "(r.headers.get('content-type')||'').indexOf('application/json')>=0)return r;"
    "var h=new Headers(r.headers);h.set('content-type','application/json');"
    "return new Response(r.body,{{status:r.status,statusText:r.statusText,headers:h}});"
    "}});}};}})();</script>"
)

# The embed page of another palette is another file: go to it before anything is drawn.
EMBED_ROUTER = (
    "<script>(function(){{var pages={pages},"
    "p=new URLSearchParams(location.search).get('palette')||{default};"
    "if(p!=={palette}&&pages[p])location.replace(pages[p]+location.search+location.hash);"
    "}})();</script>"
)
