import { Rng, isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { evaluateGrid } from './evaluateGrid';
import { getSurface, surfaceNames, surfaces } from './index';
import { quadratic } from './quadratic';
import type { Surface } from './surface';
import { withNoise } from './withNoise';

/** Hessian by central differences of the analytic gradient. */
function hessian(s: Surface, x: number, y: number): [number, number, number] {
  const h = 1e-5;
  const a = [0, 0];
  const b = [0, 0];
  s.grad(x + h, y, a);
  s.grad(x - h, y, b);
  const hxx = ((a[0] as number) - (b[0] as number)) / (2 * h);
  const hxy = ((a[1] as number) - (b[1] as number)) / (2 * h);
  s.grad(x, y + h, a);
  s.grad(x, y - h, b);
  const hyy = ((a[1] as number) - (b[1] as number)) / (2 * h);
  return [hxx, hxy, hyy];
}

const all = surfaceNames.map((name) => [name, surfaces[name]] as const);

describe.each(all)('surface %s', (name, s) => {
  it('has a name, title, TeX formula, a view box and starts inside it', () => {
    expect(s.name).toBe(name);
    expect(s.title.length).toBeGreaterThan(3);
    expect(s.formula).toMatch(/^f = /);
    const { xMin, xMax, yMin, yMax } = s.viewBox;
    expect(xMax > xMin && yMax > yMin).toBe(true);
    expect(s.starts.length).toBeGreaterThanOrEqual(2);
    for (const [x, y] of s.starts) expect(x >= xMin && x <= xMax && y >= yMin && y <= yMax).toBe(true);
  });

  it('has a gradient that matches central finite differences at 300 seeded points', () => {
    const rng = new Rng(12345);
    const g = new Float64Array(2);
    const { xMin, xMax, yMin, yMax } = s.viewBox;
    for (let k = 0; k < 300; k++) {
      const x = rng.uniform(xMin, xMax);
      const y = rng.uniform(yMin, yMax);
      if (name === 'ackley' && Math.hypot(x, y) < 1e-3) continue; // not differentiable at the origin
      s.grad(x, y, g);
      const hx = 1e-6 * Math.max(1, Math.abs(x));
      const hy = 1e-6 * Math.max(1, Math.abs(y));
      const fdx = (s.f(x + hx, y) - s.f(x - hx, y)) / (2 * hx);
      const fdy = (s.f(x, y + hy) - s.f(x, y - hy)) / (2 * hy);
      // Rounding error of the difference quotient: about eps |f| / h.
      const noise = (1e-15 * (1 + Math.abs(s.f(x, y)))) / hx;
      expect(Math.abs((g[0] as number) - fdx)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fdx)) + 10 * noise);
      expect(Math.abs((g[1] as number) - fdy)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fdy)) + 10 * noise);
    }
  });

  it('has stated minima with zero gradient, a positive definite Hessian and the stated value', () => {
    const g = [0, 0];
    for (const m of s.minima) {
      s.grad(m.x, m.y, g);
      expect(Math.hypot(g[0] as number, g[1] as number)).toBeLessThan(1e-9 * (1 + Math.abs(m.value)));
      expect(Math.abs(s.f(m.x, m.y) - m.value)).toBeLessThan(1e-12 * (1 + Math.abs(m.value)));
      const [hxx, hxy, hyy] = hessian(s, m.x, m.y);
      expect(hxx).toBeGreaterThan(0);
      expect(hxx * hyy - hxy * hxy).toBeGreaterThan(0);
    }
    const globals = s.minima.filter((m) => m.kind === 'global');
    for (const m of s.minima) expect(m.value).toBeGreaterThanOrEqual(Math.min(...globals.map((v) => v.value)));
    for (const p of s.saddlePoints ?? []) {
      s.grad(p.x, p.y, g);
      expect(Math.hypot(g[0] as number, g[1] as number)).toBeLessThan(1e-12);
      expect(s.f(p.x, p.y)).toBe(p.value);
    }
  });

  it('has no grid point in its view box below its global minimum', () => {
    if (s.minima.length === 0) return;
    const values = evaluateGrid(s, { nx: 201, ny: 201 });
    const lowest = Math.min(...s.minima.map((m) => m.value));
    let min = Infinity;
    for (const v of values) min = Math.min(min, v);
    expect(min).toBeGreaterThanOrEqual(Math.fround(lowest) - 1e-6 * (1 + Math.abs(lowest)));
  });
});

