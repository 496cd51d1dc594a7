/*
 * Sharing: the download links (slides and the data behind the view) follow the view shown,
 * compare window included, and the copy buttons put the page's link or an embed snippet on
 * the clipboard. The files' names are the server's
 * (Content-Disposition): the links ask for a download without naming the file.
 */

import { page } from "./state.mjs";
import { escapeHtml } from "./text.mjs";
import { buildQuery } from "./url.mjs";

const ON = ["1", "true", "on", "yes"];

/**
 * The compare part of a view from a query string: `{compare, arrows}`, `compare` the ISO day
 * A when it is a day of the battle not after `day` (else null), `arrows` whether arrows=1.
 * Pure: the page passes window.location.search (the URL holds the view).
 */
export function compareView(payload, day, search) {
  const params = new URLSearchParams(search || "");
  const value = params.get("compare");
  const at = value ? payload.dates.indexOf(value) : -1;
  const arrows = ON.indexOf(String(params.get("arrows") || "").toLowerCase()) >= 0;
  return { compare: at >= 0 && at <= day ? value : null, arrows };
}

/**
 * The compare part of the view the page shows: from the page state's compare view when the
 * page has one (`page.compare`, `{day: index of A or null, arrows}`), else from its URL.
 */
export function currentCompare(payload, day) {
  const state = page.compare;
  if (state && typeof state === "object" && "day" in state) {
    const at = state.day;
    const ok = at !== null && at !== undefined && at >= 0 && at <= day && !!payload.dates[at];
    return { compare: ok ? payload.dates[at] : null, arrows: !!state.arrows };
  }
  return compareView(payload, day, window.location.search);
}

/**
 * The addresses of the Download bar's links for a view (relative to the page): the slides
 * (`png`, `svg`, with compare= and arrows= when set) and the data behind the view: the day,
 * or the compare window when there is one (`data-geojson`, `data-csv`), and the whole
 * control table and events (`control-csv`, `control-json`, `events-csv`, `events-json`).
 * Pure.
 */
export function shareLinks(payload, day, district, palette, view) {
  const compare = view && view.compare ? view.compare : null;
  const arrows = !!(view && view.arrows);
  let still = buildQuery(payload, day, district, palette).slice(1);
  if (compare) still += "&compare=" + encodeURIComponent(compare);
  if (arrows) still += "&arrows=1";
  const date = "date=" + encodeURIComponent(payload.dates[day]);
  const data = (fmt) =>
    compare
      ? "download/diff." + fmt + "?" + date + "&compare=" + encodeURIComponent(compare) +
        (arrows && fmt === "geojson" ? "&arrows=1" : "")
      : "download/day." + fmt + "?" + date;
  return {
    png: "download/still.png?" + still,
    svg: "download/still.svg?" + still,
    "data-geojson": data("geojson"),
    "data-csv": data("csv"),
    "control-csv": "download/control.csv",
    "control-json": "download/control.json",
    "events-csv": "download/events.csv",
    "events-json": "download/events.json",
  };
}

/** What the data links' scope says: "this day" or "changes since 26 Nov". */
export function dataScope(payload, view) {
  if (!view || !view.compare) return "this day";
  const at = payload.dates.indexOf(view.compare);
  return "changes since " + (at >= 0 ? payload.labels[at] : view.compare);
}

/**
 * The download links of a static site (see dashboard/export/site.py): its page names URL
 * templates in `<meta name="frontline-downloads">` ({date}, {kind}, {suffix}: "" for the
 * default palette, else "-<palette>"), since a static host ignores a query. Null elsewhere.
 */
export function downloadTemplates(doc) {
  const meta = doc && doc.querySelector('meta[name="frontline-downloads"]');
  if (!meta) return null;
  try {
    return JSON.parse(meta.getAttribute("content"));
  } catch {
    return null;
  }
}

/**
 * The static site's download URLs of a day (ISO date) in a palette: {png, svg, gif, html}, and
 * the day's data (`data-geojson`, `data-csv`) when the site holds it. The whole control table
 * and the events keep their server URLs (download/control.csv...), which need no query.
 */
