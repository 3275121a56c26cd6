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

/** Thrown by {@link runSweep} when not one worker thread could start (a broken install, no memory for a thread): no run was trained. */
export class WorkerStartError extends Error {
  constructor(cause: Error) {
    super(`no worker thread could start: ${cause.message}`, { cause });
    this.name = 'WorkerStartError';
  }
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
 * run does not stop the others. A thread that fails to start (before its module has run)
 * gives its run back to the others; when none could start, it throws `WorkerStartError`. A
 * thread that crashes, or exits, during a run fails that run.
 *
 * @example
 * const result = await runSweep({ plans, dir: 'runs/sweep', loaded, workers: 2, resume: false, bars });
 * result.summaries.map((s) => s.final?.testAccuracy);
 */
export async function runSweep(input: SweepInput): Promise<SweepResult> {
  const started = performance.now();
  const memory = trackPeakMemory();
  const byName = new Map<string, RunSummary>();
  type Task = { plan: RunPlan; dir: string; resume: boolean };
  const queue: Task[] = [];
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
  /** The first start-up failure, and whether every thread failed so (then no run could start). */
  let startFailure: Error | undefined;
  let noneStarted = false;
  await new Promise<void>((resolve) => {
    if (count === 0 || stopping) {
      resolve();
      return;
    }
    /** Each thread's state: `ready` once its module has run (it said so), `dead` once it crashed or exited. */
    const slots = new Map<Worker, { ready: boolean; dead: boolean; task?: Task }>();
    const living = (): Worker[] => [...slots].filter(([, slot]) => !slot.dead).map(([worker]) => worker);
    const busy = (): number => [...slots.values()].filter((slot) => slot.task !== undefined).length;
    const finishIfDone = (): void => {
      if (busy() > 0) return;
      if (living().length === 0) {
        // Every thread crashed (or none could start): the runs left cannot run.
        noneStarted = startFailure !== undefined && [...slots.values()].every((slot) => !slot.ready);
        for (const task of queue.splice(0)) byName.set(task.plan.name, failedSummary(task.plan, task.dir, 'WORKER_CRASHED', 'no worker thread left to run it'));
      }
      if (stopping || queue.length === 0 || living().length === 0) resolve();
    };
    const next = (worker: Worker): void => {
      const slot = slots.get(worker)!;
      const task = stopping || slot.dead ? undefined : queue.shift();
      if (task === undefined) {
        finishIfDone();
        return;
      }
      slot.task = task;
      worker.postMessage({ type: 'run', plan: task.plan, dir: task.dir, resume: task.resume, backend: task.plan.backend, threads } satisfies ToWorker);
    };
    const settle = (worker: Worker, summary: RunSummary): void => {
      byName.set(summary.name, summary);
      slots.get(worker)!.task = undefined;
      next(worker);
    };
    input.signal?.addEventListener('abort', () => {
      if (ended) return;
      stopping = true;
      for (const w of living()) w.postMessage({ type: 'stop' } satisfies ToWorker);
    });
    /** A thread that crashed or exited: its run fails, unless the thread never started, when the run goes back to the queue for the others. */
    const lost = (worker: Worker, error: Error): void => {
      const slot = slots.get(worker)!;
      if (slot.dead) return;
      slot.dead = true;
      const task = slot.task;
      slot.task = undefined;
      if (!slot.ready) {
        startFailure ??= error;
        input.bars.log(`worker thread failed to start: ${error.message}${living().length > 0 ? '; its runs go to the other threads' : ''}`);
        if (task !== undefined) {
          queue.unshift(task);
          // A thread that sat idle (nothing was left for it then) takes the run back.
          const idle = living().find((w) => slots.get(w)!.task === undefined);
          if (idle !== undefined) next(idle);
        }
      } else {
        input.bars.log(`worker thread crashed: ${error.message}`);
        if (task !== undefined) byName.set(task.plan.name, failedSummary(task.plan, task.dir, 'WORKER_CRASHED', error.message));
      }
      finishIfDone();
    };
    const early: Array<[Worker, Error]> = [];
    for (const started of pool) {
      const worker = started.worker;
      workers.push(worker);
      slots.set(worker, { ready: false, dead: false });
      worker.on('message', (message: FromWorker) => {
        const task = slots.get(worker)?.task;
        switch (message.type) {
          case 'ready':
            slots.get(worker)!.ready = true;
            break;
          case 'start':
            input.bars.start(message.name, message.totalSteps, message.stepsDone);
            break;
          case 'step':
            input.bars.update(message.name, message.step, { epoch: message.epoch, loss: message.loss });
            break;
          case 'epoch':
            input.bars.log(formatEpoch(message.metrics, task?.plan.train.epochs ?? message.metrics.epoch, message.name));
            break;
          case 'done':
            input.bars.finish(message.name, message.summary.status);
            settle(worker, message.summary);
            break;
          case 'error':
            input.bars.log(`${message.name}: failed: ${message.message}`);
            settle(worker, failedSummary(task!.plan, task!.dir, message.code, message.message));
            break;
        }
      });
      worker.on('error', (error: Error) => lost(worker, error));
      // A thread that ends without an error (process.exit in it, or ended from outside) would otherwise leave its run waiting forever.
      worker.on('exit', (code: number) => {
        if (!ended) lost(worker, new Error(`the worker thread exited (code ${code}) before its runs were done`));
      });
      // A thread whose start-up failed before this listened: it gets no run.
      if (started.failed !== undefined) early.push([worker, started.failed]);
    }
    for (const [worker, error] of early) lost(worker, error);
    for (const worker of living()) {
      worker.postMessage({ type: 'init', data: input.loaded.data } satisfies ToWorker);
      next(worker);
    }
    finishIfDone();
  });
  ended = true;
  input.onRunsEnded?.();
  await Promise.all(workers.map((w) => w.terminate()));
  const peakRssBytes = memory.stop();
  if (noneStarted) throw new WorkerStartError(startFailure!);
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
