import * as tf from '@tensorflow/tfjs-core';
import { Rng, cpu } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { tfjs } from '@descent/core/tfjs';
import { describe, expect, it } from 'vitest';
import { adafactor } from './adafactor';
import { adam } from './adam';
import { adamw } from './adamw';
import { muon } from './muon';
import { nadam } from './nadam';
import { muonWithAdamw, muonWithAdamwPart } from './muonWithAdamw';
import { partition } from './partition';
import type { PartitionState } from './partition';
import { radam } from './radam';
import { createOptimizer } from './registry';
import { adamwScheduleFree, sgdScheduleFree } from './scheduleFree';
import { backends, torchCases, worstRelativeError } from './test-helpers';
import { newtonSchulz } from './transforms/orthogonalize';
import { FLOAT32_EPS } from './transforms/scaleByAdafactor';
import type { Optimizer, Params } from './types';

/** Behaviour of the torch 2.x options and the new optimizers beyond the fixtures' trajectories. */

const host: Backend = cpu;
const shapes: Record<string, number[]> = { w: [4, 6], v: [6, 3], b: [5] };

function values(seed: number, keys = Object.keys(shapes)): Record<string, Float32Array> {
  const rng = new Rng(seed);
  return Object.fromEntries(keys.map((k) => [k, rng.fillUniform(new Float32Array(shapes[k]!.reduce((a, b) => a * b, 1)), -1, 1)]));
}

function tensors(backend: Backend, v: Record<string, Float32Array>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, backend.fromArray(x, shapes[k]!, k)]));
}

function read(backend: Backend, p: Record<string, Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Array.from(backend.read(t))]));
}

/** `steps` steps with gradients drawn from `seed` (independent of the parameters). */
function drive(o: Optimizer, p: Record<string, Tensor>, steps: number, seed: number, sign = 1, from = 0): void {
  for (let t = from; t < from + steps; t++) {
    const g = values(seed * 1000 + t, Object.keys(p));
    for (const x of Object.values(g)) for (let i = 0; i < x.length; i++) x[i] = x[i]! * sign;
    o.step(tensors(cpu, g));
  }
}

