/*
 * The date slider's thumb, moved and labelled without waiting for Dash's slider (a React
 * render per step is too slow to follow the keys or playback).
 */

import { page } from "./state.mjs";

/** Put the slider's thumb and filled range on a day without a React render. */
export function moveThumb(payload, day) {
  const slider = document.getElementById("date-slider");
  const thumb = slider && slider.querySelector("[role=slider]");
  if (!thumb || !thumb.parentElement) return;
  const last = payload.dates.length - 1;
  const x = last > 0 ? day / last : 0;
  if (thumb.__frontlineHalf === undefined) thumb.__frontlineHalf = thumb.offsetWidth / 2;
  const half = thumb.__frontlineHalf;
  // Radix keeps the thumb inside the track: it shifts it by half its width at the ends.
  thumb.parentElement.style.left = "calc(" + 100 * x + "% + " + half * (1 - 2 * x) + "px)";
  const range = slider.querySelector(".dash-slider-range");
  if (range) range.style.right = 100 - 100 * x + "%";
  thumb.setAttribute("aria-valuenow", String(day));
  thumb.setAttribute("aria-valuetext", payload.long_labels[day]);
}

/** Give the slider thumb an accessible name and a spoken date (it may not exist yet). */
export function labelThumb(payload, day, tries) {
  const thumb = document.querySelector("#date-slider [role=slider]");
  if (!thumb) {
    if (tries > 0) setTimeout(() => labelThumb(payload, page.day, tries - 1), 50);
    return;
  }
  thumb.setAttribute("aria-label", "Date");
  thumb.setAttribute("aria-valuetext", payload.long_labels[day]);
}

/**
 * The day before and the day after are buttons that cannot be pressed on the first and the
 * last day (disabled, and aria-disabled for screen readers). `doc` holds `prevId` and `nextId`.
 */
export function renderStepButtons(doc, day, days, prevId = "prev-day", nextId = "next-day") {
  for (const [id, off] of [
    [prevId, day <= 0],
    [nextId, day >= days - 1],
  ]) {
    const button = doc.getElementById(id);
    const aria = off ? "true" : "false";
    if (!button || (button.disabled === off && button.getAttribute("aria-disabled") === aria)) continue;
    button.disabled = off;
    button.setAttribute("aria-disabled", aria);
  }
}
