/*
 * Dates of the battle: ISO strings (YYYY-MM-DD) and the day index they have in the payload's
 * `dates`. Pure: no DOM, no clock.
 */

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const DAY_MS = 86400000;

/** Whether `text` is a real calendar date written YYYY-MM-DD (2016-02-30 is not). */
export function isRealDate(text) {
  if (typeof text !== "string" || !DATE_RE.test(text)) return false;
  const d = new Date(text + "T00:00:00Z");
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The ISO date `n` days after (or before, for negative `n`) an ISO date. */
export function addDays(iso, n) {
  const d = new Date(iso + "T00:00:00Z");
  return new Date(d.getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from ISO date `a` to ISO date `b` (negative when `b` comes first). */
export function daysBetween(a, b) {
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / DAY_MS);
}

/** A day index kept inside `0 .. days - 1`. */
export function clampDay(day, days) {
  return Math.max(0, Math.min(days - 1, day));
}

/**
 * The day of `text` among the battle's `dates` (sorted ISO dates):
 * `{ day, status }` where status is "ok" (a day of the battle), "outside" (a real date
 * before or after it: `day` is the first or the last day) or "invalid" (not a date:
 * `day` is null).
 */
export function readDate(dates, text) {
  if (!isRealDate(text)) return { day: null, status: "invalid" };
  const day = dates.indexOf(text);
  if (day >= 0) return { day, status: "ok" };
  return { day: text < dates[0] ? 0 : dates.length - 1, status: "outside" };
}
