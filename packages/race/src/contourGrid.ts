import { DescentError } from '@descent/core';
import type { Surface, ViewBox } from '@descent/datasets';

/** Values of a function on a `width` x `height` pixel grid, row 0 at the top (`yMax`). */
export interface Grid {
  width: number;
  height: number;
  viewBox: ViewBox;
  values: Float64Array;
}

/** Contour levels: heights above `floor`, increasing. */
export interface ContourLevels {
  floor: number;
  levels: number[];
}

/**
 * Samples `f` at the centre of every pixel of a `width` x `height` grid over `viewBox`,
 * row 0 at the top (y = yMax) as an image is stored.
 *
 * @throws DescentError `INVALID_ARGUMENT` unless width and height are positive integers.
 * @example
 * const grid = sampleGrid((x, y) => x * x + y * y, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 400, 400);
 */
export function sampleGrid(f: (x: number, y: number) => number, viewBox: ViewBox, width: number, height: number): Grid {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new DescentError('INVALID_ARGUMENT', `sampleGrid: width and height must be positive integers, got ${width} and ${height}`);
  }
  const values = new Float64Array(width * height);
  const dx = (viewBox.xMax - viewBox.xMin) / width;
  const dy = (viewBox.yMax - viewBox.yMin) / height;
  for (let row = 0; row < height; row++) {
    const y = viewBox.yMax - (row + 0.5) * dy;
    for (let col = 0; col < width; col++) values[row * width + col] = f(viewBox.xMin + (col + 0.5) * dx, y);
  }
  return { width, height, viewBox, values };
}

function finiteSorted(values: Float64Array): Float64Array {
  let n = 0;
  const out = new Float64Array(values.length);
  for (const v of values) if (Number.isFinite(v)) out[n++] = v;
  return out.subarray(0, n).sort();
}

/**
 * `count` levels spaced evenly in log scale over the heights `f - floor` seen on the grid
 * (the lowest from the 0.5% quantile, so a single pixel on the minimum does not stretch
 * the scale over ten decades). Log spacing is what makes a valley like Rosenbrock's or
 * Beale's visible: linear levels would put every contour on the walls.
 *
 * @param floor - the height subtracted first, e.g. the global minimum's value. Default: the grid's minimum.
 * @example
 * const { floor, levels } = logLevels(grid, 24, 0);
 */
export function logLevels(grid: Grid, count: number, floor?: number): ContourLevels {
  const sorted = finiteSorted(grid.values);
  const base = floor ?? sorted[0] ?? 0;
  let first = 0;
  while (first < sorted.length && (sorted[first] as number) - base <= 0) first++;
  const top = sorted.length > first ? (sorted[sorted.length - 1] as number) - base : 1;
  const quantile = sorted[first + Math.floor((sorted.length - first) * 0.005)];
  const low = Math.max(quantile === undefined ? top * 1e-6 : quantile - base, top * 1e-9);
  const levels: number[] = [];
  const ratio = Math.log(top / low) / count;
  for (let i = 0; i < count; i++) levels.push(low * Math.exp(ratio * i));
  return { floor: base, levels };
}

/**
 * `count` levels at evenly spaced quantiles of the heights `f - floor` sampled on the grid
 * (duplicates dropped, so there may be fewer): every band covers about the same share of the
 * picture, so a surface whose values crowd near one level (a saddle, a plateau, two wells,
 * Ackley's bumps on a flat floor) still shows its shape, where log or linear spacing puts
 * all the levels in a corner.
 *
 * @param floor - the height subtracted first. Default: the grid's minimum.
 * @example
 * const { floor, levels } = quantileLevels(grid, 17, 0);
 */
export function quantileLevels(grid: Grid, count: number, floor?: number): ContourLevels {
  const sorted = finiteSorted(grid.values);
  const base = floor ?? sorted[0] ?? 0;
  const levels: number[] = [];
  for (let i = 1; i <= count; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i / (count + 1)) * sorted.length))];
    if (v === undefined) break;
    const level = v - base;
    if (levels.length === 0 || level > (levels[levels.length - 1] as number)) levels.push(level);
  }
  return { floor: base, levels };
}

/**
 * `count` levels evenly spaced between the grid's lowest and highest values: for a surface
 * unbounded below (a saddle), where log spacing has no floor.
 *
 * @example
 * const { floor, levels } = linearLevels(grid, 24);
 */
export function linearLevels(grid: Grid, count: number): ContourLevels {
  const sorted = finiteSorted(grid.values);
  const base = sorted[0] ?? 0;
  const span = (sorted[sorted.length - 1] ?? 1) - base || 1;
  return { floor: base, levels: Array.from({ length: count }, (_, i) => (span * (i + 1)) / (count + 1)) };
}

/**
 * The levels a picture of `surface` uses: log-spaced above its global minimum when it has
 * minima (and does not ask for a linear scale), else linear.
 *
 * @example
 * const { floor, levels } = surfaceLevels(surfaces.rosenbrock, sampleGrid(surfaces.rosenbrock.f, surfaces.rosenbrock.viewBox, 400, 400), 24);
 */
export function surfaceLevels(surface: Pick<Surface, 'minima' | 'logScale'>, grid: Grid, count: number): ContourLevels {
  const useLog = surface.minima.length > 0 && surface.logScale !== false;
  return useLog ? logLevels(grid, count, Math.min(...surface.minima.map((m) => m.value))) : linearLevels(grid, count);
}

/**
 * The band a height above the floor falls in: the number of `levels` at or below it
 * (0: below the first level); non-finite heights are on the top band.
 *
 * @example
 * bandOf(5, [1, 10, 100]); // 1
 */
export function bandOf(height: number, levels: readonly number[]): number {
  if (!Number.isFinite(height)) return levels.length;
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (height >= (levels[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
