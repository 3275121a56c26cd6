import type { LayersModel } from '@tensorflow/tfjs';
import type * as tf from '@tensorflow/tfjs-core';
import { DescentError } from '@descent/core';
import { softmaxCrossEntropy, sparseCategoricalCrossentropy } from './loss';
import { checkScalarLoss, countCorrect, tfjsClassifier } from './tfjsClassifier';
import type { TrainableModel } from './TrainableModel';

/**
 * How a layers model's outputs become a loss: `'softmaxCrossEntropy'` (the outputs are
 * logits; torch's `CrossEntropyLoss`), `'sparseCategoricalCrossentropy'` (the outputs are
 * probabilities from a softmax layer; tfjs-layers' numerics), `'auto'` (the second when the
 * last layer's activation is softmax, else the first), or a function of the int32 labels
 * `[n]` and the outputs giving the batch mean.
 */
export type LayersLoss = 'auto' | 'softmaxCrossEntropy' | 'sparseCategoricalCrossentropy' | ((labels: tf.Tensor1D, outputs: tf.Tensor) => tf.Scalar);

/** Options of {@link modelFromLayers}. */
export interface LayersModelOptions {
  /** Default `'auto'`. */
  loss?: LayersLoss;
}

/** The parts of a `tf.LayersModel` this module uses (so that any tfjs-layers copy fits). */
type LayersLike = Pick<LayersModel, 'trainableWeights' | 'apply' | 'predict' | 'inputs' | 'outputs' | 'layers' | 'name'>;

/** True for a `tf.LayersModel` (a `tf.sequential` or `tf.model`), by its shape. */
export function isLayersModel(value: unknown): value is LayersModel {
  const v = value as Partial<LayersLike> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.trainableWeights) && typeof v.apply === 'function' && typeof v.predict === 'function' && Array.isArray(v.layers);
}

function lastActivation(model: LayersLike): string | undefined {
  const last = model.layers[model.layers.length - 1];
  const activation = (last?.getConfig() as { activation?: unknown } | undefined)?.activation;
  return typeof activation === 'string' ? activation : undefined;
}

/**
 * A {@link TrainableModel} from a `tf.LayersModel` (`tf.sequential`, `tf.model`): its
 * trainable weights by their tfjs names without the uniqueness suffix
 * (`hidden/kernel`, `hidden/bias`: name the layers for checkpoints that resume into a
 * rebuilt model), gradients by `tf.variableGrads` through `model.apply(x, { training: true })`
 * (dropout on), evaluation through `model.predict`. Dense kernels are `[in, out]`. The
 * model stays the caller's; `model.compile` is not needed. One input, one output.
 *
 * Options (defaults): `loss` ('auto': sparse categorical cross-entropy after a softmax
 * layer, softmax cross-entropy of logits otherwise).
 *
 * @example
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', name: 'hidden' }),
 *   tf.layers.dense({ units: 2, name: 'out' }),
 * ] });
 * const trainable = modelFromLayers(model); // params 'hidden/kernel', 'hidden/bias', 'out/kernel', 'out/bias'
 * @throws DescentError `INVALID_ARGUMENT` for a model with several inputs or outputs, no trainable weights, or an unknown loss
 */
export function modelFromLayers(model: LayersModel, options: LayersModelOptions = {}): TrainableModel {
  const op = 'modelFromLayers';
  if (!isLayersModel(model)) throw new DescentError('INVALID_ARGUMENT', `${op}: expected a tf.LayersModel (tf.sequential or tf.model), got ${String(model)}`);
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new DescentError('INVALID_ARGUMENT', `${op}: the model must have one input and one output, got ${model.inputs.length} and ${model.outputs.length}`);
  }
  const inputShape = model.inputs[0]!.shape.slice(1);
  const outputShape = model.outputs[0]!.shape;
  if (inputShape.some((d) => d === null) || outputShape.length !== 2) {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `${op}: the input must have a fixed item shape and the output be [n, classes], got input [${model.inputs[0]!.shape.join(', ')}] and output [${outputShape.join(', ')}]`,
    );
  }
  const choice = options.loss ?? 'auto';
  const named = choice === 'auto' ? (lastActivation(model) === 'softmax' ? 'sparseCategoricalCrossentropy' : 'softmaxCrossEntropy') : choice;
  let lossOf: (labels: tf.Tensor1D, outputs: tf.Tensor) => tf.Scalar;
  if (named === 'softmaxCrossEntropy') lossOf = (labels, outputs) => softmaxCrossEntropy(outputs as tf.Tensor2D, labels);
  else if (named === 'sparseCategoricalCrossentropy') lossOf = (labels, outputs) => sparseCategoricalCrossentropy(outputs as tf.Tensor2D, labels);
  else if (typeof named === 'function') lossOf = (labels, outputs) => checkScalarLoss(op, named(labels, outputs));
  else {
    throw new DescentError('INVALID_ARGUMENT', `${op}: loss must be 'auto', 'softmaxCrossEntropy', 'sparseCategoricalCrossentropy' or a function, got ${JSON.stringify(named)}`);
  }
  const variables: Record<string, tf.Variable> = {};
  for (const weight of model.trainableWeights) {
    const name = weight.originalName;
    if (name in variables) throw new DescentError('INVALID_ARGUMENT', `${op}: two trainable weights are named '${name}'; give the layers distinct names`);
    variables[name] = weight.read() as tf.Variable;
  }
  const forward = (x: tf.Tensor, training: boolean): tf.Tensor => {
    const out = training ? model.apply(x, { training: true }) : model.predict(x);
    if (Array.isArray(out)) throw new DescentError('INVALID_ARGUMENT', `${op}: the model returned ${out.length} outputs, expected one`);
    return out as tf.Tensor;
  };
  return tfjsClassifier({
    op,
    kind: 'tf.LayersModel',
    variables,
    itemShape: inputShape as number[],
    ...(typeof outputShape[1] === 'number' ? { outputSize: outputShape[1] } : {}),
    trainLoss: (x, labels) => lossOf(labels, forward(x, true)),
    evalBatch: (x, labels) => {
      const outputs = forward(x, false);
      return { loss: lossOf(labels, outputs), correct: countCorrect(op, outputs, labels) };
    },
  });
}
