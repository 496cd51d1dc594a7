"""Link previews: Open Graph and Twitter card tags for every page, the preview image, oEmbed.

A link to the atlas pasted in a chat, a social network or a CMS shows that view: its title,
one sentence about the day written from the data, and a 1200x630 image of the map.

- :func:`describe_view` (pure) reads a page's query the way the page does (``date``,
  ``district`` by id, name or alias, ``palette``, ``compare``; a bad or unknown value falls
  back to the default, never an error) and returns a :class:`Preview`: title, description
  (one sentence: who held what, what changed), image alternative text and the view. It is
  the one place a page's preview comes from: a story step (``?story=NAME&step=N``) plugs in
  here by returning its caption as the description and its date and focus as the view.
- :func:`head_tags` (pure) writes the ``<meta>``/``<link>`` tags of a preview, every value
  escaped for an HTML attribute; URLs are absolute, built from the address the request came
  to (``request.url_root``, which holds ``/<slug>/`` on a multi-battle server).
- :func:`register_previews` adds to an app's server, under its route prefix:
  ``preview/<date>.png?district=&palette=`` (the slide of that view at 1200x630, rendered by
  the PNG exporter through the render gate, cached on disk like the stills: one file per
  day and palette, at most :data:`DISTRICT_PREVIEWS_KEPT` with a district outlined), and
  ``oembed?url=&maxwidth=&maxheight=&format=json`` (:func:`oembed_answer`). It adds the tags
  to the ``/embed`` and ``/sources`` pages as they are sent, and returns the page part
  (:class:`dashboard.app.PagePart`) that adds them to the dashboard's page.

oEmbed answers for the URLs of the battle that is asked: on a multi-battle server
``/<slug>/oembed`` answers for ``/<slug>/...`` and 404s any other battle's URL (each page's
discovery link names its own battle's endpoint). No script is added to any page (the page's
Content-Security-Policy lists the hashes of the scripts it was built with).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Response, has_request_context, request

from dashboard.describe import CONTESTED, changes_since, holdings, join_words, plural
from dashboard.palettes import DEFAULT_PALETTE
from dashboard.viewdata import ViewData
from dashboard.views import (
    View,
    read_view,
    view_query,
)

SITE_NAME = "Frontline Atlas"
IMAGE_SIZE = (1200, 630)  # the size every link-preview consumer asks for
DISTRICT_PREVIEWS_KEPT = 128  # preview images with a district outlined kept on disk
IMAGE_ROUTE = "preview/<date>.png"
OEMBED_ROUTE = "oembed"
IMAGE_CACHE_CONTROL = "public, max-age=3600"
# The oEmbed frame: 960x600 unless the consumer asks for less (map and its control bar,
# 16:10), never under MIN_FRAME.
FRAME_SIZE = (960, 600)
MIN_FRAME = (240, 150)
# Parameters of an /embed URL passed on to the oEmbed frame as given (the page checks them).
EMBED_EXTRAS = ("autoplay", "loop", "speed", "controls")
TWITTER_ALT_CHARS = 420  # Twitter cuts image descriptions beyond this
NAMES_SHOWN = 3  # districts named in the description per kind of change


# --- what a preview says --------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """A page's link preview: what it is called and says, and the view its image shows."""

    title: str
    description: str  # one sentence
    image_alt: str
    view: View
    page: str = ""  # "" (the dashboard), "embed" or "sources"


def _date_text(payload: Mapping[str, Any], day: int) -> str:
    """'6 December 2016' (the long label without its weekday)."""
    return payload["long_labels"][day].split(" ", 1)[-1]


def _place(payload: Mapping[str, Any]) -> str:
    """The scenario's title up to its first comma ('Aleppo offensive')."""
    return (payload.get("title") or SITE_NAME).split(",", 1)[0].strip() or SITE_NAME


