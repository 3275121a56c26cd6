import type { RngState } from '@descent/core';
import type { OptimizerState } from '@descent/optimizers';

export type { BackendChoice } from './backend/backendChoices';

/** What {@link initBackend} picked, and why (one sentence a CLI can print). */
export interface BackendInfo {
  /** The engine of the built-in MLP: `descent`, or the active tfjs backend (`tensorflow`, `wasm`, `cpu`, `webgl`). */
  backend: string;
  /** Why, e.g. `auto: @tensorflow/tfjs-node is not installed; using descent (WebAssembly SIMD, 2 threads; tfjs models on wasm)`. */
  reason: string;
}

/**
 * One split of a classification dataset: `count` items of `images.length / count` features
 * each (784 for MNIST), one label per item. `@descent/datasets`' `Split` is one; the arrays
 * may live on a `SharedArrayBuffer` (worker threads).
 */
export interface DataSplit {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** What {@link train} trains on: a training split and, optionally, a test split evaluated after every epoch. */
export interface TrainData {
  train: DataSplit;
  test?: DataSplit;
}

/**
 * A training run, as plain JSON (it is stored in every checkpoint). Every field has a
 * default; {@link resolveTrainConfig} fills them in and validates.
 */
export interface TrainConfig {
  /** Hidden layer widths of the built-in MLP. Default `[200]` (the lecture's 784-200-10). Not allowed with a model of your own. */
  hidden?: number[];
  /**
   * An optimizer of `@descent/optimizers` (`optimizerNames`). Default `'sgd'`. `'muon'`
   * trains as Muon + AdamW (`muonWithAdamw`): Muon for the 2-D weight matrices, AdamW for the
   * biases, with the AdamW side's options in `optimizerOptions.adamw` (see `createTrainOptimizer`).
   */
  optimizer?: string;
  /**
   * Its options, torch names in camelCase, e.g. `{ lr: 0.01, momentum: 0.9 }`. Numbers,
   * booleans, strings and arrays only (the config is JSON). Default `{}` (the optimizer's defaults).
   */
  optimizerOptions?: Record<string, unknown>;
  /**
   * A learning-rate schedule of `@descent/schedulers`: a spec object or its text (JSON or a
   * short form such as `step:5:0.5`), with `optimizerOptions.lr` as its `initial`. Default: none.
   */
  schedule?: string | Record<string, unknown> | null;
  /** The schedule's step: `'epoch'` (default; the value changes at epoch boundaries) or `'step'` (every update). */
  scheduleUnit?: 'epoch' | 'step';
  /** Epochs to train. Default 1. */
  epochs?: number;
  /** Items per batch (the last batch of an epoch may be smaller). Default 64. */
  batchSize?: number;
  /** Seed of the initialisation and of every epoch's shuffle. Default 0. */
  seed?: number;
  /** Number of classes (labels must be below it). Default 10; with a model of your own, its outputs (or the largest label + 1). */
  classes?: number;
  /** Items per forward pass when evaluating the test split. Default 1000. */
  evalBatchSize?: number;
  /**
   * Read the loss back from the device every `syncEvery` steps (and at every epoch end):
   * `onStep` is then called for those steps, and a NaN/Inf loss is noticed. Default 16.
   */
  syncEvery?: number;
  /** A label for reports, e.g. `'mnist'`. Default `''`. */
  dataset?: string;
}

/** A {@link TrainConfig} with every default filled in. */
export type ResolvedTrainConfig = Required<Omit<TrainConfig, 'schedule'>> & { schedule: string | Record<string, unknown> | null };

/** Metrics of one optimizer step. */
export interface StepMetrics {
  /** Steps done so far, this one included (1 for the first). */
  step: number;
  /** The epoch it belongs to, from 1. */
  epoch: number;
  /** The batch's position in its epoch, from 0. */
  batch: number;
  /** Mean cross-entropy of the batch, before the update. */
  loss: number;
  /** Learning rate this step used. */
  lr: number;
}

/** Metrics of one epoch (the anchor file's fields, in camelCase). */
export interface EpochMetrics {
  /** From 1. */
  epoch: number;
  /** Steps done so far. */
  step: number;
  /** Mean over the epoch's batches of the batch loss (torch's `running_loss / len(loader)`). */
  trainLoss: number;
  /** Mean cross-entropy over the test split (absent without one). */
  testLoss?: number;
  /** Fraction of the test split classified right, in [0, 1] (absent without one). */
  testAccuracy?: number;
  /** Learning rate of the epoch's last step. */
  lr: number;
  /** Wall seconds of the epoch's training steps (evaluation excluded). */
  seconds: number;
  /** Wall seconds of the evaluation. */
  evalSeconds: number;
}

/** Where a run diverged: the first step whose loss (or gradient) was NaN or infinite. */
export interface Divergence {
  step: number;
  epoch: number;
  batch: number;
  /** The loss read at that step (NaN or +-Infinity; NaN when only a gradient was non-finite). */
  loss: number;
}

/** Callbacks and controls of a run. All optional. */
export interface TrainHooks {
  /** Called for every step, in order, when its loss has been read back (every `syncEvery` steps). */
  onStep?: (metrics: StepMetrics) => void;
  /** Called after every epoch's evaluation. May be async (e.g. to write files); the loop waits. */
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>;
  /** Called once when the run diverges, before {@link train} resolves with status `diverged`. */
  onDiverged?: (divergence: Divergence) => void;
  /** Aborting it has the same effect as {@link Trainer.stop}: the current batch finishes, then the run stops with a checkpoint. */
  signal?: AbortSignal;
}

/** A float32 tensor as JSON: its shape and its little-endian bytes in base64. */
export interface EncodedTensor {
  shape: number[];
  dtype: 'float32';
  base64: string;
}

/**
 * Everything needed to continue a run exactly: a plain JSON-serialisable object.
 * Resuming from one taken at an epoch boundary ends with the same numbers as a run that
 * was never stopped (same backend).
 */
export interface Checkpoint {
  format: 'descent-checkpoint';
  version: 1;
  /** The model's kind (`TrainableModel.kind`: `mlp`, `tf.LayersModel`, ...); absent in checkpoints of older versions, which are all `mlp`. */
  model?: string;
  config: ResolvedTrainConfig;
  /** The tfjs backend it was trained on (`wasm`, `cpu`, ...). */
  backend: string;
  /** Epochs finished. */
  epoch: number;
  /** Batches done in the epoch in progress (0 at an epoch boundary). */
  batch: number;
  /** Optimizer steps done (the schedule's position). */
  step: number;
  /** The model's weights by name (`fc1.weight`, `fc1.bias`, ... for the MLP). At the evaluation point for optimizers with modes. */
  weights: Record<string, EncodedTensor>;
  /** `optimizer.stateDict()` (momentum buffers, step counts). */
  optimizer: OptimizerState;
  /** The run's generator, after initialisation. */
  rng: RngState;
  /** The epoch in progress: loss sum (float32, as on the device) and batch count so far, and seconds. */
  partial: { lossSum: number; batches: number; seconds: number };
  /** Metrics of the finished epochs. */
  history: EpochMetrics[];
  /** Set when the run diverged. */
  diverged: Divergence | null;
}

/** How a run ended. */
export type TrainStatus = 'completed' | 'stopped' | 'diverged';

/** What {@link train} resolves with. */
export interface TrainResult {
  status: TrainStatus;
  /** Metrics of every finished epoch (including those before a resume). */
  epochs: EpochMetrics[];
  diverged: Divergence | null;
  /** The state at the end: resume from it, or save it. */
  checkpoint: Checkpoint;
  /** Active tfjs backend. */
  backend: string;
  /** Steps done in total. */
  steps: number;
  /** Wall seconds of this call. */
  seconds: number;
}
