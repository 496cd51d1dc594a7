import { test } from "node:test";
import assert from "node:assert/strict";

import { downloadTemplates, templateLinks } from "../../assets/js/share.mjs";

// The templates dashboard/export/site.py writes for a site published under /atlas/.
const TEMPLATES = {
  still: "/atlas/download/frontline-atlas-{date}{suffix}.{kind}",
  gif: "/atlas/download/frontline-atlas-battle{suffix}.gif",
  html: "/atlas/download/frontline-atlas-map{suffix}.html",
  default_palette: "conventional",
};

test("a static site's links name the day's files; the default palette adds no suffix", () => {
  assert.deepEqual(templateLinks(TEMPLATES, "2016-12-06", "conventional"), {
    png: "/atlas/download/frontline-atlas-2016-12-06.png",
    svg: "/atlas/download/frontline-atlas-2016-12-06.svg",
    gif: "/atlas/download/frontline-atlas-battle.gif",
    html: "/atlas/download/frontline-atlas-map.html",
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