def _held_text(payload: Mapping[str, Any], day: int) -> str:
    """'Government and allies held 109 districts, Rebel groups 12 and SDF / YPG 1, with 13
    contested'."""
    labels = payload["map"]["labels"]
    counts = holdings(payload, day)
    held = [(labels[f], counts.get(f, 0)) for f in payload["map"]["factions"]]
    parts = [f"{held[0][0]} held {plural(held[0][1], 'district')}"]
    parts += [f"{label} {n}" for label, n in held[1:]]
    text = join_words(parts)
    contested = counts.get(CONTESTED, 0)
    return text + (f", with {contested} contested" if contested else "")


def _names(names: list[str]) -> str:
    shown = names[:NAMES_SHOWN]
    rest = len(names) - len(shown)
    return join_words(shown + ([plural(rest, "other")] if rest else []))


def _changes_text(payload: Mapping[str, Any], day: int, since: int | None = None) -> str:
    """What changed hands from ``since`` (default: the day before) to ``day``, one clause."""
    labels = payload["map"]["labels"]
    if since is None:
        if day == 0:
            return "this is the first day shown"
        changed, when = changes_since(payload, day), "since the day before"
    else:
        before, after = payload["days"][since], payload["days"][day]
        changed = [
            {"name": payload["names"][i], "status": payload["states"][s]["status"]}
            for i, (s, p) in enumerate(zip(after, before))
            if s >= 0 and payload["states"][s]["status"] != payload["states"][p]["status"]
        ]
        when = f"since {_date_text(payload, since)}"
    if not changed:
        return f"no district changed hands {when}"
    by_status: dict[str, list[str]] = {}
    for c in changed:
        by_status.setdefault(c["status"], []).append(c["name"])
    clauses = []
    for status, names in by_status.items():
        verb = "became contested" if status == CONTESTED else f"passed to {labels[status]}"
        clauses.append(f"{plural(len(names), 'district')} {verb} ({_names(names)})")
    return f"{when}, " + join_words(clauses)


def day_sentence(payload: Mapping[str, Any], view: View) -> str:
    """One sentence about the view's day from the data: who held what, what changed (since
    the compare day, when there is one), and the chosen district's holder."""
    day = view.day
    text = f"On {_date_text(payload, day)}"
    if view.district:
        i = payload["ids"].index(view.district)
        status = payload["states"][payload["days"][day][i]]["status"]
        holder = payload["map"]["held_by"].get(status, status)
        text += f" {payload['names'][i]} was {holder[:1].lower() + holder[1:]}; in all,"
    text += f" {_held_text(payload, day)}; {_changes_text(payload, day, view.compare)}."
    return text


def describe_view(data: ViewData, query: Mapping[str, str], page: str = "") -> Preview:
    """The preview of a page (``""``, ``"embed"`` or ``"sources"``) for its query.

    A query playing a story step (``?story=NAME&step=N``) gives the step's heading and the
    story's title as the title, the step's caption as the description and the step's date,
    compare day and focus as the view.
    """
    payload = data["payload"]
    view = read_view(payload, query)
    alt = payload["descriptions"][view.day]
    place = _place(payload)
    if page == "sources":
        sources = {ref["id"] for event in payload["events"] for ref in event.get("sources", ())}
        return Preview(
            title=f"Sources of the {place} map — {SITE_NAME}",
            description=(
                f"The {plural(len(sources), 'document')} behind the map "
                f"\u201c{payload['title']}\u201d, each with the events that cite it "
                "and the control changes they justify."
            ),
            image_alt=alt,
            view=View(palette=view.palette),
            page=page,
        )
    if view.story:
        story = payload["stories"][view.story]
        step = story["steps"][view.step - 1]
        heading = step.get("title") or _date_text(payload, view.day)
        return Preview(
            title=f"{heading} ({view.step}/{len(story['steps'])}) · {story['title']} — {SITE_NAME}",
            description=step["caption"],
            image_alt=alt,
            view=view,
            page=page,
        )
    when = _date_text(payload, view.day)
    if view.compare is not None:
        when = f"changes {_date_text(payload, view.compare)} → {when}"
    if view.district:
        when += f": {payload['names'][payload['ids'].index(view.district)]}"
    return Preview(
        title=f"{place}, {when} — {SITE_NAME}",
        description=day_sentence(payload, view),
        image_alt=alt,
        view=view,
        page=page,
    )


