import { getSurface } from '@descent/datasets';
import { describe, expect, it } from 'vitest';
import { bandOf, linearLevels, logLevels, quantileLevels, sampleGrid, surfaceLevels } from './contourGrid';

describe('contour grid and levels', () => {
  const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const bowl = sampleGrid((x, y) => x * x + 4 * y * y, box, 40, 20);

  it('samples pixel centres, row 0 at the top', () => {
    expect(bowl.values.length).toBe(800);
    // Top-left pixel centre: (-1 + 1/40, 1 - 1/20).
    expect(bowl.values[0]).toBeCloseTo((-1 + 0.025) ** 2 + 4 * 0.95 ** 2, 12);
    expect(bowl.values[799]).toBeCloseTo(0.975 ** 2 + 4 * 0.95 ** 2, 12);
    expect(() => sampleGrid((x) => x, box, 0, 10)).toThrow(/sampleGrid: width and height must be positive integers, got 0 and 10/);
  });

  it('spaces log levels geometrically up to the highest value, linear ones evenly', () => {
    const { floor, levels } = logLevels(bowl, 10, 0);
    expect(floor).toBe(0);
    const ratios = levels.slice(1).map((v, i) => v / levels[i]!);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 10);
    expect(levels[0]! * ratios[0]! ** 10).toBeCloseTo(Math.max(...bowl.values), 10);
    const linear = linearLevels(bowl, 4);
    expect(linear.levels[1]! - linear.levels[0]!).toBeCloseTo(linear.levels[0]!, 12);
  });

  it('uses log levels above the global minimum on a surface with minima, linear ones on a saddle', () => {
    const camel = getSurface('sixHumpCamel');
    const grid = sampleGrid(camel.f, camel.viewBox, 60, 40);
    expect(surfaceLevels(camel, grid, 12).floor).toBeCloseTo(-1.0316, 4);
    const saddle = getSurface('saddle');
    const flat = sampleGrid(saddle.f, saddle.viewBox, 60, 60);
    expect(surfaceLevels(saddle, flat, 12)).toEqual(linearLevels(flat, 12));
  });

  it('finds the band of a height by bisection', () => {
    expect(bandOf(0.5, [1, 10, 100])).toBe(0);
    expect(bandOf(1, [1, 10, 100])).toBe(1);
    expect(bandOf(5, [1, 10, 100])).toBe(1);
    expect(bandOf(1000, [1, 10, 100])).toBe(3);
    expect(bandOf(NaN, [1, 10, 100])).toBe(3);
  });

  it('puts quantile levels where the values are: every band about the same share of the picture, on a flat surface too', () => {
    for (const name of ['saddle', 'monkeySaddle', 'plateau', 'twoWells', 'ackley']) {
      const surface = getSurface(name);
      const grid = sampleGrid(surface.f, surface.viewBox, 80, 80);
      const { floor, levels } = quantileLevels(grid, 17);
      expect(levels.length, name).toBeGreaterThanOrEqual(15);
      const counts = new Array(levels.length + 1).fill(0) as number[];
      for (const v of grid.values) counts[bandOf(v - floor, levels)]! += 1;
      // 6400 pixels in about 18 bands: none holds more than a quarter of the picture.
      expect(Math.max(...counts), name).toBeLessThan(6400 / 4);
    }
  });
});
