import { DescentError } from '@descent/core';
import type { OptimizerState, ParamState } from '@descent/optimizers';
import type { Checkpoint } from '../types';
import { checkCheckpoint } from './checkCheckpoint';
import { decodeTensor, encodeTensor } from './encodeTensor';
import { readSafetensors, writeSafetensors } from './safetensors';
import type { NamedTensor } from './safetensors';

/**
 * The JSON half of a compact checkpoint (`checkpoint.json` beside `checkpoint.safetensors`):
 * everything of a {@link Checkpoint} but its tensors, which are named here and stored in the
 * safetensors file: the weights as `model/<name>`, the optimizer's buffers as
 * `optimizer/<param>/<buffer>`, gradients being accumulated as `accumulated/<param>`.
 */
export interface CheckpointFile extends Omit<Checkpoint, 'version' | 'weights' | 'optimizer'> {
  version: 2;
  /** The safetensors file this JSON belongs to: its `__metadata__.id` and its size in bytes. */
  tensors: { id: string; bytes: number };
  /** The weights' names, in the model's order. */
  weights: string[];
  /** `optimizer.stateDict()` with every buffer replaced by the name of its tensor in the safetensors file. */
  optimizer: Omit<OptimizerState, 'params' | 'accumulation'> & {
    params: Record<string, Omit<ParamState, 'buffers'> & { buffers: Record<string, string> }>;
    accumulation: { count: number; buffers: Record<string, string> } | null;
  };
}

/** What {@link encodeCheckpoint} returns: write `json` (e.g. as `checkpoint.json`) beside `tensors` (e.g. `checkpoint.safetensors`). */
export interface EncodedCheckpoint {
  json: CheckpointFile;
  tensors: Uint8Array;
}

/** The values as float32: a Float32Array as it is, a list of numbers converted. */
function float32(data: number[] | Float32Array): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

function newId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Splits a {@link Checkpoint} into a safetensors file of its tensors (weights, optimizer
 * buffers) and a small JSON of the rest (step counts, scalars, config, history, RNG). For
 * Adam that is the raw float32 bytes plus a few kB, instead of a JSON of numbers about 3.5x
 * larger and far slower to write and parse. The weights are stored as the model holds
 * them: the MLP's `fcK.weight` and a Dense layer's kernel are `[in, out]` (transpose them
 * for `torch.nn.Linear`, whose weight is `[out, in]`); the metadata says so.
 *
 * @example
 * const { json, tensors } = encodeCheckpoint(result.checkpoint);
 * await writeFile('run/checkpoint.safetensors', tensors);
 * await writeFile('run/checkpoint.json', JSON.stringify(json));
 * @throws DescentError `INVALID_STATE` for a checkpoint that is not one (see {@link checkCheckpoint})
 */
export function encodeCheckpoint(checkpoint: Checkpoint): EncodedCheckpoint {
  const c = checkCheckpoint(checkpoint);
  const tensors: Record<string, NamedTensor> = {};
  const weights = Object.keys(c.weights);
  for (const name of weights) {
    const encoded = c.weights[name]!;
    tensors[`model/${name}`] = { shape: encoded.shape, data: decodeTensor(encoded, `weights['${name}']`) };
  }
  const state = c.optimizer;
  const params: CheckpointFile['optimizer']['params'] = {};
  for (const [name, entry] of Object.entries(state.params)) {
    const buffers: Record<string, string> = {};
    for (const [buffer, value] of Object.entries(entry.buffers)) {
      const key = `optimizer/${name}/${buffer}`;
      tensors[key] = { shape: value.shape, data: float32(value.data) };
      buffers[buffer] = key;
    }
    params[name] = { step: entry.step, scalars: { ...entry.scalars }, buffers };
  }
  let accumulation: CheckpointFile['optimizer']['accumulation'] = null;
  if (state.accumulation !== null && state.accumulation !== undefined) {
    const buffers: Record<string, string> = {};
    for (const [name, value] of Object.entries(state.accumulation.buffers)) {
      const key = `accumulated/${name}`;
      tensors[key] = { shape: value.shape, data: float32(value.data) };
      buffers[name] = key;
    }
    accumulation = { count: state.accumulation.count, buffers };
  }
  const id = newId();
  const bytes = writeSafetensors(tensors, {
    format: 'descent-checkpoint',
    id,
    layout: 'model/<name>: weights as the model holds them (fcK.weight and Dense kernels are [in, out]: transpose for torch.nn.Linear); optimizer/<param>/<buffer>: optimizer state; accumulated/<param>: gradients being accumulated',
  });
  const { weights: _w, optimizer: _o, version: _v, ...rest } = c;
  const json: CheckpointFile = {
    ...(JSON.parse(JSON.stringify(rest)) as Omit<CheckpointFile, 'version' | 'tensors' | 'weights' | 'optimizer'>),
    version: 2,
    tensors: { id, bytes: bytes.length },
    weights,
    optimizer: { format: state.format, version: state.version, optimizer: state.optimizer, stepCount: state.stepCount, groups: JSON.parse(JSON.stringify(state.groups)) as OptimizerState['groups'], params, accumulation },
  };
  return { json, tensors: bytes };
}