# --- URLs and tags --------------------------------------------------------------------------


def page_url(base: str, payload: Mapping[str, Any], preview: Preview) -> str:
    """The canonical absolute URL of a preview's page (``base`` ends with ``/``)."""
    if preview.page == "sources":
        return base + "sources"
    return f"{base}{preview.page}?{urlencode(view_query(payload, preview.view))}"


def image_url(base: str, payload: Mapping[str, Any], view: View) -> str:
    """The absolute URL of a view's preview image (the compare view shows its later day)."""
    query = {"district": view.district} if view.district else {}
    if view.palette != DEFAULT_PALETTE:
        query["palette"] = view.palette
    tail = f"?{urlencode(query)}" if query else ""
    return f"{base}preview/{payload['dates'][view.day]}.png{tail}"


def oembed_url(base: str, url: str) -> str:
    return f"{base}{OEMBED_ROUTE}?{urlencode({'url': url, 'format': 'json'})}"


def _short_alt(text: str, limit: int = TWITTER_ALT_CHARS) -> str:
    """``text`` cut at the last sentence that fits ``limit`` characters (or a word, with …)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > 0:
        return cut[: end + 1]
    return cut[: limit - 1].rsplit(" ", 1)[0] + "…"


def head_tags(preview: Preview, base: str, payload: Mapping[str, Any]) -> str:
    """The ``<meta>`` and ``<link>`` tags of a preview (every value escaped), one a line."""
    url = page_url(base, payload, preview)
    image = image_url(base, payload, preview.view)
    width, height = IMAGE_SIZE
    props = [
        ("og:type", "website"),
        ("og:site_name", SITE_NAME),
        ("og:title", preview.title),
        ("og:description", preview.description),
        ("og:url", url),
        ("og:image", image),
        ("og:image:type", "image/png"),
        ("og:image:width", str(width)),
        ("og:image:height", str(height)),
        ("og:image:alt", preview.image_alt),
    ]
    names = [
        ("description", preview.description),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", preview.title),
        ("twitter:description", preview.description),
        ("twitter:image", image),
        ("twitter:image:alt", _short_alt(preview.image_alt)),
    ]
    e = html.escape
    tags = [f'<meta property="{k}" content="{e(v)}">' for k, v in props]
    tags += [f'<meta name="{k}" content="{e(v)}">' for k, v in names]
    tags.append(f'<link rel="canonical" href="{e(url)}">')
    tags.append(
        f'<link rel="alternate" type="application/json+oembed" href="{e(oembed_url(base, url))}"'
        f' title="{e(preview.title)}">'
    )
    return "\n".join(tags) + "\n"


# --- oEmbed ---------------------------------------------------------------------------------


class OEmbedError(ValueError):
    """A request oEmbed cannot answer: ``status`` and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _pixels(name: str, value: str | None, least: int) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 6:
        raise OEmbedError(400, f"{name} {value[:20]!r} is not a whole number of pixels: e.g. 640")
    if int(value) < least:
        raise OEmbedError(400, f"{name} {value} is too small for the map: give at least {least}")
    return int(value)


def frame_size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """The largest frame of :data:`FRAME_SIZE`'s proportions within the limits."""
    width, height = FRAME_SIZE
    ratio = height / width
    if maxwidth is not None:
        width = min(width, maxwidth)
    if maxheight is not None:
        width = min(width, int(maxheight / ratio))
    height = int(width * ratio)
    if maxheight is not None:
        height = min(height, maxheight)
    return width, height


