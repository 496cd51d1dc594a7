"""Shared by every exporter: the slide figure, the warm kaleido renderer, atomic output.

- :func:`slide_figure` (pure) puts one day's map on a slide: scenario title, date, the day's
  main event as a caption, the legend and the data credits, all as layout annotations; with
  ``frame`` it draws an interpolated moment of that day instead of the day itself.
- :func:`render` / :func:`render_many` use ONE headless Chromium per process
  (:class:`WarmRenderer`, a ``kaleido.Kaleido`` kept open) for every image of a run; the
  map's world topojson is the empty one in ``assets/topojson`` and MathJax is off, so
  rendering asks the network for nothing. PNGs are drawn in pages that stay loaded
  (:func:`live_page`: plotly.js is parsed once, the district geometry is sent once per page
  and each image only ``Plotly.react``s the figure and takes a screenshot); SVGs go through
  kaleido, whose fresh page per image keeps them byte-identical from run to run.
- :func:`atomic_output` writes through a temporary file in the target folder and renames
  it at the end, so an error never leaves a half-written file behind.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import functools
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import textwrap
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.figures import TRACE_DISTRICTS, map_figure, outline_lonlat, trace_indices
from dashboard.vendor import ASSETS_DIR, plotly_geo_path

# The day's caption prefers these kinds of event, in this order; every other kind comes after.
KIND_PRIORITY: tuple[str, ...] = (
    "capture",
    "advance",
    "counter-attack",
    "repelled-attack",
    "evacuation",
    "ceasefire",
)
NO_EVENT = "No major event recorded for this day"
FONT_FAMILY = "Liberation Sans, Arial, DejaVu Sans, sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"
_SVG_UID = re.compile(rb'<defs id="defs-([0-9a-z]+)"')
_NO_GEOMETRY: Mapping[str, Any] = {"type": "FeatureCollection", "features": []}


def main_event(
    payload: Mapping[str, Any], day: int, district: str | None = None
) -> dict[str, Any] | None:
    """The event a slide of ``day`` is captioned with, or ``None`` when the day has none.

    Events naming ``district`` come first; then by kind (:data:`KIND_PRIORITY`, other kinds
    after), then the event naming more districts, then the id (so the choice is stable).
    """
    date = payload["dates"][day]
    todays = [e for e in payload["events"] if e["date"] == date]
    if not todays:
        return None

    def rank(event: Mapping[str, Any]) -> tuple[int, int, int, str]:
        kind = event.get("kind", "")
        kind_rank = KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY)
        concerns = 0 if district and district in event.get("districts", ()) else 1
        return (concerns, kind_rank, -len(event.get("districts", ())), event["id"])

    return min(todays, key=rank)


def caption(payload: Mapping[str, Any], day: int, district: str | None = None) -> str:
    """One line of plain text: the main event's title, and the outlined district's state."""
    event = main_event(payload, day, district)
    text = event["title"] if event else NO_EVENT
    if district is not None:
        i = payload["ids"].index(district)
        state = payload["states"][payload["days"][day][i]]
        status = state["status"]
        held = payload["map"]["held_by"].get(status, status)
        held = held[:1].lower() + held[1:]
        text += f"  ·  Outlined: {payload['names'][i]} ({held})"
    return text


def _escape(text: str) -> str:
    """Plain text made safe for plotly's tiny HTML subset (no stray tags or entities)."""
    return html.escape(text, quote=False)


def _wrap(text: str, width_px: float, font_px: float) -> str:
    """Wrap plain text to the width, lines joined with ``<br>`` (average glyph ~0.5 em)."""
    chars = max(20, int(width_px / (0.5 * font_px)))
    return "<br>".join(_escape(line) for line in textwrap.wrap(text, chars))


def slide_spec(
    data: Mapping[str, Any],
    day: int,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    frame: int | None = None,
) -> dict[str, Any]:
    """``slide_figure(...).to_dict()``, built faster: the district geometry goes into the
    dict after plotly has validated the rest (plotly would copy it several times).

    The dict shares ``data["geojson"]`` itself: read it, do not change it.
    """
    spec = slide_figure(
        data,
        day,
        width=width,
        height=height,
        palette=palette,
        district=district,
        frame=frame,
        geometry=False,
    ).to_dict()
    spec["data"][TRACE_DISTRICTS]["geojson"] = data["geojson"]
    return spec


