/*
 * Names and roles Dash's components do not give: the option lists of dcc.RadioItems and
 * dcc.Checklist become labelled radio and checkbox groups (Dash 4 renders them as listboxes
 * of options that wrap their inputs: controls inside controls); the speed menu is reached
 * on its button, not on a hidden text box; the map and the area chart are figures with a
 * name and a description, their drawings hidden from screen readers (the description says
 * what they show). Applied again whenever Dash or plotly redraw these parts.
 */

// id -> [role, name] of the option groups.
export const GROUPS = {
  palette: ["radiogroup", "Colours"],
  basemap: ["group", "Background"],
  loop: ["group", "Playback"],
};
// id -> [name, id of its description].
export const FIGURES = {
  map: ["Map of who held each district on the day shown", "map-description"],
  "area-chart": ["Chart of the area each side held, day by day", "chart-description"],
};

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

function dropAttr(node, name) {
  if (node.hasAttribute(name)) node.removeAttribute(name);
}

/** Apply the names and roles to what the page has now. */
export function fixAria(doc = document) {
  Object.keys(GROUPS).forEach((id) => {
    const box = doc.getElementById(id);
    if (!box) return;
    setAttr(box, "role", GROUPS[id][0]);
    setAttr(box, "aria-label", GROUPS[id][1]);
    const options = box.querySelectorAll("[role=option], [aria-selected]");
    for (let i = 0; i < options.length; i++) {
      dropAttr(options[i], "role");
      dropAttr(options[i], "aria-selected");
    }
  });
  const speed = doc.getElementById("speed");
  if (speed) {
    const wrap = speed.parentNode;
    const proxy = wrap && wrap.querySelector(".dash-dropdown-focus-target");
    if (proxy) setAttr(proxy, "tabindex", "-1");
    setAttr(speed, "tabindex", "0");
    dropAttr(speed, "aria-labelledby");
    setAttr(speed, "aria-label", "Speed: " + speed.textContent.trim());
  }
  Object.keys(FIGURES).forEach((id) => {
    const host = doc.getElementById(id);
    if (!host) return;
    setAttr(host, "role", "figure");
    setAttr(host, "aria-label", FIGURES[id][0]);
    setAttr(host, "aria-describedby", FIGURES[id][1]);
    const svgs = host.querySelectorAll("svg.main-svg");
    for (let i = 0; i < svgs.length; i++) setAttr(svgs[i], "aria-hidden", "true");
  });
}

/** Keep the names and roles as Dash and plotly redraw (at most once a frame). */
export function watchAria(win = window) {
  const doc = win.document;
  let queued = false;
  const run = () => {
    queued = false;
    fixAria(doc);
  };
  const observer = new win.MutationObserver(() => {
    if (queued) return;
    queued = true;
    win.requestAnimationFrame(run);
  });
  observer.observe(doc.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["role", "aria-selected", "tabindex", "aria-hidden"],
  });
  fixAria(doc);
}
