import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { LoadedData } from '../data/loadData';
import { formatEpoch } from '../formatMetrics';
import type { RunPlan } from '../options/resolveRun';
import type { ProgressBars } from '../progressBars';
import { readCheckpoint, readRunJson, runFiles } from '../run/runFiles';
import type { RunSummary } from '../run/runFiles';
import type { FromWorker, ToWorker } from './messages';
import { startSweepWorkers } from './startSweepWorkers';
import type { StartedWorker } from './startSweepWorkers';
import { trackPeakMemory } from './trackPeakMemory';
import { removeStaleTemporaries } from '../run/writeFileAtomic';

/** What {@link runSweep} needs. */
export interface SweepInput {
  plans: readonly RunPlan[];
  /** The sweep folder; each run goes to `dir/<plan.name>`. It exists. */
  dir: string;
  /** Loaded once, on shared memory. */
  loaded: LoadedData;
  /** Worker threads (at most one per run). */
  workers: number;
  /**
   * Worker threads already started (see `startSweepWorkers`), used before any new one: those
   * beyond the runs' need are ended at once, and every one is ended at the end.
   */
  pool?: readonly StartedWorker[];
  /** Skip finished runs, continue stopped ones from their checkpoints. */
  resume: boolean;
  bars: ProgressBars;
  /** Aborting it stops every run after its current batch, with checkpoints; no new run starts. */
  signal?: AbortSignal;
  /**
   * Called once every run has ended (before the worker threads are ended): from then on an
   * abort changes nothing, and the sweep is interrupted only if a run was stopped or never began.
   */
  onRunsEnded?: () => void;
}

/** What a sweep did. */
export interface SweepResult {
  /** One per plan, in the plans' order (runs never started are absent). */
  summaries: RunSummary[];
  /** Whether a run was stopped, or never began, because of the signal (an abort once every run had ended is not an interruption). */
  interrupted: boolean;
  workers: number;
  /**
   * Wall seconds, from this call to the last run's end: the workers' start-up is counted, but
   * for the part that overlapped the loading of the data when they were started before it.
   */
  seconds: number;
  /** Peak resident memory of the process (all worker threads included), in bytes. */
  peakRssBytes: number;
  /** Bytes of the dataset, held once in shared memory. */
  sharedBytes: number;
}

function failedSummary(plan: RunPlan, dir: string, code: string, message: string): RunSummary {
  return {
    name: plan.name,
    dir,
    status: 'failed',
    epochsDone: 0,
    epochs: plan.train.epochs,
    diverged: null,
    error: { code, message },
    backend: '',
    backendReason: '',
    dataset: plan.data.dataset,
    settings: plan.settings,
    steps: 0,
    seconds: 0,
    finishedAt: new Date().toISOString(),
  };
}

/**
 * Runs a grid of runs on a pool of `worker_threads`. The dataset was loaded once in this
 * thread onto `SharedArrayBuffer`s and is posted to each worker, which reads it in place
 * (shared, not copied). Each worker initialises its own backend (descent's engine with
 * cores / workers threads, so the pool does not oversubscribe the cores) and trains its runs
 * one after another, each into its own folder (see `trainInFolder`). A diverged or failed
 * run does not stop the others.
 *
 * @example
 * const result = await runSweep({ plans, dir: 'runs/sweep', loaded, workers: 2, resume: false, bars });
 * result.summaries.map((s) => s.final?.testAccuracy);
 */
