/*
 * The story builder, the pure part: a draft story (a title and steps, each a view of the
 * map with a title and a caption), the events a step is pre-filled with, the draft as a
 * story the page can play, and the draft written as stories/NAME.yaml in the format
 * timeline/stories.py reads (and `frontline validate` checks). No DOM.
 *
 * A draft step: {day, compare (day index or null), focus (district id or null), zoom
 * (number or null), title, caption, events: [ids]}.
 */

export const MAX_CAPTION = 400; // timeline/stories.py
export const MAX_TITLE = 80;
export const MAX_STEPS = 40;

/** A new, empty draft. */
export function emptyDraft() {
  return { title: "", steps: [] };
}

/** A draft read back from its JSON (sessionStorage); an empty one when it is not one. */
export function readDraft(text) {
  try {
    const d = JSON.parse(text);
    if (d && typeof d === "object" && Array.isArray(d.steps)) {
      return { title: typeof d.title === "string" ? d.title : "", steps: d.steps.filter((s) => s && typeof s.day === "number") };
    }
  } catch (err) {
    // not JSON: start again
  }
  return emptyDraft();
}

/**
 * The ids of the events a step at `day` (focused on `district`, or null) rests on at
 * first: the events of that day concerning the district (all the day's events without
 * one, or when none concerns it); on a day with no event, those of the last earlier day
 * that has one. A story step must cite at least one event that had happened by its date.
 */
export function eventsFor(payload, day, district) {
  const date = payload.dates[day];
  let best = null;
  payload.events.forEach((e) => {
    if (e.date <= date && (best === null || e.date > best)) best = e.date;
  });
  if (best === null) return [];
  const sameDay = payload.events.filter((e) => e.date === best);
  const here = district ? sameDay.filter((e) => e.districts.indexOf(district) >= 0) : [];
  return (here.length ? here : sameDay).map((e) => e.id);
}

/** The first sentence of `text`, within `max` characters (cut at a word, with "…"). */
export function shortText(text, max) {
  const s = String(text || "").trim();
  const first = s.split(/(?<=\.)\s+/)[0] || s;
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  return cut.slice(0, Math.max(cut.lastIndexOf(" "), 1)) + "…";
}

/**
 * A step for the view `view` = {day, compare, focus, zoom}: titled with the day's date,
 * captioned with the first sentence of the day's text (to be rewritten by the author), and
 * resting on the events of eventsFor.
 */
export function stepFromView(payload, view) {
  const texts = payload.descriptions || [];
  const zoom = view.zoom && view.zoom > 1.05 ? Math.min(20, Math.round(view.zoom * 10) / 10) : null;
  return {
    day: view.day,
    compare: view.compare !== null && view.compare !== undefined && view.compare < view.day ? view.compare : null,
    focus: view.focus || null,
    zoom,
    title: payload.labels ? payload.labels[view.day] : payload.dates[view.day],
    caption: shortText(texts[view.day] || payload.long_labels[view.day], MAX_CAPTION),
    events: eventsFor(payload, view.day, view.focus || null),
  };
}

/** The draft with step `i` moved `by` places (-1 up, 1 down); the same draft at an end. */
export function moveDraftStep(draft, i, by) {
  const j = i + by;
  if (i < 0 || j < 0 || i >= draft.steps.length || j >= draft.steps.length) return draft;
  const steps = draft.steps.slice();
  const [s] = steps.splice(i, 1);
  steps.splice(j, 0, s);
  return Object.assign({}, draft, { steps });
}

/** The draft without step `i`. */
export function removeDraftStep(draft, i) {
  return Object.assign({}, draft, { steps: draft.steps.filter((_, k) => k !== i) });
}

/** The draft with step `i` changed by `fields` (e.g. {caption}). */
export function editDraftStep(draft, i, fields) {
  return Object.assign({}, draft, {
    steps: draft.steps.map((s, k) => (k === i ? Object.assign({}, s, fields) : s)),
  });
}

/** The draft as a story record in the payload's shape (to play it like any story). */
export function draftStory(payload, draft, name) {
  return {
    name,
    title: draft.title || "Draft story",
    summary: "",
    steps: draft.steps.map((s) => ({
      date: payload.dates[s.day],
      day: s.day,
      compare: s.compare !== null && s.compare !== undefined ? payload.dates[s.compare] : null,
      compare_day: s.compare !== undefined ? s.compare : null,
      focus: s.focus || null,
      zoom: s.zoom || null,
      title: s.title || "",
      caption: s.caption || "",
      events: s.events || [],
      sources: [],
    })),
  };
}

/** A file name for the draft: its title as a slug ("story" when it has none). */
export function draftName(draft) {
  const slug = String(draft.title || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "story";
}

/** A YAML scalar for any text: a double-quoted string (JSON's escapes are YAML's too). */
export function yamlString(text) {
  return JSON.stringify(String(text)).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The draft as the text of stories/NAME.yaml. A comment at the top says where it came from
 * and that each step's `events` were filled in with the events of its day and district (to
 * be checked against the caption); each step's list says which day it was taken from.
 */
export function draftYaml(payload, draft) {
  const title = draft.title || "Untitled story";
  const lines = [
    "# Written by the Frontline Atlas story builder. Save it as stories/" + draftName(draft) + ".yaml",
    "# in the scenario folder and run 'frontline validate'.",
    "# Each step's events were filled in with the events of the step's day and district (or of",
    "# the last earlier day with events): keep only those the caption rests on.",
    "title: " + yamlString(title),
    "steps:",
  ];
  draft.steps.forEach((s) => {
    lines.push("  - date: " + payload.dates[s.day]);
    if (s.compare !== null && s.compare !== undefined && s.compare < s.day) lines.push("    compare: " + payload.dates[s.compare]);
    if (s.focus) lines.push("    focus: " + yamlString(s.focus));
    if (s.zoom) lines.push("    zoom: " + Number(s.zoom));
    if (s.title) lines.push("    title: " + yamlString(s.title));
    lines.push("    caption: " + yamlString(s.caption || ""));
    const events = (s.events || []).map(yamlString).join(", ");
    const where = s.focus ? " and " + s.focus : "";
    lines.push("    events: [" + events + "]  # pre-filled: events of " + payload.dates[s.day] + where);
  });
  return lines.join("\n") + "\n";
}
