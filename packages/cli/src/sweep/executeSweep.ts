import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError, describeValue, isDescentError } from '@descent/core';
import { loadData } from '../data/loadData';
import type { LoadedData } from '../data/loadData';
import { exitCodes } from '../exitCodes';
import { textTable } from '../formatMetrics';
import { invocation } from '../invocation';
import { onInterrupt, signalsDelivered } from '../onInterrupt';
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
import { takeShard } from './resolveShard';
import type { Shard } from './resolveShard';
import { WorkerStartError, runSweep } from './runSweep';
import { startSweepWorkers } from './startSweepWorkers';
import { workerCount } from './workerCount';
import type { SweepResult } from './runSweep';

/** The sweep's own file in its folder: the grid, and at the end what happened. */
export const SWEEP_FILE = 'sweep.json';

/** A shard's own file in the shared sweep folder, in place of `sweep.json` (which no shard writes): `sweep-shard-1-of-3.json`. */
export function shardFileName(shard: Pick<Shard, 'index' | 'count'>): string {
  return `sweep-shard-${shard.index}-of-${shard.count}.json`;
}

const SHARD_FILE = /^sweep-shard-(\d+)-of-(\d+)\.json$/;

type Point = { name: string; settings: Record<string, unknown> };

interface SweepFile {
  command: string;
  /** The runs of this sweep (of this shard, for a shard). */
  runs: Point[];
  /** A shard's: which one, and the whole grid (every shard's runs), so that sibling shards can be checked to split the same grid. */
  shard?: { index: number; count: number };
  grid?: Point[];
  result?: Omit<SweepResult, 'summaries'> & { runs: RunSummary[] };
}

const pointSchema = z.object({
  name: z.string().regex(RUN_NAME, { error: (issue) => `must be a run folder name (letters, digits, . + _ -, no '/', no leading '.'), got ${describeValue(issue.input)}` }),
  settings: z.record(z.string(), z.unknown()),
});

