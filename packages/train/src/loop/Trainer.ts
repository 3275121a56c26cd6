import { DescentError, Rng, cpu, isDescentError } from '@descent/core';
import type { Tensor } from '@descent/core';
import { BatchIterator } from '@descent/datasets';
import type { Batch } from '@descent/datasets';
import type { Optimizer } from '@descent/optimizers';
import { decodeTensor, encodeTensor } from '../checkpoint/encodeTensor';
import { checkCheckpoint } from '../checkpoint/checkCheckpoint';
import { activeEngine } from '../backend/engine';
import { loadTfjs, loadedTfjs, tfjsIfLoaded } from '../backend/loadTfjs';
import { createDescentMlp } from '../model/createDescentMlp';
import { createMlp } from '../model/createMlp';
import { modelFromMlp } from '../model/modelFromMlp';
import type { Evaluation, TrainableModel } from '../model/TrainableModel';
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
import { createTrainOptimizer, trainOptimizerParts } from './createTrainOptimizer';
import { checkSplit } from './checkSplit';
import { readLosses } from './readLosses';
import { resolveTrainConfig } from './resolveTrainConfig';
import { yieldToEventLoop } from './yieldToEventLoop';

/** Options of the {@link Trainer} constructor. */
export interface TrainerOptions {
  /** Continue from this checkpoint (its config must match, `epochs`, `syncEvery` and `evalBatchSize` aside). */
  resume?: Checkpoint;
  /**
   * The model to train ({@link modelFromLayers}, {@link modelFromVariables}, or any
   * {@link TrainableModel}). Default: the MLP of `config.hidden` ({@link createMlp}),
   * initialised from the run's seed. A model given here stays the caller's: `dispose()`
   * does not free it, and `config.hidden` must be left out.
   */
  model?: TrainableModel;
  /**
   * Builds the MLP of `config.hidden` on another engine, e.g.
   * `({ sizes, rng, batchSize }) => createDescentMlp({ sizes, rng, batchSize })` (descent's
   * cpu backend, no TensorFlow.js). It must draw the initial weights from `rng` (the run's
   * generator: the shuffle seed is drawn after it), and its `kind` should be `'mlp'` so that
   * checkpoints move between engines. The Trainer disposes what it returns. Default: the
   * engine {@link initBackend} chose: {@link createDescentMlp} on `descent` (threads as it
   * decided), else {@link createMlp} through {@link modelFromMlp}.
   */
  createModel?: (init: MlpInit) => TrainableModel;
}

/** What {@link TrainerOptions.createModel} is called with. */
export interface MlpInit {
  /** Layer widths: features, `config.hidden`..., `config.classes`. */
  sizes: number[];
  /** The run's generator, seeded with `config.seed`. */
  rng: Rng;
  /** `config.batchSize`: the largest batch the model will get. */
  batchSize: number;
}

/** A step whose loss may still be on the device. */
interface Pending {
  loss: number | Tensor;
  step: number;
  epoch: number;
  batch: number;
  lr: number;
  /** The optimizer skipped it (`nonFinite: 'skip'`): a non-finite loss there is not a divergence. */
  skipped: boolean;
  /** The optimizer refused its non-finite gradient. */
  nonFiniteGrad: boolean;
}

/**
 * An optimizer with training and evaluation modes, as the schedule-free ones have
 * (`eval()` moves the parameters to the averaged point, `train()` back). The trainer
 * evaluates and checkpoints in evaluation mode whenever the optimizer has both methods.
 */
interface ModalOptimizer {
  train(): void;
  eval(): void;
}

function hasModes(optimizer: Optimizer): optimizer is Optimizer & ModalOptimizer {
  const o = optimizer as Partial<ModalOptimizer>;
  return typeof o.train === 'function' && typeof o.eval === 'function';
}

/** Fields a resumed run may change. */
const RESUMABLE = new Set(['epochs', 'syncEvery', 'evalBatchSize']);

/** The classes of a run with the caller's model: the config's, the model's outputs, or the largest label + 1. */
function classesOf(config: TrainConfig, model: TrainableModel, data: TrainData): number {
  if (config.classes !== undefined) return config.classes;
  if (model.outputSize !== undefined) return model.outputSize;
  let max = 1;
  for (const split of [data.train, data.test]) {
    if (split?.labels instanceof Uint8Array) for (const label of split.labels) if (label > max) max = label;
  }
  return max + 1;
}

