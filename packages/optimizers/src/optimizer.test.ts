import { DescentError, Rng, cpu } from '@descent/core';
import type { Tensor } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { adamw } from './adamw';
import { clipGradNorm, clipGradValue } from './clip';
import { sgd } from './sgd';
import { expectAllClose } from './testHelpers';

/** The machinery every optimizer shares: groups, schedules, clipping, accumulation, telemetry, state. */

const model = (): Record<string, Tensor> => ({
  'fc1.weight': cpu.fromArray([0.5, -0.5, 1, 2], [2, 2], 'fc1.weight'),
  'fc1.bias': cpu.fromArray([0.1, -0.1], [2], 'fc1.bias'),
  'fc2.weight': cpu.fromArray([1, -1], [1, 2], 'fc2.weight'),
});
const grads = (scale = 1): Record<string, Tensor> => ({
  'fc1.weight': cpu.fromArray([1, 2, 3, 4].map((x) => x * scale), [2, 2]),
  'fc1.bias': cpu.fromArray([0.5, -0.5].map((x) => x * scale)),
  'fc2.weight': cpu.fromArray([-1, 1].map((x) => x * scale), [1, 2]),
});
const read = (p: Record<string, Tensor>): Record<string, number[]> => Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Array.from(t.backend.read(t))]));

describe('parameter groups', () => {
  it('applies overrides by pattern, list and predicate; first match wins; default group first', () => {
    const params = model();
    const optimizer = sgd(params, {
      lr: 0.1,
      groups: [
        { params: /bias$/, lr: 0.5 },
        { params: ['fc2.weight', 'fc1.bias'], lr: 0.01 },
      ],
    });
    expect(optimizer.groups.map((g) => [g.names, g.lr])).toEqual([
      [['fc1.weight'], 0.1],
      [['fc1.bias'], 0.5],
      [['fc2.weight'], 0.01],
    ]);
    optimizer.step(grads());
    expectAllClose(read(params)['fc1.bias']!, [0.1 - 0.25, -0.1 + 0.25]);
    expectAllClose(read(params)['fc2.weight']!, [1.01, -1.01]);
    expectAllClose(read(params)['fc1.weight']!, [0.4, -0.7, 0.7, 1.6]);
  });

  it('the usual recipe: AdamW without weight decay on biases', () => {
    const params = model();
    const optimizer = adamw(params, { lr: 0.1, weightDecay: 0.5, groups: [{ params: (n) => n.endsWith('.bias'), weightDecay: 0 }] });
    const zero = { 'fc1.weight': cpu.zeros([2, 2]), 'fc1.bias': cpu.zeros([2]), 'fc2.weight': cpu.zeros([1, 2]) };
    optimizer.step(zero); // zero gradient: only the decay moves parameters
    expectAllClose(read(params)['fc1.bias']!, [0.1, -0.1]);
    expectAllClose(read(params)['fc2.weight']!, [0.95, -0.95]);
  });

  it('rejects unknown names and non-overridable options in groups', () => {
    expect(() => sgd(model(), { groups: [{ params: ['nope'] }] })).toThrow(/groups\[0\]\.params names unknown parameters: 'nope'/);
    expect(() => sgd(model(), { groups: [{ params: /x/, accumulate: 2 } as never] })).toThrow(/groups\[0\]\.accumulate is not an option a group can override/);
  });
});

describe('constant hyperparameters and schedules', () => {
  it("are frozen in a group's view: changing one is refused (a hyperparameter that varies is a schedule)", () => {
    const optimizer = adam(model(), { lr: 0.1, groups: [{ params: /bias$/, lr: 0.5 }] });
    for (const g of optimizer.groups) {
      expect(Object.isFrozen(g.options)).toBe(true);
      expect(() => {
        (g.options as Record<string, unknown>).lr = 1;
      }).toThrow(TypeError);
    }
    expect(optimizer.groups.map((g) => g.lr)).toEqual([0.1, 0.5]);
  });

  it('resolved once give, step after step, what the same values resolved at every step (as schedules) give', () => {
    // lr 0.1 is resolved at construction and reused; () => 0.1 is a schedule, evaluated and
    // checked at every step: the parameters must agree bitwise, in every group, at every step.
    const constant = model();
    const scheduled = model();
    const a = adamw(constant, { lr: 0.1, betas: [0.8, 0.9], groups: [{ params: /bias$/, lr: 0.5, weightDecay: 0 }] });
    const b = adamw(scheduled, { lr: () => 0.1, betas: [() => 0.8, 0.9], groups: [{ params: /bias$/, lr: () => 0.5, weightDecay: 0 }] });
    for (let k = 1; k <= 5; k++) {
      expect(a.step(grads(k)).lr).toBe(b.step(grads(k)).lr);
      expect(read(constant)).toEqual(read(scheduled));
    }
    expect(a.stateDict().params).toEqual(b.stateDict().params);
  });
});

