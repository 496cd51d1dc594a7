/*
 * Story mode in /embed: ?story=NAME&step=N puts a compact bar under the map (Step N of M,
 * the step's title and caption, previous and next as 44 px targets) and moves the map to
 * each step (date, district outline, zoom and centre). ← and → (outside the slider and the
 * menus) and a swipe on the bar move too; the step is kept in the page's URL
 * (replaceState), so a reload shows it again. An unknown story or step is said in the bar,
 * with the valid choices, and reported to the host like any other notice.
 */

import { districtBox, homeCentre, moveStep, readStoryQuery, stepAnnouncement, stepQuery, stepView, swipeOf } from "./story-nav.mjs";

const CSS = `
#story-bar { flex: 0 0 auto; display: flex; align-items: center; gap: 8px; padding: 6px 8px;
  border-top: 1px solid #dddddd; background: #ffffff; touch-action: pan-y; }
#story-bar .story-text { flex: 1 1 auto; min-width: 0; max-height: 7.5em; overflow-y: auto; }
#story-bar .story-count { color: #5f5f5a; margin-right: 6px; }
#story-bar .story-caption { margin: 2px 0 0; font-size: 14px; line-height: 1.35; }
#story-bar button { flex: 0 0 auto; width: 44px; height: 44px; font-size: 24px; line-height: 1;
  background: #ffffff; border: 1px solid #cccccc; border-radius: 4px; cursor: pointer; }
#story-bar button:disabled { color: #9a9a94; cursor: default; }
#story-bar .story-notice { margin: 0; color: #8a4b00; }
`;

function make(doc, tag, attrs, text) {
  const node = doc.createElement(tag);
  Object.keys(attrs || {}).forEach((k) => node.setAttribute(k, attrs[k]));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Start the story the embed's URL asks for, if any. `ctx`: {win, meta, gd, seekDay(day),
 * setDistrict(id), post(notice), run(key, job)} (the embed's own ways to move the map and
 * to queue plotly work). Call it before the map is plotted (the bar takes its height from
 * the map's box); returns {notices, begin}: `begin()`, once the map is drawn, shows the step.
 */
export function startEmbedStory(ctx) {
  const { win, meta } = ctx;
  const doc = win.document;
  const q = readStoryQuery(win.location.search, meta, 0);
  const params = new URLSearchParams(win.location.search);
  const none = () => {};
  if (!params.has("story")) return { notices: q.notices, begin: none };
  const style = make(doc, "style");
  style.textContent = CSS;
  doc.head.appendChild(style);
  const bar = make(doc, "div", { id: "story-bar", role: "region", "aria-label": "Story" });
  const host = doc.getElementById("embed");
  host.insertBefore(bar, doc.getElementById("bar"));
  if (!q.story) {
    bar.appendChild(make(doc, "p", { class: "story-notice", role: "status" }, q.notices.join(" ")));
    return { notices: q.notices, begin: none };
  }
  const story = meta.stories[q.story];
  const count = story.steps.length;
  const prev = make(doc, "button", { id: "story-prev", type: "button", "aria-label": "Previous step" }, "\u2039");
  const next = make(doc, "button", { id: "story-next", type: "button", "aria-label": "Next step" }, "\u203a");
  const text = make(doc, "div", { class: "story-text", "aria-live": "polite" });
  const head = make(doc, "div", {});
  const countEl = make(doc, "span", { class: "story-count" });
  const title = make(doc, "strong", { class: "story-step-title" });
  const caption = make(doc, "p", { class: "story-caption" });
  head.append(countEl, title);
  text.append(head, caption);
  if (q.notices.length) bar.appendChild(make(doc, "p", { class: "story-notice" }, q.notices.join(" ")));
  bar.append(prev, text, next);
  const gd = ctx.gd;
  const features = () => (gd.data && gd.data[0] && gd.data[0].geojson && gd.data[0].geojson.features) || [];
  let n = q.step;

  function zoomTo(step) {
    const home = homeCentre(features());
    if (!home || !win.Plotly) return;
    const view = stepView(step, step.focus ? districtBox(features(), step.focus) : null, home);
    ctx.run("story-zoom", () =>
      win.Plotly.relayout(gd, {
        "geo.projection.scale": view.scale,
        "geo.center.lon": view.centre[0],
        "geo.center.lat": view.centre[1],
        "geo.fitbounds": false,
      }).then(() => {
        gd.dataset.storyZoom = String(view.scale);
      }),
    );
  }

  function show() {
    const step = story.steps[n - 1];
    countEl.textContent = "Step " + n + " of " + count;
    title.textContent = step.title || "";
    caption.textContent = step.caption;
    text.setAttribute("aria-label", stepAnnouncement(story, n));
    bar.dataset.step = String(n);
    const focused = doc.activeElement;
    prev.disabled = n <= 1;
    next.disabled = n >= count;
    if (focused === prev && prev.disabled && !next.disabled) next.focus();
    if (focused === next && next.disabled && !prev.disabled) prev.focus();
    ctx.seekDay(step.day);
    ctx.setDistrict(step.focus || null);
    zoomTo(step);
    // "Open the atlas" opens the same step of the story.
    const open = doc.getElementById("open");
    const atlas = { dates: meta.dates, map: { default_palette: meta.default_palette }, stories: meta.stories };
    if (open) open.href = "./" + stepQuery(atlas, q.story, n, meta.palette);
    const url = new URLSearchParams(win.location.search);
    url.set("step", String(n));
    url.delete("date");
    win.history.replaceState(null, "", win.location.pathname + "?" + url.toString());
  }

  function move(by) {
    const m = moveStep(n, by, count);
    if (m === n) return;
    n = m;
    show();
    ctx.post();
  }

  prev.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  doc.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.defaultPrevented) return;
    if (ev.target.closest && ev.target.closest("input, select, textarea")) return;
    ev.preventDefault();
    move(ev.key === "ArrowRight" ? 1 : -1);
  });
  let start = null;
  bar.addEventListener(
    "touchstart",
    (ev) => {
      start = ev.touches.length === 1 ? [ev.touches[0].clientX, ev.touches[0].clientY] : null;
    },
    { passive: true },
  );
  bar.addEventListener(
    "touchend",
    (ev) => {
      if (!start || !ev.changedTouches.length) return;
      const t = ev.changedTouches[0];
      const swipe = swipeOf(t.clientX - start[0], t.clientY - start[1]);
      start = null;
      if (swipe) move(swipe === "next" ? 1 : -1);
    },
    { passive: true },
  );
  return { notices: q.notices, begin: show };
}
