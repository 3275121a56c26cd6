import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorText } from '@descent/test-utils';
import { readSafetensors, writeSafetensors } from './safetensors';
import type { NamedTensor } from './safetensors';

// Written by Hugging Face's safetensors 0.8.0 (fixtures/make-safetensors-fixture.py).
const reference = new Uint8Array(readFileSync(new URL('../../fixtures/reference.safetensors', import.meta.url)));
const f32 = (values: number[]): Float32Array => Float32Array.from(values);
const expected: Record<string, NamedTensor> = {
  'alpha.weight': { shape: [3, 4], data: f32(Array.from({ length: 12 }, (_, i) => i / 7)) },
  empty: { shape: [0, 5], data: f32([]) },
  scalar: { shape: [], data: f32([Math.PI]) },
  specials: { shape: [4], data: f32([Infinity, -Infinity, NaN, 3.4028235e38]) },
  zeta: { shape: [2, 3], data: f32([1.5, -2.25, 3, 0, -0, 1e-45]) },
};
const bits = (data: Float32Array): number[] => Array.from(new Uint32Array(data.slice().buffer));

describe('safetensors', () => {
  it("reads the reference implementation's file: names, shapes, every bit, metadata", () => {
    const { tensors, metadata } = readSafetensors(reference);
    expect(metadata).toEqual({ format: 'np', note: 'written by safetensors 0.8.0' });
    expect(Object.keys(tensors)).toEqual(Object.keys(expected));
    for (const [name, t] of Object.entries(expected)) {
      expect(tensors[name]!.shape).toEqual(t.shape);
      expect(bits(tensors[name]!.data)).toEqual(bits(t.data));
    }
  });

  it("gives views of the file's bytes when they are 4-byte aligned (no copy), copies when not, the same bits either way", () => {
    const { tensors } = readSafetensors(reference);
    expect(tensors['zeta']!.data.buffer).toBe(reference.buffer);
    const shifted = new Uint8Array(reference.length + 1);
    shifted.set(reference, 1);
    const misaligned = readSafetensors(shifted.subarray(1));
    expect(misaligned.tensors['zeta']!.data.buffer).not.toBe(shifted.buffer);
    for (const [name, t] of Object.entries(expected)) expect(bits(misaligned.tensors[name]!.data)).toEqual(bits(t.data));
  });

  it('writes the same bytes as the reference implementation (tensors in name order, header padded to 8)', () => {
    const written = writeSafetensors(expected, { format: 'np', note: 'written by safetensors 0.8.0' });
    expect(Buffer.from(written).equals(Buffer.from(reference))).toBe(true);
  });

  it('round-trips any float32 bit pattern, views of larger buffers, and starts the data at a multiple of 8', () => {
    const big = new Float32Array(1000).map((_, i) => Math.sin(i) * 10 ** ((i % 60) - 30));
    const view = big.subarray(3, 15);
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const bytes = writeSafetensors({ [name]: { shape: [3, 4], data: view }, 'w/x': { shape: [1000], data: big } });
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect((8 + headerLength) % 8).toBe(0);
      expect(bytes.length).toBe(8 + headerLength + 4 * 1012);
      const back = readSafetensors(bytes);
      expect(bits(back.tensors[name]!.data)).toEqual(bits(view));
      expect(bits(back.tensors['w/x']!.data)).toEqual(bits(big));
    }
    // A file read at an odd offset of a larger buffer (as Node's pooled Buffers are).
    const bytes = writeSafetensors({ t: { shape: [2], data: f32([1, 2]) } });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readSafetensors(shifted.subarray(3)).tensors.t!.data)).toEqual([1, 2]);
  });

  it('refuses malformed files, naming what is wrong', () => {
    const good = writeSafetensors({ a: { shape: [2], data: f32([1, 2]) }, b: { shape: [1], data: f32([3]) } });
    expect(errorText(() => readSafetensors(good.subarray(0, 5)))).toMatch(/^INVALID_ARGUMENT: readSafetensors: not a valid safetensors file: 5 bytes/);
    expect(errorText(() => readSafetensors(good.subarray(0, good.length - 4)))).toMatch(/the tensors cover 12 bytes of data, the file holds 8/);
    const withHeader = (header: unknown, data = 0): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(8 + json.length + data);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      return out;
    };
    expect(errorText(() => readSafetensors(withHeader([1, 2])))).toMatch(/the header is not a JSON object/);
    expect(errorText(() => readSafetensors(withHeader({ a: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, 2)))).toMatch(/^UNSUPPORTED: readSafetensors: 'a' has dtype "F16"/);
    expect(errorText(() => readSafetensors(withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4)))).toMatch(/'a' of shape \[2\] needs 8 bytes, its data_offsets span 4/);
    expect(
      errorText(() => readSafetensors(withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8))),
    ).toMatch(/'b' overlaps the tensor before it/);
    expect(errorText(() => readSafetensors(withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8)))).toMatch(/the data has a hole before 'a'/);
    expect(errorText(() => readSafetensors(withHeader({ __metadata__: { n: 1 } })))).toMatch(/__metadata__\['n'\] must be a string/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(errorText(() => readSafetensors(huge))).toMatch(/the header length 1099511627776 exceeds the 8 bytes after it/);
    expect(errorText(() => writeSafetensors({ a: { shape: [3], data: f32([1]) } }))).toMatch(/^SHAPE_MISMATCH: writeSafetensors: 'a' of shape \[3\] needs 3 values, got 1/);
    expect(errorText(() => writeSafetensors({ __metadata__: { shape: [1], data: f32([1]) } }))).toMatch(/cannot be named "__metadata__"/);
    expect(errorText(() => writeSafetensors({}, { n: 1 as never }))).toMatch(/metadata\['n'\] must be a string/);
  });
});
