import { test } from "node:test";
import assert from "node:assert/strict";

import { dayOf, momentOf } from "../../assets/js/playback.mjs";
import { dayStyle, frameStyle, lineGeojson, mapLook, paletteOf, perDayOf, pieces, svgPath } from "../../assets/js/style.mjs";
import { payload } from "./fixture.mjs";

test("a day's style: the payload's colours, outlines by status and selection", () => {
  const p = payload();
  const st = dayStyle(p, 1, "conventional", ["north"]);
  assert.deepEqual(st.colorscale, [
    [0, "#c8312b"],
    [0.5, "#8f5332"],
    [1, "#e8b923"],
  ]);
  assert.deepEqual(st.lineColour, ["#1565c0", "#111111", "rgba(255,255,255,0.85)"]);
  assert.deepEqual(st.lineWidth, [3.5, 1.6, 0.6]);
  assert.ok(st.hovertext[1].includes("Contested"));
  // An unknown palette falls back to the default one.
  assert.deepEqual(dayStyle(p, 1, "neon", []).colorscale, dayStyle(p, 1, "conventional", []).colorscale);
  assert.equal(paletteOf(p, "neon"), p.palettes.conventional);
});

test("moments belong to days; hover text follows the moment's day", () => {
  const p = payload();
  assert.equal(perDayOf(p), 2);
  assert.equal(dayOf(1, perDayOf(p)), 0);
  assert.equal(momentOf(1, perDayOf(p)), 2);
  const st = frameStyle(p, 1, "conventional", []);
  // Moment 1 is in day 0: the hover text is day 0's (Old City held by rebels then).
  assert.ok(st.hovertext[1].includes("Held by rebels"), st.hovertext[1]);
  assert.ok(frameStyle(p, 2, "conventional", []).hovertext[1].includes("Contested"));
});

test("an interpolated moment mixes shared districts and draws their parts and front", () => {
  const p = payload();
  const st = frameStyle(p, 1, "conventional", ["old-city"]);
  // Whole districts in their faction's colour; the shared one mixed 30/70.
  assert.equal(st.colorscale[0][1], "#c8312b");
  assert.equal(st.colorscale[2][1], "#e8b923");
  assert.equal(st.colorscale[1][1], "#5d7335"); // 0.3 × #c8312b + 0.7 × #2f8f3a
  assert.equal(st.lineColour[1], "#1565c0");
  // The government part of Old City, no rebel or SDF part; the front through two pieces.
  assert.deepEqual(st.parts[0], [
    [37.1, 37.2, 37.1],
    [36.1, 36.2, 36.1],
  ]);
  assert.deepEqual(st.parts[1], [[], []]);
  assert.deepEqual(st.front, [
    [37.3, 37.4, null, 37.5, 37.6],
    [36.3, 36.4, null, 36.5, 36.6],
  ]);
  // A part without geometry (null) is left out.
  assert.deepEqual(frameStyle(p, 2, "conventional", []).parts[1], [[], []]);
});

test("the map's look: lines per trace from the payload, a signature per picture", () => {
  const p = payload();
  const look = mapLook(p, 1, "conventional", []);
  assert.equal(look.day, 0);
  const { lines } = look.build();
  assert.deepEqual(
    lines.map((l) => l.trace),
    [1, 2, 3, 4],
  );
  assert.equal(lines[0].sig, "0");
  assert.equal(lines[3].sig, "1,2");
  // Same picture, same signature; another moment or palette, another one.
  assert.equal(mapLook(p, 1, "conventional", []).sig, look.sig);
  assert.notEqual(mapLook(p, 2, "conventional", []).sig, look.sig);
  assert.notEqual(mapLook(p, 1, "colourblind", []).sig, look.sig);
  // Trace indices come from the payload.
  p.map.traces = { ...p.map.traces, parts: 11, front: 14 };
  assert.deepEqual(
    mapLook(p, 1, "conventional", []).build().lines.map((l) => l.trace),
    [11, 12, 13, 14],
  );
});

test("without interpolated moments, days are drawn with the day's front", () => {
  const p = payload();
  p.frames = null;
  p.fronts = [
    [[37.0, 37.1], [36.0, 36.1], 1.2],
    [[37.2, 37.3], [36.2, 36.3], 1.4],
  ];
  assert.equal(perDayOf(p), 1);
  const look = mapLook(p, 1, "conventional", []);
  assert.equal(look.day, 1);
  const { style, lines } = look.build();
  assert.equal(style.colorscale[1][1], "#8f5332");
  assert.deepEqual(lines[3], { trace: 4, lon: [37.2, 37.3], lat: [36.2, 36.3], sig: "day1" });
});

test("lines split at nulls into GeoJSON and SVG paths", () => {
  assert.deepEqual(pieces([1, 2, null, 3, 4], [5, 6, null, 7, 8]), [
    [
      [1, 5],
      [2, 6],
    ],
    [
      [3, 7],
      [4, 8],
    ],
  ]);
  const lines = lineGeojson([1, 2], [5, 6], false);
  assert.equal(lines.type, "MultiLineString");
  const rings = lineGeojson([1, 2, 1], [5, 6, 5], true);
  assert.equal(rings.type, "MultiPolygon");
  const project = ([x, y]) => [x * 10, y * 10];
  assert.equal(svgPath(project, lines), "M10.00,50.00L20.00,60.00");
  assert.equal(svgPath(project, rings), "M10.00,50.00L20.00,60.00L10.00,50.00Z");
});
