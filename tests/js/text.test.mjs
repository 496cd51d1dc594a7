import { test } from "node:test";
import assert from "node:assert/strict";

import {
  escapeHtml,
  fmtNumber,
  hoverText,
  pct,
  plotlyText,
  sharesText,
  statusText,
} from "../../assets/js/text.mjs";
import { MAP, payload } from "./fixture.mjs";

test("percentages round to whole numbers", () => {
  assert.equal(pct(0.4), "40%");
  assert.equal(pct(0.666), "67%");
  assert.equal(pct(1), "100%");
});

test("shares name only the factions present, in the payload's order and words", () => {
  assert.equal(sharesText({ shares: [0.6, 0.4, 0] }, MAP), "Government 60%, Rebels 40%");
  assert.equal(sharesText({ shares: [0, 0, 1] }, MAP), "SDF 100%");
  const renamed = { ...MAP, share_labels: { government: "Regime", rebel: "Opposition", sdf: "SDF" } };
  assert.equal(sharesText({ shares: [0.5, 0.5, 0] }, renamed), "Regime 50%, Opposition 50%");
});

test("status text comes from the payload; unknown ones show as they are", () => {
  assert.equal(statusText("rebel", MAP), "Held by rebels");
  assert.equal(statusText("contested", MAP), "Contested");
  assert.equal(statusText("truce", MAP), "truce");
});

test("hover text escapes names from the data", () => {
  const p = payload();
  assert.equal(escapeHtml('<a href="x">&</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  assert.equal(
    hoverText(p, p.states[3]),
    "<b>Old &lt;City&gt;</b>  المدينة القديمة<br>Contested: Government 60%, Rebels 40%<br>since 2016-11-16",
  );
  assert.equal(hoverText(p, p.states[0]), "<b>North</b><br>Held by the government: Government 100%<br>since 2016-11-15");
});

test("numbers are grouped the British way", () => {
  assert.equal(fmtNumber(12345), "12,345");
  assert.equal(fmtNumber("about 300"), "about 300");
});

test("plotlyText leaves nothing plotly reads as markup, and quotes as they are", () => {
  assert.equal(
    plotlyText('<a href="https://x">x</a> & <b>'),
    '&lt;a href="https://x"&gt;x&lt;/a&gt; &amp; &lt;b&gt;',
  );
  assert.equal(plotlyText("Bustan al-Qasr"), "Bustan al-Qasr");
  assert.equal(plotlyText(3), "3");
});

test("hover text escapes faction labels too, not only names", () => {
  const p = payload();
  const hostile = {
    ...p,
    map: {
      ...p.map,
      held_by: { ...p.map.held_by, government: 'Held by <a href="https://x">x</a>' },
      share_labels: { ...p.map.share_labels, government: "<b>Gov</b>" },
    },
  };
  const text = hoverText(hostile, p.states[0]);
  assert.ok(!text.includes("<a"), text);
  assert.ok(text.includes("&lt;a href=\"https://x\"&gt;x&lt;/a&gt;"), text);
  assert.ok(text.includes("&lt;b&gt;Gov&lt;/b&gt; 100%"), text);
});
