import { test } from "node:test";
import assert from "node:assert/strict";

import { labelBox, mapLabels, mercatorView, niceKm, overlaps, placeLabels, textWidth } from "../../assets/js/labels.mjs";

function places() {
  return {
    anchors: [
      [10.0, 50.0],
      [10.001, 50.0],
      [10.02, 50.01],
      [10.03, 49.99],
    ],
    area_km2: [1, 3, 2, 0.5],
    landmarks: [{ id: "mill", name: "Mill", kind: "factory", lon: 10.025, lat: 50.0 }],
    marker_px: 7,
    bounds: [9.99, 49.98, 10.04, 50.02],
  };
}

function fixture() {
  return {
    dates: ["2020-01-01", "2020-01-02"],
    ids: ["a", "b", "c", "d"],
    names: ["Alpha", "Bravo", "Charlie", "Delta"],
    events: [{ date: "2020-01-02", districts: ["a"], landmarks: [] }],
    map: { places: places() },
  };
}

test("text widths follow Liberation Sans", () => {
  assert.equal(textWidth("Hanano", 12), (722 + 5 * 556) * 0.012);
  assert.equal(textWidth("x\u2019", 10), (500 + 222) / 100);
});

test("a box sits where plotly puts the text", () => {
  const item = { kind: "district", index: 0, text: "Alpha", x: 100, y: 100, size: 12, marker: 0 };
  const w = textWidth("Alpha", 12);
  const box = labelBox(item, "middle center");
  assert.ok(Math.abs(box[0] - (100 - w / 2 - 2)) < 1e-9);
  assert.ok(box[1] < 100 && box[3] > 100);
  const right = labelBox({ ...item, marker: 3.5 }, "middle right");
  assert.ok(Math.abs(right[0] + 2 - (100 + 3.5 / 0.8 + 1)) < 1e-9); // beside the marker, as plotly sets it
});

test("placement never overlaps and the day's event district comes first", () => {
  const p = fixture();
  const project = mercatorView([9.99, 10.04], [49.98, 50.02], [0, 0, 300, 200]);
  const day1 = mapLabels(p, 1, [], [[], []], project, [0, 0, 300, 200], 12);
  // Alpha (in the day's event) wins the spot Bravo (larger) would take on day 0.
  assert.equal(day1.boxes[0].index, 0);
  const day0 = mapLabels(p, 0, [], [[], []], project, [0, 0, 300, 200], 12);
  assert.equal(day0.boxes[0].index, 1);
  for (const out of [day0, day1]) {
    for (let i = 0; i < out.boxes.length; i++) {
      for (let j = i + 1; j < out.boxes.length; j++) assert.ok(!overlaps(out.boxes[i].box, out.boxes[j].box));
    }
  }
  // The selected district beats both.
  const chosen = mapLabels(p, 1, ["b"], [[], []], project, [0, 0, 300, 200], 12);
  assert.equal(chosen.boxes[0].index, 1);
  assert.equal(chosen.districts.text[1], "Bravo");
});

test("a landmark's name keeps off the front line", () => {
  const item = { kind: "landmark", index: 0, text: "Mill", x: 100, y: 100, size: 12, marker: 3.5 };
  const free = placeLabels([item], { viewport: [0, 0, 300, 300] });
  assert.equal(free[0].position, "middle right");
  const blocked = placeLabels([item], { viewport: [0, 0, 300, 300], segments: [[105, 90, 140, 110]] });
  assert.notEqual(blocked[0].position, "middle right");
});

test("round scale lengths", () => {
  assert.deepEqual([0.7, 1, 1.9, 3.3, 7.9, 12].map(niceKm), [0.5, 1, 1, 2, 5, 10]);
});

test("a name is shown literally, never as plotly markup", () => {
  const p = fixture();
  p.names[1] = "<b>Bravo</b> & co";
  const project = mercatorView([9.99, 10.04], [49.98, 50.02], [0, 0, 300, 200]);
  const out = mapLabels(p, 0, ["b"], [[], []], project, [0, 0, 300, 200], 12);
  assert.equal(out.districts.text[1], "&lt;b&gt;Bravo&lt;/b&gt; &amp; co");
});