def slide_figure(
    data: Mapping[str, Any],
    day: int,
    *,
    width: int = 1920,
    height: int = 1080,
    palette: str = "conventional",
    district: str | None = None,
    frame: int | None = None,
    geometry: bool = True,
) -> go.Figure:
    """One day's map as a slide of ``width`` x ``height`` pixels (pure: no I/O).

    ``data`` is what :func:`dashboard.viewdata.load_view_data` returns. The map is
    :func:`dashboard.figures.map_figure`; above it the scenario title, the date and a caption
    (the day's main event, see :func:`main_event`); below it the data credits. ``district``
    (an id) is outlined on the map and named in the caption. ``frame`` (an interpolated
    frame index, see :func:`dashboard.export.moments`) draws that moment of the day: fills,
    faction parts and front move, while the date, caption and hover text stay the day's.
    ``geometry=False`` leaves the districts' GeoJSON empty (see :func:`slide_spec`).
    """
    payload = data["payload"]
    if not 0 <= day < len(payload["dates"]):
        raise ValueError(f"day {day} is outside 0..{len(payload['dates']) - 1}")
    highlight: Sequence[str] = (district,) if district else ()
    s = min(width / 1920, height / 1080)
    pad = round(36 * s)
    title_px, date_px, caption_px, credits_px = 38 * s, 30 * s, 24 * s, max(9.0, 14 * s)
    credits = _wrap(data.get("credits") or "", width - 2 * pad, credits_px)
    credit_lines = credits.count("<br>") + 1 if credits else 0
    top = round(pad + title_px * 1.3 + caption_px * 1.6 + 12 * s)
    bottom = round(pad * 0.6 + credit_lines * credits_px * 1.35 + 8 * s)
    plot_h = height - top - bottom
    if plot_h < 40:
        raise ValueError(f"{width}x{height} leaves no room for the map: make the image larger")
    x_left, x_right = pad / width, 1 - pad / width
    fig = map_figure(
        payload,
        data["geojson"] if geometry else _NO_GEOMETRY,
        data["landmarks"],
        day=day,
        palette=palette,
        highlight=highlight,
        frame=frame,
        size=(width, height),
        margin={"l": 0, "r": 0, "t": top, "b": bottom},
        label_px=slide_label_px(width, height),
        legend={
            "orientation": "v",
            "x": x_left,
            "xanchor": "left",
            "y": 0.0,
            "yanchor": "bottom",
            "font": {"size": round(max(10.0, 17 * s), 1)},
        },
    )
    if district:
        name = payload["names"][payload["ids"].index(district)]
        _outline(fig, payload, data["geojson"], district, name)

    def y_at(px_from_top: float) -> float:
        return (height - bottom - px_from_top) / plot_h

    def text(x: float, y_px: float, body: str, size: float, colour: str, **kw) -> dict:
        return {
            "text": body,
            "x": x,
            "y": y_at(y_px),
            "xref": "paper",
            "yref": "paper",
            "yanchor": "top",
            "showarrow": False,
            "align": kw.get("xanchor", "left"),
            "font": {"size": round(size, 1), "color": colour, "family": FONT_FAMILY},
            **kw,
        }

    title = _escape(payload.get("title") or "Frontline Atlas")
    annotations = [
        text(x_left, pad, f"<b>{title}</b>", title_px, INK, xanchor="left", name="title"),
        text(x_right, pad, payload["long_labels"][day], date_px, INK, xanchor="right", name="date"),
        text(
            x_left,
            pad + title_px * 1.35,
            _escape(caption(payload, day, district)),
            caption_px,
            MUTED,
            xanchor="left",
            name="caption",
        ),
    ]
    if credits:
        annotations.append(
            text(x_left, height - bottom + 8 * s, credits, credits_px, MUTED, xanchor="left")
        )
        annotations[-1]["name"] = "credits"
    fig.update_layout(
        width=width,
        height=height,
        margin={"l": 0, "r": 0, "t": top, "b": bottom, "autoexpand": False},
        paper_bgcolor="#ffffff",
        font={"family": FONT_FAMILY, "color": INK},
        annotations=[*fig.layout.annotations, *annotations],
        showlegend=True,
    )
    return fig


def slide_label_px(width: int, height: int) -> float:
    """The names' size on a slide: 24 px on 1920x1080, in proportion, never under 12 px."""
    return round(max(12.0, 24 * min(width / 1920, height / 1080)), 1)


