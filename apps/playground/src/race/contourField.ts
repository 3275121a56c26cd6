import { evaluateGrid, type Surface, type ViewBox } from '@descent/datasets';
import { VIRIDIS_TABLE } from './colourScale';

/** A rendered field: RGBA pixels and the levels that separate its bands. */
export interface ContourField {
  width: number;
  height: number;
  pixels: Uint8ClampedArray;
  /** The value subtracted before taking logs: the global minimum, or the lowest value on the grid. */
  floor: number;
  /** Band edges as f values, ascending (`bands + 1` of them). */
  levels: number[];
}

/**
 * Filled contours of `surface` over `viewBox` at `width` x `height` pixels: f - floor is put
 * on a log scale (levels spaced evenly in log10, since test functions span many orders of
 * magnitude), cut into `bands` bands coloured by viridis, and a darker line drawn where the
 * band changes between neighbouring pixels.
 */
export function contourField(surface: Surface, viewBox: ViewBox, width: number, height: number, bands = 18): ContourField {
  const n = width * height;
  // Row 0 of the grid is the bottom edge; row 0 of the picture is the top.
  const grid = evaluateGrid(surface, { nx: width, ny: height, viewBox });
  const values = new Float32Array(n);
  let lowest = Infinity;
  let highest = -Infinity;
  for (let j = 0; j < height; j++) {
    const row = grid.subarray((height - 1 - j) * width, (height - j) * width);
    values.set(row, j * width);
    for (let i = 0; i < width; i++) {
      const v = row[i] as number;
      if (v < lowest) lowest = v;
      if (v > highest) highest = v;
    }
  }
  const globalMin = surface.minima.reduce((m, p) => Math.min(m, p.value), Infinity);
  const floor = Math.min(Number.isFinite(globalMin) ? globalMin : lowest, lowest);
  const span = Math.max(highest - floor, 1e-12);
  // The smallest gap resolved: far enough below the span that the bands near the minimum show.
  const epsilon = Math.max(span * 1e-6, Math.max(lowest - floor, 0), 1e-12);
  const logLo = Math.log10(epsilon);
  const logHi = Math.log10(span + epsilon);
  const scale = bands / Math.max(logHi - logLo, 1e-12);
  const band = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[k] as number;
    const b = Number.isFinite(v) ? Math.floor((Math.log10(v - floor + epsilon) - logLo) * scale) : bands - 1;
    band[k] = b < 0 ? 0 : b >= bands ? bands - 1 : b;
  }
  const pixels = new Uint8ClampedArray(4 * n);
  const colours = new Uint8ClampedArray(3 * bands);
  for (let b = 0; b < bands; b++) {
    const i = 3 * Math.round(((b + 0.5) / bands) * 255);
    colours[3 * b] = VIRIDIS_TABLE[i] as number;
    colours[3 * b + 1] = VIRIDIS_TABLE[i + 1] as number;
    colours[3 * b + 2] = VIRIDIS_TABLE[i + 2] as number;
  }
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
  const levels: number[] = [];
  for (let b = 0; b <= bands; b++) levels.push(b === 0 ? floor : floor + Math.max(0, 10 ** (logLo + b / scale) - epsilon));
  return { width, height, pixels, floor, levels };
}
