import { test } from "node:test";
import assert from "node:assert/strict";

import { Player, dayOf, lastMoment, momentOf, nextMoment } from "../../assets/js/playback.mjs";

/** A scheduler the test drives: frames run only when `run(ms)` is called. */
function fakeFrames() {
  let queue = [];
  let handle = 0;
  const clock = { now: 0 };
  return {
    schedule(cb) {
      handle += 1;
      queue.push({ handle, cb });
      return handle;
    },
    cancel(h) {
      queue = queue.filter((q) => q.handle !== h);
    },
    /** Run the pending frame `ms` milliseconds after the previous one. */
    run(ms) {
      clock.now += ms;
      const due = queue;
      queue = [];
      due.forEach((q) => q.cb(clock.now));
      return due.length;
    },
    get pending() {
      return queue.length;
    },
  };
}

function player(frames, options) {
  const shown = [];
  const stops = [];
  const p = new Player({
    days: 5,
    perDay: 4,
    schedule: (cb) => frames.schedule(cb),
    cancel: (h) => frames.cancel(h),
    onMoment: (m) => shown.push(m),
    onStop: () => stops.push(p.moment),
    ...options,
  });
  return { p, shown, stops };
}

const base = { perDay: 4, days: 5, loop: false, speed: 1 };

test("moments, days and the last moment", () => {
  assert.equal(lastMoment(5, 4), 16);
  assert.equal(lastMoment(1, 4), 0);
  assert.equal(dayOf(0, 4), 0);
  assert.equal(dayOf(7, 4), 1);
  assert.equal(dayOf(8, 4), 2);
  assert.equal(momentOf(3, 4), 12);
});

test("time decides the moment: speed in days a second", () => {
  // A quarter of a second at 1 day/s is one moment of four a day.
  let step = nextMoment({ ...base, t: 0, shown: 0, elapsed: 250 });
  assert.equal(step.moment, 1);
  assert.equal(step.t, 0.25);
  assert.equal(step.finished, false);
  // At 4 days/s, 62.5 ms is a quarter day.
  step = nextMoment({ ...base, speed: 4, t: 0, shown: 0, elapsed: 62.5 });
  assert.equal(step.moment, 1);
  // Less than a moment's time: the same moment (nothing to draw).
  step = nextMoment({ ...base, t: 1, shown: 4, elapsed: 100 });
  assert.equal(step.moment, 4);
  assert.ok(Math.abs(step.t - 1.1) < 1e-9);
});

test("a slow painter never makes playback skip a day", () => {
  // Three days' time went by while one frame was painted: show the next day's first moment.
  const step = nextMoment({ ...base, t: 0.5, shown: 2, elapsed: 3000 });
  assert.equal(step.moment, 4);
  assert.equal(step.t, 1);
  // Within the next day, time still decides.
  const within = nextMoment({ ...base, t: 0.5, shown: 2, elapsed: 700 });
  assert.equal(within.moment, 4);
  assert.ok(Math.abs(within.t - 1.2) < 1e-9);
});

test("without loop, playback finishes on the last moment", () => {
  const before = nextMoment({ ...base, t: 3.9, shown: 15, elapsed: 50 });
  assert.equal(before.finished, false);
  assert.equal(before.moment, 15);
  const end = nextMoment({ ...base, t: 3.9, shown: 15, elapsed: 500 });
  assert.equal(end.moment, 16);
  assert.equal(end.t, 4);
  assert.equal(end.finished, true);
  // Falling behind at the end still shows the last day before finishing.
  const behind = nextMoment({ ...base, t: 2.5, shown: 10, elapsed: 9000 });
  assert.equal(behind.moment, 12);
  assert.equal(behind.finished, false);
});

test("with loop, the last day stays one day's time, then the start comes back", () => {
  const loop = { ...base, loop: true };
  const last = nextMoment({ ...loop, t: 3.9, shown: 15, elapsed: 200 });
  assert.equal(last.moment, 16);
  assert.equal(last.finished, false);
  const stay = nextMoment({ ...loop, t: 4.1, shown: 16, elapsed: 800 });
  assert.equal(stay.moment, 16);
  const again = nextMoment({ ...loop, t: 4.9, shown: 16, elapsed: 200 });
  assert.equal(again.moment, 0);
  assert.equal(again.t, 0);
  assert.equal(again.finished, false);
});

test("one moment a day (no interpolated moments)", () => {
  const step = nextMoment({ ...base, perDay: 1, t: 0, shown: 0, elapsed: 1500 });
  assert.equal(step.moment, 1);
  const end = nextMoment({ ...base, perDay: 1, t: 3.5, shown: 3, elapsed: 1000 });
  assert.equal(end.moment, 4);
  assert.equal(end.finished, true);
});

