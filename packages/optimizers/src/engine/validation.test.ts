import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng, cpu } from '@descent/core';
import type { CpuTensor } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { adam } from '../adam';
import { adamw } from '../adamw';
import { createOptimizer } from '../registry';
import { sgd } from '../sgd';
import type { OptimizerState, TensorValues } from '../types';

/** What torch users expect of an optimizer's inputs: frozen parameters, duplicates, selectors, shapes, saved states. */

const model = (): Record<string, CpuTensor> => ({
  'fc1.weight': cpu.fromArray([0.5, -0.5, 1, 2], [2, 2], 'fc1.weight'),
  'fc1.bias': cpu.fromArray([0.1, -0.1], [2], 'fc1.bias'),
  'fc2.weight': cpu.fromArray([1, -1], [1, 2], 'fc2.weight'),
});
const read = (p: Record<string, CpuTensor>): Record<string, number[]> => Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Array.from(cpu.read(t))]));
const grad = (shape: number[], seed: number): CpuTensor => cpu.fromArray(new Rng(seed).fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);

describe('parameters without a gradient (torch: grad is None)', () => {
  it.each([
    ['a record without the frozen name', (g: Record<string, CpuTensor>) => ({ 'fc1.weight': g['fc1.weight']!, 'fc2.weight': g['fc2.weight']! })],
    ['null in the positional array', (g: Record<string, CpuTensor>) => [g['fc1.weight']!, null, g['fc2.weight']!]],
  ])('are skipped (%s): their value, state and step stay; the others move as without them', (_label, leaveOut) => {
    const params = model();
    const optimizer = adam(params, { lr: 0.1, weightDecay: 0.1 });
    const reference = model();
    delete reference['fc1.bias'];
    const alone = adam(reference, { lr: 0.1, weightDecay: 0.1 });
    const full = (seed: number): Record<string, CpuTensor> => ({ 'fc1.weight': grad([2, 2], seed), 'fc1.bias': grad([2], seed + 1), 'fc2.weight': grad([1, 2], seed + 2) });
    optimizer.step(full(1)); // the bias has one step of state
    alone.step({ 'fc1.weight': full(1)['fc1.weight']!, 'fc2.weight': full(1)['fc2.weight']! });
    const bias = cpu.read(params['fc1.bias']!);
    const before = optimizer.stateDict().params['fc1.bias']!;
    for (let t = 2; t < 5; t++) {
      const g = full(t * 10);
      const report = optimizer.step(leaveOut(g) as never);
      expect(report.applied).toBe(true);
      alone.step({ 'fc1.weight': g['fc1.weight']!, 'fc2.weight': g['fc2.weight']! });
    }
    expect(Array.from(cpu.read(params['fc1.bias']!))).toEqual(Array.from(bias));
    expect(optimizer.stateDict().params['fc1.bias']).toEqual(before);
    expect(optimizer.stateDict().params['fc1.weight']!.step).toBe(4);
    expect(optimizer.stepCount).toBe(4);
    expect(read(params)['fc1.weight']).toEqual(read(reference)['fc1.weight']);
    expect(read(params)['fc2.weight']).toEqual(read(reference)['fc2.weight']);
  });

  it("missingGrad: 'throw' refuses such a step, naming the parameter, and moves nothing", () => {
    const params = model();
    const optimizer = sgd(params, { lr: 0.1, momentum: 0.9, missingGrad: 'throw' });
    const values = read(params);
    expect(() => optimizer.step({ 'fc1.weight': grad([2, 2], 1), 'fc2.weight': grad([1, 2], 2) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: "sgd.step: expected a gradient for every parameter (missingGrad: 'throw'), missing 'fc1.bias'" }),
    );
    expect(read(params)).toEqual(values);
    expect(optimizer.stepCount).toBe(0);
    expect(() => sgd(model(), { missingGrad: 'never' as never })).toThrow(/^sgd: missingGrad must be 'skip' or 'throw', got never/);
  });

  it('a step with no gradient at all is refused (nothing to do is most likely a wrong record)', () => {
    expect(() => sgd(model()).step({})).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/^sgd\.step: expected a gradient for at least one parameter, missing 'fc1\.weight', 'fc1\.bias', 'fc2\.weight'/) }));
  });

  it('the fused kernels skip them too (cpu, accumulation)', () => {
    for (const fused of [true, false]) {
      const params = model();
      const optimizer = adamw(params, { lr: 0.1, fused, accumulate: 2 });
      optimizer.step({ 'fc1.weight': grad([2, 2], 1), 'fc2.weight': grad([1, 2], 2) });
      optimizer.step({ 'fc1.weight': grad([2, 2], 3) });
      expect(optimizer.stateDict().params['fc1.bias']!.step, `fused ${fused}`).toBe(0);
      expect(optimizer.stateDict().params['fc2.weight']!.step, `fused ${fused}`).toBe(1);
      expect(read(params)['fc1.bias'], `fused ${fused}`).toEqual(read(model())['fc1.bias']);
    }
  });
});