def _same_host(parts: Any, host: str, scheme: str) -> bool:
    """Whether a split URL names the host (and port) the request came to."""
    ours = urlsplit(f"//{host}")
    default = {"http": 80, "https": 443}
    try:
        theirs_port = parts.port or default.get(parts.scheme)
        our_port = ours.port or default.get(scheme)
    except ValueError:
        return False
    return (parts.hostname or "").lower() == (ours.hostname or "").lower() and (
        theirs_port == our_port
    )


def oembed_answer(
    data: ViewData,
    args: Mapping[str, str],
    *,
    base: str,
    host: str,
    scheme: str = "http",
) -> dict[str, Any]:
    """The oEmbed answer (a JSON object) for the query ``args`` of an oEmbed request that came
    to ``host`` (the Host header) under ``base`` (the battle's absolute root URL).

    :class:`OEmbedError` with 501 for a format other than JSON, 400 for a missing ``url`` or a
    bad ``maxwidth``/``maxheight``, 404 for a URL that is not a page of this battle.
    """
    fmt = args.get("format") or "json"
    if fmt != "json":
        raise OEmbedError(501, f"format {fmt[:20]!r} is not served: use format=json")
    url = args.get("url")
    if not url:
        raise OEmbedError(400, "give the page's address: oembed?url=<a link to this atlas>")
    maxwidth = _pixels("maxwidth", args.get("maxwidth"), MIN_FRAME[0])
    maxheight = _pixels("maxheight", args.get("maxheight"), MIN_FRAME[1])
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise OEmbedError(404, "the url is not a link this atlas can read") from None
    if parts.scheme not in ("http", "https") or not _same_host(parts, host, scheme):
        raise OEmbedError(404, "the url is not a page of this atlas (another host)")
    root = urlsplit(base).path  # "/" or "/<slug>/"
    path = parts.path if parts.path != root.rstrip("/") else root
    page = path[len(root) :] if path.startswith(root) else None
    if page not in ("", "embed", "sources"):
        raise OEmbedError(404, "the url is not a page of this atlas: link to its map or /embed")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    preview = describe_view(data, query, page)
    payload = data["payload"]
    width, height = IMAGE_SIZE
    answer: dict[str, Any] = {
        "version": "1.0",
        "type": "link",
        "title": preview.title,
        "provider_name": SITE_NAME,
        "provider_url": base,
        "thumbnail_url": image_url(base, payload, preview.view),
        "thumbnail_width": width,
        "thumbnail_height": height,
    }
    if page == "sources":  # a list of documents: a link, not a frame
        return answer
    view = view_query(payload, preview.view)
    if page == "embed":
        view.update({k: query[k][:20] for k in EMBED_EXTRAS if query.get(k)})
    src = f"{base}embed?{urlencode(view)}"
    frame_w, frame_h = frame_size(maxwidth, maxheight)
    e = html.escape
    answer.update(
        type="rich",
        width=frame_w,
        height=frame_h,
        html=(
            f'<iframe src="{e(src)}" width="{frame_w}" height="{frame_h}" '
            f'title="{e(preview.title)}" style="border:0" loading="lazy" '
            "allowfullscreen></iframe>"
        ),
    )
    return answer


# --- routes ---------------------------------------------------------------------------------


def _text(message: str, status: int) -> Response:
    return Response(message.splitlines()[0] + "\n", status=status, mimetype="text/plain")


def _base() -> str:
    """The absolute root URL of the battle the request is for (ends with ``/``)."""
    return request.url_root if has_request_context() else "http://localhost/"


def preview_key(data: ViewData, view: View) -> str:
    """The disk-cache key (and ETag) of a view's preview image."""
    from dashboard.export.warm import data_key

    what = f"preview;{view.day};{view.district};{view.palette};{IMAGE_SIZE}"
    return data_key(data, what)


