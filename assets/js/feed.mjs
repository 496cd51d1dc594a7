/*
 * The event feed: built once from the payload (events grouped by day), then the day shown
 * is marked and scrolled to. Each event is a list item carrying its date and districts
 * whose title is a button: one Tab stop per event, and no control inside another (the
 * figures' table and the source links sit beside the button, not in it). The sources'
 * links join the Tab order only for the event last chosen.
 */

import { claimant, claimFigure, claimWhat } from "./claims.mjs";
import { el, sourceList } from "./dom.mjs";

function claimsTable(claims) {
  const rows = claims.map((c) =>
    el("tr", {}, [
      el("td", { text: claimWhat(c.what) }),
      el("td", { className: "figure", text: claimFigure(c) }),
      el("td", { className: "claimant", text: claimant(c.claimant) }),
    ]),
  );
  const head = el("tr", {}, [
    el("th", { text: "What" }),
    el("th", { text: "Figure" }),
    el("th", { text: "According to" }),
  ]);
  return el("table", { className: "claims" }, [
    el("caption", { text: "Figures as each party gives them (not reconciled)" }),
    el("thead", {}, [head]),
    el("tbody", {}, rows),
  ]);
}

function eventItem(e, index) {
  const button = el(
    "button",
    {
      type: "button",
      className: "event-show",
      title: "Show this day and the districts concerned on the map",
      "data-event": e.id,
    },
    [
      el("span", { className: "kind kind-" + e.kind, text: e.kind.replace(/-/g, " ") }),
      el("strong", { className: "event-title", text: e.title }),
      el("span", { className: "summary", text: e.summary }),
    ],
  );
  const parts = [button];
  if (e.claims.length) parts.push(claimsTable(e.claims));
  if (e.sources.length) parts.push(sourceList(e.sources));
  const attrs = {
    className: "event",
    "data-event": e.id,
    "data-date": e.date,
    "data-day": index >= 0 ? String(index) : "",
    "data-districts": e.districts.join(" "),
  };
  const item = el("li", attrs, parts);
  inTabOrder(item, false);
  return item;
}

/** Put an event's source links in the Tab order, or take them out. */
function inTabOrder(item, on) {
  const links = item.querySelectorAll("ul.sources a");
  for (let i = 0; i < links.length; i++) {
    if (on) links[i].removeAttribute("tabindex");
    else links[i].setAttribute("tabindex", "-1");
  }
}

/** The event chosen last (a click on it or Enter on its button): its links join the Tab
 * order after its button, the others' leave it. */
function chooseEvent(ev) {
  const item = ev.target.closest && ev.target.closest("#event-feed li.event");
  if (!item) return;
  const feed = document.getElementById("event-feed");
  const previous = feed.querySelectorAll("li.event.chosen");
  for (let i = 0; i < previous.length; i++) {
    if (previous[i] === item) continue;
    previous[i].classList.remove("chosen");
    inTabOrder(previous[i], false);
  }
  item.classList.add("chosen");
  inTabOrder(item, true);
}

/** Build the event feed once: events grouped by day, each a button carrying its date. */
export function buildFeed(payload) {
  const body = document.querySelector("#event-feed .feed-body");
  if (!body || body.dataset.built) return;
  const groups = [];
  payload.events.forEach((e) => {
    let last = groups[groups.length - 1];
    if (!last || last.date !== e.date) groups.push((last = { date: e.date, events: [] }));
    last.events.push(e);
  });
  const fragment = document.createDocumentFragment();
  groups.forEach((g) => {
    const index = payload.dates.indexOf(g.date);
    const heading = index >= 0 ? payload.long_labels[index] : g.date;
    const day = index >= 0 ? String(index) : "";
    fragment.appendChild(
      el("section", { className: "day-group", "data-date": g.date, "data-day": day }, [
        el("h3", { text: heading }),
        el("ul", { className: "events" }, g.events.map((e) => eventItem(e, index))),
      ]),
    );
  });
  body.appendChild(fragment);
  body.dataset.built = "1";
  body.addEventListener("click", chooseEvent);
  sourcesLink(body);
}

/**
 * A link to the page listing every document and what it supports (`/sources`, beside the
 * dashboard: "sources" relative to the page's own path). Only where a server answers it,
 * not in the HTML export opened from disk.
 */
function sourcesLink(body) {
  if (!/^https?:$/.test(window.location.protocol) || document.getElementById("sources-link")) return;
  const link = el("a", { id: "sources-link", href: "sources", text: "All sources and what each supports" });
  body.parentNode.insertBefore(el("p", { className: "sources-link" }, [link]), body);
}

/** Where `node` starts in the scrolled feed (its distance from the top of the content). */
function topIn(feed, node) {
  return node.getBoundingClientRect().top - feed.getBoundingClientRect().top + feed.scrollTop;
}

/** The last day group before `day` (a day with no events keeps the feed's place in time). */
function groupBefore(feed, day) {
  let found = null;
  const groups = feed.querySelectorAll(".day-group[data-day]");
  for (let i = 0; i < groups.length; i++) {
    const d = parseInt(groups[i].getAttribute("data-day"), 10);
    if (d < day) found = groups[i];
  }
  return found;
}

/**
 * Mark the day's group in the feed and scroll the feed (never the page) to it; on a day
 * with no events, to the last group before it. An event the reader just clicked (it has
 * the focus) stays in view instead.
 */
export function renderFeed(day) {
  const feed = document.getElementById("event-feed");
  if (!feed) return;
  const previous = feed.querySelectorAll(".day-group.active");
  for (let i = 0; i < previous.length; i++) previous[i].classList.remove("active");
  let group = feed.querySelector('.day-group[data-day="' + day + '"]');
  if (group) group.classList.add("active");
  else group = groupBefore(feed, day);
  const focused = document.activeElement;
  if (focused && focused !== feed && feed.contains(focused) && focused.closest(".day-group")) {
    const top = topIn(feed, focused);
    const bottom = top + focused.getBoundingClientRect().height;
    if (top < feed.scrollTop + 40) feed.scrollTop = Math.max(0, top - 40);
    else if (bottom > feed.scrollTop + feed.clientHeight) feed.scrollTop = bottom - feed.clientHeight;
    return;
  }
  feed.scrollTop = group ? Math.max(0, topIn(feed, group) - 40) : 0;
}
