import * as tf from '@tensorflow/tfjs-core';
/** tfjs's `NamedTensor` (not exported from the tfjs-core root). */
export type NamedTensor = { name: string; tensor: tf.Tensor };
import { DescentError } from '@descent/core';
import type { OptimizerState } from '../index';

/** The name of the weight that holds everything but the buffers, as JSON. */
export const STATE_WEIGHT = 'descent/state';

/** What `getWeights()` writes besides the buffers (JSON keeps float64 scalars exact). */
interface Manifest {
  format: 'descent-tfjs-optimizer';
  version: 1;
  /** tf.Optimizer's own counter (applyGradients calls). */
  iterations: number;
  /** Parameter names in the optimizer's order, with their shapes (to match a reloaded model). */
  names: string[];
  shapes: number[][];
  /** The state without buffer data: each buffer names the weight that holds it. */
  state: Omit<OptimizerState, 'params' | 'accumulation'> & {
    params: Record<string, { step: number; scalars: Record<string, number>; buffers: Record<string, string> }>;
    accumulation: { count: number; buffers: Record<string, string> } | null;
  };
}

/** A saved state read back: the descent state, tf's counter, the parameters' names and shapes. */
export interface SavedState {
  state: OptimizerState;
  iterations: number;
  names: string[];
  shapes: number[][];
}

/**
 * The state as tfjs weights: one string tensor with the manifest, one float32 tensor per
 * buffer (`descent/<parameter>/<buffer>`, accumulation: `descent/accumulation/<parameter>`).
 */
export function stateToWeights(saved: SavedState): NamedTensor[] {
  const { state } = saved;
  const weights: NamedTensor[] = [];
  const add = (name: string, t: { shape: number[]; data: number[] }): string => {
    weights.push({ name, tensor: tf.tensor(Float32Array.from(t.data), t.shape, 'float32') });
    return name;
  };
  const params: Manifest['state']['params'] = {};
  for (const name of saved.names) {
    const p = state.params[name];
    if (p === undefined) continue;
    const buffers: Record<string, string> = {};
    for (const [b, t] of Object.entries(p.buffers)) buffers[b] = add(`descent/${name}/${b}`, t);
    params[name] = { step: p.step, scalars: { ...p.scalars }, buffers };
  }
  const accumulation =
    state.accumulation === null
      ? null
      : {
          count: state.accumulation.count,
          buffers: Object.fromEntries(Object.entries(state.accumulation.buffers).map(([n, t]) => [n, add(`descent/accumulation/${n}`, t)])),
        };
  const manifest: Manifest = {
    format: 'descent-tfjs-optimizer',
    version: 1,
    iterations: saved.iterations,
    names: saved.names,
    shapes: saved.shapes,
    state: { ...state, params, accumulation },
  };
  return [{ name: STATE_WEIGHT, tensor: tf.scalar(JSON.stringify(manifest), 'string') }, ...weights];
}

