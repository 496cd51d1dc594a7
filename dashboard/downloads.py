"""Download routes: the battle as a GIF, the standalone page, one day's slide as PNG or SVG.

:func:`register_downloads` adds to the Dash app's Flask server (under its route prefix):

- ``download/battle.gif[?palette=]``: the whole battle, as ``frontline export gif`` makes it
  with its defaults (1280x720, a frame a day, 2 days a second);
- ``download/map.html[?palette=]``: the standalone page of ``frontline export html``;
- ``download/still.png`` and ``download/still.svg`` ``?date=YYYY-MM-DD&district=ID&palette=``:
  one day's 1920x1080 slide (``date`` defaults to the first day; ``district`` is outlined);
  with ``compare=A`` (a day not after ``date``) the compare slide of ``frontline export png
  --date B --compare A``, with ``arrows=1`` its advance arrows (``arrows=1`` alone: the
  arrows of the :data:`ARROW_WINDOW` days before ``date``), as the page's URL holds them;
- the data behind the view (:mod:`dashboard.datafiles`, the bytes ``frontline day`` and
  ``frontline diff`` write): ``download/day.geojson|csv?date=`` (every district that day),
  ``download/diff.geojson|csv|json?date=B&compare=A[&arrows=1]`` (what changed from A to B,
  arrows in GeoJSON and JSON), ``download/control.csv|json`` (the whole control table) and
  ``download/events.csv|json``. Each names the scenario, the dates, the credits and the
  licence inside the file.
- ``download/story-NAME.pptx`` and ``download/story-NAME.html`` ``[?palette=]``: the story
  ``NAME`` as ``frontline export pptx`` / ``frontline export deck`` make it (404 for a story
  the scenario does not have).

Everything rendered is stored on disk beside the view-data cache
(:func:`dashboard.cache.cache_dir`), under a key made from the view data's digest (the
scenario's files and the code, see :func:`data_key`): only the first request renders, later
ones (in any worker or after a restart) send the file. A lock file makes concurrent first
requests wait for one render. Stills also carry an ETag, so a browser asking again gets a
304. ``frontline serve --warm`` renders every day's still in every palette before serving
(:func:`dashboard.export.warm.warm_stills`, which also names the cached files); stills with
a district outlined are rendered when asked and at most :data:`DISTRICT_STILLS_KEPT` of them
are kept (the least recently made go first). The server keeps no state: delete the cache
folder at any time.

Renders are gated (:class:`RenderGate`): a worker renders at most ``running`` images at once
and lets ``waiting`` more requests wait for their turn; any request beyond those gets a 503
with ``Retry-After`` at once instead of holding a server thread, so pages, the payload and
assets never wait behind renders. Cached files are sent without passing the gate.

A bad parameter (a malformed date or one outside the battle, compare after date, an unknown
parameter) gets a 400 with a one-line plain-text message; a renderer failure or a full
render queue a 503.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from flask import Response, request, send_file

from dashboard import export
from dashboard.cache import cache_dir
from dashboard.export.warm import STILL_SIZE, data_key, still_key, still_name, write_still
from dashboard.palettes import DEFAULT_PALETTE, PALETTES
from dashboard.viewdata import ViewData

GIF_OPTIONS: Mapping[str, Any] = {"width": 1280, "height": 720, "per_day": 1}
STILL_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
DECK_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "html": "text/html",
}
CACHE_CONTROL = "public, max-age=300"
RENDERS_RUNNING = 2  # images a worker renders at once (the renderer draws in two pages)
RENDERS_WAITING = 2  # requests that may wait for a render slot; more get a 503
RETRY_AFTER_S = 5
DISTRICT_STILLS_KEPT = 256  # stills with a district outlined kept on disk (about 40 MB)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ARROW_WINDOW = 7  # days of arrows=1 without compare= (as 'frontline export --arrows')
DATA_TYPES = {
    "geojson": "application/geo+json",
    "json": "application/json",
    "csv": "text/csv",
}
_YES, _NO = ("1", "true", "on", "yes"), ("0", "false", "off", "no", "")


class BadParameter(ValueError):
    """A query parameter the route cannot use; the message is the one-line answer."""


class Busy(RuntimeError):
    """Every render slot and every waiting place is taken: answer 503 with Retry-After."""


class RenderGate:
    """At most ``running`` renders at once in this process, ``waiting`` more requests queued
    for a slot (for at most ``wait_s`` seconds), and :class:`Busy` for any beyond those.

    Every battle a process serves shares :data:`PROCESS_GATE` (they share its one browser);
    a forked worker gets its own copy. Keep ``running + waiting`` below the server's threads
    per worker so pages always find a free thread.
    """

    def __init__(
        self, running: int = RENDERS_RUNNING, waiting: int = RENDERS_WAITING, wait_s: float = 60
    ) -> None:
        self.running, self.waiting, self.wait_s = running, waiting, wait_s
        self._slots = threading.BoundedSemaphore(running)
        self._admitted = threading.BoundedSemaphore(running + waiting)

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise Busy(f"the renderer is busy: try again in {RETRY_AFTER_S} seconds")
        try:
            if not self._slots.acquire(timeout=self.wait_s):
                raise Busy(f"the renderer is busy: try again in {RETRY_AFTER_S} seconds")
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._admitted.release()


def _one(args: Any, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters as single values; unknown or repeated ones are refused."""
    out = {}
    for name in args:
        if name not in allowed:
            expected = ", ".join(allowed) if allowed else "none"
            raise BadParameter(f"unknown parameter {name!r}: this download takes {expected}")
        values = args.getlist(name)
        if len(values) > 1:
            raise BadParameter(f"parameter {name!r} is given {len(values)} times: give it once")
        out[name] = values[0]
    return out


