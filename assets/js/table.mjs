/*
 * The table view of the day's control (under the area chart, one click away in a
 * <details>): per district its holder, shares, since when and the change behind it (its
 * confidence and event). Filled only while open; text always as text.
 */

import { el } from "./dom.mjs";
import { sharesText, statusText } from "./text.mjs";
import { nameKey } from "./url.mjs";

/** The rows of a day, sorted by district name (leading articles aside): plain strings (pure). */
export function tableRows(payload, day) {
  const titles = {};
  payload.events.forEach((e) => {
    titles[e.id] = e.title;
  });
  const rows = payload.days[day].map((s, i) => {
    const st = payload.states[s];
    const change = payload.changes[st.change] || {};
    const why = [change.confidence, change.event ? titles[change.event] || "" : ""].filter(Boolean);
    return {
      id: payload.ids[i],
      district: payload.names[i],
      holder: statusText(st.status, payload.map),
      shares: sharesText(st, payload.map),
      since: st.since,
      change: why.join(": "),
    };
  });
  // By name as read, articles aside: al-‘Amiriyeh among the A's, next to Amiriyeh.
  return rows.sort((a, b) => nameKey(a.district).localeCompare(nameKey(b.district), "en"));
}

/** Fill the table for `day` when the view is open (else leave it for later). */
export function renderTable(payload, day) {
  const box = document.getElementById("control-table");
  if (!box || !box.open) return;
  const body = box.querySelector(".table-body");
  if (!body || body.dataset.day === String(day)) return;
  body.dataset.day = String(day);
  const head = el("tr", {}, ["District", "Held by", "Shares", "Since", "Change behind it"].map((t) =>
    el("th", { scope: "col", text: t }),
  ));
  const rows = tableRows(payload, day).map((r) =>
    el("tr", { "data-district": r.id }, [
      el("th", { scope: "row", text: r.district }),
      el("td", { text: r.holder }),
      el("td", { text: r.shares }),
      el("td", { text: r.since }),
      el("td", { text: r.change }),
    ]),
  );
  body.textContent = "";
  body.appendChild(
    el("table", { className: "control" }, [
      el("caption", { text: "Who held each district on " + payload.long_labels[day] }),
      el("thead", {}, [head]),
      el("tbody", {}, rows),
    ]),
  );
}

/** Fill the table when it is opened (the day shown by `getDay`). */
export function watchTable(getPayload, getDay) {
  document.addEventListener(
    "toggle",
    (ev) => {
      const payload = getPayload();
      if (ev.target && ev.target.id === "control-table" && payload) renderTable(payload, getDay() || 0);
    },
    true,
  );
}
