import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { quietTfjsCpuNotice } from './quietTfjsCpuNotice';

const NOTICE = 'Hi, looks like you are running TensorFlow.js in Node.js';

describe('quietTfjsCpuNotice', () => {
  afterEach(() => vi.restoreAllMocks());

  it("keeps the cpu backend's notice off the console, and the notice is what it silences", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    quietTfjsCpuNotice(tf);
    expect(await tf.setBackend('cpu')).toBe(true);
    expect(Array.from(tf.add(tf.tensor([1, 2]), 1).dataSync())).toEqual([2, 3]);
    expect(warn.mock.calls.flat().join('\n')).not.toContain(NOTICE);

    // The control: with the field it clears set again, this tfjs version prints the notice.
    (tf.findBackend('cpu') as unknown as { firstUse: boolean }).firstUse = true;
    tf.tensor([3]).dispose();
    expect(warn.mock.calls.flat().join('\n')).toContain(NOTICE);
  });

  it('is harmless when no cpu backend is registered', () => {
    expect(() => quietTfjsCpuNotice({ findBackend: () => null })).not.toThrow();
  });
});
