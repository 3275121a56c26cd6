import * as tf from '@tensorflow/tfjs-core';
import { DescentError, Rng, cpu } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { tfjs } from '@descent/core/tfjs';
import type { TfjsTensor } from '@descent/core/tfjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { optimizerNames, optimizers } from './registry';
import type { OptimizerName } from './registry';
import { backends, worstRelativeError } from './testHelpers';
import type { Optimizer } from './types';

/**
 * One suite over every optimizer: the same numbers on every backend (and through the
 * fused cpu kernels), exact state round-trip, no tfjs tensor leak, bad options and bad
 * gradients rejected with codes, and a throwing step that moves nothing.
 */

// Options that switch on every buffer an algorithm has.
const rich: Record<OptimizerName, Record<string, unknown>> = {
  sgd: { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  adagrad: { lr: 0.05, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.01 },
  rmsprop: { lr: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 },
  adam: { lr: 0.01, amsgrad: true, weightDecay: 0.01 },
  adamw: { lr: 0.01, weightDecay: 0.1 },
  adamax: { lr: 0.01, weightDecay: 0.01 },
  nadam: { lr: 0.01, weightDecay: 0.01 },
  radam: { lr: 0.01, weightDecay: 0.01 },
  adadelta: { lr: 1, weightDecay: 0.01 },
  lion: { lr: 0.003, weightDecay: 0.1 },
  adamwScheduleFree: { lr: 0.01, weightDecay: 0.01, warmupSteps: 3 },
  sgdScheduleFree: { lr: 0.05, momentum: 0.9, weightDecay: 0.01, warmupSteps: 2 },
  muon: { lr: 0.02, weightDecay: 0.01, adjustLrFn: 'match_rms_adamw' },
  adafactor: { lr: 0.05, weightDecay: 0.01 },
};

const VECTOR_SHAPES = { w: [3, 7], b: [5] } as const;
// Muon takes matrices only: its `b` is a column.
const MATRIX_SHAPES = { w: [3, 7], b: [5, 1] } as const;
let SHAPES: { readonly w: readonly number[]; readonly b: readonly number[] } = VECTOR_SHAPES;

function initial(seed: number): Record<string, Float32Array> {
  const rng = new Rng(seed);
  return Object.fromEntries(Object.entries(SHAPES).map(([k, s]) => [k, rng.fillUniform(new Float32Array(s.reduce((a, b) => a * b, 1)), -1, 1)]));
}

/** Gradients of a quadratic bowl plus noise: they depend on the parameters, as in training. */
function gradients(backend: Backend, params: Record<string, Tensor>, rng: Rng): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(params).map(([k, t]) => {
      const x = backend.read(t);
      const g = x.map((v, i) => (i % 3 === 0 ? 3 : 0.5) * v + 0.3 * rng.normal());
      return [k, backend.fromArray(g, t.shape)];
    }),
  );
}

function makeParams(backend: Backend, values: Record<string, Float32Array>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, backend.fromArray(v, SHAPES[k as keyof typeof SHAPES], k)]));
}

function run(backend: Backend, optimizer: Optimizer, params: Record<string, Tensor>, steps: number, rng: Rng): void {
  for (let t = 0; t < steps; t++) {
    const grads = gradients(backend, params, rng);
    optimizer.step(grads);
    Object.values(grads).forEach((g) => backend.dispose(g));
  }
}

function readAll(backend: Backend, params: Record<string, Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(params).map(([k, t]) => [k, Array.from(backend.read(t))]));
}

async function use(label: string): Promise<Backend> {
  const b = backends.find((x) => x.label === label)!;
  await b.setup();
  return b.backend;
}

