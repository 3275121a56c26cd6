import { DescentError } from '@descent/core';
import type { EncodedTensor } from '../types';

type BufferLike = { from(data: Uint8Array | string, encoding?: string): Uint8Array & { toString(encoding: string): string } };

function nodeBuffer(): BufferLike | undefined {
  return (globalThis as { Buffer?: BufferLike }).Buffer;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/**
 * A float32 tensor as JSON: its shape and its bytes (little-endian) in base64, which is
 * exact and about 4x smaller than a list of numbers.
 *
 * @example
 * const encoded = encodeTensor(new Float32Array([1, 2, 3]), [3]);
 * decodeTensor(encoded); // Float32Array [1, 2, 3]
 */
export function encodeTensor(data: Float32Array, shape: readonly number[]): EncodedTensor {
  if (!littleEndian()) throw new DescentError('UNSUPPORTED', 'encodeTensor: big-endian platforms are not supported');
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const buffer = nodeBuffer();
  let base64: string;
  if (buffer !== undefined) {
    base64 = buffer.from(bytes).toString('base64');
  } else {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    base64 = btoa(binary);
  }
  return { shape: [...shape], dtype: 'float32', base64 };
}

/**
 * The values of an {@link EncodedTensor} (a new array).
 *
 * @example
 * decodeTensor({ shape: [1], dtype: 'float32', base64: 'AACAPw==' }); // Float32Array [1]
 * @throws DescentError `INVALID_STATE` when it is malformed or its size disagrees with its shape
 */
export function decodeTensor(encoded: EncodedTensor, label = 'tensor'): Float32Array {
  const ok =
    encoded !== null &&
    typeof encoded === 'object' &&
    encoded.dtype === 'float32' &&
    typeof encoded.base64 === 'string' &&
    Array.isArray(encoded.shape) &&
    encoded.shape.every((d) => Number.isInteger(d) && d >= 0);
  if (!ok) {
    throw new DescentError('INVALID_STATE', `decodeTensor: ${label} must be { shape: number[], dtype: 'float32', base64: string }, got ${JSON.stringify(encoded)?.slice(0, 120)}`);
  }
  const buffer = nodeBuffer();
  let bytes: Uint8Array;
  if (buffer !== undefined) {
    bytes = buffer.from(encoded.base64, 'base64');
  } else {
    const binary = atob(encoded.base64);
    bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  }
  const size = encoded.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * 4) {
    throw new DescentError('INVALID_STATE', `decodeTensor: ${label} of shape [${encoded.shape.join(', ')}] needs ${size * 4} bytes, got ${bytes.length}`);
  }
  const out = new Float32Array(size);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
