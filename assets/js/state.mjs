/*
 * The page's state, in one object: the payload once it has arrived, the view Dash last
 * asked for, the day and view the map shows, the slider's pending commit, the player.
 * The URL stays the record of the view; this is what the page holds while it runs.
 */

export const page = {
  /** The battle's payload (see dashboard/payload.py), once fetched. */
  payload: null,
  /** The request the preload link started: {url, promise}. */
  early: null,
  /** Whether the payload is being fetched. */
  loading: false,
  /** The view Dash last asked for: {day, palette, selected, highlight}. */
  asked: null,
  /** The day the page shows (undefined before the first draw). */
  day: undefined,
  /** The palette, outlined districts and selected district the map shows. */
  view: null,
  /** The key of the view last drawn (drawing the same view again does nothing). */
  shown: null,
  /** Bumped on every draw: slower parts drawn in idle time skip stale days. */
  token: 0,
  /** The day the slider will tell Dash about, and its timer. */
  pending: null,
  commit: null,
  /** The dashboard's player (see play.mjs), once made. */
  player: null,
  /** The compare view (see compare-view.mjs): day A's index or null, arrows on, swipe on. */
  compare: { day: null, arrows: false, swipe: false },
  /** The compare view's derived data: the last diff drawn, and arrows by window ("A|B"). */
  compared: { key: null, diff: null, arrows: {} },
  /** view.mjs's draw, for modules that view.mjs imports (no import cycle). */
  drawView: null,
  /** The last text put on the clipboard (the copy buttons). */
  copied: undefined,
  /** The story being played, {name, step} (step from 1), or null (see story.mjs). */
  story: null,
};
