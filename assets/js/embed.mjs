/*
 * Frontline Atlas, /embed: the map alone, driven by its URL and by postMessage.
 *
 * The page (dashboard/export/embed_page.py) holds the figure (#frontline-figure), its own
 * description (#frontline-meta) and the controls (#play, #slider, #date, #speed, #open,
 * #badge; #prev and #next on a phone); startEmbed() draws the map and wires them. The query string and the messages are
 * read by embed-params.mjs and embed-messaging.mjs, playback is the shared engine of
 * playback.mjs and the map is drawn by embed-map.mjs. On the plot's element, data-frame,
 * data-day and data-district tell what the map shows; on <body>, data-ready="1" once the
 * map is drawn and data-playing="1" while it plays.
 */

import { paintCompare } from "./compare-map.mjs";
import { applyFrame, MapQueue } from "./embed-map.mjs";
import { dropFirstPaint } from "./firstpaint.mjs";
import { isSetMessage, readSet, stateMessage } from "./embed-messaging.mjs";
import { atlasQuery, readQuery, readSpeed, reloadQuery } from "./embed-params.mjs";
import { watchMapGestures } from "./gestures.mjs";
import { watchNames } from "./names.mjs";
import { dayOf, momentOf, Player } from "./playback.mjs";
import { startEmbedStory } from "./story-embed.mjs";
import { parseCompare } from "./url.mjs";

const PLAY = "\u25b6";
const PAUSE = "\u275a\u275a";
const CONFIG = { displayModeBar: false, responsive: true, scrollZoom: false, displaylogo: false };

/** The rings of district `id` in a GeoJSON collection, as lon/lat arrays split by nulls. */
export function outlineOf(features, id) {
  const lons = [];
  const lats = [];
  for (const feature of features || []) {
    if (!id || (feature.properties || {}).id !== id) continue;
    const g = feature.geometry || {};
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates || [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (const p of ring) {
          lons.push(p[0]);
          lats.push(p[1]);
        }
        lons.push(null);
        lats.push(null);
      }
    }
  }
  return { lon: [lons, lons], lat: [lats, lats] };
}

/** The short date the bar and the badge show: "28 Nov 2016". */
export function shortDate(meta, day) {
  return `${meta.labels[day]} ${meta.dates[day].slice(0, 4)}`;
}