describe('stated minima agree with the published ones', () => {
  // [surface, x, y, value, decimals as published]
  const published: [string, number, number, number, number][] = [
    // Wikipedia "Test functions for optimization" and Jamil & Yang 2013.
    ['rosenbrock', 1, 1, 0, 10],
    ['beale', 3, 0.5, 0, 10],
    ['booth', 1, 3, 0, 10],
    ['matyas', 0, 0, 0, 10],
    ['rastrigin', 0, 0, 0, 10],
    ['ackley', 0, 0, 0, 10],
    ['goldsteinPrice', 0, -1, 3, 10],
    // Wikipedia "Himmelblau's function": four minima, coordinates to 6 decimals.
    ['himmelblau', 3, 2, 0, 6],
    ['himmelblau', -2.805118, 3.131312, 0, 6],
    ['himmelblau', -3.77931, -3.283186, 0, 6],
    ['himmelblau', 3.584428, -1.848126, 0, 6],
    // Jamil & Yang 2013 (f30) / Surjanovic & Bingham: f* = -1.0316 at ±(0.0898, -0.7126).
    ['sixHumpCamel', 0.0898, -0.7126, -1.0316, 4],
    ['sixHumpCamel', -0.0898, 0.7126, -1.0316, 4],
    // Wikipedia: x* = (-2.903534, ...), -39.16617 n < f* < -39.16616 n.
    ['styblinskiTang', -2.903534, -2.903534, -78.332330, 5],
  ];
  it.each(published)('%s at (%f, %f) = %f', (name, x, y, value, decimals) => {
    const s = getSurface(name);
    const match = s.minima.find((m) => m.kind === 'global' && Math.abs(m.x - x) < 10 ** -decimals && Math.abs(m.y - y) < 10 ** -decimals);
    expect(match, `${name} lists a global minimum near (${x}, ${y})`).toBeDefined();
    expect(Math.abs((match?.value ?? NaN) - value)).toBeLessThan(10 ** -decimals);
    expect(Math.abs(s.f(x, y) - value)).toBeLessThan(10 ** -(decimals - 2));
  });

  // Local minima as quoted in the literature (to the decimals quoted).
  const publishedLocal: [string, number, number, number, number][] = [
    // Six-hump camel: four local minima, -0.2155 at ±(1.7036, -0.7961) and 2.1043 at ±(1.6071, 0.5687)
    // (Dixon & Szegő 1978; the values usually tabulated with the global -1.0316).
    ['sixHumpCamel', 1.7036, -0.7961, -0.2155, 4],
    ['sixHumpCamel', -1.7036, 0.7961, -0.2155, 4],
    ['sixHumpCamel', 1.6071, 0.5687, 2.1043, 4],
    ['sixHumpCamel', -1.6071, -0.5687, 2.1043, 4],
    // Rastrigin: the local minima next to the global one, f = 0.99496 at (±0.99496, 0) and (0, ±0.99496).
    ['rastrigin', 0.99496, 0, 0.99496, 5],
    // Styblinski-Tang: the 1-D term (t^4 - 16t^2 + 5t)/2 has its minima -39.16617 at -2.903534 and
    // -25.02946 at 2.746803 (Styblinski & Tang 1990), so the 2-D corners are -64.19563 and -50.05892.
    ['styblinskiTang', 2.746803, -2.903534, -64.19563, 4],
    ['styblinskiTang', 2.746803, 2.746803, -50.05892, 4],
  ];
  it.each(publishedLocal)('local minimum of %s at (%f, %f) = %f', (name, x, y, value, decimals) => {
    const s = getSurface(name);
    const match = s.minima.find((m) => Math.abs(m.x - x) < 10 ** -(decimals - 1) && Math.abs(m.y - y) < 10 ** -(decimals - 1));
    expect(match, `${name} lists a minimum near (${x}, ${y})`).toBeDefined();
    expect(Math.abs(match!.value - value)).toBeLessThan(10 ** -(decimals - 1));
  });

  it('Styblinski-Tang lies within the published bounds -39.16617 n < f* < -39.16616 n', () => {
    const value = surfaces.styblinskiTang.minima[0]?.value ?? NaN;
    expect(value).toBeGreaterThan(-39.16617 * 2);
    expect(value).toBeLessThan(-39.16616 * 2);
  });

  it('Goldstein-Price local minima have the values 30, 84 and 840 reported in the literature', () => {
    expect(surfaces.goldsteinPrice.minima.filter((m) => m.kind === 'local').map((m) => m.value)).toEqual([30, 84, 840]);
  });
});

describe('quadratic', () => {
  it('has Hessian eigenvalues 1 and condition, with the stiff axis rotated by angle', () => {
    const angle = 0.4;
    const s = quadratic({ condition: 25, angle });
    const [hxx, hxy, hyy] = hessian(s, 0.3, -0.7);
    const trace = hxx + hyy;
    const det = hxx * hyy - hxy * hxy;
    const disc = Math.sqrt((trace * trace) / 4 - det);
    expect(trace / 2 + disc).toBeCloseTo(25, 6);
    expect(trace / 2 - disc).toBeCloseTo(1, 6);
    // The unit vector at angle + 90° is the eigenvector of eigenvalue 25: f grows 25 x faster.
    const v: [number, number] = [-Math.sin(angle), Math.cos(angle)];
    const u: [number, number] = [Math.cos(angle), Math.sin(angle)];
    expect(s.f(...v) / s.f(...u)).toBeCloseTo(25, 10);
  });

  it('rejects a condition number below 1', () => {
    expect(() => quadratic({ condition: 0.5 })).toThrow(/^quadratic: condition must be a finite number >= 1, got 0.5/);
  });
});

