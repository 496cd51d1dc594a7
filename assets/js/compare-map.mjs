/*
 * The compare view on the map: over the map at day B, every district that changed since day
 * A outlined 3 px in the gaining faction's colour over a 5 px white halo (legible in both
 * palettes), the front line of day A thin, dashed and dark grey beside B's, and, when asked
 * for, the advance arrows of the window (timeline/arrows.py, from the arrows route), each
 * arrow's hover naming its districts and days.
 *
 * These are traces of their own, added after the figure's traces the first time a
 * comparison is drawn (the figure's trace indices stay as the payload names them), and
 * restyled only when what they show changed. Arrow shapes (`arrowPolygon`) are pure.
 */

import { appendRings, paletteOf } from "./style.mjs";
import { plotlyText } from "./text.mjs";

// An arrow's half-width in degrees of latitude: the first plus the second times the square
// root of its weight (its km² over the largest arrow's): about 70 to 270 m.
const ARROW_HALF = [0.0006, 0.0018];

/**
 * The overlay's traces in order: halo, one outline per faction, A's front, the arrows' halo,
 * arrows per faction, arrow hovers. `style` is dashboard/compare.py's OVERLAY.
 */
function overlayTraces(factions, style) {
  const line = (name, colour, width, extra) =>
    Object.assign(
      {
        type: "scattergeo",
        mode: "lines",
        lon: [],
        lat: [],
        name,
        showlegend: false,
        hoverinfo: "skip",
        line: { color: colour, width },
      },
      extra || {},
    );
  const halo = style.halo;
  const front = style.front;
  const traces = [line("compare-halo", halo.colour, halo.width)];
  factions.forEach((f) => traces.push(line("compare-" + f, style.arrow_edge, style.outline_width)));
  traces.push(line("Front line on day A", front.colour, front.width, { line: { color: front.colour, width: front.width, dash: front.dash } }));
  traces.push(line("arrows-halo", halo.colour, 4));
  factions.forEach((f) =>
    traces.push(line("arrows-" + f, style.arrow_edge, 1.2, { fill: "toself", fillcolor: style.arrow_edge })),
  );
  traces.push({
    type: "scattergeo",
    mode: "markers",
    lon: [],
    lat: [],
    name: "arrows",
    showlegend: false,
    hoverinfo: "text",
    hovertext: [],
    marker: { size: 18, color: "rgba(0,0,0,0)" },
  });
  return traces;
}

/** Lon/lat rings of the districts (map order indices) from the district trace's GeoJSON. */
function ringsOf(gd, ctx, indices) {
  const want = new Set(indices.map((d) => ctx.ids[d]));
  const out = [[], []];
  const gj = gd.data[ctx.districts].geojson;
  ((gj && gj.features) || []).forEach((f) => {
    if (!want.has(f.properties && f.properties.id)) return;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    polys.forEach((poly) =>
      poly.forEach((ring) => appendRings(out, { lon: ring.map((q) => q[0]), lat: ring.map((q) => q[1]) })),
    );
  });
  return out;
}

/** The front line of a day (lon/lat columns), as the payload has it. */
export function frontOf(payload, day) {
  if (!payload.frames) return (payload.fronts && payload.fronts[day]) || [[], []];
  const fr = payload.frames.frames[day * payload.per_day];
  const front = [[], []];
  (fr ? fr.front : []).forEach((g) => appendRings(front, payload.frames.geometries[g]));
  return front;
}

/**
 * An arrow as a closed lon/lat polygon along the path `lons`/`lats` (origin, through the
 * target, to its end): a shaft of half-width `half` (degrees of latitude) and a head at the
 * end. Computed on a plane where a degree of longitude is cos(latitude) of a degree of
 * latitude. Pure.
 */
export function arrowPolygon(lons, lats, half) {
  const k = Math.cos((lats[0] * Math.PI) / 180);
  const pts = lons.map((x, i) => [x * k, lats[i]]);
  const n = pts.length;
  const dir = (a, b) => {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    return [dx / len, dy / len];
  };
  const seg = pts.slice(1).map((p, i) => Math.hypot(p[0] - pts[i][0], p[1] - pts[i][1]));
  const total = seg.reduce((x, y) => x + y, 0);
  const headLen = Math.min(half * 3.2, total * 0.45);
  const tip = pts[n - 1];
  // The shaft follows the path up to the head's base, headLen before the tip along it.
  const spine = [pts[0]];
  let walked = 0;
  let base = tip;
  for (let i = 0; i < seg.length; i++) {
    const cut = total - headLen;
    if (walked + seg[i] >= cut) {
      const t = seg[i] ? (cut - walked) / seg[i] : 0;
      base = [pts[i][0] + (pts[i + 1][0] - pts[i][0]) * t, pts[i][1] + (pts[i + 1][1] - pts[i][1]) * t];
      break;
    }
    walked += seg[i];
    spine.push(pts[i + 1]);
  }
  spine.push(base);
  const last = dir(base, tip);
  const left = [];
  const right = [];
  spine.forEach((p, i) => {
    const a = dir(spine[Math.max(0, i - 1)], spine[Math.min(spine.length - 1, i + 1)]);
    const nx = -a[1];
    const ny = a[0];
    left.push([p[0] + nx * half, p[1] + ny * half]);
    right.push([p[0] - nx * half, p[1] - ny * half]);
  });
  const wing = half * 2.4;
  const poly = left
    .concat([[base[0] - last[1] * wing, base[1] + last[0] * wing], tip, [base[0] + last[1] * wing, base[1] - last[0] * wing]])
    .concat(right.reverse());
  poly.push(poly[0]);
  return { lon: poly.map((p) => p[0] / k), lat: poly.map((p) => p[1]) };
}

