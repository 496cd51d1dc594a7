/*
 * Small DOM helpers shared by the page's modules. Text from the data always goes in as
 * text (textContent, text nodes), never as HTML.
 */

/** An element with attributes (`text`: its text, `className`) and children. */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach((k) => {
    if (k === "text") node.textContent = attrs[k];
    else if (k === "className") node.className = attrs[k];
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach((c) => {
    if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}

/** The plotly graph inside the Dash graph `id`, once plotted (else null). */
export function graphDiv(id) {
  const host = document.getElementById(id);
  if (!host) return null;
  const gd = host.classList.contains("js-plotly-plot") ? host : host.querySelector(".js-plotly-plot");
  return gd && gd._fullLayout ? gd : null;
}

/** Set a Dash component's props from outside a callback. */
export function setProps(id, props) {
  const dc = window.dash_clientside;
  if (dc && dc.set_props) dc.set_props(id, props);
}

/** Run after the next repaint, in idle time (within 200 ms at the latest). */
export function whenIdle(fn) {
  window.requestAnimationFrame(() => {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 200 });
    else setTimeout(fn, 0);
  });
}

/** Show a sentence in the page's notice bar. */
export function notify(text) {
  const notice = document.getElementById("notice");
  if (notice) {
    notice.textContent = text;
    notice.hidden = false;
  }
}

/** The list of an event's sources: links when they have a web address. */
export function sourceList(sources) {
  return el(
    "ul",
    { className: "sources", "aria-label": "Sources" },
    sources.map((s) => {
      let label = s.outlet || s.id;
      if (s.section) label += " – " + s.section;
      const link = /^https?:\/\//.test(s.url || "")
        ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label })
        : el("span", { text: label, title: s.url || "" });
      const lang = s.language ? el("span", { className: "lang", text: s.language.toUpperCase() }) : null;
      return el("li", {}, [link, lang]);
    }),
  );
}
