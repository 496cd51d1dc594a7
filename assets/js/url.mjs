/*
 * The view in the URL: ?date=YYYY-MM-DD&compare=YYYY-MM-DD&arrows=1&district=<id>&palette=<key>
 * (compare: the earlier day A the map at `date` is compared with). Reading checks each
 * parameter against the payload (`dates`, `long_labels`, `ids`, and when present `names`
 * and `aliases` so a link may name a district as people write it; `palettes`: the payload's
 * palettes or the list of their keys, as the page's small store has them) and falls back
 * with a notice the page shows; writing leaves out what is the default. Pure: no DOM.
 */

import { readDate } from "./dates.mjs";

export const ID_RE = /^[a-z0-9][a-z0-9-]{0,80}$/;

const ARTICLES = new Set(["al", "el", "the", "ash", "as", "ad", "az", "ar", "at", "an"]);

/**
 * A name's matching key: accents and apostrophes dropped, lower case, words split on
 * anything else, leading articles dropped ("ash-Sheikh Maqsoud" and "sheikh maqsoud" meet).
 */
export function nameKey(text) {
  const folded = String(text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['‘’ʼ`´ʿʾ]/g, "");
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  while (words.length > 1 && ARTICLES.has(words[0])) words.shift();
  return words.join(" ");
}

/**
 * The id of the district `text` names: an id, or (when the payload has `names` and
 * `aliases`) any of its names or aliases as `nameKey` reads them; null when none or more
 * than one district answers to it.
 */
export function findDistrict(payload, text) {
  if (typeof text !== "string" || text === "") return null;
  if (ID_RE.test(text) && payload.ids.indexOf(text) >= 0) return text;
  if (!payload.names) return null;
  const key = nameKey(text);
  if (!key) return null;
  const found = [];
  payload.ids.forEach((id, i) => {
    const all = [payload.names[i]].concat((payload.aliases && payload.aliases[i]) || []);
    if (all.some((n) => nameKey(n) === key) && found.indexOf(id) < 0) found.push(id);
  });
  return found.length === 1 ? found[0] : null;
}

/** The palette a link without ?palette= shows (from the payload). */
export function defaultPalette(payload) {
  if (payload.map && payload.map.default_palette) return payload.map.default_palette;
  return Array.isArray(payload.palettes) ? payload.palettes[0] : Object.keys(payload.palettes)[0];
}

/** A parameter as a notice quotes it: at most 40 characters, "…" when it was longer. */
export function quoted(value, max = 40) {
  const text = String(value);
  return text.length > max ? text.slice(0, max) + "…" : text;
}

/** Whether `palette` is one of `palettes` (a list of keys, or an object keyed by them). */
function knownPalette(palettes, palette) {
  return Array.isArray(palettes) ? palettes.includes(palette) : Object.hasOwn(palettes, palette);
}

/**
 * Read a query string against the payload: `{ day, district, palette, notices }`.
 * `defaults` gives the day and palette kept when a parameter is missing or bad; a bad
 * parameter adds a sentence to `notices`.
 */
export function parseQuery(search, payload, defaults) {
  const params = new URLSearchParams(search || "");
  const out = { day: defaults.day, district: null, palette: defaults.palette, notices: [] };
  const dates = payload.dates;
  const date = params.get("date");
  if (date !== null) {
    const read = readDate(dates, date);
    if (read.status === "invalid") {
      out.notices.push(
        "The date '" + quoted(date) + "' in the link is not a date (use YYYY-MM-DD); showing " +
          payload.long_labels[out.day] + ".",
      );
    } else if (read.status === "outside") {
      out.day = read.day;
      out.notices.push(
        "The link's date " + quoted(date) + " is outside the battle (" + dates[0] + " to " +
          dates[dates.length - 1] + "); showing " + payload.long_labels[out.day] + ".",
      );
    } else {
      out.day = read.day;
    }
  }
  const district = params.get("district");
  if (district !== null && district !== "") {
    const id = findDistrict(payload, district);
    if (id !== null) {
      out.district = id;
    } else {
      out.notices.push(
        "The link names an unknown district '" + quoted(district, 60) +
          "'; no district is selected.",
      );
    }
  }
  const palette = params.get("palette");
  if (palette !== null) {
    if (knownPalette(payload.palettes, palette)) out.palette = palette;
    else out.notices.push("Unknown palette '" + quoted(palette) + "'; using the default colours.");
  }
  return out;
}

/**
 * Read the compare view's parameters: `{ compare, arrows, notices }`, `compare` the index of
 * day A (null: no comparison), `arrows` whether the advance arrows are on (only with a
 * comparison). A bad or missing date turns comparing off with a notice; one outside the
 * battle is moved to its first or last day, as ?date= is.
 */
export function parseCompare(search, payload) {
  const params = new URLSearchParams(search || "");
  const out = { compare: null, arrows: false, notices: [] };
  const value = params.get("compare");
  if (value === null || value === "") return out;
  const dates = payload.dates;
  const read = readDate(dates, value);
  if (read.status === "invalid") {
    out.notices.push("The compare date '" + quoted(value) + "' in the link is not a date (use YYYY-MM-DD); not comparing.");
    return out;
  }
  if (read.status === "outside") {
    out.notices.push(
      "The link's compare date " + quoted(value) + " is outside the battle (" + dates[0] + " to " +
        dates[dates.length - 1] + "); comparing with " + payload.long_labels[read.day] + ".",
    );
  }
  out.compare = read.day;
  const arrows = params.get("arrows");
  out.arrows = arrows === "1" || arrows === "true" || arrows === "on";
  return out;
}

/**
 * The query string ("?date=...") of a view; the default palette is left out. `view` (optional)
 * is the compare view: `{ compare: day index or null, arrows }`.
 */
export function buildQuery(payload, day, district, palette, view) {
  const params = new URLSearchParams();
  params.set("date", payload.dates[day]);
  if (view && view.compare !== null && view.compare !== undefined && payload.dates[view.compare]) {
    params.set("compare", payload.dates[view.compare]);
    if (view.arrows) params.set("arrows", "1");
  }
  if (district) params.set("district", district);
  if (palette && palette !== defaultPalette(payload)) params.set("palette", palette);
  return "?" + params.toString();
}
