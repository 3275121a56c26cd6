import * as tf from '@tensorflow/tfjs-core';
import { DescentError, Rng, isDescentError } from '@descent/core';
import { tfjs } from '@descent/core/tfjs';
import type { TfjsTensor } from '@descent/core/tfjs';
import { BatchIterator } from '@descent/datasets';
import type { Batch } from '@descent/datasets';
import { createOptimizer } from '@descent/optimizers';
import type { Optimizer } from '@descent/optimizers';
import { decodeTensor, encodeTensor } from '../checkpoint/encodeTensor';
import { checkCheckpoint } from '../checkpoint/checkCheckpoint';
import { createMlp } from '../model/createMlp';
import type { LossAndGrads, Mlp } from '../model/createMlp';
import type {
  Checkpoint,
  DataSplit,
  Divergence,
  EpochMetrics,
  ResolvedTrainConfig,
  TrainConfig,
  TrainData,
  TrainHooks,
  TrainResult,
  TrainStatus,
} from '../types';
import { buildLearningRate } from './buildLearningRate';
import { checkSplit } from './checkSplit';
import { resolveTrainConfig } from './resolveTrainConfig';
import { yieldToEventLoop } from './yieldToEventLoop';

/** Options of the {@link Trainer} constructor. */
export interface TrainerOptions {
  /** Continue from this checkpoint (its config must match, `epochs`, `syncEvery` and `evalBatchSize` aside). */
  resume?: Checkpoint;
}

/** A step whose loss is still on the device. */
interface Pending {
  loss: tf.Scalar;
  step: number;
  epoch: number;
  batch: number;
  lr: number;
  /** The optimizer skipped it (`nonFinite: 'skip'`): a non-finite loss there is not a divergence. */
  skipped: boolean;
  /** The optimizer refused its non-finite gradient. */
  nonFiniteGrad: boolean;
}

/** Fields a resumed run may change. */
const RESUMABLE = new Set(['epochs', 'syncEvery', 'evalBatchSize']);


/**
 * Trains an MLP classifier ({@link createMlp}) with any `@descent/optimizers` optimizer and
 * any `@descent/schedulers` learning-rate schedule, through core's tfjs backend (the
 * optimizer updates the model's `tf.Variable`s in place; `tf.train` is not used).
 *
 * Each step uploads one batch, computes the loss and gradients (`tf.variableGrads`, inside
 * `tf.tidy`) and hands the gradients to `optimizer.step`. The loss stays on the device and
 * is read back every `config.syncEvery` steps; after each epoch the test split is evaluated.
 * A NaN or infinite loss (or gradient) marks the run diverged at that step and stops it.
 * `stop()` (or an aborted `signal`) ends the run after the current batch, with a checkpoint
 * from which a new Trainer continues exactly. Same seed, same backend: same numbers.
 *
 * @example
 * await initBackend('wasm');
 * const mnist = await loadMnist();
 * const trainer = new Trainer({ optimizerOptions: { lr: 0.1 }, epochs: 2 }, mnist);
 * const result = await trainer.run({ onEpoch: (m) => console.log(m.epoch, m.testAccuracy) });
 * trainer.dispose();
 * @throws DescentError `INVALID_ARGUMENT` / `SHAPE_MISMATCH` for bad config or data, optimizer and schedule errors, `INVALID_STATE` for a checkpoint that does not fit
 */
export class Trainer {
  /** The validated configuration. */
  readonly config: ResolvedTrainConfig;
  /** The model being trained (its variables are the optimizer's parameters). */
  readonly model: Mlp;
  /** The optimizer stepping it. */
  readonly optimizer: Optimizer;
  /** Optimizer steps in one epoch. */
  readonly batchesPerEpoch: number;

  private readonly data: TrainData;
  private readonly features: number;
  private readonly iterator: BatchIterator;
  private readonly params: Record<string, TfjsTensor>;
  private readonly labelBuffer: Int32Array;
  private rng: Rng;
  private epoch = 0;
  private batch = 0;
  private step = 0;
  private partial = { lossSum: 0, batches: 0, seconds: 0 };
  private history: EpochMetrics[] = [];
  private diverged: Divergence | null = null;
  private pending: Pending[] = [];
  private lastLr: number;
  private stopRequested = false;
  private running = false;
  private disposed = false;
  private hooks: TrainHooks = {};

