/*
 * Disputed figures as a person would write them: "Distance to the Citadel", "about 3.5
 * square kilometres", "75%", "US$10,000", "400 to 600". The claim's `what` is a slug whose
 * last word may be its unit (km, m, km2, usd); shares are fractions. Pure: no DOM.
 */

import { fmtNumber } from "./text.mjs";

const UNITS = {
  km: ["kilometre", "kilometres"],
  m: ["metre", "metres"],
  km2: ["square kilometre", "square kilometres"],
};
// Words of claim slugs that are proper names (or read as such).
const PROPER = {
  idlib: "Idlib",
  foua: "Foua",
  kafriya: "Kafriya",
  citadel: "Citadel",
  syrian: "Syrian",
  syria: "Syria",
  aleppo: "Aleppo",
  un: "UN",
  icrc: "ICRC",
  sohr: "SOHR",
};

/** The slug's words and its unit ("", "km", "m", "km2", "usd", "share"). */
function split(what) {
  const words = String(what || "").split("-").filter(Boolean);
  const last = words[words.length - 1];
  if (words.length > 1 && (last in UNITS || last === "usd")) return { words: words.slice(0, -1), unit: words.pop() };
  if (words[0] === "share") return { words, unit: "share" };
  return { words, unit: "" };
}

/** "distance-to-citadel-km" -> "Distance to the Citadel"; "evacuees-from-foua-kafriya" ->
 * "Evacuees from Foua and Kafriya". */
export function claimWhat(what) {
  const { words } = split(what);
  const out = [];
  words.forEach((w, i) => {
    const prev = words[i - 1];
    if (w === "citadel" && prev !== "the") out.push("the");
    if (w === "kafriya" && prev === "foua") out.push("and");
    if (w === "syrian" && prev === "non") {
      out[out.length - 1] = "non-Syrian";
      return;
    }
    out.push(PROPER[w] || w);
  });
  const text = out.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function one(value, unit) {
  if (unit === "share" && typeof value === "number" && value <= 1) return Math.round(100 * value) + "%";
  if (unit === "usd") return "US$" + fmtNumber(value);
  return fmtNumber(value);
}

/** A claim's figure with its qualifier and unit: "about 3.5 square kilometres". */
export function claimFigure(claim) {
  const { unit } = split(claim.what);
  const value = claim.value;
  let shown;
  if (Array.isArray(value)) shown = one(value[0], unit) + " to " + one(value[1], unit);
  else shown = one(value, unit);
  if (unit in UNITS) {
    const single = !Array.isArray(value) && value === 1;
    shown += " " + UNITS[unit][single ? 0 : 1];
  }
  if (claim.qualifier) shown = claim.qualifier + " " + shown;
  return shown;
}

/** Who gives the figure, with a capital: "rebels" -> "Rebels". */
export function claimant(text) {
  const s = String(text || "");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
