import { test } from "node:test";
import assert from "node:assert/strict";

import { ID_RE, buildQuery, defaultPalette, findDistrict, nameKey, parseCompare, parseQuery, quoted } from "../../assets/js/url.mjs";

const PAYLOAD = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17"],
  long_labels: ["Tuesday 15 November 2016", "Wednesday 16 November 2016", "Thursday 17 November 2016"],
  ids: ["hanano", "sheikh-maqsoud"],
  palettes: { conventional: {}, colourblind: {} },
  map: { default_palette: "conventional" },
};
const DEFAULTS = { day: 0, palette: "conventional" };

test("a good link gives its day, district and palette", () => {
  const q = parseQuery("?date=2016-11-16&district=hanano&palette=colourblind", PAYLOAD, DEFAULTS);
  assert.deepEqual(q, { day: 1, district: "hanano", palette: "colourblind", notices: [] });
});

test("missing parameters keep the defaults", () => {
  assert.deepEqual(parseQuery("", PAYLOAD, { day: 2, palette: "conventional" }), {
    day: 2,
    district: null,
    palette: "conventional",
    notices: [],
  });
  assert.equal(parseQuery("?district=", PAYLOAD, DEFAULTS).notices.length, 0);
});

test("a date that is not a date keeps the day, with a notice", () => {
  const q = parseQuery("?date=2016-13-01", PAYLOAD, { day: 1, palette: "conventional" });
  assert.equal(q.day, 1);
  assert.deepEqual(q.notices, [
    "The date '2016-13-01' in the link is not a date (use YYYY-MM-DD); showing Wednesday 16 November 2016.",
  ]);
});

test("a date outside the battle shows its nearest end, with a notice", () => {
  const early = parseQuery("?date=2016-01-01", PAYLOAD, DEFAULTS);
  assert.equal(early.day, 0);
  const late = parseQuery("?date=2017-06-01", PAYLOAD, DEFAULTS);
  assert.equal(late.day, 2);
  assert.deepEqual(late.notices, [
    "The link's date 2017-06-01 is outside the battle (2016-11-15 to 2016-11-17); showing Thursday 17 November 2016.",
  ]);
});

test("an unknown or malformed district selects nothing, with a notice", () => {
  for (const bad of ["nowhere", "<script>", "Hanano", "x".repeat(100)]) {
    const q = parseQuery("?district=" + encodeURIComponent(bad), PAYLOAD, DEFAULTS);
    assert.equal(q.district, null, bad);
    assert.equal(q.notices.length, 1, bad);
    assert.ok(q.notices[0].includes(bad.slice(0, 60)), bad);
  }
  assert.ok(!ID_RE.test("-hanano"));
});

test("an unknown palette keeps the default colours, with a notice", () => {
  for (const bad of ["neon", "constructor", "__proto__", "toString"]) {
    const q = parseQuery("?palette=" + bad, PAYLOAD, DEFAULTS);
    assert.equal(q.palette, "conventional", bad);
    assert.deepEqual(q.notices, ["Unknown palette '" + bad + "'; using the default colours."]);
  }
});

test("every bad parameter adds its own notice", () => {
  const q = parseQuery("?date=soon&district=nowhere&palette=neon", PAYLOAD, DEFAULTS);
  assert.equal(q.notices.length, 3);
});

test("a view is written back with the default palette left out", () => {
  assert.equal(buildQuery(PAYLOAD, 1, null, "conventional"), "?date=2016-11-16");
  assert.equal(
    buildQuery(PAYLOAD, 2, "hanano", "colourblind"),
    "?date=2016-11-17&district=hanano&palette=colourblind",
  );
  const round = parseQuery(buildQuery(PAYLOAD, 2, "hanano", "colourblind"), PAYLOAD, DEFAULTS);
  assert.deepEqual(round, { day: 2, district: "hanano", palette: "colourblind", notices: [] });
});

test("the default palette comes from the payload", () => {
  assert.equal(defaultPalette(PAYLOAD), "conventional");
  assert.equal(defaultPalette({ palettes: { colourblind: {} }, map: { default_palette: "colourblind" } }), "colourblind");
  assert.equal(buildQuery({ ...PAYLOAD, map: { default_palette: "colourblind" } }, 0, null, "colourblind"), "?date=2016-11-15");
});