/**
 * Trains a model with any `@descent/optimizers` optimizer and any `@descent/schedulers`
 * learning-rate schedule. The model is a {@link TrainableModel}: by default the MLP of
 * `config.hidden` (on the engine {@link initBackend} chose: {@link createDescentMlp} for
 * `descent`, else {@link createMlp} on tfjs); or a `tf.LayersModel` ({@link modelFromLayers}), a
 * loss over named `tf.Variable`s ({@link modelFromVariables}) or any model whose parameters
 * are descent tensors (`options.model`). The optimizer updates the parameters in place;
 * `tf.train` is not used.
 *
 * Each step hands one batch to `model.lossAndGradients` and the gradients to
 * `optimizer.step`. The loss stays on the device and is read back every `config.syncEvery`
 * steps; after each epoch the test split is evaluated. A NaN or infinite loss (or gradient)
 * marks the run diverged at that step and stops it. `stop()` (or an aborted `signal`) ends
 * the run after the current batch, with a checkpoint from which a new Trainer continues
 * exactly. Same seed, same backend: same numbers. An optimizer with `train()`/`eval()`
 * modes (schedule-free) is switched to `eval()` for every evaluation and checkpoint.
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
  /** The validated configuration (with the caller's model, `hidden` is `[]`). */
  readonly config: ResolvedTrainConfig;
  /** The model being trained (its parameters are the optimizer's). */
  readonly model: TrainableModel;
  /** The optimizer stepping it. */
  readonly optimizer: Optimizer;
  /**
   * Which parameters each part of a split optimizer updates (`muon`: `{ muon: [the 2-D
   * weights], adamw: [the biases] }`, see {@link createTrainOptimizer}); null when one rule updates all.
   */
  readonly optimizerParts: Readonly<Record<string, readonly string[]>> | null;
  /** Optimizer steps in one epoch. */
  readonly batchesPerEpoch: number;

  private readonly data: TrainData;
  private readonly features: number;
  private readonly iterator: BatchIterator;
  private readonly names: readonly string[];
  private readonly ownsModel: boolean;
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
  /** `descent` for the built-in MLP on descent's engine, else the tfjs backend (read when needed: tfjs may switch). */
  private readonly onDescent: boolean;

  constructor(config: TrainConfig, data: TrainData, options: TrainerOptions = {}) {
    const given = options?.model;
    if (given !== undefined) checkModel(given);
    const createModel = options?.createModel;
    if (createModel !== undefined && (typeof createModel !== 'function' || given !== undefined)) {
      throw new DescentError('INVALID_ARGUMENT', 'Trainer: options.createModel must be a function ({ sizes, rng, batchSize }) => model, and cannot come with options.model');
    }
    if (given !== undefined && config?.hidden !== undefined) {
      throw new DescentError('INVALID_ARGUMENT', 'Trainer: config.hidden sets the built-in MLP; leave it out when passing a model', { details: { field: 'hidden' } });
    }
    if (data === null || typeof data !== 'object') throw new DescentError('INVALID_ARGUMENT', `Trainer: data must be { train, test? }, got ${String(data)}`);
    const resolved = resolveTrainConfig(given === undefined ? config : { ...config, hidden: [], classes: classesOf(config ?? {}, given, data) });
    // The built-in MLP's kind; a createModel one is checked once it is built.
    const kind = given?.kind ?? 'mlp';
    const resume = options.resume === undefined ? undefined : checkCheckpoint(options.resume);
    if (resume !== undefined) {
      if (resume.diverged !== null) {
        throw new DescentError('INVALID_STATE', `Trainer: cannot resume a run that diverged at step ${resume.diverged.step}`);
      }
      if (createModel === undefined && (resume.model ?? 'mlp') !== kind) {
        throw new DescentError('INVALID_STATE', `Trainer: the checkpoint is of a ${resume.model ?? 'mlp'} model, this run trains a ${kind} model`);
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
    const features = checkSplit('train', data.train, resolved.classes);
    if (data.test !== undefined) checkSplit('test', data.test, resolved.classes, features);
    if (given?.inputSize !== undefined && given.inputSize !== features) {
      throw new DescentError('SHAPE_MISMATCH', `Trainer: the model takes ${given.inputSize} values per item, but data.train has ${features}`);
    }
    this.config = resolved;
    this.data = data;
    this.features = features;

    this.rng = new Rng(resolved.seed);
    // The MLP draws its initial weights from the run's generator; the shuffle seed comes after.
    const sizes = [features, ...resolved.hidden, resolved.classes];
    let model: TrainableModel;
    if (given !== undefined) model = given;
    else if (createModel !== undefined) {
      model = createModel({ sizes, rng: this.rng, batchSize: resolved.batchSize });
      checkModel(model);
      if (resume !== undefined && (resume.model ?? 'mlp') !== model.kind) {
        model.dispose?.();
        throw new DescentError('INVALID_STATE', `Trainer: the checkpoint is of a ${resume.model ?? 'mlp'} model, this run trains a ${model.kind} model`);
      }
    } else model = builtInMlp(sizes, this.rng, resolved.batchSize);
    this.ownsModel = given === undefined;
    this.onDescent = given === undefined && createModel === undefined && activeEngine().name === 'descent';
    const shuffleSeed = this.rng.nextUint32();
    this.iterator = new BatchIterator(data.train, { batchSize: resolved.batchSize, seed: shuffleSeed });
    this.batchesPerEpoch = this.iterator.batchesPerEpoch;

    let optimizer: Optimizer;
    try {
      const lr = buildLearningRate(resolved, this.batchesPerEpoch);
      optimizer = createTrainOptimizer(resolved.optimizer, { ...model.params }, resolved.optimizerOptions, lr);
    } catch (error) {
      if (this.ownsModel) model.dispose?.();
      throw error;
    }
    this.model = model;
    this.names = Object.keys(model.params);
    this.optimizer = optimizer;
    this.optimizerParts = trainOptimizerParts(resolved.optimizer, model.params);
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
    const params = this.model.params;
    const extra = Object.keys(checkpoint.weights).filter((name) => !(name in params));
    if (extra.length > 0) {
      throw new DescentError(
        'INVALID_STATE',
        `Trainer: the checkpoint has weights ${extra.map((n) => `'${n}'`).join(', ')} that the model does not have (its parameters: ${this.names.join(', ')})`,
      );
    }
    const weights: Record<string, Float32Array> = {};
    for (const name of this.names) {
      const encoded = checkpoint.weights[name];
      const param = params[name]!;
      if (encoded === undefined || JSON.stringify(encoded.shape) !== JSON.stringify(param.shape)) {
        throw new DescentError(
          'INVALID_STATE',
          `Trainer: checkpoint weight '${name}' must have shape [${param.shape.join(', ')}], got ${encoded === undefined ? 'none' : `[${encoded.shape.join(', ')}]`}`,
        );
      }
      weights[name] = decodeTensor(encoded, `weights['${name}']`);
    }
    // The checkpoint holds the evaluation point (see checkpoint()): load it there, then return to training.
    this.atEvaluationPoint(() => {
      this.optimizer.loadStateDict(checkpoint.optimizer);
      for (const name of this.names) params[name]!.backend.write(params[name]!, weights[name]!);
    });
    this.rng = Rng.fromState(checkpoint.rng);
    this.epoch = checkpoint.epoch;
    this.batch = checkpoint.batch;
    this.step = checkpoint.step;
    this.partial = { ...checkpoint.partial };
    this.history = checkpoint.history.map((m) => ({ ...m }));
    this.lastLr = this.optimizer.lr;
  }

  /** Runs `fn` with an optimizer that has modes in evaluation mode (see {@link ModalOptimizer}). */
  private atEvaluationPoint<T>(fn: () => T): T {
    const optimizer = this.optimizer;
    if (!hasModes(optimizer)) return fn();
    optimizer.eval();
    try {
      return fn();
    } finally {
      optimizer.train();
    }
  }

  /**
   * The engine's name for checkpoints and results: `descent`, or the active tfjs backend (a
   * model of descent tensors trained while tfjs was never loaded ran on descent's engine).
   */
  private get backendName(): string {
    if (this.onDescent) return 'descent';
    return tfjsIfLoaded()?.tf.getBackend() ?? 'descent';
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
   * Reads pending losses back first. `encodeCheckpoint` turns it into a compact
   * safetensors file and a small JSON.
   *
   * @example
   * const { json, tensors } = encodeCheckpoint(trainer.checkpoint());
   */
  checkpoint(): Checkpoint {
    this.checkAlive('checkpoint');
    this.sync();
    return this.atEvaluationPoint(() => {
      const weights: Checkpoint['weights'] = {};
      for (const name of this.names) {
        const param = this.model.params[name]!;
        weights[name] = encodeTensor(param.backend.read(param), param.shape);
      }
      return {
        format: 'descent-checkpoint',
        version: 1,
        model: this.model.kind,
        config: JSON.parse(JSON.stringify(this.config)) as ResolvedTrainConfig,
        backend: this.backendName,
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
    });
  }

  /**
   * Mean loss and accuracy of the current model on a split (default: the test split).
   * The accuracy is absent for a model without predictions.
   *
   * @example
   * trainer.evaluate(); // { loss: 0.31, accuracy: 0.912 }
   */
  evaluate(split: DataSplit | undefined = this.data.test): Evaluation {
    this.checkAlive('evaluate');
    if (split === undefined) throw new DescentError('INVALID_ARGUMENT', 'Trainer.evaluate: no split given and the data has no test split');
    checkSplit('evaluate', split, this.config.classes, this.features);
    return this.atEvaluationPoint(() => this.model.evaluate(split, this.config.evalBatchSize));
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
      // Parameters on tfjs (a model of your own): tfjs is loaded, so their losses are read back together (readLosses).
      if (Object.values(this.model.params).some((p) => p.backend !== cpu)) await loadTfjs();
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
      backend: this.backendName,
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
    const { loss, grads } = this.model.lossAndGradients({ images: batch.images, labels: batch.labels, size: batch.size, features: this.features });
    let lr: number;
    let skipped = false;
    let nonFiniteGrad = false;
    try {
      const report = this.optimizer.step(grads);
      lr = report.lr;
      skipped = report.skipped;
    } catch (error) {
      if (!isDescentError(error, 'NON_FINITE')) {
        if (typeof loss !== 'number') loss.backend.dispose(loss);
        throw error;
      }
      // The step did not run: the learning rate it would have used.
      lr = this.optimizer.lr;
      nonFiniteGrad = true;
    } finally {
      for (const g of Object.values(grads)) g.backend.dispose(g);
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
    const values = readLosses(pending.map((p) => p.loss));
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
    const evaluation = test === undefined ? undefined : this.atEvaluationPoint(() => this.model.evaluate(test, this.config.evalBatchSize));
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      step: this.step,
      trainLoss: this.partial.batches === 0 ? NaN : this.partial.lossSum / this.partial.batches,
      ...(evaluation === undefined ? {} : { testLoss: evaluation.loss }),
      ...(evaluation?.accuracy === undefined ? {} : { testAccuracy: evaluation.accuracy }),
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

  /**
   * Frees the optimizer state, any loss still on the device, and the model if the trainer built
   * it (do not read that model after: on `descent`, the next run's model takes its memory). Idempotent.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of this.pending) if (typeof p.loss !== 'number') p.loss.backend.dispose(p.loss);
    this.pending = [];
    this.optimizer?.dispose();
    if (this.ownsModel) this.model?.dispose?.();
  }
}

/**
 * The built-in MLP on the engine {@link initBackend} chose: descent's own (its products on
 * the engine's threads, started in the background) or TensorFlow.js.
 */
function builtInMlp(sizes: number[], rng: Rng, batchSize: number): TrainableModel {
  const engine = activeEngine();
  if (engine.name === 'descent') {
    const workers = engine.threads - 1;
    // The trainer disposes its own model when done and reads nothing of it after: the next
    // run in this thread takes the memory (and keeps the code optimised for its kernels).
    return createDescentMlp({ sizes, rng, batchSize, maxThreads: workers, threads: workers, fma: engine.fma, recycle: true });
  }
  loadedTfjs('Trainer');
  return modelFromMlp(createMlp({ sizes, rng }));
}

/** Checks the shape of a {@link TrainableModel} handed to the Trainer. */
function checkModel(model: TrainableModel): void {
  const ok =
    model !== null &&
    typeof model === 'object' &&
    typeof model.kind === 'string' &&
    model.params !== null &&
    typeof model.params === 'object' &&
    typeof model.lossAndGradients === 'function' &&
    typeof model.evaluate === 'function';
  if (!ok) {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `Trainer: options.model must be a TrainableModel { kind, params, lossAndGradients, evaluate } (see modelFromLayers, modelFromVariables), got ${String(model)}`,
    );
  }
  const names = Object.keys(model.params);
  if (names.length === 0) throw new DescentError('INVALID_ARGUMENT', 'Trainer: options.model has no parameters');
  for (const name of names) {
    const p = model.params[name] as Partial<Tensor> | undefined;
    if (p === null || typeof p !== 'object' || typeof p.backend?.read !== 'function' || !Array.isArray(p.shape)) {
      throw new DescentError('INVALID_ARGUMENT', `Trainer: options.model.params['${name}'] must be a descent tensor (e.g. tfjs.wrapVariable(variable) or cpu.fromArray(values)), got ${String(p)}`);
    }
  }
}
