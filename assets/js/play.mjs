/*
 * The dashboard's Play button: the playback engine (playback.mjs) drawing every moment on
 * the map, with the date, thumb, feed and panel following day by day. Dash hears of the
 * day when playback stops.
 */

import { setProps } from "./dom.mjs";
import { renderFrame } from "./paint.mjs";
import { Player, dayOf } from "./playback.mjs";
import { commitDay } from "./slider.mjs";
import { page } from "./state.mjs";
import { perDayOf } from "./style.mjs";
import { moveThumb } from "./thumb.mjs";
import { showDay } from "./view.mjs";

function showMoment(f) {
  const payload = page.payload;
  if (!payload) return false;
  const view = page.view || { palette: payload.map.default_palette, highlight: [] };
  renderFrame(payload, f, view.palette, view.highlight);
  const day = dayOf(f, perDayOf(payload));
  if (day !== page.day) {
    // The date, thumb, feed and panel follow at once; Dash hears of the day on pause.
    moveThumb(payload, day);
    showDay(day);
  }
  return true;
}

function stopped() {
  setProps("play", { children: "▶ Play", "aria-pressed": "false" });
  if (page.day !== undefined) commitDay(page.day, 0);
}

/** The page's player (made on first use). */
export function player() {
  if (!page.player) page.player = new Player({ days: 1, onMoment: showMoment, onStop: stopped });
  return page.player;
}

/** Play from the day shown (from the first day when the last is shown), or pause. */
export function togglePlay(payload) {
  const p = player();
  if (p.playing) {
    p.pause();
    return false;
  }
  p.days = payload.dates.length;
  p.perDay = perDayOf(payload);
  p.seek((page.day || 0) * p.perDay);
  p.play();
  return true;
}