def check_palette(value: str | None) -> str:
    """A palette key (default when ``None``); :class:`BadParameter` otherwise."""
    if value is None:
        return DEFAULT_PALETTE
    if value not in PALETTES:
        raise BadParameter(f"unknown palette {value[:40]!r}: use {' or '.join(sorted(PALETTES))}")
    return value


def check_day(payload: Mapping[str, Any], value: str | None) -> int:
    """The index of an ISO date of the battle (the first day when ``None``)."""
    dates = payload["dates"]
    if value is None:
        return 0
    span = f"{dates[0]} to {dates[-1]}"
    if not _DATE.fullmatch(value):
        raise BadParameter(f"date {value[:40]!r} is not a date: use YYYY-MM-DD from {span}")
    if value not in dates:
        raise BadParameter(f"date {value} is not a day of the battle: pick one from {span}")
    return dates.index(value)


def check_compare(payload: Mapping[str, Any], value: str | None, day: int) -> int | None:
    """The index of the compare day A (``None`` when not given or empty): a day of the
    battle not after ``day`` (B)."""
    if not value:
        return None
    first = check_day(payload, value)
    if first > day:
        raise BadParameter(
            f"compare {value} is after date {payload['dates'][day]}: compare with an earlier day"
        )
    return first


def check_arrows(value: str | None) -> bool:
    """``arrows=1`` (or true, on, yes) and ``arrows=0`` (false, off, no, empty)."""
    if value is None or value.lower() in _NO:
        return False
    if value.lower() in _YES:
        return True
    raise BadParameter(f"arrows {value[:40]!r} is not a switch: use arrows=1 or arrows=0")


def check_district(payload: Mapping[str, Any], value: str | None) -> str | None:
    """A district id of the payload, or ``None`` when not given or empty."""
    if not value:
        return None
    if value not in payload["ids"]:
        raise BadParameter(
            f"unknown district {value[:60]!r}: use an id such as {payload['ids'][0]} "
            "(see 'frontline districts')"
        )
    return value


