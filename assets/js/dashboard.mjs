/*
 * Frontline Atlas: the clientside half of the dashboard (the entry module).
 *
 * The server sends every day's state once (the payload); everything that follows the
 * chosen day happens here, with no server round trip: recolouring the map, the front line,
 * the date display, the event feed highlight, the district panel, the area-chart marker and
 * the URL. Text from the data is always inserted with textContent, never as HTML.
 * A story (?story=NAME&step=N, story.mjs) is read with the rest of the URL in syncUrl: its
 * step gives the date, district and comparison a link does not name itself.
 *
 * This module wires the others and puts Dash's clientside callbacks (see
 * dashboard/callbacks.py) in `window.dash_clientside.frontline`, the page's one global.
 * The server sends it and every module it imports as one classic script
 * (dashboard/export/modules.py, the same inliner as the offline HTML page), placed before
 * Dash's renderer: `startDashboard` runs while the page is parsed, so the callbacks exist
 * before Dash calls any, and the page makes one request for its code, not one per module.
 */

import { watchAria } from "./aria.mjs";
import { setBasemap } from "./basemap.mjs";
import { clickedDay } from "./chart.mjs";
import { redraw, setCompareState, watchCompare } from "./compare-view.mjs";
import { watchChooser } from "./chooser.mjs";
import { loadPayload, readPreloaded } from "./data.mjs";
import { setProps } from "./dom.mjs";
import { holdFirstPaint } from "./firstpaint.mjs";
import { watchMapGestures } from "./gestures.mjs";
import { togglePlay, player } from "./play.mjs";
import { onCopyClick } from "./share.mjs";
import { onKey } from "./slider.mjs";
import { page } from "./state.mjs";
import { goStep, renderStory, setStory, storiesOf, storyExtra, watchStory } from "./story.mjs";
import { watchBuilder } from "./story-builder.mjs";
import { readStoryQuery, stepOf, storyQuery } from "./story-nav.mjs";
import { watchTable } from "./table.mjs";
import { defaultPalette, parseCompare, parseQuery } from "./url.mjs";
import { draw } from "./view.mjs";

function noUpdate() {
  return window.dash_clientside.no_update;
}

/** Dash's callback for the day, palette, selection and highlight. */
function render(day, palette, selected, highlight, meta) {
  if (day === null || day === undefined) return noUpdate();
  page.asked = { day, palette, selected, highlight };
  if (!page.payload) {
    loadPayload(meta);
  } else {
    draw(page.payload, day, palette, selected, highlight);
    renderStory();
  }
  return { day, palette, district: selected || null };
}

/** The URL and the view, kept in step both ways (a new URL sets the view, and back). */
function syncUrl(search, day, selected, palette, meta) {
  const ctx = window.dash_clientside.callback_context;
  const nu = noUpdate();
  const triggered = (ctx.triggered || []).map((t) => t.prop_id);
  const fromUrl =
    triggered.length === 0 || triggered.indexOf(".") >= 0 || triggered.indexOf("url.search") >= 0;
  if (fromUrl) {
    const parsed = parseQuery(search, meta, { day, palette: defaultPalette(meta) });
    // A story's step gives the date, district and comparison a link does not name itself.
    const compared = parseCompare(search, meta);
    const stories = { ...meta, stories: storiesOf(meta) };
    const st = readStoryQuery(search, stories, parsed.day);
    const step = st.story ? stepOf(stories, st.story, st.step) : null;
    if (step && !st.dated) {
      parsed.day = step.day;
      if (parsed.district === null) parsed.district = step.focus || null;
      if (compared.compare === null && step.compare_day !== null && step.compare_day !== undefined) {
        compared.compare = step.compare_day;
      }
    }
    setStory(st);
    if (setCompareState(compared)) setTimeout(redraw, 0); // after Dash's render, if any
    const notice = parsed.notices.concat(compared.notices, st.notices).join(" ");
    const query = storyQuery(meta, parsed.day, parsed.district, parsed.palette, storyExtra());
    return [
      parsed.day === day ? nu : parsed.day,
      parsed.district === selected ? nu : parsed.district,
      parsed.palette === palette ? nu : parsed.palette,
      search === query ? nu : query,
      notice,
      notice === "",
    ];
  }
  const q = storyQuery(meta, day, selected, palette, storyExtra());
  return [nu, nu, nu, q === search ? nu : q, "", true];
}

