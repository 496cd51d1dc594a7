"""``/embed``: the map alone, for an iframe on any site (slides, articles, CMS pages).

:func:`register_embed` adds one route to the Dash app's Flask server. It serves the page of
:func:`dashboard.export.embed_page.embed_document`: the animated map (every interpolated
moment, so autoplay moves the front smoothly) with a compact slider, filling its frame.
The query string (``date``, ``district``, ``autoplay``, ``loop``, ``speed``, ``controls``) is
read by the page itself, so the HTML depends only on the scenario and the palette and is
built once per process for each (``functools.lru_cache``); ``palette`` picks the page, an
unknown one gives the default palette (the page then reports it as a notice).

plotly.js is the geo bundle the dashboard itself loads (:mod:`dashboard.vendor`), so a
visitor of both downloads it once; Dash's compression (flask-compress) serves it and the
page compressed. Any site may frame the page: it sends ``Content-Security-Policy:
frame-ancestors * file:`` and no ``X-Frame-Options``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.vendor import plotly_geo_url

EMBED_ROUTE = "embed"
ENDPOINT = "frontline_embed"
# The plotly.js geo bundle, as the dashboard loads it (see dashboard.vendor).
PLOTLY_JS = plotly_geo_url()
# "*" alone lets any web page frame the embed but not a page opened from disk (a reveal.js
# deck, a saved HTML slide): Chromium requires file: to be named.
EMBED_HEADERS = MappingProxyType(
    {
        "Content-Security-Policy": "frame-ancestors * file:",
        "Cache-Control": "public, max-age=300",
    }
)


def scenario_key(scenario: str | Path | None) -> str | None:
    """The cache key of a scenario: ``None`` for the bundled one, else its resolved path."""
    return None if scenario is None else str(Path(scenario).resolve())


@lru_cache(maxsize=8)
def embed_page(key: str | None, palette: str, plotly_src: str) -> tuple[bytes, str]:
    """The ``/embed`` page of a scenario (see :func:`scenario_key`) and palette, as UTF-8
    bytes with a strong ETag; built once per process and arguments (read-only)."""
    from dashboard.app import view_data
    from dashboard.export.embed_page import embed_document

    text = embed_document(view_data(key), palette=palette, plotly_src=plotly_src)
    body = text.encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:32]


def embed_response(key: str | None, palette: str | None, plotly_src: str) -> Any:
    """The Flask response of ``/embed`` for the request being served (304 when unchanged)."""
    from flask import Response, request

    chosen = palette if palette in PALETTES else DEFAULT_PALETTE
    body, etag = embed_page(key, chosen, plotly_src)
    response = Response(body, mimetype="text/html")
    response.set_etag(etag)
    response.headers.update(EMBED_HEADERS)
    response.headers.pop("X-Frame-Options", None)
    return response.make_conditional(request)


def register_embed(app: Any, scenario: str | Path | None = None) -> str:
    """Serve ``/embed`` (under the app's route prefix) from ``app.server``; return its path.

    ``app`` is the :class:`dash.Dash` app of ``scenario`` (``None``: the bundled one).
    Registering twice is harmless (the second call does nothing).
    """
    from flask import request

    key = scenario_key(scenario)
    plotly_src = app.get_relative_path(PLOTLY_JS)
    path = app.config.routes_pathname_prefix + EMBED_ROUTE
    if ENDPOINT in app.server.view_functions:  # registered already: nothing to do
        return path

    def embed() -> Any:
        return embed_response(key, request.args.get("palette"), plotly_src)

    app.server.add_url_rule(path, endpoint=ENDPOINT, view_func=embed, methods=["GET"])
    return path
