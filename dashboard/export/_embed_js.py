"""The script of the ``/embed`` page (see :mod:`dashboard.export.embed_page`), as text.

It lives in a Python module so it ships with the package and the page stays one document.
"""

EMBED_JS = r"""
/*
 * Frontline Atlas, /embed: the map alone, driven by its URL and by postMessage.
 *
 * Query string: date=YYYY-MM-DD, district=<id>, autoplay=1|0, loop=1|0,
 * speed=<days a second, 0.5..4>, controls=none|slider|full, palette=<key> (the server
 * serves the page of that palette). A malformed value falls back to its default, with no
 * error, and is reported as `notice` in the first state message.
 * In:  {type: "frontline:set", date, district, palette, play: true|false, speed}
 *      (every field optional; district null clears it; a new palette reloads the page).
 * Out: {type: "frontline:state", ready, date, district, palette, playing, speed, notice}
 *      to window.parent once when ready and after every change of the view.
 */
(function () {
  "use strict";

  var DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  var ID_RE = /^[a-z0-9][a-z0-9-]{0,80}$/;
  var ANIMATE = {
    mode: "immediate",
    frame: { duration: 0, redraw: true },
    transition: { duration: 0 },
  };

  var fig = JSON.parse(document.getElementById("frontline-figure").textContent);
  var meta = JSON.parse(document.getElementById("frontline-meta").textContent);
  var gd = document.getElementById(meta.div);
  var slider = document.getElementById("slider");
  var dateEl = document.getElementById("date");
  var badge = document.getElementById("badge");
  var playBtn = document.getElementById("play");
  var speedSel = document.getElementById("speed");
  var openLink = document.getElementById("open");

  var lastDay = meta.dates.length - 1;
  var perDay = meta.per_day;
  var lastFrame = meta.frames.length - 1;
  var OUTLINE = [fig.data.length - 2, fig.data.length - 1];
  var framed = window.parent !== window;

  var view = {
    day: 0,
    frame: 0,
    district: null,
    speed: meta.speed.default,
    loop: false,
    controls: "slider",
  };
  var player = { playing: false, t: 0, last: null, raf: null };
  var queue = { busy: false, frame: null, outline: false };
  var ready = false;
  var early = [];

  // ------------------------------------------------------------------ reading values

  function isRealDate(text) {
    if (!DATE_RE.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }

  function short(value) {
    return String(value).slice(0, 40);
  }

  /** The day of an ISO date (clamped into the battle), or null with a notice. */
  function readDay(value, notices) {
    var text = String(value);
    if (!isRealDate(text)) {
      notices.push("date '" + short(value) + "' is not a date (use YYYY-MM-DD)");
      return null;
    }
    var day = meta.dates.indexOf(text);
    if (day >= 0) return day;
    day = text < meta.dates[0] ? 0 : lastDay;
    notices.push("date " + text + " is outside " + meta.dates[0] + ".." + meta.dates[lastDay] +
      "; showing " + meta.dates[day]);
    return day;
  }

  /** A district id, "" for none, or undefined (with a notice) when unknown. */
  function readDistrict(value, notices) {
    if (value === null || value === "") return "";
    var known = typeof value === "string" && ID_RE.test(value) && meta.ids.indexOf(value) >= 0;
    if (known) return value;
    notices.push("unknown district '" + short(value) + "'");
    return undefined;
  }

  function readSpeed(value, notices) {
    var s = typeof value === "number" ? value : String(value).trim() === "" ? NaN : Number(value);
    if (!isFinite(s)) {
      notices.push("speed '" + short(value) + "' is not a number; using " + meta.speed.default);
      return meta.speed.default;
    }
    if (s < meta.speed.min || s > meta.speed.max) {
      var c = Math.min(meta.speed.max, Math.max(meta.speed.min, s));
      notices.push("speed " + s + " is outside " + meta.speed.min + ".." + meta.speed.max +
        "; using " + c);
      return c;
    }
    return s;
  }

  function readFlag(name, value, notices) {
    if (value === true || value === "1" || value === "true") return true;
    if (value === false || value === "0" || value === "false") return false;
    notices.push(name + " '" + short(value) + "' is not 1 or 0");
    return null;
  }

  function parseQuery(search) {
    var q = new URLSearchParams(search || "");
    var out = { day: 0, district: "", autoplay: false, notices: [] };
    if (q.has("date")) {
      var day = readDay(q.get("date"), out.notices);
      if (day !== null) out.day = day;
    }
    if (q.has("district")) out.district = readDistrict(q.get("district"), out.notices) || "";
    if (q.has("autoplay")) {
      out.autoplay = readFlag("autoplay", q.get("autoplay"), out.notices) === true;
    }
    if (q.has("loop")) view.loop = readFlag("loop", q.get("loop"), out.notices) === true;
    if (q.has("speed")) view.speed = readSpeed(q.get("speed"), out.notices);
    if (q.has("controls")) {
      var c = q.get("controls");
      if (meta.controls.indexOf(c) >= 0) view.controls = c;
      else out.notices.push("controls '" + short(c) + "' is not none, slider or full");
    }
    if (q.has("palette") && q.get("palette") !== meta.palette) {
      out.notices.push("unknown palette '" + short(q.get("palette")) + "'; using " + meta.palette);
    }
    return out;
  }

  // ------------------------------------------------------------------ drawing

  /** Apply a frame (and its baseframes) to trace data, as Plotly.animate would. */
  function applyFrame(data, name) {
    var byName = {};
    fig.frames.forEach(function (f) { byName[f.name] = f; });
    var chain = [];
    for (var f = byName[name]; f && chain.indexOf(f) < 0; f = byName[f.baseframe]) chain.push(f);
    chain.reverse().forEach(function (frame) {
      frame.traces.forEach(function (i, k) { Object.assign(data[i], frame.data[k]); });
    });
  }

  function outlineUpdate() {
    var lons = [], lats = [];
    (gd.data[0].geojson.features || []).forEach(function (feature) {
      if (!view.district || (feature.properties || {}).id !== view.district) return;
      var g = feature.geometry || {};
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates || [];
      polygons.forEach(function (polygon) {
        polygon.forEach(function (ring) {
          ring.forEach(function (p) { lons.push(p[0]); lats.push(p[1]); });
          lons.push(null);
          lats.push(null);
        });
      });
    });
    return { lon: [lons, lons], lat: [lats, lats] };
  }

  /** One plotly call at a time; a newer frame replaces one still waiting. */
  function pump() {
    if (queue.busy || !ready) return;
    var job = null;
    if (queue.outline) {
      queue.outline = false;
      var district = view.district || "";
      job = function () {
        return window.Plotly.restyle(gd, outlineUpdate(), OUTLINE).then(function () {
          gd.dataset.district = district;
        });
      };
    } else if (queue.frame !== null) {
      var f = queue.frame;
      queue.frame = null;
      job = function () {
        return window.Plotly.animate(gd, [meta.frames[f]], ANIMATE).then(function () {
          gd.dataset.frame = String(f);
          gd.dataset.day = String(Math.floor(f / perDay));
        });
      };
    }
    if (!job) return;
    queue.busy = true;
    var done = function () {
      queue.busy = false;
      pump();
    };
    job().then(done, done);
  }

  function renderDate() {
    var label = meta.long_labels[view.day];
    slider.value = String(view.day);
    slider.setAttribute("aria-valuetext", label);
    dateEl.textContent = meta.labels[view.day] + " " + meta.dates[view.day].slice(0, 4);
    dateEl.title = label;
    badge.textContent = meta.labels[view.day] + " " + meta.dates[view.day].slice(0, 4);
    var q = new URLSearchParams();
    q.set("date", meta.dates[view.day]);
    if (view.district) q.set("district", view.district);
    if (meta.palette !== "conventional") q.set("palette", meta.palette);
    openLink.href = "./?" + q.toString();
  }

  /** Show frame f; true when that changes the day. */
  function setFrame(f) {
    f = Math.max(0, Math.min(lastFrame, f));
    var day = Math.floor(f / perDay);
    var changed = day !== view.day;
    view.frame = f;
    view.day = day;
    queue.frame = f;
    pump();
    renderDate();
    return changed;
  }

  function setDistrict(id) {
    view.district = id || null;
    queue.outline = true;
    pump();
    renderDate();
  }

  function post(notice, first) {
    if (!framed) return;
    window.parent.postMessage({
      type: "frontline:state",
      ready: !!first,
      date: meta.dates[view.day],
      district: view.district,
      palette: meta.palette,
      playing: player.playing,
      speed: view.speed,
      notice: notice || null,
    }, "*");
  }

  // ------------------------------------------------------------------ playback

  /** Time decides the picture; a slow repaint slows playback but never skips a day. */
  function tick(now) {
    if (!player.playing) return;
    if (player.last !== null) player.t += (view.speed * (now - player.last)) / 1000;
    player.last = now;
    // With loop, the last day stays on screen for a day's time before the start comes back.
    if (player.t >= lastDay + (view.loop ? 1 : 0)) player.t = view.loop ? 0 : lastDay;
    var f = Math.min(lastFrame, Math.floor(player.t * perDay + 1e-9));
    var nextDay = (Math.floor(view.frame / perDay) + 1) * perDay;
    if (f > nextDay) {
      f = nextDay;
      player.t = f / perDay;
    }
    if (f !== view.frame && !queue.busy && setFrame(f)) post();
    if (!view.loop && view.frame === lastFrame) {
      pause();
      post();
      return;
    }
    player.raf = window.requestAnimationFrame(tick);
  }

  function renderPlay() {
    playBtn.textContent = player.playing ? "\u275a\u275a" : "\u25b6";
    playBtn.setAttribute("aria-label", player.playing ? "Pause" : "Play");
    playBtn.setAttribute("aria-pressed", player.playing ? "true" : "false");
    document.body.dataset.playing = player.playing ? "1" : "0";
  }

  function play() {
    if (player.playing) return;
    if (view.frame >= lastFrame) setFrame(0);
    player.t = view.frame / perDay;
    player.last = null;
    player.playing = true;
    player.raf = window.requestAnimationFrame(tick);
    renderPlay();
  }

  function pause() {
    player.playing = false;
    if (player.raf) window.cancelAnimationFrame(player.raf);
    player.raf = null;
    renderPlay();
  }

  // ------------------------------------------------------------------ messages and controls

  function reloadWith(palette) {
    var q = new URLSearchParams();
    q.set("date", meta.dates[view.day]);
    if (view.district) q.set("district", view.district);
    q.set("palette", palette);
    q.set("controls", view.controls);
    q.set("speed", String(view.speed));
    if (player.playing) q.set("autoplay", "1");
    if (view.loop) q.set("loop", "1");
    window.location.replace(window.location.pathname + "?" + q.toString());
  }

  function apply(m) {
    var notices = [];
    if ("district" in m) {
      var id = readDistrict(m.district, notices);
      if (id !== undefined) setDistrict(id);
    }
    if ("date" in m) {
      var day = readDay(m.date, notices);
      if (day !== null) {
        setFrame(day * perDay);
        player.t = day;
        player.last = null;
      }
    }
    if ("speed" in m) {
      view.speed = readSpeed(m.speed, notices);
      speedSel.value = String(view.speed);
    }
    if ("play" in m) {
      var on = readFlag("play", m.play, notices);
      if (on === true) play();
      else if (on === false) pause();
    }
    if ("palette" in m && m.palette !== meta.palette) {
      if (meta.palettes.indexOf(m.palette) >= 0) return reloadWith(m.palette);
      notices.push("unknown palette '" + short(m.palette) + "'");
    }
    post(notices.join("; "));
  }

  window.addEventListener("message", function (ev) {
    if (!framed || ev.source !== window.parent) return;
    var m = ev.data;
    if (!m || typeof m !== "object" || m.type !== "frontline:set") return;
    if (ready) apply(m);
    else early.push(m);
  });

  slider.addEventListener("input", function () {
    var was = player.playing;
    pause();
    if (setFrame(parseInt(slider.value, 10) * perDay) || was) post();
  });
  playBtn.addEventListener("click", function () {
    if (player.playing) pause();
    else play();
    post();
  });
  speedSel.addEventListener("change", function () {
    view.speed = readSpeed(speedSel.value, []);
    post();
  });

  function onClick(ev) {
    var p = ev && ev.points && ev.points[0];
    if (!p) return;
    var id = null;
    if (p.curveNumber === meta.traces.districts) id = p.location;
    else if (p.curveNumber === meta.traces.landmarks) id = p.customdata;
    if (!id || meta.ids.indexOf(id) < 0) return;
    setDistrict(id === view.district ? null : id);
    post();
  }

  // ------------------------------------------------------------------ start

  var query = parseQuery(window.location.search);
  document.body.className = "controls-" + view.controls;
  speedSel.value = String(view.speed);
  view.day = query.day;
  view.frame = query.day * perDay;
  view.district = query.district || null;
  renderDate();
  renderPlay();
  if (!window.Plotly) {
    gd.textContent = "The map could not load.";
    return;
  }
  applyFrame(fig.data, meta.frames[view.frame]);
  var config = { displayModeBar: false, responsive: true, scrollZoom: false, displaylogo: false };
  window.Plotly.newPlot(gd, fig.data, fig.layout, config)
    .then(function () { return window.Plotly.addFrames(gd, fig.frames); })
    .then(function () {
      gd.dataset.frame = String(view.frame);
      gd.dataset.day = String(view.day);
      gd.on("plotly_click", onClick);
      ready = true;
      if (view.district) setDistrict(view.district);
      else gd.dataset.district = "";
      if (query.autoplay) play();
      document.body.dataset.ready = "1";
      post(query.notices.join("; "), true);
      early.splice(0).forEach(apply);
    });
})();
"""
