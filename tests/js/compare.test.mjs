/*
 * The compare view's diff (assets/js/compare.mjs) on a small battle whose changes are known:
 * three districts, four days. tests/test_compare_js.py checks the same module against
 * timeline/diff.py on every pair of consecutive days of the bundled battle.
 */

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  compareCaption,
  compareSentence,
  dayMonth,
  diffDays,
  sharesText,
  signedKm2,
} from "../../assets/js/compare.mjs";
import { arrowHover, arrowPolygon } from "../../assets/js/compare-map.mjs";

function battle() {
  // north: government throughout; mid: rebel, contested on day 1, government on day 2;
  // east: rebel, taken by the SDF on day 1 and back to the rebels on day 3.
  const states = [
    { d: 0, shares: [1, 0, 0], status: "government", since: "2016-11-26", change: 0 },
    { d: 1, shares: [0, 1, 0], status: "rebel", since: "2016-11-26", change: 1 },
    { d: 2, shares: [0, 1, 0], status: "rebel", since: "2016-11-26", change: 2 },
    { d: 1, shares: [0.6, 0.4, 0], status: "contested", since: "2016-11-27", change: 3 },
    { d: 2, shares: [0, 0, 1], status: "sdf", since: "2016-11-27", change: 4 },
    { d: 1, shares: [1, 0, 0], status: "government", since: "2016-11-28", change: 5 },
    { d: 2, shares: [0, 1, 0], status: "rebel", since: "2016-11-29", change: 6 },
  ];
  const change = (date, district, event, confidence) => ({ date, district, event, confidence, note: "" });
  return {
    dates: ["2016-11-26", "2016-11-27", "2016-11-28", "2016-11-29"],
    ids: ["north", "mid", "east"],
    names: ["North", "Mid", "East"],
    states,
    days: [
      [0, 1, 2],
      [0, 3, 4],
      [0, 5, 4],
      [0, 5, 6],
    ],
    changes: [
      change("2016-11-26", "north", null, "reported"),
      change("2016-11-26", "mid", null, "reported"),
      change("2016-11-26", "east", null, "reported"),
      change("2016-11-27", "mid", "push", "inferred"),
      change("2016-11-27", "east", "sdf-move", "reported"),
      change("2016-11-28", "mid", "fall", "reported"),
      change("2016-11-29", "east", "back", "reported"),
    ],
    events: [
      { id: "push", title: "Push into Mid", sources: [{ id: "a", outlet: "A", url: "https://a.example/" }] },
      { id: "fall", title: "Mid falls", sources: [{ id: "b", outlet: "B", url: null, offline: true }] },
      { id: "sdf-move", title: "SDF enter East", sources: [] },
      { id: "back", title: "Rebels return to East", sources: [] },
    ],
    stats: [
      { government_km2: 10, rebel_km2: 5, sdf_km2: 1, share_of_enclave: 0.1 },
      { government_km2: 11.2, rebel_km2: 3.3, sdf_km2: 1.5, share_of_enclave: 0.2 },
      { government_km2: 12, rebel_km2: 2.5, sdf_km2: 1.5, share_of_enclave: 0.3 },
      { government_km2: 12, rebel_km2: 3, sdf_km2: 1, share_of_enclave: 0.3 },
    ],
    map: { factions: ["government", "rebel", "sdf"] },
  };
}

const LABELS = { government: "Government", rebel: "Rebels", sdf: "SDF" };

test("lists every district whose shares differ, and no other", () => {
  const p = battle();
  assert.deepEqual(diffDays(p, 0, 1).rows.map((r) => r.id), ["mid", "east"]);
  assert.deepEqual(diffDays(p, 0, 2).rows.map((r) => r.id), ["mid", "east"]);
  // East went to the SDF and came back: not listed over the whole window.
  assert.deepEqual(diffDays(p, 0, 3).rows.map((r) => r.id), ["mid"]);
  assert.deepEqual(diffDays(p, 2, 2).rows, []);
});

test("a row has both days' holders and shares, the gainer and the changes behind it", () => {
  const row = diffDays(battle(), 0, 2).rows[0];
  assert.equal(row.d, 1);
  assert.equal(row.name, "Mid");
  assert.deepEqual(row.from, { holder: "rebel", shares: [0, 1, 0] });
  assert.deepEqual(row.to, { holder: "government", shares: [1, 0, 0] });
  assert.equal(row.gainer, "government");
  assert.equal(row.loser, "rebel");
  assert.deepEqual(row.changes.map((c) => [c.date, c.event, c.title, c.confidence]), [
    ["2016-11-27", "push", "Push into Mid", "inferred"],
    ["2016-11-28", "fall", "Mid falls", "reported"],
  ]);
  assert.equal(row.changes[0].sources[0].url, "https://a.example/");
  // One inferred change makes the row inferred; from day 1 only the reported one is left.
  assert.equal(row.confidence, "inferred");
  const later = diffDays(battle(), 1, 2).rows[0];
  assert.equal(later.confidence, "reported");
  assert.deepEqual(later.changes.map((c) => c.event), ["fall"]);
});

