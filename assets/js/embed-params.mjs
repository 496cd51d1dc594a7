/*
 * The /embed page's settings, read from its query string and from the host's messages (pure:
 * no DOM). A malformed value never fails: it falls back (to its default, or to the nearest
 * allowed value) and is described in a notice, which the page reports to its host.
 *
 * Query string: date=YYYY-MM-DD, district=<id>, compare=YYYY-MM-DD and arrows=1 (the compare
 * view, read by url.mjs's parseCompare as the dashboard does), autoplay=1|0, loop=1|0,
 * speed=<days a second, meta.speed.min..max>, controls=none|slider|full, palette=<key> (the
 * server serves the page of that palette; the page only reports an unknown one).
 *
 * `meta` is the page's own description (dashboard/export/embed_page.py, embed_meta): dates,
 * ids, palette, default_palette, palettes, controls, speed {min, max, default}. Dates are
 * read by dates.mjs and the atlas's link is written by url.mjs, as the dashboard does.
 */

import { readDate } from "./dates.mjs";
import { buildQuery, findDistrict, quoted } from "./url.mjs";

/** A value as it is quoted in a notice: at most 40 characters, "…" when it was longer (the
 * dashboard's notices quote the same way, see url.mjs). */
export function short(value) {
  return quoted(value);
}

/** The day of an ISO date (clamped into the battle), or null with a notice. */
export function readDay(meta, value, notices) {
  const text = String(value);
  const { day, status } = readDate(meta.dates, text);
  if (status === "invalid") {
    notices.push(`date '${short(value)}' is not a date (use YYYY-MM-DD)`);
    return null;
  }
  if (status === "outside") {
    const last = meta.dates.length - 1;
    notices.push(
      `date ${text} is outside ${meta.dates[0]}..${meta.dates[last]}; showing ${meta.dates[day]}`,
    );
  }
  return day;
}

/**
 * A district id (from an id, or a name or alias when meta has `names`/`aliases`), "" for
 * none (null or ""), or undefined (with a notice) when unknown.
 */
export function readDistrict(meta, value, notices) {
  if (value === null || value === "") return "";
  const id = typeof value === "string" ? findDistrict(meta, value) : null;
  if (id) return id;
  notices.push(`unknown district '${short(value)}'`);
  return undefined;
}

/** Days a second, kept inside meta.speed.min..max (the default when not a number). */
export function readSpeed(meta, value, notices) {
  const limits = meta.speed;
  let s;
  if (typeof value === "number") s = value;
  else s = String(value).trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(s)) {
    notices.push(`speed '${short(value)}' is not a number; using ${limits.default}`);
    return limits.default;
  }
  if (s < limits.min || s > limits.max) {
    const c = Math.min(limits.max, Math.max(limits.min, s));
    notices.push(`speed ${s} is outside ${limits.min}..${limits.max}; using ${c}`);
    return c;
  }
  return s;
}

/** true or false from 1/0, "true"/"false" or a boolean; null (with a notice) otherwise. */
export function readFlag(name, value, notices) {
  if (value === true || value === "1" || value === "true") return true;
  if (value === false || value === "0" || value === "false") return false;
  notices.push(`${name} '${short(value)}' is not 1 or 0`);
  return null;
}

/** One of meta.controls, or null (with a notice). */
export function readControls(meta, value, notices) {
  if (meta.controls.includes(value)) return value;
  notices.push(`controls '${short(value)}' is not none, slider or full`);
  return null;
}

/**
 * The view a query string asks for: {day, district ("" for none), autoplay, loop, speed,
 * controls, notices}; what is missing or malformed has its default.
 */
export function readQuery(meta, search) {
  const q = new URLSearchParams(search || "");
  const notices = [];
  const out = {
    day: 0,
    district: "",
    autoplay: false,
    loop: false,
    speed: meta.speed.default,
    controls: "slider",
    notices,
  };
  if (q.has("date")) {
    const day = readDay(meta, q.get("date"), notices);
    if (day !== null) out.day = day;
  }
  if (q.has("district")) out.district = readDistrict(meta, q.get("district"), notices) || "";
  if (q.has("autoplay")) out.autoplay = readFlag("autoplay", q.get("autoplay"), notices) === true;
  if (q.has("loop")) out.loop = readFlag("loop", q.get("loop"), notices) === true;
  if (q.has("speed")) out.speed = readSpeed(meta, q.get("speed"), notices);
  if (q.has("controls")) out.controls = readControls(meta, q.get("controls"), notices) || "slider";
  if (q.has("palette") && q.get("palette") !== meta.palette) {
    notices.push(`unknown palette '${short(q.get("palette"))}'; using ${meta.palette}`);
  }
  return out;
}

/**
 * The query ("?date=...") of the atlas at the embed's view (its "Open the atlas" link);
 * `compare` (optional): `{compare, arrows}` of the compare view.
 */
export function atlasQuery(meta, day, district, compare) {
  const payload = { dates: meta.dates, map: { default_palette: meta.default_palette } };
  return buildQuery(payload, day, district, meta.palette, compare);
}

/**
 * The query that reopens the embed in another palette at the same view:
 * view = {day, district, controls, speed, playing, loop}.
 */
export function reloadQuery(meta, view, palette) {
  const q = new URLSearchParams();
  q.set("date", meta.dates[view.day]);
  if (view.district) q.set("district", view.district);
  q.set("palette", palette);
  q.set("controls", view.controls);
  q.set("speed", String(view.speed));
  if (view.playing) q.set("autoplay", "1");
  if (view.loop) q.set("loop", "1");
  if (view.compare !== null && view.compare !== undefined && meta.dates[view.compare]) {
    q.set("compare", meta.dates[view.compare]);
    if (view.arrows) q.set("arrows", "1");
  }
  return q.toString();
}
