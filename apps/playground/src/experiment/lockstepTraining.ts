import { isDescentError, type Tensor } from '@descent/core';
import { BatchIterator } from '@descent/datasets';
import { createOptimizer, optimizers, type Optimizer, type OptimizerEntry } from '@descent/optimizers';
import { parseSchedule, schedule } from '@descent/schedulers';
import type { DataSplit, TrainableModel } from '@descent/train';
import type { OptionDescriptor } from '../state/optionValue';
import { runLr, type RunSpec } from '../state/runSpec';
import type { EvaluationReport, RunEnd, StepChunk } from './protocol';

/** Builds the MLP `sizes` (784, hidden, 10) from `seed`, taking batches of up to `batchSize`. */
export type ModelFactory = (sizes: number[], seed: number, batchSize: number) => TrainableModel;

/** What {@link LockstepTraining} trains. */
export interface LockstepSettings {
  runs: readonly RunSpec[];
  hidden: number;
  batchSize: number;
  steps: number;
  seed: number;
  /** Evaluate every run after every `evalEvery` steps and after the last one. */
  evalEvery: number;
}

interface LiveRun {
  model: TrainableModel | undefined;
  optimizer: Optimizer | undefined;
  status: 'running' | RunEnd['status'];
  /** Steps done. */
  step: number;
  pending: StepChunk;
}

/** A loss that may be a scalar descent tensor (tfjs): its value, the tensor disposed. */
function readLoss(loss: number | Tensor): number {
  if (typeof loss === 'number') return loss;
  const value = loss.backend.read(loss)[0]!;
  loss.backend.dispose(loss);
  return value;
}

/** The lr handed to the optimizer: the run's number, or its schedule (from that number) as a function of the step. */
function learningRate(spec: RunSpec): number | ((step: number) => number) {
  const options = ((optimizers as Record<string, OptimizerEntry>)[spec.name]?.options ?? []) as readonly OptionDescriptor[];
  const lr = runLr(spec, options);
  return spec.schedule === '' ? lr : schedule(parseSchedule(spec.schedule, { initial: lr }));
}

/**
 * The experiment's training: every run from the same initial weights (`seed`) on the same
 * batches (one seeded {@link BatchIterator}, as `descent lecture` orders them), all runs one step
 * per {@link round}, so that a caller can stop between any two steps. A run whose loss or
 * gradient is not finite ends as diverged; every run is evaluated at the same steps.
 * What happened since the last {@link drain} is collected for the page.
 *
 * @example
 * const training = new LockstepTraining(settings, mnist.train, evalSplit, (sizes, seed, batchSize) => createDescentMlp({ sizes, seed, batchSize }));
 * while (training.round()) if (training.step % 100 === 0) post(training.drain());
 */
export class LockstepTraining {
  /** Steps every running run has done. */
  step = 0;
  readonly batchesPerEpoch: number;
  private readonly runs: LiveRun[];
  private readonly iterator: BatchIterator;
  private readonly features: number;
  private evaluations: EvaluationReport[] = [];
  private ended: RunEnd[] = [];

  constructor(
    private readonly settings: LockstepSettings,
    train: DataSplit,
    private readonly evalSplit: DataSplit,
    createModel: ModelFactory,
  ) {
    this.features = train.images.length / train.count;
    this.iterator = new BatchIterator(train, { batchSize: settings.batchSize, seed: settings.seed });
    this.batchesPerEpoch = this.iterator.batchesPerEpoch;
    this.runs = settings.runs.map((spec, index) => {
      const run: LiveRun = { model: undefined, optimizer: undefined, status: 'running', step: 0, pending: { run: index, from: 1, losses: [], lrs: [] } };
      try {
        run.model = createModel([this.features, settings.hidden, 10], settings.seed, settings.batchSize);
        run.optimizer = createOptimizer(spec.name, { ...run.model.params }, { ...spec.options, lr: learningRate(spec) });
      } catch (error) {
        this.end(run, index, 'failed', (error as Error).message);
      }
      return run;
    });
    this.evaluate(0);
  }

  /** True while some run still trains. */
  get active(): boolean {
    return this.runs.some((r) => r.status === 'running');
  }

  /** Steps each run has done. */
  get stepsDone(): number[] {
    return this.runs.map((r) => r.step);
  }

  /** One step of every running run, on the same batch; false once none is left. */
  round(): boolean {
    if (!this.active) return false;
    const epoch = Math.floor(this.step / this.batchesPerEpoch);
    const batch = this.iterator.batch(epoch, this.step % this.batchesPerEpoch);
    this.step++;
    this.runs.forEach((run, index) => {
      if (run.status !== 'running') return;
      try {
        this.trainStep(run, index, batch);
      } catch (error) {
        this.end(run, index, 'failed', (error as Error).message);
      }
    });
    if (this.step % this.settings.evalEvery === 0 || this.step === this.settings.steps) this.evaluate(this.step);
    if (this.step >= this.settings.steps) {
      this.runs.forEach((run, index) => {
        if (run.status === 'running') this.end(run, index, 'done');
      });
    }
    return this.active;
  }

  private trainStep(run: LiveRun, index: number, batch: { images: Float32Array; labels: Uint8Array; size: number }): void {
    const model = run.model!;
    const optimizer = run.optimizer!;
    const { loss, grads } = model.lossAndGradients({ images: batch.images, labels: batch.labels, size: batch.size, features: this.features });
    const value = readLoss(loss);
    let lr = optimizer.lr;
    let diverged = !Number.isFinite(value);
    if (!diverged) {
      try {
        lr = optimizer.step(grads).lr;
      } catch (error) {
        if (!isDescentError(error, 'NON_FINITE')) throw error;
        diverged = true;
      }
    }
    for (const g of Object.values(grads)) g.backend.dispose(g);
    if (diverged) {
      // The step whose loss (or gradient) is not finite: the run ends there, its update not applied.
      this.end(run, index, 'diverged', undefined, run.step + 1);
      return;
    }
    run.step++;
    run.pending.losses.push(value);
    run.pending.lrs.push(lr);
  }

  private evaluate(step: number): void {
    this.runs.forEach((run, index) => {
      if (run.status !== 'running' || run.model === undefined) return;
      const { loss, accuracy } = run.model.evaluate(this.evalSplit, 1000);
      this.evaluations.push({ run: index, step, loss, accuracy: accuracy ?? NaN });
    });
  }

  private end(run: LiveRun, index: number, status: RunEnd['status'], error?: string, step = run.step): void {
    run.status = status;
    this.ended.push({ run: index, status, step, ...(error === undefined ? {} : { error }) });
    run.model?.dispose?.();
    run.model = undefined;
    run.optimizer = undefined;
  }

  /** The steps, evaluations and ends since the last call. */
  drain(): { steps: StepChunk[]; evaluations: EvaluationReport[]; ended: RunEnd[] } {
    const steps: StepChunk[] = [];
    for (const run of this.runs) {
      if (run.pending.losses.length > 0) steps.push(run.pending);
      run.pending = { run: run.pending.run, from: run.step + 1, losses: [], lrs: [] };
    }
    const out = { steps, evaluations: this.evaluations, ended: this.ended };
    this.evaluations = [];
    this.ended = [];
    return out;
  }

  /** Frees every model. */
  dispose(): void {
    for (const run of this.runs) {
      run.model?.dispose?.();
      run.model = undefined;
    }
  }
}
