import { join } from 'node:path';
import { DescentError, describeValue } from '@descent/core';
import { loadData } from '../data/loadData';
import { exitCodes } from '../exitCodes';
import { textTable } from '../formatMetrics';
import { invocation } from '../invocation';
import { onInterrupt } from '../onInterrupt';
import { resolveRun } from '../options/resolveRun';
import type { RunPlan } from '../options/resolveRun';
import type { Output } from '../output';
import { createProgressBars } from '../progressBars';
import { loadRuns } from '../report/loadRuns';
import { renderReport, runRows } from '../report/renderReport';
import type { RenderReportOptions, ReportFiles } from '../report/renderReport';
import { claimOutDir } from '../run/claimOutDir';
import { checkOutDir, createOutDir } from '../run/prepareOutDir';
import { readRunJson } from '../run/runFiles';
import type { RunSummary } from '../run/runFiles';
import { removeStaleTemporaries, writeJsonAtomic } from '../run/writeFileAtomic';
import { RUN_NAME, expandGrid } from './expandGrid';
import { z } from 'zod';
import { runSweep } from './runSweep';
import { workerCount } from './workerCount';
import type { SweepResult } from './runSweep';

/** The sweep's own file in its folder: the grid, and at the end what happened. */
export const SWEEP_FILE = 'sweep.json';

interface SweepFile {
  command: string;
  runs: Array<{ name: string; settings: Record<string, unknown> }>;
  result?: Omit<SweepResult, 'summaries'> & { runs: RunSummary[] };
}

