import { DescentError } from '@descent/core';
import type { Backend, Tensor } from '@descent/core';
import { given } from './given';
import type { GivenOptions } from '../optionSpec';
import type { Spec } from '../specs';
import type { Transform } from '../transform';

/** The hyperparameters of {@link scaleByMuon}. */
export interface ScaleByMuonHyperparameters {
  momentum: number;
  nesterov: boolean;
  eps: number;
  nsSteps: number;
  adjustLrFn: MuonAdjustLr;
}

/** How Muon scales the orthogonalised update by the matrix's shape (rows x cols). */
export type MuonAdjustLr = 'original' | 'match_rms_adamw';

/** Where Muon's `eps` goes when it normalises by the Frobenius norm. */
export type MuonNormEps = 'clamp' | 'add';

/** What a Muon transform is built with besides its hyperparameters. */
export interface ScaleByMuonConfig {
  /** Newton-Schulz quintic coefficients (a, b, c); default [3.4445, -4.775, 2.0315]. */
  nsCoefficients?: readonly [number, number, number];
  /** `'clamp'` (torch.optim.Muon, default): divide by max(||U||, eps); `'add'` (KellerJordan): by ||U|| + eps. */
  normEps?: MuonNormEps;
}

const specs = {
  momentum: {
    name: 'momentum',
    type: 'number',
    default: 0.95,
    min: 0,
    max: 1,
    maxExclusive: true,
    description: 'Momentum of the EMA buffer: B <- momentum B + (1 - momentum) g.',
  } as Spec<'momentum', 'number'>,
  nesterov: { name: 'nesterov', type: 'boolean', default: true, description: 'Orthogonalise g + momentum (B - g) (Nesterov) instead of B.' } as Spec<'nesterov', 'boolean'>,
  eps: {
    name: 'eps',
    type: 'number',
    default: 1e-7,
    min: 0,
    minExclusive: true,
    description: 'Guards the Frobenius-norm normalisation before Newton-Schulz.',
  } as Spec<'eps', 'number'>,
  nsSteps: { name: 'nsSteps', type: 'number', default: 5, min: 1, schedulable: false, description: 'Newton-Schulz iterations.' } as Spec<'nsSteps', 'number'>,
  adjustLrFn: {
    name: 'adjustLrFn',
    type: 'choice',
    default: 'original',
    choices: ['original', 'match_rms_adamw'],
    description: "Shape factor of the update: 'original' sqrt(max(1, rows/cols)); 'match_rms_adamw' 0.2 sqrt(max(rows, cols)).",
  } as Spec<'adjustLrFn', 'choice'>,
};

/** The default Newton-Schulz quintic of both references. */
export const MUON_NS_COEFFICIENTS: readonly [number, number, number] = [3.4445, -4.775, 2.0315];

/**
 * Newton-Schulz orthogonalisation in place, on the backend's `matmul` (float32): `x` holds
 * U / norm on entry and the approximate orthogonal factor on exit (`y` is scratch of the same
 * shape; the result lands in whichever of the two the last step wrote, returned). With rows
 * <= cols each step is X <- aX + (bA + cA^2)X, A = XX^T; with rows > cols it works on X^T
 * without transposing: X <- aX + X(bA + cA^2), A = X^TX.
 */
export function newtonSchulz(backend: Backend, x: Tensor, y: Tensor, steps: number, [a, b, c]: readonly [number, number, number]): Tensor {
  const [rows, cols] = x.shape as [number, number];
  const wide = rows <= cols;
  const k = wide ? rows : cols;
  const gram = backend.zeros([k, k], 'muon.gram');
  const poly = backend.zeros([k, k], 'muon.poly');
  try {
    let from = x;
    let to = y;
    for (let i = 0; i < steps; i++) {
      backend.matmul(gram, from, from, wide ? { transposeB: true } : { transposeA: true });
      backend.matmul(poly, gram, gram, { alpha: c });
      backend.add(poly, gram, b);
      backend.copy(to, from);
      if (wide) backend.matmul(to, poly, from, { beta: a });
      else backend.matmul(to, from, poly, { beta: a });
      [from, to] = [to, from];
    }
    return from;
  } finally {
    backend.dispose(gram);
    backend.dispose(poly);
  }
}

/**
 * Muon's scaling (Jordan et al., 2024): momentum, then the update orthogonalised by
 * Newton-Schulz, times a shape factor. torch.optim.Muon's `_single_tensor_muon` (torch >= 2.9)
 * without lr and weight decay:
 *   B <- lerp(B, g, 1 - momentum);  U = nesterov ? lerp(g, B, momentum) : B
 *   X = U / max(||U||_F, eps)  (`normEps: 'add'`, KellerJordan's: U / (||U||_F + eps))
 *   X <- Newton-Schulz(X), nsSteps quintic steps;  update <- factor X
 * with factor sqrt(max(1, rows/cols)) (`adjustLrFn` 'original') or 0.2 sqrt(max(rows, cols))
 * ('match_rms_adamw'). 2-D parameters only (anything else throws `SHAPE_MISMATCH`).
 * Buffer `momentumBuffer`.
 *
 * Options: `momentum` 0.95, `nesterov` true, `eps` 1e-7, `nsSteps` 5, `adjustLrFn` 'original';
 * config `nsCoefficients` [3.4445, -4.775, 2.0315], `normEps` 'clamp'.
 *
 * @example
 * const muonLike = chain(scaleByMuon(), addDecayedWeights(0.1), scaleByLearningRate(1e-3));
 */
export function scaleByMuon(options?: GivenOptions<ScaleByMuonHyperparameters>, config: ScaleByMuonConfig = {}): Transform<ScaleByMuonHyperparameters> {
  const coefficients = config.nsCoefficients ?? MUON_NS_COEFFICIENTS;
  const add = config.normEps === 'add';
  return {
    name: 'scaleByMuon',
    specs,
    values: given(options),
    buffers: ['momentumBuffer'],
    required: () => ['momentumBuffer'],
    update({ backend, params }) {
      for (const p of params) {
        const { h } = p;
        const [rows, cols] = p.param.shape as [number, number];
        if (p.param.shape.length !== 2) {
          throw new DescentError('SHAPE_MISMATCH', `scaleByMuon: parameter '${p.name}' has shape [${p.param.shape.join(', ')}]; Muon updates 2-D matrices only`);
        }
        const g = p.read();
        const buf = p.buffer('momentumBuffer');
        backend.lerp(buf, g, 1 - h.momentum);
        const x = p.temp(0);
        backend.copy(x, h.nesterov ? g : buf);
        if (h.nesterov) backend.lerp(x, buf, h.momentum);
        const norm = Math.sqrt(backend.sumSquares(x));
        backend.scale(x, 1 / (add ? norm + h.eps : Math.max(norm, h.eps)));
        const result = newtonSchulz(backend, x, p.temp(1), Math.round(h.nsSteps), coefficients);
        const factor = h.adjustLrFn === 'match_rms_adamw' ? 0.2 * Math.sqrt(Math.max(rows, cols)) : Math.sqrt(Math.max(1, rows / cols));
        p.replace(result, factor);
      }
    },
  };
}
