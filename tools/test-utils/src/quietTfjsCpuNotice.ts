/**
 * Keeps TensorFlow.js's cpu backend from printing its one-time notice ("Hi, looks like you are
 * running TensorFlow.js in Node.js. To speed things up dramatically, install our node backend
 * ...") in a suite that runs the cpu backend on purpose, as a reference beside the others.
 *
 * tfjs-backend-cpu prints it on the backend's first tensor upload in Node, unless its `firstUse`
 * is already spent; `@descent/train`'s `initBackend('cpu')` does the same. Call it once per test
 * file, after importing `@tensorflow/tfjs-backend-cpu`. Other tfjs warnings are left alone.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * quietTfjsCpuNotice(tf);
 */
export function quietTfjsCpuNotice(tf: { findBackend(name: string): unknown }): void {
  // findBackend creates the registered backend's instance if it does not exist yet.
  const backend = tf.findBackend('cpu') as { firstUse?: unknown } | null | undefined;
  if (backend && typeof backend.firstUse === 'boolean') backend.firstUse = false;
}
