import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/core';
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

/** Reads a JSON file of a run folder, or undefined when it is absent. */
export function readRunJson<T>(dir: string, file: string): T | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new DescentError('CORRUPT_DATASET', `readRunJson: ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads `metrics.jsonl` (one epoch per line); `[]` when absent. */
export function readMetrics(dir: string): EpochMetrics[] {
  const path = join(dir, runFiles.metrics);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EpochMetrics);
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
export function readCheckpoint(dir: string): Checkpoint | undefined {
  const json = readRunJson<unknown>(dir, runFiles.checkpoint);
  if (json === undefined || !isCheckpointFile(json)) return json as Checkpoint | undefined;
  const path = join(dir, runFiles.checkpointTensors);
  if (!existsSync(path)) {
    throw new DescentError('NOT_FOUND', `readCheckpoint: ${join(dir, runFiles.checkpoint)} keeps its tensors in ${path}, which is missing`, { details: { path } });
  }
  return decodeCheckpoint(json, readFileSync(path));
}

/** NaN and infinities as JSON strings (JSON has no such numbers). */
export function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