describe('decoupledWeightDecay (torch >= 2.1 for NAdam and RAdam, 2.7 for Adam)', () => {
  it('Adam with it replays the torch AdamW fixtures', () => {
    const cases = torchCases().filter((c) => c.optimizer === 'AdamW');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const params: Record<string, Tensor> = {};
      c.shapes.forEach((s, p) => (params[`p${p}`] = cpu.fromArray(c.init[p]!, s, `p${p}`)));
      const o = adam(params, { weightDecay: 1e-2, ...c.options, decoupledWeightDecay: true });
      let worst = 0;
      c.grads.forEach((step, t) => {
        o.step(step.map((g, p) => cpu.fromArray(g, c.shapes[p]!)));
        c.shapes.forEach((_, p) => (worst = Math.max(worst, worstRelativeError(host.read(params[`p${p}`]!), c.expected[t]![p]!))));
      });
      expect(worst, JSON.stringify(c.options)).toBeLessThanOrEqual(1e-5);
    }
  });

  it.each([
    ['nadam', nadam],
    ['radam', radam],
  ] as const)('%s multiplies by (1 - lr wd) before the undecayed step', (_name, factory) => {
    // The steps do not depend on theta (replayed gradients), so theta_t = (1 - lr wd) theta_{t-1} + delta_t, delta_t from the run without decay.
    const lr = 0.01;
    const wd = 0.2;
    const init = values(1, ['w', 'b']);
    const plain = tensors(cpu, init);
    const decayed = tensors(cpu, init);
    const a = factory(plain, { lr });
    const b = factory(decayed, { lr, weightDecay: wd, decoupledWeightDecay: true });
    const expected = Object.fromEntries(Object.entries(init).map(([k, x]) => [k, Array.from(x)]));
    let previous = read(cpu, plain);
    for (let t = 0; t < 20; t++) {
      drive(a, plain, 1, 5, 1, t);
      drive(b, decayed, 1, 5, 1, t);
      const now = read(cpu, plain);
      for (const k of Object.keys(expected)) expected[k] = expected[k]!.map((x, i) => (1 - lr * wd) * x + (now[k]![i]! - previous[k]![i]!));
      previous = now;
    }
    const got = read(cpu, decayed);
    for (const k of Object.keys(expected)) expect(worstRelativeError(got[k]!, expected[k]!)).toBeLessThanOrEqual(1e-5);
    // And it is not the L2 form.
    const coupled = tensors(cpu, init);
    drive(factory(coupled, { lr, weightDecay: wd }), coupled, 20, 5);
    expect(worstRelativeError(read(cpu, coupled).w!, got.w!)).toBeGreaterThan(1e-4);
  });

  it('refuses a non-boolean', () => {
    expect(() => adam({ w: cpu.zeros([2]) }, { decoupledWeightDecay: 'yes' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', message: expect.stringMatching(/^adam: decoupledWeightDecay must be true or false/) }),
    );
  });

  it("NAdam's default is torch 2.x; torchVersion '1.13' moves 12% less momentum at step 1", () => {
    const p2 = { w: cpu.fromArray([0]) };
    const p1 = { w: cpu.fromArray([0]) };
    const g = cpu.fromArray([1]);
    nadam(p2).step([g]);
    nadam(p1, { torchVersion: '1.13' }).step([g]);
    // Step 1: g-term lr(1-mu1)/(1-mu1), m-term lr mu2 (1-beta1)/(1 - P mu2) vs /(1 - P mu1 mu2), over d = |g| + eps.
    const mu = (t: number): number => 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
    const d = 1 + 1e-8;
    const common = (2e-3 * (1 - mu(1))) / (1 - mu(1)) / d;
    expect(host.read(p2.w)[0]).toBeCloseTo(-(common + (2e-3 * mu(2) * 0.1) / (1 - mu(1) * mu(2)) / d), 9);
    expect(host.read(p1.w)[0]).toBeCloseTo(-(common + (2e-3 * mu(2) * 0.1) / (1 - mu(1) * mu(1) * mu(2)) / d), 9);
    expect(() => nadam(p1, { torchVersion: '1.12' as '2' })).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
  });
});

describe.each([
  ['adamwScheduleFree', (p: Params) => adamwScheduleFree(p, { lr: 0.02, warmupSteps: 3, weightDecay: 0.01 })],
  ['sgdScheduleFree', (p: Params) => sgdScheduleFree(p, { lr: 0.05, warmupSteps: 2 })],
] as const)('%s: train() / eval()', (_name, make) => {
  it('eval() moves the parameters to x, step() is refused there and moves nothing, train() comes back', () => {
    const p = tensors(cpu, values(2, ['w', 'b']));
    const o = make(p);
    expect(o.mode).toBe('train');
    o.eval!(); // before any step: nothing to move
    expect(o.mode).toBe('eval');
    o.train!();
    drive(o, p, 8, 3);
    const y = read(cpu, p);
    o.eval!();
    o.eval!(); // twice is once
    expect(o.mode).toBe('eval');
    const x = read(cpu, p);
    expect(worstRelativeError(x.w!, y.w!)).toBeGreaterThan(1e-4);
    const state = o.stateDict();
    expect(() => drive(o, p, 1, 4)).toThrow(expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringMatching(/step: the optimizer is in eval mode.*call train\(\)/) }));
    expect(read(cpu, p)).toEqual(x);
    expect(o.stateDict()).toEqual(state);
    o.train!();
    expect(o.mode).toBe('train');
    expect(worstRelativeError(read(cpu, p).w!, y.w!)).toBeLessThanOrEqual(1e-6);
  });

  it.each(['train', 'eval'] as const)('a state saved in %s mode resumes exactly', (mode) => {
    const init = values(6, ['w', 'b']);
    const straight = tensors(cpu, init);
    const a = make(straight);
    drive(a, straight, 10, 7);
    a.eval!();
    a.train!();
    drive(a, straight, 10, 7, 1, 10);

    const first = tensors(cpu, init);
    const b = make(first);
    drive(b, first, 10, 7);
    b.eval!();
    if (mode === 'train') b.train!();
    const saved = JSON.parse(JSON.stringify(b.stateDict()));
    const resumed = tensors(cpu, Object.fromEntries(Object.entries(first).map(([k, t]) => [k, host.read(t)])));
    const c = make(resumed);
    c.loadStateDict(saved);
    expect(c.mode).toBe(mode);
    c.train!();
    drive(c, resumed, 10, 7, 1, 10);
    expect(read(cpu, resumed)).toEqual(read(cpu, straight));
  });
});

