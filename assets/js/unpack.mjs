/*
 * Frontline Atlas: the figure of the standalone page, unpacked.
 *
 * The page holds its plotly figure packed by dashboard/export/_pack.py (repeated strings
 * once, coordinates as small differences); unpack() gives the figure back:
 * - {"$s": [i, ...]}: strings, indices into packed.strings;
 * - {"$c": [i, ...]}: a colour scale with a stop per colour at i / (n - 1);
 * - {"$d": [...]}: lon or lat, in 1e-5 degree, each the difference from the one before
 *   (null separators kept);
 * - {"$p": [dx, dy, ...]}: a GeoJSON ring, coordinates as for "$d", x and y interleaved.
 * Anything else is copied as it is.
 */

const SCALE = 1e5;

/** The figure of `packed` ({strings, figure}), as plotly JSON. */
export function unpack(packed) {
  const strings = packed.strings;
  function walk(value) {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object") return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0].charAt(0) === "$") {
      const a = value[keys[0]];
      const n = a.length;
      switch (keys[0]) {
        case "$s":
          return a.map((i) => strings[i]);
        case "$c":
          return a.map((i, k) => [k / (n - 1), strings[i]]);
        case "$d": {
          let q = 0;
          return a.map((d) => {
            if (d === null) return null;
            q += d;
            return q / SCALE;
          });
        }
        case "$p": {
          const out = [];
          let x = 0;
          let y = 0;
          for (let j = 0; j < n; j += 2) {
            x += a[j];
            y += a[j + 1];
            out.push([x / SCALE, y / SCALE]);
          }
          return out;
        }
        default:
          break;
      }
    }
    const copy = {};
    for (const key of keys) copy[key] = walk(value[key]);
    return copy;
  }
  return walk(packed.figure);
}
