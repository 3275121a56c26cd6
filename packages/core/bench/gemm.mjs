// GFLOP/s of the cpu backend's matrix product on the MLP's shapes (batch 64), in place in a
// ComputeArena: 1 thread and 2 threads, with relaxed SIMD's fused multiply-add when the
// engine has it (Node 20: run with --experimental-wasm-relaxed-simd) and without.
import { cpu, createComputeArena, gemmFeatures } from '../dist/index.js';

const shapes = [
  ['784-200-10  X W1        [64x784]·[784x200]', 64, 784, 200, {}],
  ['784-200-10  Xᵀ dH1      [784x64]·[64x200]', 784, 64, 200, { transposeA: true }],
  ['784-200-10  dZ W2ᵀ      [64x10]·[10x200]', 64, 10, 200, { transposeB: true }],
  ['784-2000-10 X W1        [64x784]·[784x2000]', 64, 784, 2000, {}],
  ['784-2000-10 Xᵀ dH1      [784x64]·[64x2000]', 784, 64, 2000, { transposeA: true }],
];

export async function benchGemm({ threads = [0, 1], fma = [false, true], seconds = 0.3 } = {}) {
  const features = gemmFeatures();
  const rows = [];
  for (const useFma of fma) {
    if (useFma && !features.relaxedSimd) continue;
    for (const t of threads) {
      const arena = createComputeArena({ bytes: 64 << 20, maxThreads: t, fma: useFma });
      await arena.startThreads(t);
      for (const [label, m, k, n, options] of shapes) {
        arena.reset();
        const a = arena.fromArray(Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5), options.transposeA ? [k, m] : [m, k]);
        const b = arena.fromArray(Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5), options.transposeB ? [n, k] : [k, n]);
        const c = arena.zeros([m, n]);
        for (let i = 0; i < 20; i++) cpu.matmul(c, a, b, options);
        // The fastest of many short batches: the machine may be shared, and a batch that the
        // scheduler interrupted says nothing about the kernel.
        let best = Infinity;
        const start = performance.now();
        while (performance.now() - start < seconds * 1000) {
          const t0 = performance.now();
          for (let i = 0; i < 5; i++) cpu.matmul(c, a, b, options);
          best = Math.min(best, (performance.now() - t0) / 5);
        }
        const perCall = best / 1000;
        rows.push({ shape: label, fma: useFma, threads: t + 1, gflops: (2 * m * n * k) / perCall / 1e9, us: perCall * 1e6 });
      }
      arena.dispose();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchGemm()) console.log(`${r.shape.padEnd(44)} ${r.fma ? 'fma ' : 'mul+add'} ${r.threads} thr  ${r.gflops.toFixed(1).padStart(6)} GFLOP/s  ${r.us.toFixed(0).padStart(6)} µs`);
}
