/*
 * The map's key on a narrow screen: plotly draws the legend in the map's top-left corner,
 * which on a phone covers a third of the city. Below 600 px the key becomes a compact row
 * under the map instead (plotly makes room for it), and goes back on a wider screen. There,
 * two entries share a row: the contested swatch is named "Contested" alone (its swatch shows
 * the mixed colour and the dark outline the wide key spells out), so no name is cut.
 */

import { graphDiv } from "./dom.mjs";
import { page } from "./state.mjs";

/** Narrower than this (CSS pixels), the key goes under the map. */
export const NARROW_PX = 600;

/** The legend's layout for a map `width` pixels wide (null: plotly's figure as sent). */
export function legendLayout(width, wide) {
  if (width >= NARROW_PX) return wide;
  return {
    orientation: "h",
    x: 0,
    xanchor: "left",
    y: 0,
    yanchor: "top",
    font: { size: 11 },
    itemwidth: 30,
    entrywidth: 0.5, // two columns
    entrywidthmode: "fraction",
    bgcolor: "rgba(255,255,255,0)",
  };
}

/** A legend entry's name on a narrow screen: without its explanation in brackets. */
export function shortName(name) {
  const cut = String(name || "").indexOf(" (");
  return cut > 0 ? name.slice(0, cut) : name;
}

/** The index of the contested swatch's trace (after one swatch per faction), or -1. */
function contestedTrace(payload) {
  const m = payload && payload.map;
  if (!m || !m.traces || m.traces.legend === undefined || !m.factions) return -1;
  return m.traces.legend + m.factions.length;
}

/** Put the map's key where it fits its width (does nothing when it is already there). */
export function fitLegend() {
  const gd = graphDiv("map");
  if (!gd || !window.Plotly || !gd.layout) return;
  if (!gd.__frontlineFitting) {
    gd.__frontlineFitting = true;
    window.addEventListener("resize", fitLegend); // a phone turned sideways
  }
  const narrow = gd.getBoundingClientRect().width < NARROW_PX;
  if (gd.dataset.narrow === String(narrow)) return;
  if (!gd.__wideLegend) gd.__wideLegend = Object.assign({}, gd.layout.legend);
  gd.dataset.narrow = String(narrow);
  const legend = legendLayout(narrow ? 0 : NARROW_PX, gd.__wideLegend);
  window.Plotly.relayout(gd, { legend });
  const k = contestedTrace(page.payload);
  const trace = k >= 0 ? gd.data[k] : null;
  if (!trace || !trace.name) return;
  if (gd.__wideContested === undefined) gd.__wideContested = trace.name;
  const name = narrow ? shortName(gd.__wideContested) : gd.__wideContested;
  if (trace.name !== name) window.Plotly.restyle(gd, { name: [name] }, [k]);
}