describe('schedules', () => {
  it('calls a schedule with the step count before the update (0 first) and exposes the current lr', () => {
    const seen: number[] = [];
    const params = model();
    const optimizer = sgd(params, {
      lr: (step) => {
        seen.push(step);
        return 0.1 / (step + 1);
      },
    });
    expect(optimizer.lr).toBeCloseTo(0.1);
    const r0 = optimizer.step(grads());
    expect(r0.lr).toBeCloseTo(0.1);
    expect(optimizer.lr).toBeCloseTo(0.05);
    expect(optimizer.groups[0]!.lr).toBeCloseTo(0.05);
    expect(optimizer.step(grads()).lr).toBeCloseTo(0.05);
    expect(new Set(seen)).toEqual(new Set([0, 1]));
  });

  it('schedules momentum: SGD follows the momentum of each step, not the first one', () => {
    // momentum 0.9 on the first step, 0 on the second: buf = g, then buf = 0 * buf + g.
    const scheduled = model();
    const a = sgd(scheduled, { lr: 0.1, momentum: (s) => (s < 1 ? 0.9 : 0) });
    a.step(grads());
    a.step(grads());
    // 0.5 - 0.1 * 1 - 0.1 * 1 (the second step's buffer is the gradient alone)
    expectAllClose(read(scheduled)['fc1.weight']!, [0.5 - 0.2, -0.5 - 0.4, 1 - 0.6, 2 - 0.8], 1e-6, 1e-7);
    const constant = model();
    const b = sgd(constant, { lr: 0.1, momentum: 0.9 });
    b.step(grads());
    b.step(grads());
    // With a constant 0.9 the second step moves by 0.1 * 1.9 g: the schedule was not ignored.
    expectAllClose(read(constant)['fc1.weight']!, [0.5 - 0.29, -0.5 - 0.58, 1 - 0.87, 2 - 1.16], 1e-6, 1e-7);
  });

  it('schedules betas: Adam uses beta1 of each step, in its moment and its bias correction', () => {
    // torch's Adam with beta1 = 0.9 on step 1 and 0 on step 2 (beta2 = 0.999), gradients g and 3g.
    const params = { w: cpu.fromArray([1, -2], [2], 'w') };
    const optimizer = adam(params, { betas: [(s) => (s < 1 ? 0.9 : 0), 0.999], lr: 0.1 });
    const g1 = [0.5, 2];
    const g2 = [1.5, -1];
    optimizer.step({ w: cpu.fromArray(g1) });
    optimizer.step({ w: cpu.fromArray(g2) });
    const expected = [1, -2].map((p0, i) => {
      const a = g1[i]!;
      const b = g2[i]!;
      const step1 = (0.1 * ((0.1 * a) / (1 - 0.9))) / (Math.sqrt((0.001 * a * a) / (1 - 0.999)) + 1e-8);
      const v2 = 0.999 * 0.001 * a * a + 0.001 * b * b;
      const step2 = (0.1 * b) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8); // beta1 = 0: m = g2, no bias correction
      return p0 - step1 - step2;
    });
    expectAllClose(read(params).w!, expected, 1e-6, 1e-7);
  });
});

describe('gradient clipping', () => {
  it('clipGradNorm as an option equals clipping the gradients first, without touching them', () => {
    const a = model();
    const b = model();
    const ga = grads();
    const report = sgd(a, { lr: 0.1, clipGradNorm: 1 }).step(ga);
    expect(read(ga)['fc1.weight']).toEqual([1, 2, 3, 4]); // the caller's gradients are intact
    const gb = grads();
    const norm = clipGradNorm(gb, 1);
    sgd(b, { lr: 0.1 }).step(gb);
    expect(report.gradNorm).toBeCloseTo(norm, 6);
    expect(norm).toBeCloseTo(Math.sqrt(1 + 4 + 9 + 16 + 0.25 + 0.25 + 1 + 1), 6);
    expect(report.clipped).toBe(true);
    expect(read(a)).toEqual(read(b));
  });

  it('clipGradValue as an option equals clamping the gradients first', () => {
    const a = model();
    const b = model();
    sgd(a, { lr: 0.1, clipGradValue: 1.5 }).step(grads());
    const gb = grads();
    clipGradValue(gb, 1.5);
    expect(read(gb)['fc1.weight']).toEqual([1, 1.5, 1.5, 1.5]);
    sgd(b, { lr: 0.1 }).step(gb);
    expect(read(a)).toEqual(read(b));
  });

  it('rejects a bad threshold', () => {
    expect(() => clipGradNorm(grads(), 0)).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
    expect(() => sgd(model(), { clipGradValue: -1 })).toThrow(/clipGradValue must be > 0, got -1/);
  });
});

