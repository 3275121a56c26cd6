import type { BackendChoice, EpochMetrics, TrainData } from '@descent/train';
import type { RunPlan } from '../options/resolveRun';
import type { RunSummary } from '../run/runFiles';

/** Main thread -> worker. `data` holds typed arrays on SharedArrayBuffers: posting shares them, nothing is copied. */
export type ToWorker =
  | { type: 'init'; data: TrainData }
  /** `threads`: the worker's share of the cores, for an engine with threads of its own (descent). */
  | { type: 'run'; plan: RunPlan; dir: string; resume: boolean; backend: BackendChoice; threads: number }
  | { type: 'stop' };

/** Worker -> main thread. `ready`: its module has run (a thread that fails before it never started; its run goes to another). */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'start'; name: string; totalSteps: number; stepsDone: number; backend: string; reason: string }
  /** `loss`: the running mean of the epoch's batch losses. */
  | { type: 'step'; name: string; step: number; epoch: number; loss: number }
  | { type: 'epoch'; name: string; metrics: EpochMetrics }
  | { type: 'done'; name: string; summary: RunSummary }
  | { type: 'error'; name: string; code: string; message: string };
