/*
 * Story mode in the dashboard: ?story=NAME&step=N shows a story's step (its title, date,
 * caption, events and sources) in the story panel and eases the map to it (the date the
 * way the slider moves it, the focus district selected, the zoom and centre animated).
 * Previous/Next buttons, ←/→ (when the focus is not in a text field or the slider) and a
 * swipe on the panel move between steps; "Exit story" goes back to the free view at the
 * same date. Every move is a new URL (pushState, which Dash's Location hears): reload, back
 * and forward keep the step, and dashboard.mjs's syncUrl reads it back through
 * readStoryQuery. The stories menu starts a story; the builder is story-builder.mjs.
 */

import { redraw, setCompareState } from "./compare-view.mjs";
import { el, graphDiv, sourceList } from "./dom.mjs";
import { goToDayNow } from "./slider.mjs";
import { page } from "./state.mjs";
import { draftStories } from "./story-builder.mjs";
import { districtBox, easeView, homeCentre, moveStep, stepAnnouncement, stepEvents, stepOf, stepQuery, stepSources, stepView, storyQuery, swipeOf } from "./story-nav.mjs";

const EASE_MS = 650;

/** The stories a link may name: the scenario's and this tab's draft (see story-builder.mjs). */
export function storiesOf(meta) {
  return Object.assign({}, meta.stories || {}, draftStories(meta));
}

/** The payload (or the page's small store) with the draft among its stories. */
function withDraft(meta) {
  return Object.assign({}, meta, { stories: storiesOf(meta) });
}

/** Go to a URL of this page: a new history entry that Dash's Location (and so syncUrl) hears. */
export function pushQuery(query) {
  if (!query || query === window.location.search) return;
  window.history.pushState({}, "", window.location.pathname + query);
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
}

/** The palette the page shows. */
function palette() {
  const payload = page.payload;
  return (page.asked && page.asked.palette) || (payload && payload.map.default_palette);
}

/** Show step `n` of story `name`: the map moves at once, the URL follows. */
export function goStep(name, n) {
  const payload = page.payload;
  if (!payload) return;
  const meta = withDraft(payload);
  const step = stepOf(meta, name, n);
  if (!step) return;
  // The page moves at once (quick presses add up); the URL, read back by syncUrl, agrees.
  page.story = { name, step: n };
  const compare = step.compare_day === undefined ? null : step.compare_day;
  if (setCompareState({ compare, arrows: false })) setTimeout(redraw, 0);
  renderStory();
  easeMap(step);
  goToDayNow(step.day);
  pushQuery(stepQuery(meta, name, n, palette()));
}

/** Leave the story: the same date and district, no story, no comparison. */
export function exitStory() {
  const payload = page.payload;
  if (!payload || !page.story) return;
  const day = page.day !== undefined ? page.day : 0;
  const district = (page.asked && page.asked.selected) || null;
  pushQuery(storyQuery(payload, day, district, palette(), {}));
}

// --- the map's zoom and centre -------------------------------------------------------------

function geoOf(gd) {
  const sub = gd && gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
  return sub && sub.projection && sub.fitScale ? sub : null;
}

function features(gd) {
  const gj = gd.data[page.payload.map.traces.districts].geojson;
  return (gj && gj.features) || [];
}

function relayoutTo(gd, view) {
  return window.Plotly.relayout(gd, {
    "geo.projection.scale": view.scale,
    "geo.center.lon": view.centre[0],
    "geo.center.lat": view.centre[1],
    "geo.fitbounds": false,
  });
}

/**
 * Ease the map to a step's zoom and centre (or to the whole map for `step` null): one
 * relayout per animation frame for EASE_MS, at once when the reader prefers less motion.
 * A newer ease stops an older one.
 */
