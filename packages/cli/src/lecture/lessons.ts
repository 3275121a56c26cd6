/** The part of a run the lessons read: its name and its evaluated test losses, in order. */
export interface LessonCurve {
  name: string;
  evaluations: ReadonlyArray<{ step: number; testLoss: number }>;
}

/** A lesson of the lecture, measured: the claim, the test it was given, the value and verdict. */
export interface Lesson {
  id: string;
  /** The lecture's words. */
  claim: string;
  /** The test, fixed in code before any result was seen. */
  criterion: string;
  /** The measured value the criterion compares (null when a run it needs is missing or diverged). */
  value: number | null;
  observed: boolean;
  /** The same criterion on PyTorch's replay of the same runs; null without a replay of this setup. */
  pytorch: { value: number | null; observed: boolean } | null;
}

/** One criterion: which runs it reads, how the value is computed, and the verdict. */
export interface LessonCriterion {
  id: string;
  claim: string;
  criterion: string;
  /**
   * The value from the runs by name, or the value and the verdict where the verdict needs
   * more than the value; null when a needed run is absent or has no finite test loss.
   */
  measure: (runs: ReadonlyMap<string, LessonCurve>) => number | { value: number; holds: boolean } | null;
  /** Whether a plain value shows the claim. */
  holds?: (value: number) => boolean;
}

/** Rises of the evaluated test loss by more than `margin` (relative) from one evaluation to the next. */
export function countRises(losses: readonly number[], margin: number): number {
  let rises = 0;
  for (let i = 1; i < losses.length; i++) if (losses[i]! > losses[i - 1]! * (1 + margin)) rises++;
  return rises;
}

function testLosses(runs: ReadonlyMap<string, LessonCurve>, name: string): number[] | null {
  const losses = runs.get(name)?.evaluations.map((e) => e.testLoss);
  if (losses === undefined || losses.length < 2 || !losses.every(Number.isFinite)) return null;
  return losses;
}

