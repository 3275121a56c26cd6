import { cpu } from '../cpu';
import { matmulCases, matmulShapes, runMatmul } from '../conformance/matmul';
import { createComputeArena } from './arena';
import { gemmFeatures } from './features';

/** What the page reports to `browser.test.ts`. */
export interface BrowserGemmReport {
  crossOriginIsolated: boolean;
  features: ReturnType<typeof gemmFeatures>;
  threads: number;
  /** Per transpose case: the worst error over the shapes, relative to the tolerance (<= 1 passes). */
  results: Array<{ label: string; worst: number; where: string; operandsKept: boolean }>;
}

/** Runs the matrix-product cases in the page, in place in an arena with one Web Worker. */
async function runBrowserGemm(): Promise<BrowserGemmReport> {
  const features = gemmFeatures();
  const arena = createComputeArena({ bytes: 16 << 20, maxThreads: 1 });
  await arena.startThreads(1);
  const results = matmulCases.map(({ label, options }) => {
    let worst = 0;
    let where = '';
    let operandsKept = true;
    for (const shape of matmulShapes) {
      arena.reset();
      const r = runMatmul(cpu, shape, options, 7, (values, s, name) => arena.fromArray(values, s, name));
      operandsKept &&= r.operandsKept;
      if (r.worst > worst) {
        worst = r.worst;
        where = `[${shape.join(', ')}] ${r.where}`;
      }
    }
    return { label, worst, where, operandsKept };
  });
  const threads = arena.threads;
  arena.dispose();
  return { crossOriginIsolated: globalThis.crossOriginIsolated === true, features, threads, results };
}

(globalThis as unknown as { runBrowserGemm: typeof runBrowserGemm }).runBrowserGemm = runBrowserGemm;
