/*
 * The /embed page's postMessage protocol with the page that frames it (pure: no DOM).
 *
 * In:  {type: "frontline:set", date, district, palette, play: true|false, speed}
 *      (every field optional; district null clears it; a new palette reloads the page).
 *      Only messages from the framing window are heard (the page checks the source).
 * Out: {type: "frontline:state", ready, date, district, palette, playing, speed, notice}
 *      to the framing window once when ready, then after every change of the view.
 */

import { readDay, readDistrict, readFlag, readSpeed, short } from "./embed-params.mjs";

export const SET = "frontline:set";
export const STATE = "frontline:state";

/** Whether `data` (a message's data) is a request to change the view. */
export function isSetMessage(data) {
  return !!data && typeof data === "object" && data.type === SET;
}

/** The state message of a view: {ready, date, district, palette, playing, speed, notice}. */
export function stateMessage(view) {
  return {
    type: STATE,
    ready: !!view.ready,
    date: view.date,
    district: view.district || null,
    palette: view.palette,
    playing: !!view.playing,
    speed: view.speed,
    notice: view.notice || null,
  };
}

/**
 * What a "frontline:set" message asks for, checked against the page's `meta`:
 * {district ("" clears it), day, speed, play, palette, notices}. A field is present only when
 * the message has it and its value is usable (`palette` only when it is another known
 * palette: the page reloads in it); every unusable value adds a notice instead.
 */
export function readSet(meta, message) {
  const notices = [];
  const out = { notices };
  if ("district" in message) {
    const id = readDistrict(meta, message.district, notices);
    if (id !== undefined) out.district = id;
  }
  if ("date" in message) {
    const day = readDay(meta, message.date, notices);
    if (day !== null) out.day = day;
  }
  if ("speed" in message) out.speed = readSpeed(meta, message.speed, notices);
  if ("play" in message) {
    const on = readFlag("play", message.play, notices);
    if (on !== null) out.play = on;
  }
  if ("palette" in message && message.palette !== meta.palette) {
    if (meta.palettes.includes(message.palette)) out.palette = message.palette;
    else notices.push(`unknown palette '${short(message.palette)}'`);
  }
  return out;
}
