import type { ExperimentState } from '../state/experimentState';

/**
 * Bounds on the work of one experiment, estimated before anything is allocated. A round (one
 * step of every run) over `roundFlops` would make Pause and the curves lag for seconds; a
 * training over `totalFlops` would run for hours. Figures are for `flopsPerSecond`, what one
 * browser core sustains in WebAssembly SIMD matrix products (a conservative figure: the
 * playground's bench measures more).
 */
export const WORK_LIMITS = Object.freeze({ roundFlops: 5e9, totalFlops: 6e12, flopsPerSecond: 1e10 });

/** Floating-point operations of one training step of the MLP 784-hidden-10: forward 2mnk per layer, backward twice that. */
export function stepFlops(hidden: number, batchSize: number): number {
  return 6 * batchSize * (784 * hidden + hidden * 10);
}

const count = (n: number): string => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toPrecision(1))} s`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function flops(value: number): string {
  const units: Array<[number, string]> = [
    [1e15, 'PFLOP'],
    [1e12, 'TFLOP'],
    [1e9, 'GFLOP'],
  ];
  const [scale, unit] = units.find(([s]) => value >= s) ?? [1e6, 'MFLOP'];
  return `${Number((value / scale).toPrecision(2))} ${unit}`;
}

/**
 * The experiment cut to {@link WORK_LIMITS}: while one round of steps is too much, the larger of
 * hidden units and batch size is halved; then the steps are cut so that the whole training
 * fits. Returns the state unchanged and no notice when it fits; otherwise a copy and a notice
 * that says what was capped and why.
 *
 * @example
 * capWork({ ...defaultExperiment(), hidden: 4096, batchSize: 4096, steps: 100000 }).notice;
 * // 'Capped to fit this tab: hidden 4,096 → 512, batch 4,096 → 512, steps 100,000 → ...'
 */
export function capWork(state: ExperimentState): { state: ExperimentState; notice: string | undefined } {
  const runs = Math.max(1, state.runs.length);
  let { hidden, batchSize, steps } = state;
  while (runs * stepFlops(hidden, batchSize) > WORK_LIMITS.roundFlops && (hidden > 1 || batchSize > 1)) {
    if (hidden >= batchSize) hidden = Math.max(1, Math.floor(hidden / 2));
    else batchSize = Math.max(1, Math.floor(batchSize / 2));
  }
  const round = runs * stepFlops(hidden, batchSize);
  const most = Math.max(1, Math.floor(WORK_LIMITS.totalFlops / round));
  if (steps > most) steps = most >= 1000 ? Math.floor(most / 100) * 100 : most;
  if (hidden === state.hidden && batchSize === state.batchSize && steps === state.steps) return { state, notice: undefined };
  const asked = runs * stepFlops(state.hidden, state.batchSize) * state.steps;
  const changes = [
    hidden !== state.hidden ? `hidden ${count(state.hidden)} → ${count(hidden)}` : '',
    batchSize !== state.batchSize ? `batch ${count(state.batchSize)} → ${count(batchSize)}` : '',
    steps !== state.steps ? `steps ${count(state.steps)} → ${count(steps)}` : '',
  ].filter((c) => c !== '');
  const notice =
    `Capped to fit this tab: ${changes.join(', ')}. ` +
    `${runs} run${runs === 1 ? '' : 's'} at the requested sizes are about ${flops(asked)} of training, ${duration(asked / WORK_LIMITS.flopsPerSecond)} at the ${flops(WORK_LIMITS.flopsPerSecond)}/s a browser core sustains; ` +
    `one round of steps (a step of every run) is kept under ${flops(WORK_LIMITS.roundFlops)} (about ${duration(WORK_LIMITS.roundFlops / WORK_LIMITS.flopsPerSecond)}) so that Pause and Stop answer at once, and the whole training under ${duration(WORK_LIMITS.totalFlops / WORK_LIMITS.flopsPerSecond)}.`;
  return { state: { ...state, hidden, batchSize, steps }, notice };
}