describe.each(optimizerNames.map((name) => ({ name })))('$name', ({ name }) => {
  const entry = optimizers[name];
  const options = rich[name];
  beforeEach(() => {
    SHAPES = name === 'muon' ? MATRIX_SHAPES : VECTOR_SHAPES;
  });

  it('gives the same numbers on every backend and through the fused path', async () => {
    const reference = (() => {
      const params = makeParams(cpu, initial(1));
      run(cpu, entry.create(params, { ...options, fused: false }), params, 30, new Rng(2));
      return readAll(cpu, params);
    })();
    const variants: Array<[string, Record<string, unknown>]> = [
      ['cpu', {}],
      ['tfjs-cpu', {}],
      ['tfjs-wasm', {}],
    ];
    for (const [label, extra] of variants) {
      const backend = await use(label);
      const params = makeParams(backend, initial(1));
      const optimizer = entry.create(params, { ...options, ...extra });
      run(backend, optimizer, params, 30, new Rng(2));
      const got = readAll(backend, params);
      for (const k of Object.keys(SHAPES)) {
        expect(worstRelativeError(got[k]!, reference[k]!), `${label} ${k}`).toBeLessThanOrEqual(1e-5);
      }
      optimizer.dispose();
      Object.values(params).forEach((t) => backend.dispose(t));
    }
  });

  it.each(['cpu', 'tfjs-wasm'])('saves at step 10 and resumes exactly to step 25 (%s)', async (label) => {
    const backend = await use(label);
    const straight = makeParams(backend, initial(3));
    const a = entry.create(straight, options);
    run(backend, a, straight, 25, new Rng(4));

    const first = makeParams(backend, initial(3));
    const rng = new Rng(4);
    const b = entry.create(first, options);
    run(backend, b, first, 10, rng);
    const saved = JSON.parse(JSON.stringify(b.stateDict()));
    b.dispose();
    const resumedParams = makeParams(backend, Object.fromEntries(Object.entries(first).map(([k, t]) => [k, backend.read(t)])));
    const c = entry.create(resumedParams, options);
    c.loadStateDict(saved);
    expect(c.stepCount).toBe(10);
    run(backend, c, resumedParams, 15, rng);
    expect(readAll(backend, resumedParams)).toEqual(readAll(backend, straight));
    expect(c.stateDict()).toEqual(a.stateDict());
    for (const o of [a, c]) o.dispose();
  });

  it('does not leak tfjs tensors over 1,000 steps (with clipping and telemetry)', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const params = makeParams(tfjs, initial(5));
    const optimizer = entry.create(params, { ...options, clipGradNorm: 1, telemetry: true, accumulate: 2 });
    const grads = makeParams(tfjs, initial(6));
    // Scratch tensors are allocated once, on first use (RAdam's after its warm-up steps).
    for (let t = 0; t < 20; t++) optimizer.step(grads);
    const before = tf.memory().numTensors;
    for (let t = 0; t < 1000; t++) optimizer.step(grads);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    Object.values(grads).forEach((g) => (tfjs as Backend).dispose(g));
    Object.values(params).forEach((p) => (tfjs as Backend).dispose(p));
    expect(tf.memory().numTensors).toBe(start); // dispose() freed every state tensor
  });

  it('rejects bad options with INVALID_HYPERPARAMETER', () => {
    const params = makeParams(cpu, initial(7));
    const bad: Array<Record<string, unknown>> = [{ lr: -1 }, { lr: Number.NaN }, { lr: () => -0.1 }];
    if (entry.options.some((o) => o.name === 'betas')) bad.push({ betas: [1, 0.5] }, { betas: [0.9, -0.1] }, { betas: [0.9, 1] });
    if (entry.options.some((o) => o.name === 'eps')) bad.push({ eps: 0 }, { eps: -1e-8 });
    if (entry.options.some((o) => o.name === 'weightDecay')) bad.push({ weightDecay: -0.1 });
    for (const options of bad) {
      expect(() => entry.create(params, options), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
    }
    expect(() => entry.create(params, { learningRate: 0.1 })).toThrow(/unknown option 'learningRate'/);
    expect(() => entry.create(params, { groups: [{ params: /b/, lr: -1 }] })).toThrow(/groups\[0\]\.lr must be >= 0, got -1/);
  });

  it('rejects gradients of the wrong count, size or shape, missing ones (missingGrad: throw) and plain arrays, and moves nothing', () => {
    const params = makeParams(cpu, initial(8));
    const optimizer = entry.create(params, { ...options, missingGrad: 'throw' });
    run(cpu, optimizer, params, 3, new Rng(9));
    const state = optimizer.stateDict();
    const values = readAll(cpu, params);
    const good = gradients(cpu, params, new Rng(10));
    const attempts: Array<[unknown, string]> = [
      [[good.w], 'SHAPE_MISMATCH'],
      [[good.w, good.b, good.b], 'SHAPE_MISMATCH'],
      [{ w: good.w }, 'SHAPE_MISMATCH'],
      [{ w: good.w, b: cpu.zeros([6, 1]) }, 'SHAPE_MISMATCH'],
      [{ w: cpu.zeros([7, 3]), b: good.b }, 'SHAPE_MISMATCH'], // 21 elements, but not [3, 7]
      [{ w: good.w, b: null }, 'SHAPE_MISMATCH'],
      [{ w: new Float32Array(21), b: good.b }, 'INVALID_ARGUMENT'],
      [{ w: good.w, b: good.b, c: good.b }, 'INVALID_ARGUMENT'],
      [{ w: good.w, b: cpu.fromArray([1, 2, Number.NaN, 4, 5], SHAPES.b) }, 'NON_FINITE'],
    ];
    for (const [grads, code] of attempts) {
      expect(() => optimizer.step(grads as Record<string, Tensor>)).toThrow(expect.objectContaining({ code }));
    }
    expect(readAll(cpu, params)).toEqual(values);
    expect(optimizer.stateDict()).toEqual(state);
  });

  it('leaves parameters and state untouched when a schedule fails mid-training', () => {
    const params = makeParams(cpu, initial(11));
    const lr = (step: number): number => (step < 5 ? 0.01 : -1);
    const optimizer = entry.create(params, { ...options, lr, groups: [{ params: ['b'], lr: 0.02 }] });
    run(cpu, optimizer, params, 5, new Rng(12));
    const state = optimizer.stateDict();
    const values = readAll(cpu, params);
    expect(() => run(cpu, optimizer, params, 1, new Rng(13))).toThrow(DescentError);
    expect(() => run(cpu, optimizer, params, 1, new Rng(13))).toThrow(/lr must be >= 0, got -1/);
    expect(readAll(cpu, params)).toEqual(values);
    expect(optimizer.stateDict()).toEqual(state);
    expect(optimizer.stepCount).toBe(5);
  });
});

describe('device read-backs on tfjs', () => {
  it('a step reads one number back from the device however many parameters it has; clipping and telemetry add one sum each', async () => {
    await tf.setBackend('cpu');
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const make = (seed: number): Record<string, TfjsTensor> => Object.fromEntries(names.map((n, i) => [n, tfjs.fromArray(new Rng(seed + i).fillUniform(new Float32Array(8), -1, 1), [8], n)]));
    const readSync = vi.spyOn(tf.engine(), 'readSync');
    try {
      for (const [options, perStep] of [
        [{}, 1],
        [{ clipGradNorm: 1 }, 2],
        [{ clipGradNorm: 1, telemetry: true }, 4],
      ] as const) {
        const params = make(1);
        const grads = make(100);
        const optimizer = optimizers.adam.create(params, { lr: 0.01, ...options });
        optimizer.step(grads);
        readSync.mockClear();
        for (let t = 0; t < 3; t++) optimizer.step(grads);
        expect(readSync.mock.calls.length, JSON.stringify(options)).toBe(3 * perStep);
        optimizer.dispose();
        for (const t of [...Object.values(params), ...Object.values(grads)]) tfjs.dispose(t);
      }
    } finally {
      readSync.mockRestore();
    }
  });
});
