/*
 * The district panel: who held the selected district on the day shown, since when and
 * why (the change, its confidence, the event and its sources), a strip of its state on
 * every day, and the events that concern it.
 *
 * From the keyboard the strip is one Tab stop (the day shown); the arrow keys move along it
 * and Enter shows the day. The panel is rebuilt on every day: the focus stays on the
 * control that had it (the strip's day, the same event link).
 */

import { el, setProps, sourceList } from "./dom.mjs";
import { sharesText, statusText } from "./text.mjs";

function strip(payload, districtIndex, day, palette) {
  const map = payload.map;
  const colours = payload.colours[palette] || payload.colours[map.default_palette];
  const cells = payload.days.map((row, d) => {
    const st = payload.states[row[districtIndex]];
    const label = payload.long_labels[d] + ": " + statusText(st.status, map);
    const cell = el("button", {
      type: "button",
      className: "cell" + (d === day ? " current" : "") + (st.status === "contested" ? " contested" : ""),
      title: label + " (" + sharesText(st, map) + ")",
      "aria-label": label,
      "data-day": String(d),
      tabindex: d === day ? "0" : "-1",
    });
    cell.style.background = colours[row[districtIndex]];
    return cell;
  });
  const box = el("div", { className: "strip", role: "group", "aria-label": "State on every day" }, cells);
  box.addEventListener("keydown", stripKey);
  return box;
}

const STRIP_STEP = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/** Arrows, Home and End move the focus along the strip (the day changes on Enter). */
function stripKey(ev) {
  const cells = Array.from(ev.currentTarget.querySelectorAll("button.cell"));
  const at = cells.indexOf(ev.target);
  if (at < 0) return;
  let next = null;
  if (ev.key in STRIP_STEP) next = at + STRIP_STEP[ev.key];
  else if (ev.key === "Home") next = 0;
  else if (ev.key === "End") next = cells.length - 1;
  if (next === null) return;
  ev.preventDefault();
  ev.stopPropagation();
  next = Math.max(0, Math.min(cells.length - 1, next));
  cells[at].setAttribute("tabindex", "-1");
  cells[next].setAttribute("tabindex", "0");
  cells[next].focus();
}

/** What in the panel has the focus, to give it back after a rebuild (or null). */
function focusedPart(panel) {
  const a = document.activeElement;
  if (!a || !panel.contains(a)) return null;
  if (a.classList.contains("cell")) return ".strip button.cell[tabindex='0']";
  if (a.getAttribute("data-event")) return 'button.event-link[data-event="' + a.getAttribute("data-event") + '"]';
  return null;
}

function why(change, event) {
  return el("div", { className: "why" }, [
    el("h3", { text: "Why this colour" }),
    el("p", {}, [
      el("span", { className: "badge " + change.confidence, text: change.confidence || "unknown" }),
      document.createTextNode(" change of " + change.date),
    ]),
    change.note ? el("p", { className: "note", text: change.note }) : null,
    event
      ? el("p", {}, [el("strong", { text: event.title }), document.createTextNode(" — " + event.summary)])
      : null,
    event && event.sources.length ? sourceList(event.sources) : null,
  ]);
}

/** Fill the panel for a district on a day (a hint when no district is selected). */
export function renderPanel(payload, district, day, palette) {
  const panel = document.getElementById("district-panel");
  if (!panel) return;
  const refocus = focusedPart(panel);
  panel.textContent = "";
  const i = district ? payload.ids.indexOf(district) : -1;
  if (i < 0) {
    const hint = "Click a district on the map to see who held it, since when, and why.";
    panel.appendChild(el("p", { className: "hint", text: hint }));
    return;
  }
  const map = payload.map;
  const st = payload.states[payload.days[day][i]];
  const change = payload.changes[st.change];
  let event = null;
  payload.events.forEach((e) => {
    if (e.id === change.event) event = e;
  });
  const close = el("button", {
    type: "button",
    className: "close",
    "aria-label": "Close the district panel",
    text: "×",
  });
  close.addEventListener("click", () => setProps("selected-district", { data: null }));
  const heading = el("h2", {}, [
    el("span", { text: payload.names[i] }),
    payload.names_ar[i]
      ? el("span", { className: "ar", lang: "ar", dir: "rtl", text: payload.names_ar[i] })
      : null,
  ]);
  const status = el("p", { className: "status status-" + st.status }, [
    el("strong", { text: statusText(st.status, map) }),
    document.createTextNode(
      " on " + payload.long_labels[day] + " (" + sharesText(st, map) + "), since " + st.since + ".",
    ),
  ]);
  const related = payload.events.filter((e) => e.districts.indexOf(district) >= 0);
  const list = el(
    "ul",
    { className: "district-events" },
    related.map((e) => {
      const attrs = {
        type: "button",
        className: "event-link",
        "data-day": String(payload.dates.indexOf(e.date)),
        "data-event": e.id,
      };
      const b = el("button", attrs, [
        el("span", { className: "when", text: e.date }),
        document.createTextNode(" " + e.title),
      ]);
      return el("li", {}, [b]);
    }),
  );
  panel.appendChild(close);
  panel.appendChild(heading);
  panel.appendChild(status);
  panel.appendChild(strip(payload, i, day, palette));
  panel.appendChild(why(change, event));
  panel.appendChild(el("h3", { text: "Events here (" + related.length + ")" }));
  panel.appendChild(list);
  const again = refocus && panel.querySelector(refocus);
  if (again) again.focus();
}
