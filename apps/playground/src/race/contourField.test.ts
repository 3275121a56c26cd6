import { describe, expect, it } from 'vitest';
import { getSurface } from '@descent/datasets';
import { contourField } from './contourField';

describe('contourField', () => {
  it('spaces its levels evenly in log10(f - min) and colours every pixel', () => {
    const surface = getSurface('rosenbrock');
    const field = contourField(surface, surface.viewBox, 80, 80, 12);
    expect(field.levels).toHaveLength(13);
    expect(field.levels[0]).toBe(0);
    const logs = field.levels.slice(1).map(Math.log10);
    const gaps = logs.slice(1).map((v, i) => v - (logs[i] as number));
    for (const gap of gaps.slice(2)) expect(gap).toBeCloseTo(gaps[gaps.length - 1] as number, 1);
    expect(field.pixels.length).toBe(80 * 80 * 4);
    for (let k = 3; k < field.pixels.length; k += 4) expect(field.pixels[k]).toBe(255);
  });

  it('puts the darkest band at the minimum and the brightest at the highest corner', () => {
    const surface = getSurface('quadratic');
    const n = 101;
    const field = contourField(surface, surface.viewBox, n, n);
    const brightness = (i: number, j: number): number => {
      const k = 4 * (j * n + i);
      return (field.pixels[k] as number) + (field.pixels[k + 1] as number) + (field.pixels[k + 2] as number);
    };
    // (0, 0) is the centre pixel; the view's corners are where f is largest.
    const centre = brightness(50, 50);
    expect(centre).toBeLessThan(brightness(0, 0));
    expect(centre).toBeLessThan(brightness(100, 100));
  });
});
