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

  var FACTIONS = ["government", "rebel", "sdf"];
  var SHARE_KEYS = { government: "g", rebel: "r", sdf: "s" };
  var FACTION_LABEL = {
    government: "Government",
    rebel: "Rebels",
    sdf: "SDF",
    contested: "Contested",
  };
  var TRACE_DISTRICTS = 0;
  var TRACE_FRONT = 1;
  var TRACE_LANDMARKS = 4;
  var TRACE_LEGEND_FIRST = 5;
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
      if (payload.colours[palette]) out.palette = palette;
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
        var link = s.url
          ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label })
          : el("span", { text: label });
        var lang = s.language ? el("span", { className: "lang", text: s.language.toUpperCase() }) : null;
        return el("li", {}, [link, lang]);
      })
    );
  }

  // ---------------------------------------------------------------- rendering

  function renderMap(payload, day, palette, highlight) {
    var gd = graphDiv("map");
    if (!gd || !window.Plotly) return false;
    var style = dayStyle(payload, day, palette, highlight);
    var front = payload.fronts[day];
    var pal = payload.palettes[palette] || payload.palettes.conventional;
    window.Plotly.restyle(
      gd,
      {
        colorscale: [style.colorscale],
        hovertext: [style.hovertext],
        "marker.line.color": [style.lineColour],
        "marker.line.width": [style.lineWidth],
      },
      [TRACE_DISTRICTS]
    );
    window.Plotly.restyle(gd, { lon: [front[0]], lat: [front[1]] }, [TRACE_FRONT]);
    if (gd.dataset.palette !== palette) {
      gd.dataset.palette = palette;
      window.Plotly.restyle(
        gd,
        { "marker.color": FACTIONS.map(function (f) { return pal[f]; }),
          "marker.line.color": FACTIONS.map(function (f) { return pal[f]; }) },
        [TRACE_LEGEND_FIRST, TRACE_LEGEND_FIRST + 1, TRACE_LEGEND_FIRST + 2]
      );
    }
    gd.dataset.day = String(day);
    return true;
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

  function renderFeed(day) {
    var feed = document.getElementById("event-feed");
    if (!feed) return;
    var previous = feed.querySelectorAll(".day-group.active");
    for (var i = 0; i < previous.length; i++) previous[i].classList.remove("active");
    var group = feed.querySelector('.day-group[data-day="' + day + '"]');
    if (group) {
      group.classList.add("active");
      var top = group.offsetTop - feed.offsetTop;
      feed.scrollTop = Math.max(0, top - 8);
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

  // ---------------------------------------------------------------- interaction wiring

  function currentPayload() {
    var store = window.__frontline_payload;
    return store || null;
  }

  function goToDay(day, highlight) {
    setProps("date-slider", { value: day });
    if (highlight) setProps("highlight", { data: highlight });
  }

  document.addEventListener("click", function (ev) {
    var payload = currentPayload();
    if (!payload) return;
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
      if (inSlider && (ev.key === "PageUp" || ev.key === "PageDown")) {
        ev.preventDefault();
        ev.stopPropagation();
        var day = window.__frontline_day || 0;
        var next = ev.key === "PageUp" ? day + 7 : day - 7;
        next = Math.max(0, Math.min(payload.dates.length - 1, next));
        setProps("date-slider", { value: next });
      }
    },
    true
  );

  // ---------------------------------------------------------------- Dash clientside callbacks

  function render(day, palette, selected, highlight, payload) {
    if (!payload || day === null || day === undefined) return window.dash_clientside.no_update;
    window.__frontline_payload = payload;
    window.__frontline_day = day;
    var hl = highlight && highlight.day === day ? highlight.districts : [];
    if (selected) hl = hl.concat([selected]);
    var attempt = function (tries) {
      if (renderMap(payload, day, palette, hl) || tries <= 0) return;
      setTimeout(function () { attempt(tries - 1); }, 50);
    };
    attempt(100);
    renderArea(payload, day, palette);
    renderDate(payload, day);
    renderFeed(day);
    renderPanel(payload, selected, day, palette);
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

  function playback(nClicks, nIntervals, disabled, day, loop, payload) {
    var ctx = window.dash_clientside.callback_context;
    var nu = window.dash_clientside.no_update;
    var trig = (ctx.triggered || []).map(function (t) { return t.prop_id; });
    var last = payload.dates.length - 1;
    if (trig.indexOf("play.n_clicks") >= 0) {
      var start = disabled;
      var from = start && day >= last ? 0 : nu;
      return [!start, start ? "❚❚ Pause" : "▶ Play", start ? "true" : "false", from];
    }
    if (trig.indexOf("ticker.n_intervals") >= 0 && !disabled) {
      if (day >= last) {
        if (loop && loop.indexOf("loop") >= 0) return [nu, nu, nu, 0];
        return [true, "▶ Play", "false", nu];
      }
      return [nu, nu, nu, day + 1];
    }
    return [nu, nu, nu, nu];
  }

  function speed(daysPerSecond) {
    return Math.round(1000 / (daysPerSecond || 1));
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
    hoverText: hoverText,
    colourScale: colourScale,
    sharesText: sharesText,
  };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    frontline: {
      render: render,
      syncUrl: syncUrl,
      playback: playback,
      speed: speed,
      mapClick: mapClick,
      areaClick: areaClick,
    },
  });
})();
