/*
 * The district chooser (#district-chooser, a text box with a <datalist> of every name,
 * alias and Arabic name; dashboard/a11y.py): Enter, or picking a suggestion, opens the
 * district's panel and outlines it on the map, as a click on the map does.
 */

import { setProps } from "./dom.mjs";
import { findDistrict, nameKey } from "./url.mjs";

/**
 * The district `text` names: an id, name or alias (see url.mjs findDistrict), else the one
 * district with a name or alias that starts with it; null when none or several (pure).
 */
export function chooseDistrict(payload, text) {
  const exact = findDistrict(payload, String(text || "").trim());
  if (exact) return exact;
  const key = nameKey(text || "");
  if (key.length < 2) return null;
  const found = [];
  payload.ids.forEach((id, i) => {
    const all = [payload.names[i], payload.names_ar ? payload.names_ar[i] : ""]
      .concat((payload.aliases && payload.aliases[i]) || [])
      .filter(Boolean);
    if (all.some((n) => nameKey(n).startsWith(key))) found.push(id);
  });
  return found.length === 1 ? found[0] : null;
}

function say(text) {
  const status = document.getElementById("district-chooser-status");
  if (status) status.textContent = text;
}

function choose(payload, input) {
  const text = input.value.trim();
  if (!text) return;
  const id = chooseDistrict(payload, text);
  if (!id) {
    say("No single district is called “" + text.slice(0, 60) + "”: pick one from the list.");
    return;
  }
  const name = payload.names[payload.ids.indexOf(id)];
  input.value = name;
  setProps("selected-district", { data: id });
  say(name + " is outlined on the map; its panel is open.");
}

/** Listen to the chooser (by delegation: Dash may render it after this runs). */
export function watchChooser(getPayload) {
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" || !ev.target || ev.target.id !== "district-chooser") return;
    const payload = getPayload();
    if (!payload) return;
    ev.preventDefault();
    choose(payload, ev.target);
  });
  document.addEventListener("input", (ev) => {
    // Picking a suggestion from the list replaces the text in one go.
    if (!ev.target || ev.target.id !== "district-chooser") return;
    if (ev.inputType && ev.inputType !== "insertReplacementText") return;
    const payload = getPayload();
    if (payload) choose(payload, ev.target);
  });
}
