/**
 * The learning rate of step `step` (0-based) of a range test: exponential growth from
 * `startLr` at step 0 to `endLr` at step `steps - 1` (Smith 2017, "Cyclical Learning Rates
 * for Training Neural Networks", section 3.3; the exponential form is fastai's `lr_find`).
 *
 * @example
 * rangeTestLr(0, 1e-5, 10, 100); // 1e-5
 * rangeTestLr(99, 1e-5, 10, 100); // 10
 */
export function rangeTestLr(step: number, startLr: number, endLr: number, steps: number): number {
  return steps <= 1 ? startLr : startLr * (endLr / startLr) ** (step / (steps - 1));
}

/** The per-step factor of {@link rangeTestLr}: `(endLr / startLr)^(1 / (steps - 1))`. */
export function rangeTestGamma(startLr: number, endLr: number, steps: number): number {
  return steps <= 1 ? 1 : (endLr / startLr) ** (1 / (steps - 1));
}

/**
 * An exponential moving average with bias correction (Adam's), the smoothing fastai's
 * `lr_find` applies to the batch losses: `avg_t = beta avg_{t-1} + (1 - beta) loss_t`,
 * `smoothed_t = avg_t / (1 - beta^t)`. Feed it one loss at a time.
 *
 * @example
 * const smooth = smoother(0.98);
 * smooth(2.3); // 2.3
 */
export function smoother(beta: number): (loss: number) => number {
  let average = 0;
  let t = 0;
  return (loss) => {
    t++;
    average = beta * average + (1 - beta) * loss;
    return average / (1 - beta ** t);
  };
}

/** One point of a range test. */
export interface RangeTestPoint {
  step: number;
  lr: number;
  loss: number;
  smoothed: number;
}

/** What `suggestLr` found, and why. */
export interface LrSuggestion {
  /** The learning rate at which the smoothed loss fell fastest per decade of lr. */
  steepest: number;
  /** The learning rate where the smoothed loss was lowest. */
  minimum: number;
  /** `minimum / 10`: a decade below the minimum. */
  minimumOver10: number;
  /** The one to use. */
  suggested: number;
  /** Which of the two was suggested. */
  rule: 'steepest' | 'minimum/10';
  /** How it chose, in words. */
  explanation: string;
}

function fmt(lr: number): string {
  return lr.toExponential(2);
}

/**
 * Reads a range test: the steepest descent point (the most negative slope of the smoothed
 * loss against log10(lr), by central differences) and the minimum of the smoothed loss,
 * ignoring the first `skipStart` points (default 10) (the average is still warming up) and the last
 * `skipEnd` (default 5, where the loss explodes). Suggests the steepest point when it lies
 * at least half a decade below the minimum (training there still improves fast, well short
 * of the explosion), else a decade below the minimum; both are reported. Smith (2017, 3.3)
 * reads the range test the same way: a learning rate where the loss still falls, not where
 * it is lowest. `beta` only names the smoothing in the explanation.
 *
 * @returns null when fewer than 5 points remain after the skips.
 * @example
 * const suggestion = suggestLr(points); // { steepest: 0.12, minimum: 1.3, suggested: 0.12, ... }
 */
export function suggestLr(points: readonly RangeTestPoint[], options: { skipStart?: number; skipEnd?: number; beta?: number } = {}): LrSuggestion | null {
  const skipStart = Math.min(options.skipStart ?? 10, Math.floor(points.length / 4));
  const skipEnd = Math.min(options.skipEnd ?? 5, Math.floor(points.length / 4));
  const used = points.slice(skipStart, points.length - skipEnd).filter((p) => Number.isFinite(p.smoothed));
  if (used.length < 5) return null;
  let low = 0;
  used.forEach((p, i) => {
    if (p.smoothed < used[low]!.smoothed) low = i;
  });
  // Slopes up to the minimum only: past it the curve turns up and the steepest descent is behind.
  let steep = 0;
  let slope = Infinity;
  for (let i = 1; i < Math.max(low, 2); i++) {
    const a = used[i - 1]!;
    const b = used[i + 1]!;
    const s = (b.smoothed - a.smoothed) / (Math.log10(b.lr) - Math.log10(a.lr));
    if (s < slope) {
      slope = s;
      steep = i;
    }
  }
  const steepest = used[steep]!.lr;
  const minimum = used[low]!.lr;
  const minimumOver10 = minimum / 10;
  // Half a decade: a steepest point just under the minimum sits at the edge of the explosion.
  const useSteepest = slope < 0 && steepest <= minimum / Math.sqrt(10);
  const suggested = useSteepest ? steepest : minimumOver10;
  const explanation = [
    `smoothed loss (EMA ${options.beta ?? 0.9}, bias-corrected) falls fastest at lr ${fmt(steepest)} (slope ${slope.toFixed(3)} per decade)`,
    `and is lowest at lr ${fmt(minimum)} (loss ${used[low]!.smoothed.toFixed(4)}), so a decade below is ${fmt(minimumOver10)}.`,
    useSteepest
      ? `Suggested: the steepest point, ${fmt(steepest)}, where the loss still drops fastest, half a decade or more below the minimum.`
      : `Suggested: a decade below the minimum, ${fmt(minimumOver10)}, since the steepest point is within half a decade of the minimum, where the loss turns up.`,
  ].join(' ');
  return { steepest, minimum, minimumOver10, suggested, rule: useSteepest ? 'steepest' : 'minimum/10', explanation };
}
