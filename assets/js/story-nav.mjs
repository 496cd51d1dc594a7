/*
 * Story mode, the pure part: reading ?story=NAME&step=N from a link (the comparison is
 * url.mjs's parseCompare's), writing the link of a step, moving between steps, telling a swipe from a tap, and
 * the sources of a step. No DOM.
 *
 * `stories` is {NAME: {name, title, steps: [{date, day, compare, compare_day, focus, zoom,
 * title, caption, events, sources}]}} as the payload carries it (the page's small store has
 * the same records); steps are numbered from 1 in links and in what the reader sees.
 */

import { buildQuery, quoted } from "./url.mjs";

/** The draft a reader builds in this tab (assets/js/story-builder.mjs) plays as this name. */
export const DRAFT = "_draft";

/** The names of the stories, as a notice lists them: "a, b" or "none". */
function choices(stories) {
  const names = Object.keys(stories || {}).filter((n) => n !== DRAFT);
  return names.length ? names.join(", ") : "this battle has none";
}

/**
 * The story and step a query string asks for: `{story, step, dated, notices}` (the compare
 * day is url.mjs's parseCompare's). `story` is null when none is asked for or the name is unknown (with a
 * notice naming it and the stories there are); a step that is not a whole number from 1 to
 * the story's length gives step 1, with a notice naming the valid range. `dated` says
 * whether the link names its own date (then it wins over the step's).
 */
export function readStoryQuery(search, meta, day) {
  const params = new URLSearchParams(search || "");
  const stories = meta.stories || {};
  const out = { story: null, step: null, dated: params.get("date") !== null, notices: [] };
  const name = params.get("story");
  if (name !== null && name !== "") {
    const story = Object.hasOwn(stories, name) ? stories[name] : null;
    if (!story || !story.steps || !story.steps.length) {
      const text =
        name === DRAFT
          ? "The draft story lives in the browser tab that built it; it is not here. "
          : "There is no story '" + quoted(name) + "' (stories: " + choices(stories) + "). ";
      out.notices.push(text + "Showing the map without a story.");
    } else {
      out.story = name;
      const count = story.steps.length;
      const raw = params.get("step");
      const n = raw === null ? 1 : /^\d{1,4}$/.test(raw) ? parseInt(raw, 10) : NaN;
      if (n >= 1 && n <= count) {
        out.step = n;
      } else {
        out.step = 1;
        out.notices.push(
          "The story '" + quoted(name) + "' has no step '" + quoted(raw) + "': its steps are 1 to " +
            count + "; showing step 1.",
        );
      }
    }
  }
  return out;
}

/** Step `n` (from 1) of story `name`, or null. */
export function stepOf(meta, name, n) {
  const story = meta.stories && meta.stories[name];
  return (story && story.steps && story.steps[n - 1]) || null;
}

/** The number of steps of story `name` (0 when unknown). */
export function stepCount(meta, name) {
  const story = meta.stories && meta.stories[name];
  return story && story.steps ? story.steps.length : 0;
}

/** The step after (`by` 1) or before (-1) step `n`, kept within 1..count. */
export function moveStep(n, by, count) {
  return Math.max(1, Math.min(count, (n || 1) + by));
}

/**
 * The query of a view: date, compare (`extra.compare`, a day index, and `extra.arrows`),
 * district and palette as url.mjs writes them, then `extra.story` and `extra.step` when given.
 */
export function storyQuery(meta, day, district, palette, extra) {
  const x = extra || {};
  const view = { compare: x.compare === undefined ? null : x.compare, arrows: !!x.arrows };
  const params = new URLSearchParams(buildQuery(meta, day, district, palette, view).slice(1));
  if (x.story) {
    params.set("story", x.story);
    params.set("step", String(x.step || 1));
  }
  return "?" + params.toString();
}

/** The query that shows step `n` of story `name`: its date, focus and compare window. */
export function stepQuery(meta, name, n, palette) {
  const s = stepOf(meta, name, n);
  if (!s) return null;
  return storyQuery(meta, s.day, s.focus || null, palette, { compare: s.compare_day, story: name, step: n });
}

/** The text the live region reads for a step: "Step 2 of 11: title. caption" */
export function stepAnnouncement(story, n) {
  const s = story.steps[n - 1];
  const head = "Step " + n + " of " + story.steps.length + (s.title ? ": " + s.title : "");
  return head + ". " + s.caption;
}

