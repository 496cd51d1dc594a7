"""What the dashboard's server answers to requests it has no use for, and the headers it sends.

:func:`harden` is called once per app by :func:`dashboard.app.create_app` (so a battle of a
multi-battle server, mounted under ``/<slug>/``, is hardened like a single one):

- a request body above :data:`MAX_BODY_BYTES` is refused with 413 before it is read;
- ``/_dash-update-component`` answers 400 to a body that is not a callback request (not
  JSON, ``{}``, ``[]``, ``null``, missing fields) and 422 to one naming an output no
  server-side callback has (every callback of the dashboard runs in the browser, so no
  well-formed request reaches a Python callback today);
- a ``/_dash-component-suites/...`` path Dash does not serve answers 404, not 500;
- any other path the app has no route for answers 404 (Dash's catch-all would serve the
  dashboard), and under ``/assets/`` only the files the page asks for are served (no
  ``.py``, no ``.mjs``, not the exports' drawing page);
- every response says ``X-Content-Type-Options: nosniff`` and a referrer policy; every
  response but ``/embed`` (which sets its own ``frame-ancestors``) may only be framed by
  the site itself; the page ``/`` sends a Content-Security-Policy that allows scripts from
  the server only and the one inline script Dash writes (by its hash); ``/embed`` and
  ``/sources`` send the same policy for their own inline scripts (:func:`page_policy`),
  the embed's letting any site frame it.

Nothing here keeps state between requests: the rules are built once, when the app is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

# A callback request of the dashboard is a few KB; the server reads nothing bigger.
MAX_BODY_BYTES = 1_000_000

# The street map's tiles (assets/js/basemap.mjs): the only host off the server the page
# talks to, and only when a reader turns the street map on.
TILE_HOSTS = ("https://tile.openstreetmap.org",)

BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
FRAME_HEADERS = {"X-Frame-Options": "SAMEORIGIN"}

# Files of assets/ the page fetches without Dash naming them in the index: the empty world
# topology of the geo map (layout.page's topojsonURL).
PAGE_DATA_ASSETS = ("topojson/world_110m.json",)


def script_hash(script: str) -> str:
    """The CSP source of an inline script's text: ``'sha256-<base64 digest>'``."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_policy(inline_scripts: Iterable[str], *, frame_ancestors: str = "'self'") -> str:
    """The Content-Security-Policy of a page of the server, given its inline scripts: the
    dashboard's ``/``, ``/sources`` (none) and ``/embed`` (which any site may frame:
    ``frame_ancestors="* file:"``).

    Scripts: the server's own and the inline ones by hash (Dash's ``<script
    type="application/json">`` config is data, which the policy does not govern). Styles
    may be inline: plotly.js writes its own ``<style>`` elements and style attributes. The
    street map's tiles come from :data:`TILE_HOSTS`; MapLibre starts its worker from a
    ``blob:`` URL.
    """
    tiles = " ".join(TILE_HOSTS)
    hashes = " ".join(sorted({script_hash(s) for s in inline_scripts}))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tiles}",
            "font-src 'self' data:",
            f"connect-src 'self' {tiles}",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def add_common_headers(headers: Any) -> None:
    """Add the headers every response carries (unless it set them itself)."""
    for name, value in BASE_HEADERS.items():
        headers.setdefault(name, value)
    if "Content-Security-Policy" not in headers:  # /embed sets its own frame-ancestors
        for name, value in FRAME_HEADERS.items():
            headers.setdefault(name, value)


