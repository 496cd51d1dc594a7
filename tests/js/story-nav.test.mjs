import { test } from "node:test";
import assert from "node:assert/strict";

import {
  DRAFT,
  easeView,
  geometryBox,
  moveStep,
  readStoryQuery,
  stepAnnouncement,
  stepQuery,
  stepSources,
  stepView,
  storyQuery,
  swipeOf,
} from "../../assets/js/story-nav.mjs";

const META = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17", "2016-11-18"],
  long_labels: ["15 Nov", "16 Nov", "17 Nov", "18 Nov"],
  ids: ["hanano", "sakhour"],
  palettes: ["conventional", "colourblind"],
  map: { default_palette: "conventional" },
  stories: {
    walk: {
      name: "walk",
      title: "A walk",
      steps: [
        { day: 0, focus: null, compare_day: null, zoom: null, title: "One", caption: "First." },
        { day: 2, focus: "hanano", compare_day: null, zoom: 2.5, title: "Two", caption: "Second." },
        { day: 3, focus: null, compare_day: 1, zoom: null, title: "", caption: "Third." },
      ],
    },
  },
};

test("a story link without a date takes the step's", () => {
  const q = readStoryQuery("?story=walk&step=2", META, 0);
  assert.deepEqual(q, { story: "walk", step: 2, dated: false, notices: [] });
  assert.equal(readStoryQuery("?story=walk", META, 0).step, 1);
  assert.equal(readStoryQuery("?date=2016-11-16&story=walk&step=3", META, 1).dated, true);
});

test("an unknown story names the stories there are", () => {
  const q = readStoryQuery("?story=nope&step=2", META, 0);
  assert.equal(q.story, null);
  assert.equal(q.notices.length, 1);
  assert.match(q.notices[0], /no story 'nope'/);
  assert.match(q.notices[0], /stories: walk/);
  const none = readStoryQuery("?story=nope", { ...META, stories: {} }, 0);
  assert.match(none.notices[0], /this battle has none/);
  assert.match(readStoryQuery("?story=" + DRAFT, META, 0).notices[0], /browser tab/);
});

test("a step out of range or not a number gives step 1 and the valid range", () => {
  for (const bad of ["0", "4", "-1", "two", "1.5", ""]) {
    const q = readStoryQuery("?story=walk&step=" + bad, META, 0);
    assert.equal(q.story, "walk", bad);
    assert.equal(q.step, 1, bad);
    assert.match(q.notices[0], /its steps are 1 to 3; showing step 1/, bad);
  }
});

test("a step's link carries its date, focus, compare, story and step", () => {
  assert.equal(stepQuery(META, "walk", 2, "conventional"), "?date=2016-11-17&district=hanano&story=walk&step=2");
  // url.mjs writes the comparison right after the date (the story's parameters come last).
  assert.equal(stepQuery(META, "walk", 3, "colourblind"), "?date=2016-11-18&compare=2016-11-16&palette=colourblind&story=walk&step=3");
  assert.equal(stepQuery(META, "walk", 9, "conventional"), null);
  // No story, no story parameters; the arrows ride with the comparison.
  assert.equal(storyQuery(META, 1, null, "conventional", {}), "?date=2016-11-16");
  assert.equal(
    storyQuery(META, 2, null, "conventional", { compare: 1, arrows: true }),
    "?date=2016-11-17&compare=2016-11-16&arrows=1",
  );
  const back = readStoryQuery(stepQuery(META, "walk", 3, "conventional"), META, 3);
  assert.deepEqual([back.story, back.step, back.dated], ["walk", 3, true]);
});

test("steps stay within the story", () => {
  assert.equal(moveStep(1, -1, 3), 1);
  assert.equal(moveStep(1, 1, 3), 2);
  assert.equal(moveStep(3, 1, 3), 3);
});

test("the live region reads the step number, title and caption", () => {
  assert.equal(stepAnnouncement(META.stories.walk, 2), "Step 2 of 3: Two. Second.");
  assert.equal(stepAnnouncement(META.stories.walk, 3), "Step 3 of 3. Third.");
});

test("a swipe is long and level; left is next", () => {
  assert.equal(swipeOf(-120, 10), "next");
  assert.equal(swipeOf(120, -20), "previous");
  assert.equal(swipeOf(-30, 0), null); // too short: a tap
  assert.equal(swipeOf(-80, 70), null); // a scroll
});

test("a step's sources: each citation once, then its own sources", () => {
  const events = [
    { id: "a", sources: [{ id: "s1", section: "x", outlet: "One" }, { id: "s2", section: null, outlet: "Two" }] },
    { id: "b", sources: [{ id: "s1", section: "x", outlet: "One" }, { id: "s1", section: "y", outlet: "One" }] },
  ];
  const got = stepSources(events, { events: ["a", "b", "zz"], sources: ["s2", "s3"] });
  assert.deepEqual(got.map((s) => s.id + ":" + s.section), ["s1:x", "s2:null", "s1:y", "s3:undefined"]);
  assert.equal(got[3].offline, true);
  const own = stepSources(events, { events: ["b"], sources: ["s2"] });
  assert.deepEqual(own.map((s) => [s.id, s.outlet, s.section]), [["s1", "One", "x"], ["s1", "One", "y"], ["s2", "Two", null]]);
});

test("the map's view for a step: zoomed on its district's box, else the whole map", () => {
  const box = geometryBox({ type: "Polygon", coordinates: [[[37, 36], [37.2, 36], [37.2, 36.4], [37, 36]]] });
  assert.deepEqual(box, [37, 36, 37.2, 36.4]);
  const home = [37.1, 36.2];
  const v = stepView({ focus: "hanano", zoom: 2.5 }, box, home);
  assert.equal(v.scale, 2.5);
  assert.ok(Math.abs(v.centre[0] - 37.1) < 1e-9 && Math.abs(v.centre[1] - 36.2) < 1e-9);
  assert.deepEqual(stepView({ focus: "hanano", zoom: null }, box, home), { scale: 1, centre: home });
  assert.deepEqual(stepView(null, null, home), { scale: 1, centre: home });
  const a = { scale: 1, centre: [0, 0] };
  const b = { scale: 4, centre: [2, 2] };
  assert.deepEqual(easeView(a, b, 0), a);
  assert.deepEqual(easeView(a, b, 1), b);
  assert.ok(Math.abs(easeView(a, b, 0.5).scale - 2) < 1e-9); // halfway on a log scale
});
