import type { ViewBox } from '../render/contours';

/** A minimum of a surface, as `@descent/datasets` lists them. */
export interface SurfaceMinimum {
  x: number;
  y: number;
  value: number;
  kind: string;
}

/** What a race needs from a 2D surface of `@descent/datasets`. */
export interface RaceSurface {
  f(x: number, y: number): number;
  grad(x: number, y: number, out: Float64Array): void;
  viewBox: ViewBox;
  /** Known minima; empty for a surface unbounded below (a saddle). */
  minima: readonly SurfaceMinimum[];
  saddlePoints?: ReadonlyArray<{ x: number; y: number; value: number }>;
  /** Space contour levels logarithmically on `f - min`. */
  logScale?: boolean;
  title?: string;
  formula?: string;
}

/** The path of one racer: positions and (noise-free) losses, index 0 being the start. */
export interface Trajectory {
  label: string;
  /** The optimizer's name as given (e.g. `momentum`). */
  optimizer: string;
  options: Record<string, unknown>;
  xs: Float64Array;
  ys: Float64Array;
  losses: Float64Array;
  /** Updates applied (the arrays hold `steps + 1` points). Less than asked when it diverged. */
  steps: number;
  /** Stopped on a non-finite value, or left the (enlarged) view box of a surface that has minima. */
  diverged: boolean;
  /** Left the enlarged view box of a surface unbounded below: the way out of a saddle. */
  escaped: boolean;
  /** Why it stopped early, when it did. */
  reason?: string;
}
