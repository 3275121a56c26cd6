import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/core';
import { z } from 'zod';
import { decodeCheckpoint, isCheckpointFile } from '@descent/train';
import type { Checkpoint, EpochMetrics } from '@descent/train';

/** The files of a run folder. */
export const runFiles = Object.freeze({
  config: 'config.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  checkpoint: 'checkpoint.json',
  /** The checkpoint's tensors (weights, optimizer state), named by `checkpoint.json`. */
  checkpointTensors: 'checkpoint.safetensors',
});

/** How a run ended (`failed`: it threw; `running`: it has not ended, or was killed). */
export type RunStatus = 'completed' | 'stopped' | 'diverged' | 'failed' | 'running';

/** `summary.json`: what a run did, in one object (the `--json` output of `train`). */
export interface RunSummary {
  name: string;
  dir: string;
  status: RunStatus;
  /** Epochs finished, and asked for. */
  epochsDone: number;
  epochs: number;
  /** The last finished epoch's metrics (absent before the first). */
  final?: EpochMetrics;
  /** Best test accuracy over the epochs. */
  bestTestAccuracy?: number;
  diverged: { step: number; epoch: number; batch: number; loss: number | string } | null;
  /** Set when `status` is `failed`. */
  error?: { code: string; message: string };
  backend: string;
  backendReason: string;
  dataset: string;
  /** The flat settings (flags in camelCase). */
  settings: Record<string, unknown>;
  steps: number;
  /** Wall seconds of training (all sessions, resumed ones included). */
  seconds: number;
  finishedAt: string;
}

/** A loss or accuracy as written to JSON: a number, `null` (what JSON.stringify makes of NaN), or 'NaN' / 'Infinity'. */
const jsonMetric = z.union([z.number(), z.null(), z.string()]);

/** One line of `metrics.jsonl` (an epoch): what the report reads of it. */
export const epochSchema = z.looseObject({
  epoch: z.number().int().min(0),
  step: z.number().int().min(0).optional(),
  trainLoss: jsonMetric,
  testLoss: jsonMetric.optional(),
  testAccuracy: z.number().min(0).max(1).nullable().optional(),
  lr: jsonMetric.optional(),
  seconds: z.number().min(0).optional(),
  evalSeconds: z.number().min(0).optional(),
});

/** `summary.json`. */
export const summarySchema = z.looseObject({
  name: z.string(),
  status: z.enum(['completed', 'stopped', 'diverged', 'failed', 'running']),
  epochsDone: z.number().int().min(0),
  epochs: z.number().int().min(0),
  final: epochSchema.optional(),
  bestTestAccuracy: z.number().optional(),
  diverged: z.object({ step: z.number(), epoch: z.number(), batch: z.number(), loss: z.union([z.number(), z.string()]) }).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  backend: z.string(),
  steps: z.number().int().min(0),
  seconds: z.number().min(0),
});

/** `config.json`: what the report and `--resume` read of it. */
export const configSchema = z.looseObject({
  name: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  train: z
    .looseObject({
      hidden: z.array(z.number().int().positive()),
      optimizer: z.string(),
      optimizerOptions: z.record(z.string(), z.unknown()),
      epochs: z.number().int().min(1),
      batchSize: z.number().int().min(1),
    })
    .optional(),
});

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`;
  return out === '' ? '(top level)' : out;
}

/** What a schema says of a value that does not fit it, as `field 'x': message`. */
export function schemaProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `field '${fieldPath(issue.path)}': ${issue.message}`;
}

/**
 * Reads a JSON file of a run folder, or undefined when it is absent. With `schema`, the
 * content is validated: a damaged file is a `CORRUPT_DATASET` error naming the file and the field.
 *
 * @example
 * readRunJson('runs/a', runFiles.summary, { command: 'report', schema: summarySchema });
 * @throws DescentError `CORRUPT_DATASET`: `report: runs/a/summary.json: field 'seconds': ...`
 */
export function readRunJson<T>(dir: string, file: string, options: { command?: string; schema?: z.ZodType<T> } = {}): T | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  const op = options.command ?? 'readRunJson';
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DescentError('CORRUPT_DATASET', `${op}: ${path} is not valid JSON (${(error as Error).message})`, { cause: error, details: { file: path } });
  }
  if (options.schema === undefined) return value as T;
  const parsed = options.schema.safeParse(value);
  if (!parsed.success) throw new DescentError('CORRUPT_DATASET', `${op}: ${path}: ${schemaProblem(parsed.error)}`, { details: { file: path } });
  return parsed.data;
}

/**
 * Reads `metrics.jsonl` (one epoch per line), checking every line; `[]` when absent.
 *
 * @throws DescentError `CORRUPT_DATASET` naming the file and the line: `report: runs/a/metrics.jsonl: line 2 is not valid JSON (...)`
 */
export function readMetrics(dir: string, command = 'readMetrics'): EpochMetrics[] {
  const path = join(dir, runFiles.metrics);
  if (!existsSync(path)) return [];
  const out: EpochMetrics[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new DescentError('CORRUPT_DATASET', `${command}: ${path}: line ${i + 1} is not valid JSON (${(error as Error).message})`, { cause: error, details: { file: path, line: i + 1 } });
      }
      const parsed = epochSchema.safeParse(value);
      if (!parsed.success) throw new DescentError('CORRUPT_DATASET', `${command}: ${path}: line ${i + 1}: ${schemaProblem(parsed.error)}`, { details: { file: path, line: i + 1 } });
      out.push(parsed.data as unknown as EpochMetrics);
    });
  return out;
}

/**
 * Reads the run's checkpoint: `checkpoint.json` joined with the `checkpoint.safetensors`
 * it names, or a whole-JSON `checkpoint.json` of earlier versions (it still loads, and the
 * next save writes the compact pair); undefined when there is no `checkpoint.json`.
 *
 * @example
 * const resume = readCheckpoint('runs/a');
 * @throws DescentError `NOT_FOUND` when the safetensors file is missing, `INVALID_STATE` when it belongs to another save
 */
export function readCheckpoint(dir: string, command = 'readCheckpoint'): Checkpoint | undefined {
  const json = readRunJson<unknown>(dir, runFiles.checkpoint, { command });
  if (json === undefined || !isCheckpointFile(json)) return json as Checkpoint | undefined;
  const path = join(dir, runFiles.checkpointTensors);
  if (!existsSync(path)) {
    throw new DescentError('NOT_FOUND', `${command}: ${join(dir, runFiles.checkpoint)} keeps its tensors in ${path}, which is missing`, { details: { path } });
  }
  return decodeCheckpoint(json, readFileSync(path));
}

/** NaN and infinities as JSON strings (JSON has no such numbers). */
export function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
