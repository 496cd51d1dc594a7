import { test } from "node:test";
import assert from "node:assert/strict";

import { unpack } from "../../assets/js/unpack.mjs";

test("strings, colour scales, coordinates and rings come back from their packed forms", () => {
  const packed = {
    strings: ["a", "<b>b</b>", "red", "blue"],
    figure: {
      data: [
        {
          text: { $s: [0, 1, 0] },
          colorscale: { $c: [2, 3] },
          lon: { $d: [3712346, null, -2346] },
          lat: { $d: [3620000, 0, null] },
          geojson: { type: "Polygon", coordinates: [{ $p: [3710000, 3620000, 2, 10000] }] },
          z: [1, 2],
        },
      ],
      layout: { title: { text: "t" }, colorway: [null, 1] },
    },
  };
  assert.deepEqual(unpack(packed), {
    data: [
      {
        text: ["a", "<b>b</b>", "a"],
        colorscale: [
          [0, "red"],
          [1, "blue"],
        ],
        lon: [37.12346, null, 37.1],
        lat: [36.2, 36.2, null],
        geojson: {
          type: "Polygon",
          coordinates: [
            [
              [37.1, 36.2],
              [37.10002, 36.3],
            ],
          ],
        },
        z: [1, 2],
      },
    ],
    layout: { title: { text: "t" }, colorway: [null, 1] },
  });
});

test("an object with one $-key that is not a marker, or with more keys, is copied", () => {
  const packed = { strings: [], figure: { a: { $x: [1] }, b: { $s: [], c: 1 } } };
  assert.deepEqual(unpack(packed), { a: { $x: [1] }, b: { $s: [], c: 1 } });
});
