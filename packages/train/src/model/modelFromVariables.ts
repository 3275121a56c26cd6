import type * as tf from '@tensorflow/tfjs-core';
import { DescentError } from '@descent/core';
import { countCorrect, tfjsClassifier } from './tfjsClassifier';
import type { TrainableModel } from './TrainableModel';

/** Options of {@link modelFromVariables}. */
export interface VariablesModelOptions {
  /** The parameters by name (the names the optimizer's groups, its state and checkpoints use). */
  variables: Readonly<Record<string, tf.Variable>>;
  /**
   * Mean loss of a batch: `x` is `[n, features]` (or `[n, ...itemShape]`), `labels` int32
   * `[n]`. Built from the variables with tfjs ops; it must return a scalar.
   */
  loss: (x: tf.Tensor, labels: tf.Tensor1D) => tf.Scalar;
  /** Scores `[n, classes]` whose largest entry is the predicted class; enables the accuracy. Default: none (loss only). */
  predict?: (x: tf.Tensor) => tf.Tensor;
  /** The shape of one item, e.g. `[28, 28, 1]`. Default `[features]` (flat). */
  itemShape?: readonly number[];
  /** Classes predicted (the run's `classes` defaults to it). Default: none. */
  classes?: number;
  /** Shown in messages and stored in checkpoints. Default `'tf.Variables'`. */
  kind?: string;
}

/**
 * A {@link TrainableModel} from a loss over named `tf.Variable`s, for {@link trainModel} or
 * a {@link Trainer}: gradients by `tf.variableGrads`, the variables updated in place by
 * the optimizer. The variables stay the caller's (nothing here disposes them).
 *
 * Options (defaults): `variables` and `loss` (required), `predict` (none: no accuracy),
 * `itemShape` (flat), `classes` (none), `kind` ('tf.Variables').
 *
 * @example
 * // Logistic regression on a 2D set.
 * const w = tf.variable(tf.zeros([2, 2]));
 * const b = tf.variable(tf.zeros([2]));
 * const logits = (x) => tf.add(tf.matMul(x, w), b);
 * const model = modelFromVariables({
 *   variables: { w, b },
 *   loss: (x, labels) => softmaxCrossEntropy(logits(x), labels),
 *   predict: logits,
 * });
 * await trainModel(model, { train }, { optimizer: 'adam', optimizerOptions: { lr: 0.1 }, epochs: 5 });
 * @throws DescentError `INVALID_ARGUMENT` when a variable is not a float32 `tf.Variable`, one is given twice, or `loss` is not a function
 */
export function modelFromVariables(options: VariablesModelOptions): TrainableModel {
  const op = 'modelFromVariables';
  if (options === null || typeof options !== 'object' || options.variables === null || typeof options.variables !== 'object') {
    throw new DescentError('INVALID_ARGUMENT', `${op}: expected { variables: { name: tf.Variable }, loss: (x, labels) => tf.Scalar }, got ${String(options)}`);
  }
  const { loss, predict } = options;
  if (typeof loss !== 'function') throw new DescentError('INVALID_ARGUMENT', `${op}: loss must be a function (x, labels) => tf.Scalar, got ${String(loss)}`);
  if (predict !== undefined && typeof predict !== 'function') {
    throw new DescentError('INVALID_ARGUMENT', `${op}: predict must be a function x => scores [n, classes], got ${String(predict)}`);
  }
  return tfjsClassifier({
    op,
    kind: options.kind ?? 'tf.Variables',
    variables: options.variables,
    ...(options.itemShape === undefined ? {} : { itemShape: options.itemShape }),
    ...(options.classes === undefined ? {} : { outputSize: options.classes }),
    trainLoss: loss,
    evalBatch: (x, labels) => ({ loss: loss(x, labels), correct: predict === undefined ? null : countCorrect(op, predict(x), labels) }),
  });
}
