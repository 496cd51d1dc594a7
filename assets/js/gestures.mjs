/*
 * The page scrolls; the map zooms when asked to. Over the map the wheel scrolls the page
 * and a hint says to hold Ctrl (⌘ on a Mac) to zoom; Ctrl/⌘ + wheel zooms. On touch, one
 * finger scrolls the page (plotly never sees it, so it calls no preventDefault in a passive
 * listener; a tap still reaches it as mouse events) and two pan and zoom the map (done here,
 * with relayouts, so plotly sees no touch at all). A tap on a district is ours too: the
 * district under the finger is found here (the choropleth path whose fill holds the point)
 * and handed to `onTap`, and the browser's click that would follow is cancelled, so a tap
 * never depends on plotly turning Chromium's synthetic mouse events into a click (which it
 * sometimes did not, right after a swipe).
 */

/** How long the hint stays (ms). */
export const HINT_MS = 1400;
/** Zoom per pixel of wheel travel: one notch (100 px) zooms by about 1.2. */
export const ZOOM_PER_PIXEL = 0.0018;

/** "zoom" with Ctrl or ⌘ held, else "scroll". */
export function wheelIntent(ev) {
  return ev.ctrlKey || ev.metaKey ? "zoom" : "scroll";
}

/** One finger scrolls the "page", two move the "map". */
export function touchIntent(fingers) {
  return fingers >= 2 ? "map" : "page";
}

/** A wheel step in pixels (from lines or pages). */
export function wheelPixels(deltaY, deltaMode) {
  if (deltaMode === 1) return deltaY * 16;
  if (deltaMode === 2) return deltaY * 400;
  return deltaY;
}

/** The scale after `pixels` of wheel travel (< 0: zoom in). */
export function zoomedScale(scale, pixels, min, max) {
  const next = scale * Math.exp(-pixels * ZOOM_PER_PIXEL);
  return Math.min(max, Math.max(min, next));
}

/**
 * Two fingers now at `a`, `b` ([x, y]) that started at `start.a0`, `start.b0` on a map of
 * `start.scale`, `centre` [lon, lat] and `perPx` degrees a pixel: the new scale and centre.
 */
export function pinched(start, a, b) {
  const dist = (p, q) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const ratio = dist(a, b) / Math.max(1, dist(start.a0, start.b0));
  const scale = start.scale * ratio;
  const dx = (a[0] + b[0]) / 2 - (start.a0[0] + start.b0[0]) / 2;
  const dy = (a[1] + b[1]) / 2 - (start.a0[1] + start.b0[1]) / 2;
  const lon = start.centre[0] - (dx * start.perPx[0]) / ratio;
  const lat = start.centre[1] - (dy * start.perPx[1]) / ratio;
  return { scale, centre: [lon, lat] };
}

/** A touch that moved at most this far (px) in at most this long (ms) is a tap. */
export const TAP_PX = 10;
export const TAP_MS = 600;

/** Whether one finger from `start` to `end` ({x, y, t}) was a tap (pure). */
export function isTap(start, end) {
  if (!start || !end) return false;
  return Math.hypot(end.x - start.x, end.y - start.y) <= TAP_PX && end.t - start.t <= TAP_MS;
}

/**
 * The id of the district drawn at the viewport point (`x`, `y`) on the geo map `gd`: the
 * district path whose fill holds the point; null over no district, or over the key, the
 * mode bar or a note drawn on the map (those keep their own taps).
 */
export function districtAt(gd, x, y) {
  const doc = gd.ownerDocument;
  const top = doc.elementFromPoint(x, y);
  if (!top || !gd.contains(top) || (top.closest && top.closest(".infolayer, .modebar-container"))) {
    return null;
  }
  const Point = doc.defaultView.DOMPoint;
  for (const path of gd.querySelectorAll(".choroplethlocation")) {
    const m = path.getScreenCTM && path.getScreenCTM();
    if (!m || !path.isPointInFill) continue;
    if (path.isPointInFill(new Point(x, y).matrixTransform(m.inverse()))) {
      return (path.__data__ && path.__data__.loc) || null;
    }
  }
  return null;
}

/** The hint, for the wheel or for touch. */
export function hintText(kind, platform) {
  if (kind === "touch") return "Use two fingers to move the map";
  const key = /Mac|iPhone|iPad/.test(platform || "") ? "⌘" : "Ctrl";
  return "Use " + key + " + scroll to zoom the map";
}

const ZOOM_LIMITS = [1, 20]; // tile map zoom levels

/** Zoom a geo or tile map by `pixels` of wheel travel, about its centre. */
export function zoomPlot(plotly, gd, pixels) {
  const full = gd && gd._fullLayout;
  if (!plotly || !full) return null;
  if (full.map && !full.geo) {
    const zoom = full.map.zoom || 0;
    const next = Math.log2(zoomedScale(2 ** zoom, pixels, 2 ** ZOOM_LIMITS[0], 2 ** ZOOM_LIMITS[1]));
    return plotly.relayout(gd, { "map.zoom": next });
  }
  const sub = full.geo && full.geo._subplot;
  if (!sub || !sub.projection || !sub.fitScale) return null;
  // As plotly's zoom buttons do.
  const proj = sub.projection;
  const scale = proj.scale() / sub.fitScale;
  const rotation = proj.rotate().map((v) => -v);
  const centre = proj.invert(sub.midPt);
  const limits = full.geo.projection || {};
  const min = limits.minscale || 0;
  const max = limits.maxscale > 0 ? limits.maxscale : Infinity;
  const next = zoomedScale(scale, pixels, Math.min(min, max), Math.max(min, max));
  if (next === scale) return null;
  return plotly.relayout(gd, {
    "geo.projection.scale": next,
    "geo.projection.rotation.lon": rotation[0],
    "geo.projection.rotation.lat": rotation[1],
    "geo.center.lon": centre[0],
    "geo.center.lat": centre[1],
    "geo.fitbounds": false,
  });
}

