import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { tfjs } from '@descent/core/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, optimizerNames } from '../index';
import type { Optimizer } from '../index';

/**
 * `optimizer.step()` inside the caller's `tf.tidy`: the optimizer's state, buffers and scratch
 * (made by the tfjs backend on the first step) survive the scope; the step's temporaries and
 * the wrapped gradients are freed with it.
 */

const init = { w: [0.5, -1, 2, 0.25, -0.75, 1.5], b: [0.1, -0.2] };

function makeParams(tag: string): { w: tf.Variable; b: tf.Variable } {
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor(init.w, [2, 3]), true, `${tag}/w`),
    b: tf.variable(tf.tensor(init.b, [2]), true, `${tag}/b`),
  }));
}

/** One step from the gradients of a quadratic, all inside the caller's scope. */
function stepIn(optimizer: Optimizer, v: { w: tf.Variable; b: tf.Variable }): void {
  const { value, grads } = tf.variableGrads(() => tf.add(tf.sum(tf.square(tf.sub(v.w, 0.3))), tf.sum(tf.mul(v.b, v.b))), [v.w, v.b]);
  optimizer.step({ w: tfjs.wrapTensor(grads[v.w.name]!), b: tfjs.wrapTensor(grads[v.b.name]!) });
  // Outside any scope the caller frees them; inside a tidy this is what the scope would do.
  tf.dispose([value, ...Object.values(grads)]);
}

function create(name: string, v: { w: tf.Variable; b: tf.Variable }, options: Record<string, unknown>): Optimizer {
  return createOptimizer(name, { w: tfjs.wrapVariable(v.w, 'w'), b: tfjs.wrapVariable(v.b, 'b') }, options);
}

// Every kind of tensor the engine makes: state buffers, value-clip and telemetry scratch, accumulation.
const everything = { lr: 0.01, weightDecay: 0.01, clipGradValue: 0.5, clipGradNorm: 1, telemetry: true, accumulate: 2 };

let counter = 0;

describe.each(['cpu', 'wasm'])('step() inside tf.tidy on tfjs-%s', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });

  it.each([
    ['inside', true],
    ['outside', false],
  ])('1,000 adamw steps with clipping, accumulation and telemetry, first step %s the tidy: numTensors flat, numbers unchanged', (_label, firstInside) => {
    const v = makeParams(`tidy${counter++}`);
    const optimizer = create('adamw', v, everything);
    const before = tf.memory().numTensors;
    if (firstInside) tf.tidy(() => stepIn(optimizer, v));
    else stepIn(optimizer, v);
    // With accumulate: 2 the first update (and so the state) comes with the second call.
    tf.tidy(() => stepIn(optimizer, v));
    const after2 = tf.memory().numTensors;
    for (let i = 2; i < 1000; i++) tf.tidy(() => stepIn(optimizer, v));
    const after1000 = tf.memory().numTensors;
    expect(optimizer.stepCount).toBe(500);
    // The same 1,000 steps with no tidy anywhere give the same numbers, bit for bit.
    const u = makeParams(`tidy${counter++}`);
    const plain = create('adamw', u, everything);
    for (let i = 0; i < 1000; i++) stepIn(plain, u);
    expect(Array.from(v.w.dataSync())).toEqual(Array.from(u.w.dataSync()));
    expect(Array.from(v.b.dataSync())).toEqual(Array.from(u.b.dataSync()));
    expect(after1000).toBe(after2);
    // What stayed is the state: per parameter m, v, the accumulator, clip and telemetry scratch.
    expect(after2 - before).toBeLessThanOrEqual(2 * 6);
    console.log(`tfjs-${backend}, first step ${_label} the tidy: ${before} tensors before, ${after2} after step 2, ${after1000} after step 1,000`);
    for (const o of [optimizer, plain]) o.dispose();
    for (const x of [v.w, v.b, u.w, u.b]) x.dispose();
  }, 180_000);

  // Muon takes matrices only (these parameters include a vector): its tidy check is in modern.test.ts.
  it.each(optimizerNames.filter((n) => n !== 'muon').map((n) => [n]))('%s: 50 steps inside tf.tidy keep numTensors flat', (name) => {
    const v = makeParams(`tidy${counter++}`);
    const optimizer = create(name, v, { lr: 0.01, clipGradNorm: 1, telemetry: true });
    // RAdam makes its rectification scratch on the first step with rho_t > 5 (step 6).
    for (let i = 0; i < 10; i++) tf.tidy(() => stepIn(optimizer, v));
    const after10 = tf.memory().numTensors;
    for (let i = 10; i < 50; i++) tf.tidy(() => stepIn(optimizer, v));
    expect(tf.memory().numTensors).toBe(after10);
    expect(optimizer.stepCount).toBe(50);
    optimizer.dispose();
    for (const x of [v.w, v.b]) x.dispose();
  }, 60_000);
});
