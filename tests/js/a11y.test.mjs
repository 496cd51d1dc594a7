import { test } from "node:test";
import assert from "node:assert/strict";

import { announceDelay, dayText, PLAYING_MS, SETTLE_MS } from "../../assets/js/announce.mjs";
import { chooseDistrict } from "../../assets/js/chooser.mjs";
import { tableRows } from "../../assets/js/table.mjs";

const PAYLOAD = {
  dates: ["2016-11-15", "2016-11-16"],
  long_labels: ["Tuesday 15 November 2016", "Wednesday 16 November 2016"],
  ids: ["hanano", "hanano-barrack", "amiriyeh"],
  names: ["Hanano", "Hanano Barrack", "al-‘Amiriyeh"],
  names_ar: ["هنانو", "ثكنة هنانو", ""],
  aliases: [["Masakin Hanano"], [], ["Aqrab"]],
  descriptions: ["Day one in words.", ""],
  states: [
    { d: 0, shares: [0, 1], status: "rebel", since: "2016-11-15", change: 0 },
    { d: 1, shares: [1, 0], status: "government", since: "2016-11-15", change: 0 },
    { d: 2, shares: [0.5, 0.5], status: "contested", since: "2016-11-16", change: 1 },
  ],
  days: [
    [0, 1, 0],
    [0, 1, 2],
  ],
  changes: [
    { date: "2016-11-15", event: "e1", confidence: "inferred" },
    { date: "2016-11-16", event: "e2", confidence: "reported" },
  ],
  events: [
    { id: "e1", title: "The start" },
    { id: "e2", title: "A push" },
  ],
  map: {
    factions: ["government", "rebel"],
    share_labels: { government: "Government", rebel: "Rebels" },
    held_by: { government: "Held by Government", rebel: "Held by Rebels", contested: "Contested" },
  },
};

test("announcements wait for the day to settle, and while playing come at most every few seconds", () => {
  assert.equal(announceDelay(1000, null, false), SETTLE_MS);
  assert.equal(announceDelay(1000, 900, false), SETTLE_MS);
  assert.equal(announceDelay(10_000, null, true), 0);
  assert.equal(announceDelay(10_000, 9_000, true), PLAYING_MS - 1000);
  assert.equal(announceDelay(20_000, 9_000, true), 0);
});

test("the day's text is the payload's description, else the date", () => {
  assert.equal(dayText(PAYLOAD, 0), "Day one in words.");
  assert.equal(dayText(PAYLOAD, 1), "Wednesday 16 November 2016");
});

test("the chooser takes a name, an alias, an Arabic name or a unique beginning", () => {
  assert.equal(chooseDistrict(PAYLOAD, "Hanano"), "hanano");
  assert.equal(chooseDistrict(PAYLOAD, "hanano barrack"), "hanano-barrack");
  assert.equal(chooseDistrict(PAYLOAD, "ثكنة هنانو"), "hanano-barrack");
  assert.equal(chooseDistrict(PAYLOAD, "Aqrab"), "amiriyeh");
  assert.equal(chooseDistrict(PAYLOAD, "Amir"), "amiriyeh");
  assert.equal(chooseDistrict(PAYLOAD, "Masakin"), "hanano");
  // "Han" begins two districts' names: no choice.
  assert.equal(chooseDistrict(PAYLOAD, "Han"), null);
  assert.equal(chooseDistrict(PAYLOAD, "x"), null);
  assert.equal(chooseDistrict(PAYLOAD, ""), null);
});

test("the table lists every district of the day by name, with holder, shares, since and change", () => {
  const rows = tableRows(PAYLOAD, 1);
  assert.deepEqual(
    rows.map((r) => r.district),
    ["al-‘Amiriyeh", "Hanano", "Hanano Barrack"],
  );
  assert.deepEqual(rows[0], {
    id: "amiriyeh",
    district: "al-‘Amiriyeh",
    holder: "Contested",
    shares: "Government 50%, Rebels 50%",
    since: "2016-11-16",
    change: "reported: A push",
  });
  assert.equal(rows[1].change, "inferred: The start");
});

test("/embed's district parameter takes a name or alias too, when its meta has them", async () => {
  const { readDistrict } = await import("../../assets/js/embed-params.mjs");
  const meta = { ids: ["sheikh-maqsoud"], names: ["Sheikh Maqsood"], aliases: [["ash-Sheikh Maqsoud"]] };
  const notices = [];
  assert.equal(readDistrict(meta, "Sheikh Maqsood", notices), "sheikh-maqsoud");
  assert.equal(readDistrict(meta, "ash-sheikh maqsoud", notices), "sheikh-maqsoud");
  assert.equal(readDistrict(meta, "sheikh-maqsoud", notices), "sheikh-maqsoud");
  assert.equal(readDistrict(meta, "Nowhere", notices), undefined);
  assert.deepEqual(notices, ["unknown district 'Nowhere'"]);
});