export async function runSweep(input: SweepInput): Promise<SweepResult> {
  const started = performance.now();
  const memory = trackPeakMemory();
  const byName = new Map<string, RunSummary>();
  const queue: Array<{ plan: RunPlan; dir: string; resume: boolean }> = [];
  for (const plan of input.plans) {
    const dir = join(input.dir, plan.name);
    if (input.resume && existsSync(dir)) removeStaleTemporaries(dir);
    if (input.resume) {
      const previous = readRunJson<RunSummary>(dir, runFiles.summary);
      if (previous !== undefined && (previous.status === 'completed' || previous.status === 'diverged') && previous.epochs >= plan.train.epochs) {
        byName.set(plan.name, previous);
        input.bars.log(`${plan.name}: already ${previous.status}`);
        continue;
      }
    }
    if (!existsSync(dir)) mkdirSync(dir);
    queue.push({ plan, dir, resume: input.resume && existsSync(join(dir, runFiles.checkpoint)) && readCheckpoint(dir) !== undefined });
  }
  const count = Math.max(0, Math.min(input.workers, queue.length));
  // Each worker's share of the cores, so that threaded products (descent) do not oversubscribe them.
  const threads = Math.max(1, Math.floor(availableParallelism() / Math.max(1, count)));
  let stopping = input.signal?.aborted === true;
  const given = input.pool ?? [];
  const pool = stopping ? [] : [...given.slice(0, count), ...startSweepWorkers(Math.max(0, count - given.length))];
  const unused = given.filter((p) => !pool.includes(p));
  await Promise.all(unused.map((p) => p.worker.terminate()));
  let ended = false;
  const workers: Worker[] = [];
  await new Promise<void>((resolve) => {
    let busy = 0;
    if (count === 0 || stopping) {
      resolve();
      return;
    }
    const current = new Map<Worker, { plan: RunPlan; dir: string }>();
    const next = (worker: Worker): void => {
      const task = stopping ? undefined : queue.shift();
      if (task === undefined) {
        if (busy === 0) resolve();
        return;
      }
      busy++;
      current.set(worker, task);
      worker.postMessage({ type: 'run', plan: task.plan, dir: task.dir, resume: task.resume, backend: task.plan.backend, threads } satisfies ToWorker);
    };
    const dead = new Set<Worker>();
    const settle = (worker: Worker, summary: RunSummary): void => {
      byName.set(summary.name, summary);
      current.delete(worker);
      busy--;
      if (!dead.has(worker)) next(worker);
      else if (dead.size === workers.length) {
        // Every worker crashed: the runs left cannot start.
        for (const task of queue.splice(0)) byName.set(task.plan.name, failedSummary(task.plan, task.dir, 'WORKER_CRASHED', 'no worker thread left to run it'));
      }
      if (busy === 0 && (stopping || queue.length === 0)) resolve();
    };
    input.signal?.addEventListener('abort', () => {
      if (ended) return;
      stopping = true;
      for (const w of workers) w.postMessage({ type: 'stop' } satisfies ToWorker);
    });
    const crashed: Array<() => void> = [];
    for (const started of pool) {
      const worker = started.worker;
      workers.push(worker);
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'start':
            input.bars.start(message.name, message.totalSteps, message.stepsDone);
            break;
          case 'step':
            input.bars.update(message.name, message.step, { epoch: message.epoch, loss: message.loss });
            break;
          case 'epoch':
            input.bars.log(formatEpoch(message.metrics, current.get(worker)?.plan.train.epochs ?? message.metrics.epoch, message.name));
            break;
          case 'done':
            input.bars.finish(message.name, message.summary.status);
            settle(worker, message.summary);
            break;
          case 'error': {
            const task = current.get(worker)!;
            input.bars.log(`${message.name}: failed: ${message.message}`);
            settle(worker, failedSummary(task.plan, task.dir, message.code, message.message));
            break;
          }
        }
      });
      const onError = (error: Error): void => {
        dead.add(worker);
        const task = current.get(worker);
        input.bars.log(`worker thread crashed: ${error.message}`);
        if (task !== undefined) settle(worker, failedSummary(task.plan, task.dir, 'WORKER_CRASHED', error.message));
        else if (dead.size === workers.length && busy === 0) {
          for (const t of queue.splice(0)) byName.set(t.plan.name, failedSummary(t.plan, t.dir, 'WORKER_CRASHED', 'no worker thread left to run it'));
          resolve();
        }
      };
      worker.on('error', onError);
      worker.postMessage({ type: 'init', data: input.loaded.data } satisfies ToWorker);
      next(worker);
      // A thread whose start-up failed before this listened: it crashed with its first run.
      const early = started.failed;
      if (early !== undefined) crashed.push(() => onError(early));
    }
    for (const crash of crashed) crash();
  });
  ended = true;
  input.onRunsEnded?.();
  await Promise.all(workers.map((w) => w.terminate()));
  const peakRssBytes = memory.stop();
  const summaries = input.plans.map((p) => byName.get(p.name)).filter((s): s is RunSummary => s !== undefined);
  return {
    summaries,
    // Not `stopping`: a Ctrl-C while the last runs wrote their files (their training done), or
    // while the threads were ended, leaves every run completed, and so the sweep.
    interrupted: summaries.length < input.plans.length || summaries.some((s) => s.status === 'stopped'),
    workers: count,
    seconds: (performance.now() - started) / 1000,
    peakRssBytes,
    sharedBytes: input.loaded.bytes,
  };
}
