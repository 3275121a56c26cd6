import { DescentError } from '@descent/core';
import { ackley } from './ackley';
import { beale } from './beale';
import { booth } from './booth';
import { goldsteinPrice } from './goldsteinPrice';
import { himmelblau } from './himmelblau';
import { matyas } from './matyas';
import { monkeySaddle } from './monkeySaddle';
import { plateau } from './plateau';
import { quadratic } from './quadratic';
import { rastrigin } from './rastrigin';
import { rosenbrock } from './rosenbrock';
import { saddle } from './saddle';
import { sixHumpCamel } from './sixHumpCamel';
import { styblinskiTang } from './styblinskiTang';
import { twoWells } from './twoWells';
import { valley } from './valley';
import type { Surface } from './surface';

/** The names of the built-in surfaces. */
export type SurfaceName =
  | 'quadratic'
  | 'rosenbrock'
  | 'beale'
  | 'himmelblau'
  | 'booth'
  | 'matyas'
  | 'saddle'
  | 'monkeySaddle'
  | 'rastrigin'
  | 'ackley'
  | 'sixHumpCamel'
  | 'goldsteinPrice'
  | 'styblinskiTang'
  | 'twoWells'
  | 'plateau'
  | 'valley';

/**
 * Every built-in 2D test surface by name. `quadratic` here is the bowl of condition number
 * 10 rotated by 30°; build others with {@link quadratic}.
 *
 * @example
 * const { f, grad, viewBox, minima } = surfaces.beale;
 */
export const surfaces: Readonly<Record<SurfaceName, Surface>> = {
  quadratic: quadratic({ condition: 10, angle: Math.PI / 6 }),
  rosenbrock,
  beale,
  himmelblau,
  booth,
  matyas,
  saddle,
  monkeySaddle,
  rastrigin,
  ackley,
  sixHumpCamel,
  goldsteinPrice,
  styblinskiTang,
  twoWells,
  plateau,
  valley,
};

/** The names of {@link surfaces}, in display order. */
export const surfaceNames: readonly SurfaceName[] = Object.keys(surfaces) as SurfaceName[];

/**
 * The surface called `name`.
 *
 * @example
 * getSurface('rosenbrock').f(1, 1); // 0
 * @throws DescentError `NOT_FOUND` listing the valid names
 */
export function getSurface(name: string): Surface {
  if (!Object.prototype.hasOwnProperty.call(surfaces, name)) {
    throw new DescentError('NOT_FOUND', `getSurface: no surface named ${JSON.stringify(name)}; expected one of ${surfaceNames.join(', ')}`);
  }
  return surfaces[name as SurfaceName];
}
