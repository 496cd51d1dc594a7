/*
 * The compare view in the page: `?date=B&compare=A[&arrows=1]`. The control beside the
 * slider ("Compare with…" a day, Clear, advance arrows, swipe), the "Changes since A" list
 * (each district from → to, the control changes behind it, reported or inferred, and their
 * sources; net km² per faction and the enclave share), the live region's sentence, and the
 * overlay on the map (compare-map.mjs). The diff is computed here from the payload
 * (compare.mjs), so moving day B while comparing never asks the server; only the arrows come
 * from the arrows route, once per window.
 *
 * The URL is the record: a change of the control writes it (a history entry, so back and
 * forward restore the view) and a new URL sets the control (see syncUrl in dashboard.mjs).
 */

import { frontOf, paintCompare, payloadContext } from "./compare-map.mjs";
import { hideSwipe, showSwipe, SWIPE_MIN_WIDTH } from "./compare-swipe.mjs";
import { compareCaption, compareSentence, dayMonth, diffDays, enclaveText, sharesText, signedKm2 } from "./compare.mjs";
import { el, graphDiv, setProps, sourceList } from "./dom.mjs";
import { page } from "./state.mjs";
import { storyQuery } from "./story-nav.mjs";

const ARROWS_ROUTE = "_frontline/arrows";

function labelsOf(payload) {
  return payload.map.share_labels || payload.map.labels || {};
}

function holderText(payload, holder) {
  if (holder === "contested") return "contested";
  return labelsOf(payload)[holder] || holder;
}

/** The compare state a URL asked for (from syncUrl): true when it differs from the page's. */
export function setCompareState(parsed) {
  const c = page.compare;
  const changed = c.day !== parsed.compare || c.arrows !== parsed.arrows;
  c.day = parsed.compare;
  c.arrows = parsed.compare === null ? false : parsed.arrows;
  return changed;
}

/** Draw the current view again (after the compare state changed; view.mjs's draw). */
export function redraw() {
  const payload = page.payload;
  const asked = page.asked;
  if (!payload || !asked || !page.drawView) return;
  page.drawView(payload, asked.day, asked.palette, asked.selected, asked.highlight);
}

/** The part of draw()'s key that the compare view adds. */
export function compareKey() {
  const c = page.compare;
  const store = page.compared.arrows;
  const arrowsIn = c.arrows ? Object.keys(store).filter((k) => store[k] !== null).length : 0;
  return c.day === null ? "" : [c.day, c.arrows ? 1 : 0, arrowsIn, c.swipe ? 1 : 0].join(",");
}

/** The compare state as buildQuery (url.mjs) takes it. */
export function urlView() {
  return { compare: page.compare.day, arrows: page.compare.arrows };
}

/** Write the compare state into the URL (one history entry), from the view Dash asked for. */
function pushUrl() {
  const payload = page.payload;
  const asked = page.asked;
  if (!payload || !asked) return;
  // A story being played stays in the URL (story-nav.mjs writes its parameters).
  const s = page.story;
  const extra = { ...urlView(), story: s ? s.name : null, step: s ? s.step : null };
  const q = storyQuery(payload, asked.day, asked.selected, asked.palette, extra);
  if (q !== window.location.search) setProps("url", { search: q });
}

function setCompare(day, arrows) {
  page.compare.day = day;
  page.compare.arrows = day === null ? false : !!arrows;
  pushUrl();
  redraw();
}

function onChange(ev) {
  const t = ev.target;
  if (!page.payload || !t) return;
  if (t.id === "compare-with") {
    const day = t.value === "" ? null : page.payload.dates.indexOf(t.value);
    setCompare(day === null || day < 0 ? null : day, page.compare.arrows);
  }
}

function onClick(ev) {
  if (!page.payload || !ev.target.closest) return;
  if (ev.target.closest("#compare-clear")) {
    setCompare(null, false);
    const select = document.getElementById("compare-with");
    if (select) select.focus();
    return;
  }
  if (ev.target.closest("#compare-arrows")) {
    setCompare(page.compare.day, !page.compare.arrows);
    return;
  }
  const swipe = ev.target.closest("#compare-swipe");
  if (swipe) {
    page.compare.swipe = !page.compare.swipe;
    redraw();
    return;
  }
  const row = ev.target.closest("#changes button.change-show");
  if (row) setProps("selected-district", { data: row.getAttribute("data-district") });
}