/** True for the JSON half of a compact checkpoint ({@link CheckpointFile}), as opposed to a whole JSON {@link Checkpoint}. */
export function isCheckpointFile(value: unknown): value is CheckpointFile {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'descent-checkpoint' && (value as { version?: unknown }).version === 2;
}

/**
 * Joins the two halves written by {@link encodeCheckpoint} back into a {@link Checkpoint}
 * to resume from. The safetensors file must be the one the JSON was written with (same
 * id and size): halves of two different saves are refused. The optimizer's buffers are
 * `Float32Array` views of `tensors` (no copy, no list of numbers), which `loadStateDict`
 * checks and copies as they are; write a whole-JSON checkpoint from `trainer.checkpoint()`,
 * not from this one.
 *
 * @example
 * const checkpoint = decodeCheckpoint(JSON.parse(await readFile('run/checkpoint.json', 'utf8')), new Uint8Array(await readFile('run/checkpoint.safetensors')));
 * await trainModel(model, data, { ...options, resume: checkpoint });
 * @throws DescentError `INVALID_STATE` when the halves do not belong together or a tensor is missing, and the errors of {@link readSafetensors}
 */
export function decodeCheckpoint(json: CheckpointFile, tensors: Uint8Array): Checkpoint {
  const op = 'decodeCheckpoint';
  if (!isCheckpointFile(json)) {
    throw new DescentError('INVALID_STATE', `${op}: expected the JSON of a compact checkpoint (format 'descent-checkpoint', version 2), got ${JSON.stringify(json)?.slice(0, 80)}`);
  }
  const file = readSafetensors(tensors);
  if (file.metadata.id !== json.tensors?.id || tensors.length !== json.tensors.bytes) {
    throw new DescentError(
      'INVALID_STATE',
      `${op}: the safetensors file (id ${String(file.metadata.id)}, ${tensors.length} bytes) does not belong to this JSON (id ${String(json.tensors?.id)}, ${String(json.tensors?.bytes)} bytes): the two were written by different saves (one was interrupted?)`,
    );
  }
  const take = (key: string, label: string): { shape: number[]; data: Float32Array } => {
    const t = file.tensors[key];
    if (t === undefined) throw new DescentError('INVALID_STATE', `${op}: ${label} ('${key}') is missing from the safetensors file`);
    return { shape: [...t.shape], data: t.data };
  };
  const weights: Checkpoint['weights'] = {};
  for (const name of json.weights) {
    const t = take(`model/${name}`, `weight '${name}'`);
    weights[name] = encodeTensor(t.data, t.shape);
  }
  const o = json.optimizer;
  const params: OptimizerState<Float32Array>['params'] = {};
  for (const [name, entry] of Object.entries(o.params)) {
    // The buffers stay Float32Arrays (views of the file's bytes): loadStateDict checks and copies them as they are.
    const buffers: ParamState<Float32Array>['buffers'] = {};
    for (const [buffer, key] of Object.entries(entry.buffers)) {
      buffers[buffer] = take(key, `buffer '${buffer}' of parameter '${name}'`);
    }
    params[name] = { step: entry.step, scalars: { ...entry.scalars }, buffers };
  }
  let accumulation: OptimizerState<Float32Array>['accumulation'] = null;
  if (o.accumulation !== null) {
    const buffers: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [name, key] of Object.entries(o.accumulation.buffers)) {
      buffers[name] = take(key, `accumulated gradient of '${name}'`);
    }
    accumulation = { count: o.accumulation.count, buffers };
  }
  const { tensors: _t, weights: _w, optimizer: _o, version: _v, ...rest } = json;
  return checkCheckpoint({
    ...rest,
    version: 1,
    weights,
    optimizer: { format: o.format, version: o.version, optimizer: o.optimizer, stepCount: o.stepCount, groups: o.groups, params, accumulation },
  });
}
