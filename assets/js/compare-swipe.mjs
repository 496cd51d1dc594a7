/*
 * The compare view's swipe, on wide screens: a copy of the map at day A laid over the map
 * at day B and cut at a divider the reader drags (or moves with the arrow keys): A on the
 * left, B on the right. The copy is a static plot of the same figure (same size, zoom and
 * names) whose districts take A's colours and whose front line is A's; it lets every
 * pointer event through to the map below, except on the divider's handle.
 */

import { frontOf } from "./compare-map.mjs";
import { el } from "./dom.mjs";

export const SWIPE_MIN_WIDTH = 1200;
const STEP = 5; // percent of the width per arrow key

/** The divider at `pct` percent of the width: the copy's clip and the handle's place. */
function place(layer, pct) {
  const p = Math.max(0, Math.min(100, pct));
  layer.__pct = p;
  const copy = layer.querySelector(".swipe-map");
  copy.style.clipPath = "inset(0 " + (100 - p) + "% 0 0)";
  const handle = layer.querySelector(".swipe-handle");
  handle.style.left = p + "%";
  handle.setAttribute("aria-valuenow", String(Math.round(p)));
  handle.setAttribute("aria-valuetext", Math.round(p) + "% of the map shows the earlier day");
  layer.querySelectorAll(".swipe-label").forEach((label) => {
    label.style.left = p + "%";
  });
}

function watchHandle(layer) {
  const handle = layer.querySelector(".swipe-handle");
  const at = (ev) => {
    const r = layer.getBoundingClientRect();
    place(layer, ((ev.clientX - r.left) / r.width) * 100);
  };
  handle.addEventListener("pointerdown", (ev) => {
    handle.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  handle.addEventListener("pointermove", (ev) => {
    if (handle.hasPointerCapture(ev.pointerId)) at(ev);
  });
  handle.addEventListener("keydown", (ev) => {
    const keys = { ArrowLeft: -STEP, ArrowDown: -STEP, ArrowRight: STEP, ArrowUp: STEP };
    if (ev.key in keys) place(layer, layer.__pct + keys[ev.key]);
    else if (ev.key === "Home") place(layer, 0);
    else if (ev.key === "End") place(layer, 100);
    else return;
    ev.preventDefault();
    ev.stopPropagation(); // not the slider's keys
  });
}

function makeLayer(box) {
  const layer = el("div", { className: "swipe-layer" }, [
    el("div", { className: "swipe-map", "aria-hidden": "true" }),
    el("span", { className: "swipe-label swipe-a" }),
    el("span", { className: "swipe-label swipe-b" }),
    el("div", {
      className: "swipe-handle",
      role: "slider",
      tabindex: "0",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": "50",
    }),
  ]);
  box.appendChild(layer);
  watchHandle(layer);
  place(layer, 50);
  return layer;
}

/** Take the swipe away (not comparing, a narrow screen, or the reader turned it off). */
export function hideSwipe(gd) {
  const box = gd && gd.closest(".map-box");
  const layer = box && box.querySelector(".swipe-layer");
  if (!layer) return;
  if (window.Plotly) window.Plotly.purge(layer.querySelector(".swipe-map"));
  layer.remove();
}

/**
 * Show (or bring up to date) the swipe over the map `gd`: day `a` on the left of the
 * divider, the map's own day on the right. `base` is the number of the figure's own traces
 * (the compare overlay's come after and are left out of the copy).
 */
export function showSwipe(gd, payload, a, b, palette, base) {
  const box = gd.closest(".map-box");
  if (!box || !window.Plotly) return;
  const full = gd._fullLayout;
  const geo = full.geo || {};
  const proj = geo.projection || {};
  const key = [a, palette, full.width, full.height, proj.scale, JSON.stringify(geo.center || {})].join("|");
  let layer = box.querySelector(".swipe-layer");
  if (!layer) layer = makeLayer(box);
  layer.querySelector(".swipe-a").textContent = payload.labels[a];
  layer.querySelector(".swipe-b").textContent = payload.labels[b];
  layer.querySelector(".swipe-handle").setAttribute(
    "aria-label",
    "Divider: " + payload.long_labels[a] + " on the left, " + payload.long_labels[b] + " on the right",
  );
  if (layer.__key === key) return;
  layer.__key = key;
  const offset = gd.getBoundingClientRect();
  const outer = box.getBoundingClientRect();
  const copy = layer.querySelector(".swipe-map");
  copy.style.left = offset.left - outer.left + "px";
  copy.style.top = offset.top - outer.top + "px";
  copy.style.width = full.width + "px";
  copy.style.height = full.height + "px";
  const traces = payload.map.traces;
  const n = payload.map.factions.length;
  const front = frontOf(payload, a);
  const data = gd.data.slice(0, base).map((t, i) => {
    const c = Object.assign({}, t);
    if (i >= traces.parts && i < traces.parts + n) {
      c.lon = [];
      c.lat = [];
    } else if (i === traces.front) {
      c.lon = front[0];
      c.lat = front[1];
    }
    return c;
  });
  const layout = JSON.parse(JSON.stringify(gd.layout));
  layout.width = full.width;
  layout.height = full.height;
  layout.autosize = false;
  layout.geo = Object.assign({}, layout.geo, {
    center: Object.assign({}, geo.center),
    projection: Object.assign({}, layout.geo && layout.geo.projection, { scale: proj.scale }),
  });
  const colours = payload.colours[palette] || payload.colours[payload.map.default_palette];
  window.Plotly.newPlot(copy, data, layout, { staticPlot: true, displayModeBar: false }).then(() => {
    const paths = copy.querySelectorAll("path.choroplethlocation");
    for (let k = 0; k < paths.length; k++) {
      const d = paths[k].__data__;
      if (!d || typeof d.i !== "number") continue;
      const st = payload.states[payload.days[a][d.i]];
      paths[k].style.fill = colours[payload.days[a][d.i]];
      paths[k].style.stroke = st && st.status === "contested" ? payload.map.outlines.contested.colour : payload.map.outlines.plain.colour;
    }
    copy.dataset.day = String(a);
  });
}