describe('getSurface', () => {
  it('returns a surface by name and lists the names on a miss', () => {
    expect(getSurface('beale')).toBe(surfaces.beale);
    expect(surfaceNames).toHaveLength(16);
    try {
      getSurface('bael');
      expect.unreachable();
    } catch (error) {
      expect(isDescentError(error, 'NOT_FOUND')).toBe(true);
      expect((error as Error).message).toMatch(/^getSurface: no surface named "bael"; expected one of quadratic, rosenbrock, beale/);
    }
    expect(() => getSurface('toString')).toThrow(/no surface named/);
  });
});

describe('withNoise', () => {
  it('adds zero-mean Gaussian noise of the given std and leaves f alone', () => {
    const noisy = withNoise(surfaces.rosenbrock, { std: 2, seed: 7 });
    const clean = [0, 0];
    surfaces.rosenbrock.grad(-1, 1, clean);
    const n = 20000;
    const g = [0, 0];
    let sum = 0;
    let squares = 0;
    let cross = 0;
    for (let i = 0; i < n; i++) {
      noisy.grad(-1, 1, g);
      const ex = (g[0] as number) - (clean[0] as number);
      const ey = (g[1] as number) - (clean[1] as number);
      sum += ex + ey;
      squares += ex * ex + ey * ey;
      cross += ex * ey;
    }
    expect(Math.abs(sum / (2 * n))).toBeLessThan(0.05); // 4 standard errors
    expect(Math.sqrt(squares / (2 * n))).toBeCloseTo(2, 1);
    expect(Math.abs(cross / n)).toBeLessThan(0.15);
    expect(noisy.f(0.5, 0.5)).toBe(surfaces.rosenbrock.f(0.5, 0.5));
  });

  it('replays the same noise after reset, and other noise for another seed', () => {
    const noisy = withNoise(surfaces.beale, { std: 1, seed: 3 });
    const draw = () => {
      const g = [0, 0];
      noisy.grad(1, 1, g);
      return g;
    };
    const first = [draw(), draw(), draw()];
    noisy.reset();
    expect([draw(), draw(), draw()]).toEqual(first);
    noisy.reset(4);
    expect(draw()).not.toEqual(first[0]);
    const none = withNoise(surfaces.beale, { std: 0 });
    const a = [0, 0];
    const b = [0, 0];
    none.grad(1, 1, a);
    surfaces.beale.grad(1, 1, b);
    expect(a).toEqual(b);
  });

  it('rejects a negative std', () => {
    expect(() => withNoise(surfaces.beale, { std: -1 })).toThrow(/^withNoise: std must be a finite number >= 0, got -1/);
  });
});

describe('evaluateGrid', () => {
  it('samples row-major from the bottom-left corner, edges included, into a reused buffer', () => {
    const s = surfaces.himmelblau;
    const out = new Float32Array(5 * 4);
    const values = evaluateGrid(s, { nx: 5, ny: 4, viewBox: { xMin: -2, xMax: 2, yMin: 0, yMax: 3 } }, out);
    expect(values).toBe(out);
    expect(values[0]).toBe(Math.fround(s.f(-2, 0)));
    expect(values[4]).toBe(Math.fround(s.f(2, 0)));
    expect(values[5 * 2 + 1]).toBe(Math.fround(s.f(-1, 2)));
    expect(values[19]).toBe(Math.fround(s.f(2, 3)));
  });

  it('rejects bad sizes, view boxes and buffers', () => {
    const s = surfaces.booth;
    expect(() => evaluateGrid(s, { nx: 1, ny: 5 })).toThrow(/^evaluateGrid: nx and ny must be integers >= 2/);
    expect(() => evaluateGrid(s, { nx: 3, ny: 3, viewBox: { xMin: 1, xMax: 1, yMin: 0, yMax: 1 } })).toThrow(/viewBox/);
    expect(() => evaluateGrid(s, { nx: 3, ny: 3 }, new Float32Array(8))).toThrow(/^evaluateGrid: out must have nx \* ny = 9 elements, got 8/);
  });
});

describe('twoWells', () => {
  it('sends plain gradient descent from its first start to the local minimum and from its second to the global one', () => {
    const s = surfaces.twoWells;
    const g = [0, 0];
    const ends = s.starts.slice(0, 2).map(([x0, y0]) => {
      let x = x0;
      let y = y0;
      for (let i = 0; i < 5000; i++) {
        s.grad(x, y, g);
        x -= 0.1 * (g[0] as number);
        y -= 0.1 * (g[1] as number);
      }
      return s.minima.find((m) => Math.hypot(m.x - x, m.y - y) < 1e-6)?.kind;
    });
    expect(ends).toEqual(['local', 'global']);
  });
});