/** Draw the map of the page and wire its controls, its URL and its messages. */
export function startEmbed(win = window) {
  const doc = win.document;
  const fig = JSON.parse(doc.getElementById("frontline-figure").textContent);
  const meta = JSON.parse(doc.getElementById("frontline-meta").textContent);
  const gd = doc.getElementById(meta.div);
  const slider = doc.getElementById("slider");
  const dateEl = doc.getElementById("date");
  const badge = doc.getElementById("badge");
  const playBtn = doc.getElementById("play");
  const speedSel = doc.getElementById("speed");
  const openLink = doc.getElementById("open");

  const perDay = meta.per_day;
  const outlineTraces = [fig.data.length - 2, fig.data.length - 1];
  const framed = win.parent !== win;
  const query = readQuery(meta, win.location.search);
  const compared = parseCompare(win.location.search, meta);
  query.notices.push(...compared.notices);
  const view = {
    day: query.day,
    district: query.district || null,
    controls: query.controls,
    compare: compared.compare,
    arrows: compared.arrows,
  };
  const comparisons = new Map(); // "A|B" -> the compare route's answer (or a promise of it)
  const early = [];
  let ready = false;
  let quiet = false; // a pause the caller reports itself
  let placeNames = null; // names placed for the map's size and zoom (names.mjs)

  const map = new MapQueue({ plotly: win.Plotly, gd, names: meta.frames, perDay });
  const player = new Player({
    days: meta.dates.length,
    perDay,
    speed: query.speed,
    loop: query.loop,
    moment: momentOf(query.day, perDay),
    schedule: (cb) => win.requestAnimationFrame(cb),
    cancel: (h) => win.cancelAnimationFrame(h),
    onMoment(index) {
      if (player.playing && map.busy) return false; // drawing: ask again next frame
      if (showMoment(index) && player.playing) post();
      return true;
    },
    onStop() {
      renderPlay();
      if (!quiet) post();
    },
  });

  function post(notice, first) {
    if (!framed) return;
    const message = stateMessage({
      ready: first,
      date: meta.dates[view.day],
      district: view.district,
      palette: meta.palette,
      playing: player.playing,
      speed: player.speed,
      notice,
    });
    win.parent.postMessage(message, "*");
  }

  function renderDate() {
    const label = meta.long_labels[view.day];
    slider.value = String(view.day);
    slider.setAttribute("aria-valuetext", label);
    dateEl.textContent = shortDate(meta, view.day);
    dateEl.title = label;
    badge.textContent = shortDate(meta, view.day);
    if (view.compare !== null) badge.textContent += ` · changes since ${meta.labels[view.compare]}`;
    openLink.href = `./${atlasQuery(meta, view.day, view.district, view)}`;
    // No day before the first or after the last: those buttons cannot be pressed.
    for (const [id, off] of [
      ["prev", view.day <= 0],
      ["next", view.day >= meta.dates.length - 1],
    ]) {
      const button = doc.getElementById(id);
      const aria = off ? "true" : "false";
    if (!button || (button.disabled === off && button.getAttribute("aria-disabled") === aria)) continue;
      button.disabled = off;
      button.setAttribute("aria-disabled", aria);
    }
  }

  /** The compare view (?compare=A): the districts changed since A outlined, A's front, arrows. */
  function renderCompare() {
    if (view.compare === null || !ready) return;
    const a = view.compare;
    const b = view.day;
    const ctxOf = (body) => ({
      style: body.overlay,
      ids: meta.ids,
      names: meta.names,
      dates: meta.dates,
      labels: meta.labels,
      factions: body.factions,
      factionLabels: body.labels,
      colours: body.palettes[meta.palette] || body.palettes[meta.default_palette],
      districts: meta.traces.districts,
    });
    if (b < a) {
      const any = comparisons.values().next().value;
      if (any && !any.then) map.run("compare", () => Promise.resolve(paintCompare(gd, ctxOf(any), null)));
      gd.dataset.compared = "";
      return;
    }
    const key = `${a}|${b}`;
    const known = comparisons.get(key);
    if (known && !known.then) {
      const shown = {
        a,
        rows: known.rows,
        front: known.front_from,
        arrows: view.arrows ? known.arrows : null,
        sig: `${key}|${view.arrows ? 1 : 0}`,
      };
      map.run("compare", () => Promise.resolve(paintCompare(gd, ctxOf(known), shown)));
      gd.dataset.compared = String(known.rows.length);
      return;
    }
    if (known) return;
    const url = new URL("_frontline/compare", win.location.href);
    url.searchParams.set("from", meta.dates[a]);
    url.searchParams.set("to", meta.dates[b]);
    const asked = win
      .fetch(url.href, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body) => {
        comparisons.set(key, body);
        if (view.day === b && view.compare === a) renderCompare();
      })
      .catch(() => comparisons.delete(key));
    comparisons.set(key, asked);
  }

  function renderPlay() {
    const on = player.playing;
    playBtn.textContent = on ? PAUSE : PLAY;
    playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
    playBtn.setAttribute("aria-pressed", on ? "true" : "false");
    doc.body.dataset.playing = on ? "1" : "0";
  }

  /** Draw moment `index`; true when that changes the day. */
  function showMoment(index) {
    const day = dayOf(index, perDay);
    const changed = day !== view.day;
    view.day = day;
    map.show(index);
    renderDate();
    if (changed) renderCompare();
    return changed;
  }

  function play() {
    player.play();
    renderPlay();
  }

  /** Pause without the state message of onStop (the caller sends one). */
  function pause() {
    quiet = true;
    player.pause();
    quiet = false;
  }

  function seekDay(day) {
    const index = momentOf(day, perDay);
    const changed = showMoment(index);
    player.seek(index);
    return changed;
  }

  function setDistrict(id) {
    view.district = id || null;
    map.run("outline", () => {
      const district = view.district || "";
      const update = outlineOf(gd.data[0].geojson.features, view.district);
      return win.Plotly.restyle(gd, update, outlineTraces).then(() => {
        gd.dataset.district = district;
      });
    });
    if (placeNames) placeNames(); // the chosen district's name first
    renderDate();
  }

  function apply(message) {
    const asked = readSet(meta, message);
    if ("district" in asked) setDistrict(asked.district);
    if ("day" in asked) seekDay(asked.day);
    if ("speed" in asked) {
      player.setSpeed(asked.speed);
      speedSel.value = String(player.speed);
    }
    if (asked.play === true) play();
    else if (asked.play === false) pause();
    if (asked.palette) {
      const now = { ...view, speed: player.speed, loop: player.loop, playing: player.playing };
      win.location.replace(`${win.location.pathname}?${reloadQuery(meta, now, asked.palette)}`);
      return;
    }
    post(asked.notices.join("; "));
  }

  win.addEventListener("message", (ev) => {
    if (!framed || ev.source !== win.parent || !isSetMessage(ev.data)) return;
    if (ready) apply(ev.data);
    else early.push(ev.data);
  });
  slider.addEventListener("input", () => {
    const was = player.playing;
    pause();
    if (seekDay(parseInt(slider.value, 10)) || was) post();
  });
  for (const [id, step] of [
    ["prev", -1],
    ["next", 1],
  ]) {
    const button = doc.getElementById(id);
    if (!button) continue;
    button.addEventListener("click", () => {
      const was = player.playing;
      pause();
      const day = Math.max(0, Math.min(meta.dates.length - 1, view.day + step));
      if (seekDay(day) || was) post();
    });
  }
  playBtn.addEventListener("click", () => {
    if (player.playing) pause();
    else play();
    post();
  });
  speedSel.addEventListener("change", () => {
    player.setSpeed(readSpeed(meta, speedSel.value, []));
    post();
  });

  function onClick(ev) {
    const p = ev && ev.points && ev.points[0];
    if (!p) return;
    let id = null;
    if (p.curveNumber === meta.traces.districts) id = p.location;
    else if (p.curveNumber === meta.traces.landmarks) id = p.customdata;
    if (!id || !meta.ids.includes(id)) return;
    setDistrict(id === view.district ? null : id);
    post();
  }

  watchMapGestures("#map-box", win, {
    onTap(id) {
      // As a click does (see onClick).
      if (!ready || !meta.ids.includes(id)) return;
      setDistrict(id === view.district ? null : id);
      post();
    },
  });
  doc.body.className = `controls-${view.controls}`;
  speedSel.value = String(player.speed);
  renderDate();
  renderPlay();
  if (!win.Plotly) {
    gd.textContent = "The map could not load.";
    return;
  }
  const story = startEmbedStory({ win, meta, gd, seekDay, setDistrict, post: () => post(), run: (k, job) => map.run(k, job) });
  const first = momentOf(view.day, perDay);
  applyFrame(fig.frames, fig.data, meta.frames[first]);
  win.Plotly.newPlot(gd, fig.data, fig.layout, CONFIG)
    .then(() => win.Plotly.addFrames(gd, fig.frames))
    .then(() => {
      gd.dataset.frame = String(first);
      gd.dataset.day = String(view.day);
      gd.on("plotly_click", onClick);
      ready = true;
      map.start();
      placeNames = watchNames(
        win.Plotly,
        gd,
        meta.names_layer,
        () => ({ day: view.day, highlight: view.district ? [view.district] : [] }),
        (job) => map.run("names", job),
      );
      if (view.district) setDistrict(view.district);
      else gd.dataset.district = "";
      story.begin();
      renderCompare();
      if (query.autoplay) play();
      doc.body.dataset.ready = "1";
      dropFirstPaint(doc); // the server's picture of the view (dashboard/firstpaint.py)
      post(query.notices.concat(story.notices).join("; "), true);
      for (const message of early.splice(0)) apply(message);
    });
}
