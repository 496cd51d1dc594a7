/*
 * What changed between two days, computed in the browser from the payload: the port of
 * timeline/diff.py's diff_days that the compare view needs, so that scrubbing the later day
 * while comparing never asks the server. Pure: no DOM.
 *
 * A district is listed when any faction's share differs between day A and day B (the
 * payload's shares are rounded to 4 decimals, as the diff's JSON); its gainer is the
 * faction whose share rose most (the first in scenario order on a tie, as numpy's argmax),
 * its changes are the control changes dated after A up to B (the states it passed
 * through), each with its event's title, reported or inferred, and the event's sources.
 * The net km² per faction and the enclave share are the statistics' differences, so they
 * are those of `frontline diff` and `frontline stats`.
 */

const TOLERANCE = 1e-9;
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

function stateOf(payload, day, d) {
  return payload.states[payload.days[day][d]];
}

function eventIndex(payload) {
  if (!payload.__eventIndex) {
    const index = {};
    (payload.events || []).forEach((e) => {
      index[e.id] = e;
    });
    Object.defineProperty(payload, "__eventIndex", { value: index, enumerable: false });
  }
  return payload.__eventIndex;
}

/** The control changes behind district `d`'s states dated after day `a` up to day `b`. */
function changesBetween(payload, a, b, d) {
  const after = payload.dates[a];
  const seen = new Set();
  const out = [];
  const events = eventIndex(payload);
  for (let day = a + 1; day <= b; day++) {
    const st = stateOf(payload, day, d);
    if (!st || !(st.since > after) || seen.has(st.change)) continue;
    seen.add(st.change);
    const c = payload.changes[st.change] || {};
    const ev = c.event ? events[c.event] : null;
    out.push({
      date: c.date || st.since,
      day,
      event: c.event || null,
      title: ev ? ev.title : null,
      confidence: c.confidence || "",
      note: c.note || "",
      sources: ev ? ev.sources : [],
    });
  }
  return out;
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f + 0;
}

/**
 * The changes from day index `a` (A) to day index `b` (B): `{from, to, factions, rows, km2,
 * enclave}`, rows in map order, each `{d, id, name, from: {holder, shares}, to: {holder,
 * shares}, gainer, loser, confidence, changes}`; null when B comes before A.
 */
export function diffDays(payload, a, b) {
  if (!(a >= 0 && b >= 0 && a < payload.dates.length && b < payload.dates.length) || a > b) return null;
  const factions = payload.map.factions;
  const rows = [];
  const n = payload.ids.length;
  for (let d = 0; d < n; d++) {
    const sa = stateOf(payload, a, d);
    const sb = stateOf(payload, b, d);
    if (!sa || !sb || sa === sb) continue;
    const delta = sb.shares.map((v, k) => v - sa.shares[k]);
    if (!delta.some((v) => Math.abs(v) > TOLERANCE)) continue;
    let up = 0;
    let down = 0;
    delta.forEach((v, k) => {
      if (v > delta[up]) up = k;
      if (v < delta[down]) down = k;
    });
    const changes = changesBetween(payload, a, b, d);
    const levels = new Set(changes.map((c) => c.confidence));
    rows.push({
      d,
      id: payload.ids[d],
      name: payload.names[d],
      from: { holder: sa.status, shares: sa.shares.slice() },
      to: { holder: sb.status, shares: sb.shares.slice() },
      gainer: factions[up],
      loser: factions[down],
      confidence: levels.size === 1 && levels.has("reported") ? "reported" : "inferred",
      changes,
    });
  }
  const stats = payload.stats || [];
  const ra = stats[a] || {};
  const rb = stats[b] || {};
  const km2 = {};
  factions.forEach((f) => {
    const x = ra[f + "_km2"];
    const y = rb[f + "_km2"];
    km2[f] = typeof x === "number" && typeof y === "number" ? round(y - x, 4) : null;
  });
  let enclave = null;
  if (typeof ra.share_of_enclave === "number" && typeof rb.share_of_enclave === "number") {
    enclave = {
      before: ra.share_of_enclave,
      after: rb.share_of_enclave,
      change: round(rb.share_of_enclave - ra.share_of_enclave, 6),
    };
  }
  return { from: payload.dates[a], to: payload.dates[b], a, b, factions, rows, km2, enclave };
}

function parts(iso) {
  const [y, m, d] = iso.split("-").map((v) => parseInt(v, 10));
  return { y, m, d };
}

/** "26 Nov" or "26 Nov 2016" from an ISO date. */
function shortDate(iso, year) {
  const p = parts(iso);
  const text = p.d + " " + MONTHS[p.m - 1].slice(0, 3);
  return year ? text + " " + p.y : text;
}

/** "6 December" from an ISO date. */
export function dayMonth(iso) {
  const p = parts(iso);
  return p.d + " " + MONTHS[p.m - 1];
}

/** "Changes 26 Nov → 6 Dec 2016" (both years when they differ), as dashboard/compare.py. */
export function compareCaption(from, to) {
  const a = parts(from);
  const b = parts(to);
  return "Changes " + shortDate(from, a.y !== b.y) + " → " + shortDate(to, true);
}

/** A km² figure with its sign: "+3.21 km²", "−0.40 km²", "0 km²". */
export function signedKm2(value) {
  if (value === null || value === undefined) return "n/a";
  const r = round(value, 2);
  if (r === 0) return "0 km²";
  return (r > 0 ? "+" : "−") + Math.abs(r).toFixed(2) + " km²";
}

/** Shares as people read them: "Government 100%" or "Government 60%, Rebels 40%". */
export function sharesText(shares, factions, labels) {
  const out = [];
  shares.forEach((v, k) => {
    if (v > 0.0005) out.push((labels[factions[k]] || factions[k]) + " " + Math.round(v * 100) + "%");
  });
  return out.join(", ");
}

/** A percentage point change: "+52.1 points". */
function points(value) {
  const r = round(value * 100, 1);
  return (r > 0 ? "+" : r < 0 ? "−" : "") + Math.abs(r).toFixed(1) + " points";
}

/** The enclave line: "Share of the enclave held by the attacker: 12.0% → 64.3% (+52.3 points)". */
export function enclaveText(enclave) {
  if (!enclave) return "";
  return (
    "Share of the enclave taken: " + (enclave.before * 100).toFixed(1) + "% → " +
    (enclave.after * 100).toFixed(1) + "% (" + points(enclave.change) + ")"
  );
}

/**
 * What the live region says: "Comparing 6 December with 26 November: 52 districts changed;
 * Government +8.12 km², Rebels −8.12 km²; …".
 */
export function compareSentence(diff, labels) {
  if (!diff) return "";
  const n = diff.rows.length;
  let text =
    "Comparing " + dayMonth(diff.to) + " with " + dayMonth(diff.from) + ": " +
    (n === 0 ? "no district changed" : n + (n === 1 ? " district changed" : " districts changed"));
  const net = diff.factions
    .filter((f) => diff.km2[f] !== null && round(diff.km2[f], 2) !== 0)
    .map((f) => (labels[f] || f) + " " + signedKm2(diff.km2[f]));
  if (net.length) text += "; " + net.join(", ");
  if (diff.enclave && round(diff.enclave.change, 3) !== 0) text += "; " + enclaveText(diff.enclave);
  return text + ".";
}
