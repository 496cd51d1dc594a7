/*
 * The server's first paint (dashboard/firstpaint.py): the page's HTML carries a static copy
 * of the page with the requested day's map as an SVG (#first-paint, inside Dash's entry
 * point). Dash's renderer would replace it with "Loading..." the moment React starts, so it
 * is moved out of the entry point before the renderer runs, and the app stays hidden under
 * it (the class "fp-wait", assets/frontline.css) until plotly has painted the same day and
 * palette; then the copy goes and the app shows in the same frame. Without scripts the copy
 * simply stays.
 */

// The app shows even if the map never paints the copy's day (a view the server read
// differently): no reader waits on a picture forever.
const GIVE_UP_MS = 8000;

function firstPaint() {
  return document.getElementById("first-paint");
}

/** Show the app and drop the copy (`doc`: the page's document). */
export function dropFirstPaint(doc = document) {
  const fp = doc.getElementById("first-paint");
  if (fp) fp.remove();
  doc.documentElement.classList.remove("fp-wait");
}

/** Keep the copy on screen while Dash starts (call before Dash's renderer runs). */
export function holdFirstPaint() {
  const fp = firstPaint();
  const root = document.getElementById("react-entry-point");
  if (!fp || !root || !root.contains(fp)) return;
  root.parentNode.insertBefore(fp, root);
  document.documentElement.classList.add("fp-wait");
  setTimeout(() => dropFirstPaint(), GIVE_UP_MS);
}

/** The map has painted a day (`gd.dataset.day`, `.palette`): drop the copy if it is the copy's. */
export function mapPainted(gd) {
  const fp = firstPaint();
  if (!fp || fp.parentNode === null) return;
  if (gd.dataset.day === fp.dataset.day && gd.dataset.palette === fp.dataset.palette) dropFirstPaint();
}
