/*
 * The date slider's fast paths: keys, dragging and Dash's own thumb moves draw the day at
 * once (no waiting for Dash); Dash's bookkeeping (its slider value, the URL, the browser
 * history) follows when the reader pauses.
 */

import { setProps } from "./dom.mjs";
import { page } from "./state.mjs";
import { moveThumb } from "./thumb.mjs";
import { showDay } from "./view.mjs";

const COMMIT_MS = 250; // quiet time after the last step before Dash hears of the new day
const STEP = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 7, PageDown: -7 };

/** Tell Dash the day once the reader pauses (it updates the URL and history then). */
export function commitDay(day, delay) {
  page.pending = day;
  clearTimeout(page.commit);
  page.commit = setTimeout(() => {
    if (page.pending !== day) return;
    page.pending = null;
    setProps("date-slider", { value: day });
  }, delay);
}

/** Draw a day immediately and move the thumb; Dash hears of it after COMMIT_MS. */
export function goToDayNow(day) {
  const payload = page.payload;
  if (payload) moveThumb(payload, day);
  if (payload && page.asked && day !== page.day) showDay(day);
  commitDay(day, COMMIT_MS);
}

/** Follow the thumb Dash's slider moves (clicks on the track, its own keys). */
export function watchSlider() {
  // Observe the whole page: Dash may replace the slider's elements after they first appear.
  if (!document.body) return;
  new MutationObserver((records) => {
    if (!page.payload || !page.asked) return;
    for (let i = records.length - 1; i >= 0; i--) {
      const thumb = records[i].target;
      if (!thumb.closest || !thumb.closest("#date-slider")) continue;
      const day = parseInt(thumb.getAttribute("aria-valuenow"), 10);
      if (Number.isNaN(day) || day === page.day) return;
      showDay(day);
      return;
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["aria-valuenow"], subtree: true });
}

/** The day `step` days from `day`, kept within the battle's `days`. */
export function stepDay(day, step, days) {
  return Math.max(0, Math.min(days - 1, (day || 0) + step));
}

/** The day under a pointer at `x` on a track from `left`, `width` pixels wide. */
export function dayAt(x, left, width, days) {
  if (!(width > 0) || days < 1) return 0;
  const f = Math.max(0, Math.min(1, (x - left) / width));
  return Math.round(f * (days - 1));
}

/** The buttons for the day before and the day after. */
function onStepClick(ev) {
  const payload = page.payload;
  const button = ev.target.closest && ev.target.closest("#prev-day, #next-day");
  if (!payload || !button) return;
  const step = button.id === "prev-day" ? -1 : 1;
  const pending = page.pending;
  const from = pending != null ? pending : page.day;
  goToDayNow(stepDay(from, step, payload.dates.length));
}

/**
 * Dragging (mouse, pen or finger): follow the pointer along the track and draw each day it
 * passes; a tap picks the day under the finger. Also wires the day before/after buttons.
 */
export function watchDrag() {
  document.addEventListener("click", onStepClick);
  // Listen on the document: Dash may replace the slider's elements after they first appear.
  let dragging = false;
  const follow = (ev) => {
    const payload = page.payload;
    const track =
      document.querySelector("#date-slider .dash-slider-track") || document.getElementById("date-slider");
    if (!payload || !dragging || !track) return;
    const r = track.getBoundingClientRect();
    const day = dayAt(ev.clientX, r.left, r.width, payload.dates.length);
    // The same path as the keys: a day committed by keys a moment ago must not win later.
    const pending = page.pending;
    if (day !== page.day || (pending != null && pending !== day)) goToDayNow(day);
  };
  document.addEventListener(
    "pointerdown",
    (ev) => {
      if (!ev.target.closest || !ev.target.closest("#date-slider")) return;
      dragging = true;
      follow(ev);
    },
    true,
  );
  window.addEventListener("pointermove", follow, true);
  window.addEventListener(
    "pointerup",
    () => {
      dragging = false;
    },
    true,
  );
}

/** Keys: Space plays or pauses (from the slider or the page), arrows and Home/End step. */
export function onKey(ev) {
  const payload = page.payload;
  if (!payload) return;
  const inSlider = ev.target.closest && ev.target.closest("#date-slider");
  const typing =
    ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable=true]");
  if (ev.key === " " && !typing && (inSlider || ev.target === document.body)) {
    ev.preventDefault();
    ev.stopPropagation();
    const play = document.getElementById("play");
    if (play) play.click();
    return;
  }
  if (inSlider && (ev.key in STEP || ev.key === "Home" || ev.key === "End")) {
    // Handle the slider's keys here: draw the day at once, then tell Dash.
    ev.preventDefault();
    ev.stopPropagation();
    const last = payload.dates.length - 1;
    const day = page.day || 0;
    const next = ev.key === "Home" ? 0 : ev.key === "End" ? last : day + STEP[ev.key];
    goToDayNow(Math.max(0, Math.min(last, next)));
  }
}