export const SWIPE_MIN_PX = 50;

/**
 * What a touch that moved by (dx, dy) pixels means: "next" (a swipe to the left),
 * "previous" (to the right) or null (a tap, a scroll, too short or too slanted).
 */
export function swipeOf(dx, dy) {
  if (Math.abs(dx) < SWIPE_MIN_PX || Math.abs(dx) < 1.5 * Math.abs(dy)) return null;
  return dx < 0 ? "next" : "previous";
}

/**
 * The sources a step rests on: those its events cite (each citation once, in the order the
 * events give them), then the step's own `sources` ids not already cited, resolved from
 * any event's citation of the same document (an id no event cites stays a bare record).
 */
export function stepSources(events, step) {
  const byId = new Map(events.map((e) => [e.id, e]));
  const out = [];
  const seen = new Set();
  const docs = new Set();
  (step.events || []).forEach((id) => {
    const e = byId.get(id);
    if (!e) return;
    e.sources.forEach((s) => {
      const key = s.id + "|" + (s.section || "");
      docs.add(s.id);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(s);
    });
  });
  (step.sources || []).forEach((id) => {
    if (docs.has(id)) return;
    docs.add(id);
    let found = null;
    events.forEach((e) =>
      e.sources.forEach((s) => {
        if (!found && s.id === id) found = s;
      }),
    );
    out.push(found ? Object.assign({}, found, { section: null, passage: null }) : { id, outlet: id, offline: true });
  });
  return out;
}

/** The events of a step, in its order, as the payload has them (unknown ids skipped). */
export function stepEvents(events, step) {
  const byId = new Map(events.map((e) => [e.id, e]));
  return (step.events || []).map((id) => byId.get(id)).filter(Boolean);
}

/**
 * The scale and centre the map eases to for a step: `zoom` (1 when none) and, when the
 * step focuses on a district and zooms in, the middle of that district's bounding box
 * (`box`: [minLon, minLat, maxLon, maxLat]); otherwise `home`, the centre of the whole map.
 */
export function stepView(step, box, home) {
  const zoom = step && step.zoom && step.zoom > 1 ? step.zoom : 1;
  if (zoom > 1 && step.focus && box) return { scale: zoom, centre: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] };
  return { scale: 1, centre: home };
}

/** The view between `a` and `b` at t in 0..1 (scale on a log scale, eased in and out). */
export function easeView(a, b, t) {
  const e = t <= 0 ? 0 : t >= 1 ? 1 : t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
  const scale = Math.exp(Math.log(a.scale) + (Math.log(b.scale) - Math.log(a.scale)) * e);
  return {
    scale,
    centre: [a.centre[0] + (b.centre[0] - a.centre[0]) * e, a.centre[1] + (b.centre[1] - a.centre[1]) * e],
  };
}

/** The lon/lat bounding box of a GeoJSON geometry (Polygon or MultiPolygon). */
export function geometryBox(geometry) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates || [];
  polys.forEach((poly) =>
    poly.forEach((ring) =>
      ring.forEach((p) => {
        box[0] = Math.min(box[0], p[0]);
        box[1] = Math.min(box[1], p[1]);
        box[2] = Math.max(box[2], p[0]);
        box[3] = Math.max(box[3], p[1]);
      }),
    ),
  );
  return box[0] <= box[2] ? box : null;
}

/**
 * The middle of the whole map (every feature of a district GeoJSON), as plotly's fitbounds
 * centres a Mercator map: the middle of the projected heights, not of the latitudes.
 */
export function homeCentre(features) {
  const boxes = (features || []).map((f) => f.geometry && geometryBox(f.geometry)).filter(Boolean);
  if (!boxes.length) return null;
  const west = Math.min(...boxes.map((b) => b[0]));
  const east = Math.max(...boxes.map((b) => b[2]));
  const south = Math.min(...boxes.map((b) => b[1]));
  const north = Math.max(...boxes.map((b) => b[3]));
  const y = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const mid = (y(south) + y(north)) / 2;
  return [(west + east) / 2, ((2 * Math.atan(Math.exp(mid)) - Math.PI / 2) * 180) / Math.PI];
}

/** The bounding box of district `id` in a GeoJSON collection's features, or null. */
export function districtBox(features, id) {
  const f = (features || []).find((x) => x.properties && x.properties.id === id);
  return f && f.geometry ? geometryBox(f.geometry) : null;
}
