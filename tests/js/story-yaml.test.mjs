import { test } from "node:test";
import assert from "node:assert/strict";

import {
  draftName,
  draftStory,
  draftYaml,
  editDraftStep,
  eventsFor,
  moveDraftStep,
  readDraft,
  removeDraftStep,
  shortText,
  stepFromView,
  yamlString,
} from "../../assets/js/story-yaml.mjs";

const PAYLOAD = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17"],
  labels: ["15 Nov", "16 Nov", "17 Nov"],
  long_labels: ["Tuesday 15 November 2016", "Wednesday 16 November 2016", "Thursday 17 November 2016"],
  descriptions: ["The first day. More text.", "", "Third day."],
  events: [
    { id: "e1", date: "2016-11-15", districts: ["hanano"] },
    { id: "e2", date: "2016-11-15", districts: ["sakhour"] },
    { id: "e3", date: "2016-11-16", districts: ["sakhour"] },
  ],
};

test("a step rests on the events of its day and district, else the last day before", () => {
  assert.deepEqual(eventsFor(PAYLOAD, 0, "hanano"), ["e1"]);
  assert.deepEqual(eventsFor(PAYLOAD, 0, null), ["e1", "e2"]);
  assert.deepEqual(eventsFor(PAYLOAD, 1, "hanano"), ["e3"]); // none there that day: the day's
  assert.deepEqual(eventsFor(PAYLOAD, 2, null), ["e3"]); // no event that day: the last before
});

test("a view becomes a step with a title, a caption and its events", () => {
  const s = stepFromView(PAYLOAD, { day: 0, compare: null, focus: "hanano", zoom: 2.46 });
  assert.deepEqual(s, {
    day: 0,
    compare: null,
    focus: "hanano",
    zoom: 2.5,
    title: "15 Nov",
    caption: "The first day.",
    events: ["e1"],
  });
  const whole = stepFromView(PAYLOAD, { day: 1, compare: 0, focus: null, zoom: 1.01 });
  assert.equal(whole.zoom, null);
  assert.equal(whole.compare, 0);
  assert.equal(whole.caption, "Wednesday 16 November 2016");
  assert.equal(stepFromView(PAYLOAD, { day: 1, compare: 1 }).compare, null);
});

test("reorder, edit and remove keep the other steps as they were", () => {
  const d = { title: "T", steps: [{ day: 0 }, { day: 1 }, { day: 2 }] };
  assert.deepEqual(moveDraftStep(d, 0, 1).steps.map((s) => s.day), [1, 0, 2]);
  assert.deepEqual(moveDraftStep(d, 2, -1).steps.map((s) => s.day), [0, 2, 1]);
  assert.equal(moveDraftStep(d, 0, -1), d);
  assert.equal(moveDraftStep(d, 2, 1), d);
  assert.deepEqual(removeDraftStep(d, 1).steps.map((s) => s.day), [0, 2]);
  assert.equal(editDraftStep(d, 1, { caption: "New" }).steps[1].caption, "New");
  assert.equal(d.steps[1].caption, undefined); // not changed in place
});

test("a draft survives its JSON; anything else is an empty draft", () => {
  const d = { title: "T", steps: [{ day: 1, caption: "c" }] };
  assert.deepEqual(readDraft(JSON.stringify(d)), d);
  assert.deepEqual(readDraft("{"), { title: "", steps: [] });
  assert.deepEqual(readDraft('{"steps": 3}'), { title: "", steps: [] });
});

test("the draft plays as a story in the payload's shape", () => {
  const story = draftStory(PAYLOAD, { title: "", steps: [{ day: 2, compare: 0, focus: "hanano", zoom: 2, title: "t", caption: "c", events: ["e3"] }] }, "_draft");
  assert.equal(story.title, "Draft story");
  assert.deepEqual(story.steps[0], {
    date: "2016-11-17",
    day: 2,
    compare: "2016-11-15",
    compare_day: 0,
    focus: "hanano",
    zoom: 2,
    title: "t",
    caption: "c",
    events: ["e3"],
    sources: [],
  });
});

test("names, strings and short texts", () => {
  assert.equal(draftName({ title: "Ḥanano: the fall!" }), "hanano-the-fall");
  assert.equal(draftName({ title: "" }), "story");
  assert.equal(yamlString('He said "no"\nthen: left'), '"He said \\"no\\"\\nthen: left"');
  assert.equal(shortText("A b c d e f g.", 8), "A b c…");
});

test("the YAML has a comment on the events and one block per step", () => {
  const draft = {
    title: "Two days",
    steps: [
      { day: 1, compare: 0, focus: "sakhour", zoom: 2.5, title: "Sakhour", caption: "It: fell", events: ["e3"] },
      { day: 0, compare: null, focus: null, zoom: null, title: "", caption: "Before", events: ["e1", "e2"] },
    ],
  };
  assert.equal(
    draftYaml(PAYLOAD, draft),
    [
      "# Written by the Frontline Atlas story builder. Save it as stories/two-days.yaml",
      "# in the scenario folder and run 'frontline validate'.",
      "# Each step's events were filled in with the events of the step's day and district (or of",
      "# the last earlier day with events): keep only those the caption rests on.",
      'title: "Two days"',
      "steps:",
      "  - date: 2016-11-16",
      "    compare: 2016-11-15",
      '    focus: "sakhour"',
      "    zoom: 2.5",
      '    title: "Sakhour"',
      '    caption: "It: fell"',
      '    events: ["e3"]  # pre-filled: events of 2016-11-16 and sakhour',
      "  - date: 2016-11-15",
      '    caption: "Before"',
      '    events: ["e1", "e2"]  # pre-filled: events of 2016-11-15',
      "",
    ].join("\n"),
  );
});
