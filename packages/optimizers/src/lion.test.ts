import { Rng, cpu } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lion } from './lion';
import { backends, worstRelativeError } from './testHelpers';

/**
 * Lion against Algorithm 2 of Chen et al. 2023 ("Symbolic Discovery of Optimization
 * Algorithms"), written here independently in float64:
 *   update = interp(m, g, beta1) = beta1 m + (1 - beta1) g
 *   theta  = theta - lr (sign(update) + lambda theta)
 *   m      = beta2 m + (1 - beta2) g
 */
function paperLion(theta0: Float64Array, grads: Float64Array[], lr: number, beta1: number, beta2: number, lambda: number): Float64Array[] {
  const theta = theta0.slice();
  const m = new Float64Array(theta.length);
  const out: Float64Array[] = [];
  for (const g of grads) {
    for (let i = 0; i < theta.length; i++) {
      const c = beta1 * m[i]! + (1 - beta1) * g[i]!;
      theta[i] = theta[i]! - lr * (Math.sign(c) + lambda * theta[i]!);
      m[i] = beta2 * m[i]! + (1 - beta2) * g[i]!;
    }
    out.push(theta.slice());
  }
  return out;
}

describe.each(backends)('lion on $label', ({ backend, setup }) => {
  beforeAll(setup);

  it.each([
    { lr: 1e-4, betas: [0.9, 0.99] as const, weightDecay: 0 },
    { lr: 3e-3, betas: [0.95, 0.98] as const, weightDecay: 0.1 },
  ])('follows the paper (lr $lr, betas $betas, weightDecay $weightDecay)', ({ lr, betas, weightDecay }) => {
    const n = 64;
    const rng = new Rng(7);
    const theta0 = Float64Array.from(rng.fillUniform(new Float32Array(n), -1, 1));
    const grads = Array.from({ length: 40 }, () => Float64Array.from(rng.fillNormal(new Float32Array(n))));
    const expected = paperLion(theta0, grads, lr, betas[0], betas[1], weightDecay);
    const w = backend.fromArray(theta0, [n], 'w');
    const optimizer = lion({ w }, { lr, betas, weightDecay });
    grads.forEach((g, t) => {
      const grad = backend.fromArray(g);
      optimizer.step([grad]);
      backend.dispose(grad);
      const got = backend.read(w);
      expect(worstRelativeError(got, expected[t]!)).toBeLessThanOrEqual(1e-5);
    });
    optimizer.dispose();
  });
});

it('lion: every coordinate moves by exactly lr when weightDecay is 0 (sign update)', () => {
  const w = cpu.fromArray([0.5, -0.25, 2]);
  const optimizer = lion({ w }, { lr: 0.125 });
  optimizer.step([cpu.fromArray([3, -1e-6, 0.5])]);
  expect(Array.from(cpu.read(w))).toEqual([0.375, -0.125, 1.875]);
});
