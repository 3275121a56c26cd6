import type { Surface, SurfaceMinimum, ViewBox } from '@descent/datasets';

export type { Surface, SurfaceMinimum, ViewBox };

/**
 * One racer: an optimizer of `@descent/optimizers` by registry name or alias (`momentum`,
 * `nesterov`), its options in torch's names, and optionally a learning-rate schedule in
 * `@descent/schedulers`' short form (`cosine:500`, `step:50:0.5`) that starts from its lr.
 *
 * @example
 * const racer: Racer = { name: 'adam', options: { lr: 0.1 }, label: 'Adam' };
 */
export interface Racer {
  name: string;
  options: Readonly<Record<string, unknown>>;
  /** Shown in legends and the leaderboard. */
  label: string;
  /** A schedule of the lr, e.g. `cosine:500`; empty or absent: a constant lr. */
  schedule?: string;
}

/**
 * A race: the surface, where everyone starts, how many updates each racer gets, and the
 * gradient noise (std and seed; every racer sees the same noise stream).
 */
export interface RaceScene {
  surface: Surface;
  start: readonly [number, number];
  steps: number;
  racers: readonly Racer[];
  /** Std of the Gaussian noise added to each gradient component. Default 0. */
  noise?: number;
  /** Seed of the noise. Default 0. */
  seed?: number;
}

/** How a racer's run ended. */
export type RaceOutcome = 'ran' | 'diverged' | 'escaped' | 'refused';

/** The path of one racer: positions, noise-free losses and learning rates, index 0 being the start. */
export interface Trajectory {
  label: string;
  /** The optimizer's name as given (an alias such as `momentum` is kept). */
  optimizer: string;
  options: Readonly<Record<string, unknown>>;
  /** The lr schedule's text, '' for a constant lr. */
  schedule: string;
  /** x of each point, `steps + 1` of them. */
  xs: Float64Array;
  ys: Float64Array;
  /** f at each point (the true function, without the gradient noise). */
  losses: Float64Array;
  /** `lrs[k]` is the lr of the update from point k to point k + 1 (the last entry repeats the one before). */
  lrs: Float64Array;
  /** Updates applied. Less than asked when it diverged or escaped; 0 when refused. */
  steps: number;
  outcome: RaceOutcome;
  /** Stopped on a non-finite value, or left the view box enlarged {@link DIVERGENCE_FACTOR} times (a surface with minima). */
  diverged: boolean;
  /** Left the view box of a surface without minima (a saddle): the way out. */
  escaped: boolean;
  /** Why it stopped early, when it did. */
  reason?: string;
  /** The optimizer or its schedule refused the options: the message; no path. */
  error?: string;
}

/** The racers' results, ranked; see {@link leaderboard}. */
export interface LeaderboardRow {
  /** Index of the trajectory in the race. */
  index: number;
  label: string;
  /**
   * First step at which the point was within the tolerance of a global minimum, or failing
   * that of any listed minimum (0: the start); null if never.
   */
  stepsToMinimum: number | null;
  /** The minimum reached at `stepsToMinimum`; null if none was. */
  reached: SurfaceMinimum | null;
  finalLoss: number;
  finalX: number;
  finalY: number;
  /** The minimum nearest to the final point; null when none is listed, or the racer diverged or was refused. */
  nearest: SurfaceMinimum | null;
  /** Distance from the final point to `nearest` (NaN without one). */
  distance: number;
  /** `surface.minima` index of the minimum the final point is within the tolerance of, or -1. */
  endsAt: number;
  /** Updates applied before it stopped. */
  steps: number;
  outcome: RaceOutcome;
  /** `reached` (and still there), `reached, then left`, `not reached`, `escaped`, `diverged` or `refused`. */
  status: 'reached' | 'reached, then left' | 'not reached' | 'escaped' | 'diverged' | 'refused';
  reason?: string;
}