export function templateLinks(templates, date, palette) {
  const pal = palette || templates.default_palette;
  const values = { date, suffix: pal === templates.default_palette ? "" : "-" + pal };
  const fill = (template, kind) =>
    template.replace(/\{(\w+)\}/g, (m, key) => {
      const value = key === "kind" ? kind : values[key];
      return value === undefined ? m : encodeURIComponent(value);
    });
  return {
    png: fill(templates.still, "png"),
    svg: fill(templates.still, "svg"),
    gif: fill(templates.gif, "gif"),
    html: fill(templates.html, "html"),
    ...(templates.day
      ? { "data-geojson": fill(templates.day, "geojson"), "data-csv": fill(templates.day, "csv") }
      : {}),
  };
}

/**
 * Point the download links at this day, district, palette and compare window (`view`,
 * `{compare, arrows}`; default: the page's, see `currentCompare`). The bar refreshes its links
 * again when a pointer or the keyboard reaches it, so they follow a compare day set
 * without a redraw.
 */
export function renderShare(payload, day, district, palette, view) {
  const bar = document.getElementById("share");
  if (!bar) return;
  const data = document.querySelector('[data-share="data"]');
  const templates = downloadTemplates(document);
  // A static site holds each day's slide and data (no district outlined, no compare window).
  const shown = templates ? null : view || currentCompare(payload, day);
  const links = templates
    ? templateLinks(templates, payload.dates[day], palette)
    : shareLinks(payload, day, district, palette, shown);
  Object.keys(links).forEach((kind) => {
    const selector = 'a[data-kind="' + kind + '"]';
    const a = bar.querySelector(selector) || (data && data.querySelector(selector));
    if (!a) return;
    a.setAttribute("href", links[kind]);
    a.setAttribute("download", "");
  });
  const scope = data && data.querySelector("[data-scope]");
  if (scope) scope.textContent = dataScope(payload, shown);
  // The battle's GIF in the palette shown, as the PNG and SVG are.
  const gif = bar.querySelector('a[data-kind="gif"]');
  if (gif && palette && !templates) gif.setAttribute("href", "download/battle.gif?palette=" + encodeURIComponent(palette));
  if (!bar.hasAttribute("data-follows")) {
    bar.setAttribute("data-follows", "");
    const refresh = () => {
      const v = page.view || {};
      if (page.payload && page.day !== undefined) {
        renderShare(page.payload, page.day, v.district || null, v.palette);
      }
    };
    [bar, data].forEach((el) => {
      if (!el) return;
      el.addEventListener("pointerdown", refresh, true);
      el.addEventListener("focusin", refresh, true);
    });
    window.addEventListener("popstate", refresh);
  }
}

/** The HTML of an iframe showing this view from /embed under the page's address `base`. */
export function embedSnippet(payload, day, district, palette, base) {
  const query = buildQuery(payload, day, district, palette, { compare: page.compare.day, arrows: page.compare.arrows }).slice(1);
  const src = base.replace(/\/$/, "") + "/embed?" + query.replace(/&/g, "&amp;");
  const title = escapeHtml(payload.title || "Frontline Atlas map");
  return (
    '<iframe src="' + src + '" width="960" height="600" style="border:0" ' +
    'title="' + title + '" loading="lazy" allowfullscreen></iframe>'
  );
}

/** Put text on the clipboard and say so in #copy-status (or show it to copy by hand). */
export function copyText(text, done) {
  const status = document.getElementById("copy-status");
  const fallback = () => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    document.body.removeChild(area);
    if (status) status.textContent = ok ? done : "Copy this: " + text;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => {
      if (status) status.textContent = done;
    }, fallback);
  } else {
    fallback();
  }
  page.copied = text;
}

/** The copy buttons: the page's link, or the embed snippet of the view shown. */
export function onCopyClick(button) {
  const payload = page.payload;
  const view = page.view || {};
  const day = page.day || 0;
  if (button.id === "copy-link") {
    copyText(window.location.href, "Link copied");
  } else {
    const base = window.location.origin + window.location.pathname;
    copyText(embedSnippet(payload, day, view.district || null, view.palette, base), "Embed code copied");
  }
}