def _outline(
    fig: go.Figure, payload: Mapping[str, Any], geojson: Mapping[str, Any], district: str, name: str
) -> None:
    """The map's outline traces (white halo, magenta line, above the front line) drawn
    around ``district`` from the full geometry, named in the legend."""
    traces = trace_indices(len(payload["map"]["factions"]))
    lons, lats = outline_lonlat(geojson, [district])
    fig.data[traces["outline"]].update(lon=lons, lat=lats, line={"width": 8})
    fig.data[traces["outline"] + 1].update(
        lon=lons, lat=lats, line={"width": 4}, name=f"Outlined: {name}", showlegend=True
    )


# --- the warm renderer --------------------------------------------------------------------

# The page PNGs are drawn in (``live_page``): assets/render/live.html with the script
# assets/render/live.js inlined. plotly.js loads once; the empty world topojson is defined
# before it, so the map fetches nothing. ``frontline.keep`` stores a geometry (a GeoJSON) under
# a key; ``frontline.draw`` puts those back into the traces that name them
# (``{"$geometry": key}``) and redraws the plot with ``Plotly.react`` at the image's size, then
# waits for a paint, so a screenshot of the page is the image.
RENDER_DIR = ASSETS_DIR / "render"
_SLOT = re.compile(r"\{\{(\w+)\}\}")
GEOMETRIES_KEPT = 8  # district geometries a page keeps (one per scenario drawn)
# The world topojson plotly.js looks for, with nothing in it: a map with its base layer hidden.
EMPTY_TOPOLOGY = '{"type":"Topology","objects":{},"arcs":[]}'


def topojson_uri() -> str:
    """``file://`` URI (with a trailing slash) of the folder holding the empty world topojson."""
    return (ASSETS_DIR / "topojson").resolve().as_uri() + "/"


def _plotlyjs_uri() -> str:
    """plotly.js's geo bundle (all a slide draws), the same the dashboard loads."""
    return plotly_geo_path().resolve().as_uri()


