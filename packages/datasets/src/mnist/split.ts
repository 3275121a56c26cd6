import { DescentError } from '@descent/core';

/**
 * One split of an image dataset: `count` images of `rows` x `cols` pixels stored one after
 * another (row-major, `images.length === count * rows * cols`), and their labels.
 * MNIST images are in [0, 1] unless standardised.
 */
export interface Split {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

/** True where `SharedArrayBuffer` exists (Node; browsers only on cross-origin-isolated pages). */
function hasShared(): boolean {
  return typeof SharedArrayBuffer !== 'undefined';
}

/**
 * Allocates a Float32Array / Uint8Array on a `SharedArrayBuffer` (when `shared`) or a plain
 * one. Throws `UNSUPPORTED` when shared memory is asked for but the platform lacks it.
 */
export function allocate(op: string, length: number, kind: 'float32' | 'uint8', shared: boolean): Float32Array | Uint8Array {
  if (!shared) return kind === 'float32' ? new Float32Array(length) : new Uint8Array(length);
  if (!hasShared()) {
    throw new DescentError(
      'UNSUPPORTED',
      `${op}: shared: true needs SharedArrayBuffer, which this platform lacks (a browser page must be cross-origin isolated)`,
    );
  }
  const bytes = kind === 'float32' ? 4 * length : length;
  const buffer = new SharedArrayBuffer(bytes);
  return kind === 'float32' ? new Float32Array(buffer) : new Uint8Array(buffer);
}

/**
 * Copies a split onto `SharedArrayBuffer`s (returns it unchanged if already shared), so that
 * posting it to worker threads shares the memory instead of copying it.
 *
 * @example
 * const shared = shareSplit(mnist.train);
 * worker.postMessage(shared); // typed arrays on shared memory are not copied
 */
export function shareSplit(split: Split): Split {
  if (split.images.buffer instanceof SharedArrayBuffer && split.labels.buffer instanceof SharedArrayBuffer) return split;
  const images = allocate('shareSplit', split.images.length, 'float32', true) as Float32Array;
  const labels = allocate('shareSplit', split.labels.length, 'uint8', true) as Uint8Array;
  images.set(split.images);
  labels.set(split.labels);
  return { images, labels, count: split.count, rows: split.rows, cols: split.cols };
}

/** What a worker may receive: the buffers themselves or typed arrays over them. */
export interface SharedSplitParts {
  images: SharedArrayBuffer | Float32Array;
  labels: SharedArrayBuffer | Uint8Array;
  /** Default: the number of labels. */
  count?: number;
  /** Default 28. */
  rows?: number;
  /** Default 28. */
  cols?: number;
}

/**
 * Rebuilds a {@link Split} in a worker from what the main thread sent: either the split
 * itself (typed arrays on shared memory arrive as such) or its bare `SharedArrayBuffer`s.
 * No data is copied. Checks that the sizes agree.
 *
 * @example
 * // main thread
 * const mnist = await loadMnist({ shared: true });
 * worker.postMessage({ images: mnist.train.images.buffer, labels: mnist.train.labels.buffer });
 * // worker
 * parentPort.on('message', (parts) => { const train = splitFromShared(parts); });
 * @throws DescentError `SHAPE_MISMATCH` when the buffers' sizes disagree with `count`, `rows`, `cols`
 */
export function splitFromShared(parts: SharedSplitParts): Split {
  const images = parts.images instanceof Float32Array ? parts.images : toFloat32(parts.images);
  const labels = parts.labels instanceof Uint8Array ? parts.labels : new Uint8Array(parts.labels);
  const rows = parts.rows ?? 28;
  const cols = parts.cols ?? 28;
  const count = parts.count ?? labels.length;
  if (labels.length !== count || images.length !== count * rows * cols) {
    throw new DescentError(
      'SHAPE_MISMATCH',
      `splitFromShared: expected ${count} labels and ${count} x ${rows} x ${cols} = ${count * rows * cols} pixels, got ${labels.length} labels and ${images.length} pixels`,
    );
  }
  return { images, labels, count, rows, cols };
}

function toFloat32(buffer: SharedArrayBuffer): Float32Array {
  if (buffer.byteLength % 4 !== 0) {
    throw new DescentError('SHAPE_MISMATCH', `splitFromShared: images buffer of ${buffer.byteLength} bytes is not a whole number of float32s`);
  }
  return new Float32Array(buffer);
}
