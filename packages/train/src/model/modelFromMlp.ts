import type * as tf from '@tensorflow/tfjs-core';
import type { TfjsTensor } from '@descent/core/tfjs';
import { loadedTfjs } from '../backend/loadTfjs';
import type { DataSplit } from '../types';
import type { LossAndGrads, Mlp } from './createMlp';
import type { Evaluation, LossAndGradients, ModelBatch, TrainableModel } from './TrainableModel';

/**
 * The {@link TrainableModel} of an MLP from {@link createMlp}: its variables as
 * `tfjs.wrapVariable`s named `fc1.weight`, `fc1.bias`, ...; gradients by its hand-written
 * backward pass. Disposing it disposes the MLP.
 *
 * @example
 * const model = modelFromMlp(createMlp({ sizes: [2, 16, 2], seed: 1 }));
 * await trainModel(model, { train }, { optimizer: 'sgd', optimizerOptions: { lr: 0.1 } });
 * model.dispose?.();
 */
export function modelFromMlp(mlp: Mlp): TrainableModel {
  const { tf, adapter } = loadedTfjs('modelFromMlp');
  const tfjs = adapter.tfjs;
  const params: Record<string, TfjsTensor> = {};
  for (const name of mlp.names) params[name] = tfjs.wrapVariable(mlp.variables[name]!, name);
  const labelBuffer = { data: new Int32Array(0) };
  const lossAndGradients = (batch: ModelBatch): LossAndGradients => {
    const n = batch.size;
    if (labelBuffer.data.length < n) labelBuffer.data = new Int32Array(n);
    const labels = labelBuffer.data.subarray(0, n);
    for (let i = 0; i < n; i++) labels[i] = batch.labels[i]!;
    const { loss, grads } = tf.tidy(() => {
      const x = tf.tensor2d(batch.images.subarray(0, n * batch.features), [n, batch.features], 'float32');
      const y = tf.tensor1d(labels, 'int32');
      return mlp.lossAndGrads(x, y) as unknown as tf.TensorContainerObject;
    }) as unknown as LossAndGrads;
    const wrapped: Record<string, TfjsTensor> = {};
    for (const name of mlp.names) wrapped[name] = tfjs.wrapTensor(grads[name]!, name);
    return { loss: tfjs.wrapTensor(loss), grads: wrapped };
  };
  const evaluate = (split: DataSplit, batchSize: number): Evaluation => mlp.evaluate(split.images, split.labels, split.count, batchSize);
  return {
    kind: 'mlp',
    params,
    inputSize: mlp.sizes[0]!,
    outputSize: mlp.sizes[mlp.sizes.length - 1]!,
    lossAndGradients,
    evaluate,
    dispose: () => {
      for (const p of Object.values(params)) tfjs.dispose(p);
      mlp.dispose();
    },
  };
}
