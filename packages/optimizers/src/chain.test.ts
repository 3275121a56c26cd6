import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Rng, cpu } from '@descent/core';
import type { Tensor } from '@descent/core';
import { chain } from './chain';
import { fromTransform } from './engine/fromTransform';
import { adamKernel } from './fused/adamKernel';
import { sgdKernel } from './fused/sgdKernel';
import { backends, expectAllClose, torchCases, worstRelativeError } from './testHelpers';
import type { TorchCase } from './testHelpers';
import { clipByGlobalNorm, clipByValue } from './transforms/clipping';
import { masked } from './transforms/masked';
import { maximize } from './transforms/maximize';
import { scaleByAdadelta } from './transforms/scaleByAdadelta';
import { scaleByAdam } from './transforms/scaleByAdam';
import { scaleByAdamax } from './transforms/scaleByAdamax';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { scaleByLion } from './transforms/scaleByLion';
import { scaleByNadam } from './transforms/scaleByNadam';
import { scaleByRadam } from './transforms/scaleByRadam';
import { scaleByRms } from './transforms/scaleByRms';
import { scaleByRss } from './transforms/scaleByRss';
import { scaleBySign } from './transforms/scaleBySign';
import { trace } from './transforms/trace';
import { addDecayedWeights, addL2 } from './transforms/weightDecay';
import { accumulate, skipNonFinite } from './transforms/wrappers';
import type { Transform } from './transform';
import { adamw } from './adamw';
import { lion } from './lion';
import { sgd } from './sgd';

/**
 * Hand-written chains, built from the transforms and the fixture's options alone (not from
 * the aliases' definitions), replay PyTorch 1.13's trajectories on every backend.
 */
type O = Record<string, never>;
function handChain(c: TorchCase): Transform<object> {
  const o = c.options as O & Record<string, number & boolean & [number, number]>;
  switch (c.optimizer) {
    case 'SGD':
      return chain(maximize(o.maximize), addL2(o.weightDecay), trace({ momentum: o.momentum, dampening: o.dampening, nesterov: o.nesterov }), scaleByLearningRate(o.lr));
    case 'Adam':
      return chain(maximize(o.maximize), addL2(o.weightDecay), scaleByAdam({ betas: o.betas, eps: o.eps, amsgrad: o.amsgrad }), scaleByLearningRate(o.lr));
    case 'AdamW':
      return chain(scaleByAdam({ betas: o.betas, eps: o.eps, amsgrad: o.amsgrad }), addDecayedWeights(o.weightDecay ?? 1e-2), scaleByLearningRate(o.lr));
    case 'Adagrad':
      return chain(addL2(o.weightDecay), scaleByRss({ lrDecay: o.lrDecay, initialAccumulatorValue: o.initialAccumulatorValue, eps: o.eps }), scaleByLearningRate(o.lr));
    case 'RMSprop':
      return chain(addL2(o.weightDecay), scaleByRms({ alpha: o.alpha, centered: o.centered }), trace({ momentum: o.momentum }), scaleByLearningRate(o.lr));
    case 'Adamax':
      return chain(addL2(o.weightDecay), scaleByAdamax({ betas: o.betas }), scaleByLearningRate(o.lr));
    case 'NAdam':
      return chain(addL2(o.weightDecay), scaleByNadam({ momentumDecay: o.momentumDecay, torchVersion: '1.13' }), scaleByLearningRate(o.lr));
    case 'RAdam':
      return chain(addL2(o.weightDecay), scaleByRadam({ betas: o.betas }), scaleByLearningRate(o.lr));
    case 'Adadelta':
      return chain(addL2(o.weightDecay), scaleByAdadelta({ rho: o.rho, eps: o.eps }), scaleByLearningRate(o.lr));
    default:
      throw new Error(`no hand chain for ${c.optimizer}`);
  }
}

const cases = torchCases();

