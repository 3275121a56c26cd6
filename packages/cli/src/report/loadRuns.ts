import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DescentError, cpu } from '@descent/core';
import { optimizers } from '@descent/optimizers';
import type { OptimizerName } from '@descent/optimizers';
import { createTrainOptimizer } from '@descent/train';
import type { EpochMetrics, ResolvedTrainConfig } from '@descent/train';
import { configSchema, readMetrics, readRunJson, runFiles, summarySchema } from '../run/runFiles';
import type { RunStatus, RunSummary } from '../run/runFiles';

/** A run folder as read back for a report. */
export interface RunRecord {
  name: string;
  dir: string;
  status: RunStatus;
  metrics: EpochMetrics[];
  summary?: RunSummary;
  train?: ResolvedTrainConfig;
  /** The learning rate it used (its `lr`, or the optimizer's default). */
  lr?: number;
  diverged: RunSummary['diverged'];
}

interface SavedConfig {
  name?: string;
  train?: ResolvedTrainConfig;
}

function isRun(dir: string): boolean {
  return existsSync(join(dir, runFiles.config));
}

/**
 * The lr of a run whose config names none: what its optimizer starts from, which a
 * construction option may change (Muon's `variant: 'kellerJordan'` starts at 0.02, torch's
 * Muon at 1e-3), so it is read off the optimizer built from the saved options.
 */
function defaultLr(train: ResolvedTrainConfig): number | undefined {
  const optimizer = train.optimizer as OptimizerName;
  try {
    // A matrix and a vector, so that a split optimizer (muon: Muon + AdamW) builds both parts.
    const built = createTrainOptimizer(optimizer, { w: cpu.zeros([2, 2], 'w'), b: cpu.zeros([2], 'b') }, { ...train.optimizerOptions });
    const lr = built.lr;
    built.dispose();
    return lr;
  } catch {
    const fallback = optimizers[optimizer]?.defaults.lr;
    return typeof fallback === 'number' ? fallback : undefined;
  }
}

function readRun(dir: string, name: string): RunRecord {
  const config = readRunJson(dir, runFiles.config, { command: 'report', schema: configSchema }) as SavedConfig | undefined;
  const summary = readRunJson(dir, runFiles.summary, { command: 'report', schema: summarySchema }) as RunSummary | undefined;
  const train = config?.train;
  const lrValue = train?.optimizerOptions.lr ?? (train === undefined ? undefined : defaultLr(train));
  const record: RunRecord = {
    name,
    dir,
    status: summary?.status ?? 'running',
    metrics: readMetrics(dir, 'report'),
    diverged: summary?.diverged ?? null,
  };
  if (summary !== undefined) record.summary = summary;
  if (train !== undefined) record.train = train;
  if (typeof lrValue === 'number') record.lr = lrValue;
  return record;
}

/**
 * Reads runs back from folders: a run folder (it has `config.json`) or a sweep folder
 * (its sub-folders that are runs, by name). Runs from several sweeps keep their folder
 * names, prefixed with the sweep's name when two collide.
 *
 * @example
 * const runs = loadRuns(['runs/lecture-20260101-120000']);
 * runs.map((r) => r.name); // ['lr-0.0001', 'lr-0.01', 'lr-0.1', 'lr-1']
 * Every file read is validated (config.json, summary.json, each line of metrics.jsonl), so a
 * damaged folder is refused before anything is rendered.
 *
 * @throws DescentError `NOT_FOUND` when a folder is missing or holds no run, `CORRUPT_DATASET`
 *   naming the damaged file (and line)
 */
export function loadRuns(dirs: readonly string[]): RunRecord[] {
  const found: Array<{ dir: string; name: string; group: string }> = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DescentError('NOT_FOUND', `report: no such folder '${dir}'`, { details: { field: 'DIR' } });
    if (isRun(dir)) {
      const config = readRunJson(dir, runFiles.config, { command: 'report', schema: configSchema }) as SavedConfig | undefined;
      found.push({ dir, name: config?.name === undefined || config.name === 'run' ? basename(resolve(dir)) : config.name, group: basename(resolve(dir, '..')) });
      continue;
    }
    const runs = readdirSync(dir)
      .sort()
      .map((entry) => join(dir, entry))
      .filter((sub) => statSync(sub).isDirectory() && isRun(sub));
    if (runs.length === 0) throw new DescentError('NOT_FOUND', `report: '${dir}' holds no run (a run folder has ${runFiles.config}; a sweep folder has run folders)`, { details: { field: 'DIR' } });
    for (const sub of runs) found.push({ dir: sub, name: basename(sub), group: basename(resolve(dir)) });
  }
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
  return found.map((f) => readRun(f.dir, (counts.get(f.name) ?? 0) > 1 ? `${f.group}/${f.name}` : f.name));
}
