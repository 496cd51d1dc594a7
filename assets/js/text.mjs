/*
 * Text the page shows about a district's state: shares, who holds it, the hover label.
 * Labels come from the payload (`payload.map`); text from the data is escaped (plotlyText)
 * wherever it becomes plotly markup (hover labels). Pure: no DOM.
 */

/** 0.4 -> "40%". */
export function pct(x) {
  return Math.round(100 * x) + "%";
}

/** Markup-safe text: & < > " escaped. */
export function escapeHtml(s) {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * Text from the data made literal for plotly's label markup (trace names, hover text,
 * annotations): & < > as entities, the only characters it reads (it would show &quot; as
 * written). Twin of plotly_text in dashboard/markup.py.
 */
export function plotlyText(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The shares of a state, "Government 60%, Rebel groups 40%" (factions with nothing left
 * out): `state.shares` holds one share per faction of `map.factions`, in that order.
 */
export function sharesText(state, map) {
  const parts = [];
  map.factions.forEach((f, i) => {
    const v = state.shares[i];
    if (v > 0) parts.push(map.share_labels[f] + " " + pct(v));
  });
  return parts.join(", ");
}

/** "Held by <faction label>", "Contested"... (an unknown status is shown as it is). */
export function statusText(status, map) {
  return map.held_by[status] || status;
}

/** The map's hover label of one district state (names, status, shares, since when). */
export function hoverText(payload, state) {
  const i = state.d;
  let title = "<b>" + plotlyText(payload.names[i]) + "</b>";
  if (payload.names_ar[i]) title += "  " + plotlyText(payload.names_ar[i]);
  return (
    title + "<br>" + plotlyText(statusText(state.status, payload.map)) + ": " +
    plotlyText(sharesText(state, payload.map)) + "<br>since " + plotlyText(state.since)
  );
}

/** "1,234" for numbers (British grouping), anything else as text. */
export function fmtNumber(v) {
  return typeof v === "number" ? v.toLocaleString("en-GB") : String(v);
}
