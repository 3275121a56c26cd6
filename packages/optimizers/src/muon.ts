import { DescentError } from '@descent/core';
import { chain } from './chain';
import { createFromDefinition } from './defineOptimizer';
import type { OptimizerDefinition } from './defineOptimizer';
import { normalizeParams } from './engine/params';
import { MUON_NS_COEFFICIENTS, scaleByMuon } from './transforms/orthogonalize';
import type { MuonAdjustLr } from './transforms/orthogonalize';
import { scaleByLearningRate } from './transforms/scaleByLearningRate';
import { addDecayedWeights } from './transforms/weightDecay';
import type { CommonOptions, Hyperparameter, Optimizer, Params } from './types';

/** Muon's hyperparameters (torch.optim.Muon's names, camelCase). */
export interface MuonHyperparameters {
  lr: Hyperparameter;
  weightDecay: Hyperparameter;
  momentum: Hyperparameter;
  nesterov: boolean;
  eps: Hyperparameter;
  nsSteps: number;
  adjustLrFn: MuonAdjustLr;
}

/** Options of {@link muon}. */
export type MuonOptions = Partial<Omit<MuonHyperparameters, 'adjustLrFn'>> &
  CommonOptions<MuonHyperparameters> & {
    /** `'torch'` (default): torch.optim.Muon; `'kellerJordan'`: KellerJordan/Muon's `SingleDeviceMuon`. */
    variant?: 'torch' | 'kellerJordan';
    /** torch's `adjust_lr_fn`: null or `'original'` (default), or `'match_rms_adamw'` (torch variant only). */
    adjustLrFn?: MuonAdjustLr | null;
    /** Newton-Schulz quintic (a, b, c), default [3.4445, -4.775, 2.0315]. */
    nsCoefficients?: readonly [number, number, number];
  };

/**
 * torch.optim.Muon (torch >= 2.9), `_single_tensor_muon`: weight decay with the unadjusted lr,
 * then the orthogonalised momentum scaled by the adjusted lr:
 *   theta <- theta (1 - lr weightDecay) - lr factor NS(U / max(||U||_F, eps))
 */
export const muonDefinition: OptimizerDefinition = {
  name: 'muon',
  title: 'Muon',
  options: ['lr', 'weightDecay', 'momentum', 'nesterov', 'eps', 'nsSteps', 'adjustLrFn'],
  transform: () => chain(scaleByMuon(), addDecayedWeights(0.1), scaleByLearningRate(1e-3)),
};

function definitionFor(variant: 'torch' | 'kellerJordan', coefficients: readonly [number, number, number]): OptimizerDefinition {
  if (variant === 'kellerJordan') {
    return {
      ...muonDefinition,
      options: ['lr', 'weightDecay', 'momentum', 'nesterov', 'nsSteps'],
      transform: () => chain(scaleByMuon({}, { nsCoefficients: coefficients, normEps: 'add' }), addDecayedWeights(0), scaleByLearningRate(0.02)),
    };
  }
  return coefficients === MUON_NS_COEFFICIENTS
    ? muonDefinition
    : { ...muonDefinition, transform: () => chain(scaleByMuon({}, { nsCoefficients: coefficients }), addDecayedWeights(0.1), scaleByLearningRate(1e-3)) };
}

/**
 * Muon (Jordan et al., 2024): SGD momentum whose update is orthogonalised by a Newton-Schulz
 * iteration (run in float32 on the backend's `matmul`; the references run it in bfloat16 on
 * GPUs). For 2-D weight matrices only: a parameter of any other shape throws
 * `SHAPE_MISMATCH` at construction; give biases and gains to AdamW with {@link partition}.
 *
 * `variant: 'torch'` (default) is torch.optim.Muon: eps clamps the Frobenius norm, the shape
 * factor scales the lr (`adjustLrFn`), defaults `lr` 1e-3, `weightDecay` 0.1, `momentum` 0.95,
 * `nesterov` true, `eps` 1e-7, `nsSteps` 5, `adjustLrFn` 'original' (null means the same),
 * `nsCoefficients` [3.4445, -4.775, 2.0315]. `variant: 'kellerJordan'` is KellerJordan/Muon's
 * `SingleDeviceMuon`: eps (1e-7) is added to the norm, the update is scaled by
 * sqrt(max(1, rows/cols)), defaults `lr` 0.02, `weightDecay` 0, `momentum` 0.95. Both decay
 * the weights with the unadjusted lr, theta <- theta (1 - lr weightDecay), and keep the
 * momentum as an EMA, B <- lerp(B, g, 1 - momentum). Plus the {@link CommonOptions}.
 *
 * @example
 * const optimizer = muon({ w1, w2 }, { lr: 0.02, weightDecay: 0.01 });
 */
export function muon(params: Params, options: MuonOptions = {}): Optimizer {
  const { variant = 'torch', nsCoefficients, adjustLrFn, ...rest } = (options ?? {}) as MuonOptions;
  if (variant !== 'torch' && variant !== 'kellerJordan') {
    throw new DescentError('INVALID_HYPERPARAMETER', `muon: variant must be 'torch' or 'kellerJordan', got ${String(variant)}`);
  }
  let coefficients = MUON_NS_COEFFICIENTS;
  if (nsCoefficients !== undefined) {
    if (!Array.isArray(nsCoefficients) || nsCoefficients.length !== 3 || !nsCoefficients.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new DescentError('INVALID_HYPERPARAMETER', `muon: nsCoefficients must be three finite numbers [a, b, c], got ${JSON.stringify(nsCoefficients)}`);
    }
    coefficients = [nsCoefficients[0], nsCoefficients[1], nsCoefficients[2]];
  }
  if (variant === 'kellerJordan' && adjustLrFn !== undefined && adjustLrFn !== null && adjustLrFn !== 'original') {
    throw new DescentError('INVALID_HYPERPARAMETER', `muon: adjustLrFn '${String(adjustLrFn)}' is torch.optim.Muon's; the kellerJordan variant always scales by sqrt(max(1, rows/cols))`);
  }
  const { list } = normalizeParams('muon', params);
  for (const { name, tensor } of list) {
    if (tensor?.shape?.length !== 2) {
      throw new DescentError(
        'SHAPE_MISMATCH',
        `muon: parameter '${name}' has shape [${tensor?.shape?.join(', ') ?? ''}], expected a 2-D matrix; give biases, gains and other non-matrix parameters to AdamW (see partition)`,
        { details: { parameter: name } },
      );
    }
  }
  const given = variant === 'torch' && adjustLrFn !== undefined && adjustLrFn !== null ? { ...rest, adjustLrFn } : rest;
  return createFromDefinition(definitionFor(variant, coefficients), params, given);
}