describe('parameters and groups', () => {
  it('refuses the same tensor registered twice, naming both', () => {
    const w = cpu.fromArray([1, 2], [2], 'w');
    expect(() => adam({ encoder: w, decoder: w })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: "adam: parameters 'encoder' and 'decoder' are the same tensor; register each tensor once" }));
  });

  it('refuses a group selector that matches no parameter, naming the selector', () => {
    expect(() => adamw(model(), { groups: [{ params: /^decoder\./, weightDecay: 0 }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^adamw: groups\[0\]\.params \/\^decoder\\\.\/ selects no parameter \(of 'fc1\.weight', 'fc1\.bias', 'fc2\.weight'/) }),
    );
    expect(() => sgd(model(), { groups: [{ params: /bias/, lr: 1 }, { params: ['fc1.bias'], lr: 2 }] })).toThrow(/^sgd: groups\[1\]\.params \['fc1\.bias'\] selects no parameter/);
    expect(() => sgd(model(), { groups: [{ params: function isEmbedding(n: string) { return n.startsWith('emb'); }, lr: 1 }] })).toThrow(/^sgd: groups\[0\]\.params the function isEmbedding selects no parameter/);
  });

  it("compares a gradient's shape, not only its size", () => {
    const optimizer = sgd({ w: cpu.zeros([2, 3], 'w') });
    expect(() => optimizer.step({ w: cpu.zeros([3, 2]) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: "sgd.step: gradient of 'w' must have shape [2, 3], got tensor of shape [3, 2]" }));
    expect(() => optimizer.step({ w: cpu.zeros([6]) })).toThrow(/must have shape \[2, 3\]/);
  });

  it('says how to wrap a plain Float32Array or a tf.Tensor', async () => {
    await tf.setBackend('cpu');
    expect(() => adam({ w: new Float32Array(3) as never })).toThrow(/^adam: parameter 'w' must be a Tensor, got a Float32Array, not a descent Tensor: wrap it with backend\.fromArray\(values, shape\)/);
    const t = tf.zeros([3]);
    const v = tf.variable(tf.zeros([3]));
    expect(() => adam({ w: t as never })).toThrow(/got a tf\.Tensor, not a descent Tensor: wrap it with tfjs\.wrapTensor\(tensor\) from @descent\/core\/tfjs/);
    expect(() => adam({ w: v as never })).toThrow(/got a tf\.Variable, not a descent Tensor: wrap it with tfjs\.wrapVariable\(variable\) from @descent\/core\/tfjs/);
    const optimizer = adam({ w: cpu.zeros([3], 'w') });
    expect(() => optimizer.step({ w: new Float32Array(3) as never })).toThrow(/^adam\.step: gradient of 'w' must be a Tensor, got a Float32Array, not a descent Tensor: wrap it with backend\.fromArray/);
    expect(() => optimizer.step([t as never])).toThrow(/gradient of 'w' must be a Tensor, got a tf\.Tensor, not a descent Tensor: wrap it with tfjs\.wrapTensor/);
    t.dispose();
    v.dispose();
  });
});