const sweepFileSchema = z.looseObject({
  command: z.string(),
  runs: z
    .array(
      z.object({
        name: z.string().regex(RUN_NAME, { error: (issue) => `must be a run folder name (letters, digits, . + _ -, no '/', no leading '.'), got ${describeValue(issue.input)}` }),
        settings: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1),
});

/** What {@link executeSweep} needs from a command. */
export interface ExecuteSweepInput {
  command: string;
  /** Each setting's alternatives (ignored with `resume`: the grid comes from `sweep.json`). */
  alternatives: Map<string, unknown[]>;
  /** How errors name the settings that came from a config file (see `collectSettings`); others by their flag. */
  labels?: ReadonlyMap<string, string>;
  /** Explicit flags that a resumed sweep may change (only `epochs`). */
  overrides: Record<string, unknown>;
  dir: string;
  workers?: number;
  resume: boolean;
  force: boolean;
  out: Output;
  report?: (runs: ReturnType<typeof loadRuns>, result: SweepResult) => RenderReportOptions;
}

/** What {@link executeSweep} did. */
export interface ExecutedSweep {
  result: SweepResult;
  report: ReportFiles;
  exitCode: number;
}

const DATA_KEYS = ['dataset', 'data', 'limitTrain', 'limitTest'];

/**
 * The body of `sweep` and `lecture`: validates every point of the grid before anything
 * is written, loads the data once into shared memory, runs the grid on worker threads
 * (`runSweep`), writes `sweep.json`, renders the report into the sweep folder and prints
 * the comparison. Ctrl-C stops every run with a checkpoint (`--resume` continues).
 *
 * @example
 * const { exitCode } = await executeSweep({ command: 'sweep', alternatives, overrides: {}, dir, resume: false, force: false, out });
 * @throws DescentError for bad input (nothing is written then)
 */
export async function executeSweep(input: ExecuteSweepInput): Promise<ExecutedSweep> {
  const { command, dir } = input;
  const workers = workerCount(command, input.workers);
  // Claimed before anything is read or loaded: a second sweep (or run) into this folder is refused now.
  const claim = claimOutDir(command, dir);
  try {
    return await sweepInClaimedFolder(input, workers);
  } finally {
    claim.release();
  }
}

async function sweepInClaimedFolder(input: ExecuteSweepInput, workers: number): Promise<ExecutedSweep> {
  const { command, dir, out } = input;
  checkOutDir(command, dir, { resume: input.resume, force: input.force });
  let points: Array<{ name: string; settings: Record<string, unknown> }>;
  if (input.resume) {
    removeStaleTemporaries(dir);
    // Checked like the names made: a name read back never leaves --out (no '../').
    const saved = readRunJson(dir, SWEEP_FILE, { command: `${command}: --resume`, schema: sweepFileSchema }) as SweepFile | undefined;
    if (saved === undefined) throw new DescentError('NOT_FOUND', `${command}: --resume: '${dir}' has no ${SWEEP_FILE} (not a sweep folder)`, { details: { field: '--out' } });
    points = saved.runs.map((r) => ({ name: r.name, settings: { ...r.settings, ...input.overrides } }));
  } else {
    points = expandGrid(input.alternatives);
  }
  const plans: RunPlan[] = points.map((p) => resolveRun(command, p.settings, p.name, input.labels));
  for (const key of DATA_KEYS) {
    if (new Set(plans.map((p) => JSON.stringify(p.settings[key]))).size > 1) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must have one value in a sweep (the data is loaded once and shared by every run)`, {
        details: { field: key },
      });
    }
  }
  const loaded = await loadData(command, plans[0]!.data, { shared: true, seed: 0 });
  for (const plan of plans) plan.train.classes = loaded.classes;
  createOutDir(command, dir, { force: input.force });
  if (!input.resume) writeJsonAtomic(join(dir, SWEEP_FILE), { command, runs: points } satisfies SweepFile);

  const bars = createProgressBars(out);
  const controller = new AbortController();
  const release = onInterrupt(() => {
    bars.log('interrupted: every run finishes its batch and writes its checkpoint (Ctrl-C again to quit at once)');
    controller.abort();
  });
  // Printed once Ctrl-C is handled: a signal after this line stops the sweep cleanly (a checkpoint for every run begun).
  out.info(`${loaded.description} (${(loaded.bytes / 2 ** 20).toFixed(1)} MiB, shared by the workers); ${plans.length} runs on ${Math.min(workers, plans.length)} worker threads -> ${dir}`);
  let result: SweepResult;
  try {
    result = await runSweep({ plans, dir, loaded, workers, resume: input.resume, bars, signal: controller.signal });
  } finally {
    bars.stop();
    release();
  }
  const { summaries, ...rest } = result;
  writeJsonAtomic(join(dir, SWEEP_FILE), { command, runs: points, result: { ...rest, runs: summaries } } satisfies SweepFile);

  // Ctrl-C while the report is written: the runs are all saved; the report is finished (a
  // second Ctrl-C quits at once), and the hint says how to render it again.
  out.info(`writing the report into ${dir}`);
  const releaseReport = onInterrupt(() => out.warn(`${command}: interrupted: finishing the report (Ctrl-C again to quit); the runs are saved, and ${invocation()} report ${dir} renders it again`));
  let report: ReportFiles;
  let runs: ReturnType<typeof loadRuns>;
  try {
    runs = loadRuns([dir]);
    report = await renderReport(runs, dir, input.report?.(runs, result) ?? { title: `descent ${command}: ${dir}` });
  } finally {
    releaseReport();
  }
  const { header, rows } = runRows(runs);
  out.result(textTable([header, ...rows]));
  out.result(
    `${result.summaries.length} runs in ${result.seconds.toFixed(1)} s on ${result.workers} workers; peak memory ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB (dataset ${(result.sharedBytes / 2 ** 20).toFixed(1)} MiB, shared)`,
  );
  out.result(`report: ${report.html}`);

  let exitCode: number = exitCodes.ok;
  if (result.interrupted) exitCode = exitCodes.interrupted;
  else if (summaries.some((s) => s.status === 'failed') || (summaries.length > 0 && summaries.every((s) => s.status === 'diverged'))) exitCode = exitCodes.failed;
  for (const s of summaries.filter((x) => x.status === 'failed')) out.warn(`${command}: run ${s.name} failed: ${s.error?.message ?? ''}`);
  if (result.interrupted) out.warn(`${command}: stopped; checkpoints written; continue with: ${invocation()} ${command} --out ${dir} --resume`);
  return { result, report, exitCode };
}
