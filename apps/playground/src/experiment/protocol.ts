import type { RunSpec } from '../state/runSpec';

/** Engines the experiment trains on: descent's own WebAssembly SIMD kernels, or a TensorFlow.js backend. */
export type TrainingEngine = 'descent' | 'wasm' | 'webgl' | 'cpu';

/** What the training worker is asked to train: every run on the same batches, in lockstep. */
export interface TrainingPlan {
  /** Starts numbered by the page; messages of an older plan are ignored. */
  session: number;
  runs: RunSpec[];
  hidden: number;
  batchSize: number;
  steps: number;
  seed: number;
  /** `auto` or an engine. */
  backend: 'auto' | TrainingEngine;
  /** Every run is evaluated after these steps (0: the initial weights), on the first `evalImages` test images. */
  evalEvery: number;
  evalImages: number;
  /** Absolute URLs of the MNIST files (gzip) and of tfjs-wasm's binaries. */
  mnistUrl: string;
  wasmUrl: string;
}

/** The page asks the worker. */
export type ToWorker = { type: 'start'; plan: TrainingPlan } | { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

/** New steps of one run since the last report: losses and lrs of steps `from`, `from + 1`, ... */
export interface StepChunk {
  run: number;
  from: number;
  losses: number[];
  lrs: number[];
}

/** One evaluation of one run after `step` steps. */
export interface EvaluationReport {
  run: number;
  step: number;
  loss: number;
  accuracy: number;
}

export type RunEnd = { run: number; status: 'done' | 'diverged' | 'failed'; step: number; error?: string };

/** The worker tells the page. */
export type FromWorker =
  | { type: 'loading'; session: number; loaded: number; total: number | undefined }
  | { type: 'engine'; session: number; engine: TrainingEngine; reason: string; threads: number }
  | { type: 'progress'; session: number; steps: StepChunk[]; evaluations: EvaluationReport[]; ended: RunEnd[]; seconds: number }
  | { type: 'paused'; session: number; stepsDone: number[] }
  | { type: 'stopped'; session: number; stepsDone: number[] }
  | { type: 'finished'; session: number; stepsDone: number[] }
  | { type: 'error'; session: number; message: string };
