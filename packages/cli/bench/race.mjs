// Benchmark of `descent race`: 8 optimizers x 1,000 steps on Beale's function with the
// 400 x 400 contour picture (SVG + PNG). Budget: under one second of compute. Runs the
// built CLI (dist/bin.js) with --json, which reports each part's CPU time (process.cpuUsage:
// the compute, what the budget is about) and wall time (which grows when other processes
// share the 2 cores), measured inside the process: module loading and process start are
// left out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const racers = ['sgd:lr=0.001', 'momentum:lr=0.001', 'nesterov:lr=0.001', 'adagrad:lr=1', 'adadelta:lr=10', 'rmsprop:lr=0.03', 'adam:lr=0.1', 'lion:lr=0.01'];
const repeats = Number(process.env.BENCH_REPEATS ?? 5);

function once(extra) {
  const out = mkdtempSync(join(tmpdir(), 'descent-bench-race-'));
  try {
    const args = [bin, 'race', '--surface', 'beale', '--start', '0.7,1.4', '--steps', '1000', '--size', '400', '--json', '--out', out, ...extra];
    for (const r of racers) args.push('--optimizer', r);
    const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`race failed (${run.status}): ${run.stderr}`);
    return JSON.parse(run.stdout).timings;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

once(['--no-animation']); // warm the disk cache
const runs = Array.from({ length: repeats }, () => once([]));
const parts = ['optimization', 'grid', 'picture', 'animation', 'lossChart'];
const med = Object.fromEntries(parts.map((p) => [p, { cpu: median(runs.map((r) => r[p].cpu)), wall: median(runs.map((r) => r[p].wall)) }]));
const total = { cpu: med.optimization.cpu + med.grid.cpu + med.picture.cpu, wall: med.optimization.wall + med.grid.wall + med.picture.wall };
const row = (name, t, note = '') => console.log(`  ${name.padEnd(40)} ${t.cpu.toFixed(1).padStart(8)} ${t.wall.toFixed(1).padStart(8)}  ${note}`);
console.log(`race: 8 optimizers x 1,000 steps on Beale, 400 x 400 contour picture (median of ${repeats}, ms)`);
console.log(`  ${''.padEnd(40)} ${'cpu'.padStart(8)} ${'wall'.padStart(8)}`);
row('optimization (8 x 1,000 steps)', med.optimization, `${((med.optimization.cpu * 1000) / 8000).toFixed(1)} us/step of cpu`);
row('contour grid (160,000 f(x, y), bands)', med.grid);
row('rendering (Vega-Lite SVG + resvg PNG)', med.picture);
row('race + contour picture', total, `budget 1000 ms of compute: ${total.cpu < 1000 ? 'within' : 'OVER'} (${(total.cpu / 10).toFixed(0)}% of it)`);
console.log('  not in the budget:');
row('  animated GIF (60 frames)', med.animation);
row('  loss-vs-step chart (SVG + PNG)', med.lossChart);
