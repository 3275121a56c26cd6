// A 4-run sweep (the lecture's four learning rates, MLP 784-200-10, SGD, batch 64, one epoch
// of all 60,000 MNIST training images, the 10,000 test images evaluated at its end) on 2
// worker threads (1 thread each for descent's products) against the same 4 runs one after
// another (--workers 1: one worker, given both cores' threads), through the built binary.
// Prints both wall times side by side (the sweep's own `seconds`, from its pool's start to
// the last run: the workers' start-up is counted), the speed-up (floor 1.8x on 2 cores) and
// each sweep's peak memory. Needs `pnpm build` first. About two minutes. The cores are
// shared with whatever else runs: a busy machine lowers the speed-up (read the load average
// printed at the end). BENCH_BACKEND (default descent), BENCH_LIMIT and BENCH_REPEATS change
// the backend, the slice and the repeats.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const backend = process.env.BENCH_BACKEND ?? 'descent';
const slice = ['--limit-train', process.env.BENCH_LIMIT ?? '60000', '--epochs', '1', '--backend', backend];
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const FLOOR = 1.8;

function sweep(workers) {
  const root = mkdtempSync(join(tmpdir(), 'descent-bench-'));
  const out = join(root, 'sweep');
  const started = performance.now();
  const run = spawnSync(process.execPath, [bin, 'sweep', ...slice, '--lr', '0.0001,0.01,0.1,1', '--workers', String(workers), '--out', out, '--quiet'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sweep --workers ${workers} exited ${run.status}: ${run.stderr}`);
  const seconds = (performance.now() - started) / 1000;
  const { result } = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
  rmSync(root, { recursive: true, force: true });
  return { seconds, sweepSeconds: result.seconds, peakMiB: result.peakRssBytes / 2 ** 20, sharedMiB: result.sharedBytes / 2 ** 20 };
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
const parallel = [];
const serial = [];
for (let i = 0; i < repeats; i++) {
  serial.push(sweep(1));
  parallel.push(sweep(2));
}
const s = median(serial.map((r) => r.sweepSeconds));
const p = median(parallel.map((r) => r.sweepSeconds));
console.log(`4 runs x 1 epoch of ${slice[1]} MNIST images + 10,000 test images (784-200-10, SGD, batch 64, ${backend}), ${availableParallelism()} cores, median of ${repeats}; load average at start ${loadAtStart}`);
console.log(`  one after another (--workers 1): ${s.toFixed(1)} s   peak memory ${median(serial.map((r) => r.peakMiB)).toFixed(0)} MiB`);
console.log(`  2 worker threads  (--workers 2): ${p.toFixed(1)} s   peak memory ${median(parallel.map((r) => r.peakMiB)).toFixed(0)} MiB (dataset ${parallel[0].sharedMiB.toFixed(1)} MiB, shared once)`);
console.log(`  speed-up: ${(s / p).toFixed(2)}x (floor ${FLOOR}x) ${s / p >= FLOOR ? 'OK' : 'BELOW FLOOR'}`);
console.log(`  (process wall time incl. start-up and data loading: ${median(serial.map((r) => r.seconds)).toFixed(1)} s vs ${median(parallel.map((r) => r.seconds)).toFixed(1)} s)`);
console.log(`  load average now: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
