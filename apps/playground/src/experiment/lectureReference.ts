import type { ExperimentState } from '../state/experimentState';
import type { RunSpec } from '../state/runSpec';
import { smooth } from './runProgress';

/** Where the app serves PyTorch's replay of the lecture's runs (`descent lecture`'s fixture, copied at build time). */
export const REFERENCE_URL = './lecture/pytorch-lecture-curves.json';

/** One PyTorch run of the fixture: from descent's initial weights, on descent's batch order. */
export interface ReferenceCurve {
  name: string;
  label: string;
  lr: number;
  decay: { every: number; factor: number } | null;
  stepsPerEpoch: number;
  losses: number[];
  evaluations: Array<{ step: number; testLoss: number; testAccuracy: number }>;
}

/** The fixture: the setup it replays and its curves. */
export interface ReferenceFile {
  format: 'descent-lecture-replay';
  framework: string;
  setup: { hidden: number[]; batchSize: number; seed: number; trainPerEpoch: number };
  curves: ReferenceCurve[];
}

/** A reference matched to a run of the experiment, smoothed like the run's own curve. */
export interface RunReference {
  framework: string;
  curve: ReferenceCurve;
  smoothed: number[];
}

/**
 * PyTorch's curve for each run of `state`, where the fixture replays exactly that run: the
 * same MLP (hidden units, batch size, seed: the same initial weights and batches, since the
 * experiment orders batches as `descent lecture` does) and plain SGD at the same learning
 * rate, constant or halved every epoch (`step:STEPS_PER_EPOCH:0.5`). Others get undefined.
 *
 * @example
 * referencesFor(file, lectureExperiment()).map((r) => r?.curve.label); // ['lr 0.0001', ..., undefined]
 */
export function referencesFor(file: ReferenceFile, state: ExperimentState): Array<RunReference | undefined> {
  const setup = file.setup;
  const same = setup.hidden.length === 1 && setup.hidden[0] === state.hidden && setup.batchSize === state.batchSize && setup.seed === state.seed && setup.trainPerEpoch === 60000;
  return state.runs.map((run) => {
    if (!same) return undefined;
    const curve = file.curves.find((c) => matches(c, run));
    return curve === undefined ? undefined : { framework: file.framework, curve, smoothed: smooth(curve.losses) };
  });
}

function matches(curve: ReferenceCurve, run: RunSpec): boolean {
  if (run.name !== 'sgd' || Object.keys(run.options).some((k) => k !== 'lr') || run.options.lr !== curve.lr) return false;
  if (curve.decay === null) return run.schedule === '';
  return run.schedule === `step:${curve.stepsPerEpoch * curve.decay.every}:${curve.decay.factor}`;
}

let loading: Promise<ReferenceFile | undefined> | undefined;

/** The fixture, fetched once (undefined when the site does not serve it). */
export function loadReference(): Promise<ReferenceFile | undefined> {
  loading ??= fetch(new URL(REFERENCE_URL, location.href))
    .then(async (response) => {
      if (!response.ok) return undefined;
      const file = (await response.json()) as ReferenceFile;
      return file.format === 'descent-lecture-replay' ? file : undefined;
    })
    .catch(() => undefined);
  return loading;
}