/**
 * Watch the wheel and touches over `selector` (a positioned box around a map). `onTap(id)`
 * is told of a tap on district `id` (then the browser sends no click for it).
 */
export function watchMapGestures(selector, win, { onTap = null } = {}) {
  const w = win || window;
  const doc = w.document;
  const boxOf = (ev) => (ev.target && ev.target.closest ? ev.target.closest(selector) : null);
  let timer = null;
  let travel = 0;
  let zooming = null;

  function showHint(box, text) {
    let hint = box.querySelector(".map-hint");
    if (!hint) {
      hint = doc.createElement("div");
      hint.className = "map-hint";
      hint.setAttribute("aria-hidden", "true");
      box.appendChild(hint);
    }
    if (hint.textContent !== text) hint.textContent = text;
    hint.classList.add("shown");
    clearTimeout(timer);
    timer = setTimeout(() => hint.classList.remove("shown"), HINT_MS);
  }

  function hideHint(box) {
    const hint = box.querySelector(".map-hint");
    if (hint) hint.classList.remove("shown");
  }

  function zoom(box) {
    zooming = null;
    const gd = box.querySelector(".js-plotly-plot");
    const pixels = travel;
    travel = 0;
    if (gd && pixels) zoomPlot(w.Plotly, gd, pixels);
  }

  doc.addEventListener(
    "wheel",
    (ev) => {
      const box = boxOf(ev);
      if (!box) return;
      ev.stopPropagation(); // plotly never sees the wheel
      if (wheelIntent(ev) === "scroll") {
        showHint(box, hintText("wheel", w.navigator && w.navigator.platform));
        return;
      }
      ev.preventDefault(); // no page zoom
      hideHint(box);
      travel += wheelPixels(ev.deltaY, ev.deltaMode);
      if (zooming === null) zooming = w.requestAnimationFrame(() => zoom(box));
    },
    { capture: true, passive: false },
  );

  // Two fingers: pan and zoom here, one relayout at a time.
  let pinch = null;
  let busy = false;
  let wanted = null;
  const point = (t) => [t.clientX, t.clientY];

  function relayoutPinch() {
    if (busy || !wanted || !pinch) return;
    const update = wanted;
    wanted = null;
    busy = true;
    Promise.resolve(w.Plotly.relayout(pinch.gd, update)).then(
      () => {
        busy = false;
        relayoutPinch();
      },
      () => {
        busy = false;
      },
    );
  }

  function startPinch(box, ev) {
    const gd = box.querySelector(".js-plotly-plot");
    const sub = gd && gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    if (!sub || !sub.projection || !sub.fitScale || !w.Plotly) return null;
    const proj = sub.projection;
    const mid = sub.midPt;
    const c = proj.invert(mid);
    const right = proj.invert([mid[0] + 1, mid[1]]);
    const down = proj.invert([mid[0], mid[1] + 1]);
    return {
      gd,
      a0: point(ev.touches[0]),
      b0: point(ev.touches[1]),
      scale: proj.scale() / sub.fitScale,
      centre: c,
      perPx: [right[0] - c[0], down[1] - c[1]],
    };
  }

  // One finger that barely moves: a tap.
  let tap = null;
  const touchPoint = (t) => ({ x: t.clientX, y: t.clientY, t: Date.now() });

  const touch = (ev) => {
    const box = boxOf(ev);
    if (!box) return;
    ev.stopPropagation(); // plotly never sees a touch
    if (ev.type === "touchstart") tap = ev.touches.length === 1 ? touchPoint(ev.touches[0]) : null;
    else if (tap && !isTap(tap, { ...touchPoint(ev.touches[0]), t: tap.t })) tap = null;
    if (touchIntent(ev.touches.length) === "page") {
      pinch = null;
      if (ev.type === "touchmove") showHint(box, hintText("touch"));
      return;
    }
    hideHint(box);
    if (!pinch) pinch = startPinch(box, ev);
    if (!pinch || ev.type !== "touchmove") return;
    const next = pinched(pinch, point(ev.touches[0]), point(ev.touches[1]));
    wanted = {
      "geo.projection.scale": next.scale,
      "geo.center.lon": next.centre[0],
      "geo.center.lat": next.centre[1],
      "geo.fitbounds": false,
    };
    relayoutPinch();
  };
  const end = (ev) => {
    if (ev.touches.length < 2) pinch = null;
    const start = tap;
    if (ev.touches.length === 0) tap = null;
    if (ev.type !== "touchend" || !onTap || ev.touches.length || !ev.changedTouches.length) return;
    const box = boxOf(ev);
    const gd = box && box.querySelector(".js-plotly-plot");
    const here = touchPoint(ev.changedTouches[0]);
    if (!gd || !isTap(start, here)) return;
    const id = districtAt(gd, here.x, here.y);
    if (!id) return; // not over a district (or a street map): plotly's own click decides
    ev.preventDefault(); // no click follows: the tap is handled here
    onTap(id);
  };
  doc.addEventListener("touchstart", touch, { capture: true, passive: true });
  doc.addEventListener("touchmove", touch, { capture: true, passive: true });
  // Not passive: a tap handled here cancels the click the browser would make of it.
  doc.addEventListener("touchend", end, { capture: true, passive: false });
  doc.addEventListener("touchcancel", end, { capture: true, passive: true });
}
