import { DescentError } from '@descent/core';
import type { Surface } from './surface';

/** Options of {@link quadratic}. */
export interface QuadraticOptions {
  /** Ratio of the largest to the smallest curvature (the Hessian's condition number), >= 1. Default 10. */
  condition?: number;
  /** Rotation of the bowl's axes, in radians. Default 0 (axes aligned with x and y). */
  angle?: number;
}

/**
 * A quadratic bowl `f = (u² + κ v²) / 2` in coordinates (u, v) rotated by `angle` from
 * (x, y): curvature 1 along u and κ = `condition` along v. The classic picture of why
 * plain gradient descent zig-zags when κ is large, and why momentum helps.
 *
 * @example
 * const bowl = quadratic({ condition: 50, angle: Math.PI / 6 });
 * bowl.f(1, 0);
 * @throws DescentError `INVALID_ARGUMENT` when `condition < 1` or either option is not finite
 */
export function quadratic(options: QuadraticOptions = {}): Surface {
  const condition = options.condition ?? 10;
  const angle = options.angle ?? 0;
  if (!Number.isFinite(condition) || condition < 1) {
    throw new DescentError('INVALID_ARGUMENT', `quadratic: condition must be a finite number >= 1, got ${String(condition)}`);
  }
  if (!Number.isFinite(angle)) throw new DescentError('INVALID_ARGUMENT', `quadratic: angle must be finite, got ${String(angle)}`);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const degrees = Math.round((angle * 180) / Math.PI);
  return {
    name: 'quadratic',
    title: `Quadratic bowl (condition ${condition}, rotated ${degrees}°)`,
    formula: `f = \\tfrac12 (u^2 + ${condition} v^2),\\; u = x\\cos\\theta + y\\sin\\theta,\\; v = -x\\sin\\theta + y\\cos\\theta,\\; \\theta = ${degrees}^\\circ`,
    f(x, y) {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      return 0.5 * (u * u + condition * v * v);
    },
    grad(x, y, out) {
      const u = c * x + s * y;
      const v = -s * x + c * y;
      out[0] = c * u - s * condition * v;
      out[1] = s * u + c * condition * v;
    },
    viewBox: { xMin: -3, xMax: 3, yMin: -3, yMax: 3 },
    starts: [
      [-2.5, 2],
      [2.5, 2.5],
      [-2, -1],
    ],
    minima: [{ x: 0, y: 0, value: 0, kind: 'global' }],
  };
}