def download_name(
    data: ViewData,
    kind: str,
    *,
    palette: str = DEFAULT_PALETTE,
    day: int | None = None,
    district: str | None = None,
    compare: int | None = None,
) -> str:
    """The file name a download is saved under.

    ``kind`` is ``"gif"`` (the battle), ``"html"`` (the standalone page) or ``"png"`` /
    ``"svg"`` (the slide of ``day``, an index into the scenario's dates, with ``district``
    outlined; from day ``compare`` when given). The default palette adds nothing to the
    name; another adds its key.
    """
    suffix = "" if palette == DEFAULT_PALETTE else f"-{palette}"
    if kind == "gif":
        return f"frontline-atlas-battle{suffix}.gif"
    if kind == "html":
        return f"frontline-atlas-map{suffix}.html"
    if kind not in STILL_TYPES:
        raise ValueError(f"unknown download {kind!r}: use gif, html, {' or '.join(STILL_TYPES)}")
    if day is None:
        raise ValueError(f"a {kind} download is one day's slide: give the day")
    date = data["payload"]["dates"][day]
    if compare is not None:
        date = f"{data['payload']['dates'][compare]}-to-{date}"
    return f"frontline-atlas-{date}{'-' + district if district else ''}{suffix}.{kind}"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (a no-op where ``fcntl`` does not exist)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: concurrent first requests both render
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_file(
    name: str,
    key: str,
    make: Callable[[Path], Any],
    gate: RenderGate | None = None,
    keep: int | None = None,
) -> tuple[Path | None, bytes]:
    """The file ``name`` (e.g. ``battle.gif``) for ``key`` from the disk cache, made by
    ``make(path)`` (which writes ``path`` atomically) on a miss, inside ``gate`` (if given:
    :class:`Busy` when it is full). With ``keep``, at most that many files of this ``name``
    stay in the cache (the oldest made are removed).

    Returns ``(path, b"")`` from the cache, or ``(None, bytes)`` when caching is off.
    """
    stem, suffix = name.rsplit(".", 1)
    folder = cache_dir()
    rendering = gate() if gate is not None else contextlib.nullcontext()
    if folder is not None:
        path = folder / f"{stem}-{key}.{suffix}"
        if path.is_file():
            return path, b""
        with rendering:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with _locked(folder / f".{stem}-{key}.lock"):
                    if not path.is_file():  # another request may have made it meanwhile
                        make(path)
                        if keep is not None:
                            _prune(folder, f"{stem}-*.{suffix}", keep, path)
                return path, b""
            except (OSError, export.ExportError):
                pass  # a read-only or full cache folder is no reason to fail: use a temporary one
            return _made_in_temporary(name, make)
    with rendering:
        return _made_in_temporary(name, make)


def _made_in_temporary(name: str, make: Callable[[Path], Any]) -> tuple[None, bytes]:
    with tempfile.TemporaryDirectory(prefix="frontline-") as tmp:
        path = Path(tmp) / name
        make(path)
        return None, path.read_bytes()


def _prune(folder: Path, pattern: str, keep: int, made: Path) -> None:
    """Remove the oldest files matching ``pattern`` beyond ``keep`` (never ``made``)."""
    files = []
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):
            files.append((path.stat().st_mtime, path))
    files.sort(reverse=True)
    for _mtime, path in files[keep:]:
        if path != made:
            with contextlib.suppress(OSError):
                path.unlink()