test("the player draws every day in order and stops at the end", () => {
  const frames = fakeFrames();
  const { p, shown, stops } = player(frames, { speed: 4 });
  p.play();
  assert.equal(p.playing, true);
  let guard = 0;
  while (frames.pending && guard++ < 1000) frames.run(16);
  assert.equal(p.playing, false);
  assert.deepEqual(stops, [16]);
  assert.equal(shown[shown.length - 1], 16);
  assert.deepEqual(shown, [...shown].sort((a, b) => a - b));
  const days = [...new Set(shown.map((m) => dayOf(m, 4)))];
  assert.deepEqual(days, [0, 1, 2, 3, 4]);
});

test("the player never skips a day when frames come late", () => {
  const frames = fakeFrames();
  const { p, shown } = player(frames, { speed: 4 });
  p.play();
  frames.run(16); // the first frame only starts the clock
  for (let i = 0; i < 20 && frames.pending; i++) frames.run(2000);
  assert.deepEqual(shown, [4, 8, 12, 16]);
  assert.equal(p.playing, false);
});

test("a moment that could not be drawn is asked for again", () => {
  const frames = fakeFrames();
  let busy = true;
  const shown = [];
  const p = new Player({
    days: 3,
    perDay: 2,
    schedule: (cb) => frames.schedule(cb),
    cancel: (h) => frames.cancel(h),
    onMoment: (m) => {
      if (busy) return false;
      shown.push(m);
      return true;
    },
  });
  p.play();
  frames.run(0);
  frames.run(600);
  assert.equal(p.moment, 0);
  assert.equal(frames.pending, 1);
  busy = false;
  frames.run(16);
  assert.deepEqual(shown, [1]);
  assert.equal(p.moment, 1);
});

test("pause stops the frames and calls onStop once; play resumes where it was", () => {
  const frames = fakeFrames();
  const { p, shown, stops } = player(frames);
  p.play();
  frames.run(0);
  frames.run(500);
  assert.deepEqual(shown, [2]);
  p.pause();
  p.pause();
  assert.deepEqual(stops, [2]);
  assert.equal(frames.pending, 0);
  assert.equal(frames.run(1000), 0);
  p.play();
  frames.run(0);
  frames.run(250);
  assert.deepEqual(shown, [2, 3]);
});

test("playing from the last moment starts again at the first", () => {
  const frames = fakeFrames();
  const { p, shown } = player(frames, { moment: 16 });
  p.play();
  assert.deepEqual(shown, [0]);
  assert.equal(p.moment, 0);
  assert.equal(p.toggle(), false);
});

test("seek moves playback; speed and loop can change while playing", () => {
  const frames = fakeFrames();
  const { p, shown, stops } = player(frames);
  p.seek(8);
  assert.equal(p.day, 2);
  assert.deepEqual(shown, []);
  p.seek(99);
  assert.equal(p.moment, 16);
  p.seek(8);
  p.setLoop(true);
  p.setSpeed(2);
  p.setSpeed(-1); // ignored
  p.setSpeed(Number.NaN); // ignored
  assert.equal(p.speed, 2);
  p.play();
  frames.run(0);
  frames.run(125); // a quarter day at 2 days/s
  assert.deepEqual(shown, [9]);
  // Looping: it plays on past the end, back to the start, and never stops by itself.
  for (let i = 0; i < 200; i++) frames.run(50);
  assert.ok(shown.includes(16));
  assert.ok(shown.includes(0));
  assert.equal(p.playing, true);
  assert.deepEqual(stops, []);
  const end = shown.indexOf(16);
  assert.equal(shown[end + 1], 0, "the start comes right after the last day");
});

test("with loop, the last day is on screen for a day's time", () => {
  const frames = fakeFrames();
  const { p, shown } = player(frames, { loop: true, moment: 12 });
  p.play();
  frames.run(0);
  frames.run(1000); // day 3 -> day 4 (the last moment)
  assert.deepEqual(shown, [16]);
  frames.run(900);
  assert.deepEqual(shown, [16]);
  frames.run(200);
  assert.deepEqual(shown, [16, 0]);
});

test("the clock is used when the scheduler passes no time", () => {
  let now = 0;
  let pending = null;
  const shown = [];
  const p = new Player({
    days: 3,
    perDay: 1,
    now: () => now,
    schedule: (cb) => {
      pending = cb;
      return 1;
    },
    cancel: () => {},
    onMoment: (m) => shown.push(m),
  });
  p.play();
  pending();
  now = 1000;
  pending();
  assert.deepEqual(shown, [1]);
});