describe.each(backends)('hand-written chains replay the torch fixtures on $label', ({ backend, setup }) => {
  beforeAll(setup);
  it.each(cases.map((c, i) => ({ ...c, title: `${i}: ${c.optimizer} ${JSON.stringify(c.options)}` })))('$title', (c) => {
    const params: Record<string, Tensor> = {};
    c.shapes.forEach((shape, p) => (params[`p${p}`] = backend.fromArray(c.init[p]!, shape, `p${p}`)));
    const optimizer = fromTransform(handChain(c), params);
    let worst = 0;
    c.grads.forEach((step, t) => {
      const grads = step.map((g, p) => backend.fromArray(g, c.shapes[p]!));
      optimizer.step(grads);
      grads.forEach((g) => backend.dispose(g));
      c.shapes.forEach((_, p) => (worst = Math.max(worst, worstRelativeError(backend.read(params[`p${p}`]!), c.expected[t]![p]!))));
    });
    optimizer.dispose();
    Object.values(params).forEach((t) => backend.dispose(t));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

/** Replays one fixture case through a transform: the worst relative error over its steps. */
function replay(c: TorchCase, transform: Transform<object>, options: Record<string, unknown> = {}): number {
  const params = c.shapes.map((shape, p) => ({ name: `p${p}`, tensor: cpu.fromArray(c.init[p]!, shape, `p${p}`) }));
  const optimizer = fromTransform(transform, params, options);
  let worst = 0;
  c.grads.forEach((step, t) => {
    optimizer.step(step.map((g, p) => cpu.fromArray(g, c.shapes[p]!)));
    params.forEach((p, i) => (worst = Math.max(worst, worstRelativeError(cpu.read(p.tensor), c.expected[t]![i]!))));
  });
  return worst;
}

describe('the chains of the issue', () => {
  it("chain(scaleByAdam, addDecayedWeights, scaleByLearningRate) gives AdamW's torch numbers (decay with lr * wd before the update)", () => {
    const c = cases.find((x) => x.optimizer === 'AdamW' && x.options.weightDecay === 0.1)!;
    const { lr, weightDecay } = c.options as { lr: number; weightDecay: number };
    const t = chain(scaleByAdam({ betas: [0.9, 0.999], eps: 1e-8, amsgrad: true }), addDecayedWeights(weightDecay), scaleByLearningRate(lr));
    expect(replay(c, t)).toBeLessThanOrEqual(1e-5);
    expect(replay(c, t, { kernels: [adamKernel] })).toBeLessThanOrEqual(1e-5);
    // The order is the algorithm: the same parts with the decay coupled (before Adam) are torch's Adam with L2, not AdamW.
    const coupled = chain(addL2(weightDecay), scaleByAdam({ betas: [0.9, 0.999], eps: 1e-8, amsgrad: true }), scaleByLearningRate(lr));
    expect(replay(c, coupled)).toBeGreaterThan(1e-3);
  });

  it("chain(trace({ momentum, nesterov }), scaleByLearningRate(lr)) gives SGD's torch numbers", () => {
    const c = cases.find((x) => x.optimizer === 'SGD' && x.options.nesterov === true && x.options.weightDecay === undefined)!;
    const { lr, momentum } = c.options as { lr: number; momentum: number };
    const t = chain(trace({ momentum, nesterov: true }), scaleByLearningRate(lr));
    expect(replay(c, t)).toBeLessThanOrEqual(1e-5);
    expect(replay(c, t, { kernels: [sgdKernel] })).toBeLessThanOrEqual(1e-5);
  });

  it('a hand chain is matched to the fused kernel when given one, and computes the same as without', () => {
    const n = 1001;
    const start = new Rng(3).fillUniform(new Float32Array(n), -1, 1);
    const run = (options: Record<string, unknown>): Float32Array => {
      const w = cpu.fromArray(start, [n], 'w');
      const optimizer = fromTransform(chain(clipByGlobalNorm(5), scaleByAdam(), addDecayedWeights(0.1), scaleByLearningRate(0.01)), { w }, options);
      const rng = new Rng(4);
      for (let t = 0; t < 10; t++) optimizer.step([cpu.fromArray(rng.fillNormal(new Float32Array(n)))]);
      return cpu.read(w);
    };
    const spy = vi.spyOn(adamKernel, 'match');
    const fused = run({ kernels: [adamKernel] });
    expect(spy).toHaveReturnedWith(expect.objectContaining({ prefix: 1 }));
    spy.mockRestore();
    expectAllClose(fused, run({}), 1e-5, 1e-6);
    // A chain the kernel does not compute (clipping by value) is not matched.
    expect(adamKernel.match([clipByValue(1), scaleByAdam(), scaleByLearningRate(1)] as Transform<object>[])).toBeUndefined();
  });

  it('Lion is scaleByLion + scaleBySign + addDecayedWeights + scaleByLearningRate', () => {
    const make = () => ({ w: cpu.fromArray([0.5, -1, 2, 0], [4], 'w') });
    const a = make();
    const b = make();
    const alias = lion(a, { lr: 0.01, weightDecay: 0.1, betas: [0.8, 0.95] });
    const hand = fromTransform(chain(scaleByLion({ betas: [0.8, 0.95] }), scaleBySign(), addDecayedWeights(0.1), scaleByLearningRate(0.01)), b);
    const rng = new Rng(5);
    for (let t = 0; t < 8; t++) {
      const g = Array.from(rng.fillNormal(new Float32Array(4)));
      alias.step([cpu.fromArray(g)]);
      hand.step([cpu.fromArray(g)]);
    }
    expect(Array.from(cpu.read(b.w))).toEqual(Array.from(cpu.read(a.w)));
  });
});

describe('chain and the wrappers', () => {
  it("a chain's options are its parts' (groups override them by name); a name declared twice is refused", () => {
    const t = chain(scaleByAdam({ eps: 1e-6 }), addDecayedWeights(0.05), scaleByLearningRate(0.1));
    expect(Object.keys(t.specs).sort()).toEqual(['amsgrad', 'betas', 'eps', 'epsPlacement', 'lr', 'weightDecay']);
    expect(t.values).toEqual({ eps: 1e-6, weightDecay: 0.05, lr: 0.1 });
    const w = cpu.fromArray([1, 2], [2], 'w');
    const b = cpu.fromArray([1, 2], [2], 'b');
    const optimizer = fromTransform(t, { w, b }, { groups: [{ params: ['b'], weightDecay: 0, lr: 0.2 }] });
    expect(optimizer.groups.map((g) => [g.names, g.lr, g.options.weightDecay])).toEqual([
      [['w'], 0.1, 0.05],
      [['b'], 0.2, 0],
    ]);
    expect(() => chain(addL2(), addDecayedWeights())).toThrow(/^chain: option 'weightDecay' is declared by both addL2 and addDecayedWeights/);
    expect(() => chain()).toThrow(/^chain: expected at least one transform/);
    expect(() => chain({} as Transform<object>)).toThrow(/^chain: argument 0 must be a transform/);
  });

  it('masked(selector, transform) applies the transform to the selected parameters only', () => {
    const w = cpu.fromArray([1, 1], [2], 'fc.weight');
    const b = cpu.fromArray([1, 1], [2], 'fc.bias');
    const zero = [cpu.zeros([2]), cpu.zeros([2])];
    fromTransform(chain(masked(/weight$/, addDecayedWeights(0.5)), scaleByLearningRate(0.1)), { 'fc.weight': w, 'fc.bias': b }).step(zero);
    expectAllClose(cpu.read(w), [0.95, 0.95]);
    expectAllClose(cpu.read(b), [1, 1]);
  });

  it('accumulate(k, inner) averages k steps like the accumulate option; skipNonFinite skips like nonFinite: skip', () => {
    const run = (make: () => Transform<object>, options: Record<string, unknown>): { w: number[]; reports: unknown[] } => {
      const w = cpu.fromArray([1, -1, 0.5], [3], 'w');
      const optimizer = fromTransform(make(), { w }, options);
      const reports = [[1, 2, 3], [3, 2, 1], [Number.NaN, 0, 0], [0.5, 0.5, 0.5], [1, 1, 1]].map((g) => optimizer.step([cpu.fromArray(g)]));
      return { w: Array.from(cpu.read(w)), reports };
    };
    const inner = (): Transform<object> => chain(scaleByAdam(), scaleByLearningRate(0.1));
    const wrapped = run(() => skipNonFinite(accumulate(2, inner())), {});
    const optioned = run(inner, { accumulate: 2, nonFinite: 'skip' });
    expect(wrapped).toEqual(optioned);
    expect(wrapped.reports.map((r) => (r as { applied: boolean }).applied)).toEqual([false, true, false, false, true]);
    expect(() => fromTransform(chain(scaleByLearningRate(1), accumulate(2)), { w: cpu.zeros([1]) })).toThrow(/accumulate must wrap the whole chain/);
    expect(() => accumulate(0)).toThrow(/^accumulate: k must be an integer >= 1, got 0/);
  });

  it('the aliases are their chains: sgd and adamw have the same numbers as fromTransform over their definitions', () => {
    const make = () => ({ w: cpu.fromArray([0.5, -1, 2], [3], 'w') });
    const a = make();
    const b = make();
    const alias = adamw(a, { lr: 0.05, weightDecay: 0.3, fused: false });
    const hand = fromTransform(chain(scaleByAdam(), addDecayedWeights(0.3), scaleByLearningRate(0.05)), b);
    const c = make();
    const d = make();
    const s1 = sgd(c, { lr: 0.1, momentum: 0.9, dampening: 0.1, fused: false });
    const s2 = fromTransform(chain(trace({ momentum: 0.9, dampening: 0.1 }), scaleByLearningRate(0.1)), d);
    for (let t = 0; t < 5; t++) {
      const g = [cpu.fromArray([t, 1, -t])];
      alias.step(g);
      hand.step(g);
      s1.step(g);
      s2.step(g);
    }
    expect(Array.from(cpu.read(b.w))).toEqual(Array.from(cpu.read(a.w)));
    expect(Array.from(cpu.read(d.w))).toEqual(Array.from(cpu.read(c.w)));
  });

  it('a transform may keep buffers of other shapes (a factored state): allocated, saved and loaded with them', () => {
    // A toy factored statistic: the mean square of each row of a matrix parameter, shape [rows].
    const rowMeanSquare: Transform<object> = {
      name: 'rowMeanSquare',
      specs: {},
      values: {},
      buffers: ['rowSq'],
      bufferShapes: { rowSq: (shape) => [shape[0]!] },
      update({ backend, params }) {
        for (const p of params) {
          const [rows, cols] = p.param.shape as [number, number];
          const g = backend.read(p.read());
          const r = p.buffer('rowSq');
          const acc = backend.read(r);
          for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) acc[i]! += (g[i * cols + j]! ** 2) / cols;
          backend.write(r, acc);
        }
      },
    };
    const make = () => ({ w: cpu.fromArray([1, 2, 3, 4, 5, 6], [2, 3], 'w') });
    const a = fromTransform(chain(rowMeanSquare, scaleByLearningRate(0.1)), make());
    a.step([cpu.fromArray([1, 1, 1, 2, 2, 2], [2, 3])]);
    const state = a.stateDict();
    expect(state.params.w!.buffers.rowSq).toEqual({ shape: [2], data: [1, 4] });
    const b = fromTransform(chain(rowMeanSquare, scaleByLearningRate(0.1)), make());
    b.loadStateDict(JSON.parse(JSON.stringify(state)) as typeof state);
    expect(b.stateDict().params.w!.buffers.rowSq).toEqual({ shape: [2], data: [1, 4] });
    const wrong = JSON.parse(JSON.stringify(state)) as typeof state;
    wrong.params.w!.buffers.rowSq = { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] };
    expect(() => b.loadStateDict(wrong)).toThrow(/buffer 'rowSq' of parameter 'w' has shape \[2, 3\], expected \[2\]/);
  });
});