describe('gradient accumulation', () => {
  it('k steps of accumulate: k equal one step with the mean gradient', () => {
    const a = model();
    const b = model();
    const optimizer = adam(a, { lr: 0.1, accumulate: 3 });
    expect(optimizer.step(grads(1))).toMatchObject({ applied: false, accumulated: 1, step: 0 });
    expect(optimizer.step(grads(2))).toMatchObject({ applied: false, accumulated: 2, step: 0 });
    expect(read(a)).toEqual(read(model()));
    expect(optimizer.step(grads(6))).toMatchObject({ applied: true, accumulated: 0, step: 1 });
    adam(b, { lr: 0.1 }).step(grads(3));
    expectAllClose(read(a)['fc1.weight']!, read(b)['fc1.weight']!, 1e-6);
  });

  it('saves a half-full accumulation and resumes it', () => {
    const a = model();
    const optimizer = sgd(a, { lr: 0.1, momentum: 0.9, accumulate: 2 });
    optimizer.step(grads(1));
    const saved = JSON.parse(JSON.stringify(optimizer.stateDict()));
    expect(saved.accumulation.count).toBe(1);
    const b = model();
    const resumed = sgd(b, { lr: 0.1, momentum: 0.9, accumulate: 2 });
    resumed.loadStateDict(saved);
    optimizer.step(grads(3));
    resumed.step(grads(3));
    expect(read(b)).toEqual(read(a));
  });
});

describe('non-finite gradients', () => {
  const bad = (): Record<string, Tensor> => ({ ...grads(), 'fc1.bias': cpu.fromArray([Number.POSITIVE_INFINITY, 0]) });

  it("throws NON_FINITE by default, naming the parameter", () => {
    expect(() => sgd(model(), {}).step(bad())).toThrow(/sgd\.step: gradient of 'fc1\.bias' holds NaN or Infinity/);
  });

  it("with nonFinite: 'skip', skips and reports", () => {
    const params = model();
    const optimizer = sgd(params, { nonFinite: 'skip', lr: 0.1 });
    expect(optimizer.step(bad())).toMatchObject({ applied: false, skipped: true, step: 0 });
    expect(read(params)).toEqual(read(model()));
    expect(optimizer.step(grads())).toMatchObject({ applied: true, skipped: false, step: 1 });
  });
});

describe('telemetry', () => {
  it('reports gradient norm, update norm and update-to-weight ratio', () => {
    const params = model();
    const report = sgd(params, { lr: 0.1, telemetry: true }).step(grads());
    const gradNorm = Math.sqrt(1 + 4 + 9 + 16 + 0.25 + 0.25 + 1 + 1);
    expect(report.gradNorm).toBeCloseTo(gradNorm, 5);
    expect(report.updateNorm).toBeCloseTo(0.1 * gradNorm, 5);
    const weights = Object.values(read(params)).flat();
    const weightNorm = Math.sqrt(weights.reduce((s, x) => s + x * x, 0));
    expect(report.weightNorm).toBeCloseTo(weightNorm, 5);
    expect(report.updateToWeight).toBeCloseTo((0.1 * gradNorm) / weightNorm, 5);
  });
});

describe('gradients by name or by position', () => {
  it('matches an array in parameter order, whatever the group order', () => {
    const a = model();
    const b = model();
    const g = grads();
    sgd(a, { lr: 0.1, groups: [{ params: /fc2/, lr: 0.2 }] }).step(g);
    sgd(b, { lr: 0.1, groups: [{ params: /fc2/, lr: 0.2 }] }).step([g['fc1.weight']!, g['fc1.bias']!, g['fc2.weight']!]);
    expect(read(a)).toEqual(read(b));
  });

  it('accepts parameters as an array of { name, tensor }', () => {
    const p = model();
    const optimizer = sgd(Object.entries(p).map(([name, tensor]) => ({ name, tensor })), { lr: 1 });
    expect(optimizer.groups[0]!.names).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
  });

  it('rejects parameters on two backends and duplicate names', () => {
    const other = { ...cpu, name: 'other' } as unknown as typeof cpu;
    const stranger = { ...cpu.zeros([2]), backend: other } as Tensor;
    expect(() => sgd({ a: cpu.zeros([2]), b: stranger })).toThrow(expect.objectContaining({ code: 'MIXED_BACKENDS' }));
    expect(() => sgd([{ name: 'a', tensor: cpu.zeros([1]) }, { name: 'a', tensor: cpu.zeros([1]) }])).toThrow(/names must be unique/);
    expect(() => sgd({})).toThrow(/at least one parameter/);
  });
});

