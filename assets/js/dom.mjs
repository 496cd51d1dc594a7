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

/**
 * The list of an event's sources. A citation with an address is a link that opens the
 * cited place (a section's anchor, the outlet's report); an offline document (no public
 * address) is text: outlet, date, title, language and "offline", never a dead link. The
 * passage, when the citation names one, follows the section.
 */
export function sourceList(sources) {
  return el(
    "ul",
    { className: "sources", "aria-label": "Sources" },
    sources.map((s) => {
      let label = s.outlet || s.id;
      if (s.section) label += " – " + s.section;
      const passage = s.passage ? el("span", { className: "passage", text: "“" + s.passage + "”" }) : null;
      const lang = s.language ? el("span", { className: "lang", text: s.language.toUpperCase() }) : null;
      if (!s.offline && /^https?:\/\//.test(s.url || "")) {
        const link = el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", text: label });
        if (s.title) link.setAttribute("title", s.title);
        return el("li", { className: "source-" + (s.target || "page") }, [link, passage, lang]);
      }
      const details = [s.date, s.title].filter(Boolean).join(" · ");
      return el("li", { className: "source-offline" }, [
        el("span", { className: "source-label", text: label }),
        passage,
        details ? el("span", { className: "source-details", text: details }) : null,
        lang,
        el("span", { className: "offline", text: "offline" }),
      ]);
    }),
  );
}