/**
 * An arrow's hover (plotly markup, the data's text escaped): "Government and allies advance,
 * 27 Nov – 29 Nov: 14.33 km²" and its districts with their days, three a line.
 */
export function arrowHover(ctx, arrow) {
  const label = (ctx.factionLabels && ctx.factionLabels[arrow.faction]) || arrow.faction;
  const short = (iso) => {
    const i = ctx.dates.indexOf(iso);
    return i >= 0 && ctx.labels ? ctx.labels[i] : iso;
  };
  const when = arrow.first === arrow.last ? short(arrow.first) : short(arrow.first) + " – " + short(arrow.last);
  const names = arrow.districts.map((d, i) => plotlyText(ctx.names[d]) + " (" + short(arrow.days[i]) + ")");
  const lines = [];
  for (let i = 0; i < names.length; i += 3) lines.push(names.slice(i, i + 3).join(", "));
  return plotlyText(label) + " advance, " + when + ": " + arrow.km2.toFixed(2) + " km²<br>" + lines.join("<br>");
}

/**
 * The context paintCompare draws with, from the dashboard's payload, a palette and the
 * overlay's style (dashboard/compare.py's OVERLAY).
 */
export function payloadContext(payload, palette, style) {
  return {
    style,
    ids: payload.ids,
    names: payload.names,
    dates: payload.dates,
    labels: payload.labels,
    factions: payload.map.factions,
    factionLabels: payload.map.labels,
    colours: paletteOf(payload, palette),
    districts: payload.map.traces.districts,
  };
}

/**
 * Draw (or clear, `view` null) the comparison on the map `gd`. `ctx` (see payloadContext):
 * the overlay's style, district ids, names, dates and short labels, factions with their
 * labels and colours, the index of the district trace. `view`: `{a, rows, front, arrows, sig}`: day A's index, the
 * changed districts (`{d, gainer}`), A's front line (`[lons, lats]`), the window's arrows or
 * null, and what identifies the picture (restyled only when it changes). Returns plotly's
 * promise, or null when there was nothing to do.
 */
export function paintCompare(gd, ctx, view) {
  if (!gd || !window.Plotly || !ctx || !ctx.style) return null;
  const factions = ctx.factions;
  const sig = view ? view.sig : "off";
  if (gd.__compareSig === sig) return null;
  if (gd.__compareBase === undefined || gd.data.length <= gd.__compareBase || gd.data[gd.__compareBase].name !== "compare-halo") {
    if (!view) return null; // nothing drawn, nothing to clear
    gd.__compareBase = gd.data.length;
    window.Plotly.addTraces(gd, overlayTraces(factions, ctx.style));
  }
  gd.__compareSig = sig;
  const base = gd.__compareBase;
  const n = factions.length;
  const lon = [];
  const lat = [];
  const colours = [];
  const rows = (view && view.rows) || [];
  const all = ringsOf(gd, ctx, rows.map((r) => r.d));
  lon.push(all[0]);
  lat.push(all[1]);
  colours.push(ctx.style.halo.colour);
  factions.forEach((f) => {
    const rings = ringsOf(gd, ctx, rows.filter((r) => r.gainer === f).map((r) => r.d));
    lon.push(rings[0]);
    lat.push(rings[1]);
    colours.push(ctx.colours[f]);
  });
  const front = (view && view.front) || [[], []];
  lon.push(front[0]);
  lat.push(front[1]);
  colours.push(ctx.style.front.colour);
  const hover = { lon: [], lat: [], text: [] };
  const fills = [];
  const halo = [[], []];
  const perFaction = factions.map(() => [[], []]);
  const arrows = (view && view.arrows) || [];
  arrows.forEach((a) => {
    const shape = arrowPolygon(a.lons, a.lats, ARROW_HALF[0] + ARROW_HALF[1] * Math.sqrt(a.weight));
    appendRings(halo, shape);
    const k = factions.indexOf(a.faction);
    if (k >= 0) appendRings(perFaction[k], shape);
    hover.lon.push(a.lons[1]);
    hover.lat.push(a.lats[1]);
    hover.text.push(arrowHover(ctx, a));
  });
  lon.push(halo[0]);
  lat.push(halo[1]);
  colours.push(ctx.style.halo.colour);
  factions.forEach((f, k) => {
    lon.push(perFaction[k][0]);
    lat.push(perFaction[k][1]);
    colours.push(ctx.style.arrow_edge);
    fills.push(ctx.colours[f]);
  });
  lon.push(hover.lon);
  lat.push(hover.lat);
  const hoverAt = 2 * n + 3;
  const indices = Array.from({ length: hoverAt + 1 }, (_, i) => base + i);
  const label = view ? "Front line on " + ctx.labels[view.a] : "Front line on day A";
  return window.Plotly.restyle(
    gd,
    {
      lon,
      lat,
      "line.color": colours.concat([undefined]),
      fillcolor: indices.map((_, i) => (i >= n + 3 && i < hoverAt ? fills[i - n - 3] : undefined)),
      hovertext: indices.map((_, i) => (i === hoverAt ? hover.text : undefined)),
      name: indices.map((_, i) => (i === n + 1 ? label : undefined)),
      showlegend: indices.map((_, i) => i === n + 1 && !!view),
    },
    indices,
  );
}
