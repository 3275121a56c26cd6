import type { FusedContext, FusedKernel } from '../transform';
import { allFiniteHost, allocateBeside, matchParts } from './hostKernels';
import { simdSgd, simdSgdInPlace } from './wasmKernels';

/** What the fused SGD loop reads (the optional parts' options may be absent). */
interface SgdLoopHyperparameters {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  maximize?: boolean;
}

/**
 * SGD (momentum, dampening, Nesterov, L2) as one loop per parameter: the chain
 * `[maximize] [addL2] [trace] scaleByLearningRate`, after any `clipByGlobalNorm`. With
 * momentum the multiple-of-4 prefix runs as WebAssembly SIMD (in place in a WasmArena,
 * else staged).
 *
 * @example
 * const optimizer = fromTransform(chain(trace({ momentum: 0.9 }), scaleByLearningRate(0.01)), { w }, { kernels: [sgdKernel] });
 */
export const sgdKernel: FusedKernel = {
  name: 'sgd',
  match(parts) {
    const found = matchParts(parts, ['maximize?', 'addL2?', 'trace?', 'scaleByLearningRate']);
    return found === undefined ? undefined : { prefix: found.prefix, run: (ctx) => sgdLoop(ctx as unknown as FusedContext<SgdLoopHyperparameters>) };
  },
  allocate: allocateBeside,
  allFinite: allFiniteHost,
};

function sgdLoop({ param: p, grad, gradScale, h, buffer, has, simd }: FusedContext<SgdLoopHyperparameters>): void {
  const { lr } = h;
  const momentum = h.momentum ?? 0;
  const wd = h.weightDecay ?? 0;
  const s = h.maximize === true ? -gradScale : gradScale;
  const n = p.length;
  if (momentum === 0) {
    // In an arena, the SIMD kernel does the multiple-of-4 prefix in place.
    const n4 = n - (n % 4);
    const start = simd && simdSgdInPlace(p, grad, n4, s, wd, lr) ? n4 : 0;
    for (let i = start; i < n; i++) p[i] = p[i]! - lr * (s * grad[i]! + wd * p[i]!);
    return;
  }
  const first = !has('momentumBuffer');
  const b = buffer('momentumBuffer');
  const keep = first ? 0 : momentum;
  const fresh = first ? 1 : 1 - (h.dampening ?? 0);
  const ahead = h.nesterov === true ? momentum : 0;
  const own = h.nesterov === true ? 1 : 0;
  // The SIMD kernel does the multiple-of-4 prefix (in place in a WasmArena, else staged).
  const n4 = n - (n % 4);
  const start = simd && simdSgd(p, b, grad, n4, s, wd, keep, fresh, lr * own, lr * (ahead + 1 - own)) ? n4 : 0;
  for (let i = start; i < n; i++) {
    const pi = p[i]!;
    const d = s * grad[i]! + wd * pi;
    const bi = keep * b[i]! + fresh * d;
    b[i] = bi;
    p[i] = pi - lr * (own * d + ahead * bi + (1 - own) * bi);
  }
}