it('train() and eval() are no-ops for the other optimizers', () => {
  const p = tensors(cpu, values(8, ['w']));
  const o = adam(p, { lr: 0.1 });
  drive(o, p, 2, 9);
  const before = read(cpu, p);
  o.eval!();
  expect(o.mode).toBe('train');
  drive(o, p, 1, 9, 1, 2);
  o.train!();
  expect(read(cpu, p)).not.toEqual(before);
});

describe('muon', () => {
  it('refuses a parameter that is not a matrix, saying what to do', () => {
    expect(() => muon({ w: cpu.zeros([3, 4]), b: cpu.zeros([4]) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/^muon: parameter 'b' has shape \[4\], expected a 2-D matrix; give biases.*AdamW/) }),
    );
    expect(() => createOptimizer('Muon', { k: cpu.zeros([2, 2, 3]) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });

  it('refuses bad variants, coefficients and torch-only options in the kellerJordan variant', () => {
    const w = cpu.zeros([3, 4]);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ variant: 'keller' }, /^muon: variant must be 'torch' or 'kellerJordan'/],
      [{ nsCoefficients: [1, 2] }, /^muon: nsCoefficients must be three finite numbers/],
      [{ variant: 'kellerJordan', adjustLrFn: 'match_rms_adamw' }, /^muon: adjustLrFn 'match_rms_adamw' is torch.optim.Muon's/],
      [{ adjustLrFn: 'rms' }, /adjustLrFn/],
      [{ momentum: 1 }, /momentum/],
    ];
    for (const [options, message] of bad) {
      expect(() => muon({ w }, options as never), JSON.stringify(options)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', message: expect.stringMatching(message) }));
    }
  });

  it.each(backends.map((b) => [b.label, b]))('Newton-Schulz of a tall matrix is the transpose of its wide transpose (%s)', async (_label, { backend, setup }) => {
    await setup();
    const g = values(10, ['v']).v!; // [6, 3]
    const gt = new Float32Array(18);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 3; j++) gt[j * 6 + i] = g[i * 3 + j]!;
    const run = (data: Float32Array, shape: number[]): Float32Array => {
      const x = backend.fromArray(data, shape);
      backend.scale(x, 1 / Math.sqrt(backend.sumSquares(x)));
      const y = backend.zerosLike(x);
      const out = backend.read(newtonSchulz(backend, x, y, 5, [3.4445, -4.775, 2.0315]));
      backend.dispose(x);
      backend.dispose(y);
      return out;
    };
    const tall = run(g, [6, 3]);
    const wide = run(gt, [3, 6]);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 3; j++) expect(tall[i * 3 + j]).toBeCloseTo(wide[j * 6 + i]!, 5);
    // Near-orthogonal columns: the diagonal of O^T O lies in the references' singular-value band (0.5..1.5 squared).
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 6; i++) s += tall[i * 3 + j]! ** 2;
      expect(s).toBeGreaterThan(0.25);
      expect(s).toBeLessThan(2.25);
    }
  });

  it('the recipe: Muon for the matrices, AdamW for the vectors, through partition', () => {
    const init = values(11);
    const together = tensors(cpu, init);
    const make = (p: Params): Optimizer =>
      partition(p, (_name, t) => (t.shape.length === 2 ? 'muon' : 'adamw'), {
        muon: (q) => muon(q, { lr: 0.02, weightDecay: 0.01 }),
        adamw: (q) => adamw(q, { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0 }),
      });
    const o = make(together);
    const matrices = tensors(cpu, { w: init.w!, v: init.v! });
    const vectors = tensors(cpu, { b: init.b! });
    const m = muon(matrices, { lr: 0.02, weightDecay: 0.01 });
    const a = adamw(vectors, { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0 });
    for (let t = 0; t < 12; t++) {
      const g = values(100 + t);
      o.step(tensors(cpu, g));
      m.step(tensors(cpu, { w: g.w!, v: g.v! }));
      a.step(tensors(cpu, { b: g.b! }));
    }
    expect(read(cpu, together)).toEqual({ ...read(cpu, matrices), ...read(cpu, vectors) });
    expect(o.stepCount).toBe(12);
    expect(o.groups.map((g) => g.names)).toEqual([['w', 'v'], ['b']]);

    // A bad gradient for one part moves neither; the state round-trips.
    const before = read(cpu, together);
    const state = JSON.parse(JSON.stringify(o.stateDict()));
    const g = tensors(cpu, values(200));
    host.write(g.b!, [1, Number.NaN, 0, 0, 0]);
    expect(() => o.step(g)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/^partition.step: gradient of 'b'/) }));
    expect(read(cpu, together)).toEqual(before);
    const copy = tensors(cpu, Object.fromEntries(Object.entries(together).map(([k, t]) => [k, host.read(t)])));
    const resumed = make(copy);
    resumed.loadStateDict(state);
    const next = values(300);
    o.step(tensors(cpu, next));
    resumed.step(tensors(cpu, next));
    expect(read(cpu, copy)).toEqual(read(cpu, together));
    expect(() => resumed.loadStateDict({ ...state, parts: { muon: state.parts.muon } })).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => partition(together, () => 'sgd', { muon: (q) => muon(q) })).toThrow(/^partition: parameter 'w' is labelled 'sgd', expected one of muon/);
  });

  it("partition's nonFinite: 'skip' skips the whole step when either part's gradient is not finite, state untouched", () => {
    const init = values(21);
    const p = tensors(cpu, init);
    const make = (q: Params, nonFinite?: 'skip'): Optimizer =>
      partition(
        q,
        (_name, t) => (t.shape.length === 2 ? 'muon' : 'adamw'),
        { muon: (r) => muon(r, { lr: 0.02 }), adamw: (r) => adamw(r, { lr: 1e-2 }) },
        nonFinite === undefined ? {} : { nonFinite },
      );
    const o = make(p, 'skip');
    drive(o, p, 3, 22);
    for (const [bad, where] of [['b', 1], ['w', 5]] as const) {
      const before = read(cpu, p);
      const state = JSON.stringify(o.stateDict());
      const g = tensors(cpu, values(23));
      const data = host.read(g[bad]!);
      data[where] = where === 1 ? Number.NaN : Number.POSITIVE_INFINITY;
      host.write(g[bad]!, data);
      const report = o.step(g);
      expect(report).toMatchObject({ applied: false, skipped: true, step: 3 });
      expect(o.stepCount).toBe(3);
      expect(read(cpu, p)).toEqual(before);
      expect(JSON.stringify(o.stateDict())).toBe(state);
    }
    // A finite step afterwards goes on exactly as if the bad ones had never come.
    const q = tensors(cpu, init);
    const clean = make(q);
    drive(clean, q, 3, 22);
    o.step(tensors(cpu, values(24)));
    clean.step(tensors(cpu, values(24)));
    expect(read(cpu, p)).toEqual(read(cpu, q));
    expect(o.stepCount).toBe(4);
    expect(() => make(q, 'sometimes' as 'skip')).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', message: expect.stringMatching(/^partition: nonFinite must be 'throw' or 'skip'/) }));
  });

  it('muonWithAdamw is the recipe as one optimizer: the same numbers as the partition, options checked per side', () => {
    const init = values(31);
    const p = tensors(cpu, init);
    const o = muonWithAdamw(p, { lr: 0.02, weightDecay: 0.01, adamw: { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0 } });
    const q = tensors(cpu, init);
    const r = partition(q, (_name, t) => (t.shape.length === 2 ? 'muon' : 'adamw'), {
      muon: (x) => muon(x, { lr: 0.02, weightDecay: 0.01 }),
      adamw: (x) => adamw(x, { lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0 }),
    });
    drive(o, p, 6, 32);
    drive(r, q, 6, 32);
    expect(read(cpu, p)).toEqual(read(cpu, q));
    expect(Object.keys((o.stateDict() as PartitionState).parts)).toEqual(['muon', 'adamw']);
    expect(o.groups.map((g) => g.names)).toEqual([['w', 'v'], ['b']]);
    // The AdamW side defaults to torch.optim.AdamW's.
    expect(muonWithAdamw(tensors(cpu, init)).groups[1]!.lr).toBe(1e-3);
    expect(muonWithAdamwPart('b', p.b!)).toBe('adamw');
    expect(muonWithAdamwPart('w', p.w!)).toBe('muon');
    const bad = (options: Record<string, unknown>, message: RegExp): void =>
      expect(() => muonWithAdamw(tensors(cpu, init), options as never)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER', message: expect.stringMatching(message) }));
    bad({ adamw: { lr: -1 } }, /^muonWithAdamw: adamw\.lr must be >= 0, got -1/);
    bad({ adamw: { gamma: 1 } }, /^muonWithAdamw: adamw\.gamma is not an option of the AdamW side, expected one of lr, betas/);
    bad({ adamw: 3 }, /^muonWithAdamw: adamw must be an object/);
    bad({ clipGradNorm: 1 }, /^muonWithAdamw: clipGradNorm is not supported/);
    bad({ momentum: 2 }, /^muon: momentum/);
    // nonFinite reaches the partition: a NaN bias gradient skips the step of both parts.
    const s = tensors(cpu, init);
    const skip = muonWithAdamw(s, { nonFinite: 'skip' });
    const g = tensors(cpu, values(33));
    host.write(g.b!, [Number.NaN, 0, 0, 0, 0]);
    expect(skip.step(g).skipped).toBe(true);
    expect(read(cpu, s)).toEqual(read(cpu, tensors(cpu, init)));
  });

  it('keeps numTensors flat inside tf.tidy on tfjs', async () => {
    await tf.setBackend('cpu');
    const p = tensors(tfjs, values(12, ['w', 'v']));
    const o = muon(p, { lr: 0.02 });
    const g = tensors(tfjs, values(13, ['w', 'v']));
    for (let t = 0; t < 3; t++) tf.tidy(() => void o.step(g));
    const before = tf.memory().numTensors;
    for (let t = 0; t < 30; t++) tf.tidy(() => void o.step(g));
    expect(tf.memory().numTensors).toBe(before);
    o.dispose();
  });
});

