import { test } from "node:test";
import assert from "node:assert/strict";

import {
  hintText,
  touchIntent,
  wheelIntent,
  wheelPixels,
  zoomPlot,
  zoomedScale,
} from "../../assets/js/gestures.mjs";
import { dayAt, stepDay } from "../../assets/js/slider.mjs";

test("the wheel scrolls the page unless Ctrl or Cmd is held", () => {
  assert.equal(wheelIntent({ ctrlKey: false, metaKey: false }), "scroll");
  assert.equal(wheelIntent({ ctrlKey: true, metaKey: false }), "zoom");
  assert.equal(wheelIntent({ ctrlKey: false, metaKey: true }), "zoom");
});

test("one finger is the page's, two are the map's", () => {
  assert.equal(touchIntent(1), "page");
  assert.equal(touchIntent(0), "page");
  assert.equal(touchIntent(2), "map");
  assert.equal(touchIntent(3), "map");
});

test("wheel steps in lines and pages become pixels", () => {
  assert.equal(wheelPixels(100, 0), 100);
  assert.equal(wheelPixels(3, 1), 48);
  assert.equal(wheelPixels(-1, 2), -400);
});

test("wheel towards the reader zooms in, away zooms out, within the limits", () => {
  assert.ok(zoomedScale(2, -100, 0, Infinity) > 2);
  assert.ok(zoomedScale(2, 100, 0, Infinity) < 2);
  // One notch each way comes back where it started.
  const back = zoomedScale(zoomedScale(3, -100, 0, Infinity), 100, 0, Infinity);
  assert.ok(Math.abs(back - 3) < 1e-9);
  assert.equal(zoomedScale(8, -10000, 1, 10), 10);
  assert.equal(zoomedScale(8, 10000, 1, 10), 1);
});

test("the hint names the key of the platform, or two fingers", () => {
  assert.equal(hintText("wheel", "Win32"), "Use Ctrl + scroll to zoom the map");
  assert.equal(hintText("wheel", "Linux x86_64"), "Use Ctrl + scroll to zoom the map");
  assert.equal(hintText("wheel", "MacIntel"), "Use ⌘ + scroll to zoom the map");
  assert.equal(hintText("touch", "MacIntel"), "Use two fingers to move the map");
});

test("zooming a geo map keeps its centre and turns fitbounds off", () => {
  const calls = [];
  const plotly = { relayout: (gd, update) => calls.push(update) };
  const projection = {
    scale: () => 2000,
    rotate: () => [-37, 0],
    invert: (pt) => [pt[0] / 100, pt[1] / 100],
  };
  const gd = {
    _fullLayout: { geo: { projection: {}, _subplot: { projection, fitScale: 100, midPt: [3720, 3620] } } },
  };
  zoomPlot(plotly, gd, -100);
  assert.equal(calls.length, 1);
  const u = calls[0];
  assert.ok(u["geo.projection.scale"] > 20);
  assert.equal(u["geo.center.lon"], 37.2);
  assert.equal(u["geo.center.lat"], 36.2);
  assert.equal(u["geo.projection.rotation.lon"], 37);
  assert.equal(u["geo.fitbounds"], false);
  assert.equal(zoomPlot(plotly, { _fullLayout: {} }, -100), null);
});

test("the day under a finger on the slider's track", () => {
  // 38 days on a 370 px track from x = 10.
  assert.equal(dayAt(10, 10, 370, 38), 0);
  assert.equal(dayAt(380, 10, 370, 38), 37);
  assert.equal(dayAt(10 + 0.7 * 370, 10, 370, 38), 26);
  assert.equal(dayAt(-50, 10, 370, 38), 0);
  assert.equal(dayAt(900, 10, 370, 38), 37);
  assert.equal(dayAt(100, 10, 0, 38), 0);
});

test("the day before and after stay within the battle", () => {
  assert.equal(stepDay(5, 1, 38), 6);
  assert.equal(stepDay(5, -1, 38), 4);
  assert.equal(stepDay(0, -1, 38), 0);
  assert.equal(stepDay(37, 1, 38), 37);
  assert.equal(stepDay(undefined, 1, 38), 1);
});

test("the map's key goes under the map below 600 px and back above", async () => {
  const { legendLayout, NARROW_PX } = await import("../../assets/js/narrow.mjs");
  const wide = { orientation: "v", x: 0.01, y: 0.99 };
  assert.equal(legendLayout(NARROW_PX, wide), wide);
  assert.equal(legendLayout(1440, wide), wide);
  const narrow = legendLayout(390, wide);
  assert.equal(narrow.orientation, "h");
  assert.equal(narrow.yanchor, "top");
  assert.equal(narrow.y, 0);
});

test("two fingers spread zoom in, move together pan", async () => {
  const { pinched } = await import("../../assets/js/gestures.mjs");
  const start = { a0: [100, 200], b0: [140, 200], scale: 10, centre: [37, 36], perPx: [0.001, -0.001] };
  const spread = pinched(start, [80, 200], [160, 200]);
  assert.equal(spread.scale, 20);
  assert.deepEqual(spread.centre, [37, 36]); // the fingers' middle did not move
  const moved = pinched(start, [110, 210], [150, 210]);
  assert.equal(moved.scale, 10);
  // Fingers right and down: the map follows them, so the centre moves west and north.
  assert.ok(Math.abs(moved.centre[0] - 36.99) < 1e-9);
  assert.ok(Math.abs(moved.centre[1] - 36.01) < 1e-9);
});

test("on a narrow screen the contested entry of the key is its name alone", async () => {
  const { shortName } = await import("../../assets/js/narrow.mjs");
  assert.equal(shortName("Contested (mixed colour, dark outline)"), "Contested");
  assert.equal(shortName("Rebel groups"), "Rebel groups");
  assert.equal(shortName(""), "");
});

test("no day before the first or after the last: those buttons are disabled", async () => {
  const { renderStepButtons } = await import("../../assets/js/thumb.mjs");
  const button = () => ({
    disabled: false,
    attrs: {},
    setAttribute(k, v) {
      this.attrs[k] = v;
    },
    getAttribute(k) {
      return this.attrs[k] === undefined ? null : this.attrs[k];
    },
  });
  const buttons = { "prev-day": button(), "next-day": button() };
  const doc = { getElementById: (id) => buttons[id] || null };
  const state = () =>
    ["prev-day", "next-day"].map((id) => [buttons[id].disabled, buttons[id].getAttribute("aria-disabled")]);
  renderStepButtons(doc, 0, 38);
  assert.deepEqual(state(), [
    [true, "true"],
    [false, "false"],
  ]);
  renderStepButtons(doc, 37, 38);
  assert.deepEqual(state(), [
    [false, "false"],
    [true, "true"],
  ]);
  renderStepButtons(doc, 5, 38);
  assert.deepEqual(state(), [
    [false, "false"],
    [false, "false"],
  ]);
});

test("a touch that barely moves, briefly, is a tap; a swipe or a long press is not", async () => {
  const { isTap, TAP_PX, TAP_MS } = await import("../../assets/js/gestures.mjs");
  const start = { x: 100, y: 200, t: 1000 };
  assert.equal(isTap(start, { x: 104, y: 203, t: 1120 }), true);
  assert.equal(isTap(start, { x: 100, y: 200 + TAP_PX + 1, t: 1100 }), false);
  assert.equal(isTap(start, { x: 100, y: 200, t: 1000 + TAP_MS + 1 }), false);
  assert.equal(isTap(null, { x: 100, y: 200, t: 1000 }), false);
});
