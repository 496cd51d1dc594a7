/*
 * What the map shows on a day or an interpolated moment, as plain data: the district
 * trace's colour scale, outlines and hover text, the faction parts inside shared districts
 * and the front line. Trace indices, faction order and outline styles come from the
 * payload (`payload.map`, built from dashboard/figures.py). Pure: no DOM.
 */

import { colourScale, mixColour } from "./colour.mjs";
import { hoverText } from "./text.mjs";

/** The palette's faction colours (the default palette for an unknown key). */
export function paletteOf(payload, palette) {
  return payload.palettes[palette] || payload.palettes[payload.map.default_palette];
}

/** Interpolated moments a day (1 when the payload has none). */
export function perDayOf(payload) {
  return payload.frames ? payload.per_day : 1;
}

function outlines(payload, chosen, id, contested) {
  const o = payload.map.outlines;
  if (chosen[id]) return o.selected;
  return contested ? o.contested : o.plain;
}

function chosenSet(highlight) {
  const chosen = {};
  (highlight || []).forEach((d) => {
    chosen[d] = true;
  });
  return chosen;
}

/** Everything of the district trace that depends on the day, palette and highlight. */
export function dayStyle(payload, day, palette, highlight) {
  const stateIdx = payload.days[day];
  const colours = payload.colours[palette] || payload.colours[payload.map.default_palette];
  const chosen = chosenSet(highlight);
  const fill = [];
  const hover = [];
  const lineColour = [];
  const lineWidth = [];
  for (let k = 0; k < stateIdx.length; k++) {
    const st = payload.states[stateIdx[k]];
    fill.push(colours[stateIdx[k]]);
    hover.push(hoverText(payload, st));
    const line = outlines(payload, chosen, payload.ids[k], st.status === "contested");
    lineColour.push(line.colour);
    lineWidth.push(line.width);
  }
  return { colorscale: colourScale(fill), hovertext: hover, lineColour, lineWidth };
}

/** Append a lon/lat column pair to another, pieces separated by nulls. */
export function appendRings(target, geom) {
  if (target[0].length) {
    target[0].push(null);
    target[1].push(null);
  }
  Array.prototype.push.apply(target[0], geom.lon);
  Array.prototype.push.apply(target[1], geom.lat);
}

/**
 * Everything of the map that depends on one interpolated moment `f` (day * per_day +
 * step): fills of whole districts, the faction parts drawn inside shared ones, and the
 * front line through them. Hover text follows the day the moment belongs to.
 */
export function frameStyle(payload, f, palette, highlight) {
  const frames = payload.frames;
  const fr = frames.frames[f];
  const factions = payload.map.factions;
  const day = Math.floor(f / payload.per_day);
  const pal = paletteOf(payload, palette);
  const chosen = chosenSet(highlight);
  const fill = [];
  const hover = [];
  const lineColour = [];
  const lineWidth = [];
  const stateIdx = payload.days[day];
  const whole = new Array(factions.length).fill(0);
  whole[0] = 1;
  for (let k = 0; k < payload.ids.length; k++) {
    const holder = fr.holder[k];
    const id = payload.ids[k];
    fill.push(holder >= 0 ? pal[factions[holder]] : mixColour(fr.shares[id] || whole, pal, factions));
    hover.push(hoverText(payload, payload.states[stateIdx[k]]));
    const line = outlines(payload, chosen, id, holder < 0);
    lineColour.push(line.colour);
    lineWidth.push(line.width);
  }
  const parts = factions.map(() => [[], []]);
  fr.parts.forEach((part) => {
    if (part[3] === null || part[3] === undefined) return;
    appendRings(parts[factions.indexOf(part[1])], frames.geometries[part[3]]);
  });
  const front = [[], []];
  fr.front.forEach((g) => appendRings(front, frames.geometries[g]));
  return {
    colorscale: colourScale(fill),
    hovertext: hover,
    lineColour,
    lineWidth,
    parts,
    front,
    pal,
  };
}

/**
 * The look of the map at moment `f`: the district style plus the lines of the parts and
 * front traces (`{trace, lon, lat, sig}`, `sig` naming the geometry shown), and `sig`, a
 * signature of the whole picture (equal signatures: nothing to repaint).
 */
export function mapLook(payload, f, palette, highlight) {
  const traces = payload.map.traces;
  const factions = payload.map.factions;
  const perDay = perDayOf(payload);
  const day = Math.floor(f / perDay);
  const fr = payload.frames ? payload.frames.frames[f] : null;
  const sig = [
    palette,
    (highlight || []).join(","),
    payload.days[day].join(","),
    fr ? fr.holder.join(",") + JSON.stringify(fr.shares) : "",
    fr ? fr.parts.map((q) => q[3]).join(",") : f,
    fr ? fr.front.join(",") : "",
  ].join("|");
  return {
    sig,
    day,
    build() {
      let style;
      let lines;
      if (fr) {
        style = frameStyle(payload, f, palette, highlight);
        lines = factions.map((fac, i) => {
          const ids = fr.parts.filter((q) => q[1] === fac).map((q) => q[3]);
          return {
            trace: traces.parts + i,
            lon: style.parts[i][0],
            lat: style.parts[i][1],
            sig: ids.join(","),
          };
        });
        lines.push({ trace: traces.front, lon: style.front[0], lat: style.front[1], sig: fr.front.join(",") });
      } else {
        style = dayStyle(payload, day, palette, highlight);
        const front = payload.fronts[day];
        lines = factions.map((fac, i) => ({ trace: traces.parts + i, lon: [], lat: [], sig: "" }));
        lines.push({ trace: traces.front, lon: front[0], lat: front[1], sig: "day" + day });
      }
      return { style, lines };
    },
  };
}

/** Split a lon/lat column pair at nulls into rings or lines of [lon, lat] points. */
export function pieces(lon, lat) {
  const out = [];
  let cur = [];
  for (let i = 0; i < lon.length; i++) {
    if (lon[i] === null || lat[i] === null) {
      if (cur.length) out.push(cur);
      cur = [];
    } else {
      cur.push([lon[i], lat[i]]);
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The same GeoJSON plotly builds for a scattergeo trace drawn as lines or filled rings. */
export function lineGeojson(lon, lat, filled) {
  const p = pieces(lon, lat);
  return filled
    ? { type: "MultiPolygon", coordinates: p.map((ring) => [ring]) }
    : { type: "MultiLineString", coordinates: p };
}

/** SVG path data of projected rings or lines (the map is a few km across: no resampling). */
export function svgPath(projection, geojson) {
  const close = geojson.type === "MultiPolygon";
  const rings = close ? geojson.coordinates.map((poly) => poly[0]) : geojson.coordinates;
  const out = [];
  rings.forEach((ring) => {
    if (ring.length < 2) return;
    let s = "";
    for (let i = 0; i < ring.length; i++) {
      const xy = projection(ring[i]);
      if (!xy) continue;
      s += (s ? "L" : "M") + xy[0].toFixed(2) + "," + xy[1].toFixed(2);
    }
    if (s) out.push(close ? s + "Z" : s);
  });
  return out.join("");
}
