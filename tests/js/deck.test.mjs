import { test } from "node:test";
import assert from "node:assert/strict";

import { clampSlide, counterText, hashFor, slideFromHash, stepFor } from "../../assets/js/deck.mjs";

test("keys move one slide, Home and End to the ends", () => {
  assert.equal(stepFor("ArrowRight", 0, 13), 1);
  assert.equal(stepFor("PageDown", 4, 13), 5);
  assert.equal(stepFor(" ", 4, 13), 5);
  assert.equal(stepFor("ArrowLeft", 4, 13), 3);
  assert.equal(stepFor("PageUp", 4, 13), 3);
  assert.equal(stepFor("Home", 7, 13), 0);
  assert.equal(stepFor("End", 0, 13), 12);
});

test("keys stop at the first and the last slide", () => {
  assert.equal(stepFor("ArrowLeft", 0, 13), 0);
  assert.equal(stepFor("ArrowRight", 12, 13), 12);
});

test("other keys do nothing", () => {
  assert.equal(stepFor("a", 3, 13), null);
  assert.equal(stepFor("Enter", 3, 13), null);
  assert.equal(stepFor("ArrowUp", 3, 13), null);
});

test("the counter is 1-based", () => {
  assert.equal(counterText(0, 13), "1 / 13");
  assert.equal(counterText(12, 13), "13 / 13");
  assert.equal(counterText(99, 13), "13 / 13");
});

test("the hash names a slide, and anything else is the first", () => {
  assert.equal(slideFromHash("#slide-3", 13), 2);
  assert.equal(slideFromHash(hashFor(5), 13), 5);
  assert.equal(slideFromHash("#slide-99", 13), 12);
  assert.equal(slideFromHash("#slide-0", 13), 0);
  assert.equal(slideFromHash("#other", 13), 0);
  assert.equal(slideFromHash("", 13), 0);
  assert.equal(slideFromHash("#slide-2x", 13), 0);
});

test("clampSlide keeps an index in range", () => {
  assert.equal(clampSlide(-1, 5), 0);
  assert.equal(clampSlide(5, 5), 4);
  assert.equal(clampSlide(NaN, 5), 0);
  assert.equal(clampSlide(2, 0), 0);
  assert.equal(clampSlide(2.7, 5), 2);
});