export function easeMap(step, tries) {
  const gd = graphDiv("map");
  const sub = geoOf(gd);
  if (!sub || !window.Plotly || !page.payload || gd.dataset.basemap === "streets") {
    if ((tries || 0) < 200) setTimeout(() => easeMap(step, (tries || 0) + 1), 50);
    return;
  }
  const home = gd.__storyHome || (gd.__storyHome = homeCentre(features(gd)));
  if (!home) return;
  const box = step && step.focus ? districtBox(features(gd), step.focus) : null;
  const target = stepView(step, box, home);
  const proj = sub.projection;
  const from = { scale: proj.scale() / sub.fitScale, centre: proj.invert(sub.midPt) };
  const near = Math.abs(Math.log(from.scale / target.scale)) < 0.01 &&
    Math.abs(from.centre[0] - target.centre[0]) < 1e-4 && Math.abs(from.centre[1] - target.centre[1]) < 1e-4;
  const token = (gd.__storyEase = (gd.__storyEase || 0) + 1);
  if (near) return;
  const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const start = performance.now();
  const frame = () => {
    if (gd.__storyEase !== token) return;
    const t = still ? 1 : Math.min(1, (performance.now() - start) / EASE_MS);
    Promise.resolve(relayoutTo(gd, easeView(from, target, t))).then(() => {
      if (t < 1) window.requestAnimationFrame(frame);
      else gd.dataset.storyZoom = String(target.scale);
    });
  };
  frame();
}

// --- the panel ---------------------------------------------------------------------------------

function setText(panel, selector, text) {
  const node = panel.querySelector(selector);
  if (node && node.textContent !== text) node.textContent = text;
}

function eventList(events) {
  return el(
    "ul",
    { className: "story-events", "aria-label": "Events" },
    events.map((e) =>
      el("li", {}, [
        el("button", { type: "button", className: "story-event", "data-story-event": e.id }, [
          el("span", { className: "when", text: e.date }),
          document.createTextNode(" " + e.title),
        ]),
      ]),
    ),
  );
}

/** Fill the panel with the open story's step (hide it when no story is open). */
export function renderStory() {
  const panel = document.getElementById("story-panel");
  const menu = document.getElementById("story-menu");
  if (!panel) return;
  const open = page.story;
  panel.hidden = !open;
  if (menu) menu.classList.toggle("playing", !!open);
  document.body.classList.toggle("story-open", !!open);
  if (!open) return;
  const payload = page.payload;
  const stories = payload ? storiesOf(payload) : {};
  const story = stories[open.name];
  if (!story) return; // the payload is on its way: drawn again when it arrives
  const n = open.step;
  const count = story.steps.length;
  const step = story.steps[n - 1];
  setText(panel, ".story-title", story.title);
  setText(panel, ".story-count", "Step " + n + " of " + count);
  setText(panel, ".story-step-title", step.title || "Step " + n);
  setText(panel, ".story-date", payload.long_labels[step.day]);
  setText(panel, ".story-caption", step.caption);
  panel.dataset.step = String(n);
  panel.dataset.story = open.name;
  const prev = document.getElementById("story-prev");
  const next = document.getElementById("story-next");
  const focused = document.activeElement;
  prev.disabled = n <= 1;
  next.disabled = n >= count;
  // A button that just became disabled loses the focus: give it to the other one.
  if (focused === prev && prev.disabled && !next.disabled) next.focus();
  if (focused === next && next.disabled && !prev.disabled) prev.focus();
  const refs = panel.querySelector(".story-refs");
  const key = open.name + "|" + n;
  if (refs.dataset.key !== key) {
    refs.dataset.key = key;
    refs.textContent = "";
    const events = stepEvents(payload.events, step);
    if (events.length) {
      refs.appendChild(el("h3", { text: "Events" }));
      refs.appendChild(eventList(events));
    }
    const sources = stepSources(payload.events, step);
    if (sources.length) {
      refs.appendChild(el("h3", { text: "Sources" }));
      refs.appendChild(sourceList(sources));
    }
  }
  const region = document.getElementById("story-announce");
  if (region && region.dataset.key !== key) {
    region.dataset.key = key;
    region.textContent = stepAnnouncement(story, n);
  }
}

