import { test } from "node:test";
import assert from "node:assert/strict";

import { mixColour } from "../../assets/js/colour.mjs";
import { dayStyle, frameStyle, mapLook } from "../../assets/js/style.mjs";
import { hoverText, sharesText, statusText } from "../../assets/js/text.mjs";
import { fiveFactions, twoFactions } from "./fixture.mjs";

test("two factions: shares, status and hover text come from the payload's factions", () => {
  const p = twoFactions();
  assert.equal(sharesText({ shares: [0.25, 0.75] }, p.map), "Defenders 25%, Besiegers 75%");
  assert.equal(statusText("besiegers", p.map), "Held by Besiegers");
  const contested = p.states[p.states.length - 1];
  assert.equal(hoverText(p, contested), "<b>SHARED</b><br>Contested: Defenders 50%, Besiegers 50%<br>since 2020-03-02");
});

test("two factions: one parts line per faction, then the front, at the payload's indices", () => {
  const p = twoFactions();
  const { lines } = mapLook(p, 1, "conventional", []).build();
  assert.deepEqual(
    lines.map((l) => l.trace),
    [1, 2, 3],
  );
  assert.equal(lines[2].trace, p.map.traces.front);
  const st = frameStyle(p, 1, "conventional", []);
  assert.equal(st.parts.length, 2);
  assert.deepEqual(st.colorscale.map((c) => c[1]).slice(0, 2), ["#1f77b4", "#d62728"]);
  // The shared district mixed 30/70 from the two colours.
  assert.equal(st.colorscale[2][1], mixColour([0.3, 0.7], p.palettes.conventional, p.map.factions));
  assert.notEqual(st.colorscale[2][1], "#1f77b4");
});

test("five factions: every faction's colour, parts and share; palettes switch all five", () => {
  const p = fiveFactions();
  const st = dayStyle(p, 0, "colourblind", []);
  assert.deepEqual(
    st.colorscale.map((c) => c[1]).slice(0, 5),
    ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00"],
  );
  const { lines } = mapLook(p, 1, "conventional", []).build();
  assert.deepEqual(
    lines.map((l) => l.trace),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(lines[5].trace, p.map.traces.front);
  const fr = frameStyle(p, 1, "conventional", []);
  assert.equal(fr.parts.length, 5);
  assert.ok(fr.parts[0][0].length > 0 && fr.parts[1][0].length > 0);
  assert.deepEqual(fr.parts[4], [[], []]);
  assert.equal(
    sharesText({ shares: [0, 0, 0.2, 0, 0.8] }, p.map),
    "Eastern army 20%, Centre guard 80%",
  );
  assert.equal(statusText("west", p.map), "Held by Western militia");
});

test("mixing N colours weights each by its share", () => {
  const pal = { a: "#ff0000", b: "#00ff00", c: "#0000ff", d: "#000000", e: "#ffffff" };
  const ids = ["a", "b", "c", "d", "e"];
  assert.equal(mixColour([0, 0, 0, 0, 1], pal, ids), "#ffffff");
  assert.equal(mixColour([1, 1, 1, 1, 0], pal, ids), "#404040");
});
