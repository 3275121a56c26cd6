import { join } from 'node:path';
import { isDescentError } from '@descent/core';
import { Trainer } from '@descent/train';
import type { BackendInfo, Checkpoint, EpochMetrics, StepMetrics, TrainData } from '@descent/train';
import type { RunPlan } from '../options/resolveRun';
import { jsonNumber, runFiles } from './runFiles';
import type { RunSummary } from './runFiles';
import { writeCheckpoint } from './writeCheckpoint';
import { writeFileAtomic, writeJsonAtomic } from './writeFileAtomic';

/** What {@link trainInFolder} needs. The backend must already be initialised in this thread. */
export interface TrainInFolderInput {
  plan: RunPlan;
  data: TrainData;
  /** The run folder; it exists. */
  dir: string;
  backend: BackendInfo;
  /** Continue from this checkpoint (from `dir`). */
  resume?: Checkpoint;
  /** Aborting it finishes the current batch, writes the checkpoint and resolves with status `stopped`. */
  signal?: AbortSignal;
  /** Called once before training, with the step count of a whole run and the steps already done. */
  onStart?: (info: { totalSteps: number; stepsDone: number; batchesPerEpoch: number; optimizerParts: Readonly<Record<string, readonly string[]>> | null }) => void;
  /** Each step's metrics, with `runningLoss`: the mean batch loss of the epoch so far. */
  onStep?: (metrics: StepMetrics & { runningLoss: number }) => void;
  onEpoch?: (metrics: EpochMetrics) => void;
}

function metricsText(history: readonly EpochMetrics[]): string {
  return history.map((m) => `${JSON.stringify(m)}\n`).join('');
}

/**
 * Trains one run into its folder: `config.json` first, then after every epoch
 * `metrics.jsonl` and the checkpoint (`checkpoint.json` + `checkpoint.safetensors`), and at the end `summary.json` (and the final
 * checkpoint). Every file is written atomically. A stopped run (signal) leaves a
 * checkpoint from which `resume` continues with the same numbers as an uninterrupted run.
 *
 * @example
 * const summary = await trainInFolder({ plan, data, dir: 'runs/a', backend: await initBackend('wasm') });
 * summary.final?.testAccuracy; // 0.91
 * @throws DescentError from the {@link Trainer} for a configuration or checkpoint that does not fit
 */
export async function trainInFolder(input: TrainInFolderInput): Promise<RunSummary> {
  const { plan, data, dir, backend } = input;
  const trainer = new Trainer(plan.train, data, input.resume === undefined ? {} : { resume: input.resume });
  try {
    // optimizerParts: which parameters each part of a split optimizer (muon: Muon + AdamW) updates.
    writeJsonAtomic(join(dir, runFiles.config), { name: plan.name, settings: plan.settings, data: plan.data, backend: plan.backend, train: plan.train, optimizerParts: trainer.optimizerParts });
    const history: EpochMetrics[] = input.resume?.history.map((m) => ({ ...m })) ?? [];
    input.onStart?.({ totalSteps: plan.train.epochs * trainer.batchesPerEpoch, stepsDone: trainer.stepsDone, batchesPerEpoch: trainer.batchesPerEpoch, optimizerParts: trainer.optimizerParts });
    const running = { epoch: 0, sum: 0, count: 0 };
    const onStep = input.onStep;
    const result = await trainer.run({
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      ...(onStep === undefined
        ? {}
        : {
            onStep: (m: StepMetrics) => {
              if (m.epoch !== running.epoch) Object.assign(running, { epoch: m.epoch, sum: 0, count: 0 });
              running.sum += m.loss;
              running.count++;
              onStep({ ...m, runningLoss: running.sum / running.count });
            },
          }),
      onEpoch: (metrics) => {
        history.push(metrics);
        writeFileAtomic(join(dir, runFiles.metrics), metricsText(history));
        writeCheckpoint(dir, trainer.checkpoint());
        input.onEpoch?.(metrics);
      },
    });
    writeFileAtomic(join(dir, runFiles.metrics), metricsText(result.epochs));
    writeCheckpoint(dir, result.checkpoint);
    const final = result.epochs[result.epochs.length - 1];
    const accuracies = result.epochs.map((m) => m.testAccuracy).filter((a): a is number => a !== undefined);
    const summary: RunSummary = {
      name: plan.name,
      dir,
      status: result.status,
      epochsDone: result.epochs.length,
      epochs: plan.train.epochs,
      ...(final === undefined ? {} : { final }),
      ...(accuracies.length === 0 ? {} : { bestTestAccuracy: Math.max(...accuracies) }),
      diverged: result.diverged === null ? null : { ...result.diverged, loss: jsonNumber(result.diverged.loss) },
      backend: backend.backend,
      backendReason: backend.reason,
      dataset: plan.data.dataset,
      settings: plan.settings,
      steps: result.steps,
      seconds: result.epochs.reduce((s, m) => s + m.seconds + m.evalSeconds, 0) + result.checkpoint.partial.seconds,
      finishedAt: new Date().toISOString(),
    };
    writeJsonAtomic(join(dir, runFiles.summary), summary);
    return summary;
  } catch (error) {
    // A full disk (or another write failure) mid-run: leave a failed summary when there is still room for it.
    if (isDescentError(error, 'IO_ERROR')) {
      try {
        writeJsonAtomic(join(dir, runFiles.summary), { name: plan.name, dir, status: 'failed', epochsDone: trainer.epochsDone, epochs: plan.train.epochs, diverged: null, error: { code: error.code, message: error.message }, backend: backend.backend, backendReason: backend.reason, dataset: plan.data.dataset, settings: plan.settings, steps: trainer.stepsDone, seconds: 0, finishedAt: new Date().toISOString() } satisfies RunSummary);
      } catch {
        // no room even for that: the error says what happened
      }
    }
    throw error;
  } finally {
    trainer.dispose();
  }
}
