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
  /** Backend: `auto` (webgl, else wasm, else cpu) or one of them forced (`descent`: no TensorFlow.js). */
  backend: ExperimentBackend;
}

export type ExperimentBackend = BrowserBackendChoice;
const BACKENDS: readonly ExperimentBackend[] = browserBackendChoices;

export const EXPERIMENT_LIMITS = { hidden: [1, 4096], batchSize: [1, 4096], steps: [1, 100000], runs: 8 } as const;

/** The lecture's experiment: plain SGD at the four learning rates 1e-4, 1e-2, 1e-1, 1. */
export function lectureRuns(): RunSpec[] {
  return [1e-4, 1e-2, 1e-1, 1].map((lr) => ({ name: 'sgd', options: { lr }, schedule: '' }));
}

export function defaultExperiment(): ExperimentState {
  return { runs: lectureRuns(), hidden: 200, batchSize: 64, steps: 938, seed: 1, backend: 'auto' };
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