describe('state save and load', () => {
  it('is versioned, JSON-serialisable, keyed by parameter names', () => {
    const optimizer = adam(model(), { lr: 0.1, groups: [{ params: /bias/, lr: (s) => 0.1 * s }] });
    optimizer.step(grads());
    const state = optimizer.stateDict();
    expect(state).toMatchObject({ format: 'descent-optimizer', version: 1, optimizer: 'adam', stepCount: 1 });
    expect(Object.keys(state.params)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
    expect(Object.keys(state.params['fc1.weight']!.buffers)).toEqual(['expAvg', 'expAvgSq']);
    expect(state.params['fc1.weight']!.buffers.expAvg!.shape).toEqual([2, 2]);
    expect(state.groups[1]!.options.lr).toBe('schedule');
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('strict loading names the missing parameter; partial loading keeps it as it is', () => {
    const source = adam(model(), { lr: 0.1 });
    source.step(grads());
    const state = source.stateDict();
    delete state.params['fc1.bias'];
    const target = adam(model(), { lr: 0.1 });
    expect(() => target.loadStateDict(state)).toThrow(/no entry for parameter 'fc1\.bias'/);
    expect(target.stepCount).toBe(0);
    target.loadStateDict(state, { strict: false });
    expect(target.stepCount).toBe(1);
    expect(target.stateDict().params['fc1.bias']).toEqual({ step: 0, scalars: {}, buffers: {} });
  });

  it('says which buffer has the wrong shape, and which parameters are unknown', () => {
    const source = adam(model(), { lr: 0.1 });
    source.step(grads());
    const wrong = source.stateDict();
    wrong.params['fc2.weight']!.buffers.expAvg = { shape: [2], data: [0, 0] };
    const target = adam(model(), { lr: 0.1 });
    expect(() => target.loadStateDict(wrong)).toThrow(/buffer 'expAvg' of parameter 'fc2\.weight' has shape \[2\], expected \[1, 2\]/);
    const extra = source.stateDict();
    extra.params['fc3.weight'] = { step: 1, scalars: {}, buffers: {} };
    expect(() => target.loadStateDict(extra)).toThrow(/unknown parameters 'fc3\.weight'/);
    expect(() => target.loadStateDict({ ...source.stateDict(), optimizer: 'sgd' })).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    expect(() => target.loadStateDict({ ...source.stateDict(), version: 2 as 1 })).toThrow(/unsupported state version 2/);
    expect(target.stepCount).toBe(0);
  });
});

describe('dispose', () => {
  it('frees the state; the optimizer then refuses to step', () => {
    const optimizer = adam(model());
    optimizer.step(grads());
    optimizer.dispose();
    expect(() => optimizer.step(grads())).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
    expect(() => optimizer.step(grads())).toThrow(DescentError);
  });
});

describe('nesterov validation', () => {
  it('needs momentum > 0 and dampening = 0', () => {
    expect(() => sgd(model(), { nesterov: true })).toThrow(/sgd: nesterov requires momentum > 0 and dampening = 0, got momentum=0, dampening=0/);
    expect(() => sgd(model(), { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(expect.objectContaining({ code: 'INVALID_HYPERPARAMETER' }));
    expect(() => sgd(model(), { nesterov: true, momentum: 0.9 })).not.toThrow();
  });
});

it('random data through every path stays finite', () => {
  const rng = new Rng(1);
  const w = cpu.fromArray(rng.fillNormal(new Float32Array(100)), [100], 'w');
  const optimizer = adamw({ w }, { lr: 1e-2, clipGradNorm: 1, accumulate: 2, telemetry: true });
  for (let t = 0; t < 20; t++) optimizer.step([cpu.fromArray(rng.fillNormal(new Float32Array(100)))]);
  expect(cpu.allFinite(w)).toBe(true);
  expect(optimizer.stepCount).toBe(10);
});
