/*
 * Showing a view: the day, palette, selected district and highlighted districts on the
 * map, the date, the feed, the district panel, the share links and the area chart. The map
 * and the date first; the rest in idle time after the map's repaint.
 */

import { renderDayText } from "./announce.mjs";
import { renderArea } from "./chart.mjs";
import { compareKey, renderCompare } from "./compare-view.mjs";
import { graphDiv, whenIdle } from "./dom.mjs";
import { renderFeed } from "./feed.mjs";
import { fitLegend } from "./narrow.mjs";
import { renderMap } from "./paint.mjs";
import { renderPanel } from "./panel.mjs";
import { renderShare } from "./share.mjs";
import { renderTable } from "./table.mjs";
import { page } from "./state.mjs";
import { labelThumb, renderStepButtons } from "./thumb.mjs";

function renderDate(payload, day) {
  const display = document.getElementById("date-display");
  if (display) display.textContent = payload.long_labels[day];
  labelThumb(payload, day, 100);
  renderStepButtons(document, day, payload.dates.length);
}

/** A hover label names a day's holder: it goes when the day changes. */
function unhover() {
  const gd = graphDiv("map");
  if (gd && window.Plotly && window.Plotly.Fx) window.Plotly.Fx.unhover(gd);
}

/**
 * Show a day with the current palette, selection and highlight. Idempotent: the slider's
 * fast path usually draws a day before Dash's callback for it arrives, and the callback
 * then finds nothing left to do. While playing, the player draws the map.
 */
export function draw(payload, day, palette, selected, highlight) {
  const playing = !!(page.player && page.player.playing);
  const key = [day, palette, selected || "", JSON.stringify(highlight || null), playing, compareKey()].join("|");
  if (page.shown === key) return;
  page.shown = key;
  if (page.day !== undefined && page.day !== day) unhover();
  page.day = day;
  let hl = highlight && highlight.day === day ? highlight.districts : [];
  if (selected) hl = hl.concat([selected]);
  page.view = { palette, highlight: hl, district: selected || null };
  if (!playing) {
    const attempt = (tries) => {
      if (renderMap(payload, day, palette, hl)) {
        renderCompare(payload, day, palette); // the compare view's list and overlay
        fitLegend(); // the key under the map on a phone
        return;
      }
      if (tries <= 0) return;
      // The map is not plotted yet: look again on the next frame.
      if (document.hidden) setTimeout(() => attempt(tries - 1), 50);
      else window.requestAnimationFrame(() => attempt(tries - 1));
    };
    attempt(600);
  }
  renderDate(payload, day);
  renderDayText(payload, day);
  // The rest can wait for the map's repaint.
  const token = (page.token += 1);
  whenIdle(() => {
    if (token !== page.token) return; // a newer day came meanwhile
    renderFeed(day);
    renderPanel(payload, selected, day, palette);
    renderShare(payload, day, selected, palette);
    renderArea(payload, day, palette);
    renderTable(payload, day);
  });
}

/** Show a day with the view Dash last asked for (the slider's and the player's path). */
export function showDay(day) {
  const payload = page.payload;
  const asked = page.asked;
  if (!payload) return;
  if (!asked) {
    page.day = day;
    return;
  }
  asked.day = day;
  draw(payload, day, asked.palette, asked.selected, asked.highlight);
}
