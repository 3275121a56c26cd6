// Core elementwise operations on 10M floats, cpu backend, next to a plain
// Float32Array.prototype.set copy of the same size (the memory-bandwidth ceiling).
// A plain JS loop over large arrays runs at different speeds in different processes
// here, so the figures are medians over several child processes, each taking the
// median of several calls.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const N = 10_000_000;
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const REPEATS = 7;

// bytes moved per element: reads + writes, 4 bytes each
const cases = [
  ['copy: Float32Array.set (ceiling)', 8, null],
  ['fill', 4, (b, t) => b.fill(t.x, 0.5)],
  ['copy', 8, (b, t) => b.copy(t.x, t.y)],
  ['scale', 8, (b, t) => b.scale(t.x, 0.999)],
  ['addScalar', 8, (b, t) => b.addScalar(t.x, 1e-8)],
  ['add (alpha)', 12, (b, t) => b.add(t.x, t.y, -1e-3)],
  ['mul', 12, (b, t) => b.mul(t.x, t.y)],
  ['div', 12, (b, t) => b.div(t.x, t.z)],
  ['addcmul', 16, (b, t) => b.addcmul(t.x, t.y, t.z, 1e-3)],
  ['addcdiv', 16, (b, t) => b.addcdiv(t.x, t.y, t.z, -1e-3)],
  ['lerp', 12, (b, t) => b.lerp(t.x, t.y, 0.1)],
  ['maximum', 12, (b, t) => b.maximum(t.x, t.y)],
  ['clamp', 8, (b, t) => b.clamp(t.x, -0.5, 0.5)],
  ['sqrt', 8, (b, t) => b.sqrt(t.z)],
  ['sign', 8, (b, t) => b.sign(t.w)],
  ['abs', 8, (b, t) => b.abs(t.w)],
  ['sumSquares', 4, (b, t) => b.sumSquares(t.x)],
  ['maxAbs', 4, (b, t) => b.maxAbs(t.x)],
  ['allFinite', 4, (b, t) => b.allFinite(t.x)],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function child() {
  const { cpu, Rng } = await import('../dist/index.js');
  const rng = new Rng(1);
  const make = (lo, hi) => cpu.wrap(rng.fillUniform(new Float32Array(N), lo, hi));
  const t = { x: make(-1, 1), y: make(-1, 1), z: make(0.5, 2), w: make(-1, 1) };
  const src = new Float32Array(N).fill(1);
  const dst = new Float32Array(N);
  const out = {};
  for (const [name, , fn] of cases) {
    const times = [];
    for (let r = 0; r < REPEATS + 1; r++) {
      const start = performance.now();
      if (fn === null) dst.set(src);
      else fn(cpu, t);
      const ms = performance.now() - start;
      if (r > 0) times.push(ms); // the first call warms up the JIT
      // keep values bounded across repeats
      cpu.fill(t.x, 0.25);
      cpu.fill(t.z, 1.5);
    }
    out[name] = median(times);
  }
  process.stdout.write(JSON.stringify(out));
}

function main() {
  const runs = [];
  for (let p = 0; p < PROCESSES; p++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    runs.push(JSON.parse(r.stdout));
  }
  console.log(`@descent/core cpu backend, ${N / 1e6}M float32, median of ${PROCESSES} processes x ${REPEATS} calls`);
  console.log('operation'.padEnd(34) + 'ms/call'.padStart(9) + 'GB/s'.padStart(8) + '  % of copy');
  const copyMs = median(runs.map((r) => r[cases[0][0]]));
  const copyGbs = (8 * N) / copyMs / 1e6;
  for (const [name, bytes] of cases) {
    const ms = median(runs.map((r) => r[name]));
    const gbs = (bytes * N) / ms / 1e6;
    console.log(name.padEnd(34) + ms.toFixed(2).padStart(9) + gbs.toFixed(1).padStart(8) + `${((100 * gbs) / copyGbs).toFixed(0)}%`.padStart(11));
  }
}

if (process.argv.includes('--child')) await child();
else main();