def _send(path: Path | None, body: bytes, mimetype: str, filename: str) -> Response:
    """A download response: ``path`` from the disk cache, or ``body`` when there is none.

    Images are streamed from the file; text is read whole so that it is compressed with a
    length (flask-compress does not gzip a streamed response).
    """
    if path is not None and not mimetype.startswith("text/"):
        response = send_file(
            path, mimetype=mimetype, as_attachment=True, download_name=filename, max_age=300
        )
        return response.make_conditional(request)
    response = Response(path.read_bytes() if path is not None else body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if path is None:
        return response
    response.set_etag(path.stem)  # the file name holds the data key
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response.make_conditional(request)


def _text(message: str, status: int) -> Response:
    return Response(message.splitlines()[0] + "\n", status=status, mimetype="text/plain")


# The limit on this process's renders, whichever battle asks: like the browser it guards,
# a resource of the process (it holds no view and no request's data).
PROCESS_GATE = RenderGate()


def answered(
    app: Any, view: Callable[..., Any], what: str = "download", thing: str = "image"
) -> Callable[..., Any]:
    """``view`` with its failures answered in one line: a bad parameter 400, a full render
    gate 503 with ``Retry-After``, a renderer failure 503 (and logged as ``what``)."""

    def run(**kwargs: Any) -> Any:
        try:
            return view(**kwargs)
        except BadParameter as exc:
            return _text(str(exc), 400)
        except Busy as exc:
            response = _text(str(exc), 503)
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
            return response
        except export.RenderError as exc:
            app.server.logger.error("%s %s: %s", what, request.path, exc)
            return _text(f"the {thing} could not be rendered: {exc}", 503)

    run.__name__ = view.__name__
    return run


def register_downloads(app: Any, data: ViewData, gate: RenderGate | None = None) -> list[str]:
    """Serve the downloads of ``data`` from ``app.server``; return the routes' paths.

    ``app`` is the :class:`dash.Dash` app that shows ``data`` (see
    :func:`dashboard.app.create_app`); ``gate`` limits its renders (default: the process's
    :data:`PROCESS_GATE`). Registering twice is harmless.
    """
    prefix = app.config.routes_pathname_prefix + "download/"
    gate = gate if gate is not None else PROCESS_GATE

    def guarded(view: Callable[..., Any]) -> Callable[..., Any]:
        return answered(app, view)

    def battle_gif() -> Any:
        palette = check_palette(_one(request.args, ("palette",)).get("palette"))
        opts = {**GIF_OPTIONS, "palette": palette}
        what = "battle.gif;" + ";".join(f"{k}={v}" for k, v in sorted(opts.items()))
        path, body = cached_file(
            "battle.gif",
            data_key(data, what),
            lambda out: export.export_animation(data, "gif", out, **opts),
            gate,
        )
        return _send(path, body, "image/gif", download_name(data, "gif", palette=palette))

    def map_html() -> Any:
        palette = check_palette(_one(request.args, ("palette",)).get("palette"))
        path, body = cached_file(
            "map.html",
            data_key(data, f"map.html;palette={palette}"),
            lambda out: export.export_html(data, out, palette=palette),
            gate,
        )
        return _send(path, body, "text/html", download_name(data, "html", palette=palette))

    def still(fmt: str) -> Any:
        args = _one(request.args, ("date", "district", "palette", "compare", "arrows"))
        day = check_day(data["payload"], args.get("date"))
        district = check_district(data["payload"], args.get("district"))
        palette = check_palette(args.get("palette"))
        compare = check_compare(data["payload"], args.get("compare"), day)
        arrows = check_arrows(args.get("arrows"))
        if compare is not None or arrows:
            return compare_still(fmt, day, district, palette, compare, arrows)
        etag = still_key(data, fmt, day, district, palette)
        if _matches(request.if_none_match, etag):
            return app.server.response_class(status=304, headers={"ETag": f'"{etag}"'})
        width, height = STILL_SIZE

        def make(out: Path) -> Path:
            image = export.still_bytes(
                data, day, fmt, width=width, height=height, palette=palette, district=district
            )
            return write_still(image, out)

        keep = DISTRICT_STILLS_KEPT if district else None
        path, image = cached_file(still_name(fmt, district), etag, make, gate, keep)
        if path is not None:
            image = path.read_bytes()
        name = download_name(data, fmt, palette=palette, day=day, district=district)
        response = _send(None, image, STILL_TYPES[fmt], name)
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    def compare_still(
        fmt: str, day: int, district: str | None, palette: str, compare: int | None, arrows: bool
    ) -> Any:
        """The compare slide from ``compare`` (or, arrows alone, the window before ``day``)."""
        dates = data["payload"]["dates"]
        first = compare if compare is not None else max(0, day - ARROW_WINDOW)
        marks = compare is not None
        what = f"compare;{fmt};{first};{day};{district};{palette};{arrows};{marks};{STILL_SIZE}"
        etag = data_key(data, what)
        if _matches(request.if_none_match, etag):
            return app.server.response_class(status=304, headers={"ETag": f'"{etag}"'})
        width, height = STILL_SIZE

        def make(out: Path) -> Path:
            from dashboard.compare import compare_payload

            found = compare_payload(
                _scenario(), dates[first], dates[day], data["payload"]["ids"], arrows=arrows
            )
            image = export.still_bytes(
                data,
                day,
                fmt,
                width=width,
                height=height,
                palette=palette,
                district=district,
                compare=found,
                marks=marks,
            )
            return write_still(image, out)

        path, image = cached_file(f"compare.{fmt}", etag, make, gate, DISTRICT_STILLS_KEPT)
        if path is not None:
            image = path.read_bytes()
        name = download_name(data, fmt, palette=palette, day=day, district=district, compare=first)
        response = _send(None, image, STILL_TYPES[fmt], name)
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    def _scenario() -> Any:
        from timeline import load_scenario

        return load_scenario(data.scenario)

    def _data_file(text: str, fmt: str, name: str, etag: str) -> Response:
        response = Response(text.encode("utf-8"), mimetype=DATA_TYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = CACHE_CONTROL
        response.set_etag(etag)
        return response.make_conditional(request)

    def _folder() -> Path:
        from geodata.paths import scenario_dir

        return scenario_dir(data.scenario)

    def day_file(fmt: str) -> Any:
        from dashboard.datafiles import day_text

        args = _one(request.args, ("date",))
        day = check_day(data["payload"], args.get("date"))
        date = data["payload"]["dates"][day]
        etag = data_key(data, f"day;{fmt};{date}")
        if _matches(request.if_none_match, etag):
            return app.server.response_class(status=304, headers={"ETag": f'"{etag}"'})
        text = day_text(_scenario(), date, fmt, folder=_folder())
        return _data_file(text, fmt, f"{_stem()}-{date}.{fmt}", etag)

    def diff_file(fmt: str) -> Any:
        from dashboard.datafiles import diff_text

        args = _one(request.args, ("date", "compare", "arrows"))
        day = check_day(data["payload"], args.get("date"))
        if not args.get("compare"):
            raise BadParameter("compare is missing: give the first day, compare=YYYY-MM-DD")
        first = check_compare(data["payload"], args.get("compare"), day)
        arrows = check_arrows(args.get("arrows")) and fmt != "csv"  # CSV has no lines
        dates = data["payload"]["dates"]
        a, b = dates[first], dates[day]
        etag = data_key(data, f"diff;{fmt};{a};{b};{arrows}")
        if _matches(request.if_none_match, etag):
            return app.server.response_class(status=304, headers={"ETag": f'"{etag}"'})
        text, _count = diff_text(_scenario(), a, b, fmt, arrows=arrows, folder=_folder())
        return _data_file(text, fmt, f"{_stem()}-changes-{a}-to-{b}.{fmt}", etag)

    def table_file(table: str, fmt: str) -> Any:
        from dashboard.datafiles import control_text, events_text

        _one(request.args, ())
        etag = data_key(data, f"{table};{fmt}")
        if _matches(request.if_none_match, etag):
            return app.server.response_class(status=304, headers={"ETag": f'"{etag}"'})
        make = control_text if table == "control" else events_text
        text = make(_scenario(), fmt, folder=_folder())
        return _data_file(text, fmt, f"{_stem()}-{table}.{fmt}", etag)

    def _stem() -> str:
        return f"frontline-atlas-{_folder().name}"

    def story_deck(name: str, fmt: str) -> Any:
        from dashboard.export.deck import StoryError, export_deck, story_of
        from dashboard.export.pptx import export_pptx

        palette = check_palette(_one(request.args, ("palette",)).get("palette"))
        try:
            story_of(data, name)
        except StoryError as exc:
            return _text(str(exc), 404)
        write = export_pptx if fmt == "pptx" else export_deck
        path, body = cached_file(
            f"story-{fmt}.{fmt}",
            data_key(data, f"story;{name};{fmt};palette={palette}"),
            lambda out: write(data, name, out, palette=palette),
            gate,
        )
        suffix = "" if palette == DEFAULT_PALETTE else f"-{palette}"
        return _send(path, body, DECK_TYPES[fmt], f"{name}{suffix}.{fmt}")

    routes = {
        "battle.gif": ("frontline_download_gif", guarded(battle_gif)),
        "map.html": ("frontline_download_html", guarded(map_html)),
        "still.<any(png, svg):fmt>": ("frontline_download_still", guarded(still)),
        "day.<any(geojson, csv):fmt>": ("frontline_download_day", guarded(day_file)),
        "diff.<any(geojson, csv, json):fmt>": ("frontline_download_diff", guarded(diff_file)),
        "<any(control, events):table>.<any(csv, json):fmt>": (
            "frontline_download_table",
            guarded(table_file),
        ),
        "story-<name>.<any(pptx, html):fmt>": ("frontline_download_story", guarded(story_deck)),
    }
    for rule, (endpoint, view) in routes.items():
        if endpoint not in app.server.view_functions:  # registering twice does nothing
            app.server.add_url_rule(prefix + rule, endpoint=endpoint, view_func=view)
    return [prefix + rule for rule in routes]


def _matches(if_none_match: Any, etag: str) -> bool:
    """Whether the request's If-None-Match names ``etag`` (compression appends ``:gzip``...)."""
    return any(t.split(":")[0] == etag for t in if_none_match.as_set(include_weak=True))
