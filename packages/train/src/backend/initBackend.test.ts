import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gemmFeatures, isDescentError } from '@descent/core';
import { backendChoices, backendDescriptions, browserBackendChoices, isBackendChoice } from './backendChoices';
import { activeEngine } from './engine';
import { initBackend } from './initBackend';

describe('initBackend', () => {
  it('auto in Node picks descent when tfjs-node is not installed (tfjs on wasm for models of your own), and says why', async () => {
    const info = await initBackend('auto');
    expect(info.backend).toBe('descent');
    expect(info.reason).toMatch(/^auto: @tensorflow\/tfjs-node is not installed .*; using descent \(WebAssembly SIMD, .*\d threads?; tfjs models on wasm\)$/);
    expect(activeEngine().name).toBe('descent');
    expect(tf.getBackend()).toBe('wasm');
  });

  it("'descent' runs the built-in MLP on descent's engine with the threads asked for; a tfjs choice switches back", async () => {
    expect(await initBackend('descent', { threads: 2 })).toEqual({ backend: 'descent', reason: expect.stringMatching(/^requested \(WebAssembly SIMD, .*, 2 threads\)$/) as unknown });
    expect(activeEngine()).toEqual({ name: 'descent', threads: 2, fma: gemmFeatures().relaxedSimd });
    await initBackend('cpu');
    expect(activeEngine().name).toBe('tfjs');
    const bad = await initBackend('descent', { threads: 0 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'initBackend: threads must be a positive integer, got 0' });
  });

  it('takes every choice of the one list (@descent/train/backends), and nothing else', () => {
    expect([...backendChoices]).toEqual(['auto', 'descent', 'tensorflow', 'wasm', 'cpu', 'webgl']);
    expect(backendChoices.every(isBackendChoice)).toBe(true);
    expect(browserBackendChoices.every(isBackendChoice)).toBe(true);
    expect(isBackendChoice('gpu')).toBe(false);
    expect(Object.keys(backendDescriptions).sort()).toEqual([...backendChoices].sort());
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
    expect((unknown as Error).message).toBe("initBackend: backend must be one of auto, descent, tensorflow, wasm, cpu, webgl, got 'gpu'");
  });
});
