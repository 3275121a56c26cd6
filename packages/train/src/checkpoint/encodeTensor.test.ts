import { describe, expect, it } from 'vitest';
import { decodeTensor, encodeTensor } from './encodeTensor';

const values = new Float32Array([0, -0, 1.5, -3.25e-38, 1e-45, 3.4e38, NaN, Infinity, -Infinity, Math.PI]);

describe('encodeTensor / decodeTensor', () => {
  it('round-trips every float32 bit pattern through JSON', () => {
    const encoded = JSON.parse(JSON.stringify(encodeTensor(values, [2, 5])));
    expect(encoded.shape).toEqual([2, 5]);
    const back = decodeTensor(encoded);
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(values.buffer));
  });

  it('gives the same text without Buffer (browsers: btoa/atob)', () => {
    const withBuffer = encodeTensor(values, [10]);
    const saved = globalThis.Buffer;
    try {
      (globalThis as { Buffer?: unknown }).Buffer = undefined;
      expect(encodeTensor(values, [10])).toEqual(withBuffer);
      expect(new Uint32Array(decodeTensor(withBuffer).buffer)).toEqual(new Uint32Array(values.buffer));
    } finally {
      globalThis.Buffer = saved;
    }
  });

  it('encodes a view of a larger buffer by its own bytes', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    expect(Array.from(decodeTensor(encodeTensor(big.subarray(1, 3), [2])))).toEqual([1, 2]);
  });

  it('rejects malformed input and sizes that disagree with the shape', () => {
    expect(() => decodeTensor({ shape: [3], dtype: 'float32', base64: 'AACAPw==' })).toThrow(/^decodeTensor: tensor of shape \[3\] needs 12 bytes, got 4$/);
    expect(() => decodeTensor({ shape: [1], dtype: 'int32' } as never)).toThrow(/must be \{ shape/);
  });
});
