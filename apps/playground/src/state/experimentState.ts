import { browserBackendChoices, type BrowserBackendChoice } from '@descent/train/backends';
import { decodeValue, joinQuery } from './query';
import { decodeRun, encodeRun, type OptimizerCatalog, type RunSpec } from './runSpec';

/** The experiment view's settings; the URL hash holds exactly this. */
export interface ExperimentState {
  /** Runs trained side by side on the same batches. */
  runs: RunSpec[];
  /** Hidden units of the MLP 784-hidden-10 (ReLU). */
  hidden: number;
  batchSize: number;
  /** Training steps (minibatches) of every run. */
  steps: number;
  /** Seed of the weights' initialisation and of the batch order. */
  seed: number;
  /**
   * What trains: `auto` (descent's WebAssembly SIMD kernels where the engine has SIMD, else
   * TensorFlow.js' webgl, wasm or cpu), `descent`, or a TensorFlow.js backend forced.
   */
  backend: ExperimentBackend;
}

export type ExperimentBackend = BrowserBackendChoice;
/** The experiment's backend choices (declared once, in `@descent/train/backends`). */
export const EXPERIMENT_BACKENDS: readonly ExperimentBackend[] = browserBackendChoices;
const BACKENDS = EXPERIMENT_BACKENDS;

export const EXPERIMENT_LIMITS = { hidden: [1, 4096], batchSize: [1, 4096], steps: [1, 100000], runs: 8 } as const;

/** Steps of one epoch of MNIST's 60,000 training images in batches of 64. */
export const LECTURE_EPOCH = 938;

/**
 * The lecture's experiment: plain SGD at its four learning rates 1e-4, 1e-2, 1e-1 and 1, its
 * remedy (lr 1 halved every epoch), and lr 10, which visibly goes wrong (the loss jumps far
 * above its start and the network ends at chance).
 */
export function lectureRuns(): RunSpec[] {
  return [
    ...[1e-4, 1e-2, 1e-1, 1].map((lr) => ({ name: 'sgd', options: { lr }, schedule: '' })),
    { name: 'sgd', options: { lr: 1 }, schedule: `step:${LECTURE_EPOCH}:0.5` },
    { name: 'sgd', options: { lr: 10 }, schedule: '' },
  ];
}

/** The lecture's comparison of optimizers: SGD, SGD with momentum, RMSprop and Adam at their usual learning rates. */
export function optimizerRuns(): RunSpec[] {
  return [
    { name: 'sgd', options: { lr: 0.01 }, schedule: '' },
    { name: 'sgd', options: { lr: 0.01, momentum: 0.9 }, schedule: '' },
    { name: 'rmsprop', options: { lr: 0.001 }, schedule: '' },
    { name: 'adam', options: { lr: 0.001 }, schedule: '' },
  ];
}

/**
 * The lecture's setup, as `descent lecture` trains it and PyTorch replayed it: MLP 784-200-10,
 * batch 64, seed 0 (the same initial weights and batches), two epochs.
 */
export function defaultExperiment(): ExperimentState {
  return { runs: lectureRuns(), hidden: 200, batchSize: 64, steps: 2 * LECTURE_EPOCH, seed: 0, backend: 'auto' };
}

export function encodeExperiment(state: ExperimentState, optimizers: OptimizerCatalog): string {
  const pairs: Array<[string, string]> = [
    ['hidden', String(state.hidden)],
    ['batch', String(state.batchSize)],
    ['steps', String(state.steps)],
    ['seed', String(state.seed)],
  ];
  if (state.backend !== 'auto') pairs.push(['backend', state.backend]);
  for (const run of state.runs) pairs.push(['run', encodeRun(run, optimizers.optionsOf(run.name) ?? [])]);
  return `experiment?${joinQuery(pairs)}`;
}

function readInteger(raw: string, label: string, range: readonly [number, number], problems: string[]): number | undefined {
  const text = (decodeValue(raw) ?? '').trim();
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    problems.push(`${label}=${text}: expected an integer in [${range[0]}, ${range[1]}], using the default`);
    return undefined;
  }
  return value;
}

/** Reads an experiment from hash pairs, field by field, like `decodeRace`. */
export function decodeExperiment(pairs: ReadonlyArray<readonly [string, string]>, optimizers: OptimizerCatalog): { state: ExperimentState; problems: string[] } {
  const problems: string[] = [];
  const state = defaultExperiment();
  const runs: RunSpec[] = [];
  let sawRun = false;
  for (const [key, raw] of pairs) {
    switch (key) {
      case 'hidden':
        state.hidden = readInteger(raw, 'hidden', EXPERIMENT_LIMITS.hidden, problems) ?? state.hidden;
        break;
      case 'batch':
        state.batchSize = readInteger(raw, 'batch', EXPERIMENT_LIMITS.batchSize, problems) ?? state.batchSize;
        break;
      case 'steps':
        state.steps = readInteger(raw, 'steps', EXPERIMENT_LIMITS.steps, problems) ?? state.steps;
        break;
      case 'seed':
        state.seed = readInteger(raw, 'seed', [0, 2 ** 32 - 1], problems) ?? state.seed;
        break;
      case 'backend': {
        const text = decodeValue(raw) ?? '';
        if ((BACKENDS as readonly string[]).includes(text)) state.backend = text as ExperimentBackend;
        else problems.push(`backend=${text}: expected one of ${BACKENDS.join(', ')}, using auto`);
        break;
      }
      case 'run': {
        sawRun = true;
        if (runs.length >= EXPERIMENT_LIMITS.runs) {
          problems.push(`at most ${EXPERIMENT_LIMITS.runs} runs; the rest were left out`);
          break;
        }
        const run = decodeRun(raw, optimizers, `run ${runs.length + 1}`, problems);
        if (run !== undefined) runs.push(run);
        break;
      }
      default:
        problems.push(`unknown field '${key}' ignored`);
    }
  }
  if (sawRun) state.runs = runs;
  return { state, problems };
}
