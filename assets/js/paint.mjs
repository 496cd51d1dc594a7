/*
 * Painting the map directly on plotly's SVG.
 *
 * Plotly.restyle on a geo map recomputes and re-renders every path of every trace (about
 * 40 ms here, plus the browser's style and layout work on the new elements), which is too
 * slow to follow a slider. A day change only alters colours, outlines, hover text and the
 * few lines of the parts and front, so the dashboard paints those on the SVG elements
 * plotly already drew and keeps plotly's own records (the figure data, the hover text of
 * each district, the line data it re-projects on zoom) in step, so that any later redraw
 * by plotly (resize, zoom, basemap switch) shows the same picture. When the elements are
 * not there (a trace that was empty, a plotly version that draws differently) the map
 * falls back to Plotly.restyle.
 */

import { graphDiv } from "./dom.mjs";
import { mapPainted } from "./firstpaint.mjs";
import { mapLabels, scaleBarAt } from "./labels.mjs";
import { keepoutBoxes, liveViewport } from "./names.mjs";
import { appendRings, lineGeojson, mapLook, paletteOf, perDayOf, svgPath } from "./style.mjs";

function geoSubplot(gd) {
  const geo = gd._fullLayout && gd._fullLayout.geo;
  const sub = geo && geo._subplot;
  if (!sub || typeof sub.projection !== "function" || !sub.framework || !sub.framework.node) {
    return null;
  }
  return sub;
}

/** Colour, outline and hover text of every district, straight onto plotly's paths. */
function paintDistricts(gd, sub, st, traceIndex) {
  const paths = sub.framework.node().querySelectorAll("path.choroplethlocation");
  if (paths.length !== st.colorscale.length) return false;
  for (let k = 0; k < paths.length; k++) {
    const path = paths[k];
    const d = path.__data__;
    if (!d || typeof d.i !== "number") return false;
    const i = d.i;
    const fill = st.colorscale[i][1];
    const key = fill + "|" + st.lineColour[i] + "|" + st.lineWidth[i];
    if (path.__frontlineKey !== key) {
      path.__frontlineKey = key;
      path.style.fill = fill;
      path.style.fillOpacity = "1";
      path.style.stroke = st.lineColour[i];
      path.style.strokeOpacity = "1";
      path.style.strokeWidth = st.lineWidth[i] + "px";
    }
    d.htx = st.hovertext[i];
    d.mlc = st.lineColour[i];
    d.mlw = st.lineWidth[i];
  }
  // Plotly's own copy of the trace, for any redraw it does later.
  const trace = gd.data[traceIndex];
  trace.colorscale = st.colorscale;
  trace.hovertext = st.hovertext;
  trace.marker = trace.marker || {};
  trace.marker.line = Object.assign({}, trace.marker.line, { color: st.lineColour, width: st.lineWidth });
  return true;
}

/**
 * Move the lines of the parts and front traces onto their SVG elements; returns the
 * traces that have no element yet (plotly must draw those). Plotly's figure data keeps
 * the lines it last drew (its derived records depend on them); the lines shown are kept
 * on the graph and painted again after any redraw by plotly (see watchRedraws).
 */
function paintLines(gd, sub, lines) {
  const els = {};
  const nodes = sub.framework.node().querySelectorAll("path.js-line");
  for (let k = 0; k < nodes.length; k++) {
    const d = nodes[k].__data__;
    if (d && d.trace && typeof d.trace.index === "number") els[d.trace.index] = nodes[k];
  }
  const shown = gd.__frontlineLines || (gd.__frontlineLines = {});
  const missing = [];
  lines.forEach((line) => {
    const node = els[line.trace];
    const empty = !line.lon.some((v) => v !== null);
    if (!node || !node.__data__.geojson) {
      if (!empty) missing.push(line);
      else shown[line.trace] = line;
      return;
    }
    shown[line.trace] = line;
    if (node.__frontlineSig === line.sig) return;
    node.__frontlineSig = line.sig;
    const geojson = lineGeojson(line.lon, line.lat, gd.data[line.trace].fill === "toself");
    node.__data__.geojson = geojson; // plotly re-projects this on zoom and pan
    node.setAttribute("d", empty ? "" : svgPath(sub.projection, geojson));
  });
  return missing;
}

