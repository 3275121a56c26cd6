import { DescentError } from '@descent/core';

/** The element types an IDX file can hold, by the format's type code (LeCun et al., MNIST page). */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each {@link IdxType}. */
export interface IdxArrays {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/**
 * A parsed IDX file: its dimensions (first is the item count), its element type and its
 * values in row-major order. A discriminated union on `type`, so `if (file.type === 'uint8')`
 * narrows `data` to a `Uint8Array`.
 */
export type IdxFile = { [T in IdxType]: { dims: number[]; type: T; data: IdxArrays[T] } }[IdxType];

const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  0x08: { type: 'uint8', bytes: 1 },
  0x09: { type: 'int8', bytes: 1 },
  0x0b: { type: 'int16', bytes: 2 },
  0x0c: { type: 'int32', bytes: 4 },
  0x0d: { type: 'float32', bytes: 4 },
  0x0e: { type: 'float64', bytes: 8 },
};

function corrupt(fileName: string, what: string, details?: Record<string, unknown>): DescentError {
  return new DescentError('CORRUPT_DATASET', `parseIdx: ${fileName}: ${what}`, { details: { fileName, ...details } });
}

/** True when `bytes` start with the gzip magic number 1f 8b (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The length in bytes of the uncompressed IDX file whose first bytes are `head` (header plus
 * the product of the dimensions times the element size), or undefined when `head` is too
 * short for the header or is not an IDX header. Lets a download whose transfer is
 * compressed (`Content-Encoding: gzip`, where Content-Length counts the compressed bytes)
 * know how many bytes it will read.
 *
 * @example
 * idxLength(firstChunk); // 47040016 for MNIST's training images
 */
export function idxLength(head: Uint8Array): number | undefined {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return undefined;
  const kind = TYPES[head[2] ?? -1];
  const ndims = head[3] ?? 0;
  const headerLength = 4 + 4 * ndims;
  if (kind === undefined || ndims === 0 || head.length < headerLength) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let i = 0; i < ndims; i++) count *= view.getUint32(4 + 4 * i, false);
  return headerLength + count * kind.bytes;
}

/**
 * Parses an uncompressed IDX file (the format of MNIST, described on Yann LeCun's MNIST
 * page): two zero bytes, a type code, the number of dimensions, each dimension as a
 * big-endian uint32, then the values, big-endian. Everything is checked against the
 * header: magic number, type code, dimensions, and that the file length is exactly the
 * header plus the product of the dimensions times the element size.
 *
 * `uint8` data is a view into `bytes` (no copy); other types are copied and byte-swapped.
 * For gzip-compressed files use {@link decodeIdx}.
 *
 * @param bytes the whole file
 * @param fileName used in error messages only
 * @throws DescentError `CORRUPT_DATASET` naming the file and what was wrong
 * @example
 * const labels = parseIdx(await readFile('train-labels-idx1-ubyte'), 'train-labels-idx1-ubyte');
 * labels.dims; // [60000]
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxFile {
  if (!(bytes instanceof Uint8Array)) {
    throw new DescentError('INVALID_ARGUMENT', `parseIdx: ${fileName}: expected the file's bytes as a Uint8Array, got ${typeof bytes}`);
  }
  if (isGzip(bytes)) {
    throw corrupt(fileName, 'is gzip-compressed (starts with 1f 8b); use decodeIdx, which decompresses it');
  }
  if (bytes.length < 4) {
    throw corrupt(fileName, `file length ${bytes.length} bytes is too short for the 4-byte magic number`, { length: bytes.length });
  }
  const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const kind = TYPES[bytes[2] ?? -1];
  const ndims = bytes[3] ?? 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || kind === undefined || ndims === 0) {
    throw corrupt(
      fileName,
      `wrong magic number ${magic}: expected 00 00, a type code (08, 09, 0b, 0c, 0d or 0e) and a dimension count of at least 1`,
      { magic },
    );
  }
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw corrupt(fileName, `file length ${bytes.length} bytes is shorter than the ${headerLength}-byte header for ${ndims} dimensions`, {
      length: bytes.length,
      headerLength,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    dims.push(dim);
    count *= dim;
  }
  const expected = headerLength + count * kind.bytes;
  if (bytes.length !== expected) {
    const what =
      bytes.length < expected
        ? `truncated: the header says dims [${dims.join(', ')}] of ${kind.type}, so ${expected} bytes, but the file has ${bytes.length}`
        : `file length ${bytes.length} bytes exceeds the ${expected} bytes the header's dims [${dims.join(', ')}] of ${kind.type} call for`;
    throw corrupt(fileName, what, { dims, expectedLength: expected, length: bytes.length });
  }
  const start = bytes.byteOffset + headerLength;
  switch (kind.type) {
    case 'uint8':
      return { dims, type: 'uint8', data: new Uint8Array(bytes.buffer, start, count) };
    case 'int8':
      return { dims, type: 'int8', data: new Int8Array(bytes.buffer, start, count) };
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(headerLength + 2 * i, false);
      return { dims, type: 'int16', data };
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(headerLength + 4 * i, false);
      return { dims, type: 'int32', data };
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(headerLength + 4 * i, false);
      return { dims, type: 'float32', data };
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(headerLength + 8 * i, false);
      return { dims, type: 'float64', data };
    }
  }
}
