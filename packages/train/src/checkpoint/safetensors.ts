import { DescentError } from '@descent/core';

/** A float32 tensor: its shape (row-major) and its values. */
export interface NamedTensor {
  shape: readonly number[];
  data: Float32Array;
}

/** What {@link readSafetensors} returns. */
export interface Safetensors {
  /** By name, in the file's order of data. */
  tensors: Record<string, NamedTensor>;
  /** The header's `__metadata__` (string to string), `{}` when absent. */
  metadata: Record<string, string>;
}

/** The safetensors reference implementation refuses larger headers (100 MB). */
const MAX_HEADER = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Encodes float32 tensors as a safetensors file (Hugging Face's format): 8 bytes of
 * header length (unsigned 64-bit little-endian), a JSON header mapping each name to
 * `{ dtype: 'F32', shape, data_offsets: [begin, end] }` (byte offsets into the data, which
 * follows the header) with an optional `__metadata__` of strings, then the raw
 * little-endian float32 values, tensor after tensor, no gaps. The header is padded with
 * spaces so that the data starts at a multiple of 8 bytes, as the reference writer does.
 * Readable by `safetensors.torch.load_file`, `safetensors.numpy.load_file` and any other
 * safetensors reader.
 *
 * @example
 * const bytes = writeSafetensors({ 'fc1.weight': { shape: [2, 3], data: new Float32Array(6) } }, { step: '12' });
 * readSafetensors(bytes).tensors['fc1.weight'].shape; // [2, 3]
 * @throws DescentError `INVALID_ARGUMENT` for a name that is empty or `__metadata__`, a shape that disagrees with the data, or metadata that is not strings
 */
export function writeSafetensors(tensors: Readonly<Record<string, NamedTensor>>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const op = 'writeSafetensors';
  const header: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new DescentError('INVALID_ARGUMENT', `${op}: metadata['${key}'] must be a string, got ${typeof value}`);
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, tensor] of entries) {
    if (name === '' || name === '__metadata__') throw new DescentError('INVALID_ARGUMENT', `${op}: a tensor cannot be named ${JSON.stringify(name)}`);
    const shape = tensor?.shape;
    if (!(tensor?.data instanceof Float32Array) || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: '${name}' must be { shape: number[], data: Float32Array }`);
    }
    if (sizeOf(shape) !== tensor.data.length) {
      throw new DescentError('SHAPE_MISMATCH', `${op}: '${name}' of shape [${shape.join(', ')}] needs ${sizeOf(shape)} values, got ${tensor.data.length}`);
    }
    const bytes = tensor.data.length * 4;
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padding = (8 - ((8 + json.length) % 8)) % 8;
  if (padding > 0) {
    const padded = new Uint8Array(json.length + padding).fill(0x20);
    padded.set(json);
    json = padded;
  }
  const start = 8 + json.length;
  const out = new Uint8Array(start + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = start;
  for (const [, tensor] of entries) {
    const data = tensor.data;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i]!, true);
    at += data.byteLength;
  }
  return out;
}

/**
 * Decodes a safetensors file of float32 tensors (see {@link writeSafetensors}), checking it
 * as the reference implementation does: the header length against the file, a JSON
 * object header, every tensor's dtype, shape and byte range, ranges that neither overlap
 * nor leave holes and cover the data exactly. The tensors' values are views of `bytes` (no
 * copy: they change with it) when the data is 4-byte aligned in memory, as in a file read whole
 * (`readFile`), else copies.
 *
 * @example
 * const { tensors, metadata } = readSafetensors(new Uint8Array(await readFile('checkpoint.safetensors')));
 * @throws DescentError `INVALID_ARGUMENT` naming what is wrong with the bytes, `UNSUPPORTED` for a dtype other than F32
 */
export function readSafetensors(bytes: Uint8Array): Safetensors {
  const op = 'readSafetensors';
  const bad = (what: string): never => {
    throw new DescentError('INVALID_ARGUMENT', `${op}: not a valid safetensors file: ${what}`);
  };
  if (!(bytes instanceof Uint8Array)) throw new DescentError('INVALID_ARGUMENT', `${op}: expected the file's bytes as a Uint8Array, got ${String(bytes)}`);
  if (bytes.length < 8) bad(`${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER, bytes.length - 8))) bad(`the header length ${length} exceeds the ${bytes.length - 8} bytes after it${length > MAX_HEADER ? ' (or the 100 MB limit)' : ''}`);
  const start = 8 + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, start)));
  } catch (error) {
    return bad(`the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return bad('the header is not a JSON object');
  const metadata: Record<string, string> = {};
  const ranges: Array<{ name: string; begin: number; end: number; shape: number[] }> = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) bad('__metadata__ must be an object of strings');
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string') bad(`__metadata__['${key}'] must be a string, got ${JSON.stringify(value)}`);
        metadata[key] = value as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (e === null || typeof e !== 'object') return bad(`'${name}' must be { dtype, shape, data_offsets }`);
    if (e.dtype !== 'F32') {
      throw new DescentError('UNSUPPORTED', `${op}: '${name}' has dtype ${JSON.stringify(e.dtype)}; descent reads F32 tensors only`);
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) return bad(`'${name}'.shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      return bad(`'${name}'.data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== sizeOf(shape as number[]) * 4) {
      bad(`'${name}' of shape [${shape.join(', ')}] needs ${sizeOf(shape as number[]) * 4} bytes, its data_offsets span ${end - begin}`);
    }
    ranges.push({ name, begin, end, shape: shape as number[] });
  }
  const dataLength = bytes.length - start;
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const r of ranges) {
    if (r.begin !== covered) bad(r.begin < covered ? `'${r.name}' overlaps the tensor before it` : `the data has a hole before '${r.name}' (bytes ${covered} to ${r.begin})`);
    covered = r.end;
  }
  if (covered !== dataLength) bad(`the tensors cover ${covered} bytes of data, the file holds ${dataLength}`);
  // Each tensor a view of `bytes` where the platform is little-endian and the data lies at a
  // multiple of 4 bytes in memory (a file read whole: its data starts at a multiple of 8, and the
  // ranges cover it without holes, so each begins at a multiple of 4); else a copy.
  const tensors: Record<string, NamedTensor> = {};
  const at = bytes.byteOffset + start;
  for (const r of ranges) {
    const size = (r.end - r.begin) / 4;
    let values: Float32Array;
    if (LITTLE_ENDIAN && at % 4 === 0) {
      values = new Float32Array(bytes.buffer, at + r.begin, size);
    } else {
      values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = view.getFloat32(start + r.begin + 4 * i, true);
    }
    tensors[r.name] = { shape: r.shape, data: values };
  }
  return { tensors, metadata };
}