/** After plotly redraws the map (resize, zoom reset...), show the current lines again. */
function watchRedraws(gd) {
  if (gd.__frontlineWatched || !gd.on) return;
  gd.__frontlineWatched = true;
  gd.on("plotly_afterplot", () => {
    const sub = geoSubplot(gd);
    const shown = gd.__frontlineLines;
    if (!sub || !shown || gd.dataset.basemap === "streets") return;
    const lines = Object.keys(shown).map((t) => shown[t]);
    const nodes = sub.framework.node().querySelectorAll("path.js-line");
    for (let k = 0; k < nodes.length; k++) nodes[k].__frontlineSig = null;
    paintLines(gd, sub, lines);
  });
}

function range(first, n) {
  return Array.from({ length: n }, (_, i) => first + i);
}

/**
 * Draw one interpolated moment (f = day * per_day + step) on the map; false when the map
 * is not plotted yet.
 */
export function renderFrame(payload, f, palette, highlight) {
  const gd = graphDiv("map");
  if (!gd || !window.Plotly) return false;
  const traces = payload.map.traces;
  const factions = payload.map.factions;
  const look = mapLook(payload, f, palette, highlight);
  // Most days change nothing on the map: skip the redraw when the picture is the same.
  if (gd.__frontlineSig !== look.sig) {
    const { style: st, lines } = look.build();
    const sub = geoSubplot(gd);
    const direct = !!sub && gd.dataset.basemap !== "streets" && paintDistricts(gd, sub, st, traces.districts);
    const missing = direct ? paintLines(gd, sub, lines) : null;
    watchRedraws(gd);
    if (!direct) {
      // The general path: let plotly redraw the traces from new data.
      const none = lines.map(() => undefined);
      window.Plotly.restyle(
        gd,
        {
          colorscale: [st.colorscale, ...none],
          hovertext: [st.hovertext, ...none],
          "marker.line.color": [st.lineColour, ...none],
          "marker.line.width": [st.lineWidth, ...none],
          lon: [undefined, ...lines.map((l) => l.lon)],
          lat: [undefined, ...lines.map((l) => l.lat)],
        },
        [traces.districts, ...lines.map((l) => l.trace)],
      );
      gd.__frontlineLines = {};
      lines.forEach((l) => {
        gd.__frontlineLines[l.trace] = l;
      });
    } else if (missing.length) {
      // A line that had no element yet (an empty trace until now): plotly draws it.
      missing.forEach((l) => {
        gd.__frontlineLines[l.trace] = l;
      });
      window.Plotly.restyle(
        gd,
        { lon: missing.map((l) => l.lon), lat: missing.map((l) => l.lat) },
        missing.map((l) => l.trace),
      );
    }
    gd.__frontlineSig = look.sig;
  }
  if (gd.dataset.palette !== palette) {
    gd.dataset.palette = palette;
    const pal = paletteOf(payload, palette);
    const colours = factions.map((fac) => pal[fac]);
    window.Plotly.restyle(gd, { fillcolor: colours }, range(traces.parts, factions.length));
    window.Plotly.restyle(
      gd,
      { "marker.color": colours, "marker.line.color": colours },
      range(traces.legend, factions.length),
    );
  }
  // The names after the frame that shows the new fills (placing them and plotly's redraw
  // of the text traces took most of a step); at once while the server's first paint is
  // up, so the map replaces it with its names in place.
  if (document.getElementById("first-paint")) paintNames(gd, payload, look.day, highlight);
  else namesAfterPaint(gd, payload, look.day, highlight);
  gd.dataset.frame = String(f);
  gd.dataset.day = String(look.day);
  mapPainted(gd);
  return true;
}

/**
 * Place the names of the latest day asked for once the browser has painted the next frame
 * (a frame, then a task); steps that come meanwhile only change which day that is.
 */
