import type { Racer } from './raceTypes';

/** A scene of the lecture: a surface (by name), a start, a number of steps and the racers. */
export interface RacePreset {
  surface: string;
  start: readonly [number, number];
  steps: number;
  racers: readonly Racer[];
  description: string;
  /** One line of what to watch for, shown as the scene's caption. */
  watchFor: string;
  /** Gradient noise std (default 0) and its seed (default 0). */
  noise?: number;
  seed?: number;
}

const racer = (label: string, name: string, options: Record<string, unknown>, schedule?: string): Racer =>
  Object.freeze({ label, name, options: Object.freeze(options), ...(schedule === undefined ? {} : { schedule }) });

/** Each of the lecture's optimizers' lr in a scene (Nesterov takes momentum's). */
interface LectureRates {
  sgd: number;
  momentum: number;
  adagrad: number;
  adadelta: number;
  rmsprop: number;
  adam: number;
}

/** The lecture's seven optimizers, in its order, at a scene's learning rates (momentum 0.9). */
const lectureOptimizers = (lr: LectureRates): Racer[] => [
  racer('SGD', 'sgd', { lr: lr.sgd }),
  racer('Momentum', 'sgd', { lr: lr.momentum, momentum: 0.9 }),
  racer('Nesterov', 'sgd', { lr: lr.momentum, momentum: 0.9, nesterov: true }),
  racer('Adagrad', 'adagrad', { lr: lr.adagrad }),
  racer('Adadelta', 'adadelta', { lr: lr.adadelta }),
  racer('RMSProp', 'rmsprop', { lr: lr.rmsprop }),
  racer('Adam', 'adam', { lr: lr.adam }),
];

/**
 * The lecture's animations (Radford; cs231n "Neural Networks Part 3"), reproduced with the
 * optimizers of the lecture. Learning rates are chosen so that each scene shows what the
 * lecture says about it. Racers use registry names (momentum is `sgd` with `momentum`), so
 * a preset is the same race in the CLI and in the playground.
 *
 * @example
 * const { surface, start, steps, racers } = racePresets.beale;
 * runRace({ surface: getSurface(surface), start, steps, racers });
 */
export const racePresets: Readonly<Record<string, RacePreset>> = Object.freeze({
  beale: {
    surface: 'beale',
    start: [0.7, 1.4],
    steps: 500,
    // Adadelta at 10: torch's default lr=1 barely moves in 500 steps here (its first steps are ~sqrt(eps)).
    racers: lectureOptimizers({ sgd: 0.001, momentum: 0.001, adagrad: 1, adadelta: 10, rmsprop: 0.03, adam: 0.1 }),
    description: "Beale's function: the adaptive methods head for the minimum at (3, 0.5); SGD crawls on the plateau.",
    watchFor: 'Watch for SGD crawling on the flat shelf while Adagrad, RMSProp and Adam, whose steps do not shrink with the gradient, head straight for the minimum at (3, 0.5).',
  },
  saddle: {
    surface: 'saddle',
    start: [1.8, 0.001],
    steps: 150,
    racers: lectureOptimizers({ sgd: 0.01, momentum: 0.01, adagrad: 0.3, adadelta: 1, rmsprop: 0.01, adam: 0.05 }),
    description: 'The saddle x² - y²: SGD slides to the saddle point and lingers; the adaptive methods break symmetry and escape along y.',
    watchFor: 'Watch for SGD and momentum sliding into the saddle point and lingering there, while RMSProp, Adagrad and Adam, which divide by the tiny gradient along y, escape along it first.',
  },
  valley: {
    surface: 'valley',
    start: [-7.5, 1.5],
    steps: 300,
    racers: lectureOptimizers({ sgd: 0.15, momentum: 0.03, adagrad: 1, adadelta: 10, rmsprop: 0.05, adam: 0.1 }),
    description: 'A long narrow valley: SGD bounces between the walls and crawls along the floor; momentum rolls down it.',
    watchFor: 'Watch for SGD zig-zagging between the steep walls and crawling along the flat floor, while momentum builds up speed along the floor and rolls down it.',
  },
  // The lecture's "low lr: slow convergence, high lr: overshoot target". Across the valley the
  // curvature is 10, so plain SGD overshoots the floor past lr 1/10 and diverges past 2/10.
  'learning-rates': {
    surface: 'valley',
    start: [-7.5, 1.5],
    steps: 200,
    racers: [
      racer('SGD lr 0.005 (low)', 'sgd', { lr: 0.005 }),
      racer('SGD lr 0.05 (well chosen)', 'sgd', { lr: 0.05 }),
      racer('SGD lr 0.19 (high)', 'sgd', { lr: 0.19 }),
      racer('SGD lr 0.21 (too high)', 'sgd', { lr: 0.21 }),
    ],
    description: 'Low lr: slow convergence; high lr: overshoot. Plain SGD on the long valley at four learning rates: 0.005 crawls, 0.05 reaches the floor, 0.19 jumps from wall to wall, 0.21 flies off.',
    watchFor: 'Watch for the lecture’s rule: lr 0.005 converges slowly, 0.05 is well chosen, 0.19 overshoots the floor from wall to wall, 0.21 overshoots further each step and diverges.',
  },
  // The lecture's remedy for noisy gradients: "decay the learning rate during learning, e.g.
  // divide by two every X epochs". With noise std 10 on Himmelblau the constant-lr runs reach
  // the minimum and then jitter around it; halving every 60 steps lets them settle (final
  // f about 10 times lower).
  noisy: {
    surface: 'himmelblau',
    start: [-0.3, -0.9],
    steps: 300,
    noise: 10,
    seed: 1,
    racers: [
      racer('SGD', 'sgd', { lr: 0.005 }),
      racer('SGD, lr halved every 60 steps', 'sgd', { lr: 0.005 }, 'step:60:0.5'),
      racer('Momentum', 'sgd', { lr: 0.002, momentum: 0.9 }),
      racer('Adam', 'adam', { lr: 0.1 }),
      racer('Adam, lr halved every 60 steps', 'adam', { lr: 0.1 }, 'step:60:0.5'),
    ],
    description: 'Noisy gradients (std 10) on Himmelblau: at a constant lr the runs reach a minimum and jitter around it; halving the lr every 60 steps lets them settle.',
    watchFor: 'Watch for the constant-lr runs reaching the minimum and then jittering around it, while the runs whose lr is halved every 60 steps (the lecture’s remedy) settle on it.',
  },
} satisfies Record<string, RacePreset>);