function final(runs: ReadonlyMap<string, LessonCurve>, name: string): number | null {
  const losses = testLosses(runs, name);
  return losses === null ? null : losses[losses.length - 1]!;
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** Margin of a rise that counts as an oscillation of the test loss: 10%. */
export const OSCILLATION_MARGIN = 0.1;
/** Margin of a rise that breaks a steady descent: 2%. */
export const STEADY_MARGIN = 0.02;

/**
 * The lecture's claims about learning rates as tests on the evaluated test loss, in the
 * lecture's order. Each reads runs by name (`lr-0.0001`, `lr-0.01`, `lr-0.1`, `lr-1`,
 * `lr-1-halved`); thresholds were fixed before any run of the main job was looked at.
 *
 * @example
 * lessonCriteria.map((c) => c.id); // ['low-lr-slow', 'well-chosen-lr-steady', ...]
 */
export const lessonCriteria: readonly LessonCriterion[] = Object.freeze([
  {
    id: 'low-lr-slow',
    claim: 'Low learning rate (1e-4): slow convergence.',
    criterion: "final test loss of lr 1e-4 divided by lr 1e-2's; observed when at least 3",
    measure: (runs) => ratio(final(runs, 'lr-0.0001'), final(runs, 'lr-0.01')),
    holds: (value) => value >= 3,
  },
  {
    id: 'well-chosen-lr-steady',
    claim: 'A well chosen learning rate (1e-2) converges.',
    criterion: `rises of more than ${STEADY_MARGIN * 100}% between evaluations in lr 1e-2's test loss; observed when 0 and its final test loss is below half of its first`,
    measure: (runs) => {
      const losses = testLosses(runs, 'lr-0.01');
      if (losses === null) return null;
      const rises = countRises(losses, STEADY_MARGIN);
      return { value: rises, holds: rises === 0 && losses[losses.length - 1]! < losses[0]! / 2 };
    },
  },
  {
    id: 'high-lr-fast-start',
    claim: 'High learning rate (1e-1): convergence is fast at the beginning ...',
    criterion: "lr 1e-1's test loss at the first evaluation after step 0, divided by lr 1e-2's; observed when at most 0.5",
    measure: (runs) => {
      const high = testLosses(runs, 'lr-0.1');
      const chosen = testLosses(runs, 'lr-0.01');
      return high === null || chosen === null ? null : high[1]! / chosen[1]!;
    },
    holds: (value) => value <= 0.5,
  },
  {
    id: 'high-lr-worse-end',
    claim: '... but fails to find a good optimum at the end (lr 1e-1).',
    criterion: "lr 1e-1's final test loss divided by the lowest it reached at any evaluation; observed when at least 1.05 (it ends 5% or more above its own best)",
    measure: (runs) => {
      const losses = testLosses(runs, 'lr-0.1');
      return losses === null ? null : losses[losses.length - 1]! / Math.min(...losses);
    },
    holds: (value) => value >= 1.05,
  },
  {
    id: 'very-high-lr-oscillates',
    claim: 'Ridiculously high learning rate (1): oscillations start to appear (convergence problems).',
    criterion: `rises of more than ${OSCILLATION_MARGIN * 100}% between evaluations in lr 1's test loss; observed when at least 2 and more than lr 1e-2 has`,
    measure: (runs) => {
      const losses = testLosses(runs, 'lr-1');
      if (losses === null) return null;
      const chosen = testLosses(runs, 'lr-0.01');
      const rises = countRises(losses, OSCILLATION_MARGIN);
      return chosen !== null && rises <= countRises(chosen, OSCILLATION_MARGIN) ? 0 : rises;
    },
    holds: (value) => value >= 2,
  },
  {
    id: 'decay-remedy',
    claim: 'Decay the learning rate during learning, e.g. divide by two every X epochs.',
    criterion: "final test loss of lr 1 halved every epoch, divided by lr 1 held constant's; observed when at most 0.8",
    measure: (runs) => ratio(final(runs, 'lr-1-halved'), final(runs, 'lr-1')),
    holds: (value) => value <= 0.8,
  },
]);

function finalOf(runs: ReadonlyMap<string, LessonCurve>, names: readonly string[]): number | null {
  const values = names.map((n) => final(runs, n));
  return values.some((v) => v === null) ? null : Math.min(...(values as number[]));
}

/**
 * The lecture's advice on optimizers as tests on the final test loss of the runs of
 * `descent lecture --optimizers` (`sgd`, `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adam`);
 * thresholds fixed before the command was first run.
 *
 * @example
 * measureLessons(curves, undefined, optimizerLessonCriteria).map((l) => l.observed);
 */
export const optimizerLessonCriteria: readonly LessonCriterion[] = Object.freeze([
  {
    id: 'adam-safe-default',
    claim: 'If you are unsure, use Adam ...',
    criterion: "Adam's final test loss (lr 1e-3, its default) divided by the best of all six; observed when at most 1.25",
    measure: (runs) => ratio(final(runs, 'adam'), finalOf(runs, ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'])),
    holds: (value) => value <= 1.25,
  },
  {
    id: 'also-try-sgd',
    claim: '... but also try SGD.',
    criterion: "the best final test loss of SGD, momentum and Nesterov divided by Adam's; observed when at most 1.1 (SGD can match or beat it)",
    measure: (runs) => ratio(finalOf(runs, ['sgd', 'momentum', 'nesterov']), final(runs, 'adam')),
    holds: (value) => value <= 1.1,
  },
]);

/**
 * Measures every lesson on descent's runs and, when given, on PyTorch's runs of the same
 * setup (`pytorch: null` otherwise), by `criteria` (default {@link lessonCriteria}). A
 * lesson whose runs are missing gets `value: null`, `observed: false`.
 *
 * @example
 * const lessons = measureLessons(curves, pytorchCurves);
 * lessons.find((l) => l.id === 'decay-remedy')?.observed;
 */
export function measureLessons(runs: readonly LessonCurve[], pytorch?: readonly LessonCurve[], criteria: readonly LessonCriterion[] = lessonCriteria): Lesson[] {
  const byName = new Map(runs.map((r) => [r.name, r]));
  const reference = pytorch === undefined ? undefined : new Map(pytorch.map((r) => [r.name, r]));
  const verdict = (criterion: LessonCriterion, curves: ReadonlyMap<string, LessonCurve>): { value: number | null; observed: boolean } => {
    const measured = criterion.measure(curves);
    if (measured === null) return { value: null, observed: false };
    if (typeof measured === 'object') return { value: measured.value, observed: measured.holds };
    return { value: measured, observed: criterion.holds?.(measured) ?? false };
  };
  return criteria.map((criterion) => ({
    id: criterion.id,
    claim: criterion.claim,
    criterion: criterion.criterion,
    ...verdict(criterion, byName),
    pytorch: reference === undefined ? null : verdict(criterion, reference),
  }));
}