/** Reads weights written by {@link stateToWeights}; checks every reference and shape. */
export async function weightsToState(fn: string, weights: readonly NamedTensor[]): Promise<SavedState> {
  if (!Array.isArray(weights)) throw new DescentError('INVALID_ARGUMENT', `${fn}: expected an array of { name, tensor }, got ${String(weights)}`);
  const byName = new Map(weights.map((w) => [w.name, w.tensor]));
  const head = byName.get(STATE_WEIGHT);
  if (head === undefined || head.dtype !== 'string') {
    throw new DescentError(
      'INVALID_ARGUMENT',
      `${fn}: expected the weights of a descent optimizer (a string weight '${STATE_WEIGHT}'), got ${weights.length === 0 ? 'none' : weights.map((w) => `'${w.name}'`).slice(0, 5).join(', ')}`,
    );
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(((await head.data()) as unknown as string[])[0]!) as Manifest;
  } catch (cause) {
    throw new DescentError('INVALID_STATE', `${fn}: '${STATE_WEIGHT}' is not valid JSON`, { cause });
  }
  if (manifest?.format !== 'descent-tfjs-optimizer' || manifest.version !== 1) {
    throw new DescentError('INVALID_STATE', `${fn}: '${STATE_WEIGHT}' must be format descent-tfjs-optimizer version 1, got ${String(manifest?.format)} ${String(manifest?.version)}`);
  }
  const read = async (name: string): Promise<{ shape: number[]; data: number[] }> => {
    const t = byName.get(name);
    if (t === undefined) throw new DescentError('INVALID_STATE', `${fn}: the state refers to weight '${name}', which is missing`);
    if (t.dtype !== 'float32') throw new DescentError('INVALID_STATE', `${fn}: weight '${name}' must be float32, got ${t.dtype}`);
    return { shape: [...t.shape], data: Array.from(await t.data()) };
  };
  const params: OptimizerState['params'] = {};
  for (const [name, p] of Object.entries(manifest.state.params)) {
    const buffers: Record<string, { shape: number[]; data: number[] }> = {};
    for (const [b, w] of Object.entries(p.buffers)) buffers[b] = await read(w);
    params[name] = { step: p.step, scalars: { ...p.scalars }, buffers };
  }
  const acc = manifest.state.accumulation;
  let accumulation: OptimizerState['accumulation'] = null;
  if (acc !== null) {
    const buffers: Record<string, { shape: number[]; data: number[] }> = {};
    for (const [n, w] of Object.entries(acc.buffers)) buffers[n] = await read(w);
    accumulation = { count: acc.count, buffers };
  }
  return {
    state: { ...manifest.state, params, accumulation },
    iterations: manifest.iterations,
    names: manifest.names,
    shapes: manifest.shapes,
  };
}

/**
 * How a saved state matches the variables being trained: by name when every variable's name
 * was saved (with the same shape), else by position when the count and the shapes agree (a
 * model reloaded in the same process gets uniquified variable names, `dense_Dense1/kernel_1`).
 * Returns, per variable, the saved name it takes the state of.
 */
export function matchSaved(fn: string, saved: SavedState, names: readonly string[], shapes: readonly (readonly number[])[]): string[] {
  const savedIndex = new Map(saved.names.map((n, i) => [n, i]));
  const sameShape = (a: readonly number[] | undefined, b: readonly number[]): boolean => a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
  if (names.every((n, i) => savedIndex.has(n) && sameShape(saved.shapes[savedIndex.get(n)!], shapes[i]!))) return [...names];
  if (saved.names.length === names.length && names.every((_, i) => sameShape(saved.shapes[i], shapes[i]!))) return [...saved.names];
  throw new DescentError(
    'SHAPE_MISMATCH',
    `${fn}: the saved state is for ${saved.names.length} variables (${saved.names.map((n, i) => `'${n}' [${saved.shapes[i]!.join(', ')}]`).join(', ')}), which match the ${names.length} variables being trained neither by name nor by position and shape (${names.map((n, i) => `'${n}' [${shapes[i]!.join(', ')}]`).join(', ')})`,
  );
}

/** The saved state with its parameters renamed: `rename[i]` is the new name of `saved.names[i]`. */
export function renameState(saved: SavedState, from: readonly string[], to: readonly string[]): OptimizerState {
  const map = new Map(from.map((n, i) => [n, to[i]!]));
  const params: OptimizerState['params'] = {};
  for (const [old, p] of Object.entries(saved.state.params)) params[map.get(old) ?? old] = p;
  const acc = saved.state.accumulation;
  const accumulation = acc === null ? null : { count: acc.count, buffers: Object.fromEntries(Object.entries(acc.buffers).map(([n, t]) => [map.get(n) ?? n, t])) };
  const groups = saved.state.groups.map((g) => ({ ...g, names: g.names.map((n) => map.get(n) ?? n) }));
  return { ...saved.state, params, accumulation, groups };
}
