import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isDescentError } from '@descent/core';
import { initBackend } from './initBackend';

describe('initBackend', () => {
  it('auto in Node picks wasm when tfjs-node is not installed, and says why', async () => {
    const info = await initBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/^auto: @tensorflow\/tfjs-node is not installed .*; using wasm \((no )?SIMD/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('forces cpu and wasm', async () => {
    expect(await initBackend('cpu')).toEqual({ backend: 'cpu', reason: 'requested' });
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).backend).toBe('wasm');
  });

  it('refuses a forced backend that cannot start, and an unknown choice', async () => {
    const error = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(isDescentError(error, 'MISSING_DEPENDENCY')).toBe(true);
    expect((error as Error).message).toMatch(/^initBackend: cannot use backend 'tensorflow': @tensorflow\/tfjs-node is not installed/);
    const unknown = await initBackend('gpu' as never).catch((e: unknown) => e);
    expect(isDescentError(unknown, 'INVALID_ARGUMENT')).toBe(true);
    expect((unknown as Error).message).toBe("initBackend: backend must be one of auto, tensorflow, wasm, cpu, webgl, got 'gpu'");
  });
});
