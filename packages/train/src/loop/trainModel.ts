import type { LayersModel } from '@tensorflow/tfjs';
import { DescentError } from '@descent/core';
import { loadTfjs } from '../backend/loadTfjs';
import { isLayersModel, modelFromLayers } from '../model/modelFromLayers';
import type { LayersLoss } from '../model/modelFromLayers';
import { modelFromVariables } from '../model/modelFromVariables';
import type { VariablesModelOptions } from '../model/modelFromVariables';
import type { TrainableModel } from '../model/TrainableModel';
import type { Checkpoint, TrainConfig, TrainData, TrainHooks, TrainResult } from '../types';
import { Trainer } from './Trainer';

/** What {@link trainModel} trains: a `tf.LayersModel`, a loss over named `tf.Variable`s, or any {@link TrainableModel}. */
export type ModelInput = LayersModel | VariablesModelOptions | TrainableModel;

/**
 * Options of {@link trainModel}: the run's config (every {@link TrainConfig} field but
 * `hidden`: optimizer, optimizerOptions, schedule, scheduleUnit, epochs, batchSize, seed,
 * classes, evalBatchSize, syncEvery, dataset), the hooks (onStep, onEpoch, onDiverged,
 * signal), `resume` and, for a `tf.LayersModel`, `loss`.
 */
export type TrainModelOptions = Omit<TrainConfig, 'hidden'> &
  TrainHooks & {
    /** Continue from this checkpoint of the same model (same parameter names and shapes, same config but `epochs`, `syncEvery`, `evalBatchSize`). */
    resume?: Checkpoint;
    /** For a `tf.LayersModel`: how its outputs become the loss (see {@link LayersLoss}). Default `'auto'`. */
    loss?: LayersLoss;
  };

const HOOKS = ['onStep', 'onEpoch', 'onDiverged', 'signal'] as const;

function isTrainable(value: unknown): value is TrainableModel {
  return typeof value === 'object' && value !== null && typeof (value as TrainableModel).lossAndGradients === 'function';
}

/**
 * Trains your own model with everything the built-in MLP gets: any optimizer of
 * `@descent/optimizers` and schedule of `@descent/schedulers`, `onStep` / `onEpoch` /
 * `onDiverged`, an `AbortSignal`, divergence handling, and a checkpoint to resume from
 * exactly. The model is a `tf.LayersModel` (`tf.sequential`, `tf.model`; no `compile`
 * needed), `{ variables, loss, predict? }` (a loss over named `tf.Variable`s, see
 * {@link modelFromVariables}), or any {@link TrainableModel}. Its weights are updated in
 * place and stay yours. The backend must be initialised first ({@link initBackend}).
 *
 * Options (defaults as in {@link TrainConfig}): `optimizer` ('sgd'), `optimizerOptions` ({}),
 * `schedule` (none), `scheduleUnit` ('epoch'), `epochs` (1), `batchSize` (64), `seed` (0:
 * the shuffle), `classes` (the model's outputs), `evalBatchSize` (1000), `syncEvery` (16),
 * `dataset` (''), the hooks, `resume`, `loss` ('auto').
 *
 * @example
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', name: 'hidden' }),
 *   tf.layers.dense({ units: 2, name: 'out' }),
 * ] });
 * const set = moons({ n: 512, seed: 1 });
 * const result = await trainModel(model, { train: { images: set.x, labels: set.y, count: set.n } }, {
 *   optimizer: 'adamw', optimizerOptions: { lr: 0.01 }, epochs: 20, batchSize: 32,
 *   onEpoch: (m) => console.log(m.epoch, m.trainLoss),
 * });
 * // later, from result.checkpoint: trainModel(model, data, { ...sameOptions, epochs: 40, resume: result.checkpoint })
 * @throws DescentError `INVALID_ARGUMENT` for something that is not a model, and every error of {@link Trainer}
 */
export async function trainModel(model: ModelInput, data: TrainData, options: TrainModelOptions = {}): Promise<TrainResult> {
  const { resume, loss, ...rest } = options ?? {};
  const hooks: TrainHooks = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if ((HOOKS as readonly string[]).includes(key)) (hooks as Record<string, unknown>)[key] = value;
    else config[key] = value;
  }
  if ('hidden' in config) {
    throw new DescentError('INVALID_ARGUMENT', 'trainModel: hidden sets the built-in MLP (use train for it); your model has its own layers', { details: { field: 'hidden' } });
  }
  let trainable: TrainableModel;
  let adapted = true;
  // A tf.LayersModel or tf.Variables: the adapters below run on tfjs, loaded here if initBackend has not.
  if (!isTrainable(model)) await loadTfjs();
  if (isLayersModel(model)) {
    trainable = modelFromLayers(model, loss === undefined ? {} : { loss });
  } else {
    if (loss !== undefined) throw new DescentError('INVALID_ARGUMENT', 'trainModel: options.loss applies to a tf.LayersModel; give a loss over variables as { variables, loss }');
    if (isTrainable(model)) {
      trainable = model;
      adapted = false;
    } else if (typeof model === 'object' && model !== null && 'variables' in model) {
      trainable = modelFromVariables(model);
    } else {
      throw new DescentError(
        'INVALID_ARGUMENT',
        `trainModel: model must be a tf.LayersModel, { variables: { name: tf.Variable }, loss: (x, labels) => tf.Scalar } or a TrainableModel, got ${String(model)}`,
      );
    }
  }
  try {
    const trainer = new Trainer(config as TrainConfig, data, { model: trainable, ...(resume === undefined ? {} : { resume }) });
    try {
      return await trainer.run(hooks);
    } finally {
      trainer.dispose();
    }
  } finally {
    // Only the handles made here: the model's variables stay the caller's.
    if (adapted) trainable.dispose?.();
  }
}
