/*
 * Playback: one engine for the dashboard, the /embed page and the standalone HTML export.
 *
 * The battle is a row of moments: `perDay` interpolated moments a day, moment
 * `day * perDay + step`, the last one being the last day's first moment (`lastMoment(days,
 * perDay)`). Playback walks that row at `speed` days a second. Time decides the moment
 * (a slow repaint never makes the battle lag behind the clock), but a day is never skipped:
 * when the painter falls behind, the next moment shown is the next day's first one.
 *
 * Loop: with loop on, the last day stays on screen for one day's time (1 / speed seconds),
 * then playback starts again at the first moment. Without loop, playback finishes on the
 * last moment. Playing from the last moment starts again at the first.
 *
 * Pure core (no DOM, no clock):
 *
 *   nextMoment({ t, shown, elapsed, speed, perDay, days, loop }) -> { t, moment, finished }
 *     t        position in days (a float) before this step
 *     shown    the last moment shown
 *     elapsed  milliseconds since the previous step
 *     speed    days a second; perDay moments a day; days the number of days; loop on/off
 *     Returns the new position, the moment to show (may equal `shown`: nothing to draw)
 *     and whether playback has finished (no loop, and `moment` is the last moment).
 *
 *   lastMoment(days, perDay), dayOf(moment, perDay), momentOf(day, perDay)
 *
 * Driver (requestAnimationFrame by default; the clock and scheduler can be injected):
 *
 *   const player = new Player({
 *     days, perDay = 1, speed = 1, loop = false, moment = 0,
 *     onMoment(index) { ... },  // show this moment; return false if it could not be drawn
 *                               // now (it is asked again on the next frame)
 *     onStop() { ... },         // playback stopped: pause() or the end (not on seek)
 *     schedule = requestAnimationFrame, cancel = cancelAnimationFrame,
 *     now = performance.now,    // used when the scheduler passes no timestamp
 *   });
 *   player.play()        start from the current moment (from 0 when at the last moment;
 *                        onMoment(0) is called at once then)
 *   player.pause()       stop and call onStop (nothing when not playing)
 *   player.toggle()      play or pause; returns whether it is playing now
 *   player.seek(moment)  the caller now shows `moment`: playback continues from there
 *                        (onMoment is not called for it)
 *   player.setSpeed(daysPerSecond), player.setLoop(on)
 *   player.playing, player.moment, player.day, player.speed, player.loop (read-only)
 *   player.tick(now)     one step (what the scheduler calls)
 */

/** The index of the last moment: the last day's first moment. */
export function lastMoment(days, perDay) {
  return Math.max(0, days - 1) * perDay;
}

/** The day a moment belongs to. */
export function dayOf(moment, perDay) {
  return Math.floor(moment / perDay);
}

/** The first moment of a day. */
export function momentOf(day, perDay) {
  return day * perDay;
}

/** One step of playback: where it is now, which moment to show, whether it has finished. */
export function nextMoment({ t, shown, elapsed, speed, perDay, days, loop }) {
  const lastDay = Math.max(0, days - 1);
  const last = lastMoment(days, perDay);
  let pos = t + (speed * Math.max(0, elapsed)) / 1000;
  if (loop && pos >= lastDay + 1) pos = 0; // the last day has been on screen for a day
  if (!loop && pos >= lastDay) pos = lastDay;
  let moment = Math.min(last, Math.floor(pos * perDay + 1e-9));
  // Never skip a day: when repainting falls behind, show the next day's first moment.
  const nextDay = (dayOf(shown, perDay) + 1) * perDay;
  if (moment > nextDay) {
    moment = nextDay;
    pos = moment / perDay;
  }
  return { t: pos, moment, finished: !loop && moment === last };
}

/** Playback on animation frames, calling back with each moment to show. */
export class Player {
  constructor(options) {
    const o = options || {};
    this.days = o.days;
    this.perDay = o.perDay || 1;
    this._speed = o.speed || 1;
    this._loop = !!o.loop;
    this._moment = o.moment || 0;
    this._t = this._moment / this.perDay;
    this._last = null;
    this._handle = null;
    this._playing = false;
    this.onMoment = o.onMoment || (() => true);
    this.onStop = o.onStop || (() => {});
    this._schedule = o.schedule || ((cb) => globalThis.requestAnimationFrame(cb));
    this._cancel = o.cancel || ((h) => globalThis.cancelAnimationFrame(h));
    this._now = o.now || (() => globalThis.performance.now());
    this._tick = (now) => this.tick(now);
  }

  get playing() {
    return this._playing;
  }

  get moment() {
    return this._moment;
  }

  get day() {
    return dayOf(this._moment, this.perDay);
  }

  get speed() {
    return this._speed;
  }

  get loop() {
    return this._loop;
  }

  play() {
    if (this._playing) return;
    if (this._moment >= lastMoment(this.days, this.perDay)) {
      this._moment = 0;
      this.onMoment(0);
    }
    this._t = this._moment / this.perDay;
    this._last = null;
    this._playing = true;
    this._handle = this._schedule(this._tick);
  }

  pause() {
    if (!this._playing) return;
    this._stop();
  }

  toggle() {
    if (this._playing) this.pause();
    else this.play();
    return this._playing;
  }

  seek(moment) {
    const last = lastMoment(this.days, this.perDay);
    this._moment = Math.max(0, Math.min(last, Math.round(moment)));
    this._t = this._moment / this.perDay;
    this._last = null;
  }

  setSpeed(daysPerSecond) {
    if (daysPerSecond > 0 && Number.isFinite(daysPerSecond)) this._speed = daysPerSecond;
  }

  setLoop(on) {
    this._loop = !!on;
  }

  tick(now) {
    if (!this._playing) return;
    const time = typeof now === "number" ? now : this._now();
    const elapsed = this._last === null ? 0 : time - this._last;
    this._last = time;
    const step = nextMoment({
      t: this._t,
      shown: this._moment,
      elapsed,
      speed: this._speed,
      perDay: this.perDay,
      days: this.days,
      loop: this._loop,
    });
    this._t = step.t;
    if (step.moment !== this._moment) {
      if (this.onMoment(step.moment) === false) {
        // Not drawn: stay on the moment shown and ask again on the next frame.
        if (this._playing) this._handle = this._schedule(this._tick);
        return;
      }
      this._moment = step.moment;
    }
    if (!this._playing) return;
    if (step.finished) this._stop();
    else this._handle = this._schedule(this._tick);
  }

  _stop() {
    this._playing = false;
    if (this._handle !== null) this._cancel(this._handle);
    this._handle = null;
    this.onStop();
  }
}
