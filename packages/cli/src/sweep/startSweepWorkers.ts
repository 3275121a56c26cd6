import { Worker } from 'node:worker_threads';

/** A worker thread of a sweep, started before it has work. */
export interface StartedWorker {
  worker: Worker;
  /** An error the thread met before the sweep listened to it (its start-up failed). */
  failed?: Error;
}

/**
 * Starts `count` sweep worker threads now, before the sweep has their work: each begins its
 * start-up at once (importing the training package, compiling WebAssembly), so that the
 * start-up overlaps what the main thread does meanwhile (loading the dataset). `runSweep`
 * takes them (and ends them all); a caller that fails before handing them over ends them
 * with `terminate()`.
 *
 * @example
 * const pool = startSweepWorkers(2);
 * const loaded = await loadData(...);
 * await runSweep({ ..., loaded, pool });
 */
export function startSweepWorkers(count: number): StartedWorker[] {
  return Array.from({ length: count }, () => {
    const started: StartedWorker = { worker: new Worker(new URL('./sweepWorker.js', import.meta.url)) };
    // Kept until runSweep listens: an 'error' event with no listener would throw in this thread.
    started.worker.once('error', (error) => {
      started.failed ??= error;
    });
    return started;
  });
}
