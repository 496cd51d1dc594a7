/*
 * Colours: hex parsing, mixing faction colours by shares (the rule of
 * dashboard.palettes.mix), and the per-district colour scales of the map. Pure: no DOM.
 */

/** "#rrggbb" -> [r, g, b] (0-255). */
export function hexRgb(hex) {
  const h = String(hex).replace(/^#/, "");
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** [r, g, b] (rounded, clamped to 0-255) -> "#rrggbb". */
export function rgbHex(rgb) {
  return (
    "#" +
    rgb
      .map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, "0"))
      .join("")
  );
}

/**
 * One fill colour from shares: the colours of `factions` (looked up in `palette`, a map
 * from faction id to "#rrggbb") weighted by `shares` (one number per faction, in the same
 * order; negative shares count as 0). A district held whole gets its faction's colour.
 */
export function mixColour(shares, palette, factions) {
  let total = 0;
  shares.forEach((v) => {
    total += Math.max(0, v);
  });
  total = total || 1;
  const rgb = [0, 0, 0];
  factions.forEach((f, i) => {
    const w = Math.max(0, shares[i] || 0) / total;
    const c = hexRgb(palette[f]);
    for (let k = 0; k < 3; k++) rgb[k] += w * c[k];
  });
  return rgbHex(rgb);
}

/** A colour scale giving `colours[i]` exactly at z = i (with zmin 0, zmax n - 1). */
export function colourScale(colours) {
  const n = colours.length;
  if (n === 1) {
    return [
      [0, colours[0]],
      [1, colours[0]],
    ];
  }
  return colours.map((c, i) => [i / (n - 1), c]);
}
