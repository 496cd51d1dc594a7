"""Several battles from one server: each scenario's dashboard under its own path.

:func:`create_server` takes scenario folders and returns one WSGI application. With none or
one it is that scenario's dashboard at ``/``, exactly as :func:`dashboard.app.create_app`
serves it. With two or more each battle is served at ``/<slug>/`` (the slug comes from its
folder's name, see :func:`scenario_slug`): the dashboard, ``/<slug>/embed``,
``/<slug>/download/...``, its payload and its assets; ``/`` is a small index page listing
the battles (title, dates, factions in their colours, a link to each). ``/<slug>`` without
the slash is redirected to ``/<slug>/``, since the page's own links are relative to it.
``/oembed?url=...`` is answered by the battle whose path the url starts with (each battle
also answers at ``/<slug>/oembed``, which its pages' discovery links name).

Each battle is its own Dash app on its own Flask server, mounted with werkzeug's
:class:`~werkzeug.middleware.dispatcher.DispatcherMiddleware` in :class:`Battles`; nothing
is shared between them or kept between requests.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from dashboard.security import wsgi_headers
from geodata.errors import DataError

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def scenario_slug(folder: str | Path) -> str:
    """The path segment a scenario folder is served under: its name, lower case, with every
    run of other characters than ``a-z`` and ``0-9`` made one ``-`` ("two_sides" ->
    "two-sides"); DataError when nothing is left."""
    name = Path(folder).resolve().name
    slug = _NOT_SLUG.sub("-", name.lower()).strip("-")
    if not slug:
        raise DataError(
            "the folder's name gives no path to serve it under",
            where=str(folder),
            hint="rename the folder with letters or digits",
        )
    return slug


def _check_folders(scenarios: Sequence[str | Path]) -> dict[str, Path]:
    """The scenario folders by slug; DataError naming the first that is not a scenario
    folder or whose slug another one already has."""
    from geodata.paths import scenario_info_path

    by_slug: dict[str, Path] = {}
    for folder in map(Path, scenarios):
        if not folder.is_dir():
            raise DataError(
                "not a folder", where=str(folder), hint="give a scenario folder to --scenario"
            )
        if not scenario_info_path(folder).is_file():
            raise DataError(
                "not a scenario folder: it has no scenario.yaml",
                where=str(folder),
                hint="start one with 'frontline new' or give another folder",
            )
        slug = scenario_slug(folder)
        if slug in by_slug:
            raise DataError(
                f"served under /{slug}/ like {by_slug[slug]}",
                where=str(folder),
                hint="two battles need folders with different names: rename one",
            )
        by_slug[slug] = folder
    return by_slug


def create_server(scenarios: Sequence[str | Path] = ()) -> Any:
    """One WSGI application serving the given scenario folders (see the module's docstring);
    none: the bundled scenario at ``/``."""
    from dashboard.app import create_app
    from dashboard.viewdata import load_view_data

    if len(scenarios) <= 1:
        return create_app(scenarios[0] if scenarios else None).server
    folders = _check_folders(scenarios)
    battles = {slug: load_view_data(folder) for slug, folder in folders.items()}
    mounts = {
        f"/{slug}": create_app(data, prefix=f"/{slug}/").server for slug, data in battles.items()
    }
    return Battles(index_page(battles), mounts)


class Battles:
    """The WSGI application of several battles: the index page at ``/``, each battle's app
    under its mount path (``/<slug>``), a redirect from the bare mount path to ``/<slug>/``
    (the page's own links are relative to it) and a 404 for anything else. Built once;
    nothing changes afterwards."""

    def __init__(self, index_html: str, mounts: dict[str, Any]) -> None:
        self._index = index_html.encode("utf-8")
        self._mounts = frozenset(mounts)
        self._dispatch = DispatcherMiddleware(self._root, mounts)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return wsgi_headers(self._route)(environ, start_response)

    def _route(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path in self._mounts:
            query = environ.get("QUERY_STRING", "")
            target = environ.get("SCRIPT_NAME", "") + path + "/" + (f"?{query}" if query else "")
            return redirect(target, 308)(environ, start_response)
        if path == "/oembed":  # answered by the battle the url names (dashboard.preview)
            slug = _slug_of(Request(environ).args.get("url", ""))
            if f"/{slug}" not in self._mounts:
                return _not_a_battle(environ, start_response)
            environ = {**environ, "PATH_INFO": f"/{slug}/oembed"}
        return self._dispatch(environ, start_response)

    def _root(self, environ: dict[str, Any], start_response: Any) -> Any:
        if Request(environ).path != "/":
            return NotFound()(environ, start_response)
        headers = {
            "Cache-Control": "no-cache",
            "Content-Security-Policy": INDEX_POLICY,
            "X-Frame-Options": "SAMEORIGIN",
        }
        return Response(self._index, mimetype="text/html", headers=headers)(environ, start_response)


def _slug_of(url: str) -> str:
    """The first segment of a URL's path ("http://host/two-sides/embed" -> "two-sides")."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).path.lstrip("/").split("/", 1)[0]
    except ValueError:
        return ""


def _not_a_battle(environ: dict[str, Any], start_response: Any) -> Any:
    message = "the url is not a page of a battle served here: link to /<battle>/ or its /embed\n"
    return Response(message, status=404, mimetype="text/plain")(environ, start_response)


# The index page has no script, one inline style sheet and an inline icon.
INDEX_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)

INDEX_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frontline Atlas</title>
<link rel="icon" href="data:,">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto;
  padding: 0 1rem; color: #222; }}
li.battle {{ margin: 0 0 1.25rem; list-style: none; }}
li.battle a {{ font-size: 1.15rem; font-weight: 600; }}
.dates {{ color: #555; }}
.faction {{ display: inline-block; margin-right: 1rem; }}
.swatch {{ display: inline-block; width: .9em; height: .9em; margin-right: .3em;
  vertical-align: -.1em; border: 1px solid #0004; }}
</style>
</head>
<body>
<h1>Frontline Atlas</h1>
<p>{count} battles are served here.</p>
<ul id="battles">
{items}
</ul>
</body>
</html>
"""

BATTLE_ITEM = """<li class="battle" data-slug="{slug}">
<a href="{slug}/">{title}</a>
<div class="dates">{first} to {last}</div>
<div class="factions">{factions}</div>
</li>"""

FACTION_ITEM = (
    '<span class="faction" data-faction="{id}"><span class="swatch" '
    'style="background:{colour}"></span>{label}</span>'
)


def index_page(battles: dict[str, Any]) -> str:
    """The HTML of the index page: one entry per battle (slug -> view data), in order."""
    items = []
    for slug, data in battles.items():
        payload = data["payload"]
        colours = payload["palettes"][payload["map"]["default_palette"]]
        labels = payload["map"]["labels"]
        factions = "".join(
            FACTION_ITEM.format(
                id=html.escape(f), colour=html.escape(colours[f]), label=html.escape(labels[f])
            )
            for f in payload["map"]["factions"]
        )
        items.append(
            BATTLE_ITEM.format(
                slug=html.escape(slug),
                title=html.escape(payload["title"] or slug),
                first=payload["dates"][0],
                last=payload["dates"][-1],
                factions=factions,
            )
        )
    return INDEX_PAGE.format(count=len(battles), items="\n".join(items))
