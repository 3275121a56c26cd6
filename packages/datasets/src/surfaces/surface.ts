/** A rectangle of the plane: what a contour plot of a surface usually shows. */
export interface ViewBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A known minimum of a surface. */
export interface SurfaceMinimum {
  x: number;
  y: number;
  value: number;
  kind: 'global' | 'local';
}

/**
 * A 2D test function for watching optimizers move: the function, its analytic gradient and
 * what a plot of it needs.
 */
export interface Surface {
  /** Key in `surfaces` (from `@descent/datasets`), e.g. `'beale'`. */
  name: string;
  /** Human title, e.g. `"Beale's function"`. */
  title: string;
  /** The formula in TeX. */
  formula: string;
  /** The function's value at (x, y). */
  f(x: number, y: number): number;
  /** Writes the gradient at (x, y) into `out`: `out[0] = df/dx`, `out[1] = df/dy`. */
  grad(x: number, y: number, out: Float64Array | number[]): void;
  /** The usual plotting window. */
  viewBox: ViewBox;
  /** Suggested start points, inside the view box. */
  starts: [number, number][];
  /** Known minima (empty for a function unbounded below, such as a saddle). */
  minima: SurfaceMinimum[];
  /** Saddle points, where there is one of note. */
  saddlePoints?: { x: number; y: number; value: number }[];
  /** Values span orders of magnitude: space contour levels logarithmically on `f - min`. */
  logScale?: boolean;
  /** Where the formula and the minima are published. */
  source?: string;
}
