/** Seconds of samples the rate is measured over. */
const WINDOW_S = 3;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Steps per second of the runs and the time left, from the steps done as they are reported:
 * the rate over the last few seconds (so a pause or a slow start does not linger in it).
 */
export class SpeedMeter {
  private samples: Array<{ t: number; step: number }> = [];
  private planned = 0;
  private runs = 0;
  private started = 0;

  reset(): void {
    this.samples = [];
    this.started = 0;
  }

  /** Records that the furthest run is at `step` of `planned`, with `runs` runs still training. */
  sample(step: number, planned: number, runs: number, now = performance.now()): void {
    if (this.started === 0) this.started = now;
    this.planned = planned;
    this.runs = runs;
    this.samples.push({ t: now, step });
    while (this.samples.length > 2 && now - this.samples[0]!.t > WINDOW_S * 1000) this.samples.shift();
  }

  /** Steps per second of each run, undefined before two samples a moment apart. */
  rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.t - first.t < 250) return undefined;
    return ((last.step - first.step) * 1000) / (last.t - first.t);
  }

  /** `412 steps/s per run (4 runs: 1,648 steps/s) · step 600 of 1,876 · 0:03 left`; `done` gives the totals. */
  text(done = false): string {
    const last = this.samples[this.samples.length - 1];
    if (last === undefined) return '';
    const rate = this.rate();
    const at = `step ${last.step.toLocaleString('en-US')} of ${this.planned.toLocaleString('en-US')}`;
    if (done) return `${at} in ${clock((last.t - this.started) / 1000)}`;
    if (rate === undefined) return at;
    const per = `${rate.toFixed(rate < 10 ? 1 : 0)} steps/s per run`;
    const all = this.runs > 1 ? ` (${this.runs} runs: ${Math.round(rate * this.runs).toLocaleString('en-US')} steps/s)` : '';
    const left = rate > 0 ? ` · ${clock((this.planned - last.step) / rate)} left` : '';
    return `${per}${all} · ${at}${left}`;
  }
}
