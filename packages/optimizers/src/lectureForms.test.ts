import { Rng, cpu } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { adagrad } from './adagrad';
import { adam } from './adam';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';
import { worstRelativeError } from './testHelpers';
import type { Hyperparameter } from './types';

/**
 * Where the lecture's forms of the update rules (../shared/seed/sgd-lecture.md) give
 * torch's trajectory, and where they do not. Each lecture form is written here in float64,
 * straight from the slides; the optimizers run in float32.
 */

const N = 16;
const curvature = Float64Array.from({ length: N }, (_, i) => 0.2 + (3 * i) / N);
const theta0 = Float64Array.from(new Rng(3).fillUniform(new Float32Array(N), -2, 2));
/** Gradient of f(theta) = 1/2 sum a_i theta_i^2: it depends on where it is evaluated. */
const gradAt = (theta: ArrayLike<number>): Float64Array => Float64Array.from(curvature, (a, i) => a * theta[i]!);
const lrAt = (lr: Hyperparameter, step: number): number => (typeof lr === 'function' ? lr(step) : lr);
const constant = 0.05;
const decaying = (step: number): number => 0.05 * 0.5 ** Math.floor(step / 5);
const STEPS = 20;

/** torch's SGD in this package, gradients taken at its own parameters. */
function torchSgd(lr: Hyperparameter, nesterov: boolean): Float64Array[] {
  const w = cpu.fromArray(theta0, [N], 'w');
  const optimizer = sgd({ w }, { lr, momentum: 0.9, nesterov });
  const out: Float64Array[] = [];
  for (let t = 0; t < STEPS; t++) {
    optimizer.step([cpu.fromArray(gradAt(cpu.read(w)))]);
    out.push(Float64Array.from(cpu.read(w)));
  }
  return out;
}

/**
 * The slides' momentum, v <- mu v - nu grad(point); theta <- theta + v, where `point(theta, v)`
 * is where the gradient is taken; the points after each step are returned.
 */
function lectureMomentumAt(point: (theta: Float64Array, v: Float64Array) => Float64Array, lr: Hyperparameter, mu: number): Float64Array[] {
  const theta = theta0.slice();
  const v = new Float64Array(N);
  const out: Float64Array[] = [];
  for (let t = 0; t < STEPS; t++) {
    const g = gradAt(point(theta, v));
    for (let i = 0; i < N; i++) {
      v[i] = mu * v[i]! - lrAt(lr, t) * g[i]!;
      theta[i] = theta[i]! + v[i]!;
    }
    out.push(point(theta, v));
  }
  return out;
}

/** The slide "SGD with Momentum": v <- mu v - nu grad; theta <- theta + v. */
function lectureMomentum(lr: Hyperparameter, mu = 0.9): Float64Array[] {
  return lectureMomentumAt((theta) => theta.slice(), lr, mu);
}

/**
 * The slide "Nesterov's Accelerated Momentum": the gradient at the look-ahead point
 * theta~ = theta + mu v. torch's parameters are the lecture's look-ahead points, so that is
 * what is returned (theta + mu v after each step).
 */
function lectureNesterovLookAhead(lr: Hyperparameter, mu = 0.9): Float64Array[] {
  return lectureMomentumAt((theta, v) => theta.map((x, i) => x + mu * v[i]!), lr, mu);
}

// float32 optimizer vs float64 slide: 20 steps of momentum 0.9 on curvatures up to 3.2 amplify
// float32 rounding to ~2e-5 relative; "different" means > 1e-2, three orders above SAME.
const SAME = 1e-4;

function worst(a: Float64Array[], b: Float64Array[]): number {
  return Math.max(...a.map((x, t) => worstRelativeError(x, b[t]!)));
}

describe('momentum: torch (b <- mu b + g; theta -= lr b) vs the lecture (v <- mu v - lr g; theta += v)', () => {
  it('is the same trajectory while lr is constant (v = -lr b)', () => {
    expect(worst(torchSgd(constant, false), lectureMomentum(constant))).toBeLessThan(SAME);
  });
  it('differs once lr changes: torch rescales the whole buffer, the lecture only new gradients', () => {
    expect(worst(torchSgd(decaying, false), lectureMomentum(decaying))).toBeGreaterThan(1e-2);
  });
});

