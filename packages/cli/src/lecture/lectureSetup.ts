/** One run of the lecture's experiment: a learning rate, held or halved every `every` epochs. */
export interface LectureRunSpec {
  /** Folder-safe name, e.g. `lr-0.1` or `lr-1-halved`. */
  name: string;
  /** Legend label, e.g. `lr 1, halved every epoch`. */
  label: string;
  /** The learning rate of the first epoch. */
  lr: number;
  /** Step decay (torch's `StepLR`): multiply by `factor` every `every` epochs; `null` holds the rate. */
  decay: { every: number; factor: number } | null;
  /** An optimizer of `@descent/optimizers` (registry name or alias) and its options besides `lr`; default plain SGD. */
  optimizer?: { name: string; options: Record<string, unknown> };
}

/** The setup of `descent lecture`: what is trained, and how often it is evaluated. */
export interface LectureSetup {
  /** Hidden widths of the MLP (784-hidden-10, ReLU). */
  hidden: number[];
  batchSize: number;
  epochs: number;
  /** Seed of the initialisation (one MLP for every run) and of each epoch's batch order. */
  seed: number;
  /** Training images per epoch: the first `trainPerEpoch` of that epoch's shuffled order of all training images. */
  trainPerEpoch: number;
  /** Evaluations of the whole test split per epoch (and one before the first step). */
  evalsPerEpoch: number;
  runs: LectureRunSpec[];
}

/** A run's name from its learning rate and decay, e.g. `lr-0.0001`, `lr-1-halved`. */
export function lectureRunName(lr: number, decay: LectureRunSpec['decay']): string {
  return `lr-${String(lr)}${decay === null ? '' : '-halved'}`;
}

function run(lr: number, decay: LectureRunSpec['decay'] = null): LectureRunSpec {
  const label = decay === null ? `lr ${String(lr)}` : `lr ${String(lr)}, halved every ${decay.every === 1 ? 'epoch' : `${decay.every} epochs`}`;
  return { name: lectureRunName(lr, decay), label, lr, decay };
}

/**
 * What `descent lecture` trains unless told otherwise, chosen to show every claim of the
 * lecture within about 90 s of training on two cores (see the CLI README, "The lecture"):
 * the lecture code's MLP 784-200-10 (its text says 2000 hidden units; 200 is ten times
 * cheaper and is what PyTorch's anchors use), plain SGD, batch 64, 6 epochs of all 60,000
 * training images (a new seeded shuffle each epoch), the whole test set evaluated 4 times
 * per epoch, and five runs: the lecture's learning rates 1e-4, 1e-2, 1e-1
 * and 1, and its remedy, lr 1 halved every epoch.
 *
 * @example
 * LECTURE_SETUP.runs.map((r) => r.name); // ['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1', 'lr-1-halved']
 */
export const LECTURE_SETUP: Readonly<LectureSetup> = Object.freeze({
  hidden: [200],
  batchSize: 64,
  epochs: 6,
  seed: 0,
  trainPerEpoch: 60_000,
  evalsPerEpoch: 4,
  runs: [run(1e-4), run(1e-2), run(1e-1), run(1), run(1, { every: 1, factor: 0.5 })],
});

/** The learning rate of step `step` (0-based) of a run, `stepsPerEpoch` steps an epoch. */
export function learningRateAt(spec: LectureRunSpec, step: number, stepsPerEpoch: number): number {
  if (spec.decay === null) return spec.lr;
  const epoch = Math.floor(step / stepsPerEpoch);
  return spec.lr * spec.decay.factor ** Math.floor(epoch / spec.decay.every);
}

/** Steps per epoch: `ceil(trainPerEpoch / batchSize)` (the last batch may be smaller). */
export function stepsPerEpochOf(setup: Pick<LectureSetup, 'trainPerEpoch' | 'batchSize'>): number {
  return Math.ceil(setup.trainPerEpoch / setup.batchSize);
}

/** The steps after which the test split is evaluated: 0, then `evalsPerEpoch` evenly spaced per epoch, the last at the epoch's end. */
export function evaluationSteps(setup: Pick<LectureSetup, 'trainPerEpoch' | 'batchSize' | 'epochs' | 'evalsPerEpoch'>): number[] {
  const perEpoch = stepsPerEpochOf(setup);
  const steps = [0];
  for (let epoch = 0; epoch < setup.epochs; epoch++) {
    for (let k = 1; k <= setup.evalsPerEpoch; k++) steps.push(epoch * perEpoch + Math.round((k * perEpoch) / setup.evalsPerEpoch));
  }
  return [...new Set(steps)];
}

function optimizerRun(label: string, name: string, lr: number, options: Record<string, unknown> = {}): LectureRunSpec {
  return { name: label.toLowerCase(), label: `${label}, lr ${String(lr)}`, lr, decay: null, optimizer: { name, options } };
}

/**
 * `descent lecture --optimizers`: the lecture's "if you are unsure, use Adam but also try
 * SGD" on the same MLP, data, initialisation and batches as {@link LECTURE_SETUP}, 2 epochs:
 * SGD (lr 0.1), momentum 0.9 and Nesterov (lr 0.01), Adagrad (lr 0.01), RMSProp and Adam
 * (lr 1e-3, Adam's default), each at a learning rate commonly used for it.
 *
 * @example
 * OPTIMIZERS_SETUP.runs.map((r) => r.name); // ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']
 */
export const OPTIMIZERS_SETUP: Readonly<LectureSetup> = Object.freeze({
  ...LECTURE_SETUP,
  epochs: 2,
  runs: [
    optimizerRun('SGD', 'sgd', 0.1),
    optimizerRun('Momentum', 'sgd', 0.01, { momentum: 0.9 }),
    optimizerRun('Nesterov', 'sgd', 0.01, { momentum: 0.9, nesterov: true }),
    optimizerRun('Adagrad', 'adagrad', 0.01),
    optimizerRun('RMSProp', 'rmsprop', 0.001),
    optimizerRun('Adam', 'adam', 0.001),
  ],
});