function namesAfterPaint(gd, payload, day, highlight) {
  gd.__frontlineNamesWanted = { payload, day, highlight };
  if (gd.__frontlineNamesQueued) return;
  gd.__frontlineNamesQueued = true;
  window.requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      gd.__frontlineNamesQueued = false;
      const w = gd.__frontlineNamesWanted;
      if (w) paintNames(gd, w.payload, w.day, w.highlight);
    };
    channel.port2.postMessage(0);
  });
}

// --- names, outline and scale bar at the map's current size and zoom --------------------

/** The day's front line (lon/lat columns) as the payload has it. */
function dayFront(payload, day) {
  if (!payload.frames) return payload.fronts[day];
  const fr = payload.frames.frames[day * payload.per_day];
  const front = [[], []];
  fr.front.forEach((g) => appendRings(front, payload.frames.geometries[g]));
  return front;
}

/** Lon/lat rings of the chosen districts, from the district trace's GeoJSON. */
function outlineOf(gd, traceIndex, highlight) {
  const chosen = new Set(highlight || []);
  const out = [[], []];
  const gj = gd.data[traceIndex].geojson;
  ((gj && gj.features) || []).forEach((f) => {
    if (!chosen.has(f.properties && f.properties.id)) return;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    polys.forEach((poly) =>
      poly.forEach((ring) => appendRings(out, { lon: ring.map((q) => q[0]), lat: ring.map((q) => q[1]) })),
    );
  });
  return out;
}

/**
 * Place the day's names for the map as it is now (size and zoom; assets/js/labels.mjs) and
 * draw them, the chosen districts' outline (above the front line) and the scale bar. Only
 * redraws when the day, the highlight, the zoom or the size changed.
 */
export function paintNames(gd, payload, day, highlight) {
  const places = payload.map && payload.map.places;
  const traces = payload.map && payload.map.traces;
  const sub = geoSubplot(gd);
  if (!places || !traces || traces.labels === undefined || !sub || gd.dataset.basemap === "streets") return false;
  const proj = sub.projection;
  const size = gd._fullLayout._size;
  const key = [
    day,
    (highlight || []).join(","),
    proj.scale().toFixed(3),
    proj.translate().map((v) => v.toFixed(2)).join(","),
    JSON.stringify(proj.rotate ? proj.rotate() : ""),
    size.w,
    size.h,
  ].join("|");
  gd.__frontlineNamesArgs = { payload, day, highlight };
  watchZoom(gd);
  if (gd.__frontlineNames === key) return true;
  gd.__frontlineNames = key;
  // The map is clipped to the box its ranges fill (plotly's subplot bounds), inside the plot.
  const viewport = liveViewport(gd, sub);
  const bar = scaleBarAt(proj, viewport);
  const keepout = keepoutBoxes(gd, [bar.box]);
  const labelTrace = gd.data[traces.labels];
  const px = (labelTrace && labelTrace.textfont && labelTrace.textfont.size) || 12;
  const names = mapLabels(payload, day, highlight, dayFront(payload, day), (lon, lat) => proj([lon, lat]), viewport, px, keepout);
  const outline = outlineOf(gd, traces.districts, highlight);
  gd.__frontlinePlacedNames = names;
  window.Plotly.restyle(
    gd,
    {
      text: [names.districts.text, names.landmarks.text, bar.text, undefined, undefined],
      textposition: [names.districts.position, names.landmarks.position, undefined, undefined, undefined],
      lon: [undefined, undefined, bar.lon, outline[0], outline[0]],
      lat: [undefined, undefined, bar.lat, outline[1], outline[1]],
    },
    [traces.labels, traces.landmarks, traces.scale, traces.outline, traces.outline + 1],
  );
  return true;
}

/** After a zoom or pan, place the names again for the new view. */
function watchZoom(gd) {
  if (gd.__frontlineZoomWatched || !gd.on) return;
  gd.__frontlineZoomWatched = true;
  gd.on("plotly_relayout", () => {
    const args = gd.__frontlineNamesArgs;
    if (args) paintNames(gd, args.payload, args.day, args.highlight);
  });
}

/** Draw a day (its first moment) on the map; false when the map is not plotted yet. */
export function renderMap(payload, day, palette, highlight) {
  return renderFrame(payload, day * perDayOf(payload), palette, highlight);
}
