import { scheme } from 'vega';

/** A rectangle of the plane: what a picture shows. */
export interface ViewBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Values of a function on a `width` x `height` pixel grid, row 0 at the top (`yMax`). */
export interface Grid {
  width: number;
  height: number;
  viewBox: ViewBox;
  values: Float64Array;
}

/**
 * Samples `f` at the centre of every pixel of a `width` x `height` grid over `viewBox`,
 * row 0 at the top (y = yMax) as an image is stored.
 *
 * @example
 * const grid = sampleGrid((x, y) => x * x + y * y, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 400, 400);
 */
export function sampleGrid(f: (x: number, y: number) => number, viewBox: ViewBox, width: number, height: number): Grid {
  const values = new Float64Array(width * height);
  const dx = (viewBox.xMax - viewBox.xMin) / width;
  const dy = (viewBox.yMax - viewBox.yMin) / height;
  for (let row = 0; row < height; row++) {
    const y = viewBox.yMax - (row + 0.5) * dy;
    for (let col = 0; col < width; col++) values[row * width + col] = f(viewBox.xMin + (col + 0.5) * dx, y);
  }
  return { width, height, viewBox, values };
}

/**
 * `count` levels spaced evenly in log scale over the heights `f - floor` seen on the grid
 * (the lowest from the 0.5% quantile, so a single pixel on the minimum does not stretch
 * the scale over ten decades). Log spacing is what makes a valley like Rosenbrock's or
 * Beale's visible: linear levels would put every contour on the walls.
 *
 * @param floor - the height subtracted first, e.g. the global minimum's value. Default: the grid's minimum.
 * @returns heights above `floor`, increasing.
 */
export function logLevels(grid: Grid, count: number, floor?: number): { floor: number; levels: number[] } {
  const sorted = finiteSorted(grid.values);
  const base = floor ?? sorted[0] ?? 0;
  let first = 0;
  while (first < sorted.length && sorted[first]! - base <= 0) first++;
  const top = sorted.length > first ? sorted[sorted.length - 1]! - base : 1;
  const quantile = sorted[first + Math.floor((sorted.length - first) * 0.005)];
  const low = Math.max(quantile === undefined ? top * 1e-6 : quantile - base, top * 1e-9);
  const levels: number[] = [];
  const ratio = Math.log(top / low) / count;
  for (let i = 0; i < count; i++) levels.push(low * Math.exp(ratio * i));
  return { floor: base, levels };
}

/**
 * `count` levels evenly spaced between the grid's lowest and highest values: for a surface
 * unbounded below (a saddle), where log spacing has no floor.
 */
export function linearLevels(grid: Grid, count: number): { floor: number; levels: number[] } {
  const sorted = finiteSorted(grid.values);
  const base = sorted[0] ?? 0;
  const span = (sorted[sorted.length - 1] ?? 1) - base || 1;
  return { floor: base, levels: Array.from({ length: count }, (_, i) => (span * (i + 1)) / (count + 1)) };
}

function finiteSorted(values: Float64Array): Float64Array {
  let n = 0;
  const out = new Float64Array(values.length);
  for (const v of values) if (Number.isFinite(v)) out[n++] = v;
  return out.subarray(0, n).sort();
}

/** A filled-contour raster: band index per pixel, the colour of each band, and RGBA pixels. */
export interface ContourRaster {
  width: number;
  height: number;
  /** Index into `palette` of every pixel: its band (0: below the first level), plus `levels + 1` on a contour line. */
  bands: Uint8Array;
  /** RGB of each band, then RGB of each band's contour line (darker), `2 * (levels + 1)` entries. */
  palette: Array<[number, number, number]>;
  /** RGBA, row-major, row 0 at the top. */
  rgba: Uint8Array;
}

function parseRgb(color: string): [number, number, number] {
  const match = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
  if (match !== null) return [Number(match[1]), Number(match[2]), Number(match[3])];
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex === null) throw new Error(`parseRgb: expected rgb(r, g, b) or #rrggbb, got ${color}`);
  const n = parseInt(hex[1]!, 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/**
 * Colours every pixel by the band of `levels` its height falls in (Vega's `viridis`
 * scheme, dark at the bottom of the bowl, light on the walls) and darkens the pixels
 * where the band changes, which draws the contour lines. At most 100 levels (`bands` is one byte per pixel).
 *
 * @example
 * const { floor, levels } = logLevels(grid, 24, 0);
 * const raster = rasterizeContours(grid, levels, floor);
 */
export function rasterizeContours(grid: Grid, levels: readonly number[], floor: number, schemeName = 'viridis'): ContourRaster {
  const { width, height, values } = grid;
  const interpolate = scheme(schemeName) as (t: number) => string;
  const bandCount = levels.length + 1;
  const fill: Array<[number, number, number]> = [];
  for (let b = 0; b < bandCount; b++) fill.push(parseRgb(interpolate(0.08 + (0.92 * b) / (bandCount - 1))));
  const line = fill.map(([r, g, b]) => [Math.round(r * 0.72), Math.round(g * 0.72), Math.round(b * 0.72)] as [number, number, number]);
  const raw = new Uint8Array(width * height);
  for (let i = 0; i < raw.length; i++) {
    const h = values[i]! - floor;
    // Non-finite heights (overflow far from the minimum) belong on the top band.
    let band = levels.length;
    if (Number.isFinite(h)) {
      let lo = 0;
      let hi = levels.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (h >= levels[mid]!) lo = mid + 1;
        else hi = mid;
      }
      band = lo;
    }
    raw[i] = band;
  }
  const bands = new Uint8Array(width * height);
  const rgba = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = row * width + col;
      const band = raw[i]!;
      const edge = (col + 1 < width && raw[i + 1]! !== band) || (row + 1 < height && raw[i + width]! !== band);
      bands[i] = edge ? bandCount + band : band;
      const [r, g, b] = edge ? line[band]! : fill[band]!;
      rgba[i * 4] = r;
      rgba[i * 4 + 1] = g;
      rgba[i * 4 + 2] = b;
      rgba[i * 4 + 3] = 255;
    }
  }
  return { width, height, bands, palette: [...fill, ...line], rgba };
}
