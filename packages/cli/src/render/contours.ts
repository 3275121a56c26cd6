import { bandOf } from '@descent/race';
import type { Grid } from '@descent/race';
import { scheme } from 'vega';

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
    const band = bandOf(h, levels);
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