/**
 * The story the URL asks for (from syncUrl): `st` = {story, step} of readStoryQuery. Keeps
 * it in the page state, fills the panel and, when the step changed, eases the map to it.
 */
export function setStory(st) {
  const before = page.story;
  page.story = st.story ? { name: st.story, step: st.step } : null;
  const same = before && page.story && before.name === page.story.name && before.step === page.story.step;
  renderStory();
  if (!page.story && before) easeMap(null);
  if (page.story && !same) {
    const step = () => {
      const payload = page.payload;
      if (!payload) {
        setTimeout(step, 50);
        return;
      }
      renderStory();
      const meta = withDraft(payload);
      if (page.story) easeMap(stepOf(meta, page.story.name, page.story.step));
    };
    step();
  }
}

/** The story, step and compare day to keep in the URL when the reader changes the view. */
export function storyExtra() {
  const s = page.story;
  const c = page.compare;
  return { compare: c.day, arrows: c.arrows, story: s ? s.name : null, step: s ? s.step : null };
}

// --- clicks, keys and swipes ----------------------------------------------------------------------

function move(by) {
  const s = page.story;
  const payload = page.payload;
  if (!s || !payload) return;
  const story = storiesOf(payload)[s.name];
  if (!story) return;
  const n = moveStep(s.step, by, story.steps.length);
  if (n !== s.step) goStep(s.name, n);
}

/** An event of the step: shown in the feed (scrolled to, its button focused). */
function openInFeed(id) {
  const item = document.querySelector('#event-feed li.event[data-event="' + CSS.escape(id) + '"]');
  if (!item) return;
  const button = item.querySelector("button.event-show");
  item.classList.add("story-picked");
  setTimeout(() => item.classList.remove("story-picked"), 2000);
  if (button) button.focus();
  item.scrollIntoView({ block: "nearest" });
}

function onClick(ev) {
  const t = ev.target.closest ? ev.target : null;
  if (!t) return;
  const start = t.closest(".story-start");
  if (start) {
    const details = start.closest("details");
    if (details) details.open = false;
    goStep(start.getAttribute("data-story"), 1);
    return;
  }
  if (t.closest("#story-prev")) move(-1);
  else if (t.closest("#story-next")) move(1);
  else if (t.closest("#story-exit")) exitStory();
  else {
    const e = t.closest(".story-event");
    if (e) openInFeed(e.getAttribute("data-story-event"));
  }
}

const KEEP_ARROWS =
  "input, textarea, select, [contenteditable=true], #date-slider, [role=slider], [role=radio], " +
  "[role=listbox], [role=combobox], [role=option], [role=tab], .strip, .js-plotly-plot";

/** ← and → move through the story, unless the focus is where arrows mean something else. */
function onKey(ev) {
  if (!page.story || (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight")) return;
  if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
  if (ev.target.closest && ev.target.closest(KEEP_ARROWS)) return;
  ev.preventDefault();
  move(ev.key === "ArrowRight" ? 1 : -1);
}

/** A swipe left (next) or right (previous) on the story panel. */
function watchSwipe() {
  let start = null;
  document.addEventListener(
    "touchstart",
    (ev) => {
      const inPanel = ev.target.closest && ev.target.closest("#story-panel");
      start = inPanel && ev.touches.length === 1 ? [ev.touches[0].clientX, ev.touches[0].clientY] : null;
    },
    { passive: true },
  );
  document.addEventListener(
    "touchend",
    (ev) => {
      if (!start || !ev.changedTouches.length) return;
      const t = ev.changedTouches[0];
      const swipe = swipeOf(t.clientX - start[0], t.clientY - start[1]);
      start = null;
      if (swipe) move(swipe === "next" ? 1 : -1);
    },
    { passive: true },
  );
}

/** Listen for the story's clicks, keys and swipes. */
export function watchStory() {
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  watchSwipe();
}
