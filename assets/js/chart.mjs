/*
 * The area chart under the map: its day marker follows the day shown, its faction
 * colours follow the palette.
 */

import { graphDiv } from "./dom.mjs";
import { paletteOf } from "./style.mjs";

export function renderArea(payload, day, palette) {
  const gd = graphDiv("area-chart");
  if (!gd || !window.Plotly) return;
  window.Plotly.relayout(gd, { "shapes[0].x0": day, "shapes[0].x1": day });
  if (gd.dataset.palette !== palette) {
    gd.dataset.palette = palette;
    const pal = paletteOf(payload, palette);
    const factions = payload.map.factions;
    const cols = factions.map((f) => pal[f]);
    const traces = factions.map((f, i) => i);
    window.Plotly.restyle(gd, { fillcolor: cols, "line.color": cols }, traces);
  }
}

/** The day of a click on the chart (Dash's clickData), or null. */
export function clickedDay(clickData) {
  if (!clickData || !clickData.points || !clickData.points.length) return null;
  return Math.round(clickData.points[0].x);
}
