/*
 * The plotly map of the /embed page and of the standalone HTML export: a figure with a
 * plotly frame per moment of the battle (named in playing order by `names`, see
 * dashboard/export/frames.py), drawn with Plotly.animate to the moment's frame.
 *
 * MapQueue makes one plotly call at a time: a newer moment replaces one still waiting, so
 * the map never falls behind by more than one picture. When a moment is drawn, the plot's
 * element tells it in data-frame (the moment) and data-day.
 */

const ANIMATE = {
  mode: "immediate",
  frame: { duration: 0, redraw: true },
  transition: { duration: 0 },
};

/** Apply the frame `name` (and its baseframes) to the traces `data`, as Plotly.animate would. */
export function applyFrame(frames, data, name) {
  const byName = new Map(frames.map((f) => [f.name, f]));
  const chain = [];
  for (let f = byName.get(name); f && !chain.includes(f); f = byName.get(f.baseframe)) {
    chain.push(f);
  }
  for (const frame of chain.reverse()) {
    frame.traces.forEach((i, k) => Object.assign(data[i], frame.data[k]));
  }
}

/** Plotly calls on one plot, one at a time (see the module). */
export class MapQueue {
  constructor({ plotly, gd, names, perDay }) {
    this.plotly = plotly;
    this.gd = gd;
    this.names = names;
    this.perDay = perDay;
    this.ready = false;
    this.busy = false;
    this._frame = null;
    this._jobs = new Map();
  }

  /** Draw moment `index` (after the call under way; replaces a moment still waiting). */
  show(index) {
    this._frame = index;
    this._pump();
  }

  /**
   * Run `job()` (a function returning a promise) before the next moment is drawn; it
   * replaces a job of the same `key` still waiting.
   */
  run(key, job) {
    this._jobs.delete(key);
    this._jobs.set(key, job);
    this._pump();
  }

  /** The plot is drawn: calls may start. */
  start() {
    this.ready = true;
    this._pump();
  }

  _pump() {
    if (this.busy || !this.ready) return;
    let job = null;
    for (const [key, waiting] of this._jobs) {
      this._jobs.delete(key);
      job = waiting;
      break;
    }
    if (!job && this._frame !== null) {
      const f = this._frame;
      this._frame = null;
      job = () =>
        this.plotly.animate(this.gd, [this.names[f]], ANIMATE).then(() => {
          this.gd.dataset.frame = String(f);
          this.gd.dataset.day = String(Math.floor(f / this.perDay));
        });
    }
    if (!job) return;
    this.busy = true;
    const done = () => {
      this.busy = false;
      this._pump();
    };
    job().then(done, done);
  }
}
