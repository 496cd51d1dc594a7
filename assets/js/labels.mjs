/*
 * Names on the map, placed without collisions: the same algorithm as dashboard/labels.py
 * (which places them in the exports), for the dashboard's map at its current size and zoom.
 * tests/test_labels.py runs both on one fixture and checks they agree; keep them in step.
 *
 * Greedy by priority over label boxes in screen pixels (y down): the selected district,
 * then the districts and landmarks in the day's events, then the landmarks of the kinds
 * always worth naming, then the other districts by area, then the other landmarks. Each
 * tries plotly textpositions around its anchor and takes the first whose box stays inside
 * the view and touches no placed box and no marker (a landmark's name also keeps off the
 * front line). Boxes follow plotly.js's textPointPosition, with Liberation Sans widths.
 * Pure: no DOM (paint.mjs draws the result).
 */

export const NAMED_KINDS = ["fortress", "airport", "hill"];
const RANGE_PAD_DEG = 1e-3;
const HALO_PX = 2.0;
const ASCENT_EM = 0.905;
const DESCENT_EM = 0.212;
export const DISTRICT_POSITIONS = ["middle center", "top center", "bottom center", "middle right", "middle left"];
export const LANDMARK_POSITIONS = [
  "middle right",
  "middle left",
  "top center",
  "bottom center",
  "top right",
  "top left",
  "bottom right",
  "bottom left",
];
const SIGN = { start: 1, end: -1, middle: 0, bottom: 1, top: -1 };
const H_ANCHOR = { left: "end", right: "start", center: "middle" };

// Advance widths (1/1000 em) of Liberation Sans / Arial, printable ASCII from the space.
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const OTHER_WIDTHS = { "\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333, "\u2013": 556 };
const UNKNOWN_WIDTH = 667;

/** Width in pixels of one line of `text` at `size` px in the label font. */
export function textWidth(text, size) {
  let total = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code >= 32 && code < 127) total += ASCII_WIDTHS[code - 32];
    else total += OTHER_WIDTHS[ch] !== undefined ? OTHER_WIDTHS[ch] : UNKNOWN_WIDTH;
  }
  return (total * size) / 1000;
}

