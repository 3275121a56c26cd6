import { DescentError } from '@descent/core';
import type { Surface, ViewBox } from './surface';

/** Options of {@link evaluateGrid}. */
export interface GridOptions {
  /** Points along x (columns), >= 2. */
  nx: number;
  /** Points along y (rows), >= 2. */
  ny: number;
  /** Window to sample. Default: the surface's `viewBox`. */
  viewBox?: ViewBox;
}

/**
 * Samples a surface on an `nx` x `ny` grid, the input of a contour plot (d3-contour, Plotly,
 * matplotlib-style marching squares). Row-major: `out[j * nx + i] = f(x_i, y_j)` with
 * `x_i = xMin + i (xMax - xMin) / (nx - 1)` and `y_j = yMin + j (yMax - yMin) / (ny - 1)`, so
 * row 0 is the bottom edge (`yMin`); flip rows for screen coordinates. Edges are included.
 *
 * @param out reused when given (length `nx * ny`), else allocated
 * @example
 * const values = evaluateGrid(surfaces.beale, { nx: 400, ny: 400 });
 * @throws DescentError `INVALID_ARGUMENT` for bad sizes or view box, `SHAPE_MISMATCH` for a wrong-sized `out`
 */
export function evaluateGrid(surface: Surface, options: GridOptions, out?: Float32Array): Float32Array {
  const { nx, ny } = options;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new DescentError('INVALID_ARGUMENT', `evaluateGrid: nx and ny must be integers >= 2, got ${String(nx)} and ${String(ny)}`);
  }
  const box = options.viewBox ?? surface.viewBox;
  const { xMin, xMax, yMin, yMax } = box;
  if (![xMin, xMax, yMin, yMax].every(Number.isFinite) || !(xMax > xMin) || !(yMax > yMin)) {
    throw new DescentError('INVALID_ARGUMENT', `evaluateGrid: viewBox must be finite with xMax > xMin and yMax > yMin, got ${JSON.stringify(box)}`);
  }
  const values = out ?? new Float32Array(nx * ny);
  if (values.length !== nx * ny) {
    throw new DescentError('SHAPE_MISMATCH', `evaluateGrid: out must have nx * ny = ${nx * ny} elements, got ${values.length}`);
  }
  const dx = (xMax - xMin) / (nx - 1);
  const dy = (yMax - yMin) / (ny - 1);
  // x coordinates once, then one call of f per point.
  const xs = new Float64Array(nx);
  for (let i = 0; i < nx; i++) xs[i] = xMin + i * dx;
  for (let j = 0; j < ny; j++) {
    const y = yMin + j * dy;
    const row = j * nx;
    for (let i = 0; i < nx; i++) values[row + i] = surface.f(xs[i] as number, y);
  }
  return values;
}
