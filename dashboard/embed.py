"""``/embed``: the map alone, for an iframe on any site (slides, articles, CMS pages).

:func:`register_embed` adds one route to the Dash app's Flask server. It serves the page of
:func:`dashboard.export.embed_page.embed_document`: the animated map (every interpolated
moment, so autoplay moves the front smoothly) with a compact slider, filling its frame.
The query string (``date``, ``district``, ``autoplay``, ``loop``, ``speed``, ``controls``) is
read by the page itself, so the HTML depends only on the scenario and the palette and is
built once per app for each palette; ``palette`` picks the page, an unknown one gives the
default palette (the page then reports it as a notice).

plotly.js is the geo bundle the dashboard itself loads (:mod:`dashboard.vendor`), so a
visitor of both downloads it once; Dash's compression (flask-compress) serves it and the
page compressed. Any site may frame the page: its Content-Security-Policy says
``frame-ancestors * file:`` (and allows only the server's scripts and the page's own inline
ones, by hash), and it sends no ``X-Frame-Options``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from flask import Response, request

from dashboard.export.embed_page import embed_document, with_first_paint
from dashboard.firstpaint import first_paint, read_view
from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.security import inline_scripts, page_policy
from dashboard.vendor import plotly_geo_url
from dashboard.viewdata import ViewData

EMBED_ROUTE = "embed"
ENDPOINT = "frontline_embed"
# The plotly.js geo bundle, as the dashboard loads it (see dashboard.vendor).
PLOTLY_JS = plotly_geo_url()
# "*" alone lets any web page frame the embed but not a page opened from disk (a reveal.js
# deck, a saved HTML slide): Chromium requires file: to be named.
FRAME_ANCESTORS = "* file:"
EMBED_HEADERS = MappingProxyType({"Cache-Control": "public, max-age=300"})


class EmbedPage(NamedTuple):
    """One built ``/embed`` page: its UTF-8 bytes, strong ETag and Content-Security-Policy
    (scripts from the server and the page's own inline scripts by hash; any site may frame
    it)."""

    body: bytes
    etag: str
    policy: str


def embed_pages(data: ViewData, plotly_src: str) -> Callable[[str], EmbedPage]:
    """A function giving the ``/embed`` page of ``data`` for a palette key; each page is
    built on first use and kept (read-only)."""

    @lru_cache(maxsize=len(PALETTES))
    def page(palette: str) -> EmbedPage:
        text = embed_document(data, palette=palette, plotly_src=plotly_src)
        body = text.encode("utf-8")
        policy = page_policy(inline_scripts(text), frame_ancestors=FRAME_ANCESTORS)
        return EmbedPage(body, hashlib.sha256(body).hexdigest()[:32], policy)

    return page


def embed_response(
    page: Callable[[str], EmbedPage],
    palette: str | None,
    first: Callable[[Any], tuple[str, int]] | None = None,
) -> Response:
    """The response of ``/embed`` for the request being served (304 when unchanged).

    ``first`` (the request's query in, a first paint's SVG and day out, see
    :mod:`dashboard.firstpaint`) puts the requested view's map in the page until plotly draws.
    """
    body, etag, policy = page(palette if palette in PALETTES else DEFAULT_PALETTE)
    if first is not None:
        svg, day = first(request.args)
        body = with_first_paint(body.decode("utf-8"), svg, day).encode("utf-8")
        etag = hashlib.sha256(etag.encode("ascii") + svg.encode("utf-8")).hexdigest()[:32]
    response = Response(body, mimetype="text/html")
    response.set_etag(etag)
    response.headers.update(EMBED_HEADERS)
    response.headers["Content-Security-Policy"] = policy
    response.headers.pop("X-Frame-Options", None)
    return response.make_conditional(request)


def register_embed(app: Any, data: ViewData) -> str:
    """Serve ``/embed`` of ``data`` (under the app's route prefix) from ``app.server``;
    return its path.

    ``app`` is the :class:`dash.Dash` app that shows ``data`` (see
    :func:`dashboard.app.create_app`). Registering twice is harmless (the second call does
    nothing).
    """
    path = app.config.routes_pathname_prefix + EMBED_ROUTE
    if ENDPOINT in app.server.view_functions:  # registered already: nothing to do
        return path
    page = embed_pages(data, app.get_relative_path(PLOTLY_JS))
    draw = first_paint(data, legend=False)

    def first(args: Any) -> tuple[str, int]:
        view = read_view(data["payload"], args)
        return draw(view), view.day

    def embed() -> Response:
        return embed_response(page, request.args.get("palette"), first)

    app.server.add_url_rule(path, endpoint=ENDPOINT, view_func=embed, methods=["GET"])
    return path
