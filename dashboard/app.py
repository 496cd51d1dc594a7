"""The Dash application factory: one scenario in, one stateless app out."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import Any

from dash import Dash
from flask import Flask, Response, has_request_context, request

from dashboard import callbacks, figures, layout
from dashboard.compare_route import register_arrows
from dashboard.downloads import register_downloads
from dashboard.embed import register_embed
from dashboard.export.embed_page import favicon
from dashboard.firstpaint import first_paint, read_view, skeleton
from dashboard.payload import browser_payload
from dashboard.preview import register_previews
from dashboard.security import harden
from dashboard.sources_page import register_sources
from dashboard.vendor import ASSETS_DIR, PLOTLY_GEO_ROUTE, plotly_geo_js, plotly_geo_url
from dashboard.viewdata import ViewData, load_view_data

# An inline icon (the factions' colours, see embed_page.favicon): the browser asks the
# server for nothing when the URL follows the view.
FAVICON = '<link rel="icon" href="{href}">'
# The day-by-day payload and the chunks of Dash's slider, dropdown and graph are asked for
# only once the layout has arrived: the browser starts them at once instead.
PRELOADS = '<link rel="preload" href="{payload}" as="fetch" crossorigin="anonymous">'
ASYNC_CHUNKS = ("async-graph.js", "async-slider.js", "async-dropdown.js")
INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {favicon}
        {preloads}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {bundle}
            {%renderer%}
            {plotly}
        </div>
    </body>
</html>"""


class StaticCompressionCache:
    """Flask-Compress's cache for responses that never change while the server runs.

    Only the paths :data:`CACHED_PREFIXES` name are kept (Dash's versioned component
    bundles, the frozen layout, the payload, the page's own assets, whose URLs carry their
    modification time): each is compressed once per encoding instead of on every request
    (plotly.js alone takes about 80 ms to compress). At most ``max_entries`` are held; the
    oldest go first.
    """

    CACHED_PREFIXES = ("/_dash-component-suites/", "/_dash-layout", "/_frontline/", "/assets/")

    def __init__(self, max_entries: int = 256) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = Lock()
        self._max = max_entries

    @staticmethod
    def key(req: Any) -> str:
        """The cache key of a request: its path alone. A cached path answers the same body
        whatever its query (the query only versions the URL for browsers' caches), so a new
        ``?v=`` neither compresses the body again nor adds an entry."""
        return req.path

    def _cacheable(self, key: str) -> bool:
        path = key.split(";", 1)[-1]
        return path.startswith(self.CACHED_PREFIXES)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._entries.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not self._cacheable(key):
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


@dataclass(frozen=True)
class PagePart:
    """What one view-dependent part adds to the index page of a request.

    ``head`` goes just before ``</head>`` (e.g. link-preview tags); ``entry`` replaces Dash's
    "Loading..." placeholder inside the React entry point (e.g. a first paint of the map),
    which the app replaces once it renders. Neither may hold a ``<script>``: the page's
    Content-Security-Policy lists the hashes of the inline scripts of the page as built
    once (see :func:`dashboard.security.harden`).
    """

    head: str = ""
    entry: str = ""


# A page part: the request's query parameters in, what to add to the page out.
PagePartFn = Callable[[Mapping[str, str]], PagePart]
LOADING = re.compile(r'<div class="_dash-loading">.*?</div>', re.S)


def with_parts(index_html: str, parts: list[PagePart]) -> str:
    """The index page with each part's head tags and entry markup in place."""
    head = "".join(p.head for p in parts)
    entry = "".join(p.entry for p in parts)
    if head:
        index_html = index_html.replace("</head>", head + "</head>", 1)
    if entry:
        index_html = LOADING.sub(lambda _m: entry, index_html, count=1)
    return index_html


class FrontlineDash(Dash):
    """Dash with a layout that is fixed once the app is built, and an index page that can
    follow the view a URL asks for.

    Dash serialises the layout on every ``/_dash-layout`` request (0.3 MB of JSON with the
    map, about 100 ms); the dashboard's layout never changes after :func:`create_app`, so
    its JSON is made once, and compressed once per encoding by the response cache.

    ``page_parts`` (set once by :func:`create_app`, a tuple: nothing changes it afterwards)
    are functions of the request's query that add to the index page: see :class:`PagePart`.
    """

    page_parts: tuple[PagePartFn, ...] = ()

    def interpolate_index(self, **kwargs: Any) -> str:
        index_html = super().interpolate_index(**kwargs)
        if not self.page_parts:
            return index_html
        args = request.args if has_request_context() else {}
        return with_parts(index_html, [part(args) for part in self.page_parts])

    @cached_property
    def _layout_json(self) -> bytes:
        from dash._utils import to_json

        return to_json(self.get_layout()).encode("utf-8")

    def serve_layout(self) -> Response:
        return Response(self._layout_json, mimetype="application/json")

    def _config(self) -> dict[str, Any]:
        """Dash's page config without the versions of Python, Dash and plotly (the page
        needs none of them: the version check is off outside debug mode)."""
        config = super()._config()
        for key in HIDDEN_CONFIG:
            config.pop(key, None)
        return config