describe("Nesterov: torch's form vs the lecture's look-ahead gradient", () => {
  it("is the same trajectory while lr is constant: torch's parameters are the look-ahead points theta + mu v", () => {
    expect(worst(torchSgd(constant, true), lectureNesterovLookAhead(constant))).toBeLessThan(SAME);
  });
  it('differs once lr changes', () => {
    expect(worst(torchSgd(decaying, true), lectureNesterovLookAhead(decaying))).toBeGreaterThan(1e-2);
  });
});

describe("epsPlacement: 'lecture' puts eps inside the square root", () => {
  const rng = new Rng(9);
  const grads = Array.from({ length: STEPS }, () => Float64Array.from(rng.fillNormal(new Float32Array(N), 0, 0.1)));
  const eps = 1e-3; // large enough for the placement to matter

  /** Replays `grads` through the optimizer and through a float64 lecture formula. */
  function compare(
    create: (w: ReturnType<typeof cpu.fromArray>, placement: 'torch' | 'lecture') => { step: (g: ReturnType<typeof cpu.fromArray>[]) => unknown },
    lecture: (theta: Float64Array, g: Float64Array, t: number) => void,
  ): { lectureOption: number; torchOption: number } {
    const theta = theta0.slice();
    const expected = grads.map((g, t) => {
      lecture(theta, g, t + 1);
      return theta.slice();
    });
    const run = (placement: 'torch' | 'lecture'): Float64Array[] => {
      const w = cpu.fromArray(theta0, [N], 'w');
      const optimizer = create(w, placement);
      return grads.map((g) => {
        optimizer.step([cpu.fromArray(g)]);
        return Float64Array.from(cpu.read(w));
      });
    };
    return { lectureOption: worst(run('lecture'), expected), torchOption: worst(run('torch'), expected) };
  }

  it('Adagrad: c <- c + g^2; theta <- theta - nu g / sqrt(c + eps)', () => {
    const c = new Float64Array(N);
    const r = compare(
      (w, epsPlacement) => adagrad({ w }, { lr: 0.1, eps, epsPlacement }),
      (theta, g) => {
        for (let i = 0; i < N; i++) {
          c[i] = c[i]! + g[i]! ** 2;
          theta[i] = theta[i]! - (0.1 * g[i]!) / Math.sqrt(c[i]! + eps);
        }
      },
    );
    expect(r.lectureOption).toBeLessThan(1e-5);
    expect(r.torchOption).toBeGreaterThan(1e-3);
  });

  it('RMSprop: c <- beta c + (1 - beta) g^2; theta <- theta - nu g / sqrt(c + eps)', () => {
    const c = new Float64Array(N);
    const r = compare(
      (w, epsPlacement) => rmsprop({ w }, { lr: 0.01, alpha: 0.9, eps, epsPlacement }),
      (theta, g) => {
        for (let i = 0; i < N; i++) {
          c[i] = 0.9 * c[i]! + 0.1 * g[i]! ** 2;
          theta[i] = theta[i]! - (0.01 * g[i]!) / Math.sqrt(c[i]! + eps);
        }
      },
    );
    expect(r.lectureOption).toBeLessThan(1e-5);
    expect(r.torchOption).toBeGreaterThan(1e-3);
  });

  it('Adam with bias correction: theta <- theta - nu m_hat / sqrt(v_hat + eps)', () => {
    const m = new Float64Array(N);
    const v = new Float64Array(N);
    const r = compare(
      (w, epsPlacement) => adam({ w }, { lr: 0.01, eps, epsPlacement }),
      (theta, g, t) => {
        for (let i = 0; i < N; i++) {
          m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
          const mHat = m[i]! / (1 - 0.9 ** t);
          const vHat = v[i]! / (1 - 0.999 ** t);
          theta[i] = theta[i]! - (0.01 * mHat) / Math.sqrt(vHat + eps);
        }
      },
    );
    expect(r.lectureOption).toBeLessThan(1e-5);
    expect(r.torchOption).toBeGreaterThan(1e-3);
  });
});
