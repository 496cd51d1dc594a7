import { test } from "node:test";
import assert from "node:assert/strict";

import { colourScale, hexRgb, mixColour, rgbHex } from "../../assets/js/colour.mjs";

const FACTIONS = ["government", "rebel", "sdf"];
const PAL = { government: "#c8312b", rebel: "#2f8f3a", sdf: "#e8b923" };

test("hex colours are read and written", () => {
  assert.deepEqual(hexRgb("#c8312b"), [200, 49, 43]);
  assert.deepEqual(hexRgb("2f8f3a"), [47, 143, 58]);
  assert.equal(rgbHex([200, 49, 43]), "#c8312b");
  assert.equal(rgbHex([0, 15.6, 300]), "#0010ff");
});

test("a district held whole gets its faction's colour exactly", () => {
  assert.equal(mixColour([1, 0, 0], PAL, FACTIONS), "#c8312b");
  assert.equal(mixColour([0, 1, 0], PAL, FACTIONS), "#2f8f3a");
  assert.equal(mixColour([0, 0, 1], PAL, FACTIONS), "#e8b923");
});

test("shares weigh the faction colours", () => {
  // Half government, half rebel: the mean of the two, rounded half up (Python's mix rounds
  // halves to even, so a channel may differ by one; the map's whole-day colours come from
  // the payload, computed in Python).
  // (200+47)/2 = 123.5 -> 124, (49+143)/2 = 96, (43+58)/2 = 50.5 -> 51
  assert.equal(mixColour([0.5, 0.5, 0], PAL, FACTIONS), "#7c6033");
  // Shares need not add up to one; negative ones count as nothing.
  assert.equal(mixColour([2, 2, -1], PAL, FACTIONS), "#7c6033");
  // No share at all: black (nothing to weigh), as the Python side.
  assert.equal(mixColour([0, 0, 0], PAL, FACTIONS), "#000000");
});

test("colour scales give each district its colour at z = index", () => {
  assert.deepEqual(colourScale(["#111111"]), [
    [0, "#111111"],
    [1, "#111111"],
  ]);
  assert.deepEqual(colourScale(["#a", "#b", "#c"]), [
    [0, "#a"],
    [0.5, "#b"],
    [1, "#c"],
  ]);
});