/** A name as plotly text shows it literally (plotly reads a subset of HTML in text). */
export function escapeMarkup(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function merc(lat) {
  return Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
}

/**
 * The projection plotly.js uses for a mercator geo subplot with explicit lon/lat ranges in
 * the pixel box `extent` [left, top, width, height] (the fixture's and the tests' stand-in
 * for the live map's `projection`).
 */
export function mercatorView(lonRange, latRange, extent) {
  const [lo0, lo1] = lonRange;
  const [la0, la1] = latRange;
  const [left, top, w, h] = extent;
  const dx = ((lo1 - lo0 - 2 * RANGE_PAD_DEG) * Math.PI) / 180;
  const dy = merc(la1 - RANGE_PAD_DEG) - merc(la0 + RANGE_PAD_DEG);
  const k = Math.min(w / dx, h / dy);
  return (lon, lat) => [
    left + w / 2 + (k * (lon - (lo0 + lo1) / 2) * Math.PI) / 180,
    top + h / 2 - k * (merc(lat) - merc((la0 + la1) / 2)),
  ];
}

/** The box [x0, y0, x1, y1] of an item's text at plotly textposition `position`. */
export function labelBox(item, position) {
  const [v, hName] = position.split(" ");
  const h = H_ANCHOR[hName];
  const r = item.marker ? item.marker / 0.8 + 1 : 0;
  const dx = SIGN[h] * r;
  const dy = item.size * 0.75 + SIGN[v] * r + ((SIGN[v] - 1) * item.size) / 2;
  const w = textWidth(item.text, item.size);
  const x = item.x + dx;
  const x0 = h === "start" ? x : h === "end" ? x - w : x - w / 2;
  const base = item.y + dy;
  return [x0 - HALO_PX, base - ASCENT_EM * item.size - HALO_PX, x0 + w + HALO_PX, base + DESCENT_EM * item.size + HALO_PX];
}

export function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function segmentHits(box, x1, y1, x2, y2) {
  if (Math.max(x1, x2) < box[0] || Math.min(x1, x2) > box[2] || Math.max(y1, y2) < box[1] || Math.min(y1, y2) > box[3]) {
    return false;
  }
  const dx = x2 - x1;
  const dy = y2 - y1;
  let t0 = 0;
  let t1 = 1;
  const checks = [
    [-dx, x1 - box[0]],
    [dx, box[2] - x1],
    [-dy, y1 - box[1]],
    [dy, box[3] - y1],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/**
 * Place `items` (in priority order): [{item, position, box}] of each that fits. `markers[k]`
 * is landmark k's marker (its own name may touch it); boxes after them are areas to keep out.
 */
export function placeLabels(items, { viewport, markers = [], segments = [] }) {
  const placed = [];
  for (const item of items) {
    const positions = item.kind === "landmark" ? LANDMARK_POSITIONS : DISTRICT_POSITIONS;
    for (const position of positions) {
      const box = labelBox(item, position);
      if (!(box[0] >= viewport[0] && box[1] >= viewport[1] && box[2] <= viewport[2] && box[3] <= viewport[3])) continue;
      if (placed.some((p) => overlaps(box, p.box))) continue;
      const own = item.kind === "landmark" ? item.index : -1;
      if (markers.some((m, k) => k !== own && overlaps(box, m))) continue;
      if (item.kind === "landmark" && segments.some((s) => segmentHits(box, s[0], s[1], s[2], s[3]))) continue;
      placed.push({ item, position, box });
      break;
    }
  }
  return placed;
}

function frontSegments(lons, lats, project) {
  const out = [];
  let prev = null;
  for (let i = 0; i < lons.length; i++) {
    if (lons[i] === null || lats[i] === null) {
      prev = null;
      continue;
    }
    const p = project(lons[i], lats[i]);
    if (prev) out.push([prev[0], prev[1], p[0], p[1]]);
    prev = p;
  }
  return out;
}

function compareRanks(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

/** Every name that could go on the map, in priority order. */
export function dayItems(places, names, eventsToday, highlight, ids, project, size) {
  const indexOf = new Map(ids.map((d, i) => [d, i]));
  const chosen = (highlight || []).filter((d) => indexOf.has(d)).map((d) => indexOf.get(d));
  const inEvents = new Set();
  const landmarkIds = new Set();
  eventsToday.forEach((e) => {
    (e.districts || []).forEach((d) => {
      if (indexOf.has(d)) inEvents.add(indexOf.get(d));
    });
    (e.landmarks || []).forEach((l) => landmarkIds.add(l));
  });
  const area = places.area_km2;
  const ranked = [];
  places.anchors.forEach((anchor, i) => {
    if (anchor[0] === null || !names[i]) return;
    const [x, y] = project(anchor[0], anchor[1]);
    const c = chosen.indexOf(i);
    const tier = c >= 0 ? 0 : inEvents.has(i) ? 1 : 3;
    ranked.push({ rank: [tier, 0, c >= 0 ? c : 0, -area[i], i], item: { kind: "district", index: i, text: names[i], x, y, size, marker: 0 } });
  });
  const districtNames = new Set(names.filter(Boolean).map((n) => n.toLowerCase()));
  places.landmarks.forEach((mark, j) => {
    if (!mark.name || districtNames.has(mark.name.toLowerCase())) return; // a district's name already
    const [x, y] = project(mark.lon, mark.lat);
    const tier = landmarkIds.has(mark.id) ? 1 : NAMED_KINDS.includes(mark.kind) ? 2 : 4;
    ranked.push({
      rank: [tier, 1, 0, 0, j],
      item: { kind: "landmark", index: j, text: mark.name, x, y, size, marker: places.marker_px / 2 },
    });
  });
  ranked.sort((a, b) => compareRanks(a.rank, b.rank));
  return ranked.map((r) => r.item);
}

/** The box of every landmark marker. */
export function markerBoxes(places, project) {
  const r = places.marker_px / 2 + 1;
  return places.landmarks.map((mark) => {
    const [x, y] = project(mark.lon, mark.lat);
    return [x - r, y - r, x + r, y + r];
  });
}

/**
 * The names on the map of `day` (see dashboard/labels.py map_labels): per trace a text
 * ("" hides it) and a textposition per point, and the placed boxes.
 */
export function mapLabels(payload, day, highlight, front, project, viewport, size, keepout = []) {
  const places = payload.map.places;
  const date = payload.dates[day];
  const todays = (payload.events || []).filter((e) => e.date === date);
  const items = dayItems(places, payload.names, todays, highlight, payload.ids, project, size);
  const placed = placeLabels(items, {
    viewport,
    markers: markerBoxes(places, project).concat(keepout),
    segments: frontSegments(front[0], front[1], project),
  });
  const n = payload.ids.length;
  const m = places.landmarks.length;
  const out = {
    districts: { text: new Array(n).fill(""), position: new Array(n).fill("middle center") },
    landmarks: { text: new Array(m).fill(""), position: new Array(m).fill("middle right") },
    boxes: [],
  };
  placed.forEach(({ item, position, box }) => {
    const layer = item.kind === "district" ? out.districts : out.landmarks;
    layer.text[item.index] = escapeMarkup(item.text);
    layer.position[item.index] = position;
    out.boxes.push({ kind: item.kind, index: item.index, box });
  });
  return out;
}

/** The largest 1, 2 or 5 times a power of ten not above `km`. */
export function niceKm(km) {
  if (km <= 0) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(km)));
  for (const step of [5, 2, 1]) if (step * p <= km) return step * p;
  return p;
}

export function kmText(km) {
  return km >= 1 ? `${km} km` : `${Math.round(km * 1000)} m`;
}

const SCALE_SHARE = 0.2;
const SCALE_INSET_PX = 28;

function haversineKm(a, b) {
  const r = Math.PI / 180;
  const dp = (b[1] - a[1]) * r;
  const dl = (b[0] - a[0]) * r;
  const h = Math.sin(dp / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dl / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/**
 * The scale bar (lon/lat with end ticks, its text, its pixel box) at the bottom right of
 * `viewport` for a live `projection` (a function of [lon, lat] with an `invert`).
 */
export function scaleBarAt(projection, viewport) {
  const right = viewport[2] - SCALE_INSET_PX;
  const base = viewport[3] - SCALE_INSET_PX;
  const a = projection.invert([right - 100, base]);
  const b = projection.invert([right, base]);
  const kmPerPx = haversineKm(a, b) / 100;
  const km = niceKm(SCALE_SHARE * (viewport[2] - viewport[0]) * kmPerPx);
  const left = right - km / kmPerPx;
  const pts = [
    [left, base - 6],
    [left, base],
    [(left + right) / 2, base],
    [right, base],
    [right, base - 6],
  ].map((q) => projection.invert(q));
  return {
    lon: pts.map((q) => q[0]),
    lat: pts.map((q) => q[1]),
    text: ["", "", kmText(km), "", ""],
    box: [left - 4, base - 30, right + 4, base + 4],
  };
}
