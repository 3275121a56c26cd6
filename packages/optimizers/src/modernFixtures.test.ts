import { beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@descent/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createOptimizer } from './registry';
import { backends, worstRelativeError } from './testHelpers';
import type { Optimizer } from './types';

/**
 * fixtures/modern.json (copied from the shared torch fixtures): current torch's NAdam,
 * torch.optim.Muon, KellerJordan's Muon, facebookresearch's schedule-free AdamW and SGD and
 * torch.optim.Adafactor, all in float64, replayed here in float32 on every backend within
 * max(1e-5, 4 x the case's own float32 replay error) relative to (|expected| + 1e-3).
 * Schedule-free cases also check the eval point x (`expectedEval`): read after eval(),
 * then train() again before the next step.
 */
interface ModernCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  reference: string;
  shapes: number[][];
  init: number[][];
  grads: number[][][];
  expected: number[][][];
  expectedEval?: number[][][];
  float32Error: number;
}

const cases = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/modern.json', import.meta.url)), 'utf8')) as ModernCase[];

/** The options a case's reference implies in descent's names. */
export function modernOptions(c: ModernCase): Record<string, unknown> {
  if (c.optimizer === 'Muon' && c.reference.includes('KellerJordan')) return { ...c.options, variant: 'kellerJordan' };
  return c.options;
}

const worst: Record<string, number> = {};

describe.each(backends)('modern.json on $label', ({ backend, label, setup }) => {
  beforeAll(setup);

  it.each(cases.map((c) => ({ ...c, title: `${c.name}: ${c.optimizer} ${JSON.stringify(modernOptions(c))}` })))('$title', (c) => {
    const params: Record<string, Tensor> = {};
    c.shapes.forEach((shape, p) => (params[`p${p}`] = backend.fromArray(c.init[p]!, shape, `p${p}`)));
    const optimizer: Optimizer = createOptimizer(c.optimizer, params, modernOptions(c));
    optimizer.train?.();
    let error = 0;
    c.grads.forEach((step, t) => {
      const grads = step.map((g, p) => backend.fromArray(g, c.shapes[p]!));
      optimizer.step(grads);
      grads.forEach((g) => backend.dispose(g));
      c.shapes.forEach((_, p) => (error = Math.max(error, worstRelativeError(backend.read(params[`p${p}`]!), c.expected[t]![p]!))));
      if (c.expectedEval !== undefined) {
        optimizer.eval!();
        c.shapes.forEach((_, p) => (error = Math.max(error, worstRelativeError(backend.read(params[`p${p}`]!), c.expectedEval![t]![p]!))));
        optimizer.train!();
      }
    });
    optimizer.dispose();
    Object.values(params).forEach((t) => backend.dispose(t));
    const key = `${c.optimizer}${c.reference.includes('KellerJordan') ? ' (KellerJordan)' : ''} on ${label}`;
    worst[key] = Math.max(worst[key] ?? 0, error);
    expect(error).toBeLessThanOrEqual(Math.max(1e-5, 4 * c.float32Error));
  });
});

describe('modern.json worst errors', () => {
  it('prints the worst relative error per optimizer and backend', () => {
    for (const [k, v] of Object.entries(worst)) console.log(`worst ${k}: ${v.toExponential(2)}`);
    expect(Object.keys(worst).length).toBe(backends.length * new Set(cases.map((c) => c.optimizer + c.reference.includes('KellerJordan'))).size);
  });
});