  constructor(config: TrainConfig, data: TrainData, options: TrainerOptions = {}) {
    const resolved = resolveTrainConfig(config);
    const resume = options.resume === undefined ? undefined : checkCheckpoint(options.resume);
    if (resume !== undefined) {
      if (resume.diverged !== null) {
        throw new DescentError('INVALID_STATE', `Trainer: cannot resume a run that diverged at step ${resume.diverged.step}`);
      }
      for (const key of Object.keys(resolved) as Array<keyof ResolvedTrainConfig>) {
        if (RESUMABLE.has(key)) continue;
        if (JSON.stringify(resolved[key]) !== JSON.stringify(resume.config[key])) {
          throw new DescentError(
            'INVALID_STATE',
            `Trainer: config.${key} is ${JSON.stringify(resolved[key])} but the checkpoint was trained with ${JSON.stringify(resume.config[key])}`,
            { details: { field: key } },
          );
        }
      }
    }
    if (data === null || typeof data !== 'object') throw new DescentError('INVALID_ARGUMENT', `Trainer: data must be { train, test? }, got ${String(data)}`);
    const features = checkSplit('train', data.train, resolved.classes);
    if (data.test !== undefined) checkSplit('test', data.test, resolved.classes, features);
    this.config = resolved;
    this.data = data;
    this.features = features;

    this.rng = new Rng(resolved.seed);
    const model = createMlp({ sizes: [features, ...resolved.hidden, resolved.classes], rng: this.rng });
    // The shuffle seed comes from the run's generator, after the initialisation.
    const shuffleSeed = this.rng.nextUint32();
    this.iterator = new BatchIterator(data.train, { batchSize: resolved.batchSize, seed: shuffleSeed });
    this.batchesPerEpoch = this.iterator.batchesPerEpoch;
    this.labelBuffer = new Int32Array(resolved.batchSize);

    const params: Record<string, TfjsTensor> = {};
    for (const name of model.names) params[name] = tfjs.wrapVariable(model.variables[name]!, name);
    let optimizer: Optimizer;
    try {
      const lr = buildLearningRate(resolved, this.batchesPerEpoch);
      optimizer = createOptimizer(resolved.optimizer, params, { ...resolved.optimizerOptions, ...(lr === undefined ? {} : { lr }) });
    } catch (error) {
      model.dispose();
      throw error;
    }
    this.model = model;
    this.params = params;
    this.optimizer = optimizer;
    this.lastLr = optimizer.lr;

    if (resume !== undefined) {
      try {
        this.restore(resume);
      } catch (error) {
        this.dispose();
        throw error;
      }
    }
  }

  private restore(checkpoint: Checkpoint): void {
    const weights: Record<string, Float32Array> = {};
    for (const name of this.model.names) {
      const encoded = checkpoint.weights[name];
      const variable = this.model.variables[name]!;
      if (encoded === undefined || JSON.stringify(encoded.shape) !== JSON.stringify(variable.shape)) {
        throw new DescentError(
          'INVALID_STATE',
          `Trainer: checkpoint weight '${name}' must have shape [${variable.shape.join(', ')}], got ${encoded === undefined ? 'none' : `[${encoded.shape.join(', ')}]`}`,
        );
      }
      weights[name] = decodeTensor(encoded, `weights['${name}']`);
    }
    this.optimizer.loadStateDict(checkpoint.optimizer);
    this.model.setWeights(weights);
    this.rng = Rng.fromState(checkpoint.rng);
    this.epoch = checkpoint.epoch;
    this.batch = checkpoint.batch;
    this.step = checkpoint.step;
    this.partial = { ...checkpoint.partial };
    this.history = checkpoint.history.map((m) => ({ ...m }));
    this.lastLr = this.optimizer.lr;
  }

  /** Epochs finished so far. */
  get epochsDone(): number {
    return this.epoch;
  }

  /** Optimizer steps done so far. */
  get stepsDone(): number {
    return this.step;
  }

