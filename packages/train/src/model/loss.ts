import type * as tf from '@tensorflow/tfjs-core';
import { loadedTfjs } from '../backend/loadTfjs';

/**
 * Mean softmax cross-entropy of `logits` ([n, classes]) against integer `labels` ([n],
 * int32): torch's `CrossEntropyLoss()` (reduction `mean`), computed through `logSoftmax`
 * so large logits do not overflow.
 *
 * @example
 * const loss = softmaxCrossEntropy(model.predict(x), tf.tensor1d([3, 1], 'int32'));
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const { tf } = loadedTfjs('softmaxCrossEntropy');
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const picked = tf.mul(tf.oneHot(labels, classes), tf.logSoftmax(logits));
    return tf.div(tf.neg(tf.sum(picked)), logits.shape[0]) as tf.Scalar;
  });
}

/**
 * Number of rows of `logits` whose largest entry is at the label (ties go to the first
 * index, as torch's `argmax`), as a scalar float32 tensor; divide by `n` for the accuracy.
 *
 * @example
 * const correct = correctCount(logits, labels).dataSync()[0];
 */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const { tf } = loadedTfjs('correctCount');
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar);
}

/**
 * Fraction of rows classified right, in [0, 1], as a scalar tensor.
 *
 * @example
 * accuracy(logits, labels).dataSync()[0]; // 0.97
 */
export function accuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const { tf } = loadedTfjs('accuracy');
  return tf.tidy(() => tf.div(correctCount(logits, labels), logits.shape[0]) as tf.Scalar);
}

/** Keras' epsilon, which tfjs-layers clips probabilities with. */
const KERAS_EPSILON = 1e-7;

/**
 * Mean cross-entropy of class probabilities (the output of a softmax layer, `[n, classes]`)
 * against integer `labels` (`[n]`, int32), with tfjs-layers' numerics for the
 * `'sparseCategoricalCrossentropy'` loss of `model.compile`: probabilities clipped to
 * [1e-7, 1 - 1e-7], rescaled to sum to 1 per row, clipped again, then `-log p[label]`
 * averaged over the rows.
 *
 * @example
 * const loss = sparseCategoricalCrossentropy(model.predict(x), tf.tensor1d([3, 1], 'int32'));
 */
export function sparseCategoricalCrossentropy(probabilities: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const { tf } = loadedTfjs('sparseCategoricalCrossentropy');
  return tf.tidy(() => {
    const clipped = tf.clipByValue(probabilities, KERAS_EPSILON, 1 - KERAS_EPSILON);
    const scaled = tf.clipByValue(tf.div(clipped, tf.sum(clipped, 1, true)), KERAS_EPSILON, 1 - KERAS_EPSILON);
    const picked = tf.mul(tf.oneHot(labels, probabilities.shape[1]), tf.log(scaled));
    return tf.div(tf.neg(tf.sum(picked)), probabilities.shape[0]) as tf.Scalar;
  });
}