def live_page(*, plotlyjs: str, topojson: str) -> str:
    """The HTML of the page PNGs are drawn in, loading plotly.js from ``plotlyjs`` and with
    ``topojson`` as plotly's topojson URL (both ``file://`` URIs in the warm renderer)."""
    script = (RENDER_DIR / "live.js").read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise ValueError("assets/render/live.js cannot be inlined: it holds '</script'")
    config = json.dumps({"topojsonURL": topojson}).replace("</", "<\\/")
    values = {
        "topology": EMPTY_TOPOLOGY,
        "plotlyjs": html.escape(plotlyjs),
        "config": config,
        "script": script,
    }
    page = (RENDER_DIR / "live.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda m: values[m.group(1)], page)


class _LivePage:
    """One Chromium tab holding :func:`live_page`: a plot redrawn for every PNG.

    It remembers the viewport size it set and the geometries it was sent, so a run of images
    of one map sends the district outlines once and resizes the page once.
    """

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.size: tuple[int, int] | None = None
        self.geometries: set[str] = set()

    async def load(self, url: str) -> None:
        loaded = self.tab.subscribe_once("Page.loadEventFired")
        _check(await self.tab.send_command("Page.enable"), "loading the page")
        _check(await self.tab.send_command("Page.navigate", params={"url": url}), "loading")
        await loaded
        # Transparent where the figure is: like plotly's own export, not a white page.
        colour = {"color": {"r": 0, "g": 0, "b": 0, "a": 0}}
        _check(
            await self.tab.send_command(
                "Emulation.setDefaultBackgroundColorOverride", params=colour
            ),
            "loading the page",
        )
        await self._evaluate("typeof Plotly === 'object' && typeof frontline === 'object'")

    async def _evaluate(self, expression: str) -> Any:
        response = await self.tab.send_command(
            "Runtime.evaluate",
            params={"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        _check(response, "drawing the figure")
        result = response["result"]
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get("text")
            raise RenderError(f"drawing the figure failed: {_first_line(Exception(text))}")
        return result["result"].get("value")

    async def png(self, geometries: Mapping[str, str], fig_json: str, width: int, height: int):
        """Draw the figure (JSON text) at ``width`` x ``height`` and screenshot it as PNG."""
        if self.size != (width, height):
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
            _check(
                await self.tab.send_command("Emulation.setDeviceMetricsOverride", params=metrics),
                "sizing the page",
            )
            self.size = (width, height)
        for key, geometry in geometries.items():
            if key not in self.geometries:
                if len(self.geometries) >= GEOMETRIES_KEPT:  # a server showing many scenarios
                    await self._evaluate("frontline.forget()")
                    self.geometries.clear()
                await self._evaluate(f"frontline.keep({json.dumps(key)}, {geometry})")
                self.geometries.add(key)
        if await self._evaluate(f"frontline.draw({fig_json}, {width}, {height})") is not True:
            raise RenderError("drawing the figure failed: the page did not answer")
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = await self.tab.send_command(
            "Page.captureScreenshot",
            params={"format": "png", "clip": clip, "optimizeForSpeed": True},
        )
        _check(shot, "taking the screenshot")
        return base64.b64decode(shot["result"]["data"])


def _check(response: Mapping[str, Any], doing: str) -> None:
    if "error" in response:
        message = (response["error"] or {}).get("message", "unknown error")
        raise RenderError(f"{doing} failed: {message}")


def _without_geometry(
    fig: Mapping[str, Any], seen: dict[int, tuple[Any, str, str]]
) -> tuple[dict[str, str], dict[str, Any]]:
    """The figure with each trace's GeoJSON replaced by ``{"$geometry": key}``, and the
    GeoJSONs (as JSON text) by key: the key is a hash of the text, so equal geometries share
    one and a page holding it need not be sent it again. ``seen`` remembers the GeoJSON
    objects already hashed (by id, holding the object so the id stays its own): the slides of
    one run share one."""
    geometries: dict[str, str] = {}
    traces = []
    for trace in fig.get("data") or []:
        geojson = trace.get("geojson") if isinstance(trace, Mapping) else None
        if isinstance(geojson, Mapping):
            if id(geojson) not in seen:
                try:
                    text = json.dumps(geojson, separators=(",", ":"), allow_nan=False)
                except (TypeError, ValueError):
                    text = pio.json.to_json_plotly(geojson)
                key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]
                seen[id(geojson)] = (geojson, key, text)
            _obj, key, text = seen[id(geojson)]
            geometries[key] = text
            trace = {**trace, "geojson": {"$geometry": key}}
        traces.append(trace)
    return geometries, {**fig, "data": traces}


class WarmRenderer:
    """One headless Chromium (``kaleido.Kaleido``, MathJax off) kept open between images.

    It runs on an event loop of its own in a daemon thread, so synchronous code can use it
    and every wait has a time limit (``kaleido.start_sync_server`` waits forever when
    Chromium cannot start). PNGs are drawn in ``tabs`` pages of :func:`live_page` side by
    side (while one draws, the other is screenshot); SVGs in kaleido's own page, which it
    reloads after every image.
    """

    def __init__(self, *, tabs: int = 2, timeout: float = 120.0) -> None:
        self._tabs, self._timeout = tabs, timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="frontline-renderer", daemon=True
        )
        self._thread.start()
        self._kaleido: Any = None
        self._pages: asyncio.Queue[_LivePage] | None = None
        self._page_dir: str | None = None
        try:
            self._kaleido = self._result(self._submit(self._open()), "starting Chromium")
        except BaseException:
            self.close()
            raise

    async def _open(self) -> Any:
        import kaleido
        from kaleido.errors import ChromeNotFoundError

        try:
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self._timeout)
        except ChromeNotFoundError:
            raise RenderError(
                "Chromium not found: install it (Debian: apt-get install chromium) "
                "or set BROWSER_PATH to the browser's path"
            ) from None
        await k.open()
        try:
            self._page_dir = tempfile.mkdtemp(prefix="frontline-render-")
            page = Path(self._page_dir) / "live.html"
            page.write_text(
                live_page(plotlyjs=_plotlyjs_uri(), topojson=topojson_uri()), encoding="utf-8"
            )
            pages = [_LivePage(await k.create_tab(window=True)) for _ in range(self._tabs)]
            await asyncio.gather(*(p.load(page.as_uri()) for p in pages))
        except BaseException:
            await k.close()
            raise
        self._pages = asyncio.Queue()
        for p in pages:
            self._pages.put_nowait(p)
        return k

    async def _png(self, geometries: Mapping[str, str], fig_json: str, w: int, h: int) -> bytes:
        assert self._pages is not None
        page = await self._pages.get()
        try:
            return await page.png(geometries, fig_json, w, h)
        finally:
            self._pages.put_nowait(page)

    def _submit(self, coroutine: Any) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _result(self, future: concurrent.futures.Future, doing: str) -> Any:
        try:
            return future.result(self._timeout)
        except TimeoutError:
            future.cancel()
            raise RenderError(f"{doing} took longer than {self._timeout:.0f} s") from None
        except RenderError:
            raise
        except Exception as exc:
            raise RenderError(f"{doing} failed: {_first_line(exc)}") from exc

    def _job(self, fig: Mapping[str, Any], fmt: str, width: int, height: int, seen: dict) -> Any:
        if fmt == "png":
            geometries, rest = _without_geometry(fig, seen)
            return self._png(geometries, pio.json.to_json_plotly(rest), width, height)
        opts = {"format": fmt, "width": width, "height": height, "scale": 1}
        return self._kaleido.calc_fig(fig, opts=opts, topojson=topojson_uri())

    def render_many(
        self, figs: Iterable[Mapping[str, Any]], fmt: str, width: int, height: int
    ) -> Iterator[bytes]:
        """The figure dicts ``figs`` as ``fmt`` bytes, in order, a few rendering at once."""
        if self._kaleido is None:
            raise RenderError("the renderer is closed")
        pending: deque[concurrent.futures.Future] = deque()
        seen: dict[int, tuple[Any, str, str]] = {}
        try:
            for fig in figs:
                pending.append(self._submit(self._job(fig, fmt, width, height, seen)))
                if len(pending) > self._tabs:
                    yield self._result(pending.popleft(), f"rendering a {fmt} image")
            while pending:
                yield self._result(pending.popleft(), f"rendering a {fmt} image")
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        """Close Chromium and stop the loop (idempotent)."""
        if self._kaleido is not None:
            with contextlib.suppress(Exception):
                self._result(self._submit(self._kaleido.close()), "closing Chromium")
            self._kaleido = None
        if self._page_dir is not None:
            shutil.rmtree(self._page_dir, ignore_errors=True)
            self._page_dir = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        if not self._loop.is_running() and not self._loop.is_closed():
            self._loop.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@functools.lru_cache(maxsize=1)
