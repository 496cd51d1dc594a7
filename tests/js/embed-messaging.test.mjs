import { test } from "node:test";
import assert from "node:assert/strict";

import { isSetMessage, readSet, SET, STATE, stateMessage } from "../../assets/js/embed-messaging.mjs";

const META = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17"],
  ids: ["alpha", "hanano"],
  palette: "conventional",
  palettes: ["colourblind", "conventional"],
  speed: { min: 0.5, max: 4, default: 1 },
};

test("only frontline:set objects are requests", () => {
  assert.equal(SET, "frontline:set");
  assert.equal(isSetMessage({ type: "frontline:set" }), true);
  for (const other of [null, undefined, "frontline:set", 7, {}, { type: "frontline:state" }]) {
    assert.equal(isSetMessage(other), false, String(other));
  }
});

test("the state message has every field, in order, with null for none", () => {
  const m = stateMessage({ date: "2016-11-16", palette: "conventional", speed: 1 });
  assert.deepEqual(Object.keys(m), [
    "type", "ready", "date", "district", "palette", "playing", "speed", "notice",
  ]);
  assert.deepEqual(m, {
    type: STATE,
    ready: false,
    date: "2016-11-16",
    district: null,
    palette: "conventional",
    playing: false,
    speed: 1,
    notice: null,
  });
  const ready = stateMessage({
    ready: true,
    date: "2016-11-15",
    district: "hanano",
    palette: "colourblind",
    playing: true,
    speed: 4,
    notice: "speed 9 is outside 0.5..4; using 4",
  });
  assert.equal(ready.ready, true);
  assert.equal(ready.district, "hanano");
  assert.equal(ready.playing, true);
  assert.equal(ready.notice, "speed 9 is outside 0.5..4; using 4");
  assert.equal(stateMessage({ notice: "" }).notice, null);
});

test("a good request gives each change and no notice", () => {
  const asked = readSet(META, {
    type: SET,
    date: "2016-11-17",
    district: "hanano",
    speed: 4,
    play: true,
    palette: "colourblind",
  });
  assert.deepEqual(asked, {
    notices: [],
    district: "hanano",
    day: 2,
    speed: 4,
    play: true,
    palette: "colourblind",
  });
});

test("district null clears it; the page's own palette is no change", () => {
  const asked = readSet(META, { type: SET, district: null, palette: "conventional", play: "0" });
  assert.deepEqual(asked, { notices: [], district: "", play: false });
});

test("a malformed request changes nothing it cannot read, and says why", () => {
  const asked = readSet(META, {
    type: SET,
    date: "2016-02-30",
    district: "nowhere",
    speed: "fast",
    play: "maybe",
    palette: "sepia",
  });
  assert.equal("day" in asked, false);
  assert.equal("district" in asked, false);
  assert.equal("play" in asked, false);
  assert.equal("palette" in asked, false);
  assert.equal(asked.speed, 1); // the default speed, with a notice
  assert.deepEqual(asked.notices, [
    "unknown district 'nowhere'",
    "date '2016-02-30' is not a date (use YYYY-MM-DD)",
    "speed 'fast' is not a number; using 1",
    "play 'maybe' is not 1 or 0",
    "unknown palette 'sepia'",
  ]);
});

test("a date outside the battle moves to its nearest day, with a notice", () => {
  const asked = readSet(META, { type: SET, date: "2017-03-01" });
  assert.equal(asked.day, 2);
  assert.match(asked.notices[0], /outside 2016-11-15\.\.2016-11-17; showing 2016-11-17/);
});
