import { isDescentError } from '@descent/core';
import { describe, expect, it } from 'vitest';
import { BatchIterator, batches, type Batch } from './batches';

/** A split whose item i has all 3 features equal to i and label i % 256. */
function numbered(count: number, features = 3) {
  const images = new Float32Array(count * features);
  for (let i = 0; i < images.length; i++) images[i] = Math.floor(i / features);
  const labels = new Uint8Array(count).map((_, i) => i % 256);
  return { images, labels, count };
}

function items(batch: Batch, features = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i < batch.size; i++) {
    const first = batch.images[i * features] as number;
    for (let f = 1; f < features; f++) expect(batch.images[i * features + f]).toBe(first);
    expect(batch.labels[i]).toBe(first % 256);
    out.push(first);
  }
  return out;
}

/** Items of an epoch, read batch by batch (each batch's buffers are overwritten by the next). */
function epochItems(iterator: BatchIterator, epoch: number): number[] {
  const out: number[] = [];
  for (const batch of iterator.epoch(epoch)) out.push(...items(batch));
  return out;
}

describe('BatchIterator', () => {
  it('visits every item once per epoch, in batches of batchSize and a smaller last one', () => {
    const iterator = batches(numbered(1003), { batchSize: 100, seed: 5 });
    expect(iterator.batchesPerEpoch).toBe(11);
    expect(iterator.featureSize).toBe(3);
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const batch of iterator.epoch(0)) {
      sizes.push(batch.size);
      expect(batch.images.length).toBe(batch.size * 3);
      seen.push(...items(batch));
    }
    expect(sizes).toEqual([...new Array<number>(10).fill(100), 3]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 1003 }, (_, i) => i));
    expect(seen).not.toEqual(Array.from({ length: 1003 }, (_, i) => i));
  });

  it('drops the last batch with dropLast', () => {
    const iterator = new BatchIterator(numbered(1003), { batchSize: 100, dropLast: true });
    expect(iterator.batchesPerEpoch).toBe(10);
    expect([...iterator.epoch(2)].map((b) => b.size)).toEqual(new Array<number>(10).fill(100));
  });

  it('shuffles anew each epoch, the same for the same (seed, epoch) whatever ran before', () => {
    const split = numbered(500);
    const a = new BatchIterator(split, { batchSize: 64, seed: 9 });
    const epochs = [0, 1, 2, 3].map((e) => epochItems(a, e));
    expect(epochs[1]).not.toEqual(epochs[0]);
    expect(epochs[2]).not.toEqual(epochs[1]);
    const resumed = new BatchIterator(split, { batchSize: 64, seed: 9 });
    expect(epochItems(resumed, 3)).toEqual(epochs[3]);
    expect(Array.from(resumed.order(1))).toEqual(epochs[1]);
    // Random access to one batch (resuming mid-epoch) gives the same items.
    expect(items(resumed.batch(2, 4))).toEqual(epochs[2]?.slice(256, 320));
    const other = new BatchIterator(split, { batchSize: 64, seed: 10 });
    expect(epochItems(other, 0)).not.toEqual(epochs[0]);
  });

  it('reuses its buffers (no allocation per batch) and yields views of the split without shuffling', () => {
    const split = numbered(300);
    const shuffled = new BatchIterator(split, { batchSize: 100 });
    const buffers = new Set([...shuffled.epoch(0)].map((b) => b.images.buffer));
    expect(buffers.size).toBe(1);
    const plain = new BatchIterator(split, { batchSize: 128, shuffle: false });
    const list = [...plain.epoch(0)];
    expect(list.map((b) => b.size)).toEqual([128, 128, 44]);
    expect(list.every((b) => b.images.buffer === split.images.buffer)).toBe(true);
    expect(items(list[1] as Batch)).toEqual(Array.from({ length: 128 }, (_, i) => 128 + i));
  });

  it('handles a batch larger than the split', () => {
    const iterator = new BatchIterator(numbered(10), { batchSize: 64 });
    expect([...iterator.epoch(0)].map((b) => b.size)).toEqual([10]);
    expect(new BatchIterator(numbered(10), { batchSize: 64, dropLast: true }).batchesPerEpoch).toBe(0);
  });

  it('rejects bad options and arguments', () => {
    const split = numbered(10);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isDescentError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(codeOf(() => new BatchIterator(split, { batchSize: 0 }))).toMatch(/^INVALID_ARGUMENT: BatchIterator: batchSize must be a positive integer, got 0/);
    expect(codeOf(() => new BatchIterator({ ...split, count: 11 }, { batchSize: 2 }))).toMatch(/^SHAPE_MISMATCH: BatchIterator: count 11/);
    expect(codeOf(() => new BatchIterator(split, { batchSize: 2, seed: NaN }))).toMatch(/^INVALID_ARGUMENT/);
    const iterator = new BatchIterator(split, { batchSize: 2 });
    expect(codeOf(() => iterator.epoch(-1).next())).toMatch(/^INVALID_ARGUMENT: BatchIterator.epoch: epoch must be a non-negative integer, got -1/);
    expect(codeOf(() => iterator.batch(0, 5))).toMatch(/^INVALID_ARGUMENT: BatchIterator.batch: index must be an integer in \[0, 5\), got 5/);
  });
});
