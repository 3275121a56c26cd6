import { describe, expect, it } from 'vitest';
import { getSurface } from '@descent/datasets';
import { contourField } from './contourField';
import { edgeLabels } from './fieldLegend';

describe('contourField', () => {
  it('puts its levels at quantiles, so a flat surface gets every colour, and colours every pixel', () => {
    for (const name of ['rosenbrock', 'saddle', 'monkeySaddle', 'plateau', 'twoWells', 'ackley']) {
      const surface = getSurface(name);
      const field = contourField(surface, surface.viewBox, 80, 80, 12);
      expect(field.levels.length, name).toBeGreaterThanOrEqual(11);
      for (let k = 1; k < field.levels.length; k++) expect(field.levels[k]!, name).toBeGreaterThan(field.levels[k - 1]!);
      const colours = new Map<number, number>();
      for (let k = 0; k < field.pixels.length; k += 4) {
        const c = (field.pixels[k]! << 16) | (field.pixels[k + 1]! << 8) | field.pixels[k + 2]!;
        colours.set(c, (colours.get(c) ?? 0) + 1);
      }
      // At least 10 band colours, none on more than a fifth of the picture (today's saddle: one colour).
      expect([...colours.values()].filter((n) => n > 40).length, name).toBeGreaterThanOrEqual(10);
      expect(Math.max(...colours.values()), name).toBeLessThan(6400 / 5);
      expect(field.pixels.length).toBe(80 * 80 * 4);
      for (let k = 3; k < field.pixels.length; k += 4) expect(field.pixels[k]).toBe(255);
    }
  });

  it('labels the colour bar with distinct values (the fewest digits that tell neighbours apart)', () => {
    expect(edgeLabels([0, 0.5, 1.02, 1.04], [0, 1, 2, 3])).toEqual(['0', '0.5', '1.02', '1.04']);
    expect(edgeLabels([-4.001, -4.002, -4.003], [0, 1, 2])).toEqual(['-4.001', '-4.002', '-4.003']);
    const surface = getSurface('saddle');
    const field = contourField(surface, surface.viewBox, 60, 60);
    const texts = edgeLabels(field.levels, field.levels.map((_, i) => i));
    expect(new Set(texts).size).toBe(texts.length);
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
