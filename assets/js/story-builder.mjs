/*
 * The story builder: "Add this view as a step" takes the map as it is (date, comparison,
 * district, zoom) into a draft kept in this tab's sessionStorage (never on the server);
 * the draft's steps are listed with their title and caption as text fields, Up/Down to
 * reorder them and Remove; "Download YAML" saves the draft as stories/NAME.yaml (see
 * story-yaml.mjs) and "Play draft" plays it like any story (as ?story=_draft).
 */

import { el, graphDiv } from "./dom.mjs";
import { page } from "./state.mjs";
import { DRAFT } from "./story-nav.mjs";
import { MAX_CAPTION, MAX_STEPS, MAX_TITLE, draftName, draftStory, draftYaml, editDraftStep, emptyDraft, moveDraftStep, readDraft, removeDraftStep, stepFromView } from "./story-yaml.mjs";

const KEY = "frontline-story-draft";

function storage() {
  try {
    return window.sessionStorage;
  } catch (err) {
    return null;
  }
}

/** The draft of this tab (an empty one when there is none). */
export function loadDraft() {
  const s = storage();
  const text = s ? s.getItem(KEY) : null;
  return text ? readDraft(text) : emptyDraft();
}

function saveDraft(draft) {
  const s = storage();
  if (s) s.setItem(KEY, JSON.stringify(draft));
}

/** {_draft: story} when this tab holds a draft with steps (for `meta`'s dates), else {}. */
export function draftStories(meta) {
  const draft = loadDraft();
  if (!draft.steps.length || !meta || !meta.dates) return {};
  const out = {};
  out[DRAFT] = draftStory(meta, draft, DRAFT);
  return out;
}

/** The map's zoom now (1: the whole map). */
function currentZoom() {
  const gd = graphDiv("map");
  const sub = gd && gd._fullLayout.geo && gd._fullLayout.geo._subplot;
  if (!sub || !sub.projection || !sub.fitScale) return null;
  return sub.projection.scale() / sub.fitScale;
}

/** The view on screen, as a step's fields. */
function currentView() {
  const asked = page.asked || {};
  return {
    day: page.day !== undefined ? page.day : asked.day || 0,
    compare: page.compare.day,
    focus: asked.selected || null,
    zoom: currentZoom(),
  };
}

function status(text) {
  const s = document.getElementById("story-builder-status");
  if (s) s.textContent = text;
}

function stepItem(payload, step, i, count) {
  const n = i + 1;
  const where = step.focus ? payload.names[payload.ids.indexOf(step.focus)] || step.focus : "whole city";
  const bits = [payload.long_labels[step.day], where];
  if (step.zoom) bits.push("zoom " + step.zoom);
  if (step.compare !== null && step.compare !== undefined) bits.push("compared with " + payload.dates[step.compare]);
  const button = (text, action, label, disabled) =>
    el("button", {
      type: "button",
      className: "draft-" + action,
      "data-action": action,
      "data-index": String(i),
      "aria-label": label,
      title: label,
      text,
      ...(disabled ? { disabled: "" } : {}),
    });
  const titleId = "draft-title-" + n;
  const captionId = "draft-caption-" + n;
  return el("li", { className: "draft-step", "data-index": String(i) }, [
    el("p", { className: "draft-where" }, [el("strong", { text: "Step " + n + ": " }), bits.join(" · ")]),
    el("label", { for: titleId, text: "Title of step " + n }),
    el("input", {
      id: titleId,
      type: "text",
      className: "draft-title",
      "data-index": String(i),
      maxlength: String(MAX_TITLE),
      value: step.title || "",
    }),
    el("label", { for: captionId, text: "Caption of step " + n }),
    el("textarea", {
      id: captionId,
      className: "draft-caption",
      "data-index": String(i),
      maxlength: String(MAX_CAPTION),
      rows: "3",
      text: step.caption || "",
    }),
    el("div", { className: "draft-actions" }, [
      button("↑", "up", "Move step " + n + " up", i === 0),
      button("↓", "down", "Move step " + n + " down", i === count - 1),
      button("Remove", "remove", "Remove step " + n, false),
    ]),
  ]);
}