test("the gainer is the faction whose share rose most", () => {
  const east = diffDays(battle(), 0, 1).rows[1];
  assert.equal(east.gainer, "sdf");
  const p = battle();
  p.states[3].shares = [0.5, 0, 0.5]; // a tie: the first faction, as numpy's argmax
  assert.equal(diffDays(p, 0, 1).rows[0].gainer, "government");
});

test("net km² per faction and the enclave share are the statistics' differences", () => {
  const diff = diffDays(battle(), 0, 2);
  assert.deepEqual(diff.km2, { government: 2, rebel: -2.5, sdf: 0.5 });
  assert.deepEqual(diff.enclave, { before: 0.1, after: 0.3, change: 0.2 });
  const p = battle();
  p.stats.forEach((r) => delete r.share_of_enclave);
  assert.equal(diffDays(p, 0, 2).enclave, null);
});

test("no diff when the later day comes first or a day is out of range", () => {
  assert.equal(diffDays(battle(), 2, 1), null);
  assert.equal(diffDays(battle(), 0, 9), null);
  assert.equal(diffDays(battle(), -1, 2), null);
});

test("the caption and the live region's sentence", () => {
  assert.equal(compareCaption("2016-11-26", "2016-12-06"), "Changes 26 Nov → 6 Dec 2016");
  assert.equal(compareCaption("2016-12-30", "2017-01-02"), "Changes 30 Dec 2016 → 2 Jan 2017");
  assert.equal(dayMonth("2016-12-06"), "6 December");
  assert.equal(signedKm2(24.4464), "+24.45 km²");
  assert.equal(signedKm2(-26.7443), "−26.74 km²");
  assert.equal(signedKm2(0.001), "0 km²");
  assert.equal(sharesText([0.6, 0.4, 0], ["government", "rebel", "sdf"], LABELS), "Government 60%, Rebels 40%");
  const text = compareSentence(diffDays(battle(), 0, 2), LABELS);
  assert.equal(
    text,
    "Comparing 28 November with 26 November: 2 districts changed; Government +2.00 km², " +
      "Rebels −2.50 km², SDF +0.50 km²; Share of the enclave taken: 10.0% → 30.0% (+20.0 points).",
  );
  assert.match(compareSentence(diffDays(battle(), 2, 2), LABELS), /no district changed\.$/);
});

function crosses(p1, p2, q1, q2) {
  const orient = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  return (
    orient(p1, p2, q1) * orient(p1, p2, q2) < 0 && orient(q1, q2, p1) * orient(q1, q2, p2) < 0
  );
}

test("an arrow is one simple closed outline ending at the path's end", () => {
  // The longest arrow of 26 Nov → 13 Dec (origin, target, end), as the arrows route gives it.
  const lons = [37.19638, 37.19355, 37.19234];
  const lats = [36.23299, 36.22068, 36.21543];
  for (const half of [0.0006, 0.0024, 0.004]) {
    const shape = arrowPolygon(lons, lats, half);
    const pts = shape.lon.map((x, i) => [x, shape.lat[i]]);
    assert.deepEqual(pts[0], pts[pts.length - 1]);
    assert.ok(pts.some((p) => Math.abs(p[0] - 37.19234) < 1e-9 && Math.abs(p[1] - 36.21543) < 1e-9), "the tip");
    for (let i = 0; i < pts.length - 1; i++) {
      for (let j = i + 2; j < pts.length - 1; j++) {
        if (i === 0 && j === pts.length - 2) continue;
        assert.ok(!crosses(pts[i], pts[i + 1], pts[j], pts[j + 1]), "edges " + i + " and " + j + " cross");
      }
    }
    // Wider arrows for larger half-widths.
    const width = Math.max(...shape.lon) - Math.min(...shape.lon);
    assert.ok(width > half, "width " + width);
  }
});

test("an arrow's hover names its side, days, km² and districts (escaped)", () => {
  const payload = {
    dates: ["2016-11-27", "2016-11-28", "2016-11-29"],
    labels: ["27 Nov", "28 Nov", "29 Nov"],
    names: ["Hanano", "Jabal <Badro>", "Haydariyah"],
    map: { labels: { government: "Government and allies" } },
  };
  const arrow = { faction: "government", districts: [0, 1, 2], days: ["2016-11-27", "2016-11-28", "2016-11-29"], first: "2016-11-27", last: "2016-11-29", km2: 14.3262 };
  assert.equal(
    arrowHover({ ...payload, factionLabels: payload.map.labels }, arrow),
    "Government and allies advance, 27 Nov – 29 Nov: 14.33 km²<br>Hanano (27 Nov), Jabal &lt;Badro&gt; (28 Nov), Haydariyah (29 Nov)",
  );
});