/** Listen to the compare controls and the list's rows (once). */
export function watchCompare(draw) {
  page.drawView = draw;
  document.addEventListener("change", onChange);
  document.addEventListener("click", onClick);
}

/** Fetch the arrows of the window a..b once; then draw again. */
function loadArrows(payload, a, b) {
  const key = a + "|" + b;
  const store = page.compared.arrows;
  if (store[key] !== undefined) return store[key];
  store[key] = null; // asked
  const url = new URL(ARROWS_ROUTE, window.location.href);
  url.searchParams.set("from", payload.dates[a]);
  url.searchParams.set("to", payload.dates[b]);
  fetch(url.href, { credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status))))
    .then((body) => {
      store[key] = body.arrows || [];
      redraw();
    })
    .catch(() => {
      store[key] = [];
    });
  return null;
}

/** The overlay's style, as the page hands it over on the changes list (data-overlay). */
function overlayStyle(box) {
  if (!box) return null;
  if (!box.__overlay) {
    try {
      box.__overlay = JSON.parse(box.getAttribute("data-overlay") || "null");
    } catch {
      box.__overlay = null;
    }
  }
  return box.__overlay;
}

function wideScreen() {
  return window.innerWidth >= SWIPE_MIN_WIDTH;
}

/** The controls show the compare state. */
function syncControls(payload, active) {
  const c = page.compare;
  const select = document.getElementById("compare-with");
  if (select) {
    const value = c.day === null ? "" : payload.dates[c.day];
    if (select.value !== value) select.value = value;
  }
  const clear = document.getElementById("compare-clear");
  if (clear) clear.disabled = c.day === null;
  const arrows = document.getElementById("compare-arrows");
  if (arrows) {
    arrows.disabled = c.day === null;
    arrows.setAttribute("aria-pressed", c.arrows ? "true" : "false");
  }
  const swipe = document.getElementById("compare-swipe");
  if (swipe) {
    swipe.disabled = !active || !wideScreen();
    swipe.setAttribute("aria-pressed", c.swipe && active && wideScreen() ? "true" : "false");
  }
}

function netList(payload, diff) {
  const labels = labelsOf(payload);
  const items = diff.factions.map((f) => {
    const v = diff.km2[f];
    const cls = v > 0.005 ? "gain" : v < -0.005 ? "loss" : "even";
    return el("li", { className: "net-" + cls, "data-faction": f }, [
      el("span", { className: "swatch swatch-" + f }),
      el("span", { className: "net-label", text: labels[f] || f }),
      el("span", { className: "net-km2", text: signedKm2(v) }),
    ]);
  });
  const parts = [el("ul", { className: "net", "aria-label": "Net km² gained or lost" }, items)];
  if (diff.enclave) parts.push(el("p", { className: "enclave", text: enclaveText(diff.enclave) }));
  return parts;
}

function changeRow(payload, diff, row, palette) {
  const factions = payload.map.factions;
  const labels = labelsOf(payload);
  const from = sharesText(row.from.shares, factions, labels);
  const to = sharesText(row.to.shares, factions, labels);
  const pal = payload.palettes[palette] || payload.palettes[payload.map.default_palette];
  const mark = el("span", { className: "gainer-mark", title: "Gained by " + (labels[row.gainer] || row.gainer) });
  mark.style.borderColor = pal[row.gainer];
  const button = el(
    "button",
    {
      type: "button",
      className: "change-show",
      "data-district": row.id,
      title: "Select " + row.name + " on the map",
    },
    [
      mark,
      el("strong", { className: "change-name", text: row.name }),
      el("span", { className: "change-shares" }, [
        el("span", { className: "from", text: from }),
        " → ",
        el("span", { className: "to", text: to }),
      ]),
    ],
  );
  const why = row.changes.map((c) => {
    const day = payload.dates.indexOf(c.date);
    const when = day >= 0 ? payload.labels[day] : c.date;
    return el("li", { className: "change-why confidence-" + (c.confidence || "unknown") }, [
      el("span", { className: "why-date", text: when }),
      " ",
      el("span", { className: "why-title", text: c.title || c.note || "Control changed" }),
      " ",
      el("span", { className: "confidence", text: c.confidence || "" }),
      c.sources && c.sources.length ? sourceList(c.sources) : null,
    ]);
  });
  const item = el(
    "li",
    {
      className: "change" + (page.asked && page.asked.selected === row.id ? " selected" : ""),
      "data-district": row.id,
      "data-gainer": row.gainer,
      "data-confidence": row.confidence,
    },
    [button, why.length ? el("ul", { className: "why" }, why) : null],
  );
  return item;
}

