import type * as tf from '@tensorflow/tfjs-core';
import { DescentError } from '@descent/core';
import type { TfjsTensor } from '@descent/core/tfjs';
import { loadedTfjs } from '../backend/loadTfjs';
import type { DataSplit } from '../types';
import { correctCount } from './loss';
import type { Evaluation, LossAndGradients, ModelBatch, TrainableModel } from './TrainableModel';

/** What {@link tfjsClassifier} builds a {@link TrainableModel} from. */
export interface TfjsClassifierSpec {
  /** The public function building it, for error messages. */
  op: string;
  kind: string;
  /** The trainable variables by the names the optimizer and checkpoints use. */
  variables: Readonly<Record<string, tf.Variable>>;
  /** The shape of one item (the batch is reshaped to `[n, ...itemShape]`). Default `[features]`. */
  itemShape?: readonly number[];
  outputSize?: number;
  /** Mean loss of a batch in training mode (differentiated with `tf.variableGrads`). */
  trainLoss(x: tf.Tensor, labels: tf.Tensor1D): tf.Scalar;
  /** Mean loss of a batch in inference mode, and the number of items classified right (null: no predictions). */
  evalBatch(x: tf.Tensor, labels: tf.Tensor1D): { loss: tf.Scalar; correct: tf.Scalar | null };
}

/** `x` `[n, ...itemShape]` and int32 labels `[n]` for a batch of `n` items of `features` values. */
export function batchTensors(op: string, images: Float32Array, labels: Uint8Array, n: number, features: number, itemShape?: readonly number[]): { x: tf.Tensor; y: tf.Tensor1D } {
  const { tf } = loadedTfjs(op);
  const shape = itemShape ?? [features];
  if (shape.reduce((a, b) => a * b, 1) !== features) {
    throw new DescentError('SHAPE_MISMATCH', `${op}: the model takes items of shape [${shape.join(', ')}], but the data has ${features} values per item`);
  }
  const x = tf.tensor(images.subarray(0, n * features), [n, ...shape], 'float32');
  const y = tf.tensor1d(Int32Array.from(labels.subarray(0, n)), 'int32');
  return { x, y };
}

/** Checks that `value` is a scalar tfjs tensor (what a loss must return). */
export function checkScalarLoss(op: string, value: unknown): tf.Scalar {
  const { tf } = loadedTfjs(op);
  if (!(value instanceof tf.Tensor) || value.rank !== 0) {
    const got = value instanceof tf.Tensor ? `a tensor of shape [${value.shape.join(', ')}]` : String(value);
    throw new DescentError('INVALID_ARGUMENT', `${op}: the loss must return a scalar tf.Tensor (the batch mean), got ${got}`);
  }
  return value as tf.Scalar;
}

/**
 * The {@link TrainableModel} of a classifier on named `tf.Variable`s: gradients by
 * `tf.variableGrads`, parameters as `tfjs.wrapVariable`s (the optimizer assigns to the
 * variables in place), evaluation summed on the device and read back once.
 */
export function tfjsClassifier(spec: TfjsClassifierSpec): TrainableModel {
  const { op, variables } = spec;
  const { tf, adapter } = loadedTfjs(op);
  const tfjs = adapter.tfjs;
  const names = Object.keys(variables);
  if (names.length === 0) throw new DescentError('INVALID_ARGUMENT', `${op}: the model has no trainable variables`);
  const params: Record<string, TfjsTensor> = {};
  const byTfName = new Map<string, string>();
  const list: tf.Variable[] = [];
  for (const name of names) {
    const variable = variables[name]!;
    if (!(variable instanceof tf.Variable)) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: '${name}' must be a tf.Variable (tf.variable(initialValue)), got ${String(variable)}`);
    }
    if (variable.dtype !== 'float32') throw new DescentError('INVALID_ARGUMENT', `${op}: '${name}' must be float32, got ${variable.dtype}`);
    if (byTfName.has(variable.name)) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: '${name}' and '${byTfName.get(variable.name)}' are the same tf.Variable`);
    }
    byTfName.set(variable.name, name);
    list.push(variable);
    params[name] = tfjs.wrapVariable(variable, name);
  }
  const itemShape = spec.itemShape;

  const lossAndGradients = (batch: ModelBatch): LossAndGradients => {
    const { value, grads } = tf.tidy(() => {
      const { x, y } = batchTensors(op, batch.images, batch.labels, batch.size, batch.features, itemShape);
      return tf.variableGrads(() => checkScalarLoss(op, spec.trainLoss(x, y)), list) as unknown as tf.TensorContainerObject;
    }) as unknown as { value: tf.Scalar; grads: tf.NamedTensorMap };
    const named: Record<string, TfjsTensor> = {};
    for (const [tfName, g] of Object.entries(grads)) {
      const name = byTfName.get(tfName)!;
      named[name] = tfjs.wrapTensor(g, name);
    }
    return { loss: tfjs.wrapTensor(value), grads: named };
  };

  const evaluate = (split: DataSplit, batchSize: number): Evaluation => {
    const features = split.images.length / split.count;
    let sums: tf.Tensor1D = tf.zeros([2]);
    let predicts = true;
    for (let start = 0; start < split.count; start += batchSize) {
      const n = Math.min(batchSize, split.count - start);
      const next = tf.tidy(() => {
        const { x, y } = batchTensors(op, split.images.subarray(start * features), split.labels.subarray(start), n, features, itemShape);
        const { loss, correct } = spec.evalBatch(x, y);
        predicts = correct !== null;
        return tf.add(sums, tf.stack([tf.mul(checkScalarLoss(op, loss), n), correct ?? tf.scalar(0)])) as tf.Tensor1D;
      });
      sums.dispose();
      sums = next;
    }
    const [lossSum, right] = sums.dataSync();
    sums.dispose();
    return { loss: lossSum! / split.count, ...(predicts ? { accuracy: right! / split.count } : {}) };
  };

  return {
    kind: spec.kind,
    params,
    ...(itemShape === undefined ? {} : { inputSize: itemShape.reduce((a, b) => a * b, 1) }),
    ...(spec.outputSize === undefined ? {} : { outputSize: spec.outputSize }),
    lossAndGradients,
    evaluate,
    // The variables belong to the caller: only the handles are released.
    dispose: () => {
      for (const p of Object.values(params)) tfjs.dispose(p);
    },
  };
}

/** The number of rows of `outputs` `[n, classes]` whose largest entry is at the label. */
export function countCorrect(op: string, outputs: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  if (outputs.rank !== 2 || outputs.shape[0] !== labels.shape[0]) {
    throw new DescentError('SHAPE_MISMATCH', `${op}: predictions must be [${labels.shape[0]}, classes], got [${outputs.shape.join(', ')}]`);
  }
  return correctCount(outputs as tf.Tensor2D, labels);
}
