/*
 * The day in words for screen readers: the map's description follows every day at once;
 * the live region (#day-announce, role=status) says the day when the reader stops on it,
 * and while the battle plays at most once every few seconds, so the voice is not cut off
 * on every step. The text is the payload's `descriptions` (dashboard/describe.py).
 */

import { page } from "./state.mjs";

export const SETTLE_MS = 400; // a day must stay this long before it is read out
export const PLAYING_MS = 5000; // while playing: one announcement per this many ms at most

/**
 * When to announce a day asked for at `now`, given the time of the last announcement and
 * whether the battle plays: the delay in ms (pure).
 */
export function announceDelay(now, last, playing) {
  if (!playing) return SETTLE_MS;
  const since = last === null || last === undefined ? Infinity : now - last;
  return since >= PLAYING_MS ? 0 : PLAYING_MS - since;
}

/** The day's sentences (the long date when the payload has none). */
export function dayText(payload, day) {
  const texts = payload.descriptions || [];
  return texts[day] || payload.long_labels[day] || "";
}

/** Describe the day on the map now; announce it once it settles (see announceDelay). */
export function renderDayText(payload, day) {
  const text = dayText(payload, day);
  const described = document.getElementById("map-description");
  if (described && described.textContent !== text) described.textContent = text;
  const state = (page.announce = page.announce || { timer: null, last: null, day: null });
  state.day = day;
  const playing = !!(page.player && page.player.playing);
  const now = Date.now();
  if (state.timer !== null) {
    if (playing) return; // an announcement is due soon: it reads the latest day then
    clearTimeout(state.timer);
  }
  state.timer = setTimeout(() => {
    state.timer = null;
    state.last = Date.now();
    const region = document.getElementById("day-announce");
    const latest = dayText(payload, state.day);
    if (region && region.textContent !== latest) region.textContent = latest;
  }, announceDelay(now, state.last, playing));
}
