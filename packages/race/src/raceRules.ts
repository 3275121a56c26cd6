import type { Surface, SurfaceMinimum } from '@descent/datasets';

/**
 * A racer has reached a minimum when its point is within this fraction of the view box's
 * diagonal of it: 1%, a few pixels on any picture of the surface, whatever its scale
 * (Booth's view is 20 wide, Rosenbrock's 4). On every surface of `@descent/datasets` this
 * is less than half the distance between any two listed minima (Rastrigin's lattice,
 * the six-hump camel's pairs), so which minimum was reached is never ambiguous.
 */
export const REACH_FRACTION = 0.01;

/**
 * A racer has diverged when a coordinate, the loss or a gradient is not finite, or its point
 * leaves the view box enlarged this many times about its centre: far enough that an
 * overshoot which comes back is not cut short, near enough that a blow-up stops within a few
 * steps. On a surface without minima (a saddle) leaving the view box itself is the way
 * out: the racer has escaped, which is a result, not a failure.
 */
export const DIVERGENCE_FACTOR = 10;

/**
 * The distance to a minimum that counts as reached on `surface`: {@link REACH_FRACTION} of
 * its view box's diagonal.
 *
 * @example
 * reachTolerance(surfaces.beale); // 0.127 (the view is 9 x 9)
 */
export function reachTolerance(surface: Pick<Surface, 'viewBox'>): number {
  const b = surface.viewBox;
  return REACH_FRACTION * Math.hypot(b.xMax - b.xMin, b.yMax - b.yMin);
}

/**
 * The listed minimum nearest to (x, y) and its distance; `minimum` is null for a surface
 * without minima or a non-finite point.
 *
 * @example
 * nearestMinimum(surfaces.himmelblau, 3.1, 2); // { index: 0, minimum: { x: 3, y: 2, ... }, distance: 0.1 }
 */
export function nearestMinimum(surface: Pick<Surface, 'minima'>, x: number, y: number): { index: number; minimum: SurfaceMinimum | null; distance: number } {
  let index = -1;
  let distance = Infinity;
  surface.minima.forEach((m, i) => {
    const d = Math.hypot(m.x - x, m.y - y);
    if (d < distance) {
      distance = d;
      index = i;
    }
  });
  return { index, minimum: surface.minima[index] ?? null, distance: index < 0 ? NaN : distance };
}

/**
 * Index in `surface.minima` of the minimum within `tolerance` of (x, y), or -1.
 *
 * @param tolerance - Default: {@link reachTolerance} of the surface.
 * @example
 * minimumAt(surfaces.beale, 3.01, 0.5); // 0
 */
export function minimumAt(surface: Pick<Surface, 'minima' | 'viewBox'>, x: number, y: number, tolerance = reachTolerance(surface)): number {
  const { index, distance } = nearestMinimum(surface, x, y);
  return index >= 0 && distance <= tolerance ? index : -1;
}