describe('adafactor', () => {
  it('refuses tensors of more than 2 dimensions', () => {
    expect(() => adafactor({ k: cpu.zeros([2, 2, 2]) })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringMatching(/^adafactor: parameter 'k' has shape \[2, 2, 2\]/) }));
  });

  it('eps [null, x] is float32 machine eps; maximize ascends what minimize descends', () => {
    const init = values(14);
    const a = tensors(cpu, init);
    const b = tensors(cpu, init);
    const c = tensors(cpu, init);
    drive(adafactor(a, { lr: 0.05, eps: [null, 1e-3] }), a, 10, 15);
    drive(adafactor(b, { lr: 0.05, eps: [FLOAT32_EPS, 1e-3] }), b, 10, 15);
    drive(adafactor(c, { lr: 0.05, eps: [null, 1e-3], maximize: true }), c, 10, 15, -1);
    expect(read(cpu, a)).toEqual(read(cpu, b));
    expect(read(cpu, c)).toEqual(read(cpu, a));
    expect(() => adafactor(a, { beta2Decay: 0.5 })).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
  });

  it('keeps factored state for matrices (rows + cols numbers) and a full one for vectors', () => {
    const p = tensors(cpu, values(16));
    const o = adafactor(p);
    drive(o, p, 2, 17);
    const s = o.stateDict().params;
    expect(s.w!.buffers.rowVar!.shape).toEqual([4, 1]);
    expect(s.w!.buffers.colVar!.shape).toEqual([1, 6]);
    expect(Object.keys(s.b!.buffers)).toEqual(['variance']);
  });
});
