import { BatchIterator } from '@descent/datasets';
import { createOptimizer } from '@descent/optimizers';
import { createDescentMlp } from '@descent/train';
import type { DataSplit, DescentMlp } from '@descent/train';
import { evaluationSteps, learningRateAt, stepsPerEpochOf } from './lectureSetup';
import type { LectureRunSpec, LectureSetup } from './lectureSetup';

/** One evaluation of the whole test split. */
export interface LectureEvaluation {
  /** Steps done before it (0: the initial weights). */
  step: number;
  /** `step` in epochs (fractional). */
  epoch: number;
  testLoss: number;
  testAccuracy: number;
}

/** What one run of the lecture did: every step's loss, and the evaluations. */
export interface LectureCurve {
  name: string;
  label: string;
  lr: number;
  decay: LectureRunSpec['decay'];
  stepsPerEpoch: number;
  /** The mean cross-entropy of every step's batch, before its update (NaN/Infinity kept as they came). */
  losses: number[];
  evaluations: LectureEvaluation[];
  /** The step (1-based) whose loss was not finite, where the run stopped; null when it did not diverge. */
  divergedAt: number | null;
  /** Wall seconds of the training steps (evaluations excluded), and of the evaluations. */
  seconds: number;
  evalSeconds: number;
}

/** The MLP's initial weights and one epoch's item order: what a replay in PyTorch needs. */
export interface LectureStart {
  /** `fc1.weight` `[784, hidden]`, `fc1.bias`, ... as descent lays them out. */
  weights: Record<string, { shape: number[]; data: Float32Array }>;
  /** Item order of each epoch (all training items; the first `trainPerEpoch` are used). */
  orders: Uint32Array[];
}

/** The model of a lecture run: the MLP 784-hidden-10 on core's cpu backend, initialised from `setup.seed`. */
export function createLectureModel(setup: Pick<LectureSetup, 'hidden' | 'batchSize' | 'seed'>, inputSize: number, classes: number): DescentMlp {
  return createDescentMlp({ sizes: [inputSize, ...setup.hidden, classes], seed: setup.seed, batchSize: setup.batchSize });
}

/** The initial weights (from `setup.seed`) and the batch orders of every epoch, for a replay elsewhere. */
export function lectureStart(setup: LectureSetup, train: DataSplit, classes: number): LectureStart {
  const model = createLectureModel(setup, train.images.length / train.count, classes);
  const weights: LectureStart['weights'] = {};
  for (const name of model.names) weights[name] = { shape: [...model.params[name]!.shape], data: Float32Array.from(model.params[name]!.data) };
  model.dispose();
  const iterator = new BatchIterator(train, { batchSize: setup.batchSize, seed: setup.seed });
  const orders = Array.from({ length: setup.epochs }, (_, epoch) => Uint32Array.from(iterator.order(epoch)));
  return { weights, orders };
}

/**
 * Trains one run of the lecture: the MLP from `setup.seed`, the run's optimizer (plain SGD
 * unless it names one) at the run's learning rate (with its step decay), batches of `setup.batchSize` from the
 * first `setup.trainPerEpoch` items of each epoch's seeded shuffle (`BatchIterator`'s
 * order, the same for every run), the whole test split evaluated at
 * {@link evaluationSteps}. Every step's loss is kept. A non-finite loss stops the run.
 *
 * @example
 * const curve = trainLectureRun(LECTURE_SETUP, LECTURE_SETUP.runs[1], mnist.train, mnist.test, 10);
 * curve.evaluations.at(-1)?.testAccuracy;
 */
export function trainLectureRun(
  setup: LectureSetup,
  spec: LectureRunSpec,
  train: DataSplit,
  test: DataSplit,
  classes: number,
  onProgress?: (step: number, total: number) => void,
): LectureCurve {
  const features = train.images.length / train.count;
  const model = createLectureModel(setup, features, classes);
  const perEpoch = stepsPerEpochOf(setup);
  const total = perEpoch * setup.epochs;
  const lr = (step: number): number => learningRateAt(spec, step, perEpoch);
  const optimizer = createOptimizer(spec.optimizer?.name ?? 'sgd', model.params, { ...spec.optimizer?.options, lr });
  const iterator = new BatchIterator(train, { batchSize: setup.batchSize, seed: setup.seed });
  const evalAt = new Set(evaluationSteps(setup));
  const losses: number[] = [];
  const evaluations: LectureEvaluation[] = [];
  let divergedAt: number | null = null;
  let seconds = 0;
  let evalSeconds = 0;
  const evaluate = (step: number): void => {
    const started = performance.now();
    const { loss, accuracy } = model.evaluate(test, 1000);
    evalSeconds += (performance.now() - started) / 1000;
    evaluations.push({ step, epoch: step / perEpoch, testLoss: loss, testAccuracy: accuracy });
  };
  try {
    evaluate(0);
    outer: for (let epoch = 0; epoch < setup.epochs; epoch++) {
      for (let index = 0; index < perEpoch; index++) {
        const started = performance.now();
        const batch = iterator.batch(epoch, index);
        const size = Math.min(batch.size, setup.trainPerEpoch - index * setup.batchSize);
        const { loss, grads } = model.lossAndGradients({ images: batch.images, labels: batch.labels, size });
        losses.push(loss);
        if (!Number.isFinite(loss)) {
          divergedAt = losses.length;
          seconds += (performance.now() - started) / 1000;
          break outer;
        }
        try {
          optimizer.step(grads);
        } catch (error) {
          if ((error as { code?: string }).code !== 'NON_FINITE') throw error;
          divergedAt = losses.length;
          seconds += (performance.now() - started) / 1000;
          break outer;
        }
        seconds += (performance.now() - started) / 1000;
        if (evalAt.has(losses.length)) evaluate(losses.length);
        if (onProgress !== undefined && losses.length % 50 === 0) onProgress(losses.length, total);
      }
    }
  } finally {
    model.dispose();
  }
  return { name: spec.name, label: spec.label, lr: spec.lr, decay: spec.decay, stepsPerEpoch: perEpoch, losses, evaluations, divergedAt, seconds, evalSeconds };
}
