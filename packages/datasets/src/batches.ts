import { DescentError, Rng } from '@descent/core';

/** Anything with `count` items of `images.length / count` features each, and a label per item. */
export interface BatchSource {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** Options of {@link BatchIterator}. */
export interface BatchOptions {
  /** Items per batch (the last one may be smaller unless `dropLast`). */
  batchSize: number;
  /** A new seeded permutation each epoch. Default true. */
  shuffle?: boolean;
  /** Seed of the shuffles. Default 0. */
  seed?: number;
  /** Skip the last, smaller batch. Default false. */
  dropLast?: boolean;
}

/**
 * One batch. `images` and `labels` are views of buffers the iterator reuses: they hold this
 * batch until the next one is produced (copy them to keep them).
 */
export interface Batch {
  /** `size * featureSize` values, one item after another. */
  images: Float32Array;
  labels: Uint8Array;
  /** Items in this batch. */
  size: number;
  /** Position of the batch in its epoch, from 0. */
  index: number;
}

/** A 32-bit hash of (seed, epoch) (MurmurHash3's finaliser), so each epoch has its own stream. */
function epochSeed(seed: number, epoch: number): number {
  let h = ((seed >>> 0) ^ Math.floor(seed / 0x100000000)) >>> 0;
  for (const word of [epoch >>> 0, Math.floor(epoch / 0x100000000) >>> 0]) {
    h = Math.imul(h ^ word, 0xcc9e2d51) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/**
 * Minibatches over a split, epoch by epoch. Epoch `e`'s order is a Fisher-Yates shuffle by
 * an {@link Rng} seeded from `(seed, e)` alone, so it is the same whatever ran before: a run
 * resumed at epoch 7 sees epoch 7's order. Batches are gathered into two buffers allocated
 * once (or, without shuffling, are views of the split itself): nothing is allocated per batch
 * beyond the small `Batch` record.
 *
 * Options (defaults): `batchSize` (required), `shuffle` (true), `seed` (0), `dropLast` (false).
 *
 * @example
 * const iterator = new BatchIterator(mnist.train, { batchSize: 64, seed: 1 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { images, labels, size } of iterator.epoch(epoch)) step(images, labels, size);
 * }
 */
export class BatchIterator {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Values per item (784 for MNIST). */
  readonly featureSize: number;
  /** Batches each epoch yields. */
  readonly batchesPerEpoch: number;
  private readonly source: BatchSource;
  private readonly indices: Uint32Array;
  private orderEpoch = -1;
  private readonly imageBuffer: Float32Array;
  private readonly labelBuffer: Uint8Array;

  constructor(source: BatchSource, options: BatchOptions) {
    const op = 'BatchIterator';
    if (source === null || typeof source !== 'object' || !(source.images instanceof Float32Array) || !(source.labels instanceof Uint8Array)) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: expected a split { images: Float32Array, labels: Uint8Array, count }, got ${String(source)}`);
    }
    const { count } = source;
    if (!Number.isInteger(count) || count < 1 || source.labels.length !== count || source.images.length % count !== 0) {
      throw new DescentError(
        'SHAPE_MISMATCH',
        `${op}: count ${String(count)} must be a positive integer equal to labels.length (${source.labels.length}) and divide images.length (${source.images.length})`,
      );
    }
    const batchSize = options?.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DescentError('INVALID_ARGUMENT', `${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    const seed = options.seed ?? 0;
    if (!Number.isFinite(seed)) throw new DescentError('INVALID_ARGUMENT', `${op}: seed must be a finite number, got ${String(seed)}`);
    this.source = source;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? true;
    this.seed = seed;
    this.dropLast = options.dropLast ?? false;
    this.featureSize = source.images.length / count;
    this.batchesPerEpoch = this.dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
    this.indices = new Uint32Array(count);
    const bufferItems = Math.min(batchSize, count);
    this.imageBuffer = this.shuffle ? new Float32Array(bufferItems * this.featureSize) : new Float32Array(0);
    this.labelBuffer = this.shuffle ? new Uint8Array(bufferItems) : new Uint8Array(0);
  }

  /**
   * The item order of epoch `epoch` (a view of an internal buffer, valid until another
   * epoch is asked for). Identity when `shuffle` is false.
   */
  order(epoch: number): Uint32Array {
    checkEpoch(epoch);
    if (this.orderEpoch !== epoch || !this.shuffle) {
      const indices = this.indices;
      for (let i = 0; i < indices.length; i++) indices[i] = i;
      if (this.shuffle) new Rng(epochSeed(this.seed, epoch)).shuffle(indices);
      this.orderEpoch = epoch;
    }
    return this.indices;
  }

  /**
   * Batch `index` of epoch `epoch`, for random access (e.g. resuming in the middle of an
   * epoch). Overwrites the buffers of the previous batch.
   */
  batch(epoch: number, index: number): Batch {
    if (!Number.isInteger(index) || index < 0 || index >= this.batchesPerEpoch) {
      throw new DescentError('INVALID_ARGUMENT', `BatchIterator.batch: index must be an integer in [0, ${this.batchesPerEpoch}), got ${String(index)}`);
    }
    const start = index * this.batchSize;
    const size = Math.min(this.batchSize, this.source.count - start);
    const features = this.featureSize;
    if (!this.shuffle) {
      checkEpoch(epoch);
      return {
        images: this.source.images.subarray(start * features, (start + size) * features),
        labels: this.source.labels.subarray(start, start + size),
        size,
        index,
      };
    }
    const order = this.order(epoch);
    const images = this.source.images;
    const labels = this.source.labels;
    const outImages = this.imageBuffer;
    const outLabels = this.labelBuffer;
    for (let i = 0; i < size; i++) {
      const item = order[start + i] as number;
      outImages.set(images.subarray(item * features, (item + 1) * features), i * features);
      outLabels[i] = labels[item] as number;
    }
    return size === this.batchSize
      ? { images: outImages, labels: outLabels, size, index }
      : { images: outImages.subarray(0, size * features), labels: outLabels.subarray(0, size), size, index };
  }

  /** Yields the batches of epoch `epoch` (0-based) in order. */
  *epoch(epoch: number): Generator<Batch, void, undefined> {
    checkEpoch(epoch);
    for (let index = 0; index < this.batchesPerEpoch; index++) yield this.batch(epoch, index);
  }
}

function checkEpoch(epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 0) {
    throw new DescentError('INVALID_ARGUMENT', `BatchIterator.epoch: epoch must be a non-negative integer, got ${String(epoch)}`);
  }
}

/**
 * Shorthand for `new BatchIterator(split, options)`.
 *
 * @example
 * for (const batch of batches(mnist.train, { batchSize: 128, seed: 3 }).epoch(0)) { ... }
 */
export function batches(source: BatchSource, options: BatchOptions): BatchIterator {
  return new BatchIterator(source, options);
}