const sweepFileSchema = z.looseObject({
  command: z.string(),
  runs: z.array(pointSchema).min(1),
  shard: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
  grid: z.array(pointSchema).min(1).optional(),
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
  /** Run only this slice of the grid, in a folder shared with the other shards (see `resolveShard`). */
  shard?: Shard;
}

/** What {@link executeSweep} did. */
export interface ExecutedSweep {
  result: SweepResult;
  /** Absent for a shard: the report of a sharded sweep is rendered once every shard has ended (`descent report DIR`). */
  report?: ReportFiles;
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
  // Claimed before anything is read or loaded: a second sweep (or run, or the same shard) into this folder is refused now.
  const claim = claimOutDir(command, dir, undefined, input.shard);
  try {
    return await sweepInClaimedFolder(input, workers);
  } finally {
    claim.release();
  }
}

/**
 * Checks a shard's share of the folder, without changing anything: no whole sweep there, the
 * other shards' files split the same grid into as many shards, and (unless `force`) none of
 * this shard's runs (nor its file) exist yet.
 */
function checkShardFolder(command: string, dir: string, shard: Shard, grid: readonly Point[], points: readonly Point[], force: boolean): void {
  if (!existsSync(dir)) return;
  const refuse = (message: string, code: 'INVALID_ARGUMENT' | 'LOCKED' = 'INVALID_ARGUMENT'): never => {
    throw new DescentError(code, `${command}: ${shard.source}: ${message}`, { details: { field: '--out' } });
  };
  if (existsSync(join(dir, SWEEP_FILE))) refuse(`'${dir}' holds a whole sweep (${SWEEP_FILE}), not shards of one; choose another --out`);
  const gridText = JSON.stringify(grid);
  for (const name of readdirSync(dir).sort()) {
    const match = SHARD_FILE.exec(name);
    if (match === null || name === shardFileName(shard)) continue;
    const other = readRunJson(dir, name, { command, schema: sweepFileSchema }) as SweepFile | undefined;
    if (Number(match[2]) !== shard.count) refuse(`'${dir}' holds shard ${match[1]}/${match[2]} of another split of a grid (${name}); every shard of a sweep needs the same count`);
    if (other?.grid !== undefined && JSON.stringify(other.grid) !== gridText) {
      refuse(`'${dir}' holds shard ${match[1]}/${match[2]} of another grid (${name}): every shard must be started with the same settings`);
    }
  }
  if (force) return;
  const taken = [shardFileName(shard), ...points.map((p) => p.name)].find((name) => existsSync(join(dir, name)));
  if (taken !== undefined) refuse(`'${dir}' already holds ${taken} of this shard; pass --resume to continue it or --force to run this shard's runs again`);
}

async function sweepInClaimedFolder(input: ExecuteSweepInput, workers: number): Promise<ExecutedSweep> {
  const { command, dir, out, shard } = input;
  const file = shard === undefined ? SWEEP_FILE : shardFileName(shard);
  // A shard shares the folder: only its file and its runs are its own (checked below), so the folder may hold others'.
  checkOutDir(command, dir, { resume: input.resume, force: input.force || (shard !== undefined && !input.resume) });
  let points: Point[];
  let grid: Point[];
  if (input.resume) {
    removeStaleTemporaries(dir, shard === undefined ? undefined : file);
    // Checked like the names made: a name read back never leaves --out (no '../').
    const saved = readRunJson(dir, file, { command: `${command}: --resume`, schema: sweepFileSchema }) as SweepFile | undefined;
    if (saved === undefined) {
      const shards = shard === undefined && existsSync(dir) && readdirSync(dir).some((name) => SHARD_FILE.test(name));
      const why = shard !== undefined ? `shard ${shard.index}/${shard.count} never started there` : shards ? 'it holds shards of a sweep: resume each with its --shard INDEX/COUNT' : 'not a sweep folder';
      throw new DescentError('NOT_FOUND', `${command}: --resume: '${dir}' has no ${file} (${why})`, { details: { field: '--out' } });
    }
    points = saved.runs.map((r) => ({ name: r.name, settings: { ...r.settings, ...input.overrides } }));
    grid = (saved.grid ?? saved.runs).map((r) => ({ name: r.name, settings: { ...r.settings, ...input.overrides } }));
  } else {
    grid = expandGrid(input.alternatives);
    points = shard === undefined ? grid : takeShard(command, grid, shard);
    if (shard !== undefined) checkShardFolder(command, dir, shard, grid, points, input.force);
  }
  // Every point of the grid is checked (a shard's too), so that the shards of one sweep agree on its data.
  const gridPlans: RunPlan[] = grid.map((p) => resolveRun(command, p.settings, p.name, input.labels));
  const mine = new Set(points.map((p) => p.name));
  const plans = gridPlans.filter((p) => mine.has(p.name));
  for (const key of DATA_KEYS) {
    if (new Set(gridPlans.map((p) => JSON.stringify(p.settings[key]))).size > 1) {
      throw new DescentError('INVALID_ARGUMENT', `${command}: --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must have one value in a sweep (the data is loaded once and shared by every run)`, {
        details: { field: key },
      });
    }
  }
  // Started before the data is loaded, so that their start-up (importing the training package,
  // compiling WebAssembly) overlaps the loading; runSweep ends them.
  const pool = startSweepWorkers(Math.min(workers, plans.length));
  const saved = (extra: Pick<SweepFile, 'result'> = {}): SweepFile => ({ command, runs: points, ...(shard === undefined ? {} : { shard: { index: shard.index, count: shard.count }, grid }), ...extra });
  let loaded: LoadedData;
  try {
    loaded = await loadData(command, plans[0]!.data, { shared: true, seed: 0 });
    for (const plan of plans) plan.train.classes = loaded.classes;
    createOutDir(command, dir, { force: input.force && shard === undefined });
    if (shard !== undefined && input.force) for (const name of [file, ...points.map((p) => p.name)]) rmSync(join(dir, name), { recursive: true, force: true });
    if (!input.resume) writeJsonAtomic(join(dir, file), saved());
  } catch (error) {
    await Promise.all(pool.map((p) => p.worker.terminate()));
    throw error;
  }

  const bars = createProgressBars(out);
  const controller = new AbortController();
  // One handler for the runs and the report, so that no Ctrl-C falls between the two. Once
  // every run has ended (the worker threads being ended, the report being written), a Ctrl-C
  // stops nothing: the sweep stays completed and what is left is finished. Any Ctrl-C ends the
  // command with 130, as the shell that sent it expects; sweep.json and the summaries say what finished.
  let phase: 'runs' | 'report' | 'done' = 'runs';
  let interrupted = false;
  const release = onInterrupt(() => {
    interrupted = true;
    if (phase === 'runs') {
      bars.log('interrupted: every run finishes its batch and writes its checkpoint (Ctrl-C again to quit at once)');
      controller.abort();
    } else {
      const left = shard === undefined ? `finishing the report (Ctrl-C again to quit); the runs are saved, and ${invocation()} report ${dir} renders it again` : `every run of the shard has ended; finishing ${file} (Ctrl-C again to quit)`;
      out.warn(`${command}: interrupted: ${left}`);
    }
  });
  // Printed once Ctrl-C is handled: a signal after this line stops the sweep cleanly (a checkpoint for every run begun).
  out.info(`${loaded.description} (${(loaded.bytes / 2 ** 20).toFixed(1)} MiB, shared by the workers); ${plans.length} runs on ${Math.min(workers, plans.length)} worker threads -> ${dir}`);
  let result: SweepResult;
  try {
    const onRunsEnded = (): void => {
      phase = 'report';
    };
    result = await runSweep({ plans, dir, loaded, workers, pool, resume: input.resume, bars, signal: controller.signal, onRunsEnded });
  } catch (error) {
    release();
    if (!(error instanceof WorkerStartError)) throw error;
    throw new Error(`${command}: ${error.message}; no run was trained (the grid is saved: ${invocation()} ${command} --out ${dir} --resume${shard === undefined ? '' : ` --shard ${shard.index}/${shard.count}`} runs it)`, { cause: error });
  } finally {
    bars.stop();
    phase = 'report';
  }
  try {
    return await reportPhase(input, { result, file, saved, shard, isInterrupted: () => interrupted });
  } finally {
    phase = 'done';
    release();
  }
}

async function reportPhase(
  input: ExecuteSweepInput,
  { result, file, saved, shard, isInterrupted }: { result: SweepResult; file: string; saved: (extra: Pick<SweepFile, 'result'>) => SweepFile; shard: Shard | undefined; isInterrupted: () => boolean },
): Promise<ExecutedSweep> {
  const { command, dir, out } = input;
  const { summaries, ...rest } = result;
  writeJsonAtomic(join(dir, file), saved({ result: { ...rest, runs: summaries } }));
  if (shard !== undefined) {
    const ended = endShard(input, shard, result);
    await signalsDelivered();
    return isInterrupted() ? { ...ended, exitCode: exitCodes.interrupted } : ended;
  }

  // Ctrl-C while the report is written: the runs are all saved; the report is finished (a
  // second Ctrl-C quits at once), and the hint says how to render it again.
  out.info(`writing the report into ${dir}`);
  let report: ReportFiles | undefined;
  let runs: ReturnType<typeof loadRuns>;
  try {
    runs = loadRuns([dir]);
    report = await renderReport(runs, dir, input.report?.(runs, result) ?? { title: `descent ${command}: ${dir}` });
  } catch (error) {
    // A full disk (or another write failure) is no reason to hide what the runs did: say it, and go on.
    if (!isDescentError(error, 'IO_ERROR')) throw error;
    runs = loadRuns(summaries.map((s) => join(dir, s.name)));
    out.warn(`${command}: no report: ${(error as Error).message}; the runs are saved, and ${invocation()} report ${dir} renders it once it can be written`);
  }
  const { header, rows } = runRows(runs);
  out.result(textTable([header, ...rows]));
  out.result(
    `${result.summaries.length} runs in ${result.seconds.toFixed(1)} s on ${result.workers} workers; peak memory ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB (dataset ${(result.sharedBytes / 2 ** 20).toFixed(1)} MiB, shared)`,
  );
  if (report !== undefined) out.result(`report: ${report.html}`);

  const exitCode = report === undefined ? Math.max(endCode(input, result, ''), exitCodes.failed) : endCode(input, result, '');
  // A Ctrl-C that came while the last lines were written reaches the handler only once the
  // event loop polls; the handler goes after this, and a signal still pending then would be lost.
  await signalsDelivered();
  // Interrupted, though the report (or every run) was finished: 130, as any command stopped by Ctrl-C.
  return { result, ...(report === undefined ? {} : { report }), exitCode: isInterrupted() ? exitCodes.interrupted : exitCode };
}

/** The exit code of a sweep (or shard) that ran, once its failures and the hint to resume are printed. */
function endCode({ command, dir, out }: ExecuteSweepInput, result: SweepResult, resumeFlags: string): number {
  const { summaries } = result;
  let exitCode: number = exitCodes.ok;
  if (result.interrupted) exitCode = exitCodes.interrupted;
  else if (summaries.some((s) => s.status === 'failed') || (summaries.length > 0 && summaries.every((s) => s.status === 'diverged'))) exitCode = exitCodes.failed;
  for (const s of summaries.filter((x) => x.status === 'failed')) out.warn(`${command}: run ${s.name} failed: ${s.error?.message ?? ''}`);
  if (result.interrupted) out.warn(`${command}: stopped; checkpoints written; continue with: ${invocation()} ${command} --out ${dir} --resume${resumeFlags}`);
  return exitCode;
}

/** A shard's end: its runs' table (not a report: that waits for every shard) and the command that renders the report of them all. */
function endShard(input: ExecuteSweepInput, shard: Shard, result: SweepResult): ExecutedSweep {
  const { dir, out } = input;
  const runs = loadRuns(result.summaries.map((s) => join(dir, s.name)));
  const { header, rows } = runRows(runs);
  out.result(textTable([header, ...rows]));
  out.result(
    `shard ${shard.index}/${shard.count}: ${result.summaries.length} runs in ${result.seconds.toFixed(1)} s on ${result.workers} workers; peak memory ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB (dataset ${(result.sharedBytes / 2 ** 20).toFixed(1)} MiB, shared)`,
  );
  out.result(`once every shard has ended: ${invocation()} report ${dir}`);
  return { result, exitCode: endCode(input, result, ` --shard ${shard.index}/${shard.count}`) };
}