# Keys of Dash's page config that name the software and its versions.
HIDDEN_CONFIG = (
    "dash_version",
    "python_version",
    "dash_version_url",
    "ddk_version",
    "plotly_version",
)


def _flask_server() -> Flask:
    server = Flask(__name__)
    server.config["COMPRESS_CACHE_BACKEND"] = StaticCompressionCache
    server.config["COMPRESS_CACHE_KEY"] = StaticCompressionCache.key
    # The big bodies are compressed once (cached), so a denser level costs little:
    # plotly.js is 1.29 MB at zstd 9 against 1.44 MB at the default 3 (0.14 s, once).
    server.config["COMPRESS_ZSTD_LEVEL"] = 9
    server.config["COMPRESS_BR_LEVEL"] = 6
    return server


# Folders of assets/ that are not the dashboard's: Dash matches ASSETS_IGNORE against file
# names only, so folders are left out here. render/ holds the page the exports draw PNGs in
# (see dashboard.export._render.live_page).
ASSETS_PATH_IGNORE = (r"^render$",)


def create_app(scenario: str | Path | ViewData | None = None, *, prefix: str = "/") -> Dash:
    """Build the dashboard for a scenario folder (``None``: the bundled scenario), or for
    view data already derived (a :class:`~dashboard.viewdata.ViewData`).

    The scenario's view data (:func:`dashboard.viewdata.load_view_data`) is loaded once here
    and handed to every route that draws from it.

    ``prefix`` is the path the browser reaches the app under (``"/"``, or ``"/<slug>/"``
    when several battles share one server, see :func:`dashboard.multi.create_server`): every
    URL the page, its modules, ``/embed`` and the downloads ask for starts with it, while the
    app's own routes stay at ``/`` (the server that mounts the app strips the prefix).
    """
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix {prefix!r} must start and end with '/'")
    data = scenario if isinstance(scenario, ViewData) else load_view_data(scenario)
    payload = data["payload"]
    app = FrontlineDash(
        __name__,
        server=_flask_server(),
        assets_folder=str(ASSETS_DIR),
        assets_ignore=ASSETS_IGNORE,
        assets_path_ignore=list(ASSETS_PATH_IGNORE),
        serve_locally=True,
        compress=True,
        title="Frontline Atlas",
        update_title=None,
        index_string=INDEX,
        requests_pathname_prefix=prefix,
        routes_pathname_prefix="/",
    )
    initial_day = 0
    app.layout = layout.page(
        payload,
        figures.map_figure(payload, data["geojson"], data["landmarks"], day=initial_day),
        figures.area_figure(payload, day=initial_day),
        topojson_url=app.get_asset_url("topojson/"),
        credits=data["credits"],
        initial_day=initial_day,
        payload_url=app.get_relative_path(PAYLOAD_ROUTE),
    )
    icon = FAVICON.format(href=favicon(payload, payload["map"]["default_palette"]))
    app.index_string = (
        INDEX.replace("{preloads}", _preloads(app))
        .replace("{plotly}", _plotly_script(app))
        .replace("{bundle}", _bundle(app))
        .replace("{favicon}", icon)
    )
    _serve_payload(app, payload)
    _serve_plotly_geo(app)
    _buffer_assets(app)
    register_embed(app, data)
    register_sources(app, data)
    register_downloads(app, data)
    register_arrows(app, data, lambda path: _route(app, path))
    # View-dependent additions to the index page (link previews, the first paint), in order.
    previews = register_previews(app, data)  # the og:image and oEmbed routes, the tags
    app.page_parts = (lambda query: PagePart(head=previews(query)), _first_paint_part(data))
    callbacks.register(app)
    harden(app)
    _register_component_paths(app)
    return app


def _first_paint_part(data: ViewData) -> PagePartFn:
    """The first paint of the page (:mod:`dashboard.firstpaint`): the requested view's map
    as an inline SVG in a static copy of the page, shown until the app has painted the same
    day (assets/js/firstpaint.mjs); drawn once per view (bounded LRU)."""
    payload = data["payload"]
    draw = first_paint(data)

    def part(args: Mapping[str, str]) -> PagePart:
        view = read_view(payload, args)
        return PagePart(entry=skeleton(payload, view, draw(view)))

    return part


def _register_component_paths(app: Dash) -> None:
    """Render the index page once, so Dash registers the component-suite paths it names.

    Dash registers them while it renders the page: a worker that had not served the page yet
    answered its scripts with 500 ("dash is not a registered library") when another worker
    had served the page, so a reader's first load could stop with a blank map. The app is
    built before the server forks its workers, so every worker starts with them.
    """
    page = app.server.test_client().get(app.config.routes_pathname_prefix)
    if page.status_code != 200:
        raise RuntimeError(f"the dashboard's page did not render ({page.status_code})")


PAYLOAD_ROUTE = "/_frontline/payload.json"

