/*
 * Frontline Atlas: the clientside half of the dashboard.
 *
 * The server sends every day's state once (the payload store); everything that follows the
 * chosen day happens here, with no server round trip: recolouring the map, the front line,
 * the date display, the event feed highlight, the district panel, the area-chart marker and
 * the URL. Text from the data is always inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The map has no world outline: plotly finds its (empty) topology here instead of
  // fetching assets/topojson/world_110m.json before it can draw.
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  if (!window.PlotlyGeoAssets.topojson.world_110m) {
    window.PlotlyGeoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  }

  var FACTIONS = ["government", "rebel", "sdf"];
  var SHARE_KEYS = { government: "g", rebel: "r", sdf: "s" };
  var FACTION_LABEL = {
    government: "Government",
    rebel: "Rebels",
    sdf: "SDF",
    contested: "Contested",
  };
  var TRACE_DISTRICTS = 0;
  var TRACE_PARTS_FIRST = 1; // government, rebel, sdf parts of shared districts
  var TRACE_FRONT = 4;
  var TRACE_LANDMARKS = 7;
  var TRACE_LEGEND_FIRST = 8;
  var SELECTED_OUTLINE = "#1565c0";
  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  var ID_RE = /^[a-z0-9][a-z0-9-]{0,80}$/;

  // ---------------------------------------------------------------- pure helpers

  function pct(x) {
    return Math.round(100 * x) + "%";
  }

  function sharesText(state) {
    var parts = [];
    FACTIONS.forEach(function (f) {
      var v = state[SHARE_KEYS[f]];
      if (v > 0) parts.push(FACTION_LABEL[f] + " " + pct(v));
    });
    return parts.join(", ");
  }

  var HELD_BY = {
    government: "Held by the government",
    rebel: "Held by rebels",
    sdf: "Held by the SDF",
    contested: "Contested",
  };

  function statusText(status) {
    return HELD_BY[status] || status;
  }

  function escapeHtml(s) {
    return String(s)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function hoverText(payload, state) {
    var i = state.d;
    var title = "<b>" + escapeHtml(payload.names[i]) + "</b>";
    if (payload.names_ar[i]) title += "  " + escapeHtml(payload.names_ar[i]);
    return (
      title + "<br>" + statusText(state.status) + ": " + sharesText(state) + "<br>since " + state.since
    );
  }

  function colourScale(colours) {
    var n = colours.length;
    if (n === 1) return [[0, colours[0]], [1, colours[0]]];
    return colours.map(function (c, i) {
      return [i / (n - 1), c];
    });
  }

  /** Everything of the district trace that depends on the day, palette and highlight. */
  function dayStyle(payload, day, palette, highlight) {
    var stateIdx = payload.days[day];
    var colours = payload.colours[palette] || payload.colours.conventional;
    var chosen = {};
    (highlight || []).forEach(function (d) {
      chosen[d] = true;
    });
    var fill = [],
      hover = [],
      lineColour = [],
      lineWidth = [];
    for (var k = 0; k < stateIdx.length; k++) {
      var st = payload.states[stateIdx[k]];
      fill.push(colours[stateIdx[k]]);
      hover.push(hoverText(payload, st));
      if (chosen[payload.ids[k]]) {
        lineColour.push(SELECTED_OUTLINE);
        lineWidth.push(3.5);
      } else if (st.status === "contested") {
        lineColour.push("#111111");
        lineWidth.push(1.6);
      } else {
        lineColour.push("rgba(255,255,255,0.85)");
        lineWidth.push(0.6);
      }
    }
    return { colorscale: colourScale(fill), hovertext: hover, lineColour: lineColour, lineWidth: lineWidth };
  }

  function hexRgb(h) {
    return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
  }

  /** The faction colours weighted by shares (the same rule as dashboard.palettes.mix). */
  function mixColour(shares, pal) {
    var total = 0, rgb = [0, 0, 0];
    shares.forEach(function (v) { total += Math.max(0, v); });
    total = total || 1;
    FACTIONS.forEach(function (f, i) {
      var w = Math.max(0, shares[i]) / total, c = hexRgb(pal[f]);
      for (var k = 0; k < 3; k++) rgb[k] += w * c[k];
    });
    return "#" + rgb.map(function (v) { var h = Math.round(v).toString(16); return h.length < 2 ? "0" + h : h; }).join("");
  }

  function appendRings(target, geom) {
    if (target[0].length) {
      target[0].push(null);
      target[1].push(null);
    }
    Array.prototype.push.apply(target[0], geom.lon);
    Array.prototype.push.apply(target[1], geom.lat);
  }

  /**
   * Everything of the map that depends on one interpolated frame: fills of whole districts,
   * the faction parts drawn inside shared ones, and the front line through them. Hover
   * text follows the day the frame belongs to.
   */
  function frameStyle(payload, f, palette, highlight) {
    var frames = payload.frames;
    var fr = frames.frames[f];
    var day = Math.floor(f / payload.per_day);
    var pal = payload.palettes[palette] || payload.palettes.conventional;
    var chosen = {};
    (highlight || []).forEach(function (d) { chosen[d] = true; });
    var fill = [], hover = [], lineColour = [], lineWidth = [];
    var stateIdx = payload.days[day];
    for (var k = 0; k < payload.ids.length; k++) {
      var holder = fr.holder[k];
      var id = payload.ids[k];
      fill.push(holder >= 0 ? pal[FACTIONS[holder]] : mixColour(fr.shares[id] || [1, 0, 0], pal));
      hover.push(hoverText(payload, payload.states[stateIdx[k]]));
      if (chosen[id]) {
        lineColour.push(SELECTED_OUTLINE);
        lineWidth.push(3.5);
      } else if (holder < 0) {
        lineColour.push("#111111");
        lineWidth.push(1.6);
      } else {
        lineColour.push("rgba(255,255,255,0.85)");
        lineWidth.push(0.6);
      }
    }
    var parts = FACTIONS.map(function () { return [[], []]; });
    fr.parts.forEach(function (part) {
      if (part[3] === null || part[3] === undefined) return;
      appendRings(parts[FACTIONS.indexOf(part[1])], frames.geometries[part[3]]);
    });
    var front = [[], []];
    fr.front.forEach(function (g) { appendRings(front, frames.geometries[g]); });
    return { colorscale: colourScale(fill), hovertext: hover, lineColour: lineColour,
      lineWidth: lineWidth, parts: parts, front: front, pal: pal };
  }

  /** Read ?date=&district=&palette= against the payload; bad values fall back with a notice. */
  function parseQuery(search, payload, defaults) {
    var params = new URLSearchParams(search || "");
    var out = { day: defaults.day, district: null, palette: defaults.palette, notices: [] };
    var date = params.get("date");
    if (date !== null) {
      var idx = payload.dates.indexOf(date);
      if (!isRealDate(date)) {
        out.notices.push("The date '" + date + "' in the link is not a date (use YYYY-MM-DD); showing " +
          payload.long_labels[out.day] + ".");
      } else if (idx < 0) {
        out.day = date < payload.dates[0] ? 0 : payload.dates.length - 1;
        out.notices.push("The link's date " + date + " is outside the battle (" + payload.dates[0] +
          " to " + payload.dates[payload.dates.length - 1] + "); showing " + payload.long_labels[out.day] + ".");
      } else {
        out.day = idx;
      }
    }
    var district = params.get("district");
    if (district !== null && district !== "") {
      if (ID_RE.test(district) && payload.ids.indexOf(district) >= 0) {
        out.district = district;
      } else {
        out.notices.push("The link names an unknown district '" + district.slice(0, 60) + "'; no district is selected.");
      }
    }
    var palette = params.get("palette");
    if (palette !== null) {
      if ((payload.palettes.indexOf ? payload.palettes.indexOf(palette) >= 0 : payload.palettes[palette])) out.palette = palette;
      else out.notices.push("Unknown palette '" + palette.slice(0, 40) + "'; using the default colours.");
    }
    return out;
  }

  function isRealDate(text) {
    if (!DATE_RE.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  function buildQuery(payload, day, district, palette) {
    var params = new URLSearchParams();
    params.set("date", payload.dates[day]);
    if (district) params.set("district", district);
    if (palette && palette !== "conventional") params.set("palette", palette);
    return "?" + params.toString();
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function graphDiv(id) {
    var host = document.getElementById(id);
    if (!host) return null;
    var gd = host.classList.contains("js-plotly-plot") ? host : host.querySelector(".js-plotly-plot");
    return gd && gd._fullLayout ? gd : null;
  }

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function sourceList(sources) {
    return el(
      "ul",
      { className: "sources", "aria-label": "Sources" },
      sources.map(function (s) {
        var label = s.outlet || s.id;
        if (s.section) label += " – " + s.section;
        var link = /^https?:\/\//.test(s.url || "")
          ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label })
          : el("span", { text: label, title: s.url || "" });
        var lang = s.language ? el("span", { className: "lang", text: s.language.toUpperCase() }) : null;
        return el("li", {}, [link, lang]);
      })
    );
  }

  // ---------------------------------------------------------------- direct painting

  /*
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

  function geoSubplot(gd) {
    var geo = gd._fullLayout && gd._fullLayout.geo;
    var sub = geo && geo._subplot;
    if (!sub || typeof sub.projection !== "function" || !sub.framework || !sub.framework.node) return null;
    return sub;
  }

  /** Split a lon/lat column pair at nulls into rings or lines of [lon, lat] points. */
  function pieces(lon, lat) {
    var out = [], cur = [];
    for (var i = 0; i < lon.length; i++) {
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
  function lineGeojson(lon, lat, filled) {
    var p = pieces(lon, lat);
    return filled
      ? { type: "MultiPolygon", coordinates: p.map(function (ring) { return [ring]; }) }
      : { type: "MultiLineString", coordinates: p };
  }

  /** SVG path data of projected rings or lines (the map is a few km across: no resampling). */
  function svgPath(projection, geojson) {
    var close = geojson.type === "MultiPolygon";
    var rings = close ? geojson.coordinates.map(function (poly) { return poly[0]; }) : geojson.coordinates;
    var out = [];
    rings.forEach(function (ring) {
      if (ring.length < 2) return;
      var s = "";
      for (var i = 0; i < ring.length; i++) {
        var xy = projection(ring[i]);
        if (!xy) continue;
        s += (s ? "L" : "M") + xy[0].toFixed(2) + "," + xy[1].toFixed(2);
      }
      if (s) out.push(close ? s + "Z" : s);
    });
    return out.join("");
  }

  /** Colour, outline and hover text of every district, straight onto plotly's paths. */
  function paintDistricts(gd, sub, st) {
    var paths = sub.framework.node().querySelectorAll("path.choroplethlocation");
    if (paths.length !== st.colorscale.length) return false;
    for (var k = 0; k < paths.length; k++) {
      var path = paths[k], d = path.__data__;
      if (!d || typeof d.i !== "number") return false;
      var i = d.i;
      var fill = st.colorscale[i][1];
      var key = fill + "|" + st.lineColour[i] + "|" + st.lineWidth[i];
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
    var trace = gd.data[TRACE_DISTRICTS];
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
    var els = {};
    var nodes = sub.framework.node().querySelectorAll("path.js-line");
    for (var k = 0; k < nodes.length; k++) {
      var d = nodes[k].__data__;
      if (d && d.trace && typeof d.trace.index === "number") els[d.trace.index] = nodes[k];
    }
    var shown = gd.__frontlineLines || (gd.__frontlineLines = {});
    var missing = [];
    lines.forEach(function (line) {
      var node = els[line.trace];
      var empty = !line.lon.some(function (v) { return v !== null; });
      if (!node || !node.__data__.geojson) {
        if (!empty) missing.push(line);
        else shown[line.trace] = line;
        return;
      }
      shown[line.trace] = line;
      if (node.__frontlineSig === line.sig) return;
      node.__frontlineSig = line.sig;
      var geojson = lineGeojson(line.lon, line.lat, gd.data[line.trace].fill === "toself");
      node.__data__.geojson = geojson; // plotly re-projects this on zoom and pan
      node.setAttribute("d", empty ? "" : svgPath(sub.projection, geojson));
    });
    return missing;
  }

  /** After plotly redraws the map (resize, zoom reset...), show the current lines again. */
  function watchRedraws(gd) {
    if (gd.__frontlineWatched || !gd.on) return;
    gd.__frontlineWatched = true;
    gd.on("plotly_afterplot", function () {
      var sub = geoSubplot(gd);
      var shown = gd.__frontlineLines;
      if (!sub || !shown || gd.dataset.basemap === "streets") return;
      var lines = Object.keys(shown).map(function (t) { return shown[t]; });
      var nodes = sub.framework.node().querySelectorAll("path.js-line");
      for (var k = 0; k < nodes.length; k++) nodes[k].__frontlineSig = null;
      paintLines(gd, sub, lines);
    });
  }

  // ---------------------------------------------------------------- rendering

  /** Draw one interpolated frame (frame = day * per_day + step) on the map. */
  function renderFrame(payload, f, palette, highlight) {
    var gd = graphDiv("map");
    if (!gd || !window.Plotly) return false;
    var pal = payload.palettes[palette] || payload.palettes.conventional;
    var perDay = payload.frames ? payload.per_day : 1;
    var day = Math.floor(f / perDay);
    var fr0 = payload.frames ? payload.frames.frames[f] : null;
    // Most days change nothing on the map: skip the redraw when the picture is the same.
    var sig = [
      palette,
      (highlight || []).join(","),
      payload.days[day].join(","),
      fr0 ? fr0.holder.join(",") + JSON.stringify(fr0.shares) : "",
      fr0 ? fr0.parts.map(function (q) { return q[3]; }).join(",") : f,
      fr0 ? fr0.front.join(",") : "",
    ].join("|");
    if (gd.__frontlineSig !== sig) {
      var st, lines;
      if (payload.frames) {
        st = frameStyle(payload, f, palette, highlight);
        lines = FACTIONS.map(function (fac, i) {
          var ids = fr0.parts.filter(function (q) { return q[1] === fac; }).map(function (q) { return q[3]; });
          return { trace: TRACE_PARTS_FIRST + i, lon: st.parts[i][0], lat: st.parts[i][1], sig: ids.join(",") };
        });
        lines.push({ trace: TRACE_FRONT, lon: st.front[0], lat: st.front[1], sig: fr0.front.join(",") });
      } else {
        st = dayStyle(payload, day, palette, highlight);
        var front = payload.fronts[day];
        lines = [0, 1, 2].map(function (i) { return { trace: TRACE_PARTS_FIRST + i, lon: [], lat: [], sig: "" }; });
        lines.push({ trace: TRACE_FRONT, lon: front[0], lat: front[1], sig: "day" + day });
      }
      var sub = geoSubplot(gd);
      var direct = !!sub && gd.dataset.basemap !== "streets" && paintDistricts(gd, sub, st);
      var missing = direct ? paintLines(gd, sub, lines) : null;
      watchRedraws(gd);
      if (!direct) {
        // The general path: let plotly redraw the traces from new data.
        var u = undefined;
        window.Plotly.restyle(gd, {
          colorscale: [st.colorscale, u, u, u, u],
          hovertext: [st.hovertext, u, u, u, u],
          "marker.line.color": [st.lineColour, u, u, u, u],
          "marker.line.width": [st.lineWidth, u, u, u, u],
          lon: [u].concat(lines.map(function (l) { return l.lon; })),
          lat: [u].concat(lines.map(function (l) { return l.lat; })),
        }, [TRACE_DISTRICTS, TRACE_PARTS_FIRST, TRACE_PARTS_FIRST + 1, TRACE_PARTS_FIRST + 2, TRACE_FRONT]);
        gd.__frontlineLines = {};
        lines.forEach(function (l) { gd.__frontlineLines[l.trace] = l; });
      } else if (missing.length) {
        // A line that had no element yet (an empty trace until now): plotly draws it.
        missing.forEach(function (l) { gd.__frontlineLines[l.trace] = l; });
        window.Plotly.restyle(gd, {
          lon: missing.map(function (l) { return l.lon; }),
          lat: missing.map(function (l) { return l.lat; }),
        }, missing.map(function (l) { return l.trace; }));
      }
      gd.__frontlineSig = sig;
    }
    if (gd.dataset.palette !== palette) {
      gd.dataset.palette = palette;
      window.Plotly.restyle(
        gd,
        { fillcolor: [pal.government, pal.rebel, pal.sdf] },
        [TRACE_PARTS_FIRST, TRACE_PARTS_FIRST + 1, TRACE_PARTS_FIRST + 2]
      );
      window.Plotly.restyle(
        gd,
        { "marker.color": FACTIONS.map(function (f) { return pal[f]; }),
          "marker.line.color": FACTIONS.map(function (f) { return pal[f]; }) },
        [TRACE_LEGEND_FIRST, TRACE_LEGEND_FIRST + 1, TRACE_LEGEND_FIRST + 2]
      );
    }
    gd.dataset.frame = String(f);
    gd.dataset.day = String(day);
    return true;
  }

  function renderMap(payload, day, palette, highlight) {
    var perDay = payload.frames ? payload.per_day : 1;
    return renderFrame(payload, day * perDay, palette, highlight);
  }

  function renderArea(payload, day, palette) {
    var gd = graphDiv("area-chart");
    if (!gd || !window.Plotly) return;
    var update = { "shapes[0].x0": day, "shapes[0].x1": day };
    window.Plotly.relayout(gd, update);
    if (gd.dataset.palette !== palette) {
      gd.dataset.palette = palette;
      var pal = payload.palettes[palette] || payload.palettes.conventional;
      var cols = FACTIONS.map(function (f) { return pal[f]; });
      window.Plotly.restyle(gd, { fillcolor: cols, "line.color": cols }, [0, 1, 2]);
    }
  }

  function fmtNumber(v) {
    return typeof v === "number" ? v.toLocaleString("en-GB") : String(v);
  }

  function claimsTable(claims) {
    var rows = claims.map(function (c) {
      var shown = Array.isArray(c.value) ? fmtNumber(c.value[0]) + "–" + fmtNumber(c.value[1]) : fmtNumber(c.value);
      if (c.qualifier) shown = c.qualifier + " " + shown;
      return el("tr", {}, [
        el("td", { text: String(c.what || "").replace(/-/g, " ") }),
        el("td", { className: "figure", text: shown }),
        el("td", { className: "claimant", text: c.claimant || "" }),
      ]);
    });
    return el("table", { className: "claims" }, [
      el("caption", { text: "Figures as each party gives them (not reconciled)" }),
      el("thead", {}, [el("tr", {}, [el("th", { text: "What" }), el("th", { text: "Figure" }), el("th", { text: "According to" })])]),
      el("tbody", {}, rows),
    ]);
  }

  /** Build the event feed once: events grouped by day, each a button carrying its date. */
  function buildFeed(payload) {
    var body = document.querySelector("#event-feed .feed-body");
    if (!body || body.dataset.built) return;
    var groups = [];
    payload.events.forEach(function (e) {
      var last = groups[groups.length - 1];
      if (!last || last.date !== e.date) groups.push((last = { date: e.date, events: [] }));
      last.events.push(e);
    });
    var fragment = document.createDocumentFragment();
    groups.forEach(function (g) {
      var index = payload.dates.indexOf(g.date);
      var heading = index >= 0 ? payload.long_labels[index] : g.date;
      var items = g.events.map(function (e) {
        var parts = [
          el("span", { className: "kind kind-" + e.kind, text: e.kind.replace(/-/g, " ") }),
          el("strong", { className: "event-title", text: e.title }),
          el("p", { className: "summary", text: e.summary }),
        ];
        if (e.claims.length) parts.push(claimsTable(e.claims));
        if (e.sources.length) parts.push(sourceList(e.sources));
        var button = el("button", {
          type: "button",
          className: "event",
          title: "Show this day and the districts concerned on the map",
          "data-event": e.id,
          "data-date": e.date,
          "data-day": index >= 0 ? String(index) : "",
          "data-districts": e.districts.join(" "),
        }, parts);
        return el("li", {}, [button]);
      });
      fragment.appendChild(
        el("section", { className: "day-group", "data-date": g.date, "data-day": index >= 0 ? String(index) : "" }, [
          el("h3", { text: heading }),
          el("ul", { className: "events" }, items),
        ])
      );
    });
    body.appendChild(fragment);
    body.dataset.built = "1";
  }

  function renderFeed(day) {
    var feed = document.getElementById("event-feed");
    if (!feed) return;
    var previous = feed.querySelectorAll(".day-group.active");
    for (var i = 0; i < previous.length; i++) previous[i].classList.remove("active");
    var group = feed.querySelector('.day-group[data-day="' + day + '"]');
    if (group) {
      group.classList.add("active");
      var top = group.offsetTop - feed.offsetTop;
      feed.scrollTop = Math.max(0, top - 40);
    }
  }

  function renderDate(payload, day) {
    var display = document.getElementById("date-display");
    if (display) display.textContent = payload.long_labels[day];
    labelThumb(payload, day, 100);
  }

  /** Give the slider thumb an accessible name and a spoken date (it may not exist yet). */
  function labelThumb(payload, day, tries) {
    var thumb = document.querySelector("#date-slider [role=slider]");
    if (!thumb) {
      if (tries > 0) setTimeout(function () { labelThumb(payload, window.__frontline_day, tries - 1); }, 50);
      return;
    }
    thumb.setAttribute("aria-label", "Date");
    thumb.setAttribute("aria-valuetext", payload.long_labels[day]);
  }

  function strip(payload, districtIndex, day, palette) {
    var colours = payload.colours[palette] || payload.colours.conventional;
    var cells = payload.days.map(function (row, d) {
      var st = payload.states[row[districtIndex]];
      var cell = el("button", {
        type: "button",
        className: "cell" + (d === day ? " current" : "") + (st.status === "contested" ? " contested" : ""),
        title: payload.long_labels[d] + ": " + statusText(st.status) + " (" + sharesText(st) + ")",
        "aria-label": payload.long_labels[d] + ": " + statusText(st.status),
        "data-day": String(d),
      });
      cell.style.background = colours[row[districtIndex]];
      return cell;
    });
    return el("div", { className: "strip", role: "group", "aria-label": "State on every day" }, cells);
  }

  function renderPanel(payload, district, day, palette) {
    var panel = document.getElementById("district-panel");
    if (!panel) return;
    panel.textContent = "";
    var i = district ? payload.ids.indexOf(district) : -1;
    if (i < 0) {
      panel.appendChild(el("p", { className: "hint", text: "Click a district on the map to see who held it, since when, and why." }));
      return;
    }
    var st = payload.states[payload.days[day][i]];
    var change = payload.changes[st.change];
    var event = null;
    payload.events.forEach(function (e) {
      if (e.id === change.event) event = e;
    });
    var close = el("button", { type: "button", className: "close", "aria-label": "Close the district panel", text: "×" });
    close.addEventListener("click", function () {
      setProps("selected-district", { data: null });
    });
    var heading = el("h2", {}, [
      el("span", { text: payload.names[i] }),
      payload.names_ar[i] ? el("span", { className: "ar", lang: "ar", dir: "rtl", text: payload.names_ar[i] }) : null,
    ]);
    var status = el("p", { className: "status status-" + st.status }, [
      el("strong", { text: statusText(st.status) }),
      document.createTextNode(" on " + payload.long_labels[day] + " (" + sharesText(st) + "), since " + st.since + "."),
    ]);
    var why = el("div", { className: "why" }, [
      el("h3", { text: "Why this colour" }),
      el("p", {}, [
        el("span", { className: "badge " + change.confidence, text: change.confidence || "unknown" }),
        document.createTextNode(" change of " + change.date),
      ]),
      change.note ? el("p", { className: "note", text: change.note }) : null,
      event ? el("p", {}, [el("strong", { text: event.title }), document.createTextNode(" — " + event.summary)]) : null,
      event && event.sources.length ? sourceList(event.sources) : null,
    ]);
    var related = payload.events.filter(function (e) {
      return e.districts.indexOf(district) >= 0;
    });
    var list = el(
      "ul",
      { className: "district-events" },
      related.map(function (e) {
        var b = el("button", { type: "button", className: "event-link", "data-day": String(payload.dates.indexOf(e.date)), "data-event": e.id }, [
          el("span", { className: "when", text: e.date }),
          document.createTextNode(" " + e.title),
        ]);
        return el("li", {}, [b]);
      })
    );
    panel.appendChild(close);
    panel.appendChild(heading);
    panel.appendChild(status);
    panel.appendChild(strip(payload, i, day, palette));
    panel.appendChild(why);
    panel.appendChild(el("h3", { text: "Events here (" + related.length + ")" }));
    panel.appendChild(list);
  }

  /** Point the download links at this day, district and palette. */
  function renderShare(payload, day, district, palette) {
    var query = buildQuery(payload, day, district, palette).slice(1);
    ["png", "svg"].forEach(function (kind) {
      var a = document.querySelector('#share a[data-kind="' + kind + '"]');
      if (!a) return;
      a.setAttribute("href", "download/still." + kind + "?" + query);
      a.setAttribute("download", "aleppo-" + payload.dates[day] + (district ? "-" + district : "") + "." + kind);
    });
  }

  function embedSnippet(payload, day, district, palette) {
    var base = window.location.origin + window.location.pathname.replace(/\/$/, "");
    var query = buildQuery(payload, day, district, palette).slice(1);
    var src = base + "/embed?" + query.replace(/&/g, "&amp;");
    return (
      '<iframe src="' + src + '" width="960" height="600" style="border:0" ' +
      'title="' + escapeHtml(payload.title || "Frontline Atlas map") + '" loading="lazy" allowfullscreen></iframe>'
    );
  }

  function copyText(text, done) {
    var status = document.getElementById("copy-status");
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (status) status.textContent = ok ? done : "Copy this: " + text;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        if (status) status.textContent = done;
      }, fallback);
    } else {
      fallback();
    }
    window.__frontline_copied = text;
  }

  // ---------------------------------------------------------------- interaction wiring

  function currentPayload() {
    var store = window.__frontline_payload;
    return store || null;
  }

  var COMMIT_MS = 250; // quiet time after the last step before Dash hears of the new day

  /** Put the slider's thumb and filled range on a day without a React render. */
  function moveThumb(payload, day) {
    var slider = document.getElementById("date-slider");
    var thumb = slider && slider.querySelector("[role=slider]");
    if (!thumb || !thumb.parentElement) return;
    var last = payload.dates.length - 1;
    var x = last > 0 ? day / last : 0;
    if (thumb.__frontlineHalf === undefined) thumb.__frontlineHalf = thumb.offsetWidth / 2;
    var half = thumb.__frontlineHalf;
    // Radix keeps the thumb inside the track: it shifts it by half its width at the ends.
    thumb.parentElement.style.left = "calc(" + 100 * x + "% + " + half * (1 - 2 * x) + "px)";
    var range = slider.querySelector(".dash-slider-range");
    if (range) range.style.right = 100 - 100 * x + "%";
    thumb.setAttribute("aria-valuenow", String(day));
    thumb.setAttribute("aria-valuetext", payload.long_labels[day]);
  }

  /** Tell Dash the day once the reader pauses (it updates the URL and history then). */
  function commitDay(day, delay) {
    window.__frontline_pending = day;
    clearTimeout(window.__frontline_commit);
    window.__frontline_commit = setTimeout(function () {
      if (window.__frontline_pending !== day) return;
      window.__frontline_pending = null;
      setProps("date-slider", { value: day });
    }, delay);
  }

  /**
   * Draw a day immediately (no waiting for Dash) and move the thumb; Dash's own bookkeeping
   * (its slider, the URL, the browser history) follows when the reader stops scrubbing.
   */
  function goToDayNow(day) {
    var payload = window.__frontline_payload;
    var state = window.__frontline_state;
    if (payload) moveThumb(payload, day);
    if (payload && state && day !== window.__frontline_day) {
      state.day = day;
      draw(payload, day, state.palette, state.selected, state.highlight);
    }
    commitDay(day, COMMIT_MS);
  }

  /** Dragging: follow the pointer along the track and draw each day it passes. */
  function watchDrag() {
    // Listen on the document: Dash may replace the slider's elements after they first appear.
    if (window.__frontline_dragWatched) return;
    window.__frontline_dragWatched = true;
    var dragging = false;
    var follow = function (ev) {
      var payload = window.__frontline_payload;
      var track = document.querySelector("#date-slider .dash-slider-track") ||
        document.getElementById("date-slider");
      if (!payload || !dragging || !track) return;
      var r = track.getBoundingClientRect();
      var x = Math.max(0, Math.min(1, (ev.clientX - r.left) / r.width));
      var day = Math.round(x * (payload.dates.length - 1));
      // The same path as the keys: a day committed by keys a moment ago must not win later.
      var pending = window.__frontline_pending;
      if (day !== window.__frontline_day || (pending != null && pending !== day)) goToDayNow(day);
    };
    document.addEventListener("pointerdown", function (ev) {
      if (!ev.target.closest || !ev.target.closest("#date-slider")) return;
      dragging = true;
      follow(ev);
    }, true);
    window.addEventListener("pointermove", follow, true);
    window.addEventListener("pointerup", function () { dragging = false; }, true);
  }

  function goToDay(day, highlight) {
    setProps("date-slider", { value: day });
    if (highlight) setProps("highlight", { data: highlight });
  }

  document.addEventListener("click", function (ev) {
    var payload = currentPayload();
    if (!payload) return;
    var copy = ev.target.closest ? ev.target.closest("#copy-link, #copy-embed") : null;
    if (copy) {
      var view = window.__frontline_view || {};
      var day = window.__frontline_day || 0;
      if (copy.id === "copy-link") copyText(window.location.href, "Link copied");
      else copyText(embedSnippet(payload, day, view.district || null, view.palette), "Embed code copied");
      return;
    }
    var target = ev.target.closest ? ev.target.closest("[data-day]") : null;
    if (!target || ev.target.closest("a")) return;
    var day = parseInt(target.getAttribute("data-day"), 10);
    if (isNaN(day) || day < 0) return;
    if (target.classList.contains("event")) {
      var districts = (target.getAttribute("data-districts") || "").split(" ").filter(Boolean);
      goToDay(day, { day: day, districts: districts });
    } else if (target.classList.contains("cell") || target.classList.contains("event-link")) {
      goToDay(day, null);
    }
  });

  document.addEventListener(
    "keydown",
    function (ev) {
      var payload = currentPayload();
      if (!payload) return;
      var inSlider = ev.target.closest && ev.target.closest("#date-slider");
      var typing = ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable=true]");
      if (ev.key === " " && !typing && (inSlider || ev.target === document.body)) {
        ev.preventDefault();
        ev.stopPropagation();
        var play = document.getElementById("play");
        if (play) play.click();
        return;
      }
      var STEP = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 7, PageDown: -7 };
      if (inSlider && (ev.key in STEP || ev.key === "Home" || ev.key === "End")) {
        // Handle the slider's keys here: draw the day at once, then tell Dash.
        ev.preventDefault();
        ev.stopPropagation();
        var last = payload.dates.length - 1;
        var day = window.__frontline_day || 0;
        var next = ev.key === "Home" ? 0 : ev.key === "End" ? last : day + STEP[ev.key];
        goToDayNow(Math.max(0, Math.min(last, next)));
      }
    },
    true
  );

  // ---------------------------------------------------------------- Dash clientside callbacks

  /** Run after the next repaint, in idle time (within 200 ms at the latest). */
  function whenIdle(fn) {
    window.requestAnimationFrame(function () {
      if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 200 });
      else setTimeout(fn, 0);
    });
  }

  /**
   * Show a day with the current palette, selection and highlight. Idempotent: the slider's
   * fast path (below) usually draws a day before Dash's callback for it arrives, and the
   * callback then finds nothing left to do.
   */
  function draw(payload, day, palette, selected, highlight) {
    var player = window.__frontline_player;
    var playing = !!(player && player.playing);
    var key = [day, palette, selected || "", JSON.stringify(highlight || null), playing].join("|");
    if (window.__frontline_shown === key) return;
    window.__frontline_shown = key;
    window.__frontline_day = day;
    var hl = highlight && highlight.day === day ? highlight.districts : [];
    if (selected) hl = hl.concat([selected]);
    window.__frontline_view = { palette: palette, highlight: hl, district: selected || null };
    if (playing) hl = null; // while playing, the player draws the map
    var attempt = function (tries) {
      if (hl === null) return;
      if (renderMap(payload, day, palette, hl) || tries <= 0) return;
      // The map is not plotted yet: look again on the next frame.
      if (document.hidden) setTimeout(function () { attempt(tries - 1); }, 50);
      else window.requestAnimationFrame(function () { attempt(tries - 1); });
    };
    attempt(600);
    renderDate(payload, day);
    // The rest can wait for the map's repaint.
    var token = (window.__frontline_token = (window.__frontline_token || 0) + 1);
    whenIdle(function () {
      if (token !== window.__frontline_token) return; // a newer day came meanwhile
      renderFeed(day);
      renderPanel(payload, selected, day, palette);
      renderShare(payload, day, selected, palette);
      renderArea(payload, day, palette);
    });
  }

  /** The slider's fast path: draw the day the thumb shows as soon as it moves. */
  function watchSlider() {
    // Observe the whole page: Dash may replace the slider's elements after they first appear.
    if (window.__frontline_sliderWatched || !document.body) return;
    window.__frontline_sliderWatched = true;
    new MutationObserver(function (records) {
      var payload = window.__frontline_payload;
      var state = window.__frontline_state;
      if (!payload || !state) return;
      for (var i = records.length - 1; i >= 0; i--) {
        var thumb = records[i].target;
        if (!thumb.closest || !thumb.closest("#date-slider")) continue;
        var day = parseInt(thumb.getAttribute("aria-valuenow"), 10);
        if (isNaN(day) || day === window.__frontline_day) return;
        state.day = day;
        draw(payload, day, state.palette, state.selected, state.highlight);
        return;
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["aria-valuenow"], subtree: true });
  }

  /** Fetch the full payload once; then draw whatever view the page asked for meanwhile. */
  function fetchPayload(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  // The page preloads the payload: start reading it now, while Dash is still starting.
  var early = (function () {
    var link = document.querySelector('link[rel="preload"][as="fetch"][href*="payload"]');
    if (!link || !window.fetch) return null;
    var promise = fetchPayload(link.href);
    promise.catch(function () {}); // reported when the page asks for it (loadPayload)
    return { url: link.href, promise: promise };
  })();

  function loadPayload(meta) {
    if (window.__frontline_payload || window.__frontline_loading || !meta) return;
    window.__frontline_loading = true;
    var url = new URL(meta.payload_url, window.location.href).href;
    var promise = early && early.url === url ? early.promise : fetchPayload(url);
    promise
      .then(function (payload) {
        window.__frontline_payload = payload;
        var st = window.__frontline_state;
        // The map first; the event feed is built once the map has been painted.
        whenIdle(function () { buildFeed(payload); });
        watchSlider();
        watchDrag();
        if (st) draw(payload, st.day, st.palette, st.selected, st.highlight);
      })
      .catch(function (err) {
        window.__frontline_loading = false;
        var notice = document.getElementById("notice");
        if (notice) {
          notice.textContent = "The battle's data could not be loaded (" + err.message +
            "): reload the page; if it persists, the server's log says why.";
          notice.hidden = false;
        }
      });
  }

  function render(day, palette, selected, highlight, meta) {
    if (day === null || day === undefined) return window.dash_clientside.no_update;
    window.__frontline_state = { day: day, palette: palette, selected: selected, highlight: highlight };
    var payload = window.__frontline_payload;
    if (!payload) {
      loadPayload(meta);
      return { day: day, palette: palette, district: selected || null };
    }
    draw(payload, day, palette, selected, highlight);
    return { day: day, palette: palette, district: selected || null };
  }



  function syncUrl(search, day, selected, palette, payload) {
    var ctx = window.dash_clientside.callback_context;
    var nu = window.dash_clientside.no_update;
    var triggered = (ctx.triggered || []).map(function (t) { return t.prop_id; });
    var fromUrl = triggered.length === 0 || triggered.indexOf(".") >= 0 || triggered.indexOf("url.search") >= 0;
    if (fromUrl) {
      var parsed = parseQuery(search, payload, { day: day, palette: "conventional" });
      var notice = parsed.notices.join(" ");
      var query = buildQuery(payload, parsed.day, parsed.district, parsed.palette);
      return [
        parsed.day === day ? nu : parsed.day,
        parsed.district === selected ? nu : parsed.district,
        parsed.palette === palette ? nu : parsed.palette,
        search === query ? nu : query,
        notice,
        notice === "",
      ];
    }
    var q = buildQuery(payload, day, selected, palette);
    return [nu, nu, nu, q === search ? nu : q, "", true];
  }

  // ---------------------------------------------------------------- playback

  /**
   * Playback runs in the browser on requestAnimationFrame: time decides the frame (so a slow
   * repaint never makes the battle lag behind), every frame between days is drawn when the
   * payload has interpolated frames, and the slider follows day by day.
   */
  function newPlayer() {
    return { playing: false, t: 0, frame: 0, speed: 1, loop: false, last: null, raf: null };
  }

  function player() {
    if (!window.__frontline_player) window.__frontline_player = newPlayer();
    return window.__frontline_player;
  }

  function stopPlayer(p) {
    p.playing = false;
    if (p.raf) window.cancelAnimationFrame(p.raf);
    p.raf = null;
    setProps("play", { children: "▶ Play", "aria-pressed": "false" });
    if (window.__frontline_day !== undefined) commitDay(window.__frontline_day, 0);
  }

  function step(now) {
    var p = player();
    var payload = window.__frontline_payload;
    if (!p.playing || !payload) return;
    var lastDay = payload.dates.length - 1;
    var perDay = payload.frames ? payload.per_day : 1;
    if (p.last !== null) p.t += (p.speed * (now - p.last)) / 1000;
    p.last = now;
    var finished = false;
    if (p.t >= lastDay) {
      if (p.loop) p.t = 0;
      else { p.t = lastDay; finished = true; }
    }
    var f = Math.min(lastDay * perDay, Math.floor(p.t * perDay + 1e-9));
    // Never skip a day: when repainting falls behind, show the next day's first frame.
    var nextDay = (Math.floor(p.frame / perDay) + 1) * perDay;
    if (f > nextDay) {
      f = nextDay;
      p.t = f / perDay;
      finished = false; // the last day has not been shown yet
    }
    if (f !== p.frame) {
      p.frame = f;
      var view = window.__frontline_view || { palette: "conventional", highlight: [] };
      renderFrame(payload, f, view.palette, view.highlight);
    }
    var day = Math.floor(f / perDay);
    if (day !== window.__frontline_day) {
      // The date, thumb, feed and panel follow at once; Dash hears of the day on pause.
      var state = window.__frontline_state;
      moveThumb(payload, day);
      if (state) {
        state.day = day;
        draw(payload, day, state.palette, state.selected, state.highlight);
      } else {
        window.__frontline_day = day;
      }
    }
    if (finished) stopPlayer(p);
    else p.raf = window.requestAnimationFrame(step);
  }

  function playback(nClicks, speedValue, loopValue) {
    var ctx = window.dash_clientside.callback_context;
    var nu = window.dash_clientside.no_update;
    var trig = (ctx.triggered || []).map(function (t) { return t.prop_id; });
    var p = player();
    p.speed = speedValue || 1;
    p.loop = !!(loopValue && loopValue.indexOf("loop") >= 0);
    if (trig.indexOf("play.n_clicks") < 0) return [nu, nu];
    var payload = window.__frontline_payload;
    if (!payload) return [nu, nu];
    if (p.playing) {
      stopPlayer(p);
      return ["▶ Play", "false"];
    }
    var perDay = payload.frames ? payload.per_day : 1;
    var day = window.__frontline_day || 0;
    if (day >= payload.dates.length - 1) day = 0;
    p.t = day;
    p.frame = day * perDay;
    p.last = null;
    p.playing = true;
    p.raf = window.requestAnimationFrame(step);
    return ["❚❚ Pause", "true"];
  }

  // ---------------------------------------------------------------- optional street basemap

  var OSM_STYLE = {
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
  function fitZoom(bounds, w, h) {
    var lat2y = function (lat) {
      var s = Math.sin((lat * Math.PI) / 180);
      return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    };
    var dx = (bounds[2] - bounds[0]) / 360;
    var dy = Math.abs(lat2y(bounds[3]) - lat2y(bounds[1]));
    var zoom = Math.min(Math.log2(w / 256 / dx), Math.log2(h / 256 / dy)) - 0.15;
    return { center: { lon: (bounds[0] + bounds[2]) / 2, lat: (bounds[1] + bounds[3]) / 2 }, zoom: zoom };
  }

  function traceBounds(data) {
    var b = [Infinity, Infinity, -Infinity, -Infinity];
    var geo = data[TRACE_DISTRICTS].geojson;
    (geo.features || []).forEach(function (f) {
      JSON.stringify(f.geometry.coordinates).replace(/\[(-?[\d.]+),(-?[\d.]+)\]/g, function (_, x, y) {
        x = +x; y = +y;
        if (x < b[0]) b[0] = x; if (y < b[1]) b[1] = y; if (x > b[2]) b[2] = x; if (y > b[3]) b[3] = y;
        return "";
      });
    });
    return b;
  }

  /**
   * The page loads plotly.js's geo bundle (a third of the full one); tile maps need the
   * full bundle, fetched from the server the first time the street map is asked for.
   */
  function withTileMaps(done) {
    var P = window.Plotly;
    var has = P && P.PlotSchema && P.PlotSchema.get && P.PlotSchema.get().traces.choroplethmap;
    if (has) return done();
    var url = window._dashPlotlyJSURL || "_dash-component-suites/plotly/package_data/plotly.min.js";
    var script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = done;
    script.onerror = function () {
      var notice = document.getElementById("notice");
      if (notice) {
        notice.textContent = "The street map could not be loaded; the map stays as it was.";
        notice.hidden = false;
      }
    };
    document.head.appendChild(script);
  }

  /**
   * Switch the map between the offline vector map (geo traces, the default) and the same
   * layers over OpenStreetMap tiles (map traces), for readers who are online.
   */
  function basemap(value) {
    var gd = graphDiv("map");
    if (!gd || !window.Plotly) return window.dash_clientside.no_update;
    var streets = !!(value && value.indexOf("streets") >= 0);
    if (streets === (gd.dataset.basemap === "streets")) return window.dash_clientside.no_update;
    withTileMaps(function () { switchBasemap(gd, streets); });
    return window.dash_clientside.no_update;
  }

  function switchBasemap(gd, streets) {
    if (!gd.__geoFigure) gd.__geoFigure = { data: gd.data, layout: gd.layout };
    var base = gd.__geoFigure;
    var data, layout;
    if (streets) {
      var shown = gd.__frontlineLines || {};
      data = gd.data.map(function (t, i) {
        var c = Object.assign({}, t);
        if (shown[i]) { c.lon = shown[i].lon; c.lat = shown[i].lat; }
        if (c.type === "choropleth") c.type = "choroplethmap";
        else if (c.type === "scattergeo") c.type = "scattermap";
        if (c.type === "choroplethmap") c.marker = Object.assign({}, c.marker, { opacity: 0.7 });
        // Map symbols other than circles are icons fetched from a CDN: keep to circles.
        if (c.type === "scattermap" && c.marker) c.marker = Object.assign({}, c.marker, { symbol: "circle" });
        return c;
      });
      var box = gd.getBoundingClientRect();
      var fit = fitZoom(traceBounds(data), box.width, box.height);
      layout = Object.assign({}, base.layout, { map: { style: OSM_STYLE, center: fit.center, zoom: fit.zoom } });
      delete layout.geo;
    } else {
      data = gd.data.map(function (t, i) {
        var c = Object.assign({}, t);
        c.type = base.data[i].type;
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
  }

  function mapClick(clickData) {
    if (!clickData || !clickData.points || !clickData.points.length) return window.dash_clientside.no_update;
    var p = clickData.points[0];
    // A district, or a landmark: then the district it stands in.
    if (p.curveNumber === TRACE_DISTRICTS) return p.customdata || p.location;
    if (p.curveNumber === TRACE_LANDMARKS && p.customdata) return p.customdata;
    return window.dash_clientside.no_update;
  }

  function areaClick(clickData) {
    if (!clickData || !clickData.points || !clickData.points.length) return window.dash_clientside.no_update;
    return Math.round(clickData.points[0].x);
  }

  window.frontline = {
    parseQuery: parseQuery,
    buildQuery: buildQuery,
    dayStyle: dayStyle,
    frameStyle: frameStyle,
    mixColour: mixColour,
    hoverText: hoverText,
    colourScale: colourScale,
    sharesText: sharesText,
    embedSnippet: embedSnippet,
  };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    frontline: {
      render: render,
      syncUrl: syncUrl,
      playback: playback,
      basemap: basemap,
      mapClick: mapClick,
      areaClick: areaClick,
    },
  });
})();
