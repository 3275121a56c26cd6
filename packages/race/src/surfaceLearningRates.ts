import type { Racer } from './raceTypes';
import { racerEntry } from './createRacer';

/**
 * Learning rates of the four families on one surface: plain SGD, SGD with momentum 0.9,
 * RMSProp and Adam. Every other optimizer's lr is derived from these (see {@link surfaceLr}).
 */
export interface SurfaceLearningRates {
  sgd: number;
  momentum: number;
  rmsprop: number;
  adam: number;
}

/**
 * Per-surface learning rates, found by sweeping each family's lr over 10^(k/4) for 500 steps
 * from the surface's first start and taking a value well inside the range that neither
 * diverges nor stalls (the test of this module checks both for every surface). Gradients
 * differ by orders of magnitude between surfaces (Goldstein-Price's reach 1e5, the
 * plateau's 1e-6), so one lr for all cannot work: SGD's lr scales with 1 / curvature,
 * Adam's is a distance per step.
 */
const SURFACE_LRS: Readonly<Record<string, SurfaceLearningRates>> = Object.freeze({
  quadratic: { sgd: 0.05, momentum: 0.05, rmsprop: 0.05, adam: 0.3 },
  rosenbrock: { sgd: 0.002, momentum: 0.001, rmsprop: 0.01, adam: 0.1 },
  beale: { sgd: 0.01, momentum: 0.001, rmsprop: 0.03, adam: 0.1 },
  himmelblau: { sgd: 0.005, momentum: 0.002, rmsprop: 0.05, adam: 0.1 },
  booth: { sgd: 0.03, momentum: 0.01, rmsprop: 0.1, adam: 0.3 },
  matyas: { sgd: 0.5, momentum: 0.1, rmsprop: 0.05, adam: 0.1 },
  saddle: { sgd: 0.01, momentum: 0.01, rmsprop: 0.01, adam: 0.05 },
  monkeySaddle: { sgd: 0.01, momentum: 0.01, rmsprop: 0.01, adam: 0.05 },
  rastrigin: { sgd: 0.003, momentum: 0.001, rmsprop: 0.2, adam: 1 },
  ackley: { sgd: 0.1, momentum: 0.02, rmsprop: 0.1, adam: 0.5 },
  sixHumpCamel: { sgd: 0.02, momentum: 0.005, rmsprop: 0.05, adam: 0.1 },
  goldsteinPrice: { sgd: 2e-6, momentum: 1e-6, rmsprop: 0.01, adam: 0.1 },
  styblinskiTang: { sgd: 0.01, momentum: 0.003, rmsprop: 0.05, adam: 0.3 },
  twoWells: { sgd: 0.1, momentum: 0.03, rmsprop: 0.02, adam: 0.1 },
  plateau: { sgd: 1, momentum: 1, rmsprop: 0.03, adam: 0.1 },
  valley: { sgd: 0.05, momentum: 0.03, rmsprop: 0.05, adam: 0.1 },
});

/** The table's fallback for a surface it does not list (Adam's lr 0.05 is a distance per step). */
const FALLBACK: SurfaceLearningRates = { sgd: 1e-3, momentum: 1e-3, rmsprop: 0.01, adam: 0.05 };

/**
 * Each optimizer's lr as a multiple of one family's: the Adam family steps about lr per
 * coordinate; Lion's sign step never shrinks, so smaller; Adagrad's steps shrink as its sum
 * grows, so larger; Adadelta's unit-correcting step starts near sqrt(eps), so much larger.
 */
const FAMILY: Readonly<Record<string, readonly [keyof SurfaceLearningRates, number]>> = Object.freeze({
  rmsprop: ['rmsprop', 1],
  adam: ['adam', 1],
  adamw: ['adam', 1],
  adamax: ['adam', 1],
  nadam: ['adam', 1],
  // RAdam's first updates (until the variance estimate is trusted) are lr times the
  // momentum, not normalised: SGD's lr with momentum keeps them on the surface.
  radam: ['momentum', 1],
  adamwScheduleFree: ['adam', 1],
  muon: ['adam', 1],
  adafactor: ['adam', 1],
  lion: ['adam', 0.3],
  adagrad: ['adam', 3],
  adadelta: ['adam', 100],
  // Schedule-free SGD steps lr times the gradient, like SGD.
  sgdScheduleFree: ['sgd', 1],
});

/**
 * The tuned learning-rate families of `surface` (a surface of `@descent/datasets` by name).
 *
 * @example
 * surfaceLearningRates('goldsteinPrice').sgd; // 2e-6: its gradients reach 1e5
 */
export function surfaceLearningRates(surface: string): SurfaceLearningRates {
  return SURFACE_LRS[surface] ?? FALLBACK;
}

/**
 * The learning rate a racer gets on `surface` when none is given: the surface's tuned lr
 * of its family (SGD with momentum > 0 is the momentum family), times the optimizer's
 * factor. Used by the playground for new cards and surface changes, and by `descent race`
 * for an `--optimizer` without `lr`. Undefined for an unknown optimizer.
 *
 * @example
 * surfaceLr('beale', 'adam'); // 0.1
 * surfaceLr('beale', 'sgd', { momentum: 0.9 }); // 0.001
 */
export function surfaceLr(surface: string, name: string, options: Readonly<Record<string, unknown>> = {}): number | undefined {
  const found = racerEntry(name);
  if (found === undefined) return undefined;
  const algorithm = found.entry.name;
  const rates = surfaceLearningRates(surface);
  if (algorithm === 'sgd') {
    const momentum = options.momentum ?? found.implied.momentum ?? 0;
    return typeof momentum === 'number' && momentum > 0 ? rates.momentum : rates.sgd;
  }
  const family = FAMILY[algorithm];
  if (family === undefined) return rates.adam;
  return Number((rates[family[0]] * family[1]).toPrecision(3));
}

/**
 * `racer` with the surface's lr when it has none (see {@link surfaceLr}); unchanged otherwise.
 *
 * @example
 * withSurfaceLr({ name: 'adam', options: {}, label: 'Adam' }, 'rosenbrock').options.lr; // 0.1
 */
export function withSurfaceLr(racer: Racer, surface: string): Racer {
  if (racer.options.lr !== undefined) return racer;
  const lr = surfaceLr(surface, racer.name, racer.options);
  return lr === undefined ? racer : { ...racer, options: { ...racer.options, lr } };
}
