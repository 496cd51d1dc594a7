import { test } from "node:test";
import assert from "node:assert/strict";

import { addDays, clampDay, daysBetween, isRealDate, readDate } from "../../assets/js/dates.mjs";

const DATES = ["2016-11-15", "2016-11-16", "2016-11-17"];

test("real dates only, written YYYY-MM-DD", () => {
  assert.equal(isRealDate("2016-12-06"), true);
  assert.equal(isRealDate("2016-02-29"), true);
  assert.equal(isRealDate("2015-02-29"), false);
  assert.equal(isRealDate("2016-11-31"), false);
  assert.equal(isRealDate("2016-1-5"), false);
  assert.equal(isRealDate("06/12/2016"), false);
  assert.equal(isRealDate(""), false);
  assert.equal(isRealDate(null), false);
  assert.equal(isRealDate("2016-12-06T00:00"), false);
});

test("date arithmetic across months and years", () => {
  assert.equal(addDays("2016-11-30", 1), "2016-12-01");
  assert.equal(addDays("2016-12-31", 1), "2017-01-01");
  assert.equal(addDays("2016-03-01", -1), "2016-02-29");
  assert.equal(daysBetween("2016-11-15", "2016-12-22"), 37);
  assert.equal(daysBetween("2016-12-22", "2016-11-15"), -37);
  assert.equal(clampDay(-3, 10), 0);
  assert.equal(clampDay(12, 10), 9);
  assert.equal(clampDay(4, 10), 4);
});

test("a date is read as a day of the battle, clamped, or refused", () => {
  assert.deepEqual(readDate(DATES, "2016-11-16"), { day: 1, status: "ok" });
  assert.deepEqual(readDate(DATES, "2016-01-01"), { day: 0, status: "outside" });
  assert.deepEqual(readDate(DATES, "2017-01-01"), { day: 2, status: "outside" });
  assert.deepEqual(readDate(DATES, "yesterday"), { day: null, status: "invalid" });
  assert.deepEqual(readDate(DATES, "2016-11-31"), { day: null, status: "invalid" });
});
