import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { cpu } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { tfjs } from '@descent/core/tfjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectAllclose, quietTfjsCpuNotice } from '@descent/test-utils';

/** Test-only helpers: backends to run on, the torch fixtures, tolerance checks. */

// tfjs's cpu backend runs here on purpose, as one backend among others: no "install tfjs-node" notice.
quietTfjsCpuNotice(tf);

export interface TestBackend {
  label: string;
  backend: Backend;
  setup: () => Promise<void>;
}

export const backends: TestBackend[] = [
  { label: 'cpu', backend: cpu, setup: async () => undefined },
  { label: 'tfjs-cpu', backend: tfjs, setup: async () => void (await tf.setBackend('cpu')) },
  { label: 'tfjs-wasm', backend: tfjs, setup: async () => void (await tf.setBackend('wasm')) },
];

export interface TorchCase {
  optimizer: string;
  options: Record<string, unknown>;
  shapes: number[][];
  init: number[][];
  grads: number[][][];
  expected: number[][][];
}

export function torchCases(): TorchCase[] {
  const path = fileURLToPath(new URL('../fixtures/optimizers.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as TorchCase[];
}

/** The fixture README's float32 tolerance: |a - e| <= rtol (|e| + 1e-3). */
export function worstRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e) / (Math.abs(e) + 1e-3);
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

/** Elementwise closeness with rtol and atol (the shared `allclose`); throws naming the first element that is off. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 1e-7): void {
  expectAllclose(actual, expected, { rtol, atol, equalNan: false });
}

/** Reads every tensor of a record. */
export function readAll(backend: Backend, tensors: Record<string, Tensor>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, backend.read(t)]));
}