describe('loadStateDict refuses a state that would poison the next step', () => {
  const trained = (name: string, options: Record<string, unknown>): { state: OptimizerState; make: () => ReturnType<typeof createOptimizer> } => {
    const make = () => createOptimizer(name, model(), options);
    const optimizer = make();
    for (let t = 0; t < 3; t++) optimizer.step({ 'fc1.weight': grad([2, 2], t), 'fc1.bias': grad([2], t + 10), 'fc2.weight': grad([1, 2], t + 20) });
    return { state: JSON.parse(JSON.stringify(optimizer.stateDict())) as OptimizerState, make };
  };

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('a %s in a buffer, naming the parameter, the buffer and the index', (_label, bad) => {
    const { state, make } = trained('adam', { lr: 0.1 });
    state.params['fc1.bias']!.buffers.expAvgSq!.data[1] = bad;
    const target = make();
    const before = target.stateDict();
    expect(() => target.loadStateDict(state)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE', message: `adam.loadStateDict: buffer 'expAvgSq' of parameter 'fc1.bias' holds ${bad} at index 1; a saved state must be finite` }),
    );
    expect(target.stateDict()).toEqual(before);
  });

  it('JSON turns NaN into null: refused as not a number', () => {
    const { state, make } = trained('sgd', { lr: 0.1, momentum: 0.9 });
    const text = JSON.stringify(state).replace(/("momentumBuffer":\{"shape":\[2\],"data":\[)[^,\]]+/, '$1NaN');
    const parsed = JSON.parse(text.replace('NaN', 'null')) as OptimizerState;
    expect(() => make().loadStateDict(parsed)).toThrow(/sgd\.loadStateDict: buffer 'momentumBuffer' of parameter 'fc1\.bias' must hold 2 numbers/);
  });

  it.each([
    ['adam', { lr: 0.1 }, 'expAvg'],
    ['adam', { lr: 0.1, amsgrad: true }, 'maxExpAvgSq'],
    ['sgd', { lr: 0.1, momentum: 0.9 }, 'momentumBuffer'],
    ['rmsprop', { lr: 0.1, centered: true }, 'gradAvg'],
    ['adagrad', { lr: 0.1 }, 'sum'],
    ['lion', { lr: 0.1 }, 'expAvg'],
  ] as const)('a missing required buffer (%s %j without %s), naming it', (name, options, buffer) => {
    const { state, make } = trained(name, options);
    delete (state.params['fc2.weight']!.buffers as Record<string, unknown>)[buffer];
    expect(() => make().loadStateDict(state)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringContaining(`parameter 'fc2.weight' has taken 3 steps but its state has no buffer '${buffer}'`) }),
    );
  });

  it('a parameter step count above the optimizer step count', () => {
    const { state, make } = trained('adamw', { lr: 0.1 });
    state.params['fc1.weight']!.step = 7;
    expect(() => make().loadStateDict(state)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE', message: "adamw.loadStateDict: step of parameter 'fc1.weight' is 7, more than the optimizer's stepCount 3: the state is inconsistent" }),
    );
  });

  it('a non-finite scalar (NAdam muProduct)', () => {
    const { state, make } = trained('nadam', { lr: 0.1 });
    state.params['fc1.bias']!.scalars.muProduct = Number.NaN;
    expect(() => make().loadStateDict(state)).toThrow(/nadam\.loadStateDict: scalar 'muProduct' of parameter 'fc1\.bias' must be a finite number, got NaN/);
  });

  /** The state with every buffer a Float32Array, as a safetensors file holds it. */
  const asFloat32 = (state: OptimizerState): OptimizerState<Float32Array> => ({
    ...state,
    accumulation: null,
    params: Object.fromEntries(
      Object.entries(state.params).map(([name, p]) => [
        name,
        { ...p, buffers: Object.fromEntries(Object.entries(p.buffers).map(([b, t]) => [b, { shape: t.shape, data: Float32Array.from(t.data) }])) },
      ]),
    ),
  });

  it.each([
    ['adam', { lr: 0.1, amsgrad: true }],
    ['sgd', { lr: 0.1, momentum: 0.9 }],
    ['nadam', { lr: 0.1 }],
  ] as const)('Float32Array buffers (%s) load as the lists of numbers do, and the next steps agree exactly', (name, options) => {
    const { state, make } = trained(name, options);
    const fromNumbers = make();
    fromNumbers.loadStateDict(state);
    const fromFloats = make();
    const typed: OptimizerState<TensorValues> = asFloat32(state);
    fromFloats.loadStateDict(typed);
    expect(fromFloats.stateDict()).toEqual(fromNumbers.stateDict());
    const a = model();
    const b = model();
    const oa = createOptimizer(name, a, options);
    const ob = createOptimizer(name, b, options);
    oa.loadStateDict(state);
    ob.loadStateDict(asFloat32(state));
    for (let t = 0; t < 2; t++) {
      const g = { 'fc1.weight': grad([2, 2], 30 + t), 'fc1.bias': grad([2], 40 + t), 'fc2.weight': grad([1, 2], 50 + t) };
      oa.step(g);
      ob.step(g);
    }
    expect(read(b)).toEqual(read(a));
  });

  it('a NaN or a wrong length in a Float32Array buffer, naming the parameter and buffer; the state stays', () => {
    const { state, make } = trained('adam', { lr: 0.1 });
    const target = make();
    const before = target.stateDict();
    const poisoned = asFloat32(state);
    poisoned.params['fc1.weight']!.buffers.expAvg!.data[3] = Number.NaN;
    expect(() => target.loadStateDict(poisoned)).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE', message: "adam.loadStateDict: buffer 'expAvg' of parameter 'fc1.weight' holds NaN at index 3; a saved state must be finite" }),
    );
    const short = asFloat32(state);
    short.params['fc1.bias']!.buffers.expAvgSq!.data = new Float32Array(1);
    expect(() => target.loadStateDict(short)).toThrow(/adam\.loadStateDict: buffer 'expAvgSq' of parameter 'fc1\.bias' must hold 2 numbers, got 1 values/);
    expect(target.stateDict()).toEqual(before);
  });

  it('a good state still loads and resumes exactly', () => {
    const { state, make } = trained('adam', { lr: 0.1, amsgrad: true });
    const a = make();
    a.loadStateDict(state);
    expect(a.stateDict()).toEqual(state);
  });
});