def _text(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def callback_problem(body: Any, callbacks: dict[str, Any]) -> tuple[int, str] | None:
    """Why a ``/_dash-update-component`` body cannot be a request for one of ``callbacks``
    (Dash's callback map): ``(status, one line)``, or ``None`` when it can."""
    if not isinstance(body, dict):
        return 400, "the body must be a JSON object describing a callback"
    output = body.get("output")
    if not isinstance(output, str):
        return 400, "the callback request names no output"
    if not isinstance(body.get("outputs"), (dict, list)):
        return 400, "the callback request has no outputs"
    for field in ("inputs", "state", "changedPropIds"):
        if not isinstance(body.get(field, []), list):
            return 400, f"the callback request's {field} must be a list"
    entry = callbacks.get(output)
    if not isinstance(entry, dict) or not callable(entry.get("callback")):
        return 422, "no server-side callback has this output"
    return None


def _too_large() -> Response:
    return _text(413, f"the request is larger than {MAX_BODY_BYTES // 1_000_000} MB")


def _read_json() -> tuple[Any, Response | None]:
    raw = request.get_data(cache=True)
    if len(raw) >= MAX_BODY_BYTES:
        # A body sent in chunks (no Content-Length) is cut at the limit: it was larger.
        return None, _too_large()
    try:
        return json.loads(raw), None
    except (ValueError, UnicodeDecodeError):
        return None, _text(400, "the body is not JSON")
    except RecursionError:
        return None, _text(400, "the body's JSON is nested too deeply")


def _guard_callbacks(app: Any, endpoint: str) -> None:
    dispatch = app.server.view_functions[endpoint]

    def guarded(*args: Any, **kwargs: Any) -> Any:
        body, bad = _read_json()
        if bad is not None:
            return bad
        problem = callback_problem(body, app.callback_map)
        if problem is not None:
            return _text(*problem)
        try:
            return dispatch(*args, **kwargs)
        except HTTPException:
            raise
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            # A body of the right shape whose inputs do not match the callback's.
            return _text(400, "the callback request does not match the callback")

    app.server.view_functions[endpoint] = guarded


def _guard_suites(app: Any, endpoint: str) -> None:
    serve = app.server.view_functions[endpoint]

    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return serve(*args, **kwargs)
        except HTTPException:
            raise
        except Exception:  # Dash raises its own errors (or OSError) for paths it does not have
            return _text(404, "no such file")

    app.server.view_functions[endpoint] = guarded


def served_assets(index_html: str, assets_url: str, folder: str | Path) -> frozenset[str]:
    """The files under ``assets_url`` (``/assets/`` or ``/<slug>/assets/``) that the index
    page names, the files its style sheets (in ``folder``) name with ``url(...)``, and
    :data:`PAGE_DATA_ASSETS`."""
    named = set(re.findall(re.escape(assets_url) + r'([^"?#\s]+)', index_html))
    for sheet in [n for n in named if n.endswith(".css")]:
        try:
            text = (Path(folder) / sheet).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        base = PurePosixPath(sheet).parent
        for ref in re.findall(r"url\(\s*['\"]?([^'\")?#]+)", text):
            if ":" not in ref and not ref.startswith("/"):
                named.add(posixpath.normpath(str(base / ref)))
    return frozenset(named) | frozenset(PAGE_DATA_ASSETS)


def inline_scripts(index_html: str) -> list[str]:
    """The text of every inline script of a page that the browser runs (``type`` absent or
    JavaScript; JSON data blocks are not scripts)."""
    out = []
    for attrs, text in re.findall(r"<script([^>]*)>(.*?)</script>", index_html, re.S):
        if "src=" in attrs:
            continue
        kind = re.search(r'type="([^"]*)"', attrs)
        if kind and kind.group(1) not in ("text/javascript", "application/javascript", "module"):
            continue
        out.append(text)
    return out


def harden(app: Any) -> None:
    """Apply the rules of this module to a built Dash app (see the module's docstring).

    Call it after every route is registered and before the server answers a request
    (Flask takes no new hooks then): it renders the index page once to learn the inline
    scripts and the assets the page names.
    """
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    prefix = app.config.routes_pathname_prefix
    index_endpoint = prefix
    _guard_callbacks(app, prefix + "_dash-update-component")
    suites = prefix + "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
    _guard_suites(app, suites)
    server.view_functions[prefix + "<path:path>"] = _not_found

    with server.test_request_context(app.config.requests_pathname_prefix):
        app._setup_server()  # what Dash does at the first request: finds the assets
        index_html = app.index()
    policy = page_policy(inline_scripts(index_html))
    assets_route = prefix + "assets/"
    assets_url = app.config.requests_pathname_prefix + "assets/"
    assets = served_assets(index_html, assets_url, app.config.assets_folder)

    @server.errorhandler(RequestEntityTooLarge)
    def too_large(_error: Exception) -> Response:
        return _too_large()

    @server.before_request
    def refuse() -> Response | None:
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _too_large()
        path = request.path
        if path.startswith(assets_route) and path[len(assets_route) :] not in assets:
            return _not_found()
        return None

    @server.after_request
    def headers(response: Response) -> Response:
        add_common_headers(response.headers)
        if request.endpoint == index_endpoint and response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = policy
        return response


def _not_found(*_args: Any, **_kwargs: Any) -> Response:
    return _text(404, NotFound.description.split(".")[0] + ".")


def wsgi_headers(app: Callable[..., Any]) -> Callable[..., Any]:
    """A WSGI application that adds the common headers to every response of ``app`` (for
    the multi-battle server, whose index page and 404s are not a Flask app's)."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            names = {name.lower() for name, _ in headers}
            extra = dict(BASE_HEADERS)
            if "content-security-policy" not in names:
                extra.update(FRAME_HEADERS)
            headers = headers + [(k, v) for k, v in extra.items() if k.lower() not in names]
            return start_response(status, headers, *exc)

        return app(environ, start)

    return wrapped
