"""The warm renderer: ONE headless Chromium per process for every image it draws.

- :func:`render` / :func:`render_many` use the process's :class:`WarmRenderer` (a
  ``kaleido.Kaleido`` kept open), started once under a lock by :func:`start_renderer` however
  many threads ask at once, closed at exit, and started afresh in a forked child (a worker
  never uses its parent's browser). PNGs are drawn in pages that stay loaded
  (:func:`live_page`: plotly.js is parsed once, the district geometry is sent once per page
  and each image only ``Plotly.react``s the figure and takes a screenshot); SVGs go through
  kaleido, whose fresh page per image keeps them byte-identical from run to run.
- Chromium stays on the machine: the map's world topojson is the empty one in
  ``assets/topojson``, MathJax is off, every host name but loopback resolves to nothing
  (``--host-resolver-rules``) and the background services that phone home are off
  (:data:`OFFLINE_SWITCHES`), so rendering makes no DNS lookup and no request off loopback.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import hashlib
import html
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.vendor import ASSETS_DIR, plotly_geo_path

_log = logging.getLogger(__name__)
_SVG_UID = re.compile(rb'<defs id="defs-([0-9a-z]+)"')

# Switches added to kaleido's own: no host name resolves but loopback's (so no DNS query
# leaves the machine), and the services that fetch things in the background stay off.
OFFLINE_SWITCHES: tuple[str, ...] = (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-sync",
    "--disable-quic",
    "--dns-prefetch-disable",
    "--no-pings",
    "--no-first-run",
    "--no-default-browser-check",
    # Every request that is not for a file goes to a proxy on a loopback port nothing listens
    # on, so Chromium resolves no name itself (not even its IPv6 reachability probe).
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    # No probe of whether IPv6 reaches the internet (a UDP connect to a Google address).
    "--enable-features=EnableIPv6ReachabilityOverride",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,DialMediaRouteProvider,NetworkTimeServiceQuerying",
)


def _offline_chromium() -> type:
    """choreographer's Chromium launcher with :data:`OFFLINE_SWITCHES` on its command line."""
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self):  # type: ignore[override]
            return [*super().get_cli(), *OFFLINE_SWITCHES]

    return OfflineChromium


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
        # kaleido's and choreographer's tasks cut short (a failed write, a signal, closing)
        # are not the user's business: no "Task was destroyed but it is pending!" on stderr.
        self._loop.set_exception_handler(_quiet)
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
            k = kaleido.Kaleido(
                n=1, mathjax=False, timeout=self._timeout, browser_cls=_offline_chromium()
            )
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
            with contextlib.suppress(BaseException):
                self._result(self._submit(self._kaleido.close()), "closing Chromium")
            self._kaleido = None
        if self._loop.is_running():
            with contextlib.suppress(BaseException):
                self._submit(_cancel_the_rest()).result(10)
        if self._page_dir is not None:
            shutil.rmtree(self._page_dir, ignore_errors=True)
            self._page_dir = None
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        if not self._loop.is_running() and not self._loop.is_closed():
            self._loop.close()


def _quiet(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    _log.debug("renderer loop: %s", context.get("message"), exc_info=context.get("exception"))


async def _cancel_the_rest() -> None:
    """Cancel every task still on the renderer's loop and wait for them to end."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class _ProcessRenderer:
    """The process's one :class:`WarmRenderer`: started on first use under a lock (threads
    asking together wait for the one start), closed at exit, and never shared with a forked
    child (a child starts its own: the parent's loop thread does not exist there).

    The only state the module keeps, and it is the browser process itself, not a view.
    """

    def __init__(self) -> None:
        self._reset()
        self._closes_at_exit = False
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._renderer: WarmRenderer | None = None
        self._pid = os.getpid()
        self.starts = 0  # browsers this process started (a test counts them)

    def get(self) -> WarmRenderer:
        with self._lock:
            if self._renderer is None or self._pid != os.getpid():
                self._renderer, self._pid = None, os.getpid()
                self._renderer = WarmRenderer()
                self.starts += 1
                if not self._closes_at_exit:
                    # Registered after Chromium's profile folder (a TemporaryDirectory), so
                    # at exit the browser closes before that folder is removed.
                    atexit.register(self.close)
                    self._closes_at_exit = True
            return self._renderer

    def running(self) -> bool:
        return self._renderer is not None and self._pid == os.getpid()

    def close(self, renderer: WarmRenderer | None = None) -> None:
        """Close the renderer (only ``renderer`` if given: a failed one, not its successor)."""
        with self._lock:
            current = self._renderer
            if current is None or (renderer is not None and renderer is not current):
                return
            self._renderer = None
            if self._pid == os.getpid():
                current.close()


_PROCESS = _ProcessRenderer()


def start_renderer() -> WarmRenderer:
    """The process's one warm renderer, started on first use and closed at exit."""
    return _PROCESS.get()


def close_renderer() -> None:
    """Close the process's renderer now (the next render starts a new one); ``frontline
    serve --warm`` calls it before the workers fork."""
    _PROCESS.close()


def renderer_starts() -> int:
    """How many browsers this process has started (after a fork: the child's own)."""
    return _PROCESS.starts


def render_many(
    figs: Iterable[go.Figure | Mapping[str, Any]], fmt: str, width: int, height: int
) -> Iterator[bytes]:
    """PNG or SVG bytes of each figure, in order, from the warm Chromium (started if needed).

    SVG comes back with plotly's random per-plot id replaced by a fixed one, so the same
    figure always gives the same bytes. After a failure the renderer is closed and the next
    call starts a fresh one.
    """
    specs = (f.to_dict() if isinstance(f, go.Figure) else f for f in figs)
    renderer = start_renderer()
    try:
        for image in renderer.render_many(specs, fmt, width, height):
            yield fixed_svg_ids(image) if fmt == "svg" else image
    except RenderError:
        _PROCESS.close(renderer)
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