  /**
   * Asks the run to stop after the current batch; {@link run} then resolves with status
   * `stopped` and a checkpoint. Calling `run` again continues.
   */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * The complete state now, as a plain JSON-serialisable object (see {@link Checkpoint}).
   * Reads pending losses back first.
   *
   * @example
   * await writeFile('checkpoint.json', JSON.stringify(trainer.checkpoint()));
   */
  checkpoint(): Checkpoint {
    this.checkAlive('checkpoint');
    this.sync();
    const weights: Checkpoint['weights'] = {};
    const values = this.model.getWeights();
    for (const name of this.model.names) weights[name] = encodeTensor(values[name]!, this.model.variables[name]!.shape);
    return {
      format: 'descent-checkpoint',
      version: 1,
      config: JSON.parse(JSON.stringify(this.config)) as ResolvedTrainConfig,
      backend: tf.getBackend(),
      epoch: this.epoch,
      batch: this.batch,
      step: this.step,
      weights,
      optimizer: this.optimizer.stateDict(),
      rng: this.rng.getState(),
      partial: { ...this.partial },
      history: this.history.map((m) => ({ ...m })),
      diverged: this.diverged === null ? null : { ...this.diverged },
    };
  }

  /**
   * Mean loss and accuracy of the current model on a split (default: the test split).
   *
   * @example
   * trainer.evaluate(); // { loss: 0.31, accuracy: 0.912 }
   */
  evaluate(split: DataSplit | undefined = this.data.test): { loss: number; accuracy: number } {
    this.checkAlive('evaluate');
    if (split === undefined) throw new DescentError('INVALID_ARGUMENT', 'Trainer.evaluate: no split given and the data has no test split');
    checkSplit('evaluate', split, this.config.classes, this.features);
    return this.model.evaluate(split.images, split.labels, split.count, this.config.evalBatchSize);
  }

  /**
   * Trains until `config.epochs` epochs are done, the run diverges, or it is stopped.
   * Resolves with the metrics of every epoch and a checkpoint of the end state.
   *
   * @example
   * const { status, epochs, checkpoint } = await trainer.run({ signal: controller.signal });
   */
  async run(hooks: TrainHooks = {}): Promise<TrainResult> {
    this.checkAlive('run');
    if (this.running) throw new DescentError('INVALID_STATE', 'Trainer.run: already running');
    if (this.diverged !== null) throw new DescentError('INVALID_STATE', `Trainer.run: the run diverged at step ${this.diverged.step}`);
    this.running = true;
    this.hooks = hooks;
    this.stopRequested = hooks.signal?.aborted === true;
    const onAbort = (): void => this.stop();
    hooks.signal?.addEventListener('abort', onAbort);
    const started = performance.now();
    let status: TrainStatus = 'completed';
    try {
      status = await this.loop();
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
      this.running = false;
    }
    const checkpoint = this.checkpoint();
    return {
      status,
      epochs: checkpoint.history,
      diverged: checkpoint.diverged,
      checkpoint,
      backend: tf.getBackend(),
      steps: this.step,
      seconds: (performance.now() - started) / 1000,
    };
  }

  private async loop(): Promise<TrainStatus> {
    const { syncEvery, epochs } = this.config;
    while (this.epoch < epochs) {
      const epoch = this.epoch;
      const since = performance.now();
      while (this.batch < this.batchesPerEpoch) {
        if (this.stopRequested) {
          this.sync();
          this.partial.seconds += (performance.now() - since) / 1000;
          if (this.diverged === null) return 'stopped';
          this.hooks.onDiverged?.({ ...this.diverged });
          return 'diverged';
        }
        this.trainStep(this.iterator.batch(epoch, this.batch), epoch);
        const last = this.pending[this.pending.length - 1];
        if (this.pending.length >= syncEvery || last?.nonFiniteGrad === true) {
          this.sync();
          if (this.diverged !== null) break;
        }
        // After every batch, so that an abort (Ctrl-C, a click) stops the run one batch later.
        await yieldToEventLoop();
      }
      this.sync();
      this.partial.seconds += (performance.now() - since) / 1000;
      if (this.diverged !== null) {
        this.hooks.onDiverged?.({ ...this.diverged });
        return 'diverged';
      }
      await this.endEpoch(epoch);
    }
    return 'completed';
  }

