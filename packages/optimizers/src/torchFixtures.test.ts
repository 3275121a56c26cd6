import { describe, expect, it, beforeAll } from 'vitest';
import type { Tensor } from '@descent/core';
import { createOptimizer } from './registry';
import { createWasmArena } from './fused/wasmArena';
import { backends, torchCases, worstRelativeError } from './testHelpers';

/**
 * PyTorch 1.13 trajectories (fixtures/optimizers.json, copied from the shared torch fixtures; NAdam
 * through `torchVersion: '1.13'`):
 * every case replayed for 25 steps on every backend, and on the cpu backend through both
 * the fused kernels and the general path, within the README's float32 tolerance.
 */
const cases = torchCases();
const TOLERANCE = 1e-5;

const runs = [
  ...backends.map((b) => ({ ...b, fused: true, simd: true, arena: false })),
  { ...backends[0]!, label: 'cpu (fused JS loop, simd: false)', fused: true, simd: false, arena: false },
  { ...backends[0]!, label: 'cpu (general path, fused: false)', fused: false, simd: false, arena: false },
  { ...backends[0]!, label: 'cpu, tensors in a WasmArena (SIMD kernels in place)', fused: true, simd: true, arena: true },
];

describe.each(runs)('torch fixtures on $label', ({ backend, setup, fused, simd, arena }) => {
  beforeAll(setup);

  const memory = arena ? createWasmArena(4 << 20) : null;
  const make = (values: number[], shape: number[], name?: string): Tensor =>
    memory === null ? backend.fromArray(values, shape, name) : memory.fromArray(values, shape, name);
  it.each(cases.map((c, i) => ({ ...c, title: `${i}: ${c.optimizer} ${JSON.stringify(c.options)}` })))('$title', (c) => {
    const params: Record<string, Tensor> = {};
    c.shapes.forEach((shape, p) => (params[`p${p}`] = make(c.init[p]!, shape, `p${p}`)));
    // optimizers.json is torch 1.13's: its NAdam cases follow 1.13's single-tensor rule.
    const version = c.optimizer === 'NAdam' ? { torchVersion: '1.13' } : {};
    const optimizer = createOptimizer(c.optimizer, params, { ...c.options, ...version, fused, simd });
    let worst = 0;
    c.grads.forEach((step, t) => {
      const grads = step.map((g, p) => make(g, c.shapes[p]!));
      optimizer.step(grads);
      grads.forEach((g) => backend.dispose(g));
      c.shapes.forEach((_, p) => {
        worst = Math.max(worst, worstRelativeError(backend.read(params[`p${p}`]!), c.expected[t]![p]!));
      });
    });
    optimizer.dispose();
    Object.values(params).forEach((t) => backend.dispose(t));
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });
});

