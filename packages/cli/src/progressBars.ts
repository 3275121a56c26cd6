import { MultiBar, Presets } from 'cli-progress';
import type { SingleBar } from 'cli-progress';
import type { Output } from './output';

/** Progress of one or more runs: bars on a TTY, nothing but {@link ProgressBars.log} lines otherwise. */
export interface ProgressBars {
  /** Starts (or restarts) the bar of a run: `total` steps, `done` already done. */
  start(run: string, total: number, done: number): void;
  /** Moves a run's bar to `done` steps, showing its epoch and running loss (the epoch's mean so far). */
  update(run: string, done: number, values: { epoch: number; loss: number }): void;
  /** Marks a run's bar finished with a word (`done`, `diverged`, `stopped`). */
  finish(run: string, word: string): void;
  /** A line above the bars (or on stderr without bars); silent with `--quiet`. */
  log(line: string): void;
  /** Removes the bars. */
  stop(): void;
}

/**
 * Progress for `train` and `sweep` with cli-progress: one bar per running run with its
 * percentage, ETA and running loss, on stderr, when it is a TTY and not `--quiet`;
 * otherwise plain lines (only what {@link ProgressBars.log} is given).
 *
 * @example
 * const bars = createProgressBars(out);
 * bars.start('lr-0.1', 1876, 0);
 * bars.update('lr-0.1', 100, { epoch: 1, loss: 0.52 });
 */
export function createProgressBars(out: Output): ProgressBars {
  if (!out.interactive) {
    return { start() {}, update() {}, finish() {}, log: (line) => out.info(line), stop() {} };
  }
  const multi = new MultiBar(
    {
      format: `{run} ${out.color.stderr ? '\u001b[36m{bar}\u001b[39m' : '{bar}'} {percentage}% | ETA {eta_formatted} | epoch {epoch} | running loss {loss} {state}`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: 24,
      etaBuffer: 50,
      fps: 5,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  const width = { value: 8 };
  const pad = (run: string): string => run.padEnd(width.value);
  return {
    start(run, total, done) {
      width.value = Math.max(width.value, run.length);
      const existing = bars.get(run);
      if (existing !== undefined) multi.remove(existing);
      bars.set(run, multi.create(total, done, { run: pad(run), epoch: '-', loss: '-', state: '' }));
    },
    update(run, done, values) {
      bars.get(run)?.update(done, { run: pad(run), epoch: values.epoch, loss: Number.isFinite(values.loss) ? values.loss.toFixed(4) : String(values.loss) });
    },
    finish(run, word) {
      bars.get(run)?.update({ state: word });
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
