import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DescentError } from '@descent/core';
import type { DataSplit } from '@descent/train';
import type { LectureSetup } from './lectureSetup';
import type { FromLectureWorker, ToLectureWorker } from './lectureWorker';
import type { LectureCurve } from './trainLectureRun';

/** Options of {@link runLectureRuns}. */
export interface RunLectureRunsOptions {
  /** Worker threads, one run each at a time. Default: one per core, at most one per run. */
  workers?: number;
  /** Called as runs advance (every 50 steps). */
  onProgress?: (name: string, step: number, total: number) => void;
  /** Called as each run finishes, with how many have. */
  onRunDone?: (name: string, done: number, total: number) => void;
  /** Aborting it (Ctrl-C) stops the runs: those in progress are dropped, the finished ones returned. */
  signal?: AbortSignal;
}

/**
 * Trains every run of `setup` on worker threads (the data on shared memory, one run per
 * worker at a time) and resolves with their curves in the order of `setup.runs`; once
 * `signal` aborts, with those of the runs that had finished (the workers are ended).
 *
 * @example
 * const curves = await runLectureRuns(LECTURE_SETUP, mnist.train, mnist.test, 10, { workers: 2 });
 * @throws DescentError when a run fails (the other workers are ended)
 */
export async function runLectureRuns(setup: LectureSetup, train: DataSplit, test: DataSplit, classes: number, options: RunLectureRunsOptions = {}): Promise<LectureCurve[]> {
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), setup.runs.length));
  const queue = [...setup.runs];
  const curves = new Map<string, LectureCurve>();
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (options.signal?.aborted === true) return resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      let running = 0;
      const next = (worker: Worker): void => {
        const spec = queue.shift();
        if (spec === undefined) {
          if (running === 0) resolve();
          return;
        }
        running++;
        worker.postMessage({ type: 'run', spec } satisfies ToLectureWorker);
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(new URL('./lectureWorker.js', import.meta.url));
        workers.push(worker);
        worker.on('message', (message: FromLectureWorker) => {
          if (message.type === 'progress') options.onProgress?.(message.name, message.step, message.total);
          else if (message.type === 'failed') {
            reject(new DescentError((message.code as DescentError['code'] | undefined) ?? 'INVALID_STATE', `lecture: run ${message.name} failed: ${message.message}`));
          } else {
            curves.set(message.curve.name, message.curve);
            options.onRunDone?.(message.curve.name, curves.size, setup.runs.length);
            running--;
            next(worker);
          }
        });
        worker.on('error', (error) => reject(new DescentError('INVALID_STATE', `lecture: a worker failed: ${error.message}`, { cause: error })));
        worker.postMessage({ type: 'init', setup, train, test, classes } satisfies ToLectureWorker);
      }
      for (const worker of workers) next(worker);
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return setup.runs.flatMap((r) => curves.get(r.name) ?? []);
}
