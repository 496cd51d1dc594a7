/*
 * Frontline Atlas, the HTML deck of a story (dashboard/export/deck.py writes the page): one
 * <section class="slide"> per slide, all but the shown one hidden, and the controls #first,
 * #prev, #counter, #next, #last. Keys: ArrowRight, PageDown and the space bar go forward;
 * ArrowLeft, PageUp and Backspace back; Home and End to the first and last slide. The URL's
 * hash (#slide-N) names the slide shown, so a reload or a link opens it (from disk too).
 * On <body>, data-slide is the shown slide (1-based) and data-ready="1" once wired.
 *
 * The pure functions (stepFor, clampSlide, counterText, slideFromHash, hashFor) are tested
 * by node --test (tests/js/deck.test.mjs); startDeck() wires them to the page.
 */

const FORWARD = ["ArrowRight", "PageDown", " ", "Spacebar"];
const BACK = ["ArrowLeft", "PageUp", "Backspace"];

/** A slide index kept within 0..count-1 (0 for a count of 0 or a non-number). */
export function clampSlide(index, count) {
  if (!Number.isFinite(index) || count <= 0) return 0;
  return Math.min(Math.max(Math.trunc(index), 0), count - 1);
}

/** The slide a key leads to from ``index`` of ``count``, or null when the key does nothing. */
export function stepFor(key, index, count) {
  if (FORWARD.includes(key)) return clampSlide(index + 1, count);
  if (BACK.includes(key)) return clampSlide(index - 1, count);
  if (key === "Home") return 0;
  if (key === "End") return clampSlide(count - 1, count);
  return null;
}

/** "3 / 13" for the third of thirteen slides. */
export function counterText(index, count) {
  return `${clampSlide(index, count) + 1} / ${count}`;
}

/** The slide index a URL hash names ("#slide-3" is index 2); 0 for anything else. */
export function slideFromHash(hash, count) {
  const m = /^#slide-(\d{1,4})$/.exec(hash || "");
  return m ? clampSlide(Number(m[1]) - 1, count) : 0;
}

/** The hash of a slide index ("#slide-1" for the first). */
export function hashFor(index) {
  return `#slide-${index + 1}`;
}

/** Wire the deck of the page: show the slide the hash names, then follow keys and buttons. */
export function startDeck(win = window) {
  const doc = win.document;
  const slides = Array.from(doc.querySelectorAll("section.slide"));
  const count = slides.length;
  const counter = doc.getElementById("counter");
  const buttons = {
    first: doc.getElementById("first"),
    prev: doc.getElementById("prev"),
    next: doc.getElementById("next"),
    last: doc.getElementById("last"),
  };
  let shown = -1;

  function show(index) {
    const next = clampSlide(index, count);
    if (next === shown) return;
    shown = next;
    slides.forEach((slide, i) => {
      slide.hidden = i !== shown;
    });
    counter.textContent = counterText(shown, count);
    buttons.first.disabled = buttons.prev.disabled = shown === 0;
    buttons.next.disabled = buttons.last.disabled = shown === count - 1;
    doc.body.dataset.slide = String(shown + 1);
    if (win.location.hash !== hashFor(shown)) {
      try {
        win.history.replaceState(null, "", hashFor(shown));
      } catch (_err) {
        // some file:// settings refuse it: the deck works without the hash
      }
    }
  }

  buttons.first.addEventListener("click", () => show(0));
  buttons.prev.addEventListener("click", () => show(shown - 1));
  buttons.next.addEventListener("click", () => show(shown + 1));
  buttons.last.addEventListener("click", () => show(count - 1));
  doc.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const tag = e.target && e.target.tagName;
    if ((e.key === " " || e.key === "Spacebar") && (tag === "BUTTON" || tag === "A")) return;
    const target = stepFor(e.key, shown, count);
    if (target === null) return;
    e.preventDefault();
    show(target);
  });
  win.addEventListener("hashchange", () => show(slideFromHash(win.location.hash, count)));
  show(slideFromHash(win.location.hash, count));
  doc.body.dataset.ready = "1";
}
