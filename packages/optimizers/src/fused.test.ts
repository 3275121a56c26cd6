import { Rng, cpu } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { adam } from './adam';
import { adamw } from './adamw';
import { nadam } from './nadam';
import { adamwScheduleFree } from './scheduleFree';
import { sgd } from './sgd';
import { expectAllClose } from './test-helpers';
import type { Optimizer, Params } from './types';

/**
 * The fused cpu kernels are an optimisation of the general path: same numbers (up to
 * float32 rounding of intermediates, which the general path stores and the fused loop
 * keeps in float64) for every option combination, including gradient scaling from
 * accumulation and clipping, which the kernels fold in.
 */
type Factory = (params: Params, options: Record<string, unknown>) => Optimizer;
const cases: Array<[string, Factory, Record<string, unknown>]> = [
  ['sgd', sgd as Factory, { lr: 0.1 }],
  ['sgd weightDecay maximize', sgd as Factory, { lr: 0.1, weightDecay: 0.1, maximize: true }],
  ['sgd momentum dampening', sgd as Factory, { lr: 0.05, momentum: 0.9, dampening: 0.2 }],
  ['sgd nesterov', sgd as Factory, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01 }],
  ['adam', adam as Factory, { lr: 0.01 }],
  ['adam weightDecay maximize', adam as Factory, { lr: 0.01, weightDecay: 0.1, maximize: true }],
  ['adam amsgrad', adam as Factory, { lr: 0.01, amsgrad: true, betas: [0.8, 0.95] }],
  ['adam lecture eps', adam as Factory, { lr: 0.01, epsPlacement: 'lecture', eps: 1e-4 }],
  ['adamw', adamw as Factory, { lr: 0.01, weightDecay: 0.2 }],
  ['adamw amsgrad lecture', adamw as Factory, { lr: 0.01, weightDecay: 0.2, amsgrad: true, epsPlacement: 'lecture' }],
  ['adam accumulate 3 + clipGradNorm', adam as Factory, { lr: 0.01, accumulate: 3, clipGradNorm: 0.5 }],
  ['sgd momentum accumulate 2 + clipGradNorm', sgd as Factory, { lr: 0.05, momentum: 0.9, accumulate: 2, clipGradNorm: 1 }],
  ['adam lr schedule', adam as Factory, { lr: (s: number) => 0.01 / (1 + s) }],
  ['nadam', nadam as Factory, { lr: 0.01 }],
  ['nadam weightDecay maximize momentumDecay', nadam as Factory, { lr: 0.01, weightDecay: 0.1, maximize: true, momentumDecay: 0.01, betas: [0.8, 0.99] }],
  ['nadam decoupledWeightDecay', nadam as Factory, { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true }],
  ['nadam torchVersion 1.13', nadam as Factory, { lr: 0.01, torchVersion: '1.13', eps: 1e-6 }],
  ['adamwScheduleFree', adamwScheduleFree as Factory, { lr: 0.01 }],
  ['adamwScheduleFree warmup weightDecay r', adamwScheduleFree as Factory, { lr: 0.02, warmupSteps: 5, weightDecay: 0.05, r: 1, betas: [0.8, 0.99] }],
  ['adamwScheduleFree lr schedule + clipGradNorm', adamwScheduleFree as Factory, { lr: (s: number) => 0.01 / (1 + s), clipGradNorm: 0.5, weightLrPower: 0 }],
  ['nadam accumulate 2 + clipGradNorm + lr schedule', nadam as Factory, { lr: (s: number) => 0.01 / (1 + s), accumulate: 2, clipGradNorm: 0.5 }],
];

describe.each([
  { kernel: 'SIMD (staged)', simd: true },
  { kernel: 'JS loop', simd: false },
])('fused cpu kernels ($kernel) agree with the general path', ({ simd }) => {
  it.each(cases)('%s', (_label, create, options) => {
    const n = 20_001; // several staging blocks and a tail for the JS loop
    const start = new Rng(1).fillUniform(new Float32Array(n), -1, 1);
    const results = [true, false].map((fused) => {
      const w = cpu.fromArray(start, [n], 'w');
      const optimizer = create({ w }, { ...options, fused, simd });
      const rng = new Rng(2);
      for (let t = 0; t < 30; t++) optimizer.step([cpu.fromArray(rng.fillNormal(new Float32Array(n)))]);
      const state = optimizer.stateDict();
      optimizer.eval?.();
      return { values: cpu.read(w), state };
    });
    expectAllClose(results[0]!.values, results[1]!.values, 1e-5, 1e-6);
    const [a, b] = results.map((r) => Object.values(r.state.params.w!.buffers).map((x) => x.data));
    expect(a!.length).toBe(b!.length);
    a!.forEach((buffer, i) => expectAllClose(buffer, b![i]!, 1e-5, 1e-6));
  });
});