/** The Play button, the speed and the loop switch. */
function playback(nClicks, speedValue, loopValue) {
  const ctx = window.dash_clientside.callback_context;
  const nu = noUpdate();
  const trig = (ctx.triggered || []).map((t) => t.prop_id);
  const p = player();
  p.setSpeed(speedValue || 1);
  p.setLoop(!!(loopValue && loopValue.indexOf("loop") >= 0));
  if (trig.indexOf("play.n_clicks") < 0 || !page.payload) return [nu, nu];
  return togglePlay(page.payload) ? ["❚❚ Pause", "true"] : ["▶ Play", "false"];
}

function basemap(value) {
  setBasemap(value);
  return noUpdate();
}

/** A click on the map: a district, or a landmark (then the district it stands in). */
function mapClick(clickData) {
  const payload = page.payload;
  if (!payload || !clickData || !clickData.points || !clickData.points.length) return noUpdate();
  const p = clickData.points[0];
  const traces = payload.map.traces;
  if (p.curveNumber === traces.districts) return p.customdata || p.location;
  if (p.curveNumber === traces.landmarks && p.customdata) return p.customdata;
  return noUpdate();
}

function areaClick(clickData) {
  const day = clickedDay(clickData);
  return day === null ? noUpdate() : day;
}

/** Clicks on the copy buttons, the feed's events, the panel's strip and event links. */
function onClick(ev) {
  if (!page.payload || !ev.target.closest) return;
  const copy = ev.target.closest("#copy-link, #copy-embed");
  if (copy) {
    onCopyClick(copy);
    return;
  }
  const target = ev.target.closest("[data-day]");
  if (!target || ev.target.closest("a")) return;
  const day = parseInt(target.getAttribute("data-day"), 10);
  if (Number.isNaN(day) || day < 0) return;
  if (target.classList.contains("event")) {
    const districts = (target.getAttribute("data-districts") || "").split(" ").filter(Boolean);
    setProps("date-slider", { value: day });
    setProps("highlight", { data: { day, districts } });
  } else if (target.classList.contains("cell") || target.classList.contains("event-link")) {
    setProps("date-slider", { value: day });
  }
}

/**
 * Start the dashboard: read the preloaded payload, listen for clicks and keys, give Dash its
 * clientside callbacks, and announce it with the event "frontline:ready" (its `detail` is
 * the page state, for tools that drive the page).
 */
export function startDashboard() {
  // The map has no world outline: plotly finds its (empty) topology here instead of
  // fetching assets/topojson/world_110m.json before it can draw.
  const geoAssets = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || {});
  geoAssets.topojson = geoAssets.topojson || {};
  if (!geoAssets.topojson.world_110m) {
    geoAssets.topojson.world_110m = { type: "Topology", objects: {}, arcs: [] };
  }
  holdFirstPaint();
  readPreloaded();
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey, true);
  // A tap on a district opens its panel, as a click does (see mapClick).
  watchMapGestures(".map-box", window, { onTap: (id) => setProps("selected-district", { data: id }) });
  watchChooser(() => page.payload);
  watchAria();
  watchTable(() => page.payload, () => page.day);
  watchStory();
  watchBuilder((name) => goStep(name, 1));
  watchCompare(draw);
  const dc = (window.dash_clientside = window.dash_clientside || {});
  dc.frontline = Object.assign(dc.frontline || {}, {
    render,
    syncUrl,
    playback,
    basemap,
    mapClick,
    areaClick,
  });
  document.dispatchEvent(new CustomEvent("frontline:ready", { detail: page }));
}
