import type { RunSpec } from '../state/runSpec';
import type { EvaluationReport, FromWorker, RunEnd, StepChunk } from './protocol';

/** Smoothing of the plotted training loss (exponential moving average, bias-corrected). */
export const EMA = 0.9;
/**
 * A run whose smoothed loss climbs above this multiple of its first loss is marked as blown
 * up: with cross-entropy (log-sum-exp) a too-high lr often leaves the loss finite but huge,
 * which the NaN/Inf check does not call a divergence.
 */
export const BLOW_UP = 3;

export type RunStatus = 'waiting' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed';

/** One run's progress and curves, as the page holds them. */
export interface RunProgress {
  spec: RunSpec;
  status: RunStatus;
  /** Batch loss at steps 1, 2, ... (index = step - 1). */
  losses: number[];
  /** Smoothed loss, same indexing. */
  smoothed: number[];
  /** Learning rate each step used (the schedule's value), same indexing. */
  lrs: number[];
  /** Test loss and accuracy on the evaluation images, in step order (step 0: the initial weights). */
  evaluations: Array<{ step: number; loss: number; accuracy: number }>;
  /** The step whose loss or gradient was not finite. */
  divergedAt: number | undefined;
  /** First step whose smoothed loss exceeded `BLOW_UP` times the first loss: diverging, though still finite. */
  blewUpAt: number | undefined;
  error: string | undefined;
}

export function newProgress(spec: RunSpec): RunProgress {
  return { spec, status: 'waiting', losses: [], smoothed: [], lrs: [], evaluations: [], divergedAt: undefined, blewUpAt: undefined, error: undefined };
}

/** The bias-corrected exponential moving average of `losses` (weight `EMA` on the past). */
export function smooth(losses: readonly number[], out: number[] = [], from = 0): number[] {
  let raw = from === 0 ? 0 : (out[from - 1] as number) * (1 - EMA ** from);
  for (let i = from; i < losses.length; i++) {
    raw = EMA * raw + (1 - EMA) * (losses[i] as number);
    out[i] = raw / (1 - EMA ** (i + 1));
  }
  return out;
}

/** Adds the worker's steps of one run (they come in order). */
export function addSteps(run: RunProgress, chunk: StepChunk): void {
  const from = chunk.from - 1;
  for (let k = 0; k < chunk.losses.length; k++) {
    run.losses[from + k] = chunk.losses[k] as number;
    run.lrs[from + k] = chunk.lrs[k] as number;
  }
  smooth(run.losses, run.smoothed, from);
  if (run.blewUpAt === undefined) {
    const first = run.losses[0] as number;
    for (let i = Math.max(1, from); i < run.smoothed.length; i++) {
      if ((run.smoothed[i] as number) > BLOW_UP * first) {
        run.blewUpAt = i + 1;
        break;
      }
    }
  }
}

export function addEvaluation(run: RunProgress, report: EvaluationReport): void {
  run.evaluations.push({ step: report.step, loss: report.loss, accuracy: report.accuracy });
}

export function endRun(run: RunProgress, end: RunEnd): void {
  run.status = end.status;
  if (end.status === 'diverged') run.divergedAt = end.step;
  if (end.error !== undefined) run.error = end.error;
}

/** True while a run trains or waits to resume. */
export function isLive(run: RunProgress): boolean {
  return run.status === 'running' || run.status === 'paused';
}

/** Adds a progress report of the worker to `runs`: new steps, evaluations, and the ends of live runs (a stopped run stays stopped). */
export function applyReport(runs: RunProgress[], report: Extract<FromWorker, { type: 'progress' }>): void {
  for (const chunk of report.steps) if (runs[chunk.run] !== undefined) addSteps(runs[chunk.run]!, chunk);
  for (const e of report.evaluations) if (runs[e.run] !== undefined) addEvaluation(runs[e.run]!, e);
  for (const end of report.ended) {
    const run = runs[end.run];
    if (run !== undefined && (isLive(run) || run.status === 'waiting')) endRun(run, end);
  }
}
