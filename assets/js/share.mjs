/*
 * Sharing: the download links follow the view shown, and the copy buttons put the page's
 * link or an embed snippet on the clipboard. The files' names are the server's
 * (Content-Disposition): the links ask for a download without naming the file.
 */

import { page } from "./state.mjs";
import { escapeHtml } from "./text.mjs";
import { buildQuery } from "./url.mjs";

/** Point the download links at this day, district and palette. */
export function renderShare(payload, day, district, palette) {
  const query = buildQuery(payload, day, district, palette).slice(1);
  ["png", "svg"].forEach((kind) => {
    const a = document.querySelector('#share a[data-kind="' + kind + '"]');
    if (!a) return;
    a.setAttribute("href", "download/still." + kind + "?" + query);
    a.setAttribute("download", "");
  });
  // The battle's GIF in the palette shown, as the PNG and SVG are.
  const gif = document.querySelector('#share a[data-kind="gif"]');
  if (gif && palette) gif.setAttribute("href", "download/battle.gif?palette=" + encodeURIComponent(palette));
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
