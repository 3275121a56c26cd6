import type { Tensor } from '@descent/core';
import type { DataSplit } from '../types';

/**
 * One batch as the {@link Trainer} hands it to a model. The arrays are views of buffers the
 * trainer reuses: they hold this batch until the next call.
 */
export interface ModelBatch {
  /** `size * features` values, one item after another. */
  images: Float32Array;
  /** One label per item, below the run's `classes`. */
  labels: Uint8Array;
  /** Items in the batch (the last batch of an epoch may be smaller). */
  size: number;
  /** Values per item. */
  features: number;
}

/** What {@link TrainableModel.lossAndGradients} returns for one batch. The trainer owns and disposes all of it. */
export interface LossAndGradients {
  /**
   * Mean loss of the batch, before the update: a number, or a scalar descent tensor still
   * on the device. Tensors are read back every `syncEvery` steps, all at once (one
   * transfer on tfjs), and then disposed.
   */
  loss: number | Tensor;
  /**
   * The loss's gradient by parameter name, descent tensors shaped like the parameters, on
   * their backend. The trainer hands them to `optimizer.step` and then disposes them (a
   * model that reuses memory hands out fresh handles, e.g. `cpu.wrap(buffer)`). A
   * parameter left out had no gradient in this step.
   */
  grads: Record<string, Tensor>;
}

/** Mean loss over a split and, for models that can predict a class, the fraction classified right. */
export interface Evaluation {
  loss: number;
  /** In [0, 1]; absent when the model has no prediction to compare with the labels. */
  accuracy?: number;
}

/**
 * A model the {@link Trainer} can train: parameters as named descent tensors, a loss and
 * its gradients over a batch, and an evaluation over a split. Nothing here is tied to
 * TensorFlow.js: a model on core's `cpu` backend plugs in the same way. Adapters:
 * {@link modelFromMlp} (the built-in MLP), {@link modelFromLayers} (a `tf.LayersModel`),
 * {@link modelFromVariables} (a loss over named `tf.Variable`s).
 *
 * The trainer steps `params` in place with any `@descent/optimizers` optimizer, reads and
 * writes them (`backend.read` / `backend.write`) for checkpoints and resume, and never
 * disposes a model it was given (the caller owns it).
 *
 * @example
 * // A mean-squared-error fit of y = w x on core's cpu backend, gradients by hand.
 * import { cpu } from '@descent/core';
 * const w = cpu.zeros([1], 'w');
 * const meanSquaredError = (images, labels, size) => {
 *   const [wv] = cpu.read(w);
 *   let loss = 0;
 *   let grad = 0;
 *   for (let i = 0; i < size; i++) {
 *     const r = wv * images[i] - labels[i];
 *     loss += (r * r) / size;
 *     grad += (2 * r * images[i]) / size;
 *   }
 *   return { loss, grad };
 * };
 * const model = {
 *   kind: 'least squares',
 *   params: { w },
 *   lossAndGradients: ({ images, labels, size }) => {
 *     const { loss, grad } = meanSquaredError(images, labels, size);
 *     return { loss, grads: { w: cpu.fromArray([grad], [1]) } };
 *   },
 *   evaluate: (split) => ({ loss: meanSquaredError(split.images, split.labels, split.count).loss }),
 * };
 */
export interface TrainableModel {
  /** What it is, for messages and checkpoints, e.g. `'mlp'`, `'tf.LayersModel'`. A checkpoint resumes only into the same kind. */
  readonly kind: string;
  /** The parameters by name, in a fixed order: what the optimizer steps, what checkpoints hold. */
  readonly params: Readonly<Record<string, Tensor>>;
  /** Values per item the model takes; when set, the data must agree. */
  readonly inputSize?: number;
  /** Number of classes it predicts; the run's `classes` defaults to it. */
  readonly outputSize?: number;
  /** Loss and gradients of one batch (see {@link LossAndGradients}); must not change the parameters. */
  lossAndGradients(batch: ModelBatch): LossAndGradients;
  /** Mean loss (and accuracy) over a split, `batchSize` items at a time. */
  evaluate(split: DataSplit, batchSize: number): Evaluation;
  /** Frees what the model allocated. The trainer calls it only for models it built itself. */
  dispose?(): void;
}
