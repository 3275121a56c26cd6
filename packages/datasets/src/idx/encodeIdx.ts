import { DescentError } from '@descent/core';
import type { IdxArrays, IdxType } from './parseIdx';

const CODES: Record<IdxType, { code: number; bytes: number }> = {
  uint8: { code: 0x08, bytes: 1 },
  int8: { code: 0x09, bytes: 1 },
  int16: { code: 0x0b, bytes: 2 },
  int32: { code: 0x0c, bytes: 4 },
  float32: { code: 0x0d, bytes: 4 },
  float64: { code: 0x0e, bytes: 8 },
};

function typeOf(data: IdxArrays[IdxType]): IdxType {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  return 'float64';
}

/**
 * Writes an IDX file (the inverse of {@link parseIdx}): the magic number, the dimensions as
 * big-endian uint32, then the values big-endian. The element type follows the array type.
 *
 * @example
 * const bytes = encodeIdx([2], new Uint8Array([7, 3])); // a two-label file
 * parseIdx(bytes, 'labels').data; // Uint8Array [7, 3]
 * @throws DescentError `SHAPE_MISMATCH` when the dims' product is not `data.length`
 */
export function encodeIdx(dims: readonly number[], data: IdxArrays[IdxType]): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (dims.length < 1 || dims.length > 255 || dims.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff) || count !== data.length) {
    throw new DescentError('SHAPE_MISMATCH', `encodeIdx: dims [${dims.join(', ')}] must be 1 to 255 uint32s whose product is data.length ${data.length}`);
  }
  const type = typeOf(data);
  const { code, bytes } = CODES[type];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  if (bytes === 1) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, count), header);
    return out;
  }
  for (let i = 0; i < count; i++) {
    const value = data[i] as number;
    const at = header + bytes * i;
    if (type === 'int16') view.setInt16(at, value, false);
    else if (type === 'int32') view.setInt32(at, value, false);
    else if (type === 'float32') view.setFloat32(at, value, false);
    else view.setFloat64(at, value, false);
  }
  return out;
}