  private trainStep(batch: Batch, epoch: number): void {
    const n = batch.size;
    const labels = this.labelBuffer.subarray(0, n);
    for (let i = 0; i < n; i++) labels[i] = batch.labels[i]!;
    const features = this.features;
    const { loss, grads } = tf.tidy(() => {
      const x = tf.tensor2d(batch.images, [n, features], 'float32');
      const y = tf.tensor1d(labels, 'int32');
      return this.model.lossAndGrads(x, y) as unknown as tf.TensorContainerObject;
    }) as unknown as LossAndGrads;
    const wrapped: Record<string, TfjsTensor> = {};
    for (const name of this.model.names) wrapped[name] = tfjs.wrapTensor(grads[name]!, name);
    let lr = this.optimizer.lr;
    let skipped = false;
    let nonFiniteGrad = false;
    try {
      const report = this.optimizer.step(wrapped);
      lr = report.lr;
      skipped = report.skipped;
    } catch (error) {
      if (!isDescentError(error, 'NON_FINITE')) {
        loss.dispose();
        throw error;
      }
      nonFiniteGrad = true;
    } finally {
      for (const name of this.model.names) tfjs.dispose(wrapped[name]!);
    }
    this.pending.push({ loss, step: this.step + 1, epoch: epoch + 1, batch: this.batch, lr, skipped, nonFiniteGrad });
    if (!nonFiniteGrad) {
      this.step++;
      this.batch++;
      this.lastLr = lr;
    }
  }

  /** Reads the pending losses back (one transfer), updates the epoch's sums, calls onStep, and detects divergence. */
  private sync(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    const stacked = tf.tidy(() => tf.stack(pending.map((p) => p.loss)));
    const values = stacked.dataSync();
    stacked.dispose();
    for (const p of pending) p.loss.dispose();
    const reported: Array<{ p: Pending; loss: number }> = [];
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      const loss = values[i]!;
      if (this.diverged !== null) break;
      if (p.nonFiniteGrad || (!p.skipped && !Number.isFinite(loss))) {
        this.diverged = { step: p.step, epoch: p.epoch, batch: p.batch, loss };
        break;
      }
      // A batch the optimizer skipped (nonFinite: 'skip') with a non-finite loss stays out of the epoch's mean.
      if (Number.isFinite(loss) || !p.skipped) {
        this.partial.lossSum += loss;
        this.partial.batches++;
      }
      reported.push({ p, loss });
    }
    const onStep = this.hooks.onStep;
    if (onStep !== undefined) {
      for (const { p, loss } of reported) onStep({ step: p.step, epoch: p.epoch, batch: p.batch, loss, lr: p.lr });
    }
  }

  private async endEpoch(epoch: number): Promise<void> {
    const evalStart = performance.now();
    const test = this.data.test;
    const evaluation = test === undefined ? undefined : this.model.evaluate(test.images, test.labels, test.count, this.config.evalBatchSize);
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      step: this.step,
      trainLoss: this.partial.batches === 0 ? NaN : this.partial.lossSum / this.partial.batches,
      ...(evaluation === undefined ? {} : { testLoss: evaluation.loss, testAccuracy: evaluation.accuracy }),
      lr: this.lastLr,
      seconds: this.partial.seconds,
      evalSeconds: (performance.now() - evalStart) / 1000,
    };
    this.history.push(metrics);
    this.epoch = epoch + 1;
    this.batch = 0;
    this.partial = { lossSum: 0, batches: 0, seconds: 0 };
    await this.hooks.onEpoch?.({ ...metrics });
  }

  private checkAlive(op: string): void {
    if (this.disposed) throw new DescentError('DISPOSED', `Trainer.${op}: the trainer was disposed`);
  }

  /** Frees the model, the optimizer state and any loss still on the device. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.pending) p.loss.dispose();
    this.pending = [];
    this.optimizer?.dispose();
    for (const t of Object.values(this.params ?? {})) tfjs.dispose(t);
    this.model?.dispose();
  }
}
