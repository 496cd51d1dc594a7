import { test } from "node:test";
import assert from "node:assert/strict";

import {
  atlasQuery,
  readDay,
  readDistrict,
  readFlag,
  readQuery,
  readSpeed,
  reloadQuery,
} from "../../assets/js/embed-params.mjs";

const META = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17"],
  ids: ["alpha", "hanano"],
  palette: "conventional",
  default_palette: "conventional",
  palettes: ["colourblind", "conventional"],
  controls: ["none", "slider", "full"],
  speed: { min: 0.5, max: 4, default: 1 },
};

test("a query with every parameter gives that view and no notice", () => {
  const q = readQuery(
    META,
    "?date=2016-11-16&district=hanano&autoplay=1&loop=true&speed=2&controls=full",
  );
  assert.deepEqual(q, {
    day: 1,
    district: "hanano",
    autoplay: true,
    loop: true,
    speed: 2,
    controls: "full",
    notices: [],
  });
});

test("an empty query gives the defaults", () => {
  assert.deepEqual(readQuery(META, ""), {
    day: 0,
    district: "",
    autoplay: false,
    loop: false,
    speed: 1,
    controls: "slider",
    notices: [],
  });
});

test("malformed parameters fall back to their defaults, each with its notice", () => {
  const q = readQuery(
    META,
    "?date=2016-13-45&district=%3Cscript%3E&autoplay=maybe&speed=9&controls=huge&palette=sepia",
  );
  assert.equal(q.day, 0);
  assert.equal(q.district, "");
  assert.equal(q.autoplay, false);
  assert.equal(q.speed, 4);
  assert.equal(q.controls, "slider");
  assert.deepEqual(q.notices, [
    "date '2016-13-45' is not a date (use YYYY-MM-DD)",
    "unknown district '<script>'",
    "autoplay 'maybe' is not 1 or 0",
    "speed 9 is outside 0.5..4; using 4",
    "controls 'huge' is not none, slider or full",
    "unknown palette 'sepia'; using conventional",
  ]);
});

test("a date outside the battle shows its nearest day", () => {
  const notices = [];
  assert.equal(readDay(META, "2017-03-01", notices), 2);
  assert.equal(readDay(META, "2016-01-01", notices), 0);
  assert.deepEqual(notices, [
    "date 2017-03-01 is outside 2016-11-15..2016-11-17; showing 2016-11-17",
    "date 2016-01-01 is outside 2016-11-15..2016-11-17; showing 2016-11-15",
  ]);
  assert.equal(readDay(META, "2016-02-30", []), null); // not a real date
});

test("districts: a known id, none, or undefined with a notice", () => {
  const notices = [];
  assert.equal(readDistrict(META, "hanano", notices), "hanano");
  assert.equal(readDistrict(META, null, notices), "");
  assert.equal(readDistrict(META, "", notices), "");
  assert.equal(readDistrict(META, "Hanano", notices), undefined);
  assert.equal(readDistrict(META, 7, notices), undefined);
  assert.deepEqual(notices, ["unknown district 'Hanano'", "unknown district '7'"]);
});

test("speeds: numbers or numeric text, clamped; anything else the default", () => {
  const notices = [];
  assert.equal(readSpeed(META, 0.5, notices), 0.5);
  assert.equal(readSpeed(META, " 2 ", notices), 2);
  assert.equal(readSpeed(META, 0.1, notices), 0.5);
  assert.equal(readSpeed(META, "fast", notices), 1);
  assert.equal(readSpeed(META, "", notices), 1);
  assert.deepEqual(notices, [
    "speed 0.1 is outside 0.5..4; using 0.5",
    "speed 'fast' is not a number; using 1",
    "speed '' is not a number; using 1",
  ]);
});

test("flags and long values in notices are cut to 40 characters, marked with an ellipsis", () => {
  const notices = [];
  assert.equal(readFlag("play", true, notices), true);
  assert.equal(readFlag("play", "0", notices), false);
  assert.equal(readFlag("play", "x".repeat(60), notices), null);
  assert.equal(readFlag("play", "y".repeat(40), notices), null);
  assert.deepEqual(notices, [
    `play '${"x".repeat(40)}…' is not 1 or 0`,
    `play '${"y".repeat(40)}' is not 1 or 0`,
  ]);
});

test("the atlas link keeps the day and district, and a palette other than the default", () => {
  assert.equal(atlasQuery(META, 2, "hanano"), "?date=2016-11-17&district=hanano");
  assert.equal(atlasQuery(META, 0, null), "?date=2016-11-15");
  const blind = { ...META, palette: "colourblind" };
  assert.equal(atlasQuery(blind, 1, ""), "?date=2016-11-16&palette=colourblind");
});

test("a reload in another palette keeps the whole view", () => {
  const view = { day: 1, district: "hanano", controls: "none", speed: 2, playing: true, loop: true };
  const back = readQuery({ ...META, palette: "colourblind" }, reloadQuery(META, view, "colourblind"));
  assert.deepEqual(back, {
    day: 1,
    district: "hanano",
    autoplay: true,
    loop: true,
    speed: 2,
    controls: "none",
    notices: [],
  });
  const still = reloadQuery(META, { ...view, district: null, playing: false, loop: false }, "x");
  assert.equal(still, "date=2016-11-16&palette=x&controls=none&speed=2");
});
