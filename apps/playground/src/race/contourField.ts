import { bandOf, quantileLevels, sampleGrid } from '@descent/race';
import type { Surface, ViewBox } from '@descent/datasets';
import { VIRIDIS_TABLE } from '../ui/colourScale';

/** A rendered field: RGBA pixels and the levels that separate its bands. */
export interface ContourField {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  /** The value the levels are heights above: the global minimum, or the lowest value on the grid. */
  floor: number;
  /** Band edges as f values, ascending (`bands + 1` of them, the first being `floor`). */
  levels: number[];
}

/**
 * Filled contours of `surface` over `viewBox` at `width` x `height` pixels, on the grid of
 * `@descent/race`: up to `bands - 1` levels at quantiles of the sampled values (each band an
 * equal share of the picture, so a flat surface such as a saddle or a plateau gets colour
 * where log or linear spacing would paint one band), each band coloured by viridis and a
 * darker line where the band changes between neighbouring pixels.
 *
 * @example
 * const field = contourField(surface, surface.viewBox, 400, 400);
 */
export function contourField(surface: Surface, viewBox: ViewBox, width: number, height: number, bands = 18): ContourField {
  const n = width * height;
  const grid = sampleGrid((x, y) => surface.f(x, y), viewBox, width, height);
  const floor0 = surface.minima.length > 0 ? Math.min(...surface.minima.map((m) => m.value)) : undefined;
  // The quantiles from a grid of at most 160 x 160 (a sort of 26k values, not of every pixel).
  const coarse = width * height > 160 * 160 ? sampleGrid((x, y) => surface.f(x, y), viewBox, Math.min(width, 160), Math.min(height, 160)) : grid;
  const { floor, levels } = quantileLevels(coarse, bands - 1, floor0);
  const band = new Uint8Array(n);
  for (let k = 0; k < n; k++) band[k] = bandOf((grid.values[k] as number) - floor, levels);
  const colours = new Uint8ClampedArray(3 * bands);
  for (let b = 0; b < bands; b++) {
    const i = 3 * Math.round(((b + 0.5) / bands) * 255);
    colours[3 * b] = VIRIDIS_TABLE[i] as number;
    colours[3 * b + 1] = VIRIDIS_TABLE[i + 1] as number;
    colours[3 * b + 2] = VIRIDIS_TABLE[i + 2] as number;
  }
  const pixels = new Uint8ClampedArray(4 * n);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const k = j * width + i;
      const b = band[k] as number;
      const edge = (i + 1 < width && band[k + 1] !== b) || (j + 1 < height && band[k + width] !== b);
      const shade = edge ? 0.62 : 1;
      pixels[4 * k] = (colours[3 * b] as number) * shade;
      pixels[4 * k + 1] = (colours[3 * b + 1] as number) * shade;
      pixels[4 * k + 2] = (colours[3 * b + 2] as number) * shade;
      pixels[4 * k + 3] = 255;
    }
  }
  let highest = -Infinity;
  for (const v of grid.values) if (Number.isFinite(v) && v > highest) highest = v;
  return { width, height, pixels, floor, levels: [floor, ...levels.map((l) => floor + l), Math.max(highest, floor + (levels[levels.length - 1] ?? 0))] };
}
