import type * as tf from '@tensorflow/tfjs-core';
import { loadedTfjs } from '../backend/loadTfjs';

/**
 * The mean softmax cross-entropy of an MLP as one differentiable tfjs op, with a
 * hand-written backward pass registered through `tf.customGrad`, so `tf.variableGrads`
 * runs it. Why: tfjs' own MatMul gradient multiplies by a transposed left operand, which
 * tfjs-wasm runs about 9x slower than transposing first and multiplying plainly; and it
 * would also compute the gradient of the input, which nobody needs.
 *
 * Backward pass (n rows, L layers, `a_0 = x`, `z_l = a_{l-1} W_l + b_l`, `a_l = relu(z_l)`):
 * `dz_L = (softmax(z_L) - onehot(y)) / n`; `dW_l = a_{l-1}^T dz_l`; `db_l = sum_rows dz_l`;
 * `dz_{l-1} = (dz_l W_l^T) * [a_{l-1} > 0]` (torch's ReLU derivative: 0 at 0).
 * Checked against tfjs' autodiff and finite differences in `createMlp.test.ts`.
 *
 * @param x inputs `[n, in]` (not differentiated)
 * @param labels int32 `[n]` (not differentiated)
 * @param params `W_1, b_1, W_2, b_2, ...` with `W_l` of shape `[in, out]`
 */
export function mlpLoss(x: tf.Tensor2D, labels: tf.Tensor1D, params: readonly tf.Tensor[]): tf.Scalar {
  const { tf } = loadedTfjs('mlpLoss');
  const layers = params.length / 2;
  const op = tf.customGrad((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const p = args.slice(0, -1) as tf.Tensor[];
    const n = x.shape[0];
    const activations: tf.Tensor2D[] = [];
    let a: tf.Tensor2D = x;
    for (let l = 0; l < layers; l++) {
      const z = tf.add(tf.matMul(a, p[2 * l] as tf.Tensor2D), p[2 * l + 1]!) as tf.Tensor2D;
      a = l < layers - 1 ? tf.relu(z) : z;
      if (l < layers - 1) activations.push(a);
    }
    const logits = a;
    const onehot = tf.oneHot(labels, logits.shape[1]);
    const logProbabilities = tf.logSoftmax(logits);
    const value = tf.div(tf.neg(tf.sum(tf.mul(onehot, logProbabilities))), n) as tf.Scalar;
    save([...activations, onehot, logProbabilities]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const acts = saved.slice(0, layers - 1) as tf.Tensor2D[];
      const hot = saved[layers - 1]!;
      const logp = saved[layers]!;
      const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * layers);
      let dz = tf.mul(tf.sub(tf.exp(logp), hot), tf.div(dy, n)) as tf.Tensor2D;
      for (let l = layers - 1; l >= 0; l--) {
        const input = l === 0 ? x : acts[l - 1]!;
        grads[2 * l] = tf.matMul(tf.transpose(input), dz);
        grads[2 * l + 1] = tf.sum(dz, 0);
        if (l > 0) {
          const da = tf.matMul(dz, tf.transpose(p[2 * l] as tf.Tensor2D));
          dz = tf.mul(da, tf.step(input)) as tf.Tensor2D;
        }
      }
      return grads;
    };
    return { value, gradFunc };
  });
  return op(...params) as tf.Scalar;
}
