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
  const f = surface.f;
  const floor0 = surface.minima.length > 0 ? Math.min(...surface.minima.map((m) => m.value)) : undefined;
  // The quantiles from a grid of at most 160 x 160 (a sort of 26k values, not of every pixel).
  const coarse = n > 160 * 160 ? sampleGrid(f, viewBox, Math.min(width, 160), Math.min(height, 160)) : sampleGrid(f, viewBox, width, height);
  const { floor, levels } = quantileLevels(coarse, bands - 1, floor0);
  // One pass over the pixels, at sampleGrid's points (the pixels' centres): f, its band
  // (bandOf) and the highest finite value. No grid of values is kept.
  const band = new Uint8Array(n);
  const dx = (viewBox.xMax - viewBox.xMin) / width;
  const dy = (viewBox.yMax - viewBox.yMin) / height;
  let highest = -Infinity;
  for (let row = 0; row < height; row++) {
    const y = viewBox.yMax - (row + 0.5) * dy;
    for (let col = 0; col < width; col++) {
      const v = f(viewBox.xMin + (col + 0.5) * dx, y);
      if (v > highest && Number.isFinite(v)) highest = v;
      band[row * width + col] = bandOf(v - floor, levels);
    }
  }
  const pixels = new Uint8ClampedArray(4 * n);
  // One 32-bit write per pixel: each band's colour, and its darker shade where the band
  // changes towards the right or the lower neighbour (the contour line), packed once.
  const packed = packedColours(bands);
  const words = new Uint32Array(pixels.buffer);
  for (let j = 0; j < height; j++) {
    const rowStart = j * width;
    const last = j + 1 === height;
    for (let i = 0; i < width; i++) {
      const k = rowStart + i;
      const b = band[k] as number;
      const edge = (i + 1 < width && band[k + 1] !== b) || (!last && band[k + width] !== b);
      words[k] = packed[2 * b + (edge ? 1 : 0)] as number;
    }
  }
  return { width, height, pixels, floor, levels: [floor, ...levels.map((l) => floor + l), Math.max(highest, floor + (levels[levels.length - 1] ?? 0))] };
}

/** The RGBA pixel of band `b` (at `2b`) and of its contour line (at `2b + 1`, the colour at 62%), as the platform's 32-bit words. */
function packedColours(bands: number): Uint32Array {
  const rgba = new Uint8ClampedArray(8 * bands);
  for (let b = 0; b < bands; b++) {
    const i = 3 * Math.round(((b + 0.5) / bands) * 255);
    for (let c = 0; c < 3; c++) {
      const value = VIRIDIS_TABLE[i + c] as number;
      rgba[8 * b + c] = value;
      // Rounded by the clamped array, as a per-channel write of value * 0.62 is.
      rgba[8 * b + 4 + c] = value * 0.62;
    }
    rgba[8 * b + 3] = 255;
    rgba[8 * b + 7] = 255;
  }
  return new Uint32Array(rgba.buffer);
}