def _shared_renderer() -> WarmRenderer:
    renderer = WarmRenderer()
    atexit.register(renderer.close)
    return renderer


def start_renderer() -> WarmRenderer:
    """The process's one warm renderer, started on first use and closed at exit."""
    return _shared_renderer()


def render_many(
    figs: Iterable[go.Figure | Mapping[str, Any]], fmt: str, width: int, height: int
) -> Iterator[bytes]:
    """PNG or SVG bytes of each figure, in order, from the warm Chromium (started if needed).

    SVG comes back with plotly's random per-plot id replaced by a fixed one, so the same
    figure always gives the same bytes. After a failure the renderer is closed and the next
    call starts a fresh one.
    """
    specs = (f.to_dict() if isinstance(f, go.Figure) else f for f in figs)
    try:
        for image in start_renderer().render_many(specs, fmt, width, height):
            yield fixed_svg_ids(image) if fmt == "svg" else image
    except RenderError:
        if _shared_renderer.cache_info().currsize:
            _shared_renderer().close()
            _shared_renderer.cache_clear()
        raise


def render(fig: go.Figure | Mapping[str, Any], fmt: str, width: int, height: int) -> bytes:
    """One figure as PNG or SVG bytes (see :func:`render_many`)."""
    return next(iter(render_many([fig], fmt, width, height)))


def fixed_svg_ids(svg: bytes) -> bytes:
    """Replace plotly.js's random plot id (``defs-3f9a2c``, ``clip3f9a2cgeo``...) by ``fa0000``."""
    found = _SVG_UID.search(svg)
    if not found:
        return svg
    return svg.replace(found.group(1), b"fa0000")


class RenderError(RuntimeError):
    """Chromium could not render a figure (missing browser, crash, timeout)."""


# --- atomic output ------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed onto it when the block ends cleanly.

    On any error the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    # The suffix stays last: some writers (ffmpeg) choose the container from it.
    fd, name = tempfile.mkstemp(
        prefix=f".{target.stem}.part-", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
