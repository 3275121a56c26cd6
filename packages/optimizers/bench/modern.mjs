// The modern optimizers on the cpu backend, 1M parameters: the general chain vs a fused
// single loop. NAdam and schedule-free AdamW have fused kernels (the figures below are why);
// Adafactor has none, and the "fused" figure for it is a single-loop prototype of the same
// factored update written here (rows + columns of a 1000 x 1000 matrix), to measure what
// a kernel could gain. Each figure is the median of REPEATS timed steps after a warm-up.
// The machine may be loaded: compare the ratios printed in one run, not absolute times.
import { cpu, Rng } from '@descent/core';
import { adafactor, adamwScheduleFree, nadam } from '../dist/index.js';

const ROWS = 1000;
const COLS = Number(process.env.BENCH_COLS ?? 1000);
const N = ROWS * COLS;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn) {
  fn();
  const ms = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

const rng = new Rng(1);
const init = rng.fillUniform(new Float32Array(N), -1, 1);
const gradValues = rng.fillNormal(new Float32Array(N), 0, 1e-2);

function stepTime(make, fused) {
  const w = cpu.fromArray(init, [ROWS, COLS], 'w');
  const g = cpu.fromArray(gradValues, [ROWS, COLS]);
  const optimizer = make({ w }, fused);
  return time(() => optimizer.step({ w: g }));
}

/** Adafactor's factored step (torch 2.5's rule, what scaleByAdafactor computes) as one pass per buffer. */
function adafactorPrototype() {
  const p = init.slice();
  const row = new Float32Array(ROWS);
  const col = new Float32Array(COLS);
  const rowSq = new Float64Array(ROWS);
  const colSq = new Float64Array(COLS);
  let t = 0;
  return () => {
    t++;
    const beta2 = 1 - t ** -0.8;
    const eps1 = 2 ** -23;
    const lr = 1e-2;
    rowSq.fill(0);
    colSq.fill(0);
    let pSq = 0;
    for (let i = 0; i < ROWS; i++) {
      let rs = 0;
      for (let j = 0; j < COLS; j++) {
        const k = i * COLS + j;
        const g2 = gradValues[k] * gradValues[k];
        rs += g2;
        colSq[j] += g2;
        pSq += p[k] * p[k];
      }
      rowSq[i] = rs;
    }
    let rowMean = 0;
    for (let i = 0; i < ROWS; i++) {
      row[i] = row[i] + (1 - beta2) * (rowSq[i] / COLS - row[i]);
      rowMean += row[i] / ROWS;
    }
    for (let j = 0; j < COLS; j++) col[j] = col[j] + (1 - beta2) * (colSq[j] / ROWS - col[j]);
    const alpha = Math.max(1e-3, Math.sqrt(pSq / N)) * Math.min(lr, 1 / Math.sqrt(t));
    let uSq = 0;
    const scale = 1 / Math.max(rowMean, eps1);
    for (let i = 0; i < ROWS; i++) {
      for (let j = 0; j < COLS; j++) {
        const k = i * COLS + j;
        const u = gradValues[k] / Math.sqrt(Math.max(row[i] * col[j] * scale, eps1 * eps1));
        uSq += u * u;
      }
    }
    const clip = Math.max(1, Math.sqrt(uSq / N));
    for (let i = 0; i < ROWS; i++) {
      for (let j = 0; j < COLS; j++) {
        const k = i * COLS + j;
        p[k] -= (alpha / clip) * (gradValues[k] / Math.sqrt(Math.max(row[i] * col[j] * scale, eps1 * eps1)));
      }
    }
  };
}

const rows = [];
for (const [label, make] of [
  ['nadam', (p, fused) => nadam(p, { lr: 1e-3, fused })],
  ['nadam decoupledWeightDecay', (p, fused) => nadam(p, { lr: 1e-3, weightDecay: 0.01, decoupledWeightDecay: true, fused })],
  ['adamwScheduleFree', (p, fused) => adamwScheduleFree(p, { lr: 1e-3, fused })],
]) {
  const general = stepTime(make, false);
  const fused = stepTime(make, true);
  rows.push([label, general, fused, 'kernel']);
}
{
  const general = stepTime((p, fused) => adafactor(p, { lr: 1e-2, fused }), false);
  const prototype = time(adafactorPrototype());
  rows.push(['adafactor (1000 x 1000)', general, prototype, 'prototype, not a kernel']);
}

console.log(`cpu backend, ${N.toLocaleString('en-US')} parameters, median of ${REPEATS} steps (ms per step)`);
console.log('optimizer                    general   fused   general/fused  fused is');
for (const [label, general, fused, kind] of rows) {
  console.log(`${label.padEnd(28)} ${general.toFixed(1).padStart(7)} ${fused.toFixed(1).padStart(7)} ${(general / fused).toFixed(2).padStart(10)}x    ${kind}`);
}
