import { describe, expect, it } from 'vitest';
import { getSurface, type Surface } from '@descent/datasets';
import { bandOf, quantileLevels, sampleGrid } from '@descent/race';
import { VIRIDIS_TABLE } from '../ui/colourScale';
import { contourField } from './contourField';

/** The field computed the general way, one step at a time: the grid of f, the levels, bandOf per pixel, a colour per channel. */
function referenceField(surface: Surface, width: number, height: number, bands = 18): { pixels: Uint8ClampedArray; levels: number[] } {
  const grid = sampleGrid((x, y) => surface.f(x, y), surface.viewBox, width, height);
  const coarse = width * height > 160 * 160 ? sampleGrid((x, y) => surface.f(x, y), surface.viewBox, Math.min(width, 160), Math.min(height, 160)) : grid;
  const floor0 = surface.minima.length > 0 ? Math.min(...surface.minima.map((m) => m.value)) : undefined;
  const { floor, levels } = quantileLevels(coarse, bands - 1, floor0);
  const band = Array.from(grid.values, (v) => bandOf(v - floor, levels));
  const pixels = new Uint8ClampedArray(4 * width * height);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const k = j * width + i;
      const b = band[k]!;
      const edge = (i + 1 < width && band[k + 1] !== b) || (j + 1 < height && band[k + width] !== b);
      const t = 3 * Math.round(((b + 0.5) / bands) * 255);
      for (let c = 0; c < 3; c++) pixels[4 * k + c] = VIRIDIS_TABLE[t + c]! * (edge ? 0.62 : 1);
      pixels[4 * k + 3] = 255;
    }
  }
  const finite = Array.from(grid.values).filter(Number.isFinite);
  return { pixels, levels: [floor, ...levels.map((l) => floor + l), Math.max(Math.max(...finite), floor + (levels.at(-1) ?? 0))] };
}
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

  it('paints the same pixels and levels as the general path (grid of f, bandOf per pixel, colour per channel)', () => {
    // 90 x 70: the levels from the whole grid; 230 x 190: from a 160 x 160 grid.
    for (const [width, height] of [
      [90, 70],
      [230, 190],
    ] as const) {
      for (const name of ['rosenbrock', 'himmelblau', 'saddle', 'goldsteinPrice', 'ackley']) {
        const surface = getSurface(name);
        const field = contourField(surface, surface.viewBox, width, height);
        const reference = referenceField(surface, width, height);
        expect(field.levels, name).toEqual(reference.levels);
        expect(Buffer.from(field.pixels).equals(Buffer.from(reference.pixels)), `${name} ${width}x${height}`).toBe(true);
      }
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
