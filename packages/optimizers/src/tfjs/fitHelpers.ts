import * as tf from '@tensorflow/tfjs';
import { tfjs } from '@descent/core/tfjs';
import { createOptimizer } from '../index';

/** Test-only: a small tf.sequential model, data, and descent's own step() loop over the same batches. */

export const N = 40;
export const BATCH = 8;

/** A deterministic regression set: y = sin(x0) + x1 x2 - 0.5 x2, inputs in [-1, 1]. */
export function dataset(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < N; i++) {
    const a = Math.sin(1.3 * i) * 0.9;
    const b = Math.cos(0.7 * i + 0.2) * 0.8;
    const c = ((i * 37) % 17) / 8.5 - 1;
    xs.push(a, b, c);
    ys.push(Math.sin(a) + b * c - 0.5 * c);
  }
  return { x: tf.tensor2d(xs, [N, 3]), y: tf.tensor2d(ys, [N, 1]) };
}

/** Mean squared error per sample, the same ops in `model.fit` and in the reference loop. */
export const mse = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.mean(tf.square(tf.sub(yPred, yTrue)), -1);

/** A 3-8-1 MLP; with `weights`, those initial values (so two runs start equal). */
export function makeModel(weights?: readonly tf.Tensor[]): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
    ],
  });
  if (weights !== undefined) model.setWeights([...weights]);
  return model;
}

/** The model's trainable tf.Variables, in the order model.fit hands them to the optimizer. */
export function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

export function readWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

/**
 * descent's own loop: `createOptimizer(name, variables, options)` and one `step()` per batch
 * (the batches `fit` makes with `shuffle: false`), gradients of the same loss from tf.variableGrads.
 */
export function referenceRun(
  name: string,
  options: Record<string, unknown>,
  initial: readonly tf.Tensor[],
  epochs: number,
  data: { x: tf.Tensor2D; y: tf.Tensor2D },
): Float32Array[] {
  const model = makeModel(initial);
  const variables = variablesOf(model);
  const optimizer = createOptimizer(
    name,
    variables.map((v) => ({ name: v.name, tensor: tfjs.wrapVariable(v) })),
    options,
  );
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < N; start += BATCH) {
      tf.tidy(() => {
        const size = Math.min(BATCH, N - start);
        const xb = data.x.slice([start, 0], [size, 3]);
        const yb = data.y.slice([start, 0], [size, 1]);
        const { grads } = tf.variableGrads(() => tf.mean(mse(yb, model.apply(xb, { training: true }) as tf.Tensor)) as tf.Scalar, variables);
        optimizer.step(Object.fromEntries(variables.map((v) => [v.name, tfjs.wrapTensor(grads[v.name]!)])));
      });
    }
  }
  const out = readWeights(model);
  optimizer.dispose();
  model.dispose();
  return out;
}

export async function fitRun(
  optimizer: tf.Optimizer,
  initial: readonly tf.Tensor[],
  epochs: number,
  data: { x: tf.Tensor2D; y: tf.Tensor2D },
  onEpochEnd?: () => void,
  loss: string | typeof mse = mse,
): Promise<{ weights: Float32Array[]; model: tf.Sequential }> {
  const model = makeModel(initial);
  model.compile({ optimizer, loss });
  await model.fit(data.x, data.y, { epochs, batchSize: BATCH, shuffle: false, verbose: 0, callbacks: onEpochEnd === undefined ? undefined : { onEpochEnd } });
  return { weights: readWeights(model), model };
}

export function expectSameWeights(actual: Float32Array[], expected: Float32Array[]): void {
  if (actual.length !== expected.length) throw new Error(`${actual.length} weights, expected ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    for (let j = 0; j < e.length; j++) {
      if (!Object.is(a[j], e[j])) throw new Error(`weight ${i} element ${j}: ${a[j]} !== ${e[j]}`);
    }
  });
}