/** Draw the builder (the draft's title, steps and buttons) from the stored draft. */
export function renderBuilder(focusSelector) {
  const box = document.getElementById("story-builder");
  const payload = page.payload;
  if (!box || box.hidden || !payload) return;
  const draft = loadDraft();
  box.textContent = "";
  box.appendChild(el("h2", { text: "Build a story" }));
  box.appendChild(
    el("p", {
      className: "hint",
      text: "Set the map (date, district, zoom), then add it as a step. The draft stays in this browser tab.",
    }),
  );
  box.appendChild(el("label", { for: "draft-story-title", text: "Story title" }));
  box.appendChild(
    el("input", { id: "draft-story-title", type: "text", className: "draft-story-title", value: draft.title }),
  );
  box.appendChild(
    el("button", {
      type: "button",
      id: "story-add",
      className: "story-add",
      "data-action": "add",
      text: "Add this view as a step",
      ...(draft.steps.length >= MAX_STEPS ? { disabled: "", title: "A story has at most " + MAX_STEPS + " steps" } : {}),
    }),
  );
  const steps = el(
    "ol",
    { className: "draft-steps", "aria-label": "Steps of the draft" },
    draft.steps.map((s, i) => stepItem(payload, s, i, draft.steps.length)),
  );
  box.appendChild(steps);
  const none = draft.steps.length === 0;
  box.appendChild(
    el("div", { className: "draft-bar" }, [
      el("button", { type: "button", id: "story-download", "data-action": "download", text: "Download YAML", ...(none ? { disabled: "" } : {}) }),
      el("button", { type: "button", id: "story-play-draft", "data-action": "play", text: "Play draft", ...(none ? { disabled: "" } : {}) }),
      el("button", { type: "button", id: "story-clear", "data-action": "clear", text: "Clear draft", ...(none ? { disabled: "" } : {}) }),
    ]),
  );
  box.appendChild(el("p", { id: "story-builder-status", className: "draft-status", role: "status" }));
  const again = focusSelector && box.querySelector(focusSelector);
  if (again && !again.disabled) again.focus();
}

function download(payload, draft) {
  const text = draftYaml(payload, draft);
  const blob = new Blob([text], { type: "application/yaml" });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: draftName(draft) + ".yaml" });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status("Downloaded " + draftName(draft) + ".yaml (" + draft.steps.length + " steps).");
}

function onClick(ev, play) {
  const toggle = ev.target.closest && ev.target.closest("#story-build");
  const box = document.getElementById("story-builder");
  if (toggle && box) {
    box.hidden = !box.hidden;
    toggle.setAttribute("aria-expanded", box.hidden ? "false" : "true");
    renderBuilder("#story-add");
    return;
  }
  const b = ev.target.closest && ev.target.closest("#story-builder [data-action]");
  const payload = page.payload;
  if (!b || !payload) return;
  const action = b.getAttribute("data-action");
  const i = parseInt(b.getAttribute("data-index"), 10);
  let draft = loadDraft();
  let focus = null;
  if (action === "add") {
    if (draft.steps.length >= MAX_STEPS) return;
    draft = Object.assign({}, draft, { steps: draft.steps.concat([stepFromView(payload, currentView())]) });
    focus = "#story-add";
    saveDraft(draft);
    renderBuilder(focus);
    status("Added step " + draft.steps.length + ".");
    return;
  }
  if (action === "up" || action === "down") {
    const by = action === "up" ? -1 : 1;
    draft = moveDraftStep(draft, i, by);
    const j = Math.max(0, Math.min(draft.steps.length - 1, i + by));
    // The focus stays with the moved step: on the same button, or the other one at an end.
    const end = (by < 0 && j === 0) || (by > 0 && j === draft.steps.length - 1);
    focus = '.draft-step[data-index="' + j + '"] .draft-' + (end ? (by < 0 ? "down" : "up") : action);
    saveDraft(draft);
    renderBuilder(focus);
    status("Moved to step " + (j + 1) + ".");
    return;
  }
  if (action === "remove") {
    draft = removeDraftStep(draft, i);
    saveDraft(draft);
    renderBuilder("#story-add");
    status("Removed step " + (i + 1) + ".");
    return;
  }
  if (action === "clear") {
    saveDraft(emptyDraft());
    renderBuilder("#story-add");
    status("The draft is empty.");
    return;
  }
  if (action === "download") download(payload, draft);
  else if (action === "play" && draft.steps.length) play(DRAFT);
}

/** Text typed into a title or caption is kept in the draft at once. */
function onInput(ev) {
  const t = ev.target;
  if (!t.closest || !t.closest("#story-builder")) return;
  const draft = loadDraft();
  if (t.id === "draft-story-title") {
    saveDraft(Object.assign({}, draft, { title: t.value }));
    return;
  }
  const i = parseInt(t.getAttribute("data-index"), 10);
  if (Number.isNaN(i)) return;
  if (t.classList.contains("draft-title")) saveDraft(editDraftStep(draft, i, { title: t.value }));
  else if (t.classList.contains("draft-caption")) saveDraft(editDraftStep(draft, i, { caption: t.value }));
}

/** Wire the builder; `play(name)` starts the draft as a story. */
export function watchBuilder(play) {
  document.addEventListener("click", (ev) => onClick(ev, play));
  document.addEventListener("input", onInput);
}
