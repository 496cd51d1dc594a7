/*
 * The battle's payload: fetched once (the page preloads it, so the request is under way
 * before any script runs), then the view Dash asked for meanwhile is drawn.
 */

import { notify, whenIdle } from "./dom.mjs";
import { buildFeed } from "./feed.mjs";
import { watchDrag, watchSlider } from "./slider.mjs";
import { page } from "./state.mjs";
import { draw } from "./view.mjs";

function fetchPayload(url) {
  return fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  });
}

/** Start reading the preloaded payload now, while Dash is still starting. */
export function readPreloaded() {
  const link = document.querySelector('link[rel="preload"][as="fetch"][href*="payload"]');
  if (!link || page.early) return;
  const promise = fetchPayload(link.href);
  promise.catch(() => {}); // reported when the page asks for it (loadPayload)
  page.early = { url: link.href, promise };
}

/** Fetch the payload once (`meta`: the page's small store); then draw the view asked for. */
export function loadPayload(meta) {
  if (page.payload || page.loading || !meta) return;
  page.loading = true;
  const url = new URL(meta.payload_url, window.location.href).href;
  const early = page.early;
  const promise = early && early.url === url ? early.promise : fetchPayload(url);
  promise
    .then((payload) => {
      page.payload = payload;
      // The map first; the event feed is built once the map has been painted.
      whenIdle(() => buildFeed(payload));
      watchSlider();
      watchDrag();
      const asked = page.asked;
      if (asked) draw(payload, asked.day, asked.palette, asked.selected, asked.highlight);
    })
    .catch((err) => {
      page.loading = false;
      notify(
        "The battle's data could not be loaded (" + err.message +
          "): reload the page; if it persists, the server's log says why.",
      );
    });
}