def preview_head(data: ViewData) -> Callable[[Mapping[str, str]], str]:
    """A function of the dashboard page's query giving its link-preview tags (the head of
    its page part, see :attr:`dashboard.app.FrontlineDash.page_parts`)."""

    def head(query: Mapping[str, str]) -> str:
        return head_tags(describe_view(data, query), _base(), data["payload"])

    return head


def register_previews(app: Any, data: ViewData) -> Callable[[Mapping[str, str]], str]:
    """Serve the preview images and oEmbed of ``data`` from ``app.server``, add the tags to
    ``/embed`` and ``/sources``; return :func:`preview_head` for the dashboard's page (see
    the module's docstring). Call it before :func:`dashboard.security.harden`."""
    from dashboard import export
    from dashboard.downloads import (
        PROCESS_GATE,
        BadParameter,
        answered,
        cached_file,
        check_day,
        check_district,
        check_palette,
    )
    from dashboard.embed import ENDPOINT as EMBED_ENDPOINT
    from dashboard.export.warm import write_still
    from dashboard.sources_page import ENDPOINT as SOURCES_ENDPOINT

    prefix = app.config.routes_pathname_prefix
    payload = data["payload"]
    tagged = {EMBED_ENDPOINT: "embed", SOURCES_ENDPOINT: "sources"}

    def image(date: str) -> Response:
        unknown = sorted(set(request.args) - {"district", "palette"})
        if unknown:
            raise BadParameter(f"unknown parameter {unknown[0][:40]!r}: give district, palette")
        view = View(
            day=check_day(payload, date),
            district=check_district(payload, request.args.get("district")),
            palette=check_palette(request.args.get("palette")),
        )
        etag = preview_key(data, view)
        if any(t.split(":")[0] == etag for t in request.if_none_match.as_set()):
            return Response(status=304, headers={"ETag": f'"{etag}"'})

        def make(out: Path) -> Path:
            width, height = IMAGE_SIZE
            png = export.still_bytes(
                data,
                view.day,
                "png",
                width=width,
                height=height,
                palette=view.palette,
                district=view.district,
            )
            return write_still(png, out)

        name = "preview-d.png" if view.district else "preview.png"
        keep = DISTRICT_PREVIEWS_KEPT if view.district else None
        path, body = cached_file(name, etag, make, PROCESS_GATE, keep)
        response = Response(path.read_bytes() if path is not None else body, mimetype="image/png")
        response.set_etag(etag)
        response.headers["Cache-Control"] = IMAGE_CACHE_CONTROL
        return response

    def oembed() -> Response:
        try:
            answer = oembed_answer(
                data, request.args, base=_base(), host=request.host, scheme=request.scheme
            )
        except OEmbedError as exc:
            return _text(str(exc), exc.status)
        response = app.server.json.response(answer)
        response.headers["Cache-Control"] = "public, max-age=300"
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    def add_tags(response: Response) -> Response:
        page = tagged.get(request.endpoint or "")
        if page is None or response.status_code != 200 or response.mimetype != "text/html":
            return response
        tags = head_tags(describe_view(data, request.args, page), _base(), payload)
        body = response.get_data()
        response.set_data(body.replace(b"</head>", tags.encode("utf-8") + b"</head>", 1))
        etag, _weak = response.get_etag()
        if etag:  # the page's tag and the view's
            response.set_etag(hashlib.sha256(f"{etag};{tags}".encode()).hexdigest()[:32])
            response.make_conditional(request)
        return response

    rules = {
        IMAGE_ROUTE: ("frontline_preview_image", answered(app, image, "preview", "preview")),
        OEMBED_ROUTE: ("frontline_oembed", oembed),
    }
    for rule, (endpoint, view) in rules.items():
        if endpoint not in app.server.view_functions:  # registering twice does nothing
            app.server.add_url_rule(prefix + rule, endpoint=endpoint, view_func=view)
            if endpoint == "frontline_oembed":
                app.server.after_request(add_tags)
    return preview_head(data)
