import { Rng, gemmFeatures } from '@descent/core';
import { env } from '@tensorflow/tfjs-core';
import { createDescentMlp, createMlp, initBackend, initDescent, modelFromMlp } from '@descent/train';
import type { ModelFactory } from './lockstepTraining';
import type { TrainingEngine } from './protocol';

/** The engine the worker trains on, why, and how it builds each run's model. */
export interface Engine {
  engine: TrainingEngine;
  reason: string;
  /** Threads one matrix product runs on (descent's kernels; 1 for TensorFlow.js). */
  threads: number;
  createModel: ModelFactory;
}

/** The WebGL renderer's name (on an OffscreenCanvas, as a worker has no document), or undefined without WebGL. */
function webglRenderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl === null) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return undefined;
  }
}

async function descentEngine(reason: string): Promise<Engine> {
  // One core stays with the page (its frames and input): the products use the others, at most 4.
  const info = await initDescent({ threads: Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 1) - 1)) });
  // One product at a time (the runs step in turn), so each model may use every helper thread.
  const helpers = info.threads - 1;
  return {
    engine: 'descent',
    reason: `${reason} ${info.reason.replace(/^requested ?/, '')}`.trim(),
    threads: info.threads,
    createModel: (sizes, seed, batchSize) => createDescentMlp({ sizes, seed, batchSize, maxThreads: helpers, threads: helpers }),
  };
}

/**
 * tfjs-wasm's threaded build starts Emscripten pthread workers that do not survive bundling
 * into a module worker: use its single-threaded SIMD build (its flag exists once the backend's module is loaded).
 */
async function singleThreadedWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
}

const tfjsModel: ModelFactory = (sizes, seed) => modelFromMlp(createMlp({ sizes, rng: new Rng(seed) }));

/**
 * Starts the engine for the experiment's worker. `auto` is descent's WebAssembly SIMD kernels
 * (`@descent/train`'s `createDescentMlp`, no TensorFlow.js; threaded when the page is
 * cross-origin isolated) wherever the engine has WebAssembly SIMD: in Chromium it trains the
 * lecture's MLP several times faster than tfjs-wasm (`pnpm --filter playground bench:experiment`).
 * Without SIMD, `auto` is TensorFlow.js' own order (webgl, else wasm, else cpu), except that a
 * software-rendered WebGL (SwiftShader, llvmpipe) is passed over for wasm. Both engines start
 * from the same weights for the same seed.
 */
export async function chooseEngine(choice: 'auto' | TrainingEngine, wasmPaths: string): Promise<Engine> {
  if (choice === 'descent') return descentEngine('requested');
  if (choice === 'auto') {
    if (gemmFeatures().simd) return descentEngine('auto: descent kernels, faster than tfjs-wasm here');
    const renderer = webglRenderer();
    if (renderer !== undefined && /swiftshader|llvmpipe|software/i.test(renderer)) {
      try {
        await singleThreadedWasm();
        const info = await initBackend('wasm', { wasmPaths });
        return { engine: 'wasm', reason: `auto: WebGL here is software-rendered, slower than wasm; using wasm ${info.reason.replace(/^requested ?/, '')}`.trim(), threads: 1, createModel: tfjsModel };
      } catch {
        // fall through to the library's own order
      }
    }
  }
  if (choice === 'wasm' || choice === 'auto') await singleThreadedWasm();
  const info = await initBackend(choice, { wasmPaths });
  return { engine: info.backend as TrainingEngine, reason: info.reason, threads: 1, createModel: tfjsModel };
}
