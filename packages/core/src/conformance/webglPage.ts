import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { tfjs } from '../tfjs/index';
import { N, adamLikeSteps, data, edges, ops, runOp } from './ops';

/**
 * The browser half of the webgl conformance suite (`webgl.test.ts` bundles this file and
 * calls `runConformance()` in Chromium): every conformance operation through
 * `@descent/core/tfjs` on tfjs's webgl backend, the edge cases, the reductions, and 1,000
 * Adam-like steps counted with `tf.memory()`. Node compares the numbers with the references.
 */
async function runConformance() {
  if (!(await tf.setBackend('webgl'))) throw new Error('tfjs could not start its webgl backend');
  await tf.ready();
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';

  const results = ops.map((op) => {
    const { out, yAfter } = runOp(tfjs, op);
    return { name: op.name, out: Array.from(out), yAfter: Array.from(yAfter) };
  });

  const x = tfjs.fromArray(edges.maxX);
  const y = tfjs.fromArray(edges.maxY);
  tfjs.maximum(x, y);
  const s = tfjs.fromArray(edges.sign);
  tfjs.sign(s);
  const edgeResults = { maximum: Array.from(tfjs.read(x)), sign: Array.from(tfjs.read(s)) };

  const r = tfjs.fromArray(data(4));
  const withNaN = tfjs.fromArray(Float32Array.from(data(4), (v, i) => (i === 100 ? NaN : v)));
  const withInf = tfjs.fromArray(Float32Array.from(data(4), (v, i) => (i === 100 ? -Infinity : v)));
  const reductions = {
    sumSquares: tfjs.sumSquares(r),
    maxAbs: tfjs.maxAbs(r),
    allFinite: [tfjs.allFinite(r), tfjs.allFinite(withNaN), tfjs.allFinite(withInf)],
    listSumSquares: tfjs.sumSquares([r, r]),
    listAllFinite: [tfjs.allFinite([r, r]), tfjs.allFinite([r, withNaN]), tfjs.allFinite([])],
    overflowingSumIsFinite: tfjs.allFinite(tfjs.fromArray([3e38, 3e38, -1, 3e38])),
  };

  const variable = tf.variable(tf.randomUniform([N], -1, 1, 'float32', 1));
  const p = tfjs.wrapVariable(variable, 'p');
  const g = tfjs.fromArray(data(9).map((v) => v * 0.1));
  const before = tf.memory().numTensors;
  adamLikeSteps(tfjs, p, g, 1000);
  const after = tf.memory().numTensors;
  const updated = tfjs.read(p);
  const leak = { before, after, variableMatches: variable.dataSync().every((v, i) => v === updated[i]), finite: tfjs.allFinite(p) };

  return { backend: `${tfjs.name}`, renderer, results, edges: edgeResults, reductions, leak };
}

(globalThis as { runConformance?: typeof runConformance }).runConformance = runConformance;
export type ConformanceReport = Awaited<ReturnType<typeof runConformance>>;