# The plotly.js geo bundle (see dashboard.vendor) is not one of Dash's asset scripts: it is
# the last script of the page, so Dash's renderer has already asked for the layout when the
# browser compiles it. Dash's graph component finds ``window.Plotly`` and loads no other
# copy; the full bundle is fetched only for the optional street map (tile maps).
# Nor are the browser modules (``assets/js/*.mjs``): the page loads them as one script (see
# :func:`_bundle`); Dash would add every one as a separate module script.
ASSETS_IGNORE = r"(.*\.py|.*\.mjs|^plotly-geo\.min\.js)$"


def _plotly_script(app: Dash) -> str:
    """The geo bundle's script, asked for after Dash's own scripts, which the page needs first."""
    return f'<script src="{app.get_relative_path(plotly_geo_url())}"></script>'


def _preloads(app: Dash) -> str:
    """The preload links of the index page, with the URLs the page will ask for."""
    links = [PRELOADS.format(payload=app.get_relative_path(PAYLOAD_ROUTE))]
    for chunk in ASYNC_CHUNKS:
        url = app.get_relative_path(f"/_dash-component-suites/dash/dcc/{chunk}")
        links.append(f'<link rel="preload" href="{url}" as="script">')
    return "".join(links)


# The browser modules of the dashboard (``assets/js``): the entry and the function that starts it.
ENTRY_MODULE = "dashboard.mjs"
ENTRY_START = "startDashboard"
BUNDLE_ROUTE = "/_frontline/dashboard.js"


def _bundle(app: Dash) -> str:
    """Serve the browser modules as one classic script and return its script tag.

    The entry and every module it imports are inlined into one script by
    :func:`dashboard.export.modules.inline_script` (the offline HTML page uses the same), made
    once per process. One request instead of one per module: nineteen module requests
    competed with Dash's own bundles for the browser's connections and the server's threads
    and made the page interactive about 0.3 s later. The URL carries a digest of the script,
    so browsers keep it for a year and fetch it anew when it changes. The tag goes before
    Dash's renderer: the clientside callbacks exist before Dash calls any.
    """
    import hashlib

    from dashboard.export.modules import inline_script

    body = inline_script(ENTRY_MODULE, ENTRY_START).encode("utf-8")
    digest = hashlib.sha256(body).hexdigest()[:16]
    _serve_script(app, BUNDLE_ROUTE, "frontline_bundle", body)
    return f'<script src="{app.get_relative_path(BUNDLE_ROUTE)}?v={digest}"></script>'


def _route(app: Dash, path: str) -> str:
    """The rule of ``path`` on the app's own server (under its routes prefix; the browser
    asks for it under ``app.get_relative_path(path)``)."""
    return app.config.routes_pathname_prefix + path.lstrip("/")


def _serve_payload(app: Dash, payload: dict[str, Any]) -> None:
    """Serve the browser payload as one cacheable JSON document (serialised once)."""
    import hashlib
    import json

    shipped = browser_payload(payload)
    body = json.dumps(shipped, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32]

    def payload_json() -> Response:
        # Compression appends its encoding to the tag ("<tag>:gzip"); either form matches.
        if any(tag.split(":")[0] == etag for tag in request.if_none_match.as_set()):
            return Response(status=304, headers={"ETag": f'"{etag}"'})
        return Response(
            body,
            mimetype="application/json",
            headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"},
        )

    app.server.add_url_rule(_route(app, PAYLOAD_ROUTE), "frontline_payload", payload_json)


def _serve_plotly_geo(app: Dash) -> None:
    """Serve the geo bundle from memory (so its compressed forms are cached, not redone per
    request as for a streamed static file); the URL carries the version: cache for a year."""
    _serve_script(app, PLOTLY_GEO_ROUTE, "frontline_plotly_geo", plotly_geo_js().encode("utf-8"))


def _serve_script(app: Dash, route: str, endpoint: str, body: bytes) -> None:
    """Serve a script held in memory whose URL carries its version (browsers keep it a year)."""

    def script() -> Response:
        return Response(
            body,
            mimetype="application/javascript",
            headers={"Cache-Control": "public, max-age=31536000, immutable"},
        )

    app.server.add_url_rule(_route(app, route), endpoint, script)


def _buffer_assets(app: Dash, max_bytes: int = 2_000_000) -> None:
    """Read the page's own asset files into their responses.

    Flask sends static files as streams, which flask-compress compresses anew on every
    request and never caches; the assets are a few small files, so they are sent as plain
    bodies, compressed once and cached (see :class:`StaticCompressionCache`). This hook runs
    before the compression hook (Flask runs ``after_request`` hooks last-registered first).
    """
    prefix = _route(app, "/assets/")

    def buffer(response: Response) -> Response:
        if (
            response.status_code == 200
            and response.direct_passthrough
            and request.path.startswith(prefix)
            and (response.content_length or 0) <= max_bytes
        ):
            response.direct_passthrough = False
            response.set_data(response.get_data())
        return response

    app.server.after_request(buffer)
