import { test } from "node:test";
import assert from "node:assert/strict";

import { applyFrame, MapQueue } from "../../assets/js/embed-map.mjs";

test("a frame is applied over its baseframes, as Plotly.animate does", () => {
  const frames = [
    { name: "layers-0", traces: [1], data: [{ lon: [1], lat: [2] }] },
    { name: "2016-11-15", baseframe: "layers-0", traces: [0], data: [{ z: [0] }] },
    { name: "2016-11-15T06:00", baseframe: "2016-11-15", traces: [1], data: [{ lon: [3] }] },
  ];
  const data = [{ z: [9], name: "districts" }, { lon: [0], lat: [0], name: "front" }];
  applyFrame(frames, data, "2016-11-15T06:00");
  assert.deepEqual(data, [
    { z: [0], name: "districts" },
    { lon: [3], lat: [2], name: "front" },
  ]);
});

/** A plotly stand-in whose calls finish only when the test says so. */
function fakePlotly() {
  const calls = [];
  const plotly = {
    calls,
    animate(gd, names) {
      return new Promise((resolve) => calls.push({ what: names[0], resolve }));
    },
    finish() {
      calls.shift().resolve();
      return new Promise((r) => setTimeout(r, 0)); // let the queue run its next call
    },
  };
  return plotly;
}

test("one plotly call at a time; a newer moment replaces one still waiting", async () => {
  const plotly = fakePlotly();
  const gd = { dataset: {} };
  const map = new MapQueue({ plotly, gd, names: ["d0", "m1", "m2", "d1"], perDay: 3 });
  map.show(1);
  assert.equal(plotly.calls.length, 0); // not started: the plot is not drawn yet
  map.start();
  assert.deepEqual(plotly.calls.map((c) => c.what), ["m1"]);
  assert.equal(map.busy, true);
  map.show(2);
  map.show(3); // replaces moment 2, still waiting
  let outlines = 0;
  map.run("outline", () => {
    outlines += 1;
    return Promise.resolve();
  });
  map.run("outline", () => {
    outlines += 10; // replaces the first outline job
    return Promise.resolve();
  });
  assert.equal(plotly.calls.length, 1);
  await plotly.finish();
  assert.deepEqual([gd.dataset.frame, gd.dataset.day], ["1", "0"]);
  assert.equal(outlines, 10); // jobs go before the next moment
  assert.deepEqual(plotly.calls.map((c) => c.what), ["d1"]);
  await plotly.finish();
  assert.deepEqual([gd.dataset.frame, gd.dataset.day], ["3", "1"]);
  assert.equal(map.busy, false);
});