/** The list, its title and summary for a diff (null: B before A). */
function renderList(payload, diff, a, b, palette) {
  const box = document.getElementById("changes");
  if (!box) return;
  const title = document.getElementById("changes-title");
  const status = document.getElementById("changes-status");
  const net = box.querySelector(".changes-net");
  const list = box.querySelector(".changes-rows");
  const count = box.querySelector(".changes-count");
  box.hidden = false;
  const since = "Changes since " + dayMonth(payload.dates[a]);
  if (!diff) {
    title.textContent = since;
    net.textContent = "";
    list.textContent = "";
    const text =
      "The map shows " + dayMonth(payload.dates[b]) + ", before " + dayMonth(payload.dates[a]) +
      ": move the slider past " + dayMonth(payload.dates[a]) + " to see what changed since.";
    if (status.textContent !== text) status.textContent = text;
    count.textContent = text;
    box.dataset.count = "";
    return;
  }
  title.textContent = compareCaption(diff.from, diff.to);
  const n = diff.rows.length;
  count.textContent =
    n === 0 ? "No district changed." : n + (n === 1 ? " district changed:" : " districts changed:");
  const text = compareSentence(diff, labelsOf(payload));
  if (status.textContent !== text) status.textContent = text;
  net.textContent = "";
  netList(payload, diff).forEach((n) => net.appendChild(n));
  const focusedRow =
    document.activeElement && box.contains(document.activeElement) && document.activeElement.closest("li.change");
  const keep = focusedRow ? focusedRow.getAttribute("data-district") : null;
  list.textContent = "";
  const frag = document.createDocumentFragment();
  diff.rows.forEach((row) => frag.appendChild(changeRow(payload, diff, row, palette)));
  list.appendChild(frag);
  box.dataset.count = String(diff.rows.length);
  if (keep) {
    const again = list.querySelector('li.change[data-district="' + keep + '"] button.change-show');
    if (again) again.focus();
  }
}

/**
 * Show the compare view for day `day` (B) of `payload`: the list, the controls, the live
 * region and the map's overlay; or clear them when not comparing.
 */
export function renderCompare(payload, day, palette) {
  const c = page.compare;
  const active = c.day !== null;
  syncControls(payload, active);
  const box = document.getElementById("changes");
  const gd = graphDiv("map");
  document.body.classList.toggle("comparing", active);
  const ctx = payloadContext(payload, palette, overlayStyle(box));
  if (!active) {
    if (box) box.hidden = true;
    page.compared.key = null;
    page.compared.diff = null;
    if (gd) {
      paintCompare(gd, ctx, null);
      hideSwipe(gd);
    }
    return;
  }
  const key = c.day + "|" + day;
  let diff = page.compared.key === key ? page.compared.diff : null;
  if (page.compared.key !== key) {
    diff = diffDays(payload, c.day, day);
    page.compared.key = key;
    page.compared.diff = diff;
  }
  renderList(payload, diff, c.day, day, palette);
  let arrows = null;
  if (c.arrows && diff) arrows = loadArrows(payload, c.day, day);
  if (gd) {
    paintCompare(gd, ctx, {
      a: c.day,
      rows: diff ? diff.rows : [],
      front: frontOf(payload, c.day),
      arrows,
      sig: [key, palette, arrows ? arrows.length : "-"].join("|"),
    });
    if (c.swipe && wideScreen()) showSwipe(gd, payload, c.day, day, palette, gd.__compareBase);
    else hideSwipe(gd);
  }
}
