/*
 * Frontline Atlas, the standalone HTML export: the whole battle in one file that works
 * opened from disk, offline.
 *
 * The page (dashboard/export/html.py) holds the packed figure (#frontline-figure, see
 * unpack.mjs), its own description (#frontline-meta: dates, labels, per_day, frame names,
 * speed, descriptions) and the controls (#play, #slider, #date, #speed, #loop). From the
 * keyboard: Tab reaches Play, the slider (arrows, Page Up/Down, Home/End), the speed and the
 * loop switch; the space bar plays and pauses from anywhere but a form control. The day's
 * text (meta.descriptions) describes the map and is read out in #announce when the day
 * settles, at most every few seconds while playing. startStandalone() draws the
 * map and plays it with the shared engine of playback.mjs, as the dashboard and /embed do;
 * the map is drawn by embed-map.mjs; its names are placed for the map's real size and placed
 * again after a zoom or pan (names.mjs). On the plot's element, data-frame and data-day tell
 * which moment the map shows; on <body>, data-ready="1" once the map is drawn and
 * data-playing="1" while it plays.
 */

import { announceDelay } from "./announce.mjs";
import { MapQueue } from "./embed-map.mjs";
import { watchNames } from "./names.mjs";
import { dayOf, momentOf, Player } from "./playback.mjs";
import { unpack } from "./unpack.mjs";

const CONFIG = {
  displaylogo: false,
  responsive: true,
  scrollZoom: true,
  // No sharing to a plotly server, no box or lasso select: nothing to share or select here.
  modeBarButtonsToRemove: ["sendChartToCloud", "select2d", "lasso2d"],
};

/** Draw the map of the page and wire its controls. */
export function startStandalone(win = window) {
  const doc = win.document;
  const fig = unpack(JSON.parse(doc.getElementById("frontline-figure").textContent));
  const meta = JSON.parse(doc.getElementById("frontline-meta").textContent);
  const gd = doc.getElementById(meta.div);
  const slider = doc.getElementById("slider");
  const dateEl = doc.getElementById("date");
  const playBtn = doc.getElementById("play");
  const speedSel = doc.getElementById("speed");
  const loopBox = doc.getElementById("loop");
  const described = doc.getElementById("map-description");
  const announce = doc.getElementById("announce");
  const texts = meta.descriptions || [];
  const spoken = { timer: null, last: null };

  const perDay = meta.per_day;
  let shown = 0; // the day on the slider and the label
  let placeNames = null; // names placed for the map's size and zoom (names.mjs)

  const map = new MapQueue({ plotly: win.Plotly, gd, names: meta.frames, perDay });
  const player = new Player({
    days: meta.dates.length,
    perDay,
    speed: meta.speed.default,
    loop: loopBox.checked,
    schedule: (cb) => win.requestAnimationFrame(cb),
    cancel: (h) => win.cancelAnimationFrame(h),
    onMoment(index) {
      if (player.playing && map.busy) return false; // drawing: ask again next frame
      showMoment(index);
      return true;
    },
    onStop: renderPlay,
  });

  function renderDate() {
    slider.value = String(shown);
    slider.setAttribute("aria-valuetext", meta.long_labels[shown]);
    dateEl.textContent = meta.long_labels[shown];
    const text = texts[shown] || meta.long_labels[shown];
    if (described && described.textContent !== text) described.textContent = text;
    if (!announce || (spoken.timer !== null && player.playing)) return;
    win.clearTimeout(spoken.timer);
    spoken.timer = win.setTimeout(() => {
      spoken.timer = null;
      spoken.last = Date.now();
      const latest = texts[shown] || meta.long_labels[shown];
      if (announce.textContent !== latest) announce.textContent = latest;
    }, announceDelay(Date.now(), spoken.last, player.playing));
  }

  function renderPlay() {
    const on = player.playing;
    playBtn.textContent = on ? "\u275a\u275a Pause" : "\u25b6 Play";
    playBtn.setAttribute("aria-pressed", on ? "true" : "false");
    doc.body.dataset.playing = on ? "1" : "0";
  }

  function showMoment(index) {
    map.show(index);
    shown = dayOf(index, perDay);
    renderDate();
  }

  slider.addEventListener("input", () => {
    player.pause();
    const index = momentOf(parseInt(slider.value, 10), perDay);
    showMoment(index);
    player.seek(index);
    if (placeNames) placeNames(); // the day's own names first
  });
  playBtn.addEventListener("click", () => {
    player.toggle();
    renderPlay();
  });
  speedSel.addEventListener("change", () => player.setSpeed(Number(speedSel.value)));
  loopBox.addEventListener("change", () => player.setLoop(loopBox.checked));
  doc.addEventListener("keydown", (ev) => {
    const t = ev.target;
    const control = t && t.closest && t.closest("button, input, select, textarea, a");
    if (ev.key !== " " || (control && t !== slider)) return;
    ev.preventDefault();
    playBtn.click();
  });

  speedSel.value = String(player.speed);
  renderDate();
  renderPlay();
  win.Plotly.newPlot(gd, fig.data, fig.layout, CONFIG)
    .then(() => win.Plotly.addFrames(gd, fig.frames))
    .then(() => {
      gd.dataset.frame = "0";
      gd.dataset.day = "0";
      map.start();
      // The figure's names were placed for a nominal size: place them for this one, and
      // again after every zoom, pan or resize.
      placeNames = watchNames(
        win.Plotly,
        gd,
        meta.names_layer,
        () => ({ day: shown, highlight: [] }),
        (job) => map.run("names", job),
      );
      doc.body.dataset.ready = "1";
    });
}
