import { describe, expect, it } from 'vitest';
import { blobs } from './blobs';
import { circles } from './circles';
import type { ClassificationSet } from './classificationSet';
import { moons } from './moons';
import { spirals } from './spirals';
import { xor } from './xor';

function counts(set: ClassificationSet): number[] {
  const out = new Array<number>(set.classes).fill(0);
  for (const label of set.y) out[label] = (out[label] ?? 0) + 1;
  return out;
}

function points(set: ClassificationSet, label: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < set.n; i++) if (set.y[i] === label) out.push([set.x[2 * i] as number, set.x[2 * i + 1] as number]);
  return out;
}

const makers = { spirals, moons, circles, xor, blobs } as const;

describe.each(Object.entries(makers))('%s', (_name, make) => {
  it('has n points, balanced classes, is seeded, and interleaves classes', () => {
    const set = make({ n: 301, seed: 4 });
    expect(set.n).toBe(301);
    expect(set.x.length).toBe(602);
    expect(set.y.length).toBe(301);
    const c = counts(set);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
    expect(c.reduce((a, b) => a + b, 0)).toBe(301);
    expect(make({ n: 301, seed: 4 })).toEqual(set);
    expect(make({ n: 301, seed: 5 }).x).not.toEqual(set.x);
    expect(Array.from(set.y.subarray(0, 20)).some((label) => label !== set.y[0])).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => make({ n: 0 })).toThrow(/n must be a positive integer, got 0/);
    expect(() => make({ noise: -1 })).toThrow(/noise must be a finite number >= 0/);
  });
});

describe('geometry without noise', () => {
  it('moons: class 0 on the unit upper half circle, class 1 on the shifted lower one', () => {
    const set = moons({ n: 200, noise: 0 });
    for (const [x, y] of points(set, 0)) {
      expect(Math.hypot(x, y)).toBeCloseTo(1, 6);
      expect(y).toBeGreaterThanOrEqual(-1e-7);
    }
    for (const [x, y] of points(set, 1)) {
      expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 6);
      expect(y).toBeLessThanOrEqual(0.5 + 1e-7);
    }
  });

  it('circles: radius 1 and factor', () => {
    const set = circles({ n: 100, noise: 0, factor: 0.3 });
    for (const [x, y] of points(set, 0)) expect(Math.hypot(x, y)).toBeCloseTo(1, 6);
    for (const [x, y] of points(set, 1)) expect(Math.hypot(x, y)).toBeCloseTo(0.3, 6);
    expect(() => circles({ factor: 1 })).toThrow(/^circles: factor must be in \(0, 1\)/);
  });

  it('xor: class 1 exactly where the signs differ', () => {
    const set = xor({ n: 400 });
    for (let i = 0; i < set.n; i++) expect(set.y[i]).toBe(((set.x[2 * i] as number) > 0) !== ((set.x[2 * i + 1] as number) > 0) ? 1 : 0);
  });

  it('spirals: radius grows with the angle along each arm, arms a 1/classes turn apart', () => {
    const set = spirals({ n: 300, noise: 0, classes: 3 });
    expect(set.classes).toBe(3);
    for (let k = 0; k < 3; k++) {
      for (const [x, y] of points(set, k)) {
        const r = Math.hypot(x, y);
        if (r < 1e-6) continue;
        const expected = 2 * Math.PI * (k / 3 + 1.25 * r);
        const diff = Math.atan2(y, x) - expected;
        expect(Math.abs(Math.atan2(Math.sin(diff), Math.cos(diff)))).toBeLessThan(1e-5);
      }
    }
  });
});

describe('noise', () => {
  it('blobs: each class has its center as mean and noise as std', () => {
    const centers: [number, number][] = [
      [3, 0],
      [-1, 2],
    ];
    const set = blobs({ n: 20000, noise: 0.4, centers, seed: 1 });
    expect(set.classes).toBe(2);
    centers.forEach(([cx, cy], k) => {
      const p = points(set, k);
      const mx = p.reduce((s, [x]) => s + x, 0) / p.length;
      const my = p.reduce((s, [, y]) => s + y, 0) / p.length;
      const sd = Math.sqrt(p.reduce((s, [x, y]) => s + (x - cx) ** 2 + (y - cy) ** 2, 0) / (2 * p.length));
      expect(mx).toBeCloseTo(cx, 1);
      expect(my).toBeCloseTo(cy, 1);
      expect(sd).toBeCloseTo(0.4, 2);
    });
  });

  it('circles: noise spreads the radius with the given std', () => {
    const set = circles({ n: 20000, noise: 0.05, seed: 2 });
    const radii = points(set, 0).map(([x, y]) => Math.hypot(x, y) - 1);
    const sd = Math.sqrt(radii.reduce((s, d) => s + d * d, 0) / radii.length);
    expect(sd).toBeCloseTo(0.05, 2);
  });
});
