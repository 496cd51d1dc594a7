import { test } from "node:test";
import assert from "node:assert/strict";

import {
  compareView,
  currentCompare,
  dataScope,
  downloadTemplates,
  shareLinks,
  templateLinks,
} from "../../assets/js/share.mjs";
import { page } from "../../assets/js/state.mjs";

const PAYLOAD = {
  dates: ["2016-11-15", "2016-11-16", "2016-11-17"],
  labels: ["15 Nov", "16 Nov", "17 Nov"],
  long_labels: ["Tuesday 15 November 2016", "Wednesday 16 November 2016", "Thursday 17 November 2016"],
  ids: ["alpha", "charlie"],
  palettes: { conventional: {}, colourblind: {} },
  map: { default_palette: "conventional" },
};

test("without a compare day the data links give the day shown", () => {
  const links = shareLinks(PAYLOAD, 2, null, "conventional", { compare: null, arrows: false });
  assert.equal(links["data-geojson"], "download/day.geojson?date=2016-11-17");
  assert.equal(links["data-csv"], "download/day.csv?date=2016-11-17");
  assert.equal(links.png, "download/still.png?date=2016-11-17");
  assert.equal(links["control-csv"], "download/control.csv");
  assert.equal(links["events-json"], "download/events.json");
  assert.equal(dataScope(PAYLOAD, { compare: null }), "this day");
});

test("with a compare day the data links give the window, and the slides mark it", () => {
  const view = { compare: "2016-11-15", arrows: true };
  const links = shareLinks(PAYLOAD, 2, "charlie", "colourblind", view);
  assert.equal(links["data-geojson"], "download/diff.geojson?date=2016-11-17&compare=2016-11-15&arrows=1");
  assert.equal(links["data-csv"], "download/diff.csv?date=2016-11-17&compare=2016-11-15"); // no lines in CSV
  assert.equal(
    links.svg,
    "download/still.svg?date=2016-11-17&district=charlie&palette=colourblind&compare=2016-11-15&arrows=1",
  );
  assert.equal(dataScope(PAYLOAD, view), "changes since 15 Nov");
});

test("the URL's compare day counts only when it is a day of the battle not after the day", () => {
  assert.deepEqual(compareView(PAYLOAD, 2, "?date=2016-11-17&compare=2016-11-15&arrows=1"), {
    compare: "2016-11-15",
    arrows: true,
  });
  assert.equal(compareView(PAYLOAD, 0, "?compare=2016-11-16").compare, null); // after the day
  assert.equal(compareView(PAYLOAD, 2, "?compare=2016-12-40").compare, null);
  assert.equal(compareView(PAYLOAD, 2, "?arrows=0").arrows, false);
});

test("the page state's compare view wins over the URL when the page has one", () => {
  const before = page.compare;
  try {
    page.compare = { day: 1, arrows: false };
    assert.deepEqual(currentCompare(PAYLOAD, 2), { compare: "2016-11-16", arrows: false });
    page.compare = { day: null, arrows: false };
    assert.deepEqual(currentCompare(PAYLOAD, 2), { compare: null, arrows: false });
    page.compare = { day: 2, arrows: true };
    assert.equal(currentCompare(PAYLOAD, 1).compare, null); // A after the day shown
  } finally {
    page.compare = before;
  }
});

// The templates dashboard/export/site.py writes for a site published under /atlas/.
const TEMPLATES = {
  still: "/atlas/download/frontline-atlas-{date}{suffix}.{kind}",
  gif: "/atlas/download/frontline-atlas-battle{suffix}.gif",
  html: "/atlas/download/frontline-atlas-map{suffix}.html",
  day: "/atlas/download/day-{date}.{kind}",
  default_palette: "conventional",
};

test("a static site's links name the day's files; the default palette adds no suffix", () => {
  assert.deepEqual(templateLinks(TEMPLATES, "2016-12-06", "conventional"), {
    png: "/atlas/download/frontline-atlas-2016-12-06.png",
    svg: "/atlas/download/frontline-atlas-2016-12-06.svg",
    gif: "/atlas/download/frontline-atlas-battle.gif",
    html: "/atlas/download/frontline-atlas-map.html",
    "data-geojson": "/atlas/download/day-2016-12-06.geojson",
    "data-csv": "/atlas/download/day-2016-12-06.csv",
  });
});

test("another palette adds its key to every file, and no palette means the default", () => {
  const links = templateLinks(TEMPLATES, "2016-11-15", "colourblind");
  assert.equal(links.png, "/atlas/download/frontline-atlas-2016-11-15-colourblind.png");
  assert.equal(links.gif, "/atlas/download/frontline-atlas-battle-colourblind.gif");
  assert.equal(links.html, "/atlas/download/frontline-atlas-map-colourblind.html");
  assert.equal(templateLinks(TEMPLATES, "2016-11-15", null).png, "/atlas/download/frontline-atlas-2016-11-15.png");
});

test("the templates come from the page's meta tag; none (the server's page) gives null", () => {
  const doc = (content) => ({
    querySelector: (sel) =>
      sel === 'meta[name="frontline-downloads"]' && content !== undefined
        ? { getAttribute: () => content }
        : null,
  });
  assert.deepEqual(downloadTemplates(doc(JSON.stringify(TEMPLATES))), TEMPLATES);
  assert.equal(downloadTemplates(doc(undefined)), null);
  assert.equal(downloadTemplates(doc("{not json")), null);
});
