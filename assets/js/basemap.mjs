/*
 * The optional street basemap: the map's layers over OpenStreetMap tiles, for readers who
 * are online. The page loads plotly.js's geo bundle; tile maps need the full bundle,
 * fetched from the server the first time the street map is asked for. With no network the
 * notice bar says that the tiles could not be loaded (the map stays usable without them).
 */

import { graphDiv, notify } from "./dom.mjs";

const OSM_STYLE = {
  version: 8,
  sources: {
    osm: {
      type: "raster",
      tiles: ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
      tileSize: 256,
      attribution: "© OpenStreetMap contributors",
    },
  },
  layers: [{ id: "osm", type: "raster", source: "osm" }],
};

/** Centre and zoom that fit lon/lat bounds in a w×h pixel box (Web Mercator). */
export function fitZoom(bounds, w, h) {
  const lat2y = (lat) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  };
  const dx = (bounds[2] - bounds[0]) / 360;
  const dy = Math.abs(lat2y(bounds[3]) - lat2y(bounds[1]));
  const zoom = Math.min(Math.log2(w / 256 / dx), Math.log2(h / 256 / dy)) - 0.15;
  return { center: { lon: (bounds[0] + bounds[2]) / 2, lat: (bounds[1] + bounds[3]) / 2 }, zoom };
}

/** Lon/lat bounds [west, south, east, north] of the districts (the choropleth trace). */
function districtBounds(data) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const trace = data.find((t) => t.type === "choropleth" || t.type === "choroplethmap");
  const features = (trace && trace.geojson && trace.geojson.features) || [];
  features.forEach((f) => {
    JSON.stringify(f.geometry.coordinates).replace(/\[(-?[\d.]+),(-?[\d.]+)\]/g, (_, xs, ys) => {
      const x = +xs;
      const y = +ys;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
      return "";
    });
  });
  return b;
}

function withTileMaps(done) {
  const P = window.Plotly;
  const has = P && P.PlotSchema && P.PlotSchema.get && P.PlotSchema.get().traces.choroplethmap;
  if (has) return done();
  const url = window._dashPlotlyJSURL || "_dash-component-suites/plotly/package_data/plotly.min.js";
  const script = document.createElement("script");
  script.src = url;
  script.async = true;
  script.onload = done;
  script.onerror = () => notify("The street map could not be loaded; the map stays as it was.");
  document.head.appendChild(script);
}

function switchBasemap(gd, streets) {
  if (!gd.__geoFigure) gd.__geoFigure = { data: gd.data, layout: gd.layout };
  const base = gd.__geoFigure;
  let data;
  let layout;
  if (streets) {
    const shown = gd.__frontlineLines || {};
    data = gd.data.map((t, i) => {
      const c = Object.assign({}, t);
      if (shown[i]) {
        c.lon = shown[i].lon;
        c.lat = shown[i].lat;
      }
      if (c.type === "choropleth") c.type = "choroplethmap";
      else if (c.type === "scattergeo") c.type = "scattermap";
      if (c.type === "choroplethmap") c.marker = Object.assign({}, c.marker, { opacity: 0.7 });
      // Map symbols other than circles are icons fetched from a CDN: keep to circles.
      if (c.type === "scattermap" && c.marker) c.marker = Object.assign({}, c.marker, { symbol: "circle" });
      // The names are placed for the vector map (the tiles carry their own); the locator
      // inset (geo2) has no place on a tile map.
      if (c.type === "scattermap" && c.mode && c.mode.indexOf("text") >= 0) {
        c.mode = c.mode.replace(/\+?text/, "").replace(/^\+/, "") || "none";
      }
      if (c.geo === "geo2") c.visible = false;
      delete c.geo;
      return c;
    });
    const box = gd.getBoundingClientRect();
    const fit = fitZoom(districtBounds(data), box.width, box.height);
    layout = Object.assign({}, base.layout, { map: { style: OSM_STYLE, center: fit.center, zoom: fit.zoom } });
    delete layout.geo;
    delete layout.geo2;
  } else {
    data = gd.data.map((t, i) => {
      const c = Object.assign({}, t);
      c.type = base.data[i].type;
      if (base.data[i].geo) c.geo = base.data[i].geo;
      if (base.data[i].visible !== undefined) c.visible = base.data[i].visible;
      else delete c.visible;
      if (base.data[i].mode !== undefined) c.mode = base.data[i].mode;
      if (c.marker) {
        c.marker = Object.assign({}, c.marker, { symbol: (base.data[i].marker || {}).symbol });
        if (c.type === "choropleth") c.marker.opacity = 1;
      }
      return c;
    });
    layout = base.layout;
  }
  window.Plotly.react(gd, data, layout);
  gd.dataset.basemap = streets ? "streets" : "none";
  if (streets) {
    if (!window.__frontlineTileErrors) {
      // plotly rejects a promise with "Map error." when the tile map reports an error (a
      // tile that could not be fetched): that is the notice below, not an uncaught error.
      window.__frontlineTileErrors = true;
      window.addEventListener("unhandledrejection", (e) => {
        if (e.reason && e.reason.message === "Map error.") {
          e.preventDefault();
          if (gd.dataset.basemap === "streets") notify(OFFLINE);
        }
      });
    }
    if (window.navigator && window.navigator.onLine === false) notify(OFFLINE);
    else watchTiles(gd, 100);
  }
}

const OFFLINE =
  "The street map needs a network connection: its tiles could not be loaded, so the " +
  "districts are shown without streets. Untick \u201cStreet map\u201d for the offline map.";

/**
 * Say so when the street map's tiles cannot be loaded (no network, blocked host). The tile
 * map exists a moment after plotly is asked for it: look again for up to `tries` frames.
 */
function watchTiles(gd, tries) {
  const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const tiles = sub && sub.map;
  if (!tiles || !tiles.on) {
    if (tries > 0) window.requestAnimationFrame(() => watchTiles(gd, tries - 1));
    return;
  }
  if (tiles.__frontlineWatched) return;
  tiles.__frontlineWatched = true;
  tiles.on("error", () => {
    if (gd.dataset.basemap === "streets") notify(OFFLINE);
  });
}

/** Switch the map between the offline vector map (the default) and the street map. */
export function setBasemap(value) {
  const gd = graphDiv("map");
  if (!gd || !window.Plotly) return;
  const streets = !!(value && value.indexOf("streets") >= 0);
  if (streets === (gd.dataset.basemap === "streets")) return;
  withTileMaps(() => switchBasemap(gd, streets));
}
