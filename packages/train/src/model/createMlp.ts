import type * as tf from '@tensorflow/tfjs-core';
import { DescentError, Rng } from '@descent/core';
import { loadedTfjs } from '../backend/loadTfjs';
import { correctCount, softmaxCrossEntropy } from './loss';
import { mlpLoss } from './mlpGradients';

/** Options of {@link createMlp}. */
export interface MlpOptions {
  /** Layer widths, input first, classes last, e.g. `[784, 200, 10]`. At least two entries. */
  sizes: readonly number[];
  /** Seed of the initialisation. Default 0. Ignored when `rng` is given. */
  seed?: number;
  /** Draw the initial weights from this generator (it advances). Default `new Rng(seed)`. */
  rng?: Rng;
}

/** What {@link Mlp.lossAndGrads} returns: tensors the caller owns and must dispose. */
export interface LossAndGrads {
  loss: tf.Scalar;
  /** Gradient of the mean loss by parameter name (`fc1.weight`, ...), shaped like the parameter. */
  grads: Record<string, tf.Tensor>;
}

/** A multilayer perceptron with ReLU between layers, on explicit `tf.Variable`s. */
export interface Mlp {
  /** Layer widths, input first. */
  readonly sizes: readonly number[];
  /** Parameter names in order: `fc1.weight`, `fc1.bias`, `fc2.weight`, ... */
  readonly names: readonly string[];
  /**
   * The parameters by name. `fcK.weight` is `[in, out]` (so `y = x W + b`: the transpose of
   * torch's `[out, in]`, because tfjs-wasm multiplies by a transposed matrix about 3x slower),
   * `fcK.bias` is `[out]`. Their tfjs names carry a unique suffix (tfjs names are global).
   */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  /** Logits `[n, classes]` for inputs `[n, sizes[0]]`. */
  predict(x: tf.Tensor2D): tf.Tensor2D;
  /** Mean cross-entropy of the batch (torch's `CrossEntropyLoss`); `labels` int32 `[n]`. */
  loss(x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar;
  /**
   * The loss and its gradient with respect to every parameter, by `tf.variableGrads` over
   * `mlpLoss` (a hand-written backward pass; nothing else stays allocated).
   */
  lossAndGrads(x: tf.Tensor2D, labels: tf.Tensor1D): LossAndGrads;
  /**
   * Mean loss and accuracy over a whole split, `batchSize` items per forward pass
   * (default 1000), summed on the device and read back once.
   */
  evaluate(images: Float32Array, labels: Uint8Array, count: number, batchSize?: number): { loss: number; accuracy: number };
  /** A copy of the weights by name. */
  getWeights(): Record<string, Float32Array>;
  /** Overwrites weights by name; every name must be known and every size must match. Checks all before writing any. */
  setWeights(weights: Readonly<Record<string, ArrayLike<number>>>): void;
  /** Frees the variables. */
  dispose(): void;
}

let uid = 0;

/**
 * A multilayer perceptron `sizes[0] -> sizes[1] -> ... -> classes` with ReLU after every
 * hidden layer, initialised exactly as PyTorch's `nn.Linear`: weights by
 * `kaiming_uniform_(a=sqrt(5))`, which is U(-1/sqrt(fanIn), 1/sqrt(fanIn)), and biases
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (torch/nn/modules/linear.py, `reset_parameters`), drawn
 * from core's seeded {@link Rng} (weight of layer 1, its bias, weight of layer 2, ...).
 *
 * Options (defaults): `sizes` (required), `seed` (0), `rng` (`new Rng(seed)`).
 * TensorFlow.js must be loaded: a tfjs backend chosen by {@link initBackend} first.
 *
 * @example
 * await initBackend('cpu');
 * const model = createMlp({ sizes: [784, 200, 10], seed: 1 });
 * const { loss, grads } = model.lossAndGrads(x, labels);
 * @throws DescentError `INVALID_ARGUMENT` when `sizes` is not a list of at least two positive integers, `INVALID_STATE` before tfjs is loaded
 */
export function createMlp(options: MlpOptions): Mlp {
  const sizes = options?.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new DescentError('INVALID_ARGUMENT', `createMlp: sizes must be a list of at least two positive integers, got ${JSON.stringify(sizes)}`);
  }
  const { tf } = loadedTfjs('createMlp');
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const id = ++uid;
  const names: string[] = [];
  const variables: Record<string, tf.Variable> = {};
  const ordered: tf.Variable[] = [];
  for (let layer = 1; layer < sizes.length; layer++) {
    const fanIn = sizes[layer - 1]!;
    const fanOut = sizes[layer]!;
    const bound = 1 / Math.sqrt(fanIn);
    for (const [suffix, shape] of [['weight', [fanIn, fanOut]], ['bias', [fanOut]]] as const) {
      const name = `fc${layer}.${suffix}`;
      const values = rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -bound, bound);
      const initial = tf.tensor(values, [...shape], 'float32');
      const variable = tf.variable(initial, true, `${name}#${id}`);
      initial.dispose();
      names.push(name);
      variables[name] = variable;
      ordered.push(variable);
    }
  }
  const layers = sizes.length - 1;
  const byTfName = new Map(names.map((n) => [variables[n]!.name, n]));

  const predict = (x: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let layer = 0; layer < layers; layer++) {
        const w = ordered[2 * layer]!;
        const b = ordered[2 * layer + 1]!;
        h = tf.add(tf.matMul(h, w as tf.Tensor2D), b) as tf.Tensor2D;
        if (layer < layers - 1) h = tf.relu(h);
      }
      return h;
    });

  const loss = (x: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar => tf.tidy(() => softmaxCrossEntropy(predict(x), labels));

  const lossAndGrads = (x: tf.Tensor2D, labels: tf.Tensor1D): LossAndGrads =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => mlpLoss(x, labels, ordered), ordered);
      const named: Record<string, tf.Tensor> = {};
      for (const [tfName, g] of Object.entries(grads)) named[byTfName.get(tfName)!] = g;
      return { loss: value, grads: named } as unknown as tf.TensorContainerObject;
    }) as unknown as LossAndGrads;

  const evaluate = (images: Float32Array, labels: Uint8Array, count: number, batchSize = 1000): { loss: number; accuracy: number } => {
    const features = sizes[0]!;
    if (!Number.isInteger(count) || count < 1 || images.length < count * features || labels.length < count) {
      throw new DescentError(
        'SHAPE_MISMATCH',
        `Mlp.evaluate: expected ${count} items of ${features} features and ${count} labels, got ${images.length} values and ${labels.length} labels`,
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DescentError('INVALID_ARGUMENT', `Mlp.evaluate: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    let sums = tf.zeros([2]);
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start);
      const next = tf.tidy(() => {
        const x = tf.tensor2d(images.subarray(start * features, (start + n) * features), [n, features], 'float32');
        const y = tf.tensor1d(Int32Array.from(labels.subarray(start, start + n)), 'int32');
        const logits = predict(x);
        return tf.add(sums, tf.stack([tf.mul(softmaxCrossEntropy(logits, y), n), correctCount(logits, y)]));
      });
      sums.dispose();
      sums = next;
    }
    const [lossSum, correct] = sums.dataSync();
    sums.dispose();
    return { loss: lossSum! / count, accuracy: correct! / count };
  };

  const getWeights = (): Record<string, Float32Array> => {
    const out: Record<string, Float32Array> = {};
    for (const name of names) out[name] = Float32Array.from(variables[name]!.dataSync());
    return out;
  };

  const setWeights = (weights: Readonly<Record<string, ArrayLike<number>>>): void => {
    for (const [name, values] of Object.entries(weights)) {
      const variable = variables[name];
      if (variable === undefined) {
        throw new DescentError('INVALID_ARGUMENT', `Mlp.setWeights: unknown parameter '${name}', expected one of ${names.join(', ')}`);
      }
      if (values?.length !== variable.size) {
        throw new DescentError(
          'SHAPE_MISMATCH',
          `Mlp.setWeights: '${name}' of shape [${variable.shape.join(', ')}] needs ${variable.size} values, got ${String(values?.length)}`,
        );
      }
    }
    for (const [name, values] of Object.entries(weights)) {
      const variable = variables[name]!;
      tf.tidy(() => variable.assign(tf.tensor(Float32Array.from(values), variable.shape, 'float32')));
    }
  };

  const dispose = (): void => {
    for (const v of ordered) v.dispose();
  };

  return Object.freeze({ sizes: Object.freeze([...sizes]), names: Object.freeze(names), variables: Object.freeze(variables), predict, loss, lossAndGrads, evaluate, getWeights, setWeights, dispose });
}