test("palettes may be listed by key, as in the page's small store", () => {
  const meta = { ...PAYLOAD, palettes: ["conventional", "colourblind"], map: undefined };
  assert.equal(defaultPalette(meta), "conventional");
  assert.equal(parseQuery("?palette=colourblind", meta, DEFAULTS).palette, "colourblind");
  const bad = parseQuery("?palette=indexOf", meta, DEFAULTS);
  assert.equal(bad.palette, "conventional");
  assert.equal(bad.notices.length, 1);
  assert.equal(buildQuery(meta, 0, null, "colourblind"), "?date=2016-11-15&palette=colourblind");
});

test("a long parameter is quoted cut to 40 characters and an ellipsis", () => {
  const q = parseQuery("?date=" + "9".repeat(3000), PAYLOAD, DEFAULTS);
  assert.equal(q.notices.length, 1);
  assert.ok(q.notices[0].includes("'" + "9".repeat(40) + "…'"), q.notices[0]);
  assert.ok(q.notices[0].length < 200, q.notices[0].length);
  assert.equal(quoted("short"), "short");
  assert.equal(quoted("x".repeat(41)), "x".repeat(40) + "…");
});

const NAMED = {
  ...PAYLOAD,
  names: ["Hanano", "Sheikh Maqsood"],
  aliases: [["Masakin Hanano", "هنانو"], ["ash-Sheikh Maqsoud", "الشيخ مقصود"]],
};

test("a link may name a district by its name or any alias, in any case or accent", () => {
  for (const name of ["Sheikh Maqsood", "sheikh maqsood", "Ash-Sheikh Maqsoud", "الشيخ مقصود", "Shéikh Maqsood"]) {
    const q = parseQuery("?district=" + encodeURIComponent(name), NAMED, DEFAULTS);
    assert.equal(q.district, "sheikh-maqsoud", name);
    assert.deepEqual(q.notices, [], name);
  }
  assert.equal(parseQuery("?district=Masakin%20Hanano", NAMED, DEFAULTS).district, "hanano");
  // The link is rewritten with the district's id.
  assert.equal(buildQuery(NAMED, 0, "sheikh-maqsoud", "conventional"), "?date=2016-11-15&district=sheikh-maqsoud");
});

test("a name no district answers to, or two do, selects nothing", () => {
  assert.equal(findDistrict(NAMED, "Sheikh"), null);
  assert.equal(findDistrict(NAMED, "al"), null);
  const twice = { ...NAMED, aliases: [["Twin"], ["twin"]] };
  assert.equal(findDistrict(twice, "Twin"), null);
  assert.equal(nameKey("al-Sha'ar"), "shaar");
  const q = parseQuery("?district=Nowhere", NAMED, DEFAULTS);
  assert.equal(q.district, null);
  assert.equal(q.notices.length, 1);
});

test("the compare view's parameters: read, checked and written back", () => {
  assert.deepEqual(parseCompare("?date=2016-11-17&compare=2016-11-15&arrows=1", PAYLOAD), {
    compare: 0,
    arrows: true,
    notices: [],
  });
  assert.deepEqual(parseCompare("?date=2016-11-17", PAYLOAD), { compare: null, arrows: false, notices: [] });
  // Arrows only come with a comparison.
  assert.equal(parseCompare("?arrows=1", PAYLOAD).arrows, false);
  const bad = parseCompare("?compare=yesterday", PAYLOAD);
  assert.equal(bad.compare, null);
  assert.match(bad.notices[0], /not a date .*not comparing/);
  const early = parseCompare("?compare=2016-01-01", PAYLOAD);
  assert.equal(early.compare, 0);
  assert.match(early.notices[0], /outside the battle/);
  const q = buildQuery(PAYLOAD, 2, "hanano", "conventional", { compare: 0, arrows: true });
  assert.equal(q, "?date=2016-11-17&compare=2016-11-15&arrows=1&district=hanano");
  assert.deepEqual(parseCompare(q, PAYLOAD), { compare: 0, arrows: true, notices: [] });
  assert.equal(buildQuery(PAYLOAD, 2, null, "conventional", { compare: null, arrows: true }), "?date=2016-11-17");
});
