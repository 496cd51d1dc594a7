/*
 * Names on a live map, placed again whenever its view changes: the viewport and the boxes
 * names keep out of (the scale bar, the locator inset, the key, the notes) of a plotly geo
 * map as it is drawn, and, for the standalone HTML page and /embed (whose figures come with
 * names placed once by dashboard/labels.py for a nominal size), `watchNames`: the names and
 * the scale bar placed for the map's real size at the start and after every zoom, pan or
 * resize (plotly_relayout), with the algorithm of labels.mjs, as the dashboard does
 * (paint.mjs). The page's meta holds `names_layer` (dashboard/labels.py live_names_meta).
 */

import { mapLabels, scaleBarAt } from "./labels.mjs";

/** The geo subplot of `gd` once drawn (null before). */
export function geoOf(gd) {
  const geo = gd && gd._fullLayout && gd._fullLayout.geo;
  const sub = geo && geo._subplot;
  return sub && typeof sub.projection === "function" ? sub : null;
}

/** The pixel box [x0, y0, x1, y1] the map is drawn in: the plot area, clipped to the subplot. */
export function liveViewport(gd, sub) {
  const size = gd._fullLayout._size;
  const viewport = [size.l, size.t, size.l + size.w, size.t + size.h];
  const b = sub.bounds;
  if (b && b.length === 2) {
    viewport[0] = Math.max(viewport[0], b[0][0]);
    viewport[1] = Math.max(viewport[1], b[0][1]);
    viewport[2] = Math.min(viewport[2], b[1][0]);
    viewport[3] = Math.min(viewport[3], b[1][1]);
  }
  return viewport;
}

function boxIn(gd, el) {
  const svg = gd.querySelector(".main-svg");
  if (!el || !svg) return null;
  const r = el.getBoundingClientRect();
  const o = svg.getBoundingClientRect();
  if (!r.width || !r.height) return null;
  return [r.left - o.left, r.top - o.top, r.right - o.left, r.bottom - o.top];
}

/** The boxes names keep out of: `extra` (e.g. the scale bar), the inset, the key, the notes. */
export function keepoutBoxes(gd, extra = []) {
  const size = gd._fullLayout._size;
  const keepout = extra.slice();
  const inset = gd._fullLayout.geo2;
  if (inset && inset.domain) {
    const d = inset.domain;
    keepout.push([
      size.l + size.w * d.x[0],
      size.t + size.h * (1 - d.y[1]),
      size.l + size.w * d.x[1],
      size.t + size.h * (1 - d.y[0]),
    ]);
  }
  [gd.querySelector(".legend"), ...gd.querySelectorAll(".annotation")].forEach((el) => {
    const b = boxIn(gd, el);
    if (b) keepout.push(b);
  });
  return keepout;
}

/** The key of a view: names are placed again only when it changes. */
function viewKey(gd, sub, day, highlight) {
  const proj = sub.projection;
  const size = gd._fullLayout._size;
  return [
    day,
    (highlight || []).join(","),
    proj.scale().toFixed(3),
    proj.translate().map((v) => v.toFixed(2)).join(","),
    size.w,
    size.h,
  ].join("|");
}

/**
 * The restyle that places the names and the scale bar of `layer` (meta.names_layer) for the
 * map `gd` as drawn now, showing `day` with `highlight` (district ids); null when the map is
 * not drawn yet or the view has not changed.
 */
export function namesUpdate(gd, layer, day, highlight) {
  const sub = geoOf(gd);
  if (!sub || !layer || !layer.map || !gd.data) return null;
  const key = viewKey(gd, sub, day, highlight);
  if (gd.__frontlineNamesKey === key) return null;
  gd.__frontlineNamesKey = key;
  const t = layer.traces;
  const proj = sub.projection;
  const viewport = liveViewport(gd, sub);
  const bar = scaleBarAt(proj, viewport);
  const front = gd.data[t.front] || {};
  const labels = gd.data[t.labels];
  const px = (labels && labels.textfont && labels.textfont.size) || 12;
  const names = mapLabels(
    layer,
    day,
    highlight || [],
    [front.lon || [], front.lat || []],
    (lon, lat) => proj([lon, lat]),
    viewport,
    px,
    keepoutBoxes(gd, [bar.box]),
  );
  gd.__frontlinePlacedNames = names;
  return {
    update: {
      text: [names.districts.text, names.landmarks.text, bar.text],
      textposition: [names.districts.position, names.landmarks.position, undefined],
      lon: [undefined, undefined, bar.lon],
      lat: [undefined, undefined, bar.lat],
    },
    traces: [t.labels, t.landmarks, t.scale],
  };
}

/**
 * Place the names of `gd` for its real size now and after every zoom, pan or resize.
 * `view()` gives {day, highlight} shown; `run(job)` runs a plotly call in turn (the page's
 * MapQueue), `job` returning a promise.
 */
export function watchNames(plotly, gd, layer, view, run) {
  if (!layer) return;
  const place = () =>
    run(() => {
      const { day, highlight } = view();
      const next = namesUpdate(gd, layer, day, highlight);
      if (!next) return Promise.resolve();
      return plotly.restyle(gd, next.update, next.traces).then(() => {
        gd.dataset.names = gd.__frontlineNamesKey;
      });
    });
  gd.on("plotly_relayout", place);
  place();
  return place;
}
