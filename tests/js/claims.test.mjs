import { test } from "node:test";
import assert from "node:assert/strict";

import { claimFigure, claimWhat, claimant } from "../../assets/js/claims.mjs";

test("a claim's subject reads as words, proper names capitalised, unit dropped", () => {
  assert.equal(claimWhat("distance-to-citadel-km"), "Distance to the Citadel");
  assert.equal(claimWhat("evacuees-from-foua-kafriya"), "Evacuees from Foua and Kafriya");
  assert.equal(claimWhat("rebels-among-idlib-evacuees"), "Rebels among Idlib evacuees");
  assert.equal(claimWhat("non-syrian-rebels-sought-by-government"), "Non-Syrian rebels sought by government");
  assert.equal(claimWhat("rebel-pocket-km2"), "Rebel pocket");
  assert.equal(claimWhat("aid-usd"), "Aid");
  assert.equal(claimWhat("killed"), "Killed");
});

test("figures carry their unit spelt out, shares as percentages, ranges in words", () => {
  assert.equal(claimFigure({ what: "rebel-pocket-km2", value: 3.5, qualifier: "about" }), "about 3.5 square kilometres");
  assert.equal(claimFigure({ what: "advance-km", value: 1 }), "1 kilometre");
  assert.equal(claimFigure({ what: "distance-to-citadel-m", value: [500, 1000] }), "500 to 1,000 metres");
  assert.equal(claimFigure({ what: "share-of-district-held", value: 0.75, qualifier: "about" }), "about 75%");
  assert.equal(claimFigure({ what: "aid-usd", value: 10000 }), "US$10,000");
  assert.equal(claimFigure({ what: "evacuees", value: 50000, qualifier: "up to" }), "up to 50,000");
  assert.equal(claimFigure({ what: "rebels-among-idlib-evacuees", value: [1500, 5000] }), "1,500 to 5,000");
  assert.equal(claimant("rebels"), "Rebels");
  assert.equal(claimant("not attributed (narrative)"), "Not attributed (narrative)");
});
